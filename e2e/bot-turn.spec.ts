import { botExpect as expect, prepareAndConnectToTheBot, test } from "./support/bot-fixtures.ts";
import { requireTurnServer, selectedPair } from "./support/turn.ts";
import { expectSeesOwnPicture } from "./support/video.ts";

// Each test starts the bot (Node, tsx and werift: a second or two on an idle
// machine, far more when the machine is busy with browsers) and a Chromium per tab.
test.setTimeout(90_000);

requireTurnServer();

test("lab 06: a tab and the echo bot, both on relay candidates only: the tab's own camera comes back through TURN", async ({ openPeer, callBotAsShownOn, room }) => {
  const alice = await openPeer("alice", `/06-turn/?room=${room}&policy=relay`);
  const bot = await callBotAsShownOn(alice, ["--policy", "relay"]); // the command next to Prepare, plus TURN only
  await expect.poll(() => bot.text, { message: "the bot takes the TURN server the relay handed out" }).toContain("TURN server from the relay: turn:");

  await prepareAndConnectToTheBot(alice);

  await test.step("Alice's remote video is her own camera, echoed by the bot", () => expectSeesOwnPicture(alice));

  await test.step("both ends use relay candidates: the media went through coturn", async () => {
    await expect.poll(() => selectedPair(alice.page)).toMatchObject({ local: { candidateType: "relay" }, remote: { candidateType: "relay" } });
    expect(bot.text).toMatch(/local candidate relay udp/);
  });

  await test.step("the bot's packet counters rise both ways", () => bot.expectEchoing());
});
