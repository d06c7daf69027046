/**
 * A Playwright reporter that writes reports/timing.md, reports/timing.json and
 * reports/timing.svg at the end of a run, in two clearly separate parts:
 *
 * 1. `scenarios`: the comparison. The project `timing` (e2e/timing-calls.spec.ts)
 *    calls vanilla and trickle one at a time once every other test is done; each of
 *    its tests attaches a ScenarioRun. Per scenario: median and p90 per lab, the
 *    trickle/vanilla ratio and a verdict (e2e/support/timing-comparison.ts).
 * 2. `labTests`: what the lab tests' own calls took (the timelines the fixtures
 *    attach), measured while other tests loaded the cores: a health signal, not a
 *    comparison, so it has no ratio.
 */
import { readFileSync } from "node:fs";
import type { Reporter, TestCase, TestResult } from "@playwright/test/reporter";
import { COMPARISON_TITLE, compareScenario, SCENARIO_RUN_ATTACHMENT, scenarioSection, type ScenarioRun } from "../support/timing-comparison.ts";
import { writeTimingFiles } from "../support/timing-files.ts";
import { summarize, type Sample, type Section } from "../support/timing-report.ts";
import { callerOf, keyDurations, scenarioOf, type Timeline } from "../support/timing.ts";

const LAB_TESTS_ABOUT =
  "Measured under load: these are the lab tests' own calls, made while other tests ran on the same cores, " +
  "so they say whether the labs work, not which is faster (the scenarios above do). " +
  "A row ending in ?… holds the tests whose pages changed the conditions in their URL (a STUN server, a slowed relay).";

export default class TimingReporter implements Reporter {
  private scenarioRuns: ScenarioRun[] = [];
  private labTestSamples: Sample[] = [];

  onTestEnd(_test: TestCase, result: TestResult): void {
    if (result.status !== "passed") return; // a failed call's timing says nothing about the lab
    const json = (name: (attachmentName: string) => boolean) =>
      result.attachments
        .filter((attachment) => name(attachment.name) && attachment.contentType === "application/json")
        .map((attachment) => JSON.parse(String(attachment.body ?? readFileSync(attachment.path!))) as unknown);

    this.scenarioRuns.push(...(json((name) => name === SCENARIO_RUN_ATTACHMENT) as ScenarioRun[]));
    const timelines = json((name) => name.endsWith(": timeline")) as Timeline[];
    const caller = callerOf(timelines);
    const durations = keyDurations(timelines);
    if (caller && Object.keys(durations).length) this.labTestSamples.push({ row: scenarioOf(caller), durations });
  }

  onEnd(): void {
    if (this.scenarioRuns.length === 0 && this.labTestSamples.length === 0) return; // no call was made
    const runs = mergeByName(this.scenarioRuns);
    const results = runs.map((run) => compareScenario(run));
    const sections: Section[] = runs.map((run, i) => scenarioSection(run, results[i]!));
    // Rows per lab only: a ratio between calls made under different loads would compare the loads.
    const labTests = { rows: summarize(this.labTestSamples).rows };
    if (labTests.rows.length) sections.push({ title: "Lab tests, measured under load (not a comparison)", about: LAB_TESTS_ABOUT, summary: labTests });
    const files = writeTimingFiles("timing", {
      title: runs.length ? COMPARISON_TITLE : "Lab timings from the last test run",
      madeBy: `npx playwright ${process.argv.slice(2).join(" ")}`,
      sections,
      data: { scenarios: results, labTests: { about: LAB_TESTS_ABOUT, ...labTests } },
    });
    const verdicts = results.map((result) => `  ${result.name}: ratio ${result.ratio?.toFixed(2) ?? "–"}. ${result.verdict?.sentence ?? ""}`);
    console.log(`\nTiming: ${files.join(", ")}${verdicts.length ? `\n${verdicts.join("\n")}` : ""}`);
  }

  printsToStdio(): boolean {
    return false; // a few lines at the end; list stays the main output
  }
}

/** `--repeat-each N` runs each scenario N times: one scenario with all their calls, from the first start to the last end. */
function mergeByName(runs: ScenarioRun[]): ScenarioRun[] {
  const merged = new Map<string, ScenarioRun>();
  for (const run of runs) {
    const earlier = merged.get(run.name);
    merged.set(run.name, earlier ? { ...earlier, calls: [...earlier.calls, ...run.calls], load: { ...earlier.load, atEnd: run.load.atEnd } } : run);
  }
  return [...merged.values()];
}
