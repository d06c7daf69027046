/**
 * Timing: the marks each lab page records in window.labTiming (panel.ts), read
 * back from the browser and turned into the few durations that tell vanilla and
 * trickle ICE apart. The fixtures attach them to every test (HTML report), the
 * timing reporter summarises them (reports/timing.md) and `npm run compare`
 * measures them per scenario.
 *
 * Every duration is measured in the tab that clicked Connect, on its own clock.
 */
import type { TestInfo } from "@playwright/test";
import type { MarkName, TimingMark } from "../../labs/shared/panel.ts";
import type { Tab } from "./tab.ts";

/** The pair the trickle/vanilla ratio compares: lab 04 is the trickle version of the vanilla labs. */
export const VANILLA_LAB = "02-ws-vanilla";
export const TRICKLE_LAB = "04-trickle";

/** One peer's timeline, as attached to a test ("alice: timeline"). */
export interface Timeline {
  /** The lab folder the page came from, e.g. "02-ws-vanilla". */
  lab: string;
  peer: string;
  /**
   * What the page's URL changed besides the room, e.g. "stun=…" or "delaySdpMs=800"
   * (a test that slows the relay down on purpose); "" is the chapter's setting.
   */
  settings: string;
  /** performance.timeOrigin: with it, marks of two pages can be compared. */
  timeOrigin: number;
  marks: TimingMark[];
}

/**
 * The key durations, in the order a call goes through them (each a milestone
 * after Connect). Gathering is not `compared`: both kinds of ICE gather the same
 * candidates; the difference is that vanilla waits for the end of it.
 */
export const DURATIONS = [
  { key: "offerSent", label: "Connect → offer sent", from: "connect-clicked", to: "offer-sent", compared: true },
  { key: "answerReceived", label: "Connect → answer received", from: "connect-clicked", to: "answer-received", compared: true },
  { key: "iceConnected", label: "Connect → ICE connected", from: "connect-clicked", to: "ice-connected", compared: true },
  { key: "connected", label: "Connect → connected", from: "connect-clicked", to: "connected", compared: true },
  { key: "firstFrame", label: "Connect → first remote frame", from: "connect-clicked", to: "first-remote-frame", compared: true },
  {
    key: "gathering",
    label: "gathering (local description set → complete)",
    from: "local-description-set",
    to: "gathering-complete",
    compared: false,
  },
] as const satisfies readonly { key: string; label: string; from: MarkName; to: MarkName; compared: boolean }[];

export type DurationKey = (typeof DURATIONS)[number]["key"];
export type Durations = Partial<Record<DurationKey, number>>;

/** Reads a lab page's timeline. The lab is the first folder of the page's path. */
export async function readTimeline(page: Tab, peer: string): Promise<Timeline> {
  const url = new URL(page.url());
  const { timeOrigin, marks } = await page.evaluate(() => ({
    timeOrigin: performance.timeOrigin,
    marks: window.labTiming ?? [],
  }));
  return { lab: url.pathname.split("/")[1] ?? "", peer, settings: settingsOf(url.searchParams), timeOrigin, marks };
}

/** The names on the page's timeline (window.labTiming), in the order they happened. */
export function marksOf(page: Tab): Promise<MarkName[]> {
  return page.evaluate(() => window.labTiming.map((mark) => mark.name));
}

/** The URL's parameters but the room; STUN servers without their (random) port. */
function settingsOf(params: URLSearchParams): string {
  return [...params]
    .filter(([name]) => name !== "room")
    .map(([name, value]) => (name === "stun" ? "stun=…" : `${name}=${value}`))
    .join("&");
}

/** The tab that clicked Connect: the one the durations are measured in. */
export function callerOf(timelines: Timeline[]): Timeline | undefined {
  return timelines.find((timeline) => timeline.marks.some((mark) => mark.name === "connect-clicked"));
}

/** The key durations of one call, in ms; a duration whose marks are missing is left out. */
export function keyDurations(timelines: Timeline[]): Durations {
  const caller = callerOf(timelines);
  const durations: Durations = {};
  if (!caller) return durations;
  for (const { key, from, to } of DURATIONS) {
    const start = caller.marks.find((mark) => mark.name === from);
    const end = caller.marks.find((mark) => mark.name === to && start !== undefined && mark.at >= start.at);
    if (start && end) durations[key] = end.at - start.at;
  }
  return durations;
}

/** A name for the conditions of a call: the lab, plus what its URL changed. */
export function scenarioOf(timeline: Timeline): string {
  return timeline.settings ? `${timeline.lab} ?${timeline.settings}` : timeline.lab;
}

/**
 * At the end of a test: attaches each peer's timeline as JSON and puts the key
 * durations in the report as annotations.
 */
export async function attachTimelines(peers: readonly { name: string; page: Tab }[], testInfo: TestInfo): Promise<void> {
  const timelines: Timeline[] = [];
  for (const peer of peers) {
    const timeline = await readTimeline(peer.page, peer.name).catch(() => undefined); // the page may be gone
    if (!timeline || timeline.marks.length === 0) continue;
    timelines.push(timeline);
    await testInfo.attach(`${peer.name}: timeline`, { body: JSON.stringify(timeline, null, 2), contentType: "application/json" });
  }
  const caller = callerOf(timelines);
  const durations = keyDurations(timelines);
  for (const { key, label } of DURATIONS) {
    const ms = durations[key];
    if (ms !== undefined) testInfo.annotations.push({ type: label, description: `${Math.round(ms)} ms (in ${caller?.peer}'s tab)` });
  }
}
