import { parseOriginList } from "./origins.ts";
import { MAX_OPEN_CONNECTIONS_PER_IP } from "./protocol.ts";

/** Where the lab pages are served when LABS_PORT does not say: Vite's usual port. */
export const DEFAULT_LABS_PORT = 5173;

/** The lab pages' port (LABS_PORT): Vite listens there, and the relay lets those pages in. */
export function labsPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return integerFromEnv(env, "LABS_PORT", DEFAULT_LABS_PORT);
}

/** The relay's settings from the environment, with the chapter's port 3000 as the default. */
export function relaySettingsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return {
    wsPort: integerFromEnv(env, "RELAY_WS_PORT", 3000),
    wssPort: integerFromEnv(env, "RELAY_WSS_PORT", 3001),
    /** 0 turns the heartbeat off. */
    heartbeatMs: integerFromEnv(env, "RELAY_HEARTBEAT_MS", 30_000),
    /** Unset: every interface, so a second device on the LAN can join. Tests use 127.0.0.1. */
    host: env.RELAY_HOST || undefined,
    /** RELAY_QUIET=1: no line per join and leave. */
    quiet: env.RELAY_QUIET === "1",
    /** The lab pages' port: pages from https://<host>:<labsPort> may connect (server/origins.ts). */
    labsPort: labsPortFromEnv(env),
    /** RELAY_ALLOWED_ORIGINS: more origins that may connect, comma-separated. */
    extraOrigins: parseOriginList(env.RELAY_ALLOWED_ORIGINS),
    /** RELAY_RATE_LIMITS=off: none (to see a flood without them). */
    rateLimits: env.RELAY_RATE_LIMITS !== "off",
    /** RELAY_MAX_CONNECTIONS_PER_IP: connections one address may have open at once; 0: no cap. */
    maxConnectionsPerIp: integerFromEnv(env, "RELAY_MAX_CONNECTIONS_PER_IP", MAX_OPEN_CONNECTIONS_PER_IP),
  };
}

export function integerFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}
