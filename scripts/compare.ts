/**
 * `npm run compare -- --runs 10`: vanilla ICE (lab 02) against trickle ICE
 * (lab 04), measured in a real Chromium, in four scenarios (scripts/compare/scenarios.ts).
 * The two labs take turns, N calls each (with --max-runs, more until the verdict
 * decides), in one process: the same two browsers (one per side, each filming a
 * small picture), the same load on the machine. Calls whose timing is the point
 * are made one at a time; calls that only wait on Chromium's STUN timeout
 * (vanilla's, in black-hole-stun) wait all at once, each in its own room, so
 * together they cost one timeout.
 * Prints median, p90, the trickle/vanilla ratio and a verdict per scenario,
 * writes reports/compare.{md,json,svg} (the JSON in the shape of
 * e2e/support/timing-comparison.ts), and exits non-zero if a call failed to connect.
 *
 * Everything stays on this machine: the relay, the pages and the STUN servers
 * listen on 127.0.0.1 only and stop when the command ends.
 */
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { labsPortFromEnv } from "../server/settings.ts";
import { chromiumWithCamera } from "../e2e/support/chromium.ts";
import { cameraFileFor } from "../e2e/support/pictures.ts";
import { measureCall, timingContext, type CallSides } from "../e2e/support/timing-call.ts";
import {
  callUntilDecided,
  compareScenario,
  scenarioSection,
  takingTurns,
  type Call,
  type ScenarioResult,
  type ScenarioRun,
} from "../e2e/support/timing-comparison.ts";
import { finishLoad, startLoad } from "../e2e/support/timing-machine.ts";
import { writeReport, writeTimingFiles } from "../e2e/support/timing-files.ts";
import { formatMs, median, TABLE_LEGEND, timingTable, type Section } from "../e2e/support/timing-report.ts";
import { TRICKLE_LAB, VANILLA_LAB } from "../e2e/support/timing.ts";
import { startLabServers } from "./lab-servers.ts";
import { labFolders } from "./labs.ts";
import { firstLine } from "./compare/first-line.ts";
import { ChromiumLog, PHASE_LOG_FLAGS, phasesTable, type CallPhases } from "./compare/phases.ts";
import { scenarios, type Role, type Scenario } from "./compare/scenarios.ts";
import { compareTurn, TURN_SCENARIO } from "./compare/turn.ts";
import { INSTALL_COTURN, turnServerVersion, turnSettingsFromEnv } from "./turn-server.ts";
import { startBlackHoleStunServer, startLossyStunServer, startSlowStunServer } from "./compare/stun-servers.ts";

const DEFAULT_SLOW_STUN_MS = 2000;
const USAGE = `usage: npm run compare -- [--runs N] [--max-runs M] [--scenario NAME]... [--slow-stun-ms MS] [--vanilla LAB] [--trickle LAB]
       npm run compare -- --serve-stun   (only the three STUN servers, to try the scenarios by hand)
  --runs N          calls per lab and scenario (default 5)
  --max-runs M      then N more at a time, until the verdict names a winner or M calls per lab
                    are made (default: N, no more); black-hole-stun always makes N
  --scenario NAME   only this scenario (repeatable): ${scenarios(DEFAULT_SLOW_STUN_MS).map((scenario) => scenario.name).join(", ")},
                    turn (lab 06 direct vs through coturn; needs turnserver) (default: all)
  --slow-stun-ms MS how late the slow STUN server answers (default ${DEFAULT_SLOW_STUN_MS})
  --vanilla LAB     the vanilla lab folder (default ${VANILLA_LAB})
  --trickle LAB     the trickle lab folder (default ${TRICKLE_LAB})
  --phases          also read Chromium's own log: ICE, DTLS, first RTP packet and first decoded frame
                    of each call, on the pages' clock (reports/compare-phases.md)
  --serve-stun      start the slow STUN server on 127.0.0.1:3478, the black hole on 127.0.0.1:3479
                    and the lossy one on 127.0.0.1:3480, and wait for Ctrl+C, for \`npm start\` pages opened with ?stun=`;

const { values: options } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "max-runs": { type: "string" },
    scenario: { type: "string", multiple: true },
    "slow-stun-ms": { type: "string", default: String(DEFAULT_SLOW_STUN_MS) },
    vanilla: { type: "string", default: VANILLA_LAB },
    trickle: { type: "string", default: TRICKLE_LAB },
    "serve-stun": { type: "boolean", default: false },
    phases: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
if (options["serve-stun"]) {
  await serveStunUntilStopped(wholeNumber("--slow-stun-ms", options["slow-stun-ms"]));
  process.exit(0);
}

const runs = wholeNumber("--runs", options.runs);
const maxRuns = options["max-runs"] === undefined ? runs : wholeNumber("--max-runs", options["max-runs"]);
if (maxRuns < runs) fail(`--max-runs (${maxRuns}) cannot be less than --runs (${runs}).\n${USAGE}`);
const allScenarios = scenarios(wholeNumber("--slow-stun-ms", options["slow-stun-ms"]));
// `turnserver --version` starts a process: only asked when the turn scenario may run.
const mayRunTurn = options.scenario?.includes(TURN_SCENARIO.name) ?? true;
const coturnInstalled = mayRunTurn && turnServerVersion() !== null;
const labScenarioNames = allScenarios.map((scenario) => scenario.name);
const chosen = options.scenario ?? [...labScenarioNames, ...(coturnInstalled ? [TURN_SCENARIO.name] : [])];
const unknown = chosen.filter((name) => name !== TURN_SCENARIO.name && !labScenarioNames.includes(name));
if (unknown.length) fail(`Unknown scenario ${unknown.join(", ")}.\n${USAGE}`);
const chosenScenarios = allScenarios.filter((scenario) => chosen.includes(scenario.name));
const withTurn = chosen.includes(TURN_SCENARIO.name);
if (withTurn && !coturnInstalled) fail(`The turn scenario needs turnserver: ${INSTALL_COTURN}.`);
if (!options.scenario && !coturnInstalled) console.log(`(no turn scenario: ${INSTALL_COTURN})`);
const labs = [options.vanilla, options.trickle];
for (const lab of labs) {
  if (!labFolders().includes(lab)) fail(`There is no lab labs/${lab}/ (there are: ${labFolders().join(", ")}).\n${USAGE}`);
}

// The relay and the pages on 127.0.0.1 only, on free ports (never clashing with a running
// `npm start`), with no live reload: an edit to a lab during the run must not reload a page mid-call.
const LOOPBACK = "127.0.0.1";
const servers = await startLabServers({
  relay: { wsPort: 0, wssPort: 0, host: LOOPBACK, quiet: true },
  pages: { host: LOOPBACK, port: 0, strictPort: false, hmr: false, watch: null },
  logLevel: "warn",
  ...(withTurn ? { turn: turnSettingsFromEnv({ ...process.env, TURN_IP: LOOPBACK }) } : {}),
});
if (servers.turn?.running === false) {
  await servers.close();
  fail(`The turn scenario needs a running turnserver: ${servers.turn.why}`);
}
const baseUrl = `https://${LOOPBACK}:${servers.pagesPort}/`;
// The same Chromium, with the same flags (fake camera, loopback ICE), as the tests: one browser
// per side, each filming its own small picture, as the Playwright project \`timing\` does.
// With --phases each browser runs as a server of this process, so that its log (stderr) can be read.
const logs: ChromiumLog[] = []; // [the caller's browser, the callee's]
const [callerBrowser, calleeBrowser] = await Promise.all(
  ["alice", "bob"].map(async (name, side) => {
    const launchOptions = chromiumWithCamera(cameraFileFor(name), { headless: true });
    if (!options.phases) return chromium.launch(launchOptions);
    const server = await chromium.launchServer({ ...launchOptions, args: [...launchOptions.args!, ...PHASE_LOG_FLAGS] });
    logs[side] = new ChromiumLog(server.process().stderr!);
    const browser = await chromium.connect(server.wsEndpoint());
    browser.on("disconnected", () => void server.close());
    return browser;
  }),
);
const sides: CallSides = { caller: await timingContext(callerBrowser!), callee: await timingContext(calleeBrowser!) };
const failures: string[] = [];
const sections: Section[] = [];
const results: ScenarioResult[] = [];
const phaseTables: string[] = [];
const startedAt = performance.now();
try {
  console.log(`Comparing ${options.vanilla} (vanilla) with ${options.trickle} (trickle): ${runs} calls each per scenario.`);
  // A warm-up call per lab, not counted: the first camera and codec start are slower.
  for (const lab of chosenScenarios.length ? labs : []) {
    await measureCall(sides, { baseUrl, lab, stun: [], timeoutMs: 30_000 }).catch((error: unknown) => {
      failures.push(`warm-up, ${lab}: ${firstLine(error)}`);
    });
  }
  for (const scenario of chosenScenarios) await runScenario(scenario);
  if (withTurn) failures.push(...(await compareTurn(callerBrowser!, baseUrl, runs)));
} finally {
  await Promise.all([callerBrowser!.close(), calleeBrowser!.close()]);
  await servers.close();
}

if (sections.length) {
  const files = writeTimingFiles("compare", {
    title: "Vanilla vs trickle ICE",
    madeBy: `npm run compare -- ${process.argv.slice(2).join(" ")}`,
    sections,
    data: { scenarios: results },
  });
  if (phaseTables.length) files.push(writeReport("compare-phases.md", `# Where the time goes: Chromium's own log\n\n${phaseTables.join("\n\n")}\n`));
  console.log(`\n${TABLE_LEGEND}\nWritten: ${files.join(", ")} (${formatMs(performance.now() - startedAt)} in all)`);
}
if (failures.length) {
  console.error(`\n${failures.length} call(s) failed to connect:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}

async function runScenario(scenario: Scenario): Promise<void> {
  const roleOf = (lab: string): Role => (lab === options.vanilla ? "vanilla" : "trickle");
  const waitsAtOnce = scenario.waitAtOnce.length > 0;
  const how = waitsAtOnce ? ` (${scenario.waitAtOnce.join(" and ")} calls wait all at once, each in its own room)` : "";
  console.log(`\n## ${scenario.name}: ${scenario.about}${how}`);
  const running = await scenario.start();
  const load = startLoad();
  const startedAt = performance.now();
  const call = async ({ round, lab }: { round: number; lab: string }, onConnectClicked?: () => void): Promise<Call | undefined> => {
    const label = `  ${lab.padEnd(16)} call ${round}`;
    try {
      const made = await measureCall(sides, { baseUrl, lab, stun: running.stun, timeoutMs: scenario.timeoutMs, onConnectClicked });
      console.log(`${label}: first remote frame after ${formatMs(made.durations.firstFrame ?? NaN)}`);
      return made;
    } catch (error) {
      failures.push(`${scenario.name}, ${lab}, call ${round}: ${firstLine(error)}`);
      console.log(`${label}: FAILED (${failures.at(-1)})`);
      return undefined;
    }
  };
  let run: ScenarioRun;
  try {
    if (waitsAtOnce) {
      run = { name: scenario.name, about: scenario.about, calls: await waitingAtOnce(scenario, roleOf, call), load };
    } else {
      const { calls, stopping } = await callUntilDecided({ firstLook: runs, maxCalls: maxRuns }, [labs[0]!, labs[1]!], call);
      run = { name: scenario.name, about: scenario.about, calls, load, ...(maxRuns > runs ? { stopping } : {}) };
    }
  } finally {
    await running.close();
  }
  run = { ...run, load: finishLoad(load), observed: running.observed() };
  const result = compareScenario(run, options.vanilla, options.trickle);
  const section = scenarioSection(run, result, options.vanilla, options.trickle);
  console.log(`\n${timingTable(section.summary)}\n`);
  for (const line of [section.verdict, ...(section.notes ?? [])]) if (line) console.log(`${line}\n`);
  if (options.phases) {
    const table = `## ${scenario.name}\n\n${phasesTable(phasesOf(run.calls), [labs[0]!, labs[1]!])}`;
    console.log(`${table}\n`);
    phaseTables.push(table);
  }
  console.log(`(${scenario.name} took ${formatMs(performance.now() - startedAt)})`);
  results.push(result);
  sections.push(section);
}

/** Each call's phases, from the two browsers' logs (each side's renderer writes to its own browser's). */
function phasesOf(calls: Call[]): CallPhases[] {
  return calls.flatMap((call) => {
    if (call.connectClickedAt === undefined || call.durations.firstFrame === undefined) return [];
    const end = call.connectClickedAt + call.durations.firstFrame + 1000;
    const [caller, callee] = [logs[0]!.sideOf("caller", call.connectClickedAt, end), logs[1]!.sideOf("callee", call.connectClickedAt, end)];
    if (!caller || !callee) return [];
    return [{ lab: call.lab, caller, callee, iceConnected: call.durations.iceConnected, firstFrame: call.durations.firstFrame }];
  });
}

/**
 * `runs` calls per lab, in turns; the calls of the roles that only wait on a timeout start one
 * after the other, each once the previous one has clicked Connect (pages loading and cameras
 * starting in the same instant would slow each other down), then sit idle together while the
 * other calls go one at a time.
 */
async function waitingAtOnce(
  scenario: Scenario,
  roleOf: (lab: string) => Role,
  call: (turn: { round: number; lab: string }, onConnectClicked?: () => void) => Promise<Call | undefined>,
): Promise<Call[]> {
  const turns = takingTurns(runs, labs);
  const waiting = turns.filter((turn) => scenario.waitAtOnce.includes(roleOf(turn.lab)));
  const calls: Call[] = [];
  const keep = (made: Call | undefined) => void (made && calls.push(made));
  const waitingCalls: Promise<void>[] = [];
  for (const turn of waiting) {
    await new Promise<void>((connectClicked) => waitingCalls.push(call(turn, connectClicked).then(keep).finally(connectClicked)));
  }
  for (const turn of turns.filter((turn) => !waiting.includes(turn))) keep(await call(turn));
  await Promise.all(waitingCalls);
  return calls;
}

/** The three STUN servers on fixed ports, for a learner trying the scenarios in two tabs of `npm start`. */
async function serveStunUntilStopped(slowStunMs: number): Promise<void> {
  const slow = await startSlowStunServer(slowStunMs, 3478);
  const blackHole = await startBlackHoleStunServer(3479);
  const lossy = await startLossyStunServer(3480);
  const pages = `https://localhost:${labsPortFromEnv()}`;
  console.log(`STUN servers on 127.0.0.1 (Ctrl+C stops them):
  ${slow.url}   answers ${slowStunMs} ms late
  ${blackHole.url}   never answers
  ${lossy.url}   loses the first copy of every request, answers the browser's retransmission

With \`npm start\` running, open the same URL in two tabs, Prepare both, Connect in one, and compare the timelines:
  ${pages}/${VANILLA_LAB}/?room=stun-vanilla&stun=${blackHole.url}
  ${pages}/${TRICKLE_LAB}/?room=stun-trickle&stun=${blackHole.url}`);
  await new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await Promise.all([slow.close(), blackHole.close(), lossy.close()]);
  console.log(`\nStopped. ${slow.requests} + ${blackHole.requests} + ${lossy.requests} Binding Requests were received.`);
  if (lossy.retransmissionGapsMs.length) {
    console.log(`The browser sent each lost request again after ${formatMs(median(lossy.retransmissionGapsMs))} (median of ${lossy.retransmissionGapsMs.length}).`);
  }
}

function wholeNumber(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) fail(`${flag} needs a whole number above 0, got "${raw}".\n${USAGE}`);
  return value;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
