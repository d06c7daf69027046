/**
 * The lab fixtures plus `callBot`: the echo bot, joined to this test's room as
 * a real process. When the test ends the bot gets Ctrl+C and must exit with 0
 * on its own (hang up, leave the room); its output goes into the report.
 */
import { BotProcess } from "./bot-process.ts";
import { expect, test as labTest } from "./fixtures.ts";

interface BotFixtures {
  /** `npm run bot -- --lab <lab> --room <this test's room> [options]`, once it is in the room. */
  callBot: (lab: string, options?: string[]) => Promise<BotProcess>;
}

export const test = labTest.extend<BotFixtures>({
  callBot: async ({ room }, use, testInfo) => {
    const bots: BotProcess[] = [];
    await use(async (lab, options) => {
      const bot = await BotProcess.join(lab, room, options);
      bots.push(bot);
      return bot;
    });
    for (const [i, bot] of bots.entries()) {
      const exit = await Promise.race([bot.stop("SIGINT"), new Promise((resolve) => setTimeout(resolve, 20_000, "still running"))]);
      bot.kill();
      await testInfo.attach(`bot ${i + 1}: output`, { body: bot.text, contentType: "text/plain" });
      expect(exit, "the bot should exit cleanly on Ctrl+C").toEqual({ code: 0, signal: null });
    }
  },
});

export { expect };
