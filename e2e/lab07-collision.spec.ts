/**
 * Lab 07: both tabs click Connect and their offers collide, several times over.
 * Perfect negotiation must always end in one call, video both ways. The collision
 * is forced, not hoped for: with ?crossOffers=1 the relay holds the room's first
 * offer until the other tab's comes (server/cross-offers.ts), so each tab gets the
 * other's offer while it waits for an answer to its own. Each round's own room
 * (the knob crosses a room's first offers), and each round checks that the
 * collision really happened: one offer ignored, one rolled back.
 */
import { LAB07, expect, countCollisions, prepareBoth, withLogsOnFailure } from "./support/lab07.ts";
import { test } from "./support/fixtures.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

const ROUNDS = 3;

test(`both click Connect and the offers collide, ${ROUNDS} times: always one call, video both ways`, async ({ openPeer, room }) => {
  test.setTimeout(ROUNDS * 60_000); // each round: Prepare again, connect, check both videos
  const alice = await openPeer("alice", `${LAB07}?room=${room}-1&crossOffers=1`);
  const bob = await openPeer("bob", `${LAB07}?room=${room}-1&crossOffers=1`);

  await withLogsOnFailure({ alice: alice.page, bob: bob.page }, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      await test.step(`round ${round}`, async () => {
        if (round > 1) for (const page of [alice.page, bob.page]) await page.goto(`${LAB07}?room=${room}-${round}&crossOffers=1`);
        await prepareBoth(alice.page, bob.page);
        const collisionsSince = await countCollisions([alice.page, bob.page]);

        await test.step("both click Connect: the relay crosses their offers", async () => {
          await alice.page.locator("#connect").click();
          await bob.page.locator("#connect").click();
        });
        await expectEachSeesTheOther(alice, bob);

        // The impolite peer ignored the other's offer, the polite one rolled its own back: once each.
        expect(await collisionsSince()).toEqual({ ignored: 1, rolledBack: 1 });
        await expect(alice.page.locator("#state_signaling")).toHaveText("stable");
        await expect(bob.page.locator("#state_signaling")).toHaveText("stable");
      });
    }
  });
});
