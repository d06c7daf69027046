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
import { writeNatReport, type HomeMeasurement } from "../support/nat-report.ts";

export default class NatReporter implements Reporter {
  private measurements: HomeMeasurement[] = [];
  private cells: CellResult[] = [];
  private cpuMs: number | null = null;
  private firstStart: number | null = null;
  private lastEnd = 0;

  onTestEnd(_test: TestCase, result: TestResult): void {
    const json = <T>(name: string) =>
      result.attachments
        .filter((attachment) => attachment.name === name)
        .map((attachment) => JSON.parse(String(attachment.body ?? readFileSync(attachment.path!))) as T);
    const measurements = json<HomeMeasurement[]>(MEASUREMENTS_ATTACHMENT);
    const cells = json<CellResult>(CELL_ATTACHMENT);
    const cpu = json<{ cpuMs: number }>(CPU_ATTACHMENT);
    if (measurements.length + cells.length + cpu.length === 0) return;
    this.measurements.push(...measurements.flat());
    this.cells.push(...cells);
    // Each test says how much the worker's whole tree has used so far: the last (largest) is the total.
    for (const { cpuMs } of cpu) this.cpuMs = Math.max(this.cpuMs ?? 0, cpuMs);
    const start = result.startTime.getTime();
    this.firstStart = Math.min(this.firstStart ?? start, start);
    this.lastEnd = Math.max(this.lastEnd, start + result.duration);
  }

  onEnd(_result: FullResult): void {
    if (this.cells.length === 0 && this.measurements.length === 0) return; // the matrix did not run
    const files = writeNatReport({
      madeBy: `npx playwright ${process.argv.slice(2).join(" ")}`,
      measurements: this.measurements,
      cells: this.cells,
      wallMs: this.lastEnd - (this.firstStart ?? this.lastEnd),
      cpuMs: this.cpuMs,
    });
    const unexpected = this.cells.filter((cell) => !cell.connected !== (cell.expected === "fails")).length;
    console.log(`\nNAT matrix: ${files.join(", ")} (${this.cells.length} cells${unexpected ? `, ${unexpected} not as expected` : ""})`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
