import { botExpect as expect, prepareAndConnectToTheBot, test } from "./support/bot-fixtures.ts";
import { expectSeesOwnPicture } from "./support/video.ts";

// Each test starts the bot (Node, tsx and werift: a second or two on an idle
// machine, far more when the machine is busy with browsers) and a Chromium per tab.
test.setTimeout(90_000);

for (const lab of ["02-ws-vanilla", "03-wss"]) {
  test(`lab ${lab.slice(0, 2)}: a tab calls the echo bot and sees its own camera come back, moving`, async ({ openPeer, callBotAsShownOn, room }) => {
    const alice = await openPeer("alice", `/${lab}/?room=${room}`);
    const bot = await callBotAsShownOn(alice); // the command next to Prepare, as a learner would copy it

    await prepareAndConnectToTheBot(alice);

    await test.step("the bot answers the vanilla way: every candidate inside its answer", async () => {
      await expect(alice.page.locator("#text_for_recv_sdp")).toHaveValue(/^v=0[\s\S]*a=candidate:/);
    });

    await test.step("Alice's remote video is her own camera, echoed by the bot", async () => {
      await expectSeesOwnPicture(alice);
    });

    await test.step("the bot's packet counters rise both ways", () => bot.expectEchoing());
  });
}
