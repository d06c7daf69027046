/**
 * The lab fixtures plus the echo bot, joined to this test's room as a real
 * process: `callBot(lab)`, or `callBotAsShownOn(peer)`, which runs exactly the
 * command the lab page shows next to Prepare. When the test ends each bot gets
 * Ctrl+C and must exit with 0 on its own (hang up, leave the room); its output
 * goes into the report.
 */
import { BotProcess } from "./bot-process.ts";
import { expect, test as labTest, type Peer } from "./fixtures.ts";

interface BotFixtures {
  /** `npm run bot -- --lab <lab> --room <this test's room> [options]`, once it is in the room. */
  callBot: (lab: string, options?: string[]) => Promise<BotProcess>;
  /** The command `peer`'s page shows (#bot_command), run as it is (plus `options`), once the bot is in the room. */
  callBotAsShownOn: (peer: Peer, options?: string[]) => Promise<BotProcess>;
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
    await use(async (peer, options = []) => {
      const shown = (await peer.page.locator("#bot_command").textContent()) ?? "";
      const args = SHOWN_COMMAND.exec(shown)?.[1];
      expect(args, `${peer.name}'s page should show "npm run bot -- ..."`).toBeTruthy();
      const bot = BotProcess.spawn([...args!.split(" "), ...options]);
      bots.push(bot);
      await bot.joined();
      return bot;
    });
  },
});

export { expect };
