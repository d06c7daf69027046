/**
 * TURN credentials for each peer that joins (lab 06), in the relay's `joined` notice.
 *
 * coturn runs with `use-auth-secret` (the "TURN REST API"): it shares a secret with
 * the relay and stores no users. The relay signs a username that carries its own
 * expiry time, and coturn accepts it until then:
 *   username   = "<expiry, unix seconds>:<name>"
 *   credential = base64(HMAC-SHA1(secret, username))
 * A page never holds a password that works forever; one copied out of it stops working.
 */
import { createHmac } from "node:crypto";
import type { TurnIceServer, TurnStatus } from "./protocol.ts";

export interface TurnSettings {
  /** The one address coturn listens on (scripts/turn-server.ts, TurnAddress): every peer's TURN URLs name it. */
  host: string;
  /** The secret coturn was started with (ssl/turn-secret). */
  secret: string;
  /** The port coturn listens on (TURN_PORT), UDP and TCP. */
  port: number;
  /** How long a peer's credentials work, in seconds (TURN_CREDENTIAL_TTL_S). */
  credentialTtlS: number;
}

/** The join URL's test knobs for TURN (read by join.ts), each left out when absent or unreadable. */
export interface TurnKnobs {
  ttlS?: number;
  port?: number;
}

/** What the relay knows about TURN at the moment a peer joins: coturn may have stopped since it started. */
export type TurnAvailability = { running: true; settings: TurnSettings } | { running: false; why: string };

/** The TURN REST API's username and password for `name`, valid until `expiresAt` (unix seconds). */
export function turnCredentials(secret: string, name: string, expiresAt: number): { username: string; credential: string } {
  const username = `${expiresAt}:${name}`;
  return { username, credential: createHmac("sha1", secret).update(username).digest("base64") };
}

/**
 * The `iceServers` and `turn` fields of a peer's `joined` notice. The URLs name the one
 * address coturn listens on, whichever host the peer used to reach the relay: this
 * machine's LAN address when it has one (a phone and this machine's own tabs both reach
 * it), 127.0.0.1 when loopback is all there is.
 *
 * Two test knobs in the join URL, like the chaos ones: `turnTtl=<seconds>` can only
 * shorten the lifetime (a negative one hands out credentials that have already
 * expired), and `turnPort=<port>` points the URLs at another port (one where nothing
 * listens looks like a turnserver that is down).
 */
export function turnForPeer(
  availability: TurnAvailability,
  knobs: TurnKnobs,
  name: string,
  nowMs = Date.now(),
): { iceServers: TurnIceServer[]; turn: TurnStatus } {
  if (!availability.running) return { iceServers: [], turn: { running: false, why: availability.why } };
  const { host, secret, port, credentialTtlS } = availability.settings;
  const ttlS = Math.min(credentialTtlS, knobs.ttlS ?? credentialTtlS);
  const expiresAt = Math.floor(nowMs / 1000) + ttlS;
  const turnPort = knobs.port ?? port;
  return {
    iceServers: [
      {
        urls: [`turn:${host}:${turnPort}?transport=udp`, `turn:${host}:${turnPort}?transport=tcp`],
        ...turnCredentials(secret, name, expiresAt),
      },
    ],
    turn: { running: true, expiresAt, validForS: ttlS },
  };
}
