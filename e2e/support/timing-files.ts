/**
 * Writes a timing report into reports/ (generated, git-ignored): NAME.md (the
 * tables and verdicts), NAME.json (the same numbers for scripts) and NAME.svg
 * (the chart).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, relative } from "node:path";
import { timingChart } from "./timing-chart.ts";
import { timingMarkdown, type Section } from "./timing-report.ts";

export const REPORTS_DIR = join(import.meta.dirname, "..", "..", "reports");

export interface TimingReport {
  title: string;
  /** The command that made it. */
  madeBy: string;
  /** The tables of NAME.md and the blocks of the chart. */
  sections: Section[];
  /** What NAME.json holds besides title, madeBy, madeAt and machine (e.g. `scenarios`). */
  data: Record<string, unknown>;
}

/** Returns the paths written, relative to the working directory. */
export function writeTimingFiles(name: string, { title, madeBy, sections, data }: TimingReport): string[] {
  const machine = currentMachine();
  const madeAt = new Date().toISOString();
  const intro = `Made by \`${madeBy}\` on ${madeAt.slice(0, 16).replace("T", " ")} UTC, ${machineSentence(machine)}.`;
  const files: [string, string][] = [
    [`${name}.md`, `${timingMarkdown(title, intro, sections)}\n![chart](${name}.svg)\n`],
    [`${name}.json`, `${JSON.stringify({ title, madeBy, madeAt, machine, ...data }, null, 2)}\n`],
    [`${name}.svg`, timingChart(title, sections)],
  ];
  return files.map(([file, content]) => writeReport(file, content));
}

/** Writes reports/FILE; returns its path relative to the working directory. */
export function writeReport(file: string, content: string): string {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const path = join(REPORTS_DIR, file);
  writeFileSync(path, content);
  return relative(process.cwd(), path);
}

/** How many cores, and how busy they are now. */
export function currentMachine(): { cores: number; loadAverageAtEnd: number[] } {
  return { cores: cpus().length, loadAverageAtEnd: loadavg() };
}

/** Timings on a busy machine are slower and noisier: say how busy it was. */
export function machineSentence({ cores, loadAverageAtEnd }: { cores: number; loadAverageAtEnd: number[] }): string {
  const load = loadAverageAtEnd.map((value) => value.toFixed(1)).join(" / ");
  return `on ${cores} CPU cores with a load average of ${load} (1, 5, 15 min) at the end`;
}
