import { botExpect as expect, test } from "./support/bot-fixtures.ts";
import { expectSeesOwnPicture, expectSeesPeer } from "./support/video.ts";

// Two tabs and the bot: three connections, four video streams, in one test.
test.setTimeout(120_000);

test("lab 05: two tabs and the echo bot in a mesh; each tab sees the other and its own camera back from the bot", async ({ openPeer, callBotAsShownOn, room }) => {
  const alice = await openPeer("alice", `/05-mesh/?room=${room}`);
  const bot = await callBotAsShownOn(alice); // the command next to Prepare, as a learner would copy it
  const idOfBot = () => /mesh: the bot is (0bot-\S+)/.exec(bot.text)?.[1];
  await expect.poll(idOfBot, { message: "the bot says its id in the room" }).toBeTruthy();
  const botId = idOfBot();
  const bob = await openPeer("bob", `/05-mesh/?room=${room}`);

  await test.step("Alice, then Bob, click Prepare", async () => {
    for (const [peer, inRoom] of [[alice, 2], [bob, 3]] as const) {
      await peer.page.getByRole("button", { name: "Prepare" }).click();
      await expect(peer.page.locator("#peers_in_room")).toHaveText(`${inRoom} here`);
    }
  });
  const [aliceId, bobId] = await Promise.all([alice, bob].map((peer) => peer.page.locator("#my_id").textContent()));

  await test.step("Alice and Bob see each other", async () => {
    await expectSeesPeer(alice, bob, `remote_video_${bobId}`);
    await expectSeesPeer(bob, alice, `remote_video_${aliceId}`);
  });

  await test.step("each tab's tile for the bot shows its own camera, echoed", async () => {
    await expectSeesOwnPicture(alice, `remote_video_${botId}`);
    await expectSeesOwnPicture(bob, `remote_video_${botId}`);
  });

  await test.step("the bot's counters rise for both calls", async () => {
    await bot.expectEchoing(aliceId!);
    await bot.expectEchoing(bobId!);
  });

  await test.step("Bob closes his tab: the bot hangs up on him and keeps echoing Alice", async () => {
    await bob.page.context().close();
    await expect.poll(() => bot.text).toContain(`${bobId} left: its call is closed`);
    await bot.expectEchoing(aliceId!);
  });
});
