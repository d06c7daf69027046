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
export async function waitForText(tab: Tab, selector: string, pattern: RegExp, failure: string, timeoutMs = 15_000): Promise<void> {
  const outcome = await tab.evaluate(
    ({ selector, source, flags, timeoutMs }) =>
      new Promise<{ matched: boolean; last: string }>((resolve) => {
        const wanted = new RegExp(source, flags);
        const text = () => document.querySelector(selector)?.textContent?.trim() ?? "";
        const settle = (matched: boolean) => {
          observer.disconnect();
          clearTimeout(deadline);
          resolve({ matched, last: text() });
        };
        const observer = new MutationObserver(() => wanted.test(text()) && settle(true));
        const deadline = setTimeout(() => settle(false), timeoutMs);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        if (wanted.test(text())) settle(true);
      }),
    { selector, source: pattern.source, flags: pattern.flags, timeoutMs },
  );
  if (!outcome.matched) throw new Error(`${failure} (${selector} says "${outcome.last}")`);
}

/**
 * Resolves when the button is enabled (at once if it is): the page itself
 * watches its disabled attribute, so nothing polls. Rejects with `failure` after `timeoutMs`.
 */
export async function waitForEnabled(tab: Tab, selector: string, failure: string, timeoutMs = 15_000): Promise<void> {
  const enabled = await tab.evaluate(
    ({ selector, timeoutMs }) =>
      new Promise<boolean>((resolve) => {
        const button = document.querySelector(selector) as HTMLButtonElement;
        const settle = (enabled: boolean) => {
          observer.disconnect();
          clearTimeout(deadline);
          resolve(enabled);
        };
        const observer = new MutationObserver(() => !button.disabled && settle(true));
        const deadline = setTimeout(() => settle(false), timeoutMs);
        observer.observe(button, { attributes: true, attributeFilter: ["disabled"] });
        if (!button.disabled) settle(true);
      }),
    { selector, timeoutMs },
  );
  if (!enabled) throw new Error(`${failure} (${selector})`);
}
