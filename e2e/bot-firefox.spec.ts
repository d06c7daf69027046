import { prepareAndConnectToTheBot, test } from "./support/bot-fixtures.ts";
import { requireFirefox } from "./support/firefox.ts";
import { expectSeesOwnPicture } from "./support/video.ts";

requireFirefox();
// The bot (Node, tsx and werift) and Firefox start on a machine busy with other browsers.
test.setTimeout(90_000);

test("lab 04: a Firefox tab calls the echo bot and sees its own camera come back, moving", async ({ openFirefoxPeer, callBotAsShownOn, room }) => {
  const firefox = await openFirefoxPeer("firefox", `/04-trickle/?room=${room}`);
  const bot = await callBotAsShownOn(firefox); // the command next to Prepare, as a learner would copy it

  await prepareAndConnectToTheBot(firefox);

  await test.step("Firefox's remote video is its own fake camera, echoed by the bot", async () => {
    await expectSeesOwnPicture(firefox);
  });

  await test.step("the bot's packet counters rise both ways", () => bot.expectEchoing());
  // Before the bot hangs up: a Firefox page that hears its peer leave hits a known panel bug (firefox-calls.spec.ts).
  await test.step("Firefox closes its tab", () => firefox.close());
});
