/**
 * Which language a page speaks, in this order: `?lang=ja|en` in its URL, then the
 * choice the reader made with the page's switch (remembered in localStorage), then
 * the browser's languages (`navigator.languages`), then English. The switch on
 * every page remembers a choice and reloads the page in it.
 */
import { languageOf, LANGUAGES, messagesFor, type Language, type Messages } from "./messages.ts";

const REMEMBERED = "webrtc-labs-language";

export function chooseLanguage(
  search: string = location.search,
  remembered: string | null = readRemembered(),
  preferred: readonly string[] = navigator.languages,
): Language {
  return languageOf(new URLSearchParams(search).get("lang")) ?? languageOf(remembered) ?? firstSpoken(preferred) ?? "en";
}

function firstSpoken(preferred: readonly string[]): Language | null {
  for (const tag of preferred) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return null;
}

function readRemembered(): string | null {
  try {
    return localStorage.getItem(REMEMBERED);
  } catch {
    return null; // storage refused (a sandboxed frame, a strict privacy setting): nothing remembered
  }
}

/** The language of this page, chosen once when it loads: the switch reloads the page. */
export const language: Language = chooseLanguage();
/** This page's words. */
export const t: Messages = messagesFor(language);
document.documentElement.lang = language;

/**
 * Puts the switch ("English | 日本語") into `container`: the current language as
 * plain text, the other as a link. Choosing one remembers it, and reloads the page
 * without `?lang=` (which would otherwise win over the choice), keeping the rest of
 * the address (the room, the test knobs, the #anchor).
 */
export function addLanguageSwitch(container: HTMLElement): void {
  const nav = document.createElement("nav");
  nav.className = "language-switch";
  nav.setAttribute("aria-label", t.language.switchLabel);
  LANGUAGES.forEach((each, index) => {
    if (index > 0) nav.append(" | ");
    const name = t.language.names[each];
    if (each === language) {
      const current = document.createElement("strong");
      current.textContent = name;
      current.setAttribute("aria-current", "true");
      nav.append(current);
      return;
    }
    const link = document.createElement("a");
    link.textContent = name;
    link.lang = each;
    link.hreflang = each;
    const url = new URL(location.href);
    url.searchParams.delete("lang");
    link.href = url.href;
    link.addEventListener("click", () => {
      try {
        localStorage.setItem(REMEMBERED, each);
      } catch {
        // nothing remembered: follow the link with ?lang= instead
        url.searchParams.set("lang", each);
        link.href = url.href;
      }
    });
    nav.append(link);
  });
  container.append(nav);
}
