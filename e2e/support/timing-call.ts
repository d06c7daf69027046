/**
 * One call between two lab pages, the learner's clicks: both Prepare, the
 * caller clicks Connect; then wait until each side has painted a frame of the
 * other's camera. Used by the timing specs and by `npm run compare`, which has
 * no test runner (so only Playwright's own waits here, no `expect`).
 *
 * A timing call should cost little CPU, so that what it measures is ICE and not
 * the machine: each side is a browser of its own whose fake camera plays a small
 * picture (160×120, 15 frames a second: e2e/support/pictures.ts), one tab each.
 */
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { CAMERA_GRANTED } from "./chromium.ts";
import { waitForEnabled, waitForText, type Tab } from "./tab.ts";
import type { Call, CallCounts } from "./timing-comparison.ts";
import { keyDurations, readTimeline } from "./timing.ts";

declare global {
  interface Window {
    /** Every RTCPeerConnection the page made, oldest first (timing contexts only: see timingContext). */
    timingPeerConnections?: RTCPeerConnection[];
  }
}

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

/** The two sides of a timing call: a browser context each, from timingContext, in browsers of their own. */
export interface CallSides {
  caller: BrowserContext;
  callee: BrowserContext;
}

/**
 * `npm run compare` runs under tsx, whose esbuild keeps function names by wrapping them in a
 * `__name(fn, "name")` call; a function handed to page.evaluate then calls a `__name` the page
 * does not have ("ReferenceError: __name is not defined"). Playwright's own loader (the tests)
 * adds none. So each page gets one that does nothing, first.
 */
const KEEP_NAMES_HELPER = { content: "globalThis.__name ??= (target) => target;" };

/**
 * A context for timing calls. Its pages keep a list of the RTCPeerConnections
 * they make, so that after a call the harness can read their getStats(); the
 * lab's own code is unchanged. One context serves every call of a run, in one
 * tab (measureCall): the lab's modules are then fetched once, not once per call.
 */
export async function timingContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, ...CAMERA_GRANTED });
  await context.addInitScript(KEEP_NAMES_HELPER);
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const made: RTCPeerConnection[] = (window.timingPeerConnections = []);
    window.RTCPeerConnection = class extends Native {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        made.push(this);
      }
    };
  });
  return context;
}

/**
 * One call in a room of its own, each side's tab loading the lab afresh: its key
 * durations, measured in the caller's tab, and counts from the caller's getStats()
 * once it is over. Throws if a side never shows the other's camera, shows an error,
 * or has an uncaught exception.
 *
 * Each side keeps one tab for all its calls, as a learner reloading the lab would:
 * loading the next call's page ends the previous call (the page is unloaded), and
 * a tab reused costs less CPU than a new one (no new renderer process), time the
 * timing project spends after every other test.
 */
export async function measureCall(sides: CallSides, { baseUrl, lab, stun, timeoutMs, onConnectClicked }: CallSettings): Promise<Call> {
  const url = new URL(`${lab}/`, baseUrl);
  url.searchParams.set("room", `timing-${randomUUID().slice(0, 8)}`);
  for (const server of stun) url.searchParams.append("stun", server);

  const [caller, callee] = await Promise.all([tabOf(sides.caller), tabOf(sides.callee)]);
  const pageErrors: string[] = [];
  const onPageError = (error: Error) => pageErrors.push(error.message);
  for (const page of [caller, callee]) page.on("pageerror", onPageError);
  try {
    await Promise.all([caller.goto(url.href), callee.goto(url.href)]);
    await prepareAndConnect(caller, callee);
    onConnectClicked?.();
    await Promise.all([caller, callee].map((page) => waitForFirstRemoteFrame(page, timeoutMs)));
    if (pageErrors.length) throw new Error(`uncaught exception in a lab page: ${pageErrors.join("; ")}`);
    const counts = await countsOf(caller);
    const timeline = await readTimeline(caller, "caller");
    const connectClicked = timeline.marks.find((mark) => mark.name === "connect-clicked");
    return {
      lab,
      durations: keyDurations([timeline]),
      ...(counts ? { counts } : {}),
      ...(connectClicked ? { connectClickedAt: timeline.timeOrigin + connectClicked.at } : {}),
    };
  } finally {
    for (const page of [caller, callee]) page.off("pageerror", onPageError);
  }
}

/** The context's one tab, opened on its first call. */
async function tabOf(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** What the caller's getStats() says once the call is up; undefined outside a timing context. */
function countsOf(page: Page): Promise<CallCounts | undefined> {
  return page.evaluate(async () => {
    const pc = window.timingPeerConnections?.at(-1);
    if (!pc) return undefined;
    const counts = { pairChanges: 0, keyframeRequests: 0 };
    (await pc.getStats()).forEach((stats: Record<string, unknown>) => {
      if (stats.type === "transport") counts.pairChanges += Number(stats.selectedCandidatePairChanges ?? 0);
      if (stats.type === "inbound-rtp" && stats.kind === "video") counts.keyframeRequests += Number(stats.pliCount ?? 0) + Number(stats.firCount ?? 0);
    });
    return counts;
  });
}

/**
 * As a learner does it: Prepare in both tabs, wait until both have finished
 * preparing (camera on, in the room: each Prepare button is enabled again),
 * then Connect in the caller's tab. In Chromium or Firefox (tab.ts).
 *
 * Waiting for the callee's camera matters for timing: "2 here" shows as soon as
 * the callee has joined the room, often before its camera is on, and an offer
 * that arrives then waits in the callee's tab until it is (a tab answers only
 * with its camera on). Trickle's offer arrives sooner, so it waited longer:
 * measured on a loaded 2-core machine, 0.6 to 1.1 s, all of trickle's head start.
 */
export async function prepareAndConnect(caller: Tab, callee: Tab): Promise<void> {
  await caller.click("#prepare");
  await callee.click("#prepare");
  await Promise.all([caller, callee].map((tab) => waitForEnabled(tab, "#prepare", "Prepare never finished (the button stayed disabled)")));
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
