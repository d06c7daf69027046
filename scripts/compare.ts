/**
 * `npm run compare -- --runs 10`: vanilla ICE (lab 02) against trickle ICE
 * (lab 04), measured in a real Chromium, in three scenarios (scripts/compare/scenarios.ts).
 * The two labs take turns, N calls each, in one process: same browser, same
 * load on the machine. Calls whose timing is the point are made one at a time;
 * calls that only wait on Chromium's STUN timeout (vanilla's, in black-hole-stun)
 * wait all at once, each in its own room, so together they cost one timeout.
 * Prints median, p90, the trickle/vanilla ratio and a verdict per scenario,
 * writes reports/compare.{md,json,svg} (the JSON in the shape of
 * e2e/support/timing-comparison.ts), and exits non-zero if a call failed to connect.
 *
 * Everything stays on this machine: the relay, the pages and the STUN servers
 * listen on 127.0.0.1 only and stop when the command ends.
 */
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import config from "../playwright.config.ts";
import { labsPortFromEnv } from "../server/settings.ts";
import { measureCall } from "../e2e/support/timing-call.ts";
import {
  compareScenario,
  finishLoad,
  scenarioSection,
  startLoad,
  takingTurns,
  type Call,
  type ScenarioResult,
} from "../e2e/support/timing-comparison.ts";
import { writeTimingFiles } from "../e2e/support/timing-files.ts";
import { formatMs, TABLE_LEGEND, timingTable, type Section } from "../e2e/support/timing-report.ts";
import { TRICKLE_LAB, VANILLA_LAB } from "../e2e/support/timing.ts";
import { startLabServers } from "./lab-servers.ts";
import { labFolders } from "./labs.ts";
import { firstLine } from "./compare/first-line.ts";
import { scenarios, type Role, type Scenario } from "./compare/scenarios.ts";
import { compareTurn, TURN_SCENARIO } from "./compare/turn.ts";
import { INSTALL_COTURN, turnServerVersion, turnSettingsFromEnv } from "./turn-server.ts";
import { startBlackHoleStunServer, startSlowStunServer } from "./compare/stun-servers.ts";

const DEFAULT_SLOW_STUN_MS = 2000;
const USAGE = `usage: npm run compare -- [--runs N] [--scenario NAME]... [--slow-stun-ms MS] [--vanilla LAB] [--trickle LAB]
       npm run compare -- --serve-stun   (only the two STUN servers, to try the scenarios by hand)
  --runs N          calls per lab and scenario (default 5)
  --scenario NAME   only this scenario (repeatable): ${scenarios(DEFAULT_SLOW_STUN_MS).map((scenario) => scenario.name).join(", ")},
                    turn (lab 06 direct vs through coturn; needs turnserver) (default: all)
  --slow-stun-ms MS how late the slow STUN server answers (default ${DEFAULT_SLOW_STUN_MS})
  --vanilla LAB     the vanilla lab folder (default ${VANILLA_LAB})
  --trickle LAB     the trickle lab folder (default ${TRICKLE_LAB})
  --serve-stun      start the slow STUN server on 127.0.0.1:3478 and the black hole on 127.0.0.1:3479
                    and wait for Ctrl+C, for \`npm start\` pages opened with ?stun=`;

const { values: options } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    scenario: { type: "string", multiple: true },
    "slow-stun-ms": { type: "string", default: String(DEFAULT_SLOW_STUN_MS) },
    vanilla: { type: "string", default: VANILLA_LAB },
    trickle: { type: "string", default: TRICKLE_LAB },
    "serve-stun": { type: "boolean", default: false },
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
// The same Chromium, with the same flags (fake camera, loopback ICE), as the tests.
const browser = await chromium.launch(config.use?.launchOptions);
const failures: string[] = [];
const sections: Section[] = [];
const results: ScenarioResult[] = [];
const startedAt = performance.now();
try {
  console.log(`Comparing ${options.vanilla} (vanilla) with ${options.trickle} (trickle): ${runs} calls each per scenario.`);
  // A warm-up call per lab, not counted: the first camera and codec start are slower.
  for (const lab of chosenScenarios.length ? labs : []) {
    await measureCall(browser, { baseUrl, lab, stun: [], timeoutMs: 30_000 }).catch((error: unknown) => {
      failures.push(`warm-up, ${lab}: ${firstLine(error)}`);
    });
  }
  for (const scenario of chosenScenarios) await runScenario(scenario);
  if (withTurn) failures.push(...(await compareTurn(browser, baseUrl, runs)));
} finally {
  await browser.close();
  await servers.close();
}

if (sections.length) {
  const files = writeTimingFiles("compare", {
    title: "Vanilla vs trickle ICE",
    madeBy: `npm run compare -- ${process.argv.slice(2).join(" ")}`,
    sections,
    data: { scenarios: results },
  });
  console.log(`\n${TABLE_LEGEND}\nWritten: ${files.join(", ")} (${formatMs(performance.now() - startedAt)} in all)`);
}
if (failures.length) {
  console.error(`\n${failures.length} call(s) failed to connect:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}

async function runScenario(scenario: Scenario): Promise<void> {
  const roleOf = (lab: string): Role => (lab === options.vanilla ? "vanilla" : "trickle");
  const turns = takingTurns(runs, labs);
  const waiting = turns.filter((turn) => scenario.waitAtOnce.includes(roleOf(turn.lab)));
  const oneAtATime = turns.filter((turn) => !waiting.includes(turn));
  const how = waiting.length ? ` (${scenario.waitAtOnce.join(" and ")} calls wait all at once, each in its own room)` : "";
  console.log(`\n## ${scenario.name}: ${scenario.about}${how}`);
  const running = await scenario.start();
  const load = startLoad();
  const startedAt = performance.now();
  const calls: Call[] = [];
  const call = async ({ round, lab }: { round: number; lab: string }, onConnectClicked?: () => void) => {
    const label = `  ${lab.padEnd(16)} call ${round}/${runs}`;
    try {
      const durations = await measureCall(browser, { baseUrl, lab, stun: running.stun, timeoutMs: scenario.timeoutMs, onConnectClicked });
      calls.push({ lab, durations });
      console.log(`${label}: first remote frame after ${formatMs(durations.firstFrame ?? NaN)}`);
    } catch (error) {
      failures.push(`${scenario.name}, ${lab}, call ${round}: ${firstLine(error)}`);
      console.log(`${label}: FAILED (${failures.at(-1)})`);
    }
  };
  try {
    // The waiting calls start one after the other, each once the previous one has clicked Connect
    // (pages loading and cameras starting in the same instant would slow each other down); then
    // they sit idle together while the other calls go one at a time.
    const waitingCalls: Promise<void>[] = [];
    for (const turn of waiting) {
      await new Promise<void>((connectClicked) => waitingCalls.push(call(turn, connectClicked).finally(connectClicked)));
    }
    for (const turn of oneAtATime) await call(turn);
    await Promise.all(waitingCalls);
  } finally {
    await running.close();
  }
  const run = { name: scenario.name, about: scenario.about, calls, load: finishLoad(load) };
  const result = compareScenario(run, options.vanilla, options.trickle);
  const section = scenarioSection(run, result, options.vanilla, options.trickle);
  console.log(`\n${timingTable(section.summary)}\n`);
  if (section.verdict) console.log(section.verdict);
  console.log(`(${scenario.name} took ${formatMs(performance.now() - startedAt)})`);
  results.push(result);
  sections.push(section);
}

/** The two STUN servers on fixed ports, for a learner trying the scenarios in two tabs of `npm start`. */
async function serveStunUntilStopped(slowStunMs: number): Promise<void> {
  const slow = await startSlowStunServer(slowStunMs, 3478);
  const blackHole = await startBlackHoleStunServer(3479);
  const pages = `https://localhost:${labsPortFromEnv()}`;
  console.log(`STUN servers on 127.0.0.1 (Ctrl+C stops them):
  ${slow.url}   answers ${slowStunMs} ms late
  ${blackHole.url}   never answers

With \`npm start\` running, open the same URL in two tabs, Prepare both, Connect in one, and compare the timelines:
  ${pages}/${VANILLA_LAB}/?room=stun-vanilla&stun=${blackHole.url}
  ${pages}/${TRICKLE_LAB}/?room=stun-trickle&stun=${blackHole.url}`);
  await new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await Promise.all([slow.close(), blackHole.close()]);
  console.log(`\nStopped. ${slow.requests} + ${blackHole.requests} Binding Requests were received.`);
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
