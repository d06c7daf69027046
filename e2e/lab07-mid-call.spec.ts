/**
 * Lab 07: the call changes while it runs, always through perfect negotiation:
 * both tabs add a second video in the same instant, chat both ways, the
 * camera off and on (replaceTrack, then removeTrack), ICE restarted from the button.
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

/** The video stops getting new frames (the sender sends none). */
async function expectFrozen(page: Page, videoId = "remote_video"): Promise<void> {
  await expect
    .poll(async () => judgeVideo(await sampleVideo(page, videoId)).framesRising, {
      message: `${videoId} should stop getting frames`,
      timeout: 15_000,
    })
    .toBe(false);
}

test("both add a second video in the same instant: each ends up with both videos of the other", async ({ openPeer, room }) => {
  const { alice, bob } = await inACall(openPeer, room);
  const collisionsSince = await countCollisions([alice.page, bob.page]);

  await test.step("both click 'Add a canvas video' in the same instant", () => clickTogether([alice.page, bob.page], "#add_canvas"));

  await test.step("each plays the other's second video, and still the camera", async () => {
    await expectSeesPeer(alice, bob, "remote_video_2");
    await expectSeesPeer(bob, alice, "remote_video_2");
    await expectEachSeesTheOther(alice, bob);
    await expect(alice.page.locator("#state_signaling")).toHaveText("stable");
    await expect(bob.page.locator("#state_signaling")).toHaveText("stable");
  });

  const { ignored, rolledBack } = await collisionsSince();
  expect(ignored).toBe(rolledBack);
  test.info().annotations.push({ type: "collisions", description: `${ignored} (adding a track)` });
  console.log(`lab07 collisions when both add a track: ${ignored}`);
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
    await alice.page.locator("#camera_off").click();
    await expectFrozen(bob.page);
    expect(await offersSent(alice.page)).toBe(offers);
  });

  await test.step("Alice: camera on again: Bob sees her again, still no new offer", async () => {
    await alice.page.locator("#camera_off").click();
    await expectSeesPeer(bob, alice);
    expect(await offersSent(alice.page)).toBe(offers);
  });

  await test.step("Alice: camera off with removeTrack: an offer goes out, Bob's video stops", async () => {
    await alice.page.locator("#camera_remove").click();
    await expect.poll(() => offersSent(alice.page)).toBe(offers + 1);
    await expectFrozen(bob.page);
  });

  await test.step("Alice: camera back with addTrack: another offer, Bob sees her again", async () => {
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
