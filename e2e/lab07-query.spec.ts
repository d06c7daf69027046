/**
 * Lab 07 reads lab 06's ?transport= as lab 06 does: only `udp` or `tcp` picks one
 * TURN URL. Anything else keeps both; it once filtered out every URL, and then
 * new RTCPeerConnection threw inside Prepare with nothing on the page.
 */
import { expectEachSeesTheOther } from "./support/video.ts";
import { LAB07, expect, prepareBoth } from "./support/lab07.ts";
import { test } from "./support/fixtures.ts";
import { requireTurnServer } from "./support/turn.ts";

requireTurnServer();

// Without ?policy=relay: the call may go direct, so coturn's 20 relay ports, which the
// other TURN specs share, cannot decide this one. The bug broke Prepare either way.
test("an unknown ?transport= keeps both TURN URLs: Prepare works and the call connects", async ({ openPeer, room }) => {
  const path = `${LAB07}?room=${room}&transport=tls`;
  const alice = await openPeer("alice", path);
  const bob = await openPeer("bob", path);
  await prepareBoth(alice.page, bob.page);
  await alice.page.locator("#connect").click();
  await expectEachSeesTheOther(alice, bob);
  for (const peer of [alice, bob]) await expect(peer.page.locator("#state_connection")).toHaveText("connected");
});
