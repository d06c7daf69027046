/**
 * What a page in a given language must show: `lang` on <html>, every static text
 * that names a message (data-i18n, labs/shared/language.ts) in that language's
 * words, the switch with that language current, and no English sentence left
 * over where Japanese was asked for. The words come from the pages' own table
 * (labs/shared/messages.ts), so a test reads the same source as the page.
 */
import type { Page } from "@playwright/test";
import { messagesFor, type Language, type Messages } from "../../labs/shared/messages.ts";
import { expect } from "./fixtures.ts";

export const words: Record<Language, Messages> = { en: messagesFor("en"), ja: messagesFor("ja") };

/** The text at a dotted path of a language's table, as the page shows it (`code` and **bold** without their marks). */
export function wordsAt(language: Language, path: string): string {
  let value: unknown = words[language];
  for (const part of path.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
  if (typeof value !== "string") throw new Error(`${path} names no text in labs/shared/messages.ts`);
  return value.replace(/`([^`]+)`/g, "$1").replace(/\*\*([^*]+)\*\*/g, "$1");
}

/** Right after the page loaded: every static text is `language`'s, and the switch says so. */
export async function expectPageIn(page: Page, language: Language): Promise<void> {
  await expect(page.locator("html")).toHaveAttribute("lang", language);
  const named = await page.locator("[data-i18n], [data-i18n-title], [data-i18n-placeholder], [data-i18n-label]").evaluateAll((elements) =>
    elements.flatMap((element) => {
      const shown: [string, string][] = [];
      const { i18n, i18nTitle, i18nPlaceholder, i18nLabel } = (element as HTMLElement).dataset;
      if (i18n) shown.push([i18n, element.textContent ?? ""]);
      if (i18nTitle) shown.push([i18nTitle, element.getAttribute("title") ?? ""]);
      if (i18nPlaceholder) shown.push([i18nPlaceholder, element.getAttribute("placeholder") ?? ""]);
      if (i18nLabel) shown.push([i18nLabel, element.getAttribute("aria-label") ?? ""]);
      return shown;
    }),
  );
  expect(named.length, "the page names its static texts").toBeGreaterThan(3);
  expect(named, `every static text in ${language}`).toEqual(named.map(([path]) => [path, wordsAt(language, path)]));
  const languageSwitch = page.locator(".language-switch");
  await expect(languageSwitch).toBeVisible();
  await expect(languageSwitch.locator("strong[aria-current]")).toHaveText(words[language].language.names[language]);
  if (language === "ja") {
    await expect(page.locator("h1"), "the title in Japanese script").toHaveText(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(await englishLeftIn(page), "English sentences on a Japanese page").toEqual([]);
  }
}

/**
 * Runs of three or more English words in what the page shows (its code, text
 * boxes and the switch's "English" aside): on a Japanese page, a sentence that
 * was not translated. Japanese text keeps Latin names one or two at a time
 * ("Prepare をクリック", "Trickle ICE", "DTLS フィンガープリント"). The log's error
 * lines are left out too: they quote the browser's own words, which stay English
 * on purpose ("icecandidateerror 508 (…): TURN allocate error").
 */
export function englishLeftIn(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (node.parentElement?.closest("code, textarea, script, style, .language-switch, [hidden], #log li.error")) continue;
      found.push(...Array.from((node.textContent ?? "").matchAll(/\b[A-Za-z]+ [a-z]+ [a-z]+\b/g), (match) => match[0]));
    }
    return found;
  });
}
