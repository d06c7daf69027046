/**
 * Lab 06 between Chromium and Firefox, through coturn only (?policy=relay): each
 * browser offers once, once over UDP and once over TCP to TURN. Firefox reads the
 * same selected pair from getStats() as Chromium (lab 06's panel).
 */
import { expect, test } from "./support/fixtures.ts";
import { requireFirefox } from "./support/firefox.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { requireTurnServer, selectedPair } from "./support/turn.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

requireTurnServer();
requireFirefox();

const CALLS = [
  { offerer: "firefox", transport: "udp" },
  { offerer: "chromium", transport: "tcp" },
] as const;

for (const { offerer, transport } of CALLS) {
  test(`06-turn: ${offerer === "firefox" ? "Firefox calls Chromium" : "Chromium calls Firefox"} through TURN over ${transport.toUpperCase()}, each sees the other's camera`, async ({ openPeer, openFirefoxPeer, room }) => {
    const alice = await openPeer("alice", `/06-turn/?room=${room}&policy=relay&transport=${transport}`);
    const firefox = await openFirefoxPeer("firefox", `/06-turn/?room=${room}&policy=relay&transport=${transport}`);
    const [caller, callee] = offerer === "firefox" ? [firefox, alice] : [alice, firefox];

    await test.step(`both click Prepare, ${caller.name} clicks Connect`, () => prepareAndConnect(caller.page, callee.page));
    await test.step("each sees the other's camera, moving", () => expectEachSeesTheOther(alice, firefox));

    await test.step(`the selected pair is relay/relay on both sides, each reaching TURN over ${transport.toUpperCase()}`, async () => {
      for (const peer of [alice, firefox]) {
        await expect.poll(() => selectedPair(peer.page), { message: `${peer.name}'s selected candidate pair` }).toMatchObject({
          local: { candidateType: "relay", relayProtocol: transport },
          remote: { candidateType: "relay" },
        });
      }
    });
  });
}
