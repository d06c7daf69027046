/**
 * A Playwright reporter that turns the timelines the fixtures attach to each
 * test ("alice: timeline", ...) into reports/timing.md, reports/timing.json and
 * reports/timing.svg: one row per lab with median and p90 of the key durations
 * over the passing tests of this run, and the trickle/vanilla ratio.
 * `npx playwright test --repeat-each 10` gives each lab enough runs to mean something.
 */
import { readFileSync } from "node:fs";
import type { Reporter, TestCase, TestResult } from "@playwright/test/reporter";
import { callerOf, keyDurations, scenarioOf, type Timeline } from "../support/timing.ts";
import { writeTimingFiles } from "../support/timing-files.ts";
import { summarize, type Sample } from "../support/timing-report.ts";

export default class TimingReporter implements Reporter {
  private samples: Sample[] = [];

  onTestEnd(_test: TestCase, result: TestResult): void {
    if (result.status !== "passed") return; // a failed call's timing says nothing about the lab
    const timelines = result.attachments
      .filter((attachment) => attachment.name.endsWith(": timeline") && attachment.contentType === "application/json")
      .map((attachment) => JSON.parse(String(attachment.body ?? readFileSync(attachment.path!))) as Timeline);
    const caller = callerOf(timelines);
    const durations = keyDurations(timelines);
    if (caller && Object.keys(durations).length) this.samples.push({ row: scenarioOf(caller), durations });
  }

  onEnd(): void {
    if (this.samples.length === 0) return; // no call was made (e.g. only error-path tests ran)
    const summary = summarize(this.samples);
    const files = writeTimingFiles(
      "timing",
      "Lab timings from the last test run",
      [
        {
          title: "Per lab, over the passing tests of this run",
          about: "A row ending in ?… holds the tests whose pages changed the conditions in their URL (a STUN server, a slowed relay).",
          summary,
        },
      ],
      `npx playwright ${process.argv.slice(2).join(" ")}`,
    );
    console.log(`\nTiming of ${this.samples.length} calls: ${files.join(", ")}`);
  }

  printsToStdio(): boolean {
    return false; // one line at the end; list stays the main output
  }
}
