/**
 * Lab 07 keeps the lessons of the labs before it: a relay that changes the DTLS
 * fingerprint in the SDP (?tamper=fingerprint) is explained on the page, as in
 * lab 04, and a private room shows its badge.
 */
import { LAB07, expect, prepareBoth } from "./support/lab07.ts";
import { test } from "./support/fixtures.ts";

test.setTimeout(90_000); // two browsers, ICE, then DTLS or its failure, on a shared machine

test("with tamper=fingerprint, the call fails at DTLS and the page says the SDP was changed on the way", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", `${LAB07}?room=${room}&tamper=fingerprint`);
  const bob = await openPeer("bob", `${LAB07}?room=${room}&tamper=fingerprint`);
  alice.allowErrorShown(); // the explanation is what this test expects
  bob.allowErrorShown();
  await prepareBoth(alice.page, bob.page);
  await alice.page.locator("#connect").click();

  for (const peer of [alice, bob]) {
    await test.step(`${peer.name}: the connection failed, and the page says why`, async () => {
      await expect(peer.page.locator("#state_connection")).toHaveText("failed", { timeout: 30_000 });
      await expect(peer.page.locator("#error")).toContainText("The SDP was changed on the way; this is what a malicious relay would do.");
      const own = await peer.page.locator("#fingerprint_local").getAttribute("data-fingerprint");
      expect(own).toMatch(/^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    });
  }
});

test("a private room shows its badge", async ({ openPeer }) => {
  const alice = await openPeer("alice", `${LAB07}?room=p-${"a1B2c3D4e5F6g7H8i9J0k_"}`);
  await expect(alice.page.locator("#private_room_badge")).toHaveText("private room");
});
