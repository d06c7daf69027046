/**
 * `npm run compare -- --runs 10`: vanilla ICE (lab 02) against trickle ICE
 * (lab 04), measured in a real Chromium, in three scenarios (scripts/compare/scenarios.ts).
 * The two labs take turns, N calls each, in one process: same browser, same
 * load on the machine. Prints median, p90 and the trickle/vanilla ratio per
 * scenario, writes reports/compare.{md,json,svg}, and exits non-zero if a call
 * failed to connect.
 *
 * Everything stays on this machine: the relay, the pages and the STUN servers
 * listen on 127.0.0.1 only and stop when the command ends.
 */
import { parseArgs } from "node:util";
import { chromium, type Browser } from "@playwright/test";
import config from "../playwright.config.ts";
import { integerFromEnv } from "../server/settings.ts";
import { prepareAndConnect, waitForFirstRemoteFrame } from "../e2e/support/timing-call.ts";
import { writeTimingFiles } from "../e2e/support/timing-files.ts";
import { formatMs, summarize, TABLE_LEGEND, timingTable, type Sample, type Section } from "../e2e/support/timing-report.ts";
import { keyDurations, readTimeline, TRICKLE_LAB, VANILLA_LAB, type Durations } from "../e2e/support/timing.ts";
import { startLabServers } from "./lab-servers.ts";
import { labFolders } from "./labs.ts";
import { scenarios, type Scenario } from "./compare/scenarios.ts";
import { compareTurn, TURN_SCENARIO } from "./compare/turn.ts";
import { INSTALL_COTURN, turnServerVersion, turnSettingsFromEnv } from "./turn-server.ts";
import { startBlackHoleStunServer, startSlowStunServer } from "./compare/stun-servers.ts";

const USAGE = `usage: npm run compare -- [--runs N] [--scenario NAME]... [--slow-stun-ms MS] [--vanilla LAB] [--trickle LAB]
       npm run compare -- --serve-stun   (only the two STUN servers, to try the scenarios by hand)
  --runs N          calls per lab and scenario (default 5)
  --scenario NAME   only this scenario (repeatable): no-stun, slow-stun, black-hole-stun,
                    turn (lab 06 direct vs through coturn; needs turnserver) (default: all)
  --slow-stun-ms MS how late the slow STUN server answers (default 2000)
  --vanilla LAB     the vanilla lab folder (default ${VANILLA_LAB})
  --trickle LAB     the trickle lab folder (default ${TRICKLE_LAB})
  --serve-stun      start the slow STUN server on 127.0.0.1:3478 and the black hole on 127.0.0.1:3479
                    and wait for Ctrl+C, for \`npm start\` pages opened with ?stun=`;

const { values: options } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    scenario: { type: "string", multiple: true },
    "slow-stun-ms": { type: "string", default: "2000" },
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
const coturnInstalled = turnServerVersion() !== null;
const chosen = options.scenario ?? [...allScenarios.map((scenario) => scenario.name), ...(coturnInstalled ? [TURN_SCENARIO.name] : [])];
const unknown = chosen.filter((name) => name !== TURN_SCENARIO.name && !allScenarios.some((scenario) => scenario.name === name));
if (unknown.length) fail(`Unknown scenario ${unknown.join(", ")}.\n${USAGE}`);
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
  ...(withTurn ? { turn: { ...turnSettingsFromEnv(), listeningIps: [LOOPBACK] } } : {}),
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
try {
  console.log(`Comparing ${options.vanilla} (vanilla) with ${options.trickle} (trickle): ${runs} calls each per scenario.`);
  // A warm-up call per lab, not counted: the first camera and codec start are slower.
  for (const lab of chosen.some((name) => name !== TURN_SCENARIO.name) ? labs : []) {
    await measureCall(browser, lab, [], 30_000).catch((error: unknown) => {
      failures.push(`warm-up, ${lab}: ${firstLine(error)}`);
    });
  }
  for (const scenario of allScenarios.filter((scenario) => chosen.includes(scenario.name))) {
    sections.push(await runScenario(scenario));
  }
  if (withTurn) failures.push(...(await compareTurn(browser, baseUrl, runs)));
} finally {
  await browser.close();
  await servers.close();
}

if (sections.length) {
  const files = writeTimingFiles("compare", "Vanilla vs trickle ICE", sections, `npm run compare -- ${process.argv.slice(2).join(" ")}`);
  console.log(`\n${TABLE_LEGEND}\nWritten: ${files.join(", ")}`);
}
if (failures.length) {
  console.error(`\n${failures.length} call(s) failed to connect:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}

async function runScenario(scenario: Scenario): Promise<Section> {
  console.log(`\n## ${scenario.name}: ${scenario.about}`);
  const running = await scenario.start();
  const samples: Sample[] = [];
  try {
    for (let run = 1; run <= runs; run++) {
      // Take turns, and swap who goes first each round, so drift in the machine's load hits both alike.
      const order = run % 2 ? labs : [...labs].reverse();
      for (const lab of order) {
        try {
          const durations = await measureCall(browser, lab, running.stun, scenario.timeoutMs);
          samples.push({ row: lab, durations });
          console.log(`  ${lab.padEnd(16)} call ${run}/${runs}: first remote frame after ${formatMs(durations.firstFrame ?? NaN)}`);
        } catch (error) {
          failures.push(`${scenario.name}, ${lab}, call ${run}: ${firstLine(error)}`);
          console.log(`  ${lab.padEnd(16)} call ${run}/${runs}: FAILED (${failures.at(-1)})`);
        }
      }
    }
  } finally {
    await running.close();
  }
  const summary = summarize(samples, options.vanilla, options.trickle);
  console.log(`\n${timingTable(summary)}`);
  const lost = summary.comparison?.lostMs.firstFrame;
  if (lost !== undefined) {
    const [slower, faster] = lost >= 0 ? ["Vanilla", "trickle"] : ["Trickle", "vanilla"];
    console.log(`\n${slower} shows the other camera ${formatMs(Math.abs(lost))} later than ${faster} (medians).`);
  }
  return { title: scenario.name, about: scenario.about, summary };
}

/** One call in a fresh pair of browser contexts; its key durations, measured in the caller's tab. */
async function measureCall(browser: Browser, lab: string, stun: string[], timeoutMs: number): Promise<Durations> {
  const url = new URL(`${lab}/`, baseUrl);
  url.searchParams.set("room", `compare-${crypto.randomUUID().slice(0, 8)}`);
  for (const server of stun) url.searchParams.append("stun", server);

  const contexts = await Promise.all([1, 2].map(() => browser.newContext({ ignoreHTTPSErrors: true })));
  try {
    const [caller, callee] = await Promise.all(contexts.map((context) => context.newPage()));
    for (const page of [caller!, callee!]) await page.goto(url.href);
    await prepareAndConnect(caller!, callee!);
    await Promise.all([caller!, callee!].map((page) => waitForFirstRemoteFrame(page, timeoutMs)));
    return keyDurations([await readTimeline(caller!, "caller")]);
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}

/** The two STUN servers on fixed ports, for a learner trying the scenarios in two tabs of `npm start`. */
async function serveStunUntilStopped(slowStunMs: number): Promise<void> {
  const slow = await startSlowStunServer(slowStunMs, 3478);
  const blackHole = await startBlackHoleStunServer(3479);
  const pages = `https://localhost:${integerFromEnv(process.env, "LABS_PORT", 5173)}`;
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

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
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
