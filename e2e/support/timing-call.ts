/**
 * One call between two lab pages, the learner's clicks: both Prepare, the
 * caller clicks Connect; then wait until each side has painted a frame of the
 * other's camera. Used by the timing specs and by `npm run compare`, which has
 * no test runner (so only Playwright's own waits here, no `expect`).
 */
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { waitForText, type Tab } from "./tab.ts";
import { keyDurations, readTimeline, type Durations } from "./timing.ts";

export interface CallSettings {
  /** Where the lab pages are, e.g. "https://127.0.0.1:5173/". */
  baseUrl: string;
  /** The lab folder, e.g. "04-trickle". */
  lab: string;
  /** ?stun= values for both pages. */
  stun: string[];
  /** How long the call may take before it counts as failed. */
  timeoutMs: number;
  /** Called once the caller has clicked Connect. */
  onConnectClicked?: () => void;
}

/**
 * One call in a fresh pair of browser contexts and a room of its own; its key
 * durations, measured in the caller's tab. Throws if a side never shows the
 * other's camera, shows an error, or has an uncaught exception.
 */
export async function measureCall(browser: Browser, { baseUrl, lab, stun, timeoutMs, onConnectClicked }: CallSettings): Promise<Durations> {
  const url = new URL(`${lab}/`, baseUrl);
  url.searchParams.set("room", `timing-${randomUUID().slice(0, 8)}`);
  for (const server of stun) url.searchParams.append("stun", server);

  const contexts = await Promise.all([1, 2].map(() => browser.newContext({ ignoreHTTPSErrors: true })));
  try {
    const pageErrors: string[] = [];
    const [caller, callee] = await Promise.all(contexts.map((context) => context.newPage()));
    for (const page of [caller!, callee!]) {
      page.on("pageerror", (error) => pageErrors.push(error.message));
      await page.goto(url.href);
    }
    await prepareAndConnect(caller!, callee!);
    onConnectClicked?.();
    await Promise.all([caller!, callee!].map((page) => waitForFirstRemoteFrame(page, timeoutMs)));
    if (pageErrors.length) throw new Error(`uncaught exception in a lab page: ${pageErrors.join("; ")}`);
    return keyDurations([await readTimeline(caller!, "caller")]);
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}

/** Both click Prepare, then the caller clicks Connect once the two have met in their room. In Chromium or Firefox (tab.ts). */
export async function prepareAndConnect(caller: Tab, callee: Tab): Promise<void> {
  await caller.click("#prepare");
  await callee.click("#prepare");
  await waitForText(caller, "#peers_in_room", /^2 here$/, "the two pages never met in their room (the caller's page never said \"2 here\")");
  await caller.click("#connect");
}

/**
 * Resolves once the page's timeline has "first-remote-frame"; rejects at once
 * with the page's own words if it shows an error, or after `timeoutMs`.
 */
export async function waitForFirstRemoteFrame(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const error = document.getElementById("error");
      if (error && !error.hidden) throw new Error(`the page shows an error: ${error.textContent}`);
      return window.labTiming.some((mark) => mark.name === "first-remote-frame");
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
}
