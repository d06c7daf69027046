/**
 * Is trickle faster? A verdict per scenario, from the first-frame times of a
 * few calls per lab: the difference of the medians (vanilla − trickle) and a
 * bootstrap interval around it. Only an interval that lies wholly on one side
 * of zero names a winner; one that spans zero says "no clear difference".
 *
 * The resampling uses a seeded generator, so the same calls always give the
 * same interval: two reports differ only when their measurements do.
 */
import { median } from "./timing-report.ts";

/** How many resamples, and how wide the interval is: 95% is the usual choice, 4000 resamples make it stable to a few ms. */
export const BOOTSTRAP = { resamples: 4000, level: 0.95, seed: 20_12 } as const;

export interface BootstrapSettings {
  resamples: number;
  /** The interval's level: 0.95 for one look, higher (a wider interval) for each of several looks (timing-comparison.ts). */
  level: number;
  seed: number;
}

export type Winner = "trickle" | "vanilla" | "neither";

export interface Verdict {
  winner: Winner;
  /** vanilla median − trickle median, in ms: positive when trickle shows the other camera sooner. */
  medianDifferenceMs: number;
  /** The bootstrap interval of that difference, in ms. */
  interval: { level: number; lowMs: number; highMs: number };
  resamples: number;
  seed: number;
}

/**
 * Resamples each lab's calls with replacement, independently, and takes the
 * difference of the two medians each time; the interval is the middle
 * `level` share of those differences (percentile bootstrap).
 */
export function verdictOf(vanillaMs: number[], trickleMs: number[], settings: BootstrapSettings = BOOTSTRAP): Verdict {
  if (vanillaMs.length === 0 || trickleMs.length === 0) throw new Error("A verdict needs at least one call per lab.");
  const random = mulberry32(settings.seed);
  const resample = (values: number[]) => values.map(() => values[Math.floor(random() * values.length)]!);
  const differences = Array.from({ length: settings.resamples }, () => median(resample(vanillaMs)) - median(resample(trickleMs)));
  differences.sort((a, b) => a - b);
  const tail = (1 - settings.level) / 2;
  const lowMs = differences[Math.floor(tail * (differences.length - 1))]!;
  const highMs = differences[Math.ceil((1 - tail) * (differences.length - 1))]!;
  return {
    winner: lowMs > 0 ? "trickle" : highMs < 0 ? "vanilla" : "neither",
    medianDifferenceMs: median(vanillaMs) - median(trickleMs),
    interval: { level: settings.level, lowMs, highMs },
    resamples: settings.resamples,
    seed: settings.seed,
  };
}

/**
 * Mulberry32: a tiny, well-known 32-bit generator (Tommy Ettinger, public
 * domain). Enough for resampling; Math.random cannot be seeded.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
