/**
 * The language the bot speaks in the terminal: Japanese when the locale says so
 * (LC_ALL, then LC_MESSAGES, then LANG, as every POSIX program reads them:
 * `LANG=ja_JP.UTF-8` starts with `ja`), else English. Its words come from the
 * lab pages' own table, labs/shared/messages.ts.
 */
import { languageOf, messagesFor, type Language } from "../../labs/shared/messages.ts";

export function botLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== "");
  return languageOf(locale) ?? "en";
}

/** The bot's words. */
export const t = messagesFor(botLanguage());
