/**
 * A lab page as the cross-browser helpers see it: the few things both drivers do
 * the same way. Playwright's Page (Chromium) is one as it is; a Firefox page,
 * driven by puppeteer over WebDriver BiDi, gets a small adapter (firefox.ts).
 * The video checks (video.ts) and the learner's moves that both browsers make
 * (Prepare, Connect, copy an SDP) are written once, against this.
 */
export interface Tab {
  /** Runs `fn(arg)` in the page; `arg` and the result travel as JSON-like values. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Clicks the element once it is visible and enabled, as a user would. */
  click(selector: string): Promise<void>;
  url(): string;
}

/** The element's text now ("" when there is no such element). */
export function textOf(tab: Tab, selector: string): Promise<string> {
  return tab.evaluate((selector) => document.querySelector(selector)?.textContent?.trim() ?? "", selector);
}

/** Whether the button can be clicked now (Prepare is disabled while it runs). */
export function isEnabled(tab: Tab, selector: string): Promise<boolean> {
  return tab.evaluate((selector) => !(document.querySelector(selector) as HTMLButtonElement).disabled, selector);
}

/** A textarea's or input's value now. */
export function valueOf(tab: Tab, selector: string): Promise<string> {
  return tab.evaluate((selector) => (document.querySelector(selector) as HTMLTextAreaElement | null)?.value ?? "", selector);
}

/**
 * Puts `text` into a textarea as a paste would: the value at once, then an input
 * event (typing an SDP key by key costs seconds over WebDriver BiDi).
 */
export async function fillIn(tab: Tab, selector: string, text: string): Promise<void> {
  await tab.evaluate(
    ({ selector, text }) => {
      const field = document.querySelector(selector) as HTMLTextAreaElement;
      field.value = text;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    },
    { selector, text },
  );
}

/**
 * Resolves when the element's text matches `pattern`: the page itself watches
 * (a MutationObserver), so nothing polls. Rejects with `failure` and the last
 * text seen after `timeoutMs`.
 */
export function waitForText(tab: Tab, selector: string, pattern: RegExp, failure: string, timeoutMs = 15_000): Promise<void> {
  return waitInPage(tab, selector, { text: { source: pattern.source, flags: pattern.flags } }, failure, timeoutMs);
}

/** Resolves when the button is enabled (at once if it is), watched as waitForText watches. */
export function waitForEnabled(tab: Tab, selector: string, failure: string, timeoutMs = 15_000): Promise<void> {
  return waitInPage(tab, selector, { enabled: true }, failure, timeoutMs);
}

/** What waitInPage waits for: a text (a RegExp, sent as its source and flags), or an enabled element. */
type Wanted = { text: { source: string; flags: string } } | { enabled: true };

async function waitInPage(tab: Tab, selector: string, wanted: Wanted, failure: string, timeoutMs: number): Promise<void> {
  const outcome = await tab.evaluate(
    ({ selector, wanted, timeoutMs }) =>
      new Promise<{ matched: boolean; last: string }>((resolve) => {
        const pattern = "text" in wanted ? new RegExp(wanted.text.source, wanted.text.flags) : null;
        const text = () => document.querySelector(selector)?.textContent?.trim() ?? "";
        const holds = () => {
          if (pattern) return pattern.test(text());
          const element = document.querySelector<HTMLButtonElement>(selector);
          return element !== null && !element.disabled;
        };
        const settle = (matched: boolean) => {
          observer.disconnect();
          clearTimeout(deadline);
          resolve({ matched, last: text() });
        };
        const observer = new MutationObserver(() => holds() && settle(true));
        const deadline = setTimeout(() => settle(false), timeoutMs);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: pattern === null });
        if (holds()) settle(true);
      }),
    { selector, wanted, timeoutMs },
  );
  if (!outcome.matched) throw new Error(`${failure} (${selector} says "${outcome.last}")`);
}
