/**
 * Signaling integrity, as a lesson: a relay that changes the DTLS fingerprint in
 * the SDP it carries (the test knob ?tamper=fingerprint) cannot get a call
 * through. ICE connects, DTLS fails, and the page says why in plain words; each
 * panel shows the fingerprints, which no longer cross over between the tabs.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

// Two browsers, ICE, then DTLS (or its failure): on a machine shared by many test runs, more than the default.
test.setTimeout(90_000);

/** [this tab's own, the remote SDP's], in full, from the state panel. */
async function fingerprintsOn(page: Page): Promise<[string | undefined, string | undefined]> {
  const local = await page.locator("#fingerprint_local").getAttribute("data-fingerprint");
  const remote = await page.locator("#fingerprint_remote").getAttribute("data-fingerprint");
  return [local ?? undefined, remote ?? undefined];
}

test("without tampering, each tab's own fingerprint is the one in the other tab's remote SDP", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", `/04-trickle/?room=${room}`);
  const bob = await openPeer("bob", `/04-trickle/?room=${room}`);
  await prepareAndConnect(alice.page, bob.page);
  await expectEachSeesTheOther(alice, bob);

  const [aliceOwn, aliceRemote] = await fingerprintsOn(alice.page);
  const [bobOwn, bobRemote] = await fingerprintsOn(bob.page);
  expect(aliceOwn).toMatch(/^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  expect(aliceOwn).not.toBe(bobOwn); // two certificates
  expect(bobRemote).toBe(aliceOwn);
  expect(aliceRemote).toBe(bobOwn);
  await expect(alice.page.locator("#fingerprint_local")).toHaveText(/^sha-256 [0-9A-F:]+ … [0-9A-F:]+$/);
});

test("with tamper=fingerprint, ICE connects, DTLS fails, and the page explains that the SDP was changed on the way", async ({ openPeer, room }) => {
  // The relay changes the fingerprints in the offers and answers of both (the labs pass their query on to the relay).
  const alice = await openPeer("alice", `/04-trickle/?room=${room}&tamper=fingerprint`);
  const bob = await openPeer("bob", `/04-trickle/?room=${room}&tamper=fingerprint`);
  alice.allowErrorShown(); // the explanation is what this test expects
  bob.allowErrorShown();
  await prepareAndConnect(alice.page, bob.page);

  for (const peer of [alice, bob]) {
    await test.step(`${peer.name}: ICE connected, the connection failed, and the page says why`, async () => {
      await expect(peer.page.locator("#state_connection")).toHaveText("failed", { timeout: 30_000 });
      await expect(peer.page.locator("#state_ice")).toHaveText(/connected|completed/);
      const error = peer.page.locator("#error");
      await expect(error).toContainText("failed at DTLS");
      await expect(error).toContainText("The SDP was changed on the way; this is what a malicious relay would do.");
      await expect(error).not.toContainText("no network path");
    });
  }

  await test.step("the panels show it: neither tab's own fingerprint is the one the other tab received", async () => {
    const [aliceOwn, aliceRemote] = await fingerprintsOn(alice.page);
    const [bobOwn, bobRemote] = await fingerprintsOn(bob.page);
    for (const fingerprint of [aliceOwn, aliceRemote, bobOwn, bobRemote]) expect(fingerprint).toMatch(/^sha-256 /);
    expect(bobRemote).not.toBe(aliceOwn);
    expect(aliceRemote).not.toBe(bobOwn);
  });
});
