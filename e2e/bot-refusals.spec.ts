import { BOT_LABS } from "../scripts/bot/options.ts";
import { expect, test } from "./support/bot-fixtures.ts";
import { BotProcess } from "./support/bot-process.ts";
import { aPortNothingListensOn } from "./support/ports.ts";

// Each test starts the bot (Node, tsx and werift: a second or two on an idle
// machine, far more when the machine is busy with browsers), the last one three times.
test.setTimeout(90_000);

// The bot says in one sentence why it cannot run, and exits with a non-zero code.

test("an unknown lab: the bot names the labs it knows and exits with 2", async () => {
  const bot = BotProcess.spawn(["--lab", "09-video-conference", "--room", "x"]);
  expect(await bot.exited).toEqual({ code: 2, signal: null });
  const known = BOT_LABS.map((lab) => lab.lab);
  expect(known).toEqual(expect.arrayContaining(["02-ws-vanilla", "03-wss", "04-trickle", "05-mesh"]));
  expect(bot.text).toContain(`bot: There is no lab "09-video-conference" the bot can join. The bot knows: ${known.join(", ")}.`);
});

test("lab 01 has no relay: the bot says so", async () => {
  const bot = BotProcess.spawn(["--lab", "01-copy-paste"]);
  expect(await bot.exited).toEqual({ code: 2, signal: null });
  expect(bot.text).toContain("Lab 01 has no relay");
});

test("the relay is down: the bot says where it looked and how to start it, and exits with 1", async () => {
  const port = await aPortNothingListensOn();
  const bot = BotProcess.spawn(["--lab", "04-trickle", "--room", "x"], { RELAY_WSS_PORT: String(port) });
  expect(await bot.exited).toEqual({ code: 1, signal: null });
  expect(bot.text).toContain(`bot: Cannot reach the relay at wss://localhost:${port}: nothing listens there. Start it with \`npm start\``);
});

test("the room is full: the bot passes on the relay's refusal and exits with 1", async ({ callBot, room }) => {
  // Two bots fill a room of two (a bot answers, never calls, so these two stay silent).
  await Promise.all([callBot("04-trickle"), callBot("04-trickle")]);
  const third = BotProcess.spawn(["--lab", "04-trickle", "--room", room]);
  expect(await third.exited).toEqual({ code: 1, signal: null });
  expect(third.text).toContain(`bot: The relay refused the bot: Room "${room}" is full: it holds 2 peers.`);
});
