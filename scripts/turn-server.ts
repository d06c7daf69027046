/**
 * Starts this project's own coturn (`turnserver`) for lab 06, beside the relay:
 * `npm start` and the Playwright config run it through scripts/lab-servers.ts.
 *
 * Never the system service or /etc/turnserver.conf: everything comes from the
 * flags below, plus a private config file that holds only the shared secret
 * (on the command line, `ps` would show it to every user of the machine).
 * It listens on loopback and this machine's LAN addresses, relays on a small
 * port range, checks time-limited credentials (TURN REST API, `use-auth-secret`),
 * and has no admin CLI. Its log goes to a file and, for errors, to memory.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { integerFromEnv } from "../server/settings.ts";
import { lanAddresses } from "./network.ts";

export const INSTALL_COTURN = "install coturn: `sudo apt-get install coturn` (Debian/Ubuntu) or `brew install coturn` (macOS)";

export interface TurnServerSettings {
  /** TURN_PORT: where coturn listens for clients, UDP and TCP (3478 is TURN's standard port). */
  port: number;
  /** TURN_MIN_PORT..TURN_MAX_PORT: the ports of the relayed addresses it hands out, one per allocation. */
  minRelayPort: number;
  maxRelayPort: number;
  /** TURNSERVER: the coturn binary, `turnserver` from the PATH unless set. */
  binary: string;
  /** Loopback and this machine's LAN addresses: a phone on the LAN reaches it too. */
  listeningIps: string[];
}

export function turnSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TurnServerSettings {
  const settings = {
    port: integerFromEnv(env, "TURN_PORT", 3478),
    minRelayPort: integerFromEnv(env, "TURN_MIN_PORT", 49160),
    maxRelayPort: integerFromEnv(env, "TURN_MAX_PORT", 49179),
    binary: env.TURNSERVER || "turnserver",
    listeningIps: ["127.0.0.1", ...lanAddresses()],
  };
  if (settings.minRelayPort > settings.maxRelayPort || settings.maxRelayPort > 65535) {
    throw new Error(`TURN_MIN_PORT..TURN_MAX_PORT must be a range of ports, got ${settings.minRelayPort}..${settings.maxRelayPort}`);
  }
  return settings;
}

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
  listeningIps: string[];
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
  for (const ip of settings.listeningIps) await expectPortFree(ip, settings.port);

  const stateDir = turnStateDir(settings.port);
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const configPath = join(stateDir, "turnserver.conf");
  writeFileSync(configPath, `static-auth-secret=${secret}\n`, { mode: 0o600 });
  const logPath = join(stateDir, "turnserver.log");

  const args = [
    ["-c", configPath], // only the secret; never /etc/turnserver.conf
    ["--listening-port", String(settings.port)],
    ...settings.listeningIps.map((ip) => ["--listening-ip", ip]),
    // No --relay-ip: each allocation is relayed from the address its client reached,
    // so a tab on this machine gets a loopback relay address and a phone a LAN one.
    ["--min-port", String(settings.minRelayPort)],
    ["--max-port", String(settings.maxRelayPort)],
    // Each allocation holds a relay port until the browser releases it. A browser that goes away
    // without a word (a closed tab, a test's closed context) keeps it until its allocation expires:
    // 60 s instead of an hour, so a small range is enough. Chromium refreshes at half that, every 30 s.
    ["--max-allocate-lifetime", "60"],
    ["--use-auth-secret"], // TURN REST API: username "<expiry>:<name>", password HMAC-SHA1(secret, username)
    ["--realm", "webrtc-signaling-labs"],
    // On one machine both peers' relayed addresses are loopback ones. Never in production:
    // it lets anyone with credentials reach services that listen only on the TURN server's loopback.
    ["--allow-loopback-peers"],
    ["--no-multicast-peers"],
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
    listeningIps: settings.listeningIps,
    logPath,
    exitReason: () => exitReason,
    exited: exited.then(() => exitReason ?? "exited"),
    close: stop,
  };
}

/** Ready = a STUN Binding Request answered over UDP and a TCP connection accepted, on every address. */
async function waitUntilListening(child: ChildProcess, settings: TurnServerSettings, exitReason: () => string | null): Promise<void> {
  const deadline = Date.now() + READY_WAIT_MS;
  const pending = new Set(settings.listeningIps.flatMap((ip) => [`udp ${ip}`, `tcp ${ip}`]));
  while (pending.size > 0) {
    const reason = exitReason();
    if (reason !== null) throw new Error(`turnserver ${reason} before it was listening.`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`turnserver did not answer on ${[...pending].join(", ")} port ${settings.port} within ${READY_WAIT_MS / 1000} s.`);
    }
    // All at once: before coturn listens, each UDP probe waits out its whole timeout.
    await Promise.all(
      [...pending].map(async (check) => {
        const [protocol, ip] = check.split(" ") as ["udp" | "tcp", string];
        const answered = protocol === "udp" ? await stunBindingAnswered(ip, settings.port) : await tcpAccepted(ip, settings.port);
        if (answered) pending.delete(check);
      }),
    );
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sends one STUN Binding Request (RFC 8489: type 0x0001, magic cookie, transaction id) and waits for its success answer. */
function stunBindingAnswered(ip: string, port: number, timeoutMs = 300): Promise<boolean> {
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0);
  request.writeUInt32BE(0x2112a442, 4);
  const transactionId = randomBytes(12);
  transactionId.copy(request, 8);
  const socket = createSocket("udp4");
  return new Promise((resolve) => {
    const done = (answered: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on("error", () => done(false));
    socket.on("message", (answer) => {
      if (answer.length >= 20 && answer.readUInt16BE(0) === 0x0101 && answer.subarray(8, 20).equals(transactionId)) done(true);
    });
    socket.send(request, port, ip);
  });
}

function tcpAccepted(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: ip, port });
    socket.setTimeout(300);
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
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
