/**
 * Lab 07: the relay process dies in the middle of a call. The call goes on (it
 * never passed through the relay), both pages say so and reconnect by themselves
 * when a relay listens on the same port again, and an ICE restart asked for while
 * the relay was away goes through the new relay: new ICE credentials on both
 * sides, the video still moving. This test runs a relay process of its own.
 */
import type { Page } from "@playwright/test";
import { LAB07, expect, prepareBoth, withLogsOnFailure } from "./support/lab07.ts";
import { test } from "./support/relay-fixtures.ts";
import { expectEachSeesTheOther } from "./support/video.ts";

const iceCredentials = async (page: Page) => ({
  mine: (await page.locator("#ice_local").textContent())!,
  theirs: (await page.locator("#ice_remote").textContent())!,
});

test("the relay is killed mid-call: the call goes on, both rejoin a new relay by themselves, then ICE restarts through it", async ({
  openPeer,
  room,
  startRelay,
}) => {
  test.setTimeout(240_000); // a relay killed and started again (a node process: slow on a busy machine), several video checks
  const relay = await startRelay(); // this test's own: it kills it and starts another; the fixture stops both at the end
  const { wsPort, wssPort } = relay;
  const path = `${LAB07}?room=${room}&relay=wss://localhost:${wssPort}/`;
  const alice = await openPeer("alice", path);
  const bob = await openPeer("bob", path);

  await withLogsOnFailure({ alice: alice.page, bob: bob.page }, async () => {
    await prepareBoth(alice.page, bob.page);
    await test.step("Alice clicks Connect", () => alice.page.locator("#connect").click());
    await expectEachSeesTheOther(alice, bob);
    const before = { alice: await iceCredentials(alice.page), bob: await iceCredentials(bob.page) };

    await test.step("the relay process is killed (SIGKILL: no goodbye)", async () => {
      await relay.stop("SIGKILL");
    });

    await test.step("both pages say the relay is gone and they are reconnecting; the call goes on", async () => {
      for (const page of [alice.page, bob.page]) {
        await expect(page.locator("#relay_status")).toContainText("reconnecting");
        await expect(page.locator("#relay_status")).toContainText("the call goes on");
      }
      await expectEachSeesTheOther(alice, bob);
    });

    await test.step("chat still works: it never went through the relay", async () => {
      await alice.page.locator("#chat_input").fill("the relay is down");
      await alice.page.locator("#chat_send").click();
      await expect(bob.page.locator("#chat_log li.them")).toHaveText(["them: the relay is down"]);
    });

    await test.step("Alice clicks Restart ICE while the relay is away: her offer waits", async () => {
      await alice.page.locator("#restart_ice").click();
      await expect(alice.page.locator("#log")).toContainText("kept until the relay can deliver it", { timeout: 15_000 });
    });

    await test.step("a relay starts again on the same port; both pages rejoin by themselves", async () => {
      await startRelay({ wsPort, wssPort });
      for (const page of [alice.page, bob.page]) {
        await expect(page.locator("#relay_status")).toContainText("in room", { timeout: 30_000 });
        await expect(page.locator("#peers_in_room")).toHaveText("2 here");
      }
    });

    await test.step("the waiting offer went through the new relay: new ICE credentials on both sides", async () => {
      await expect(alice.page.locator("#ice_local")).not.toHaveText(before.alice.mine);
      await expect(bob.page.locator("#ice_local")).not.toHaveText(before.bob.mine);
      const after = { alice: await iceCredentials(alice.page), bob: await iceCredentials(bob.page) };
      await expect(bob.page.locator("#ice_remote")).toHaveText(after.alice.mine);
      await expect(alice.page.locator("#ice_remote")).toHaveText(after.bob.mine);
      await expect(alice.page.locator("#state_signaling")).toHaveText("stable");
    });

    await expectEachSeesTheOther(alice, bob);
  });
});
