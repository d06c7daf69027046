/**
 * A small internet on one machine: home networks behind real kernel NATs, and
 * the project's servers on the internet side (controller.ts builds it all in
 * namespaces of its own, with no link to this machine's network). This is the
 * side that starts it: the tests' fixture and `npm run nat` call startTestbed(),
 * then launch each browser through browserExecutable(home), a small script that
 * enters the home's network namespace and runs Chromium there.
 *
 * As root it uses `unshare --net --mount --pid`; as anyone else it adds
 * `--user --map-root-user` (an unprivileged user namespace), where the kernel
 * allows it. testbedUnavailable() says in one sentence why neither works.
 */
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { chromiumExecutable } from "../../e2e/support/find-chromium.ts";
import { ensureCertificates } from "../certs.ts";
import type { PagesServed } from "../lab-servers.ts";
import { LABS_PORT, movedAddress, SINK_ADDRESS, TURN_PORT } from "./addresses.ts";
import type { ControllerOptions, HomeReady, HomeSpec, TestbedReady } from "./controller.ts";

export type { HomeSpec } from "./controller.ts";
export type Home = HomeReady;

const repoDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CONTROLLER = join(repoDir, "scripts", "nat", "controller.ts");

export interface Testbed {
  homes: Home[];
  /** The internet side's servers, as `npm start` printed them; null when started without them. */
  server: { address: string; banner: string; labsUrl: string } | null;
  /** Where the testbed's own log and its servers' log are. */
  stateDir: string;
  /** The logs worth reading when a call failed: the testbed's, npm start's, coturn's. */
  logs(): { name: string; path: string }[];
  /** A script that runs Chromium inside `home`'s network (for Playwright's executablePath); headless, the lighter headless shell where there is one (find-chromium.ts). */
  browserExecutable(home: Home, options?: { headless?: boolean }): string;
  home(name: string): Home;
  /** A command prefix that runs what follows on the internet side, as the servers do (its network, and its ssl/). */
  onTheInternet(): string[];
  /**
   * Mobility, as a phone moving from Wi-Fi to mobile data: home `name`'s router gets a new public
   * address, and its NAT forgets every mapping it kept (the kernel drops a masquerade's connections
   * when their address goes away). Resolves with the new address.
   */
  moveHome(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestbedOptions {
  homes: HomeSpec[];
  /** Start the relay, the lab pages and coturn on the internet side (default true). */
  servers?: boolean;
  /** How those lab pages are served (scripts/lab-servers.ts): "dev" unless asked; the tests ask for "built". */
  pagesServed?: PagesServed;
}

/** How long building may take: a few seconds, plus `npm start` (which makes a certificate on first use); far longer on a machine loaded by other work. */
const START_WAIT_MS = 150_000;

/** ip, nft, sysctl and nsenter live in /usr/sbin on Debian, which a user's PATH may lack. */
const env = { ...process.env, PATH: `${process.env.PATH ?? ""}:/usr/sbin:/sbin` };

function unshareArgs(): string[] {
  const asRoot = process.getuid?.() === 0;
  return [...(asRoot ? [] : ["--user", "--map-root-user"]), "--net", "--mount", "--pid", "--fork", "--kill-child"];
}

let unavailable: string | null | undefined;

/**
 * Why the testbed cannot be built here, in one sentence; undefined when it can.
 * Tries what the controller needs, in a namespace of its own: unshare, ip, nftables.
 */
export function testbedUnavailable(): string | undefined {
  if (unavailable === undefined) unavailable = whyUnavailable();
  return unavailable ?? undefined;
}

function whyUnavailable(): string | null {
  const what = "The NAT testbed needs Linux network namespaces (as root, or unprivileged user namespaces) and nftables (`nft`, Debian package nftables)";
  if (process.platform !== "linux") return `${what}; this is ${process.platform}.`;
  try {
    // As the controller does: /run of its own first, so `ip netns add` never writes to this machine's /run/netns.
    const tryIt = "mount --make-rprivate / && mount -t tmpfs testbed-run /run && ip link add t0 type bridge && nft add table ip t && ip netns add t";
    execFileSync("unshare", [...unshareArgs(), "--", "sh", "-c", tryIt], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 10_000,
    });
    return null;
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "").trim().split("\n")[0];
    return `${what}; here: ${stderr || (error as Error).message}.`;
  }
}

export async function startTestbed({ homes, servers = true, pagesServed = "dev" }: TestbedOptions): Promise<Testbed> {
  const names = homes.map((home) => home.name);
  const clash = names.find((name, i) => names.indexOf(name) !== i || name === "sink" || name.endsWith("-nat"));
  if (clash !== undefined) throw new Error(`Testbed home name "${clash}" is used twice or reserved (sink, *-nat).`);
  if (servers) await ensureCertificates(); // the CA the testbed's own certificate is signed with
  mkdirSync(tmpdir(), { recursive: true });
  const stateDir = mkdtempSync(join(tmpdir(), "webrtc-labs-nat-"));
  chmodSync(stateDir, 0o700);
  const sslDir = join(tmpdir(), "webrtc-labs-nat-ssl");
  const options: ControllerOptions = { homes, servers, pagesServed, callerNetns: readlinkSync("/proc/self/ns/net"), stateDir, sslDir, repoDir };
  const controller = spawn("unshare", [...unshareArgs(), "--", process.execPath, "--import", "tsx", CONTROLLER, JSON.stringify(options)], {
    cwd: repoDir,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => controller.once("exit", () => resolve()));
  let stderr = "";
  controller.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const close = async () => {
    controller.stdin!.end(); // the controller stops everything it started, then itself
    await exited;
  };

  let timer: NodeJS.Timeout | undefined;
  const ready = await new Promise<TestbedReady>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`The NAT testbed did not start within ${START_WAIT_MS / 1000} s (log: ${stateDir}/testbed.log).`)), START_WAIT_MS);
    const lines = createInterface({ input: controller.stdout! });
    lines.on("line", (line) => {
      if (line.startsWith("READY ")) resolve(JSON.parse(line.slice("READY ".length)) as TestbedReady);
      if (line.startsWith("FAILED ")) reject(new Error(`The NAT testbed could not be built: ${JSON.parse(line.slice("FAILED ".length)) as string}`));
    });
    void exited.then(() => reject(new Error(`The NAT testbed's controller exited before it was ready: ${stderr.trim() || "(no output)"}`)));
  })
    .finally(() => clearTimeout(timer))
    .catch(async (error: unknown) => {
      await close();
      throw error;
    });

  const executables = new Map<string, string>();
  /** nsenter's options for entering a namespace of the testbed: first its user namespace, when it has one. */
  const user = ready.userNsPath ? [`--user=${ready.userNsPath}`, "--preserve-credentials"] : [];
  let moves = 0;
  const homeNamed = (name: string): Home => {
    const home = ready.homes.find((candidate) => candidate.name === name);
    if (!home) throw new Error(`The testbed has no home network "${name}" (it has ${names.join(", ")}).`);
    return home;
  };
  return {
    homes: ready.homes,
    server: ready.server && { ...ready.server, labsUrl: `https://${ready.server.address}:${LABS_PORT}/` },
    stateDir,
    logs() {
      const turn = join(stateDir, "tmp", `webrtc-labs-turn-${TURN_PORT}`, "turnserver.log"); // turn-server.ts's folder, in the servers' TMPDIR
      return [
        { name: "testbed", path: join(stateDir, "testbed.log") },
        { name: "npm start", path: join(stateDir, "servers.log") },
        { name: "coturn", path: turn },
      ].filter((log) => existsSync(log.path));
    },
    home: homeNamed,
    browserExecutable(home, { headless = false } = {}) {
      const key = `${home.name}${headless ? "-headless" : ""}`;
      if (!executables.has(key)) {
        const chromiumPath = chromiumExecutable({ headless });
        const path = join(stateDir, `chromium-in-${key}`);
        writeFileSync(
          path,
          `#!/bin/sh\n# Chromium inside the NAT testbed's home network "${home.name}" (${home.nat}): scripts/nat/testbed.ts wrote this.\n` +
            `exec nsenter ${[...user, `--net=${home.netnsPath}`].join(" ")} -- ${shellQuote(chromiumPath)} "$@"\n`,
          { mode: 0o700 },
        );
        executables.set(key, path);
      }
      return executables.get(key)!;
    },
    onTheInternet() {
      return ["nsenter", ...user, `--net=${ready.internet.netnsPath}`, `--mount=${ready.internet.mountNsPath}`, `--wd=${repoDir}`, "--"];
    },
    async moveHome(name) {
      const { router } = homeNamed(name);
      if (router === null) throw new Error(`Home network "${name}" is a public host: it has no NAT to move.`);
      const address = movedAddress(moves++);
      // The old address first: deleting a primary address deletes the others of its subnet too. Its routes go with it.
      const commands = [`addr del ${router.wan}/24 dev wan`, `addr add ${address}/24 dev wan`, `route add default via ${SINK_ADDRESS}`];
      execFileSync("nsenter", [...user, `--net=${router.netnsPath}`, "--", "ip", "-batch", "-"], { env, input: `${commands.join("\n")}\n` });
      router.wan = address;
      return address;
    },
    async close() {
      await close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
