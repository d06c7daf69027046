/**
 * Vanilla against trickle, scenario by scenario: the calls of one scenario (made
 * one at a time, the two labs taking turns) become the stable record that
 * reports/timing.json and reports/compare.json hold:
 *
 *   { name, about, labs: { "02-ws-vanilla": { runs, firstFrameMs: { median, p90 }, ... }, "04-trickle": {...} },
 *     ratio, verdict, machine }
 *
 * Other tools read that shape: add fields, never rename or remove one.
 */
import { cpus, loadavg } from "node:os";
import { DURATIONS, TRICKLE_LAB, VANILLA_LAB, type DurationKey, type Durations } from "./timing.ts";
import { formatMs, summarize, type Section } from "./timing-report.ts";
import { verdictOf, type Verdict } from "./timing-verdict.ts";

/** The name of the JSON attachment (a ScenarioRun) the timing project's tests leave for the timing reporter. */
export const SCENARIO_RUN_ATTACHMENT = "timing: scenario run";

/** One call: which lab, and its key durations in the caller's tab. */
export interface Call {
  lab: string;
  durations: Durations;
}

/** How busy the machine was: load averages over 1, 5 and 15 minutes, and its cores. */
export interface Load {
  cores: number;
  atStart: number[];
  atEnd: number[];
}

/** What a scenario's calls produced, before any statistics. */
export interface ScenarioRun {
  name: string;
  about: string;
  calls: Call[];
  load: Load;
}

/** The load now, as the start of a Load (`finishLoad` adds the end). */
export function startLoad(): Load {
  return { cores: cpus().length, atStart: loadavg(), atEnd: [] };
}

export function finishLoad(load: Load): Load {
  return { ...load, atEnd: loadavg() };
}

export interface MedianP90 {
  median: number;
  p90: number;
}

/** One lab in one scenario: `firstFrameMs`, `offerSentMs`, ...: each key duration of timing.ts with "Ms" added. */
export type LabResult = { runs: number } & Partial<Record<`${DurationKey}Ms`, MedianP90>>;

export interface ScenarioResult {
  name: string;
  about: string;
  labs: Record<string, LabResult>;
  /** trickle median / vanilla median of Connect → first remote frame; below 1: trickle is faster. null without both labs. */
  ratio: number | null;
  /** The same ratio for each compared duration. */
  ratios: Partial<Record<DurationKey, number>>;
  /** null when a lab has no first-frame time. */
  verdict: (Verdict & { sentence: string }) | null;
  machine: Load;
  /** Every call, in the order made: enough to recompute everything above. */
  calls: Call[];
}

/** The title of the comparison's report: the timing project's calls, made one at a time. */
export const COMPARISON_TITLE = "Vanilla vs trickle ICE, measured alone after the other tests";

export function compareScenario(run: ScenarioRun, vanilla = VANILLA_LAB, trickle = TRICKLE_LAB): ScenarioResult {
  const summary = summarize(samplesOf(run), vanilla, trickle);
  const labs: Record<string, LabResult> = {};
  for (const row of summary.rows) {
    const lab: LabResult = { runs: row.runs };
    for (const { key } of DURATIONS) {
      const stat = row.stats[key];
      if (stat) lab[`${key}Ms`] = { median: tenths(stat.median), p90: tenths(stat.p90) };
    }
    labs[row.row] = lab;
  }
  const firstFrames = (lab: string) =>
    run.calls.filter((call) => call.lab === lab && call.durations.firstFrame !== undefined).map((call) => call.durations.firstFrame!);
  const [vanillaMs, trickleMs] = [firstFrames(vanilla), firstFrames(trickle)];
  const verdict = vanillaMs.length && trickleMs.length ? verdictOf(vanillaMs, trickleMs) : null;
  return {
    name: run.name,
    about: run.about,
    labs,
    ratio: summary.comparison?.ratio.firstFrame ?? null,
    ratios: summary.comparison?.ratio ?? {},
    verdict: verdict && {
      ...verdict,
      medianDifferenceMs: tenths(verdict.medianDifferenceMs),
      interval: { ...verdict.interval, lowMs: tenths(verdict.interval.lowMs), highMs: tenths(verdict.interval.highMs) },
      sentence: verdictSentence(verdict, vanillaMs.length, trickleMs.length, run.load, summary.comparison?.ratio.firstFrame),
    },
    machine: run.load,
    calls: run.calls.map(({ lab, durations }) => ({ lab, durations: mapValues(durations, tenths) })),
  };
}

/** Milliseconds to a tenth: what performance.now() resolves in a page anyway. */
function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function mapValues<T extends object>(record: T, change: (value: number) => number): T {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, change(value as number)])) as T;
}

/** The scenario's calls as rows of the timing table and chart (one row per lab). */
export function samplesOf(run: ScenarioRun) {
  return run.calls.map((call) => ({ row: call.lab, durations: call.durations }));
}

/** A titled table and chart section: the scenario, what it is, and its verdict. */
export function scenarioSection(run: ScenarioRun, result: ScenarioResult, vanilla = VANILLA_LAB, trickle = TRICKLE_LAB): Section {
  return {
    title: run.name,
    about: run.about,
    verdict: result.verdict?.sentence,
    summary: summarize(samplesOf(run), vanilla, trickle),
  };
}

/**
 * "Trickle is faster: vanilla shows the other camera 92 ms later (median difference;
 * trickle/vanilla 0.66; 95% bootstrap interval 41 ms to 130 ms; 5 vanilla and 5 trickle calls;
 * load average 1.2 → 1.5 (1 min) on 2 cores)."
 */
export function verdictSentence(verdict: Verdict, vanillaCalls: number, trickleCalls: number, load: Load, ratio?: number): string {
  const { lowMs, highMs, level } = verdict.interval;
  const spread =
    (ratio === undefined ? "" : `trickle/vanilla ${ratio.toFixed(2)}; `) +
    `${Math.round(level * 100)}% bootstrap interval ${formatMs(lowMs)} to ${formatMs(highMs)}; ` +
    `${vanillaCalls} vanilla and ${trickleCalls} trickle calls; ${loadSentence(load)}`;
  const difference = Math.abs(verdict.medianDifferenceMs);
  switch (verdict.winner) {
    case "trickle":
      return `Trickle is faster: vanilla shows the other camera ${formatMs(difference)} later (median difference; ${spread}).`;
    case "vanilla":
      return `Vanilla is faster: trickle shows the other camera ${formatMs(difference)} later (median difference; ${spread}).`;
    case "neither":
      return `No clear difference: the medians differ by ${formatMs(verdict.medianDifferenceMs)} (vanilla − trickle), but the interval includes zero (${spread}).`;
  }
}

/** "load average 1.2 → 1.5 (1 min) on 2 cores". */
export function loadSentence(load: Load): string {
  const oneMinute = (values: number[]) => (values[0] ?? NaN).toFixed(1);
  return `load average ${oneMinute(load.atStart)} → ${oneMinute(load.atEnd)} (1 min) on ${load.cores} cores`;
}

/**
 * The order of the calls: round after round, each lab once per round, and who goes
 * first swaps every round, so a drift in the machine's load hits both labs alike.
 */
export function takingTurns<Lab extends string>(rounds: number, labs: readonly Lab[]): { round: number; lab: Lab }[] {
  return Array.from({ length: rounds }, (_, i) => (i % 2 ? [...labs].reverse() : labs).map((lab) => ({ round: i + 1, lab }))).flat();
}
