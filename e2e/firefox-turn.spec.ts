/**
 * Lab 06 between Chromium and Firefox, through coturn only (?policy=relay): each
 * browser offers once, once over UDP and once over TCP to TURN. Firefox reads the
 * same selected pair from getStats() as Chromium (lab 06's panel). And a call whose
 * ICE fails: the Firefox page must say so, not blame DTLS.
 */
import { expect, test } from "./support/fixtures.ts";
import { requireFirefox } from "./support/firefox.ts";
import { holdIceState } from "./support/held-ice-state.ts";
import { aPortNothingListensOn } from "./support/ports.ts";
import { textOf } from "./support/tab.ts";
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

test("06-turn: Chromium cannot reach TURN, Firefox can, both relay-only: Firefox's ICE fails, and its page says ICE failed, not DTLS", async ({ openPeer, openFirefoxPeer, room }) => {
  // Alice's turnPort= points her TURN URLs at a port where nothing listens: she gathers no candidate.
  // Firefox gathers relay candidates, but has none of hers to pair them with: its ICE fails.
  const deadPort = await aPortNothingListensOn();
  const alice = await openPeer("alice", `/06-turn/?room=${room}&policy=relay&turnPort=${deadPort}`);
  // Under load Firefox has fired the connection's "failed" before ICE's (iceConnectionState still
  // "checking"), and its DTLS transport fails with ICE: the page then blamed DTLS. That order, every time.
  const firefox = await openFirefoxPeer("firefox", `/06-turn/?room=${room}&policy=relay`, { initScripts: [holdIceState({ state: "failed", until: "connection-failed" })] });
  for (const peer of [alice, firefox]) peer.allowErrorShown();

  await test.step("both click Prepare, Firefox clicks Connect", () => prepareAndConnect(firefox.page, alice.page));

  await test.step("Firefox's connection fails", async () => {
    await expect.poll(() => textOf(firefox.page, "#state_connection"), { timeout: 40_000 }).toBe("failed");
  });

  await test.step("its page says ICE found no path through TURN, and never blamed DTLS", async () => {
    await expect.poll(() => textOf(firefox.page, "#error")).toContain("ICE failed: the two browsers found no path to each other through TURN.");
    expect(firefox.errorsShown.filter((text) => text.includes("failed at DTLS")), "errors the Firefox page showed").toEqual([]);
  });
});
