/**
 * Which language a page speaks, in this order: `?lang=ja|en` in its URL, then the
 * choice the reader made with the page's switch (remembered in localStorage), then
 * the browser's languages (`navigator.languages`), then English. The switch on
 * every page remembers a choice and reloads the page in it.
 *
 * Static text in the HTML names its message: `data-i18n="page.room"` (the
 * element's text), `data-i18n-title`, `data-i18n-placeholder`, `data-i18n-label`
 * (aria-label). translatePage() puts this language's words there.
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

/** The attributes translatePage() fills in, and the attribute each one names a message for. */
const TRANSLATED_ATTRIBUTES = { "data-i18n-title": "title", "data-i18n-placeholder": "placeholder", "data-i18n-label": "aria-label" } as const;

/**
 * Puts this language's words into every element under `root` that names a
 * message (see the top of this file). A key that names no text is a mistake in
 * the HTML: it throws, so the page's tests fail on it rather than show a blank.
 */
export function translatePage(root: ParentNode = document): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    setRichText(element, messageAt(element.dataset.i18n!));
  }
  for (const [attribute, target] of Object.entries(TRANSLATED_ATTRIBUTES)) {
    for (const element of root.querySelectorAll(`[${attribute}]`)) {
      element.setAttribute(target, messageAt(element.getAttribute(attribute)!));
    }
  }
}

/** The text at a dotted path of the table ("page.room", "labs.04-trickle.title"). */
function messageAt(path: string): string {
  let value: unknown = t;
  for (const part of path.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
  if (typeof value !== "string") throw new Error(`data-i18n="${path}" names no text in labs/shared/messages.ts`);
  return value;
}

/** `text` into `element`, with `code` as <code> and **bold** as <b>: what a static text may carry. */
export function setRichText(element: HTMLElement, text: string): void {
  const parts = text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).filter((part) => part !== "");
  element.replaceChildren(
    ...parts.map((part) => {
      if (part.startsWith("`")) return Object.assign(document.createElement("code"), { textContent: part.slice(1, -1) });
      if (part.startsWith("**")) return Object.assign(document.createElement("b"), { textContent: part.slice(2, -2) });
      return part;
    }),
  );
}
