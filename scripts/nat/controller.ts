/**
 * The NAT testbed's controller. testbed.ts starts it under
 * `unshare [--user --map-root-user] --net --mount --pid --fork --kill-child`,
 * so it runs as root (of a user namespace, without sudo) in namespaces of its
 * own, made for this run:
 * - its network namespace is the internet side: a bridge with the servers'
 *   addresses (203.0.113.1, and .2 for the NAT check), nothing else;
 * - its mount namespace makes /run private (so `ip netns` names exist only here)
 *   and puts the testbed's own ssl/ folder over the project's (the server
 *   certificate for 203.0.113.1 is made there, never in the project's ssl/);
 * - it is PID 1 of its PID namespace: when it dies, everything it started dies
 *   with it, and so do the namespaces.
 * It never touches the network it was started from: it checks first that it is
 * not in it, and every interface it makes is inside namespaces it made.
 *
 * The layout (addresses from TEST-NET-3, RFC 5737, and 10.x for the homes):
 *
 *   internet (this namespace)     br0: 203.0.113.1 and .2, default route to the sink
 *   sink                          203.0.113.254: the default route's end, forwards and answers nothing
 *   <home> with nat none          203.0.113.(100+i): a public host
 *   <home>-nat                    wan 203.0.113.(10+i), lan 10.0.(i+1).1, nftables (kinds.ts)
 *   <home>                        10.0.(i+1).2, behind <home>-nat
 *
 * The sink is there because the real internet has a default route: a packet
 * for a private address (the other browser's host candidate) is lost somewhere,
 * not refused at once. Without it a coturn that relays to private peers gets
 * "Network is unreachable" for a 10.x one and ends the whole allocation (a
 * production coturn refuses private peers: denied-peer-ip); and a home's packets
 * to the other home's 10.x address would come back as ICMP errors at once.
 *
 * Speaks on stdout: `READY <json>` (a TestbedReady) or `FAILED <why>`. Stops, and
 * everything with it, when its stdin closes or on SIGTERM/SIGINT.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PagesServed } from "../lab-servers.ts";
import { LABS_PORT, PROBE_PORTS, TURN_PORT, SECOND_ADDRESS, SERVER_ADDRESS, SINK_ADDRESS } from "./addresses.ts";
import { natRules, NATS, describeBehaviour, sameBehaviour, type NatKind } from "./kinds.ts";
import { startProbeServer, type Measurement, type ProbeServerAddress } from "./probe.ts";

const run = promisify(execFile);
const PROBE: ProbeServerAddress = { addresses: [SERVER_ADDRESS, SECOND_ADDRESS], ports: PROBE_PORTS };

export interface HomeSpec {
  /** A network namespace name, e.g. "a-cone". */
  name: string;
  nat: NatKind;
  /** A test knob: the router gets these nftables rules instead of its kind's (the NAT check must then refuse it). */
  rules?: string;
}

export interface ControllerOptions {
  homes: HomeSpec[];
  /** Start `npm start`'s servers (relay, lab pages, coturn) on the internet side. */
  servers: boolean;
  /** Their lab pages as they are, or built (LAB_PAGES). */
  pagesServed: PagesServed;
  /** The caller's network namespace ("net:[4026531840]"): ours must be another one. */
  callerNetns: string;
  /** Logs and the servers' TMPDIR: this run's own. */
  stateDir: string;
  /**
   * The testbed's ssl/ folder, seen by its servers in place of the project's. Kept from run to
   * run: its server certificate (for 203.0.113.1) costs a key generation to make.
   */
  sslDir: string;
  repoDir: string;
}

export interface HomeReady extends HomeSpec {
  /** The browser's own address (its host candidate). */
  address: string;
  /** This network namespace, as a path any process outside can open (nsenter --net=). */
  netnsPath: string;
  /** Its NAT router (none for a public host): its namespace, as netnsPath, and its public address. */
  router: { netnsPath: string; wan: string } | null;
  measurement: Measurement;
}

export interface TestbedReady {
  /** The user namespace to enter first, when the testbed was built without root. */
  userNsPath: string | null;
  homes: HomeReady[];
  server: { address: string; banner: string } | null;
  /** The internet side's network and mount namespaces (its mount namespace has the testbed's ssl/), for nsenter. */
  internet: { netnsPath: string; mountNsPath: string };
}

const options = JSON.parse(process.argv[2] ?? "{}") as ControllerOptions;
const log = createWriteStream(join(options.stateDir, "testbed.log"));
const children: ChildProcess[] = [];
let stopping = false;

async function main(): Promise<void> {
  // Outside namespaces we made, nothing is touched: refuse to start anywhere else.
  const ourNetns = readlinkSync("/proc/self/ns/net");
  if (ourNetns === options.callerNetns) throw new Error("the controller is in its caller's network namespace: it must run under unshare --net");
  const { stdout: links } = await sh("ip", ["-o", "link", "show"]);
  if (links.trim().split("\n").length !== 1) throw new Error(`the controller's network namespace is not fresh (it has more than loopback):\n${links}`);
  if (process.pid !== 1) throw new Error("the controller must be PID 1 of its own PID namespace (unshare --pid --fork), so that nothing outlives it");

  await privateMounts();
  await buildNetwork();
  const measurements = await checkNats();
  const banner = options.servers ? await startServers() : null;
  // /proc is the caller's (not remounted), so /proc/self is our PID as the caller sees it.
  const outerPid = readlinkSync("/proc/self");
  const ready: TestbedReady = {
    userNsPath: (await isInitialUserNs()) ? null : `/proc/${outerPid}/ns/user`,
    homes: options.homes.map((home, i) => {
      const { browser, router } = layoutOf(home, i);
      const netnsPath = (name: string) => `/proc/${outerPid}/root/run/netns/${name}`;
      return {
        ...home,
        address: browser,
        netnsPath: netnsPath(home.name),
        router: router && { netnsPath: netnsPath(router.name), wan: router.wan },
        measurement: measurements[i]!,
      };
    }),
    server: banner === null ? null : { address: SERVER_ADDRESS, banner },
    internet: { netnsPath: `/proc/${outerPid}/ns/net`, mountNsPath: `/proc/${outerPid}/ns/mnt` },
  };
  console.log(`READY ${JSON.stringify(ready)}`);
}

/** /run of our own (for `ip netns`), and the testbed's ssl/ over the project's. */
async function privateMounts(): Promise<void> {
  await sh("mount", ["--make-rprivate", "/"]);
  await sh("mount", ["-t", "tmpfs", "-o", "mode=0755", "testbed-run", "/run"]);
  const projectSsl = join(options.repoDir, "ssl");
  mkdirSync(options.sslDir, { recursive: true, mode: 0o700 });
  // The project's CA, when we may read it: a browser that trusts it trusts the testbed's pages too.
  // Another CA than last time: the server certificate kept from then is not signed by it.
  for (const file of ["ca.crt", "ca.key"]) {
    const ours = join(options.sslDir, file);
    try {
      const theirs = readFileSync(join(projectSsl, file));
      if (existsSync(ours) && readFileSync(ours).equals(theirs)) continue;
      writeFileSync(ours, theirs, { mode: 0o600 });
      for (const stale of ["server.crt", "server.key", "hosts.json"]) rmSync(join(options.sslDir, stale), { force: true });
    } catch {
      // unreadable (another user's) or missing: `npm start` makes a CA of its own in our folder
    }
  }
  if (existsSync(projectSsl)) await sh("mount", ["--bind", options.sslDir, projectSsl]);
}

/** Where home number `i` sits: its browser's own address, and its router (none for a public host). */
function layoutOf(home: HomeSpec, i: number): { browser: string; router: { name: string; wan: string; lan: string } | null } {
  if (home.nat === "none") return { browser: `203.0.113.${100 + i}`, router: null };
  return { browser: `10.0.${i + 1}.2`, router: { name: `${home.name}-nat`, wan: `203.0.113.${10 + i}`, lan: `10.0.${i + 1}.1` } };
}

/**
 * Every namespace and cable first, from here (one `ip -batch`), then each namespace's
 * own settings, all namespaces at once: on a busy machine each process started costs.
 */
async function buildNetwork(): Promise<void> {
  const layouts = options.homes.map(layoutOf);
  // The namespace each home has on the internet side: its router, or the public host itself.
  const onTheInternet = options.homes.map((home, i) => layouts[i]!.router?.name ?? home.name);
  await settle("", { forwarding: false });
  await ip("", [
    "link set lo up",
    "link add br0 type bridge",
    "link set br0 up",
    ...[SERVER_ADDRESS, SECOND_ADDRESS].map((address) => `addr add ${address}/24 dev br0`),
    ...["sink", ...options.homes.flatMap((home, i) => (layouts[i]!.router ? [layouts[i]!.router!.name, home.name] : [home.name]))].map((name) => `netns add ${name}`),
    // A cable from each namespace on the internet side ("wan") to the bridge; from each router to its home ("lan").
    ...["sink", ...onTheInternet].flatMap((name, i) => [`link add p${i} type veth peer name wan netns ${name}`, `link set p${i} master br0 up`]),
    ...options.homes.flatMap((home, i) => (layouts[i]!.router ? [`link add lan netns ${layouts[i]!.router!.name} type veth peer name lan netns ${home.name}`] : [])),
    `route add default via ${SINK_ADDRESS}`,
  ]);

  const settings: Promise<unknown>[] = [
    // Everything that is not for the sink itself is dropped before routing: no ICMP "unreachable" goes back.
    setUp("sink", { forwarding: false, wan: SINK_ADDRESS, defaultVia: null }).then(() =>
      nft("sink", `table ip sink {\n  chain prerouting {\n    type filter hook prerouting priority -300; policy drop;\n    ip daddr ${SINK_ADDRESS} accept\n  }\n}\n`),
    ),
  ];
  for (const [i, home] of options.homes.entries()) {
    const { browser, router } = layouts[i]!;
    if (router === null || home.nat === "none") {
      settings.push(setUp(home.name, { forwarding: false, wan: browser, defaultVia: SINK_ADDRESS }));
      continue;
    }
    const rules = home.rules ?? natRules(home.nat);
    settings.push(
      setUp(router.name, { forwarding: true, wan: router.wan, lan: router.lan, defaultVia: SINK_ADDRESS }).then(() => nft(router.name, rules)),
      setUp(home.name, { forwarding: false, lan: browser, defaultVia: router.lan }),
    );
  }
  await Promise.all(settings);
}

/** A namespace's sysctls, then its interfaces' addresses and its default route. */
async function setUp(name: string, how: { forwarding: boolean; wan?: string; lan?: string; defaultVia: string | null }): Promise<void> {
  await settle(name, how);
  await ip(name, [
    "link set lo up",
    ...(["wan", "lan"] as const).flatMap((device) => (how[device] ? [`addr add ${how[device]}/24 dev ${device}`, `link set ${device} up`] : [])),
    ...(how.defaultVia ? [`route add default via ${how.defaultVia}`] : []),
  ]);
}

/**
 * Sysctls in namespace `name` ("" for ours): no IPv6 (no link-local candidates), forwarding
 * only in routers. A new namespace may copy them from the host's (devconf_inherit_init_net): all set.
 */
async function settle(name: string, { forwarding }: { forwarding: boolean }): Promise<void> {
  const settings = [
    "net.ipv6.conf.all.disable_ipv6=1",
    "net.ipv6.conf.default.disable_ipv6=1",
    `net.ipv4.ip_forward=${forwarding ? 1 : 0}`,
    "net.ipv4.conf.all.rp_filter=0",
    "net.ipv4.conf.default.rp_filter=0",
  ];
  await inNamespace(name, "sysctl", ["-q", "-w", ...settings]);
}

/** Several `ip` commands in one process, in namespace `name` ("" for ours). */
async function ip(name: string, commands: string[]): Promise<void> {
  await sh("ip", [...(name ? ["-n", name] : []), "-batch", "-"], `${commands.join("\n")}\n`);
}

async function nft(name: string, rules: string): Promise<void> {
  await inNamespace(name, "nft", ["-f", "-"], rules);
}

/** Each home measures its NAT (probe.ts); the run stops if one is not what it claims. */
async function checkNats(): Promise<Measurement[]> {
  const server = await startProbeServer(PROBE);
  try {
    const probe = join(options.repoDir, "scripts", "nat", "probe.ts");
    const args = [...PROBE.addresses, ...PROBE.ports.map(String)];
    const measurements = await Promise.all(
      options.homes.map(async (home) => JSON.parse((await inNamespace(home.name, process.execPath, ["--import", "tsx", probe, ...args])).stdout) as Measurement),
    );
    const wrong = options.homes.flatMap((home, i) => {
      const claims = NATS[home.nat].claims;
      const measured = measurements[i]!.behaviour;
      return sameBehaviour(claims, measured) ? [] : [`"${home.name}" claims ${home.nat} (${describeBehaviour(claims)}), but measures ${describeBehaviour(measured)}`];
    });
    if (wrong.length) throw new Error(`NAT check: ${wrong.join("; ")}. A NAT that is not what it claims would make the results lie: fix its rules (scripts/nat/kinds.ts).`);
    return measurements;
  } finally {
    await server.close();
  }
}

/** `npm start` on the internet side, with its own TMPDIR (coturn's state folder): resolves with what it printed once running. */
async function startServers(): Promise<string> {
  const tmp = join(options.stateDir, "tmp");
  mkdirSync(tmp, { recursive: true });
  const output = createWriteStream(join(options.stateDir, "servers.log"));
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    cwd: options.repoDir,
    // Its own TMPDIR (coturn's folder must not be the one of a turnserver outside), the usual ports,
    // and every interface: settings meant for the machine outside do not apply in here.
    // TURN_IP: the one address coturn listens and relays on, where scripts/turn-server.ts reads it.
    env: { ...process.env, TMPDIR: tmp, LABS_PORT: String(LABS_PORT), TURN_PORT: String(TURN_PORT), TURN_IP: SERVER_ADDRESS, RELAY_HOST: "", RELAY_QUIET: "1", LAB_PAGES: options.pagesServed },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let printed = "";
  return new Promise((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on("data", (chunk: Buffer) => {
        output.write(chunk);
        printed += chunk.toString();
        if (printed.includes("Ctrl+C stops everything.")) resolve(printed.trim());
      });
    }
    child.once("exit", (code, signal) => {
      if (!stopping) reject(new Error(`npm start's servers exited (${signal ?? `code ${code}`}) on the internet side. They printed:\n${printed.slice(-3000)}`));
    });
  });
}

/** Whether we run in the machine's first user namespace (as real root) or in one of our own. */
async function isInitialUserNs(): Promise<boolean> {
  const { stdout } = await sh("cat", ["/proc/self/uid_map"]);
  return /^\s*0\s+0\s+4294967295\s*$/.test(stdout);
}

async function inNamespace(name: string, command: string, args: string[], input?: string) {
  return name === "" ? sh(command, args, input) : sh("nsenter", [`--net=/run/netns/${name}`, "--", command, ...args], input);
}

/** Runs a command, logs it; rejects with its stderr. */
async function sh(command: string, args: string[], input?: string): Promise<{ stdout: string }> {
  log.write(`${(performance.now() / 1000).toFixed(2)} $ ${command} ${args.join(" ")}\n`);
  try {
    if (input === undefined) {
      const { stdout } = await run(command, args, { cwd: options.repoDir });
      return { stdout };
    }
    return await new Promise((resolve, reject) => {
      const child = execFile(command, args, { cwd: options.repoDir }, (error, stdout) => (error ? reject(error) : resolve({ stdout })));
      child.stdin!.end(input);
    });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`\`${command} ${args.join(" ")}\` failed: ${(stderr || message).trim()}`);
  }
}

async function stop(exitCode: number): Promise<never> {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
          setTimeout(() => child.kill("SIGKILL"), 5000).unref();
        }),
    ),
  );
  await new Promise((resolve) => log.end(resolve));
  process.exit(exitCode); // PID 1 leaving: the kernel kills whatever is left in our PID namespace
}

// The caller closes our stdin to stop us, or dies (which closes it too).
process.stdin.on("end", () => void stop(0));
process.stdin.resume();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));

main().catch((error: unknown) => {
  console.log(`FAILED ${JSON.stringify((error as Error).message)}`);
  void stop(1);
});
