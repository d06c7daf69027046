/**
 * How fast and how busy the machine was while a scenario made its calls, so
 * that two timing reports can be compared: the load average (how many
 * processes wanted a core) and a fixed CPU benchmark (how long this process
 * took for the same small piece of work), each at the start and at the end.
 *
 * The benchmark is 20 million steps of a tiny random-number generator in plain
 * JavaScript, the median of three runs: about 0.1 s on a quiet laptop core,
 * and it grows with the machine's slowness and with its load. A report whose
 * benchmark is twice as slow was made on a machine that had half the CPU to give.
 */
import { cpus, loadavg } from "node:os";

/** Steps of the benchmark loop: small enough to cost little, large enough to measure. */
export const BENCHMARK_STEPS = 20_000_000;

/** How busy and how fast the machine was: load averages over 1, 5 and 15 minutes, its cores, and the benchmark. */
export interface Load {
  cores: number;
  atStart: number[];
  atEnd: number[];
  /** ms the benchmark took (BENCHMARK_STEPS steps), at the start and at the end; absent in reports made before it existed. */
  benchmarkMs?: { atStart: number; atEnd: number };
}

/** The machine now, as the start of a Load (`finishLoad` adds the end). */
export function startLoad(): Load {
  const benchmark = benchmarkMs();
  return { cores: cpus().length, atStart: loadavg(), atEnd: [], benchmarkMs: { atStart: benchmark, atEnd: NaN } };
}

export function finishLoad(load: Load): Load {
  const benchmark = benchmarkMs();
  return { ...load, atEnd: loadavg(), benchmarkMs: { atStart: load.benchmarkMs?.atStart ?? NaN, atEnd: benchmark } };
}

/** The median time of three runs of the benchmark, in ms. */
export function benchmarkMs(steps = BENCHMARK_STEPS): number {
  const times = [0, 1, 2].map(() => {
    const started = performance.now();
    sink ^= spin(steps);
    return performance.now() - started;
  });
  return times.sort((a, b) => a - b)[1]!;
}

/** Where the benchmark's results go: a result that is kept cannot be optimised away. */
let sink = 0;

/** A linear congruential generator: pure integer work, the same on every machine. */
function spin(steps: number): number {
  let x = sink | 1;
  for (let i = 0; i < steps; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  return x;
}

/** "load average 1.2 → 1.5 (1 min) on 2 cores; 20M-step benchmark 112 ms → 130 ms". */
export function loadSentence(load: Load): string {
  const oneMinute = (values: number[]) => (values[0] ?? NaN).toFixed(1);
  const averages = `load average ${oneMinute(load.atStart)} → ${oneMinute(load.atEnd)} (1 min) on ${load.cores} cores`;
  const benchmark = load.benchmarkMs;
  if (!benchmark) return averages;
  const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : "–");
  return `${averages}; machine speed: ${BENCHMARK_STEPS / 1e6}M-step benchmark ${ms(benchmark.atStart)} → ${ms(benchmark.atEnd)}`;
}
