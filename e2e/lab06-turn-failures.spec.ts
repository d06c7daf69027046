import { aPortNothingListensOn } from "./support/ports.ts";
import { expect, test } from "./support/fixtures.ts";
import { prepareAndConnect } from "./support/timing-call.ts";
import { requireTurnServer } from "./support/turn.ts";

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
