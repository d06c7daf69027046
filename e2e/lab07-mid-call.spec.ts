/**
 * Lab 07: the call changes while it runs, always through perfect negotiation:
 * both tabs add a second video at once (their offers collide, forced by the relay's
 * ?crossOffers), ten more collisions that leave the SDP its size, chat both ways,
 * the camera off and on (replaceTrack, then removeTrack), ICE restarted from the button.
 */
import type { Page } from "@playwright/test";
import { LAB07, expect, clickTogether, countCollisions, offersSent, prepareBoth } from "./support/lab07.ts";
import { test, type Peer } from "./support/fixtures.ts";
import { expectEachSeesTheOther, expectSeesPeer, judgeVideo, sampleVideo } from "./support/video.ts";

// Each test starts a call and checks several videos, each for up to 20 s: more than the default 45 s on a busy machine.
test.describe.configure({ timeout: 120_000 });

async function inACall(openPeer: (name: string, path: string) => Promise<Peer>, room: string) {
  const alice = await openPeer("alice", `${LAB07}?room=${room}`);
  const bob = await openPeer("bob", `${LAB07}?room=${room}`);
  await prepareBoth(alice.page, bob.page);
  await test.step("Alice clicks Connect (only her)", () => alice.page.locator("#connect").click());
  await expectEachSeesTheOther(alice, bob);
  return { alice, bob };
}

/**
 * After `action`, the video keeps its last picture and gets no new frame: the sender stopped.
 * It must be getting frames before, or a video that never played (or was taken away) would pass too.
 */
async function expectFrozenAfter(page: Page, action: () => Promise<void>, videoId = "remote_video"): Promise<void> {
  expect(judgeVideo(await sampleVideo(page, videoId)).framesRising, `${videoId} gets frames before`).toBe(true);
  await action();
  await expect
    .poll(
      async () => {
        const sample = await sampleVideo(page, videoId);
        return { picture: sample.width > 0, newFrames: sample.framesBefore >= 0 || sample.framesAfter >= 0 };
      },
      { message: `${videoId} should keep its picture and stop getting frames`, timeout: 15_000 },
    )
    .toEqual({ picture: true, newFrames: false });
}

/** Both pages are stable once the collisions since `collisionsSince` began reach `count` (one ignored, one rolled back each). */
async function expectCollisions(collisionsSince: () => Promise<{ ignored: number; rolledBack: number }>, count: number, pages: Page[]) {
  await expect.poll(collisionsSince, { message: `${count} collision(s), seen on both sides` }).toEqual({ ignored: count, rolledBack: count });
  for (const page of pages) await expect(page.locator("#state_signaling")).toHaveText("stable");
}

/** How many m-sections (m= lines) the last SDP each page sent has: one per transceiver, and the chat's. */
async function mSections(pages: Page[]): Promise<number[]> {
  return Promise.all(pages.map(async (page) => ((await page.locator("#text_for_send_sdp").inputValue()).match(/^m=/gm) ?? []).length));
}

// ?crossOffers=N: the relay crosses the room's first N offers with another tab's. Both click Connect
// (one crossing); Bob, polite, answers Alice's offer, then offers his own transceivers (a second one,
// which waits for a partner that does not come, CROSS_WAIT_MS). Then one crossing per round.
const CONNECT_CROSSINGS = 2;

test("both add a second video at once, their offers collide: each ends up with both videos of the other", async ({ openPeer, room }) => {
  const alice = await openPeer("alice", `${LAB07}?room=${room}&crossOffers=${CONNECT_CROSSINGS + 1}`);
  const bob = await openPeer("bob", `${LAB07}?room=${room}&crossOffers=${CONNECT_CROSSINGS + 1}`);
  await prepareBoth(alice.page, bob.page);
  await test.step("both click Connect", () => clickTogether([alice.page, bob.page], "#connect"));
  await expectEachSeesTheOther(alice, bob);
  for (const page of [alice.page, bob.page]) await expect(page.locator("#state_signaling")).toHaveText("stable");
  const collisionsSince = await countCollisions([alice.page, bob.page]);

  await test.step("both click 'Add a canvas video': the relay crosses the two offers", () => clickTogether([alice.page, bob.page], "#add_canvas"));
  await expectCollisions(collisionsSince, 1, [alice.page, bob.page]);

  await test.step("each plays the other's second video, and still the camera", async () => {
    await expectSeesPeer(alice, bob, "remote_video_2");
    await expectSeesPeer(bob, alice, "remote_video_2");
    await expectEachSeesTheOther(alice, bob);
  });
});

const ROUNDS = 10;

test(`${ROUNDS} collisions in the middle of a call: the SDP keeps its m-sections, and the call its videos`, async ({ openPeer, room }) => {
  test.setTimeout(240_000); // ten negotiations with a collision each, and the videos checked, on a shared machine
  const alice = await openPeer("alice", `${LAB07}?room=${room}&crossOffers=${CONNECT_CROSSINGS + ROUNDS}`);
  const bob = await openPeer("bob", `${LAB07}?room=${room}&crossOffers=${CONNECT_CROSSINGS + ROUNDS}`);
  const pages = [alice.page, bob.page];
  await prepareBoth(alice.page, bob.page);
  await test.step("both click Connect", () => clickTogether(pages, "#connect"));
  await expectEachSeesTheOther(alice, bob);
  for (const page of pages) await expect(page.locator("#state_signaling")).toHaveText("stable");
  const before = await mSections(pages);
  const collisionsSince = await countCollisions(pages);

  for (let round = 1; round <= ROUNDS; round++) {
    // Camera off (removeTrack), then back (direction, replaceTrack), in both at once: each a negotiation.
    await test.step(`round ${round}: both click the removeTrack camera button, the offers collide`, async () => {
      await clickTogether(pages, "#camera_remove");
      await expectCollisions(collisionsSince, round, pages);
    });
  }

  await test.step("the SDP has the m-sections it had before the collisions, on both sides", async () => {
    expect(before.every((count) => count > 0 && count <= 5), `two video transceivers per tab and the chat: ${before}`).toBe(true);
    expect(await mSections(pages)).toEqual(before);
  });
  await test.step("after an even number of clicks both cameras are back: each sees the other", () => expectEachSeesTheOther(alice, bob));
});

test("chat both ways, in order, over the DataChannel", async ({ openPeer, room }) => {
  const { alice, bob } = await inACall(openPeer, room);
  const say = async (page: Page, text: string) => {
    await page.locator("#chat_input").fill(text);
    await page.locator("#chat_send").click();
  };
  await expect(alice.page.locator("#chat_send")).toBeEnabled();
  await expect(bob.page.locator("#chat_send")).toBeEnabled();

  await test.step("both type at the same time", async () => {
    await Promise.all([
      (async () => {
        for (const text of ["one", "two", "three", "four"]) await say(alice.page, text);
      })(),
      (async () => {
        for (const text of ["uno", "dos", "tres"]) await say(bob.page, text);
      })(),
    ]);
  });

  const theirs = (page: Page) =>
    page.locator("#chat_log li.them").allTextContents();
  await expect.poll(() => theirs(bob.page)).toEqual(["them: one", "them: two", "them: three", "them: four"]);
  await expect.poll(() => theirs(alice.page)).toEqual(["them: uno", "them: dos", "them: tres"]);
  await expect(alice.page.locator("#chat_log li.me")).toHaveText(["me: one", "me: two", "me: three", "me: four"]);
});

test("camera off and on: replaceTrack does not renegotiate, removeTrack does", async ({ openPeer, room }) => {
  const { alice, bob } = await inACall(openPeer, room);
  const offers = await offersSent(alice.page);

  await test.step("Alice: camera off with replaceTrack(null): Bob's video stops, no new offer", async () => {
    await expectFrozenAfter(bob.page, () => alice.page.locator("#camera_off").click());
    expect(await offersSent(alice.page)).toBe(offers);
  });

  await test.step("Alice: camera on again: Bob sees her again, still no new offer", async () => {
    await alice.page.locator("#camera_off").click();
    await expectSeesPeer(bob, alice);
    expect(await offersSent(alice.page)).toBe(offers);
  });

  await test.step("Alice: camera off with removeTrack: an offer goes out, Bob's video stops", async () => {
    await expectFrozenAfter(bob.page, async () => {
      await alice.page.locator("#camera_remove").click();
      await expect.poll(() => offersSent(alice.page)).toBe(offers + 1);
    });
  });

  await test.step("Alice: camera back (direction, replaceTrack): another offer, Bob sees her again", async () => {
    await alice.page.locator("#camera_remove").click();
    await expect.poll(() => offersSent(alice.page)).toBe(offers + 2);
    await expectEachSeesTheOther(alice, bob);
  });
});

test("Restart ICE (the button): new ICE credentials on both sides, the video goes on", async ({ openPeer, room }) => {
  const { alice, bob } = await inACall(openPeer, room);
  const credentials = async () => ({
    alice: await alice.page.locator("#ice_local").textContent(),
    bob: await bob.page.locator("#ice_local").textContent(),
  });
  const before = await credentials();
  await expect(bob.page.locator("#ice_remote")).toHaveText(before.alice!);

  await test.step("Bob clicks Restart ICE", () => bob.page.locator("#restart_ice").click());

  await test.step("both sides have new ICE credentials, and each knows the other's", async () => {
    await expect(bob.page.locator("#ice_local")).not.toHaveText(before.bob!);
    await expect(alice.page.locator("#ice_local")).not.toHaveText(before.alice!);
    const after = await credentials();
    await expect(alice.page.locator("#ice_remote")).toHaveText(after.bob!);
    await expect(bob.page.locator("#ice_remote")).toHaveText(after.alice!);
  });
  await expectEachSeesTheOther(alice, bob);
});
