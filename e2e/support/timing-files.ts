/**
 * Writes a timing report into reports/ (generated, git-ignored): NAME.md (the
 * tables), NAME.json (the same numbers for scripts) and NAME.svg (the chart).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, relative } from "node:path";
import { timingChart } from "./timing-chart.ts";
import { timingMarkdown, type Section } from "./timing-report.ts";

export const REPORTS_DIR = join(import.meta.dirname, "..", "..", "reports");

/** Returns the paths written, relative to the working directory. */
export function writeTimingFiles(name: string, title: string, sections: Section[], madeBy: string): string[] {
  mkdirSync(REPORTS_DIR, { recursive: true });
  const machine = machineLoad();
  const files: [string, string][] = [
    [`${name}.md`, `${timingMarkdown(title, sections, madeBy, machine)}\n![chart](${name}.svg)\n`],
    [`${name}.json`, `${JSON.stringify({ title, madeBy, madeAt: new Date().toISOString(), machine, sections }, null, 2)}\n`],
    [`${name}.svg`, timingChart(title, sections)],
  ];
  return files.map(([file, content]) => {
    const path = join(REPORTS_DIR, file);
    writeFileSync(path, content);
    return relative(process.cwd(), path);
  });
}

/** Timings on a busy machine are slower and noisier: say how busy it was. */
function machineLoad(): string {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  const load = [one, five, fifteen].map((value) => value.toFixed(1)).join(" / ");
  return `on ${cpus().length} CPU cores with a load average of ${load} (1, 5, 15 min) at the end`;
}
