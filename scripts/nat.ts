/**
 * `npm run nat -- --a cone --b symmetric`: a small internet on this machine
 * (scripts/nat/testbed.ts), with two home networks behind real NATs, and one
 * browser window in each, on lab 06 in one room. Click Prepare in both, then
 * Connect in one, and watch the state panel: host candidates the other side
 * cannot reach, srflx from STUN, prflx learned during the checks, relay from
 * TURN, and the pair ICE selected. Ctrl+C stops everything.
 *
 * `npm run nat -- --matrix` runs every pair of networks headless, with TURN
 * and without (e2e/nat-matrix.spec.ts), and writes reports/nat.md, .json, .svg.
 *
 * Exit codes: 0 after Ctrl+C (or when both windows are closed) or a passing
 * matrix, 1 for a failure, 2 for what cannot run here (with the reason).
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { chromium, type Browser } from "@playwright/test";
import { chromiumWithCamera } from "../e2e/support/chromium.ts";
import { cameraFileFor } from "../e2e/support/pictures.ts";
import { NAT_PROJECT } from "../e2e/support/nat-project.ts";
import { treeCpuMs } from "../e2e/support/process-cpu.ts";
import { SERVER_ADDRESS, TURN_PORT } from "./nat/addresses.ts";
import { NAT_KINDS, NATS, describeBehaviour, type NatKind } from "./nat/kinds.ts";
import { startTestbed, testbedUnavailable, type Testbed } from "./nat/testbed.ts";

const LABS = { "04": "04-trickle", "06": "06-turn", "07": "07-perfect-negotiation" } as const;

const USAGE = `Usage:
  npm run nat -- [--a <network>] [--b <network>] [--lab 04|06|07]
      two browser windows, one in each home network, on the same lab and room
      networks: ${NAT_KINDS.join(", ")} (default: --a cone --b symmetric)
      lab: 06 (TURN, the default), 07 (perfect negotiation, TURN too) or 04 (STUN only: see ICE fail)
  npm run nat -- --matrix
      every pair of networks, with TURN and without, headless; writes reports/nat.md, .json, .svg`;

class CannotRun extends Error {}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      a: { type: "string", default: "cone" },
      b: { type: "string", default: "symmetric" },
      lab: { type: "string", default: "06" },
      matrix: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.matrix) return runMatrix();
  const a = networkKind(values.a, "--a");
  const b = networkKind(values.b, "--b");
  const lab = LABS[values.lab as keyof typeof LABS];
  if (!lab) throw new CannotRun(`--lab must be 04, 06 or 07, got "${values.lab}".\n\n${USAGE}`);
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new CannotRun(
      "npm run nat opens two browser windows, and this session has no display (neither DISPLAY nor WAYLAND_DISPLAY is set): " +
        "run it from a desktop session, or run the whole matrix headless with `npm run nat -- --matrix`.",
    );
  }
  const why = testbedUnavailable();
  if (why) throw new CannotRun(why);
  return showTwoWindows(a, b, lab);
}

function networkKind(value: string | undefined, flag: string): NatKind {
  if (NAT_KINDS.includes(value as NatKind)) return value as NatKind;
  throw new CannotRun(`${flag} must be one of ${NAT_KINDS.join(", ")}, got "${value}".\n\n${USAGE}`);
}

async function showTwoWindows(a: NatKind, b: NatKind, lab: string): Promise<number> {
  console.log(`nat: building the testbed (home networks: ${a}, ${b}) and starting npm start's servers on its internet side…`);
  const testbed = await startTestbed({ homes: [{ name: "alice-home", nat: a }, { name: "bob-home", nat: b }] });
  const browsers: Browser[] = [];
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(browsers.map((browser) => browser.close().catch(() => {})));
      await testbed.close();
    })());
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop());

  try {
    const room = `nat-${a}-${b}-${Date.now().toString(36)}`;
    const url = `${testbed.server!.labsUrl}${lab}/?room=${room}&stun=stun:${SERVER_ADDRESS}:${TURN_PORT}`;
    for (const [person, home] of [["alice", testbed.homes[0]!], ["bob", testbed.homes[1]!]] as const) {
      const browser = await chromium.launch({
        ...chromiumWithCamera(cameraFileFor(person), { headless: false, loopbackCandidates: false }),
        executablePath: testbed.browserExecutable(home),
        handleSIGINT: false, // Ctrl+C: we close the browsers ourselves, then the testbed
      });
      browsers.push(browser);
      const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: null });
      await (await context.newPage()).goto(url);
    }
    console.log(describe(testbed, url));
    // Ends on Ctrl+C, or when the learner has closed both windows.
    await Promise.race([
      new Promise<void>((resolve) => process.once("SIGINT", () => resolve())),
      Promise.all(browsers.map((browser) => new Promise((resolve) => browser.once("disconnected", resolve)))),
    ]);
    return 0;
  } finally {
    console.log("nat: stopping the browsers, the servers and the testbed…");
    await stop();
    console.log("nat: stopped; its namespaces are gone with it.");
  }
}

function describe(testbed: Testbed, url: string): string {
  const server = testbed.server!;
  const lines = testbed.homes.map((home, i) => {
    const { behaviour, publicAddress } = home.measurement;
    return `  ${i === 0 ? "Alice" : "Bob  "}  ${home.nat.padEnd(11)} ${NATS[home.nat].says}
         browser at ${home.address}${publicAddress ? `, seen on the internet as ${publicAddress}` : ""}; measured: ${describeBehaviour(behaviour)}`;
  });
  const turn = server.banner.split("\n").find((line) => line.trim().startsWith("turn")) ?? "";
  return `
Two home networks behind real NATs, and the lab's servers on the internet side at ${server.address}:
${lines.join("\n")}
${turn}

Both windows show ${url}
Click Prepare in both, then Connect in one. In the state panel, watch:
  - the local candidates: host (a private address the other side cannot reach), srflx (the NAT's
    public address, from STUN), relay (an address on the TURN server);
  - the selected candidate pair: direct (host, srflx, prflx: learned from the other side's checks) or through TURN.
Try another pair (--a/--b ${NAT_KINDS.join("|")}) or lab 04, which has no TURN (--lab 04).
Ctrl+C stops everything. Servers' log: ${testbed.stateDir}/servers.log
`;
}

/** The matrix, through Playwright (project "nat"); says how long it took and the CPU it used. */
async function runMatrix(): Promise<number> {
  const started = Date.now();
  const child = spawn("npx", ["playwright", "test", `--project=${NAT_PROJECT}`], { stdio: "inherit" });
  const code = await new Promise<number>((resolve) => child.once("exit", (exitCode) => resolve(exitCode ?? 1)));
  // Now that it has exited and been waited for, our tree's CPU includes Playwright, its workers, the browsers and the testbed.
  console.log(`nat: the matrix took ${((Date.now() - started) / 1000).toFixed(0)} s and ${(treeCpuMs() / 1000).toFixed(0)} s of CPU.`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`nat: ${(error as Error).message}`);
    process.exit(error instanceof CannotRun ? 2 : 1);
  },
);
