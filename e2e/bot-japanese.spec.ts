/**
 * The echo bot speaks Japanese when LANG starts with ja (scripts/bot/language.ts):
 * its refusals, and its terminal panel during a call with a Japanese page.
 */
import { botExpect, expect, test } from "./support/bot-fixtures.ts";
import { BotProcess } from "./support/bot-process.ts";
import { words } from "./support/languages.ts";
import { aPortNothingListensOn } from "./support/ports.ts";
import { expectSeesOwnPicture } from "./support/video.ts";

const JAPANESE = { LANG: "ja_JP.UTF-8" };
const ja = words.ja;

// The bot starts (Node, tsx and werift) in a second or two on an idle machine, far more when it is busy with browsers.
test.setTimeout(90_000);

test("LANG=ja_JP.UTF-8: the bot refuses in Japanese, an unknown lab and a relay that is down", async () => {
  const unknown = BotProcess.spawn(["--lab", "09-video-conference", "--room", "x"], JAPANESE);
  expect(await unknown.exited).toEqual({ code: 2, signal: null });
  expect(unknown.text).toContain(`bot: ${ja.bot.noSuchLab("09-video-conference")}`);

  const port = await aPortNothingListensOn();
  const down = BotProcess.spawn(["--lab", "04-trickle", "--room", "x"], { ...JAPANESE, RELAY_WSS_PORT: String(port) });
  expect(await down.exited).toEqual({ code: 1, signal: null });
  expect(down.text).toContain(`bot: ${ja.bot.nothingListens(`wss://localhost:${port}`)}`);
});

test("LANG=ja_JP.UTF-8: a Japanese tab calls the bot, sees its own camera come back, and the bot's panel speaks Japanese", async ({ openPeer, callBotAsShownOn, room }) => {
  const alice = await openPeer("alice", `/04-trickle/?room=${room}`, { locale: "ja-JP" });
  const bot = await callBotAsShownOn(alice, [], JAPANESE); // waits for its Japanese "ルーム … に参加しました"

  await test.step("Alice clicks Prepare, then Connect", async () => {
    await alice.page.locator("#prepare").click();
    await botExpect(alice.page.locator("#peers_in_room")).toHaveText(ja.page.here(2));
    await botExpect(alice.page.locator("#prepare")).toBeEnabled();
    await alice.page.locator("#connect").click();
  });
  await test.step("Alice's remote video is her own camera, echoed by the bot", () => expectSeesOwnPicture(alice));

  await test.step("the bot's panel said it in Japanese: the room, the offer, the answer, and its counters rising", async () => {
    expect(bot.text).toContain(ja.bot.relayLine(ja.bot.joined(room, 1, 2)));
    await botExpect.poll(() => bot.text).toContain(ja.bot.offerReceived("tab"));
    expect(bot.text).toContain(ja.bot.answerSentTrickle);
    // "tab: パケット 受信 N 送信 N、キーフレーム要求 N": the packets it sent back, from its latest counters line.
    const counters = new RegExp(`tab: ${ja.bot.counters({ packetsIn: 0, packetsOut: 0, keyframeRequests: 0, textsIn: 0, textsOut: 0 }).replaceAll("0", "(\\d+)")}`, "g");
    const packetsEchoed = () => Number([...bot.text.matchAll(counters)].at(-1)?.[2] ?? 0);
    await botExpect.poll(packetsEchoed, { message: "the bot's Japanese counters line: packets sent back" }).toBeGreaterThan(0);
    expect(bot.text, "nothing left in English").not.toMatch(/packets in|joined room|offer received/);
  });
});
