/**
 * The relay and the lab pages, started together: `npm start` (scripts/serve.ts)
 * and `npm run compare` both run them through here. The pages are told the ports
 * the relay really got, so port 0 ("any free one") works too.
 * With `turn`, coturn starts first (lab 06); when it cannot, everything else still
 * runs and the relay tells each peer why TURN is not running.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, createServer, preview, type InlineConfig, type LogLevel, type ServerOptions } from "vite";
import { listen, type ListenOptions, type RunningRelay } from "../server/listen.ts";
import type { TurnAvailability } from "../server/turn-credentials.ts";
import { integerFromEnv } from "../server/settings.ts";
import { ensureCertificates, readServerCertificate } from "./certs.ts";
import { ensureTurnSecret } from "./turn-secret.ts";
import { startTurnServer, type RunningTurnServer, type TurnServerSettings } from "./turn-server.ts";

export interface LabServerOptions {
  /** Where the relay listens (ports of 0 pick free ones); the certificate is added here. */
  relay: Omit<ListenOptions, "tls">;
  /** What to change in vite.config.ts's `server` section (host, port, live reload). */
  pages?: ServerOptions;
  /**
   * "built": the pages are built first (a few seconds) and served as files, with no
   * live reload: the tests' choice (LAB_PAGES=built), as a page then loads with about
   * a quarter less CPU. Default "dev": served as they are, reloaded when saved.
   */
  pagesServed?: PagesServed;
  logLevel?: LogLevel;
  /** Start coturn for lab 06 (scripts/turn-server.ts); left out, the relay hands out no TURN servers. */
  turn?: TurnServerSettings;
}

/** coturn, running, or why not (not installed, port busy, ...): `npm start` prints it either way. */
export type TurnState = { running: true; server: RunningTurnServer } | { running: false; why: string };

export type PagesServed = "dev" | "built";

/** LAB_PAGES=built serves the pages built (the tests set it); anything else, as they are. */
export function pagesServedFromEnv(env: NodeJS.ProcessEnv = process.env): PagesServed {
  return env.LAB_PAGES === "built" ? "built" : "dev";
}

export interface LabServers {
  relay: RunningRelay;
  /** The port the lab pages listen on. */
  pagesPort: number;
  /** Only when asked for with `turn`. */
  turn?: TurnState;
  close(): Promise<void>;
}

export async function startLabServers(options: LabServerOptions): Promise<LabServers> {
  await ensureCertificates();
  const turnSecret = options.turn ? ensureTurnSecret() : "";
  const turn = options.turn ? await startTurn(options.turn, turnSecret) : undefined;
  const credentialTtlS = integerFromEnv(process.env, "TURN_CREDENTIAL_TTL_S", 3600);
  // What has started so far, stopped again if a later step fails (a busy port, say).
  const started: { close(): Promise<void> }[] = turn?.running ? [turn.server] : [];
  try {
    const relay = await listen({
      ...options.relay,
      tls: readServerCertificate(),
      ...(turn ? { turn: () => turnAvailability(turn, { secret: turnSecret, credentialTtlS }) } : {}),
    });
    started.push(relay);
    const pages = await servePages(options, {
      configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
      logLevel: options.logLevel,
      define: {
        __RELAY_WS_PORT__: JSON.stringify(relay.wsPort),
        __RELAY_WSS_PORT__: JSON.stringify(relay.wssPort),
      },
    });
    started.push(pages);
    // The relay lets in only the lab pages' origins; with port 0 only now is their port known.
    relay.relay.origins.addLabsPort(pages.port);
    return {
      relay,
      pagesPort: pages.port,
      turn,
      close: () => closeAll(started),
    };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

interface ServedPages {
  port: number;
  close(): Promise<void>;
}

/** The lab pages, listening: Vite's dev server, or the pages built and served as files by Vite's preview server. */
async function servePages(options: LabServerOptions, config: InlineConfig): Promise<ServedPages> {
  if (options.pagesServed !== "built") {
    const pages = await createServer({ ...config, server: options.pages });
    await pages.listen();
    return { port: portOf(pages.httpServer), close: () => pages.close() };
  }
  const outDir = mkdtempSync(join(tmpdir(), "webrtc-labs-pages-"));
  const removeBuild = () => rmSync(outDir, { recursive: true, force: true });
  try {
    await build({ ...config, logLevel: options.logLevel ?? "warn", build: { outDir, emptyOutDir: true } });
    const { host, port, strictPort } = options.pages ?? {};
    const pages = await preview({ ...config, preview: { host, port, strictPort }, build: { outDir } });
    return { port: portOf(pages.httpServer), close: () => pages.close().finally(removeBuild) };
  } catch (error) {
    removeBuild();
    throw error;
  }
}

function portOf(server: { address(): string | AddressInfo | null } | null): number {
  const address = server?.address();
  if (address === null || address === undefined || typeof address !== "object") throw new Error("The lab pages did not start listening.");
  return address.port;
}

async function closeAll(servers: { close(): Promise<void> }[]): Promise<void> {
  await Promise.all(servers.map((server) => server.close()));
}

async function startTurn(settings: TurnServerSettings, secret: string): Promise<TurnState> {
  try {
    return { running: true, server: await startTurnServer(settings, secret) };
  } catch (error) {
    return { running: false, why: (error as Error).message };
  }
}

/** Asked at each join: a turnserver that has exited since is reported as not running. */
function turnAvailability(turn: TurnState, credentials: { secret: string; credentialTtlS: number }): TurnAvailability {
  if (!turn.running) return { running: false, why: turn.why.split("\n")[0]! };
  const exitReason = turn.server.exitReason();
  if (exitReason !== null) return { running: false, why: `turnserver ${exitReason}; restart \`npm start\`.` };
  return { running: true, settings: { ...credentials, host: turn.server.address.ip, port: turn.server.port } };
}
