/**
 * The relay and the lab pages, started together: `npm start` (scripts/serve.ts)
 * and `npm run compare` both run them through here. The pages are told the ports
 * the relay really got, so port 0 ("any free one") works too.
 * With `turn`, coturn starts first (lab 06); when it cannot, everything else still
 * runs and the relay tells each peer why TURN is not running.
 */
import { fileURLToPath } from "node:url";
import { createServer, type LogLevel, type ServerOptions } from "vite";
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
  logLevel?: LogLevel;
  /** Start coturn for lab 06 (scripts/turn-server.ts); left out, the relay hands out no TURN servers. */
  turn?: TurnServerSettings;
}

/** coturn, running, or why not (not installed, port busy, ...): `npm start` prints it either way. */
export type TurnState = { running: true; server: RunningTurnServer } | { running: false; why: string };

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
    const pages = await createServer({
      configFile: fileURLToPath(new URL("../vite.config.ts", import.meta.url)),
      logLevel: options.logLevel,
      server: options.pages,
      define: {
        __RELAY_WS_PORT__: JSON.stringify(relay.wsPort),
        __RELAY_WSS_PORT__: JSON.stringify(relay.wssPort),
      },
    });
    started.push(pages);
    await pages.listen();
    const address = pages.httpServer?.address();
    if (address === null || typeof address !== "object") throw new Error("The lab pages did not start listening.");
    // The relay lets in only the lab pages' origins; with port 0 only now is their port known.
    relay.relay.origins.addLabsPort(address.port);
    return {
      relay,
      pagesPort: address.port,
      turn,
      close: () => closeAll(started),
    };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
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
