/**
 * The arithmetic behind reports/timing.json, on made-up calls (no browser):
 * the verdict names a winner only when the interval says so, the same calls
 * always give the same report, the labs take turns, the calls stop once the
 * verdict decides, the report names the step that took trickle's head start
 * back, and the timing project runs alone when it is the only one selected.
 * Then, with Playwright's own --list: --repeat-each repeats every test.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "./support/fixtures.ts";
import { callUntilDecided, compareScenario, headStartOf, looksOf, takingTurns, type Call, type ScenarioRun } from "./support/timing-comparison.ts";
import type { Load } from "./support/timing-machine.ts";
import { projectsNamed, repeatEachNamed, timingDependencies } from "./support/timing-project.ts";
import { summarize } from "./support/timing-report.ts";
import { TRICKLE_LAB, VANILLA_LAB, type Durations } from "./support/timing.ts";
import { verdictOf } from "./support/timing-verdict.ts";

const load: Load = { cores: 2, atStart: [0.5, 0.4, 0.3], atEnd: [0.6, 0.4, 0.3], benchmarkMs: { atStart: 112.4, atEnd: 130.2 } };

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
  expect(result.verdict?.sentence).toMatch(
    /^Trickle is faster: vanilla shows the other camera 720 ms later \(median difference; trickle\/vanilla 0\.23; 95% .*; 5 vanilla and 5 trickle calls; load average 0\.5 → 0\.6 \(1 min\) on 2 cores; machine speed: 20M-step benchmark 112 ms → 130 ms\)\.$/,
  );
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

test("the calls stop at the first look whose interval excludes zero, or lies within the margin, or at the cap; each look is stricter than 95%", async () => {
  expect(looksOf({ firstLook: 5, maxCalls: 20 })).toEqual([5, 10, 15, 20]);
  expect(looksOf({ firstLook: 5, maxCalls: 12 })).toEqual([5, 10, 12]);
  expect(looksOf({ firstLook: 5, maxCalls: 5 })).toEqual([5]);
  expect(() => looksOf({ firstLook: 5, maxCalls: 4 })).toThrow("at most the cap");

  // Each lab's calls come from a fixed list, in order: a clear gap decides at the first look.
  const fromLists = (lists: Record<string, number[]>) => {
    const made: string[] = [];
    const next = async ({ lab }: { lab: string }): Promise<Call> => {
      made.push(lab);
      const firstFrame = lists[lab]![made.filter((one) => one === lab).length - 1]!;
      return { lab, durations: { firstFrame } };
    };
    return { made, next };
  };
  const gap = fromLists({ v: [900, 950, 870, 1010, 930], t: [210, 190, 250, 230, 205] });
  const decided = await callUntilDecided({ firstLook: 5, maxCalls: 20 }, ["v", "t"], gap.next);
  expect(decided.stopping).toEqual({ firstLook: 5, maxCalls: 20, looks: [5], plannedLooks: 4, level: 1 - 0.05 / 4, stoppedBy: "winner" });
  expect(gap.made.slice(0, 4)).toEqual(["v", "t", "t", "v"]); // taking turns

  // Two labs as alike as can be: every look says "neither", so it goes on to the cap.
  const alike = Array.from({ length: 20 }, (_, i) => 500 + ((i * 37) % 100));
  const same = fromLists({ v: alike, t: alike });
  const undecided = await callUntilDecided({ firstLook: 5, maxCalls: 20 }, ["v", "t"], same.next);
  expect(undecided.stopping).toMatchObject({ looks: [5, 10, 15, 20], stoppedBy: "cap" });
  expect(undecided.calls).toHaveLength(40);

  // With a margin, the same two labs stop at the first look whose interval lies within it:
  // not after 5 calls each (−63 to 63 ms is wider than ±55), after 10 (−46.5 to 50 ms).
  const alikeWithMargin = fromLists({ [VANILLA_LAB]: alike, [TRICKLE_LAB]: alike }); // the labs the report knows
  const withinMargin = await callUntilDecided({ firstLook: 5, maxCalls: 20, marginMs: 55 }, [VANILLA_LAB, TRICKLE_LAB], alikeWithMargin.next);
  const intervalAt = (calls: number) => verdictOf(alike.slice(0, calls), alike.slice(0, calls), { resamples: 4000, level: 1 - 0.05 / 4, seed: 2012 }).interval;
  expect(intervalAt(5)).toMatchObject({ lowMs: -63, highMs: 63 });
  expect(withinMargin.stopping).toMatchObject({ looks: [5, 10], stoppedBy: "margin", marginMs: 55 });
  const report = compareScenario({ name: "alike", about: "made up", calls: withinMargin.calls, load, stopping: withinMargin.stopping });
  expect(report.verdict?.sentence).toMatch(/^No difference bigger than 55 ms: .* the whole interval lies within ±55 ms, the margin too small to tell \(.*within the margin after 10 vanilla and 10 trickle calls;/);

  // A margin never hides a winner: a clear gap still decides at the first look.
  const gapWithMargin = fromLists({ v: [900, 950, 870, 1010, 930], t: [210, 190, 250, 230, 205] });
  expect((await callUntilDecided({ firstLook: 5, maxCalls: 20, marginMs: 55 }, ["v", "t"], gapWithMargin.next)).stopping.stoppedBy).toBe("winner");

  // A look at 98.75% is wider than one at 95%: a gap that 95% calls decisive may not be at 98.75%.
  const [v, t] = [[300, 320, 280, 310, 290], [270, 300, 260, 285, 275]];
  const at = (level: number) => verdictOf(v, t, { resamples: 4000, level, seed: 2012 }).interval;
  expect(at(0.9875).lowMs).toBeLessThanOrEqual(at(0.95).lowMs);
  expect(at(0.9875).highMs).toBeGreaterThanOrEqual(at(0.95).highMs);
});

test("the report says where trickle's head start goes: the step where its lead shrinks most, and why", () => {
  const call = (lab: string, durations: Durations): Call => ({ lab, durations });
  // Medians: vanilla 250, 550, 600, 650, 800; trickle 50, 250, 560, 610, 790; the first frames overlap.
  const calls = [-1, 0, 1].flatMap((i) => [
    call(VANILLA_LAB, { offerSent: 250 + i, answerReceived: 550 + i, iceConnected: 600 + i, connected: 650 + i, firstFrame: 800 + 40 * i }),
    call(TRICKLE_LAB, { offerSent: 50 + i, answerReceived: 250 + i, iceConnected: 560 + i, connected: 610 + i, firstFrame: 790 - 40 * i }),
  ]);
  const headStart = headStartOf(summarize(calls.map(({ lab, durations }) => ({ row: lab, durations }))));
  // "answer received" is not a milestone of the lead: vanilla's answer leaves only after its answerer's ICE checks.
  expect(headStart.milestones.map(({ key, vanillaLosesMs }) => [key, vanillaLosesMs])).toEqual([
    ["offerSent", 200],
    ["iceConnected", 40],
    ["connected", 40],
    ["firstFrame", 10],
  ]);
  expect(headStart.biggestLoss).toMatchObject({ from: "offerSent", to: "iceConnected", lostMs: 160 });
  expect(headStart.biggestLoss?.why).toContain("starts gathering only once it has set its answer");

  // Without a winner, the verdict names that step; the section says it for every scenario.
  const result = compareScenario({ name: "no-stun", about: "made up", calls, load });
  expect(result.verdict?.winner).toBe("neither");
  expect(result.verdict?.sentence).toContain("Trickle's lead: it shrinks most from offer sent to ICE connected (by 160 ms)");
  expect(result.headStart).toEqual(headStart);

  // A lead that survives ICE and is lost in the DTLS handshake is pinned on that step.
  const dtls = [
    call(VANILLA_LAB, { offerSent: 150, iceConnected: 400, connected: 420, firstFrame: 500 }),
    call(TRICKLE_LAB, { offerSent: 50, iceConnected: 310, connected: 410, firstFrame: 500 }),
  ];
  expect(headStartOf(summarize(dtls.map(({ lab, durations }) => ({ row: lab, durations })))).biggestLoss).toMatchObject({
    from: "iceConnected",
    to: "connected",
    lostMs: 80,
  });
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
  expect(repeatEachNamed(["node", "playwright", "test", "--repeat-each", "5"])).toBe(5);
  expect(repeatEachNamed(["node", "playwright", "test", "--repeat-each=3", "--project=labs"])).toBe(3);
  expect(repeatEachNamed(["node", "playwright", "test"])).toBeUndefined();
});

test("--repeat-each repeats every test, the timing project's dependency included", async () => {
  test.setTimeout(90_000); // two listings: Playwright loads every spec file twice
  const root = fileURLToPath(new URL("..", import.meta.url));
  // The listing runs outside this test run: none of its worker's variables.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("TEST_") && !name.startsWith("PW")));
  const count = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(process.execPath, ["node_modules/@playwright/test/cli.js", "test", "--list", ...args], { cwd: root, env });
    const total = /^Total: (\d+) tests? in/m.exec(stdout);
    if (!total) throw new Error(`no "Total:" line in the listing:\n${stdout.slice(-500)}`);
    return Number(total[1]);
  };
  const [once, twice] = await Promise.all([count(), count("--repeat-each", "2")]);
  expect(once, "the whole suite is listed").toBeGreaterThan(100);
  expect(twice, "--repeat-each 2 lists every test twice").toBe(2 * once);
});
