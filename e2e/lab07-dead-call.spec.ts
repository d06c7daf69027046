/**
 * Lab 07: a peer vanishes in the middle of a call without a word (its browser is
 * killed: no hang-up, no goodbye over the chat). The other tab's ICE restart offer
 * then waits for someone in the room to hear it, and the next tab to join is not the
 * one it was meant for. Every message names its call (`from`, and `to` once known),
 * so the newcomer drops what belongs to the dead call; when it then calls, the tab
 * still in the dead call ends it and answers in a new one.
 */
import { LAB07, expect, prepareBoth, withLogsOnFailure } from "./support/lab07.ts";
import { chromiumWithCamera } from "./support/chromium.ts";
import { test } from "./support/fixtures.ts";
import { cameraFileFor } from "./support/pictures.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

test("a dead call's waiting offer reaches a newcomer, which drops it; the newcomer's own call then works", async ({ openPeer, room, playwright, headless }) => {
  test.setTimeout(120_000); // three browsers, two calls, on a shared machine
  const path = `${LAB07}?room=${room}`;
  const alice = await openPeer("alice", path);
  // Bob's browser is this test's own, run as a server so that it can be killed outright.
  const bobServer = await playwright.chromium.launchServer(chromiumWithCamera(cameraFileFor("bob"), { headless }));
  try {
    const bob = await openPeer("bob", path, { browser: await playwright.chromium.connect(bobServer.wsEndpoint()) });
    await withLogsOnFailure({ alice: alice.page }, async () => {
      await prepareBoth(alice.page, bob.page);
      await alice.page.locator("#connect").click();
      await expectEachSeesTheOther(alice, bob);

      await test.step("Bob's browser is killed: the relay tells Alice he left, nothing tells her the call is over", async () => {
        await bobServer.kill();
        await expect(alice.page.locator("#peers_in_room")).toHaveText("1 here");
      });

      await test.step("Alice restarts ICE: with nobody in the room, her offer waits", async () => {
        await alice.page.locator("#restart_ice").click();
        await expect(alice.page.locator("#log")).toContainText("kept until the relay can deliver it");
      });

      const carol = await openPeer("carol", path);
      await test.step("Carol joins: the waiting offer reaches her, and she drops it, another call's", async () => {
        await carol.page.locator("#prepare").click();
        await expect(carol.page.locator("#log")).toContainText("dropped this offer: it is for another call");
        await expect(carol.page.locator("#text_for_recv_sdp")).toHaveValue(""); // never given to her connection
        await expect(carol.page.locator("#state_signaling")).toHaveText("stable");
      });

      await test.step("Carol clicks Connect: Alice ends the dead call and answers in a new one; each sees the other", async () => {
        await carol.page.locator("#connect").click();
        await expect(alice.page.locator("#log")).toContainText("an offer from a new call of the other side's");
        await expectEachSeesTheOther(alice, carol);
      });
    });
  } finally {
    await bobServer.kill();
  }
});
