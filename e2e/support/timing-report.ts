/**
 * Summaries of many calls: median and p90 of each key duration per lab, the
 * trickle/vanilla ratio within the same run, as a Markdown table and as JSON.
 * The timing reporter and `npm run compare` both print these.
 */
import { DURATIONS, TRICKLE_LAB, VANILLA_LAB, type DurationKey, type Durations } from "./timing.ts";

/** One call's durations, and the row it belongs to (a lab, or a lab with STUN servers). */
export interface Sample {
  row: string;
  durations: Durations;
}

export interface Stat {
  median: number;
  p90: number;
  /** How many calls had this duration. */
  n: number;
}

export interface RowSummary {
  row: string;
  runs: number;
  stats: Partial<Record<DurationKey, Stat>>;
}

export interface Comparison {
  vanilla: string;
  trickle: string;
  /** trickle median / vanilla median: 0.33 means trickle takes a third of the time. */
  ratio: Partial<Record<DurationKey, number>>;
  /** vanilla median − trickle median, in ms: what vanilla loses. */
  lostMs: Partial<Record<DurationKey, number>>;
}

export interface TimingSummary {
  rows: RowSummary[];
  comparison?: Comparison;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Groups the samples by row (in first-seen order, labs sorted) and compares
 * `trickle` with `vanilla` when both rows are there.
 */
export function summarize(samples: Sample[], vanilla = VANILLA_LAB, trickle = TRICKLE_LAB): TimingSummary {
  const rowNames = [...new Set(samples.map((sample) => sample.row))].sort();
  const rows = rowNames.map((row): RowSummary => {
    const mine = samples.filter((sample) => sample.row === row);
    const stats: RowSummary["stats"] = {};
    for (const { key } of DURATIONS) {
      const values = mine.map((sample) => sample.durations[key]).filter((value) => value !== undefined);
      if (values.length) stats[key] = { median: median(values), p90: percentile(values, 90), n: values.length };
    }
    return { row, runs: mine.length, stats };
  });

  const v = rows.find((row) => row.row === vanilla);
  const t = rows.find((row) => row.row === trickle);
  if (!v || !t) return { rows };
  const comparison: Comparison = { vanilla, trickle, ratio: {}, lostMs: {} };
  for (const { key, compared } of DURATIONS) {
    const [vs, ts] = [v.stats[key], t.stats[key]];
    if (!compared || !vs || !ts) continue;
    if (vs.median > 0) comparison.ratio[key] = ts.median / vs.median;
    comparison.lostMs[key] = vs.median - ts.median;
  }
  return { rows, comparison };
}

/** A Markdown table: one row per lab ("median / p90"), then the ratio and what vanilla loses. */
export function timingTable(summary: TimingSummary): string {
  const header = ["", "runs", ...DURATIONS.map((duration) => duration.label)];
  const lines = [header, header.map(() => "---")];
  for (const row of summary.rows) {
    lines.push([
      row.row,
      String(row.runs),
      ...DURATIONS.map(({ key }) => {
        const stat = row.stats[key];
        return stat ? `${formatMs(stat.median)} / ${formatMs(stat.p90)}` : "–";
      }),
    ]);
  }
  const comparison = summary.comparison;
  if (comparison) {
    lines.push([
      `**trickle / vanilla** (${comparison.trickle} ÷ ${comparison.vanilla}, medians)`,
      "",
      ...DURATIONS.map(({ key }) => formatRatio(comparison.ratio[key])),
    ]);
    lines.push([
      "**vanilla loses** (median difference)",
      "",
      ...DURATIONS.map(({ key }) => (comparison.lostMs[key] === undefined ? "–" : formatMs(comparison.lostMs[key]))),
    ]);
  }
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

export const TABLE_LEGEND =
  "Cells are median / p90 over the runs, measured in the tab that clicked Connect. " +
  "A ratio below 1 means trickle is faster (0.33 = three times sooner). " +
  "Gathering is not compared: both gather the same candidates, only vanilla waits for the end of it before sending.";

/** 12 ms, 840 ms, 3.2 s, 79.6 s. */
export function formatMs(ms: number): string {
  const sign = ms < 0 ? "−" : "";
  const size = Math.abs(ms);
  return size < 1000 ? `${sign}${Math.round(size)} ms` : `${sign}${(size / 1000).toFixed(1)} s`;
}

function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return "–";
  if (ratio <= 0.95) return `${ratio.toFixed(2)} (${(1 / ratio).toFixed(1)}x sooner)`;
  if (ratio >= 1.05) return `${ratio.toFixed(2)} (${ratio.toFixed(1)}x slower)`;
  return ratio.toFixed(2);
}

/** A titled table: one scenario of the comparison, or the lab tests of a run. */
export interface Section {
  title: string;
  /** A sentence under the title: what the conditions were. */
  about?: string;
  /** Whether trickle was faster here, and how sure (timing-comparison.ts). */
  verdict?: string;
  /** Sentences under the verdict: where trickle's head start went, counts from getStats. */
  notes?: string[];
  summary: TimingSummary;
}

/** The Markdown page: a sentence under the title, each section's table and verdict, the legend. */
export function timingMarkdown(title: string, intro: string, sections: Section[]): string {
  return [
    `# ${title}`,
    "",
    intro,
    "",
    ...sections.flatMap((section) => [
      `## ${section.title}`,
      "",
      ...(section.about ? [section.about, ""] : []),
      timingTable(section.summary),
      "",
      ...(section.verdict ? [`**Verdict:** ${section.verdict}`, ""] : []),
      ...(section.notes ?? []).flatMap((note) => [note, ""]),
    ]),
    TABLE_LEGEND,
    "",
  ].join("\n");
}
