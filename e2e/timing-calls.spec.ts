/**
 * The Playwright project `timing` (playwright.config.ts): vanilla ICE (lab 02)
 * against trickle ICE (lab 04), measured after every other test has finished,
 * one call at a time, the two labs taking turns, in two scenarios:
 * - no-stun: the chapter's setting (host candidates only);
 * - slow-stun: a STUN server on 127.0.0.1 that answers 300 ms late, as a
 *   distant one would: vanilla waits for it, trickle does not.
 * The timing reporter turns the calls into reports/timing.{json,md,svg}; the
 * last test attaches the same chart and table to the HTML report.
 *
 * Like every test here it checks no duration: only that every call connects,
 * that each scenario really had its STUN server, and that there is a verdict.
 */
import { expect, test } from "@playwright/test";
import { scenarios } from "../scripts/compare/scenarios.ts";
import { measureCall } from "./support/timing-call.ts";
import { timingChart } from "./support/timing-chart.ts";
import {
  COMPARISON_TITLE,
  compareScenario,
  finishLoad,
  SCENARIO_RUN_ATTACHMENT,
  scenarioSection,
  startLoad,
  takingTurns,
  type Call,
  type ScenarioRun,
} from "./support/timing-comparison.ts";
import { timingMarkdown } from "./support/timing-report.ts";
import { TRICKLE_LAB, VANILLA_LAB } from "./support/timing.ts";

/** At least 5 per lab and scenario (issue 12); TIMING_CALLS=10 for tighter intervals. */
const CALLS_PER_LAB = Math.max(5, Number(process.env.TIMING_CALLS) || 5);
/** A realistic late answer: enough for vanilla's wait to show in every run. */
const SLOW_STUN_MS = 300;
const LABS = [VANILLA_LAB, TRICKLE_LAB];
const SCENARIOS = scenarios(SLOW_STUN_MS).filter((scenario) => ["no-stun", "slow-stun"].includes(scenario.name));

// One call at a time, in this order, in one worker: the project also has workers: 1.
test.describe.configure({ mode: "serial" });

const runs: ScenarioRun[] = [];

test.beforeAll("a warm-up call per lab, not counted: the first camera and codec start are slower", async ({ browser }, workerInfo) => {
  for (const lab of LABS) await measureCall(browser, { baseUrl: baseUrlOf(workerInfo.project.use.baseURL), lab, stun: [], timeoutMs: 30_000 });
});

for (const scenario of SCENARIOS) {
  test(`${scenario.name}: ${CALLS_PER_LAB} calls per lab, one at a time, vanilla and trickle taking turns`, async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(2 * CALLS_PER_LAB * scenario.timeoutMs);
    const running = await scenario.start();
    const load = startLoad();
    const calls: Call[] = [];
    try {
      for (const { round, lab } of takingTurns(CALLS_PER_LAB, LABS)) {
        await test.step(`${lab}, call ${round}: both see the other's camera`, async () => {
          const durations = await measureCall(browser, { baseUrl: baseUrlOf(baseURL), lab, stun: running.stun, timeoutMs: scenario.timeoutMs });
          calls.push({ lab, durations });
        });
      }
      if (running.stun.length) expect(running.stunRequests(), "the browsers asked the scenario's STUN server").toBeGreaterThan(0);
    } finally {
      await running.close();
    }
    const run: ScenarioRun = { name: scenario.name, about: scenario.about, calls, load: finishLoad(load) };
    runs.push(run);
    await testInfo.attach(SCENARIO_RUN_ATTACHMENT, { body: JSON.stringify(run, null, 2), contentType: "application/json" });
  });
}

test("each scenario has a verdict: the chart and the table", async ({}, testInfo) => {
  expect(runs.map((run) => run.name), "every scenario made its calls").toEqual(SCENARIOS.map((scenario) => scenario.name));
  const sections = runs.map((run) => {
    const result = compareScenario(run);
    expect(result.verdict, `${run.name}: every call of both labs has a first-frame time`).not.toBeNull();
    for (const lab of LABS) expect(result.labs[lab]?.runs, `${run.name}: calls of ${lab}`).toBe(CALLS_PER_LAB);
    return scenarioSection(run, result);
  });
  // The same chart and tables the timing reporter writes to reports/timing.svg and .md.
  await testInfo.attach("timing chart", { body: timingChart(COMPARISON_TITLE, sections), contentType: "image/svg+xml" });
  await testInfo.attach("timing table", { body: timingMarkdown(COMPARISON_TITLE, "", sections), contentType: "text/markdown" });
});

function baseUrlOf(baseURL: string | undefined): string {
  if (!baseURL) throw new Error("playwright.config.ts sets use.baseURL: the lab pages' address.");
  return baseURL;
}
