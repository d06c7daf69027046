/**
 * Vanilla against trickle, scenario by scenario: the calls of one scenario (made
 * one at a time, the two labs taking turns, until the verdict decides) become the
 * stable record that reports/timing.json and reports/compare.json hold:
 *
 *   { name, about, labs: { "02-ws-vanilla": { runs, firstFrameMs: { median, p90 }, ... }, "04-trickle": {...} },
 *     ratio, verdict, machine, calls, stopping, headStart }
 *
 * Other tools read that shape: add fields, never rename or remove one.
 */
import { DURATIONS, TRICKLE_LAB, VANILLA_LAB, type DurationKey, type Durations } from "./timing.ts";
import { loadSentence, type Load } from "./timing-machine.ts";
import { formatMs, median, summarize, type Section, type TimingSummary } from "./timing-report.ts";
import { BOOTSTRAP, verdictOf, type Verdict } from "./timing-verdict.ts";

/** The name of the JSON attachment (a ScenarioRun) the timing project's tests leave for the timing reporter. */
export const SCENARIO_RUN_ATTACHMENT = "timing: scenario run";

/** What getStats said about a call once it was over, in the caller's tab: counts, which hold however busy the machine is. */
export interface CallCounts {
  /** RTCTransportStats.selectedCandidatePairChanges: 1 when ICE picked a candidate pair and kept it. */
  pairChanges: number;
  /** PLIs and FIRs the caller sent for the remote video: keyframes it had to ask for again (0 when the first one arrived whole). */
  keyframeRequests: number;
}

/** One call: which lab, and its key durations in the caller's tab. */
export interface Call {
  lab: string;
  durations: Durations;
  counts?: CallCounts;
  /** When the caller clicked Connect, in ms since 1970 (performance.timeOrigin + the mark): to find the call in a log. */
  connectClickedAt?: number;
}

/** How many calls a scenario may make: `firstLook` per lab, then `firstLook` more at a time, up to `maxCalls` per lab. */
export interface Sampling {
  firstLook: number;
  maxCalls: number;
  /**
   * A difference too small to tell, in ms: the calls also stop once the interval lies
   * wholly within ±marginMs (no winner, and more calls could only name one by less).
   * The timing project gives one frame of the test camera: a first remote frame can
   * only come when the sender's camera delivers one, so that is the measurement's grain.
   */
  marginMs?: number;
}

/** Why a scenario's calls stopped: a winner, an interval within the margin, or the cap. */
export type StoppedBy = "winner" | "margin" | "cap";

/** How a scenario's calls stopped. */
export interface Stopping extends Sampling {
  /** Calls per lab at each look taken, e.g. [5, 10]: the verdict was computed after each. */
  looks: number[];
  /** How many looks the sampling allows (four for looks every 5 calls up to 20). */
  plannedLooks: number;
  /**
   * The interval level of every look: 95% shared among the planned looks
   * (Bonferroni: 1 − 0.05 / looks), so that looking again and again does not
   * make a winner more likely by chance.
   */
  level: number;
  stoppedBy: StoppedBy;
}

/** What a scenario's calls produced, before any statistics. */
export interface ScenarioRun {
  name: string;
  about: string;
  calls: Call[];
  load: Load;
  /** Absent when the number of calls was fixed beforehand. */
  stopping?: Stopping;
  /** What the scenario's STUN server saw (e.g. how long Chromium waited before it asked again). */
  observed?: string;
}

export interface MedianP90 {
  median: number;
  p90: number;
}

/** One lab in one scenario: `firstFrameMs`, `offerSentMs`, ...: each key duration of timing.ts with "Ms" added. */
export type LabResult = { runs: number } & Partial<Record<`${DurationKey}Ms`, MedianP90>> & Partial<Record<keyof CallCounts, { median: number; max: number }>>;

/** Trickle's lead over vanilla at each milestone of a call (medians), and the step that takes most of it back. */
export interface HeadStart {
  milestones: { key: DurationKey; label: string; vanillaLosesMs: number }[];
  /** The step between two milestones where the lead shrinks most; absent when it never shrinks. */
  biggestLoss?: { from: DurationKey; to: DurationKey; lostMs: number; why: string };
}

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
  stopping: Stopping | null;
  headStart: HeadStart | null;
}

/** The title of the comparison's report: the timing project's calls, made one at a time. */
export const COMPARISON_TITLE = "Vanilla vs trickle ICE, measured alone after the other tests";

/**
 * The milestones trickle's lead is followed through. "Answer received" is left
 * out: vanilla's answerer sends its answer only once its own ICE checks have
 * succeeded, so at that moment the two labs are at different points of the call.
 */
const HEAD_START_MILESTONES: readonly DurationKey[] = ["offerSent", "iceConnected", "connected", "firstFrame"];

/** What happens between two milestones, and why trickle can lose time there (measured: lab 04's README). */
const WHY_THE_LEAD_SHRINKS: Partial<Record<`${DurationKey}→${DurationKey}`, string>> = {
  "offerSent→iceConnected":
    "the answering tab starts gathering only once it has set its answer, so the caller waits for that gathering and the " +
    "answerer's first check; vanilla's answerer did both before it answered, while trickle's tabs handle candidates meanwhile, " +
    "which a busy CPU makes slower",
  "iceConnected→connected":
    "the DTLS handshake: vanilla's answerer (the DTLS client) started it before its answer left, and its ClientHello waits " +
    "at the caller, which Chromium keeps until it can reply; with trickle both reach ICE connected together and the handshake starts then",
  "connected→firstFrame":
    "the first keyframe: the answering tab's encoder starts once DTLS is done, then the frame is sent, decoded and painted, " +
    "while trickle's tabs still handle the last candidates",
};

export function compareScenario(run: ScenarioRun, vanilla = VANILLA_LAB, trickle = TRICKLE_LAB): ScenarioResult {
  const summary = summarize(samplesOf(run), vanilla, trickle);
  const labs: Record<string, LabResult> = {};
  for (const row of summary.rows) {
    const lab: LabResult = { runs: row.runs };
    for (const { key } of DURATIONS) {
      const stat = row.stats[key];
      if (stat) lab[`${key}Ms`] = { median: tenths(stat.median), p90: tenths(stat.p90) };
    }
    for (const count of ["pairChanges", "keyframeRequests"] as const) {
      const values = run.calls.filter((call) => call.lab === row.row && call.counts).map((call) => call.counts![count]);
      if (values.length) lab[count] = { median: median(values), max: Math.max(...values) };
    }
    labs[row.row] = lab;
  }
  const [vanillaMs, trickleMs] = [firstFramesOf(run.calls, vanilla), firstFramesOf(run.calls, trickle)];
  const level = run.stopping?.level ?? BOOTSTRAP.level;
  const verdict = vanillaMs.length && trickleMs.length ? verdictOf(vanillaMs, trickleMs, { ...BOOTSTRAP, level }) : null;
  const headStart = summary.comparison ? headStartOf(summary) : null;
  return {
    name: run.name,
    about: aboutOf(run),
    labs,
    ratio: summary.comparison?.ratio.firstFrame ?? null,
    ratios: summary.comparison?.ratio ?? {},
    verdict: verdict && {
      ...verdict,
      medianDifferenceMs: tenths(verdict.medianDifferenceMs),
      interval: { ...verdict.interval, lowMs: tenths(verdict.interval.lowMs), highMs: tenths(verdict.interval.highMs) },
      sentence: verdictSentence(verdict, { vanillaCalls: vanillaMs.length, trickleCalls: trickleMs.length, load: run.load, stopping: run.stopping, ratio: summary.comparison?.ratio.firstFrame, headStart }),
    },
    machine: run.load,
    calls: run.calls.map(({ lab, durations, counts }) => ({ lab, durations: mapValues(durations, tenths), ...(counts ? { counts } : {}) })),
    stopping: run.stopping ?? null,
    headStart,
  };
}

function firstFramesOf(calls: Call[], lab: string): number[] {
  return calls.filter((call) => call.lab === lab && call.durations.firstFrame !== undefined).map((call) => call.durations.firstFrame!);
}

function aboutOf(run: ScenarioRun): string {
  return run.observed ? `${run.about} ${run.observed}` : run.about;
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

/**
 * Trickle's lead (vanilla median − trickle median) at each milestone, in the
 * order of a call, and the step where it shrinks most: where the head start goes.
 */
export function headStartOf(summary: TimingSummary): HeadStart {
  const lost = summary.comparison?.lostMs ?? {};
  const milestones = DURATIONS.filter(({ key }) => HEAD_START_MILESTONES.includes(key) && lost[key] !== undefined).map(({ key, label }) => ({
    key,
    label: label.replace("Connect → ", ""),
    vanillaLosesMs: tenths(lost[key]!),
  }));
  let biggestLoss: HeadStart["biggestLoss"];
  for (let i = 1; i < milestones.length; i++) {
    const [from, to] = [milestones[i - 1]!, milestones[i]!];
    const lostMs = tenths(from.vanillaLosesMs - to.vanillaLosesMs);
    if (lostMs > 0 && lostMs > (biggestLoss?.lostMs ?? 0)) {
      biggestLoss = { from: from.key, to: to.key, lostMs, why: WHY_THE_LEAD_SHRINKS[`${from.key}→${to.key}`] ?? "" };
    }
  }
  return { milestones, ...(biggestLoss ? { biggestLoss } : {}) };
}

/**
 * "Trickle's lead (vanilla − trickle, medians): 171 ms at offer sent, ...; it shrinks most from ICE connected
 * to connected (48 ms): ..." (`why: false` leaves the last part to the verdict, which says it when trickle did not win).
 */
export function headStartSentence({ milestones, biggestLoss }: HeadStart, { why = true } = {}): string {
  const leads = milestones.map(({ label, vanillaLosesMs }) => `${formatMs(vanillaLosesMs)} at ${label}`).join(", ");
  if (!biggestLoss) return `Trickle's lead (vanilla − trickle, medians): ${leads}; it never shrinks.`;
  if (!why) return `Trickle's lead (vanilla − trickle, medians): ${leads}.`;
  return `Trickle's lead (vanilla − trickle, medians): ${leads}. ${lossSentence(biggestLoss)}`;
}

/** "It shrinks most from ICE connected to connected (by 48 ms): the DTLS handshake: ...". */
function lossSentence({ from, to, lostMs, why }: NonNullable<HeadStart["biggestLoss"]>): string {
  return `It shrinks most from ${labelOf(from)} to ${labelOf(to)} (by ${formatMs(lostMs)})${why ? `: ${why}` : ""}.`;
}

/** "getStats after each call, in the caller's tab: selected-pair changes ...; keyframe requests ...". */
function countsSentence(result: ScenarioResult, vanilla: string, trickle: string): string | undefined {
  const part = (count: keyof CallCounts, words: string) => {
    const [v, t] = [result.labs[vanilla]?.[count], result.labs[trickle]?.[count]];
    if (!v || !t) return undefined;
    return `${words}: vanilla ${v.median} (max ${v.max}), trickle ${t.median} (max ${t.max})`;
  };
  const parts = [part("pairChanges", "selected-pair changes"), part("keyframeRequests", "keyframe requests")].filter(Boolean);
  return parts.length ? `getStats after each call, in the caller's tab (median per call): ${parts.join("; ")}.` : undefined;
}

/** A titled table and chart section: the scenario, what it is, its verdict, and where the head start went. */
export function scenarioSection(run: ScenarioRun, result: ScenarioResult, vanilla = VANILLA_LAB, trickle = TRICKLE_LAB): Section {
  // A verdict without trickle as the winner already says where the lead went.
  const why = result.verdict?.winner === "trickle";
  const notes = [result.headStart ? headStartSentence(result.headStart, { why }) : undefined, countsSentence(result, vanilla, trickle)];
  return {
    title: run.name,
    about: aboutOf(run),
    verdict: result.verdict?.sentence,
    notes: notes.filter((note) => note !== undefined),
    summary: summarize(samplesOf(run), vanilla, trickle),
  };
}

interface VerdictContext {
  vanillaCalls: number;
  trickleCalls: number;
  load: Load;
  stopping?: Stopping;
  ratio?: number;
  headStart?: HeadStart | null;
}

/**
 * "Trickle is faster: vanilla shows the other camera 92 ms later (median difference;
 * trickle/vanilla 0.66; 98.75% bootstrap interval 41 ms to 130 ms, 95% over 4 looks;
 * decided after 5 vanilla and 5 trickle calls; load average 1.2 → 1.5 (1 min) on 2 cores;
 * machine speed: 20M-step benchmark 112 ms → 130 ms)."
 * Without a winner it also says which step took trickle's head start back.
 */
export function verdictSentence(verdict: Verdict, { vanillaCalls, trickleCalls, load, stopping, ratio, headStart }: VerdictContext): string {
  const { lowMs, highMs, level } = verdict.interval;
  const levelWords = stopping && stopping.plannedLooks > 1 ? `${percent(level)} bootstrap interval (95% over ${stopping.plannedLooks} looks)` : `${percent(level)} bootstrap interval`;
  const calls = `${vanillaCalls} vanilla and ${trickleCalls} trickle calls`;
  const howMany = !stopping ? calls : STOPPED_BY_WORDS[stopping.stoppedBy](calls);
  const spread =
    (ratio === undefined ? "" : `trickle/vanilla ${ratio.toFixed(2)}; `) +
    `${levelWords} ${formatMs(lowMs)} to ${formatMs(highMs)}; ${howMany}; ${loadSentence(load)}`;
  const difference = Math.abs(verdict.medianDifferenceMs);
  const why = headStart?.biggestLoss ? ` Trickle's lead: ${lossSentence(headStart.biggestLoss).replace(/^It /, "it ")}` : "";
  switch (verdict.winner) {
    case "trickle":
      return `Trickle is faster: vanilla shows the other camera ${formatMs(difference)} later (median difference; ${spread}).`;
    case "vanilla":
      return `Vanilla is faster: trickle shows the other camera ${formatMs(difference)} later (median difference; ${spread}).${why}`;
    case "neither":
      if (stopping?.stoppedBy === "margin") {
        const margin = formatMs(stopping.marginMs!);
        return `No difference bigger than ${margin}: the medians differ by ${formatMs(verdict.medianDifferenceMs)} (vanilla − trickle), and the whole interval lies within ±${margin}, the margin too small to tell (${spread}).${why}`;
      }
      return `No clear difference: the medians differ by ${formatMs(verdict.medianDifferenceMs)} (vanilla − trickle), but the interval includes zero (${spread}).${why}`;
  }
}

/** "decided after 5 vanilla and 5 trickle calls", and so on: how the calls stopped. */
const STOPPED_BY_WORDS: Record<StoppedBy, (calls: string) => string> = {
  winner: (calls) => `decided after ${calls}`,
  margin: (calls) => `within the margin after ${calls}`,
  cap: (calls) => `still undecided after ${calls} (the cap)`,
};

function labelOf(key: DurationKey): string {
  return DURATIONS.find((duration) => duration.key === key)!.label.replace("Connect → ", "");
}

/** 0.95 → "95%", 0.9875 → "98.75%". */
function percent(level: number): string {
  return `${Number((level * 100).toFixed(2))}%`;
}

/**
 * The order of the calls: round after round, each lab once per round, and who goes
 * first swaps every round, so a drift in the machine's load hits both labs alike.
 */
export function takingTurns<Lab extends string>(rounds: number, labs: readonly Lab[]): { round: number; lab: Lab }[] {
  return Array.from({ length: rounds }, (_, i) => roundOf(i + 1, labs)).flat();
}

function roundOf<Lab extends string>(round: number, labs: readonly Lab[]): { round: number; lab: Lab }[] {
  return (round % 2 ? labs : [...labs].reverse()).map((lab) => ({ round, lab }));
}

/** The whole interval lies within ±marginMs: whichever lab is faster, it is by less than the margin. */
function withinMargin({ interval }: Verdict, marginMs: number): boolean {
  return interval.lowMs >= -marginMs && interval.highMs <= marginMs;
}

/** The calls per lab after which the verdict is looked at: every `firstLook`, and the cap. */
export function looksOf({ firstLook, maxCalls }: Sampling): number[] {
  if (!(firstLook >= 1 && maxCalls >= firstLook)) throw new Error(`Calls per look must be at least 1 and at most the cap, got ${firstLook} and ${maxCalls}.`);
  const looks: number[] = [];
  for (let calls = firstLook; calls < maxCalls; calls += firstLook) looks.push(calls);
  return [...looks, maxCalls];
}

/**
 * Makes calls, the labs taking turns, until the verdict names a winner at one of
 * the looks (looksOf), its interval lies within the margin, or the cap is reached. `call` returns undefined for a
 * call that failed (the caller records why); failed calls are not made again.
 */
export async function callUntilDecided(
  sampling: Sampling,
  [vanilla, trickle]: readonly [string, string],
  call: (turn: { round: number; lab: string }) => Promise<Call | undefined>,
): Promise<{ calls: Call[]; stopping: Stopping }> {
  const looks = looksOf(sampling);
  const level = 1 - (1 - BOOTSTRAP.level) / looks.length;
  const calls: Call[] = [];
  const taken: number[] = [];
  let stoppedBy: StoppedBy = "cap";
  let round = 0;
  for (const callsPerLab of looks) {
    while (round < callsPerLab) {
      round++;
      for (const turn of roundOf(round, [vanilla, trickle])) {
        const made = await call(turn);
        if (made) calls.push(made);
      }
    }
    taken.push(callsPerLab);
    const [vanillaMs, trickleMs] = [firstFramesOf(calls, vanilla), firstFramesOf(calls, trickle)];
    if (vanillaMs.length === 0 || trickleMs.length === 0) continue;
    const verdict = verdictOf(vanillaMs, trickleMs, { ...BOOTSTRAP, level });
    if (verdict.winner !== "neither") stoppedBy = "winner";
    else if (sampling.marginMs !== undefined && withinMargin(verdict, sampling.marginMs)) stoppedBy = "margin";
    if (stoppedBy !== "cap") break;
  }
  return { calls, stopping: { ...sampling, looks: taken, plannedLooks: looks.length, level, stoppedBy } };
}
