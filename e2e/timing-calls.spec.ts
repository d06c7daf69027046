/**
 * The Playwright project `timing` (playwright.config.ts): vanilla ICE (lab 02)
 * against trickle ICE (lab 04), measured after every other test has finished,
 * one call at a time, the two labs taking turns, in three scenarios:
 * - no-stun: the chapter's setting (host candidates only);
 * - slow-stun: a STUN server on 127.0.0.1 that answers 300 ms late, as a
 *   distant one would: vanilla waits for it, trickle does not;
 * - lossy-stun: a STUN server that loses the first copy of every request, as a
 *   lossy mobile link would: vanilla waits for Chromium's retransmission (250 ms).
 * Each scenario makes 5 calls per lab, then 5 more at a time, until the verdict's
 * interval excludes zero, lies within one camera frame of it (a difference the
 * first frames cannot show), or 20 calls per lab are made (timing-comparison.ts).
 * The timing reporter turns the calls into reports/timing.{json,md,svg}; the
 * last test attaches the same chart and table to the HTML report.
 *
 * Like every test here it checks no duration: only that every call connects,
 * that each scenario really had its STUN server, and that there is a verdict.
 */
import { scenarios } from "../scripts/compare/scenarios.ts";
import { expect, test } from "./support/fixtures.ts";
import { measureCall, timingContext, type CallSides } from "./support/timing-call.ts";
import { timingChart } from "./support/timing-chart.ts";
import {
  callUntilDecided,
  COMPARISON_TITLE,
  compareScenario,
  SCENARIO_RUN_ATTACHMENT,
  scenarioSection,
  type Sampling,
  type ScenarioRun,
} from "./support/timing-comparison.ts";
import { CAMERA_FPS } from "./support/pictures.ts";
import { finishLoad, startLoad } from "./support/timing-machine.ts";
import { timingMarkdown } from "./support/timing-report.ts";
import { TRICKLE_LAB, VANILLA_LAB } from "./support/timing.ts";

/**
 * Calls per lab before the first look and between looks (TIMING_CALLS, at least 5: issue 12),
 * and the cap (TIMING_MAX_CALLS, default 20).
 */
const FIRST_LOOK = Math.max(5, Number(process.env.TIMING_CALLS) || 5);
const SAMPLING: Sampling = {
  firstLook: FIRST_LOOK,
  maxCalls: Math.max(FIRST_LOOK, Number(process.env.TIMING_MAX_CALLS) || 20),
  // One frame of the test camera (67 ms at 15 a second): a first remote frame waits for the sender's
  // next one, so two labs closer than that cannot be told apart by their first frames.
  marginMs: Math.round(1000 / CAMERA_FPS),
};
/** A realistic late answer: enough for vanilla's wait to show in every run. */
const SLOW_STUN_MS = 300;
const LABS = [VANILLA_LAB, TRICKLE_LAB] as const;
const SCENARIOS = scenarios(SLOW_STUN_MS).filter((scenario) => ["no-stun", "slow-stun", "lossy-stun"].includes(scenario.name));

// One call at a time, in this order, in one worker: the project also has workers: 1.
test.describe.configure({ mode: "serial" });

/** The scenarios' runs, per repetition (`--repeat-each` runs this file again in the same worker). */
const runsByRepetition = new Map<number, ScenarioRun[]>();
let sides: CallSides;

test.beforeAll("a browser per side, and a warm-up call per lab, not counted: the first camera and codec start are slower", async ({ browserFilming, baseURL }) => {
  // Each side films its own small picture, in a browser of its own (fixtures.ts).
  sides = { caller: await timingContext(await browserFilming("alice")), callee: await timingContext(await browserFilming("bob")) };
  for (const lab of LABS) await measureCall(sides, { baseUrl: baseUrlOf(baseURL), lab, stun: [], timeoutMs: 30_000 });
});

test.afterAll(async () => {
  await Promise.all([sides?.caller.close(), sides?.callee.close()]);
});

for (const scenario of SCENARIOS) {
  test(`${scenario.name}: ${SAMPLING.firstLook} to ${SAMPLING.maxCalls} calls per lab, one at a time, vanilla and trickle taking turns`, async ({ baseURL }, testInfo) => {
    test.setTimeout(2 * SAMPLING.maxCalls * scenario.timeoutMs);
    const running = await scenario.start();
    const load = startLoad();
    let made;
    try {
      made = await callUntilDecided(SAMPLING, LABS, ({ round, lab }) =>
        test.step(`${lab}, call ${round}: both see the other's camera`, () =>
          measureCall(sides, { baseUrl: baseUrlOf(baseURL), lab, stun: running.stun, timeoutMs: scenario.timeoutMs }),
        ),
      );
      if (running.stun.length) expect(running.stunRequests(), "the browsers asked the scenario's STUN server").toBeGreaterThan(0);
    } finally {
      await running.close();
    }
    const run: ScenarioRun = { name: scenario.name, about: scenario.about, calls: made.calls, load: finishLoad(load), stopping: made.stopping, observed: running.observed() };
    runsOf(testInfo.repeatEachIndex).push(run);
    await testInfo.attach(SCENARIO_RUN_ATTACHMENT, { body: JSON.stringify(run, null, 2), contentType: "application/json" });
  });
}

test("each scenario has a verdict: the chart and the table", async ({}, testInfo) => {
  const runs = runsOf(testInfo.repeatEachIndex);
  expect(runs.map((run) => run.name), "every scenario made its calls").toEqual(SCENARIOS.map((scenario) => scenario.name));
  const sections = runs.map((run) => {
    const result = compareScenario(run);
    expect(result.verdict, `${run.name}: every call of both labs has a first-frame time`).not.toBeNull();
    for (const lab of LABS) expect(result.labs[lab]?.runs, `${run.name}: calls of ${lab}`).toBe(run.stopping!.looks.at(-1));
    return scenarioSection(run, result);
  });
  // The same chart and tables the timing reporter writes to reports/timing.svg and .md.
  await testInfo.attach("timing chart", { body: timingChart(COMPARISON_TITLE, sections), contentType: "image/svg+xml" });
  await testInfo.attach("timing table", { body: timingMarkdown(COMPARISON_TITLE, "", sections), contentType: "text/markdown" });
});

function runsOf(repetition: number): ScenarioRun[] {
  if (!runsByRepetition.has(repetition)) runsByRepetition.set(repetition, []);
  return runsByRepetition.get(repetition)!;
}

function baseUrlOf(baseURL: string | undefined): string {
  if (!baseURL) throw new Error("playwright.config.ts sets use.baseURL: the lab pages' address.");
  return baseURL;
}
