/**
 * The arithmetic behind reports/timing.json, on made-up calls (no browser):
 * the verdict names a winner only when the interval says so, the same calls
 * always give the same report, the labs take turns, and the timing project
 * runs alone when it is the only one selected.
 */
import { expect, test } from "./support/fixtures.ts";
import { compareScenario, takingTurns, type Call, type ScenarioRun } from "./support/timing-comparison.ts";
import { projectsNamed, timingDependencies } from "./support/timing-project.ts";
import { TRICKLE_LAB, VANILLA_LAB } from "./support/timing.ts";
import { verdictOf } from "./support/timing-verdict.ts";

const load = { cores: 2, atStart: [0.5, 0.4, 0.3], atEnd: [0.6, 0.4, 0.3] };

function run(name: string, vanillaMs: number[], trickleMs: number[]): ScenarioRun {
  const calls: Call[] = [
    ...vanillaMs.map((firstFrame) => ({ lab: VANILLA_LAB, durations: { firstFrame } })),
    ...trickleMs.map((firstFrame) => ({ lab: TRICKLE_LAB, durations: { firstFrame } })),
  ];
  return { name, about: "made up", calls, load };
}

test("a clear gap gives trickle the verdict, in the stable shape", () => {
  const result = compareScenario(run("slow-stun", [900, 950, 870, 1010, 930], [210, 190, 250, 230, 205]));
  expect(result.labs[VANILLA_LAB]).toEqual({ runs: 5, firstFrameMs: { median: 930, p90: 1010 } });
  expect(result.labs[TRICKLE_LAB]).toEqual({ runs: 5, firstFrameMs: { median: 210, p90: 250 } });
  expect(result.ratio).toBeCloseTo(210 / 930, 5);
  expect(result.verdict?.winner).toBe("trickle");
  expect(result.verdict?.medianDifferenceMs).toBe(720);
  expect(result.verdict!.interval.lowMs).toBeGreaterThan(0);
  expect(result.verdict?.sentence).toMatch(/^Trickle is faster: vanilla shows the other camera 720 ms later \(median difference; trickle\/vanilla 0\.23; 95% .*load average 0\.5 → 0\.6 \(1 min\) on 2 cores/);
});

test("overlapping calls give no winner, and a reversed gap gives vanilla the verdict", () => {
  expect(verdictOf([300, 180, 260, 200, 240], [250, 190, 270, 210, 230]).winner).toBe("neither");
  expect(verdictOf([200, 210, 190, 205, 195], [400, 420, 380, 410, 390]).winner).toBe("vanilla");
});

test("the same calls always give the same interval (the resampling is seeded)", () => {
  const vanilla = [310, 250, 290, 275, 330, 262];
  const trickle = [180, 240, 200, 260, 175, 190];
  const first = verdictOf(vanilla, trickle);
  expect(verdictOf(vanilla, trickle)).toEqual(first);
  expect(first.interval.lowMs).toBeLessThanOrEqual(first.medianDifferenceMs);
  expect(first.interval.highMs).toBeGreaterThanOrEqual(first.medianDifferenceMs);
});

test("the labs take turns, and who goes first swaps every round", () => {
  expect(takingTurns(3, ["v", "t"]).map(({ round, lab }) => `${round}${lab}`)).toEqual(["1v", "1t", "2t", "2v", "3v", "3t"]);
});

test("the timing project depends on the others unless it is the only project selected", () => {
  const others = ["labs"];
  expect(timingDependencies(others, ["node", "playwright", "test"])).toEqual(others);
  expect(timingDependencies(others, ["node", "playwright", "test", "--project=timing"])).toEqual([]);
  expect(timingDependencies(others, ["node", "playwright", "test", "--project", "Timing", "--workers", "1"])).toEqual([]);
  expect(timingDependencies(others, ["node", "playwright", "test", "--project", "timing", "labs"])).toEqual(others);
  expect(timingDependencies(others, ["node", "playwright", "test", "--project=labs"])).toEqual(others);
  expect(projectsNamed(["test", "--project", "a", "b", "--grep", "x", "--project=c"])).toEqual(["a", "b", "c"]);
});
