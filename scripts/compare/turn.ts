/**
 * The `turn` scenario of `npm run compare`: lab 06 direct (host candidates win)
 * against lab 06 with ?policy=relay (every packet through coturn), in turns,
 * in one Chromium. Per call: Connect → first remote frame in the caller's tab,
 * and the selected pair's round-trip time from getStats() once ICE has measured it.
 * A call whose pair is not of the expected type (host/host, relay/relay) counts as failed.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, relative } from "node:path";
import type { Browser, Page } from "@playwright/test";
import { prepareAndConnect, timingContext, waitForFirstRemoteFrame } from "../../e2e/support/timing-call.ts";
import { REPORTS_DIR } from "../../e2e/support/timing-files.ts";
import { takingTurns } from "../../e2e/support/timing-comparison.ts";
import { formatMs, median, percentile } from "../../e2e/support/timing-report.ts";
import { keyDurations, readTimeline } from "../../e2e/support/timing.ts";
import type { SelectedPair } from "../../labs/06-turn/panel.ts";
import { firstLine } from "./first-line.ts";

const TURN_LAB = "06-turn";

export const TURN_SCENARIO = {
  name: "turn",
  about: `${TURN_LAB} direct (host/host) against ${TURN_LAB}?policy=relay (relay/relay through coturn on 127.0.0.1): first frame and round-trip time.`,
};

type Route = "direct" | "relayed";
const ROUTES: Record<Route, { params: Record<string, string>; candidateType: string }> = {
  direct: { params: {}, candidateType: "host" },
  relayed: { params: { policy: "relay" }, candidateType: "relay" },
};

interface TurnCall {
  route: Route;
  firstFrameMs: number;
  rttMs: number;
}

interface TurnResult {
  calls: TurnCall[];
  failures: string[];
  /** Markdown: one row per route (median / p90), and relayed / direct. */
  table: string;
}

/**
 * What `npm run compare -- --scenario turn` does: runs the scenario, prints its table, and
 * writes reports/compare-turn.md and .json (every call). Returns the calls that failed.
 */
export async function compareTurn(browser: Browser, baseUrl: string, runs: number): Promise<string[]> {
  console.log(`\n## ${TURN_SCENARIO.name}: ${TURN_SCENARIO.about}`);
  const startedAt = new Date().toISOString();
  const result = await runTurnScenario(browser, baseUrl, runs);
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  const machine = `${cpus().length} CPU cores, load average ${[one, five, fifteen].map((value) => value.toFixed(1)).join(" / ")} (1, 5, 15 min) at the end`;
  console.log(`\n${result.table}\n(median / p90; ${machine})`);
  mkdirSync(REPORTS_DIR, { recursive: true });
  const markdown = [
    `# Direct vs relayed (TURN)`,
    "",
    `${TURN_SCENARIO.about} ${runs} calls per route, from ${startedAt}; each cell is median / p90.`,
    "Round-trip times are the selected pair's `currentRoundTripTime` a few seconds after the first frame,",
    `in whole milliseconds as Chromium reports them. Machine: ${machine}.`,
    "",
    result.table,
    "",
  ].join("\n");
  const files: [string, string][] = [
    ["compare-turn.md", markdown],
    ["compare-turn.json", `${JSON.stringify({ scenario: TURN_SCENARIO, startedAt, machine, runs, calls: result.calls, failures: result.failures }, null, 2)}\n`],
  ];
  for (const [name, content] of files) writeFileSync(join(REPORTS_DIR, name), content);
  console.log(`Written: ${files.map(([name]) => relative(process.cwd(), join(REPORTS_DIR, name))).join(", ")}`);
  return result.failures;
}

/** `runs` calls per route, taking turns (the first route alternates each round). */
async function runTurnScenario(browser: Browser, baseUrl: string, runs: number, log = console.log): Promise<TurnResult> {
  const calls: TurnCall[] = [];
  const failures: string[] = [];
  for (const { round, lab: route } of takingTurns<Route>(runs, ["direct", "relayed"])) {
    const label = `  ${route.padEnd(8)} call ${round}/${runs}`;
    try {
      const call = await measureTurnCall(browser, baseUrl, route);
      calls.push(call);
      log(`${label}: first remote frame after ${formatMs(call.firstFrameMs)}, round trip ${call.rttMs.toFixed(2)} ms`);
    } catch (error) {
      failures.push(`turn, ${route}, call ${round}: ${firstLine(error)}`);
      log(`${label}: FAILED (${failures.at(-1)})`);
    }
  }
  return { calls, failures, table: turnTable(calls) };
}

async function measureTurnCall(browser: Browser, baseUrl: string, route: Route): Promise<TurnCall> {
  const url = new URL(`${TURN_LAB}/`, baseUrl);
  url.searchParams.set("room", `compare-turn-${randomUUID().slice(0, 8)}`);
  for (const [name, value] of Object.entries(ROUTES[route].params)) url.searchParams.set(name, value);

  const contexts = await Promise.all([1, 2].map(() => timingContext(browser)));
  try {
    const [caller, callee] = (await Promise.all(contexts.map((context) => context.newPage()))) as [Page, Page];
    for (const page of [caller, callee]) await page.goto(url.href);
    await prepareAndConnect(caller, callee);
    await Promise.all([caller, callee].map((page) => waitForFirstRemoteFrame(page, 30_000)));
    const firstFrameMs = keyDurations([await readTimeline(caller, "caller")]).firstFrame;
    if (firstFrameMs === undefined) throw new Error("the caller's timeline has no first-remote-frame");
    const pair = await measuredPair(caller);
    const expected = ROUTES[route].candidateType;
    if (pair.local.candidateType !== expected || pair.remote.candidateType !== expected) {
      throw new Error(`expected a ${expected}/${expected} pair, got ${pair.local.candidateType}/${pair.remote.candidateType}`);
    }
    return { route, firstFrameMs, rttMs: pair.rttMs! };
  } finally {
    // Leave the pages first: the browser then closes its peer connections and releases its TURN
    // allocations. A context closed outright keeps each relay port busy until the allocation expires.
    for (const context of contexts) await Promise.all(context.pages().map((page) => page.goto("about:blank").catch(() => {})));
    await Promise.all(contexts.map((context) => context.close()));
  }
}

/**
 * The selected pair, with a round-trip time measured once the call has settled: the first
 * checks run while both sides are still busy setting up (DTLS, codecs), and come out slower.
 * Chromium keeps checking a connected pair every couple of seconds; the page shows the latest.
 */
async function measuredPair(page: Page): Promise<SelectedPair> {
  await page.waitForFunction(() => window.labSelectedPair?.rttMs != null, undefined, { timeout: 15_000, polling: 100 });
  await page.waitForTimeout(SETTLE_MS);
  return (await page.evaluate(() => window.labSelectedPair)) as SelectedPair;
}
const SETTLE_MS = 5000;

function turnTable(calls: TurnCall[]): string {
  const stats = (route: Route, key: "firstFrameMs" | "rttMs") => {
    const values = calls.filter((call) => call.route === route).map((call) => call[key]);
    return values.length ? { median: median(values), p90: percentile(values, 90), n: values.length } : null;
  };
  const cell = (stat: ReturnType<typeof stats>, digits: number) =>
    stat ? `${stat.median.toFixed(digits)} ms / ${stat.p90.toFixed(digits)} ms` : "–";
  const lines = [
    "|  | calls | Connect → first remote frame | selected pair round-trip time |",
    "| --- | --- | --- | --- |",
    ...(["direct", "relayed"] as const).map(
      (route) => `| ${route} | ${stats(route, "rttMs")?.n ?? 0} | ${cell(stats(route, "firstFrameMs"), 0)} | ${cell(stats(route, "rttMs"), 2)} |`,
    ),
  ];
  // Chromium reports round-trip times in whole milliseconds, and a direct one on loopback is often 0:
  // the difference says more than a ratio there.
  const versus = (key: "firstFrameMs" | "rttMs") => {
    const [direct, relayed] = [stats("direct", key), stats("relayed", key)];
    if (!direct || !relayed) return "–";
    const difference = relayed.median - direct.median;
    const ratio = direct.median > 0 ? `${(relayed.median / direct.median).toFixed(2)}x, ` : "";
    return `${ratio}${difference >= 0 ? "+" : "−"}${Math.abs(difference).toFixed(key === "rttMs" ? 1 : 0)} ms`;
  };
  lines.push(`| relayed vs direct (medians) |  | ${versus("firstFrameMs")} | ${versus("rttMs")} |`);
  return lines.join("\n");
}
