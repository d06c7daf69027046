/**
 * The mesh lab's own panel: with the relay tampering with the fingerprints
 * (?tamper=fingerprint), each connection fails at DTLS and the page says so,
 * naming the peer; each row shows our fingerprint and theirs.
 */
import { expect, test } from "./support/fixtures.ts";

test.setTimeout(90_000); // two browsers, ICE, then a failed DTLS handshake, on a busy machine

test("lab 05: with tamper=fingerprint the connection fails at DTLS, and the page explains it", async ({ openPeer, room }) => {
  const peers = await Promise.all(["alice", "bob"].map((name) => openPeer(name, `/05-mesh/?room=${room}&tamper=fingerprint`)));
  for (const peer of peers) peer.allowErrorShown(); // the explanation is what this test expects
  for (const peer of peers) await peer.page.getByRole("button", { name: "Prepare" }).click();

  for (const peer of peers) {
    const row = peer.page.locator("#peer_rows tr[data-peer]");
    await expect(row.locator('td[data-field="connection"]')).toHaveText("failed", { timeout: 45_000 });
    await expect(row.locator('td[data-field="ice"]')).toHaveText(/connected|completed/);
    await expect(peer.page.locator("#error")).toContainText("failed at DTLS");
    await expect(peer.page.locator("#error")).toContainText("The SDP was changed on the way; this is what a malicious relay would do.");
  }

  // Ours at one end is not theirs at the other: the relay changed it.
  const [alice, bob] = peers.map((peer) => peer.page.locator("#peer_rows tr[data-peer]"));
  const aliceOwn = await alice!.locator('td[data-field="fingerprint-local"]').getAttribute("data-fingerprint");
  const bobSees = await bob!.locator('td[data-field="fingerprint-remote"]').getAttribute("data-fingerprint");
  expect(aliceOwn).toMatch(/^sha-256 /);
  expect(bobSees).toMatch(/^sha-256 /);
  expect(bobSees).not.toBe(aliceOwn);
});
