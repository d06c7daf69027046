/**
 * The lab fixtures plus the echo bot, joined to this test's room as a real
 * process: `callBot(lab)`, or `callBotAsShownOn(peer)`, which runs exactly the
 * command the lab page shows next to Prepare. When the test ends each bot gets
 * Ctrl+C and must exit with 0 on its own (hang up, leave the room); its output
 * goes into the report.
 */
import { BotProcess } from "./bot-process.ts";
import { expect, test as labTest, type LabPeer } from "./fixtures.ts";
import { isEnabled, textOf } from "./tab.ts";

interface BotFixtures {
  /** `npm run bot -- --lab <lab> --room <this test's room> [options]`, once it is in the room. */
  callBot: (lab: string, options?: string[]) => Promise<BotProcess>;
  /** The command `peer`'s page shows (#bot_command), run as it is (plus `options`, in `env`), once the bot is in the room. */
  callBotAsShownOn: (peer: LabPeer, options?: string[], env?: NodeJS.ProcessEnv) => Promise<BotProcess>;
  /** Every bot this test started, stopped at its end. */
  bots: BotProcess[];
}

const SHOWN_COMMAND = /^npm run bot -- (.+)$/;

export const test = labTest.extend<BotFixtures>({
  bots: async ({}, use, testInfo) => {
    const bots: BotProcess[] = [];
    await use(bots);
    for (const [i, bot] of bots.entries()) {
      const exit = await Promise.race([bot.stop("SIGINT"), new Promise((resolve) => setTimeout(resolve, 20_000, "still running"))]);
      bot.kill();
      await testInfo.attach(`bot ${i + 1}: output`, { body: bot.text, contentType: "text/plain" });
      expect(exit, "the bot should exit cleanly on Ctrl+C").toEqual({ code: 0, signal: null });
    }
  },

  callBot: async ({ room, bots }, use) => {
    await use(async (lab, options = []) => {
      const bot = BotProcess.spawn(["--lab", lab, "--room", room, ...options]);
      bots.push(bot);
      await bot.joined();
      return bot;
    });
  },

  callBotAsShownOn: async ({ bots }, use) => {
    await use(async (peer, options = [], env = {}) => {
      const shown = await textOf(peer.page, "#bot_command");
      const args = SHOWN_COMMAND.exec(shown)?.[1];
      expect(args, `${peer.name}'s page should show "npm run bot -- ..."`).toBeTruthy();
      const bot = BotProcess.spawn([...args!.split(" "), ...options], env);
      bots.push(bot);
      await bot.joined();
      return bot;
    });
  },
});

/** Alone in the room with the bot: Prepare, wait until the relay counts two, then Connect. */
export async function prepareAndConnectToTheBot(peer: LabPeer): Promise<void> {
  await test.step(`${peer.name} clicks Prepare, then Connect`, async () => {
    await peer.page.click("#prepare");
    await botExpect.poll(() => textOf(peer.page, "#peers_in_room")).toBe("2 here");
    await botExpect.poll(() => isEnabled(peer.page, "#prepare")).toBe(true); // Prepare has finished
    await peer.page.click("#connect");
  });
}

/**
 * For the specs that call the bot. Node, werift and a browser share a busy
 * machine (the bot gathers its candidates, in lab 06 TURN allocations too,
 * before its first answer): what the page shows may take longer than 5 s to
 * appear. A wait, never a duration that is checked.
 */
export const botExpect = expect.configure({ timeout: 15_000 });

// And the default one (5 s), for the specs that wait on no call with the bot.
export { expect };
