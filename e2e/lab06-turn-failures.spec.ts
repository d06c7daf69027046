import { createSocket } from "node:dgram";
import { holdIceState } from "./support/held-ice-state.ts";
import { aPortNothingListensOn } from "./support/ports.ts";
import { expect, test } from "./support/fixtures.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { requireTurnServer } from "./support/turn.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

requireTurnServer();

test("credentials that have expired: the page says the TURN server refused them", async ({ openPeer, room }) => {
  // turnTtl=-60: the relay hands out credentials that expired a minute ago (a test knob, server/turn-credentials.ts).
  const alice = await openPeer("alice", `/06-turn/?room=${room}&policy=relay&turnTtl=-60`);
  const bob = await openPeer("bob", `/06-turn/?room=${room}&policy=relay&turnTtl=-60`);
  for (const peer of [alice, bob]) peer.allowErrorShown();

  await test.step("both click Prepare, Alice clicks Connect", () => prepareAndConnect(alice.page, bob.page));

  await test.step("the TURN state says the credentials expired", async () => {
    await expect(alice.page.locator("#state_turn")).toContainText("credentials expired");
  });

  await test.step("Alice's page says TURN refused her credentials (401), and how to get new ones", async () => {
    await expect(alice.page.locator("#error")).toContainText("refused this tab's credentials (401", { timeout: 20_000 });
    await expect(alice.page.locator("#error")).toContainText("click Prepare to get new ones");
    await expect(alice.page.locator("#log")).toContainText("icecandidateerror 401");
  });
});

test("a TURN server that is not running: the page says it could not reach it", async ({ openPeer, room }) => {
  // turnPort=: the relay's TURN URLs point at a port where nothing listens, as when turnserver is down.
  const deadPort = await aPortNothingListensOn();
  const alice = await openPeer("alice", `/06-turn/?room=${room}&policy=relay&turnPort=${deadPort}`);
  const bob = await openPeer("bob", `/06-turn/?room=${room}&policy=relay&turnPort=${deadPort}`);
  for (const peer of [alice, bob]) peer.allowErrorShown();

  await test.step("both click Prepare, Alice clicks Connect", () => prepareAndConnect(alice.page, bob.page));

  await test.step("Alice's page says the TURN server could not be reached, and to check turnserver", async () => {
    // The page waits a few seconds for a relay candidate before it calls the TURN server unreachable.
    await expect(alice.page.locator("#error")).toContainText(`Could not reach the TURN server at turn:127.0.0.1:${deadPort}`, {
      timeout: 20_000,
    });
    await expect(alice.page.locator("#error")).toContainText("Is turnserver running?");
  });
});

test("a TURN server that never answers while the direct pair wins: the call works and the page shows no error, even if ICE says so after gathering ends", async ({ openPeer, room }) => {
  // A UDP port that swallows every TURN request: no answer, no error, so only ICE's own choice ends gathering.
  const silent = createSocket("udp4");
  await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
  const port = silent.address().port;
  try {
    // Chromium stops gathering as soon as ICE has picked a pair (nothing else ends it here: the
    // TURN port never answers), and under load it has reported "gathering complete" before
    // "connected" (seen in the NAT matrix). Here the page sees that order every time: a
    // "connected" that comes first is held back, and the state reads "checking", until gathering ends.
    const options = { initScripts: [holdIceState({ state: "connected", until: "gathering-complete" })] };
    const alice = await openPeer("alice", `/06-turn/?room=${room}&transport=udp&turnPort=${port}`, options);
    const bob = await openPeer("bob", `/06-turn/?room=${room}&transport=udp&turnPort=${port}`, options);

    await test.step("both click Prepare, Alice clicks Connect", () => prepareAndConnect(alice.page, bob.page));
    await test.step("each sees the other, directly, and the log says why there was no relay candidate", async () => {
      await expectEachSeesTheOther(alice, bob);
      await expect(alice.page.locator("#log")).toContainText("no relay candidate, but ICE connected directly");
    });
    // The fixture fails the test if either page showed an error (the TURN server "could not be reached").
  } finally {
    silent.close();
  }
});
