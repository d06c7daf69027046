/**
 * A Playwright reporter that writes reports/nat.md, nat.json and nat.svg when
 * the NAT matrix ran (e2e/nat-matrix.spec.ts): each NAT's measured behaviour,
 * then each cell's result, pair types and time to first frame. A cell whose
 * test failed is reported too, as what happened: the report shows the truth.
 */
import { readFileSync } from "node:fs";
import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";
import { CELL_ATTACHMENT, CPU_ATTACHMENT, MEASUREMENTS_ATTACHMENT } from "../support/nat-attachments.ts";
import type { CellResult } from "../support/nat-matrix.ts";
import { asExpected, writeNatReport, type HomeMeasurement, type NatReport } from "../support/nat-report.ts";

/** One NAT test's result: its cells, and the CPU its worker's tree had used by its end. */
interface Done {
  title: string;
  workerIndex: number;
  start: number;
  end: number;
  cpuSoFar: number | null;
  cells: CellResult[];
}

export default class NatReporter implements Reporter {
  private measurements: HomeMeasurement[] = [];
  private done: Done[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    const json = <T>(name: string) =>
      result.attachments
        .filter((attachment) => attachment.name === name)
        .map((attachment) => JSON.parse(String(attachment.body ?? readFileSync(attachment.path!))) as T);
    const measurements = json<HomeMeasurement[]>(MEASUREMENTS_ATTACHMENT);
    const cells = json<CellResult>(CELL_ATTACHMENT);
    const cpu = json<{ cpuMs: number }>(CPU_ATTACHMENT);
    if (measurements.length + cells.length + cpu.length === 0) return; // not a NAT test
    this.measurements.push(...measurements.flat());
    const start = result.startTime.getTime();
    this.done.push({ title: test.title, workerIndex: result.workerIndex, start, end: start + result.duration, cpuSoFar: cpu[0]?.cpuMs ?? null, cells });
  }

  onEnd(_result: FullResult): void {
    const cells = this.done.flatMap((test) => test.cells);
    if (cells.length === 0 && this.measurements.length === 0) return; // the matrix did not run
    const cpu = cpuPerTest(this.done);
    const files = writeNatReport({
      madeBy: `npx playwright ${process.argv.slice(2).join(" ")}`,
      measurements: this.measurements,
      cells,
      wallMs: Math.max(...this.done.map((test) => test.end)) - Math.min(...this.done.map((test) => test.start)),
      cpu,
    });
    const unexpected = cells.filter((cell) => !asExpected(cell)).length;
    console.log(`\nNAT matrix: ${files.join(", ")} (${cells.length} cells${unexpected ? `, ${unexpected} not as expected` : ""})`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

/**
 * What each test cost in CPU: the growth of its worker's tree since the worker's previous test
 * (a worker's first test also carries the worker's start, and the fixtures it set up). A worker
 * that Playwright restarted after a failure is a tree of its own: the total adds them up.
 */
function cpuPerTest(done: Done[]): NatReport["cpu"] {
  const perTest: { title: string; cpuMs: number }[] = [];
  let totalMs = 0;
  for (const worker of new Set(done.map((test) => test.workerIndex))) {
    let before = 0;
    for (const test of done.filter((each) => each.workerIndex === worker && each.cpuSoFar !== null).sort((a, b) => a.start - b.start)) {
      perTest.push({ title: test.title, cpuMs: test.cpuSoFar! - before });
      before = test.cpuSoFar!;
    }
    totalMs += before;
  }
  return perTest.length ? { totalMs, perTest } : null;
}
