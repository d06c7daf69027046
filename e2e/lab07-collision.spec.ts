/**
 * Lab 07: both tabs click Connect in the same instant, several times over.
 * Perfect negotiation must always end in one call, video both ways. The test
 * also counts, from each page's log, how often the offers really collided.
 */
import { LAB07, expect, clickTogether, countCollisions, prepareBoth, withLogsOnFailure } from "./support/lab07.ts";
import { test } from "./support/fixtures.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

const ROUNDS = 3;

test(`both click Connect in the same instant, ${ROUNDS} times: always one call, video both ways`, async ({ openPeer, room }) => {
  test.setTimeout(ROUNDS * 60_000); // each round: Prepare again, connect, check both videos
  const alice = await openPeer("alice", `${LAB07}?room=${room}`);
  const bob = await openPeer("bob", `${LAB07}?room=${room}`);
  let collided = 0;

  await withLogsOnFailure({ alice: alice.page, bob: bob.page }, async () => {
  for (let round = 1; round <= ROUNDS; round++) {
    await test.step(`round ${round}`, async () => {
      await prepareBoth(alice.page, bob.page); // Prepare again: a new call, the roles given again
      const collisionsSince = await countCollisions([alice.page, bob.page]);

      await test.step("both click Connect in the same instant", () => clickTogether([alice.page, bob.page], "#connect"));
      await expectEachSeesTheOther(alice, bob);

      const { ignored, rolledBack } = await collisionsSince();
      // A collision shows on both sides: the impolite peer ignored an offer, the polite one rolled its own back.
      expect(ignored, "every offer the impolite peer ignored was one the polite peer rolled back").toBe(rolledBack);
      if (ignored > 0) collided += 1;
      await expect(alice.page.locator("#state_signaling")).toHaveText("stable");
      await expect(bob.page.locator("#state_signaling")).toHaveText("stable");
    });
  }
  });
  test.info().annotations.push({ type: "collisions", description: `${collided} of ${ROUNDS} rounds` });
  console.log(`lab07 collisions: ${collided} of ${ROUNDS} rounds`);
});
