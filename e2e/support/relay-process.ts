/**
 * The real relay, as its own process (`node --import tsx server/index.ts`), on
 * loopback ports the system picks. Tests talk to it with real ws clients.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CapturedProcess } from "./captured-process.ts";

export type { Exit } from "./captured-process.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
/** The first line index.ts prints. */
const READY_LINE = /relay: ws:\/\/localhost:(\d+)\s+wss:\/\/localhost:(\d+)/;
/** Node, tsx and the relay's modules start in about a second, much longer on a machine busy with browsers. */
const READY_WAIT_MS = 30_000;

export interface RelayProcessOptions {
  /** RELAY_HEARTBEAT_MS; the relay's own default (30 s) when left out. */
  heartbeatMs?: number;
  /** More environment for the relay, e.g. `{ LABS_PORT: "5999", RELAY_ALLOWED_ORIGINS: "..." }`. */
  env?: Record<string, string>;
  /** Fixed ports, e.g. to start a relay again where a killed one listened; the system picks free ones when left out. */
  wsPort?: number;
  wssPort?: number;
  /** A command prefix to run the relay with, e.g. the NAT testbed's onTheInternet() (nsenter: the relay then listens there). */
  inside?: string[];
}

export class RelayProcess extends CapturedProcess {
  wsPort = 0;
  wssPort = 0;

  private constructor(child: ChildProcess) {
    super(child, "SIGTERM");
  }

  static async start(options: RelayProcessOptions = {}): Promise<RelayProcess> {
    const [command, ...args] = [...(options.inside ?? []), process.execPath, "--import", "tsx", "server/index.ts"];
    const child = spawn(command!, args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        RELAY_WS_PORT: String(options.wsPort ?? 0),
        RELAY_WSS_PORT: String(options.wssPort ?? 0),
        RELAY_HOST: "127.0.0.1",
        ...(options.heartbeatMs === undefined ? {} : { RELAY_HEARTBEAT_MS: String(options.heartbeatMs) }),
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const relay = new RelayProcess(child);
    await relay.ready();
    return relay;
  }

  /** `ws://127.0.0.1:<port>/?<params>` */
  url(params: Record<string, string | number> = {}): string {
    const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
    return `ws://127.0.0.1:${this.wsPort}/?${query}`;
  }

  /** The relay process's resident memory (RSS), in bytes, as the OS counts it (`ps`). */
  rssBytes(): number {
    const kib = execFileSync("ps", ["-o", "rss=", "-p", String(this.child.pid)], { encoding: "utf8" });
    return Number(kib.trim()) * 1024;
  }

  private ready(): Promise<void> {
    return this.waitForOutput({
      who: "The relay",
      isReady: (printed) => {
        const ports = READY_LINE.exec(printed);
        if (!ports) return false;
        this.wsPort = Number(ports[1]);
        this.wssPort = Number(ports[2]);
        return true;
      },
      waitingFor: "print its ports",
      timeoutMs: READY_WAIT_MS,
    });
  }
}
