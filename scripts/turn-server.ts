/**
 * Starts this project's own coturn (`turnserver`) for lab 06, beside the relay:
 * `npm start` and the Playwright config run it through scripts/lab-servers.ts.
 *
 * Never the system service or /etc/turnserver.conf: everything comes from the
 * flags below, plus a private config file that holds only the shared secret
 * (on the command line, `ps` would show it to every user of the machine).
 * It listens and relays on ONE address (turnAddress below), checks time-limited
 * credentials (TURN REST API, `use-auth-secret`), relays only to the peers a
 * call can need (never this machine's loopback when another host can reach it),
 * and has no admin CLI. Its log goes to a file and, for errors, to memory.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { createSocket } from "node:dgram";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { integerFromEnv } from "../server/settings.ts";
import { TurnClient } from "./turn-client.ts";

export const INSTALL_COTURN = "install coturn: `sudo apt-get install coturn` (Debian/Ubuntu) or `brew install coturn` (macOS)";

export interface TurnServerSettings {
  /** TURN_PORT: where coturn listens for clients, UDP and TCP (3478 is TURN's standard port). */
  port: number;
  /** TURN_MIN_PORT..TURN_MAX_PORT: the ports of the relayed addresses it hands out, one per allocation. */
  minRelayPort: number;
  maxRelayPort: number;
  /** TURNSERVER: the coturn binary, `turnserver` from the PATH unless set. */
  binary: string;
  /** The one address coturn listens and relays on (TURN_IP, or this machine's LAN address, or loopback). */
  address: TurnAddress;
}

/**
 * Where coturn listens and relays, and so the address of every relay candidate:
 * - with a LAN address, that address only. A phone on the LAN reaches it, and so
 *   do this machine's own tabs (their TURN URLs name it too). coturn does not
 *   listen on loopback and never relays to it: whoever reaches coturn from another
 *   host cannot reach a service that listens only on 127.0.0.1 through it.
 * - with loopback only (CI's network namespace, a laptop offline), 127.0.0.1, and
 *   relaying to loopback is then allowed: no other host can reach coturn at all.
 * The one address also fixes a relay candidate to an address the other browser can
 * reach; coturn otherwise picks one among those it listens on, often 127.0.0.1.
 */
export interface TurnAddress {
  ip: string;
  /** Its interface's subnet, first to last address: the only private peers coturn relays to. */
  subnet: { first: string; last: string };
  loopback: boolean;
}

export function turnSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TurnServerSettings {
  const settings = {
    port: integerFromEnv(env, "TURN_PORT", 3478),
    minRelayPort: integerFromEnv(env, "TURN_MIN_PORT", 49160),
    maxRelayPort: integerFromEnv(env, "TURN_MAX_PORT", 49179),
    binary: env.TURNSERVER || "turnserver",
    address: turnAddress(env.TURN_IP || undefined),
  };
  if (settings.minRelayPort > settings.maxRelayPort || settings.maxRelayPort > 65535) {
    throw new Error(`TURN_MIN_PORT..TURN_MAX_PORT must be a range of ports, got ${settings.minRelayPort}..${settings.maxRelayPort}`);
  }
  return settings;
}

/**
 * `wanted` (TURN_IP) if it is one of this machine's IPv4 addresses; otherwise the LAN
 * address of the interface the default route leaves by (on Linux; elsewhere the first
 * LAN address); 127.0.0.1 when there is no LAN address.
 */
export function turnAddress(wanted?: string): TurnAddress {
  const addresses = Object.entries(networkInterfaces()).flatMap(([name, list]) =>
    (list ?? []).filter((address) => address.family === "IPv4").map((address) => ({ ...address, name })),
  );
  const lan = addresses.filter((address) => !address.internal);
  const defaultInterface = defaultRouteInterface();
  const chosen =
    wanted !== undefined
      ? addresses.find((address) => address.address === wanted)
      : (lan.find((address) => address.name === defaultInterface) ?? lan[0] ?? addresses.find((address) => address.address === "127.0.0.1"));
  if (chosen === undefined) {
    const known = addresses.map((address) => address.address).join(", ");
    throw new Error(`TURN_IP=${wanted ?? ""} is not an IPv4 address of this machine (it has ${known || "none"}).`);
  }
  const [, bits] = chosen.cidr?.split("/") ?? [];
  return { ip: chosen.address, subnet: subnetOf(chosen.address, Number(bits ?? 32)), loopback: chosen.internal };
}

/** The interface of the IPv4 default route, from /proc/net/route (Linux); null elsewhere or without one. */
function defaultRouteInterface(): string | null {
  if (!existsSync("/proc/net/route")) return null;
  const routes = readFileSync("/proc/net/route", "utf8").split("\n").slice(1);
  const defaultRoute = routes.map((line) => line.trim().split(/\s+/)).find((fields) => fields[1] === "00000000" && fields[7] === "00000000");
  return defaultRoute?.[0] ?? null;
}

function subnetOf(ip: string, prefixBits: number): { first: string; last: string } {
  const value = ip.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefixBits);
  const first = Math.floor(value / size) * size;
  return { first: dotted(first), last: dotted(first + size - 1) };
}

function dotted(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/**
 * Peers coturn never relays to, unless they are in its own subnet (allowed-peer-ip wins):
 * private and special ranges, where this machine's other networks (a VPN, Docker's
 * bridges, Tailscale, a cloud's metadata service at 169.254.169.254) would be reached
 * from the LAN through it. Loopback is refused anyway, unless coturn itself is on loopback.
 * Public addresses stay allowed: a phone's address as its NAT shows it (srflx) is one.
 */
const DENIED_PEER_RANGES = [
  "0.0.0.0-0.255.255.255", // "this network"
  "10.0.0.0-10.255.255.255", // private (RFC 1918)
  "100.64.0.0-100.127.255.255", // carrier-grade NAT, Tailscale
  "127.0.0.0-127.255.255.255", // loopback
  "169.254.0.0-169.254.255.255", // link-local, cloud metadata
  "172.16.0.0-172.31.255.255", // private (RFC 1918)
  "192.0.0.0-192.0.0.255", // IETF protocol assignments
  "192.168.0.0-192.168.255.255", // private (RFC 1918)
  "198.18.0.0-198.19.255.255", // benchmarking
  "224.0.0.0-255.255.255.255", // multicast, reserved, broadcast
  // coturn 4.6 compares IPv6 ranges byte by byte, and a range that starts at "::" would take in
  // every IPv4 address too: so no "::" start (coturn refuses :: and ::1 by itself anyway).
  "::ffff:0:0-::ffff:ffff:ffff", // IPv4-mapped, e.g. ::ffff:127.0.0.1
  "64:ff9b::-64:ff9b::ffff:ffff", // NAT64
  "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", // unique local
  "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", // link-local
];

/** coturn is not installed (or TURNSERVER points at nothing). */
export class TurnServerMissing extends Error {
  constructor(binary: string) {
    super(`turnserver (coturn) is not installed${binary === "turnserver" ? "" : ` at ${binary}`}: ${INSTALL_COTURN}`);
  }
}

/** `turnserver --version` ("4.6.1"), or null when there is no such program. Synchronous, so a spec can decide to skip. */
export function turnServerVersion(binary = turnSettingsFromEnv().binary): string | null {
  try {
    return execFileSync(binary, ["--version"], { timeout: 5000, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || "unknown";
  } catch {
    return null;
  }
}

/** Where the turnserver on `port` keeps its log, pid file and private config: a folder of its own per port. */
export function turnStateDir(port: number): string {
  return join(tmpdir(), `webrtc-labs-turn-${port}`);
}

export interface RunningTurnServer {
  port: number;
  version: string;
  address: TurnAddress;
  /** Where the whole log is (it stays after the server stops). */
  logPath: string;
  /** null while the process runs; once it has exited, how. */
  exitReason(): string | null;
  /** Resolves with the reason once the process has exited, whoever stopped it. */
  exited: Promise<string>;
  close(): Promise<void>;
}

/** How long coturn may take to answer on every address (it starts in well under a second). */
const READY_WAIT_MS = 15_000;
const LOG_LINES_KEPT = 300;

export async function startTurnServer(settings: TurnServerSettings, secret: string): Promise<RunningTurnServer> {
  const version = turnServerVersion(settings.binary);
  if (version === null) throw new TurnServerMissing(settings.binary);
  // coturn sets SO_REUSEPORT, so a second one on a busy port starts without a word and shares
  // the traffic with the first. Checked here instead, where a busy port is an error.
  await expectPortFree(settings.address.ip, settings.port);

  const stateDir = turnStateDir(settings.port);
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const configPath = join(stateDir, "turnserver.conf");
  writeFileSync(configPath, `static-auth-secret=${secret}\n`, { mode: 0o600 });
  const logPath = join(stateDir, "turnserver.log");

  const args = [
    ["-c", configPath], // only the secret; never /etc/turnserver.conf
    ["--listening-port", String(settings.port)],
    // One address to listen on and to relay from: every relay candidate carries it (see TurnAddress).
    ["--listening-ip", settings.address.ip],
    ["--relay-ip", settings.address.ip],
    ["--min-port", String(settings.minRelayPort)],
    ["--max-port", String(settings.maxRelayPort)],
    // Each allocation holds a relay port until the browser releases it. A browser that goes away
    // without a word (a closed tab, a test's closed context) keeps it until its allocation expires:
    // 60 s instead of an hour, so a small range is enough. Chromium refreshes at half that, every 30 s.
    ["--max-allocate-lifetime", "60"],
    ["--use-auth-secret"], // TURN REST API: username "<expiry>:<name>", password HMAC-SHA1(secret, username)
    ["--realm", "webrtc-signaling-labs"],
    // Which peers it relays to. Its own subnet (the LAN, or loopback when it listens there),
    // and public addresses; never other private ranges, never loopback when reachable from the LAN.
    // Credentials are no secret on a LAN (any host that can open a lab page gets some), so this is the guard.
    ["--allowed-peer-ip", `${settings.address.subnet.first}-${settings.address.subnet.last}`],
    ...DENIED_PEER_RANGES.map((range) => ["--denied-peer-ip", range]),
    // Only on loopback, where no other host can reach coturn: both tabs' relay candidates are 127.0.0.1.
    ...(settings.address.loopback ? [["--allow-loopback-peers"]] : []),
    ["--no-multicast-peers"],
    // No TCP relaying (RFC 6062): browsers only ask for UDP relays, even when they reach
    // coturn over TCP (?transport=tcp still works). A TCP relay would open TCP connections for anyone.
    ["--no-tcp-relay"],
    ["--no-cli"], // no admin telnet on 5766
    ["--no-tls", "--no-dtls"], // plain TURN on one port; production adds TLS on 5349 (labs/06-turn/README.md)
    ["--no-rfc5780"], // NAT behaviour discovery needs two public IPs
    ["--fingerprint"],
    ["--verbose"], // one line per allocation and per refused credential: the log explains a failed call
    ["--log-file", "stdout"],
    ["--pidfile", join(stateDir, "turnserver.pid")],
    ["--userdb", join(stateDir, "turndb")], // not /var/lib/turn: nothing outside this folder
  ].flat();

  const child = spawn(settings.binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  const log = new LogKeeper(logPath);
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk: Buffer) => log.add(chunk));
  let exitReason: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exitReason = signal ? `stopped by ${signal}` : `exited with code ${code}`;
      resolve();
    }),
  );
  child.once("error", (error) => (exitReason = error.message));
  // If Node ends without close() (an uncaught error), coturn must not live on holding the port.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.off("exit", killOnExit);
    if (exitReason === null) {
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(forced);
    }
    rmSync(configPath, { force: true });
    await log.close();
  };

  try {
    await waitUntilListening(child, settings, () => exitReason);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nturnserver's log (${logPath}), last lines:\n${log.tail(25)}`);
  }

  return {
    port: settings.port,
    version,
    address: settings.address,
    logPath,
    exitReason: () => exitReason,
    exited: exited.then(() => exitReason ?? "exited"),
    close: stop,
  };
}

/** Ready = a STUN Binding Request answered over UDP and a TCP connection accepted, on its address. */
async function waitUntilListening(child: ChildProcess, settings: TurnServerSettings, exitReason: () => string | null): Promise<void> {
  const deadline = Date.now() + READY_WAIT_MS;
  const server = { address: settings.address.ip, port: settings.port };
  const pending = new Set<"udp" | "tcp">(["udp", "tcp"]);
  while (pending.size > 0) {
    const reason = exitReason();
    if (reason !== null) throw new Error(`turnserver ${reason} before it was listening.`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`turnserver did not answer on ${[...pending].join(", ")} ${server.address} port ${settings.port} within ${READY_WAIT_MS / 1000} s.`);
    }
    // Both at once: before coturn listens, the UDP probe waits out its whole timeout.
    await Promise.all([...pending].map(async (protocol) => (await answersBinding(protocol, server)) && pending.delete(protocol)));
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One STUN Binding Request over `protocol`, answered with success within a moment. */
async function answersBinding(protocol: "udp" | "tcp", server: { address: string; port: number }): Promise<boolean> {
  let client: TurnClient | null = null;
  try {
    client = await TurnClient.open(protocol, server);
    return (await client.binding(300)).ok;
  } catch {
    return false; // refused (not listening yet) or no answer in time
  } finally {
    client?.close();
  }
}

async function expectPortFree(ip: string, port: number): Promise<void> {
  const busy = (error: NodeJS.ErrnoException) =>
    new Error(
      `TURN_PORT ${port} is already in use on ${ip} (${error.code}): another turnserver? ` +
        `\`ss -lntup | grep ${port}\` shows who has it; stop it or set TURN_PORT.`,
    );
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (error) => reject(busy(error)));
    server.listen(port, ip, () => server.close(() => resolve()));
  });
  await new Promise<void>((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", (error) => {
      socket.close();
      reject(busy(error));
    });
    socket.bind(port, ip, () => socket.close(() => resolve()));
  });
}

/** The whole log in a file, the last lines in memory. */
class LogKeeper {
  private readonly file;
  private readonly lines: string[] = [];
  private partial = "";

  constructor(path: string) {
    this.file = createWriteStream(path);
  }

  add(chunk: Buffer): void {
    this.file.write(chunk);
    const text = this.partial + chunk.toString();
    const lines = text.split("\n");
    this.partial = lines.pop() ?? "";
    // coturn prefixes every line with "<seconds>: : " and writes many empty ones.
    this.lines.push(...lines.filter((line) => line.replace(/^\d+: : ?/, "").trim() !== ""));
    if (this.lines.length > LOG_LINES_KEPT) this.lines.splice(0, this.lines.length - LOG_LINES_KEPT);
  }

  tail(count: number): string {
    return [...this.lines, this.partial].filter(Boolean).slice(-count).join("\n");
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(() => resolve()));
  }
}
