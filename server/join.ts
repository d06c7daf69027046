/** What a client's WebSocket URL asks for: `/?room=abc&size=4&delaySdpMs=500&tamper=fingerprint`. */
import { chaosFromParams, type ChaosOptions } from "./chaos.ts";
import { errorNotice, type ErrorNotice } from "./errors.ts";
import { DEFAULT_ROOM, DEFAULT_ROOM_SIZE, MAX_ROOM_SIZE, ROOM_NAME_PATTERN, type TestKnobs } from "./protocol.ts";
import { tamperFromParams, type Tamper } from "./tamper.ts";
import type { TurnKnobs } from "./turn-credentials.ts";

export type JoinRequest =
  | {
      ok: true;
      room: string;
      size: number;
      chaos: ChaosOptions | null;
      tamper: Tamper | null;
      crossOffers: boolean;
      turnKnobs: TurnKnobs;
      /** All of the above that are on, by their URL names: the `joined` notice tells the page. */
      knobs: TestKnobs;
    }
  | { ok: false; refusal: ErrorNotice };

/** Reads the request's URL (its path is ignored; only the query matters). */
export function parseJoinRequest(url: string): JoinRequest {
  let params: URLSearchParams;
  try {
    params = new URL(url, "ws://relay").searchParams;
  } catch {
    return { ok: false, refusal: errorNotice("bad-url") };
  }

  const room = params.get("room") ?? DEFAULT_ROOM;
  if (!ROOM_NAME_PATTERN.test(room)) return { ok: false, refusal: errorNotice("bad-room-name") };

  const sizeParam = params.get("size");
  const size = sizeParam === null ? DEFAULT_ROOM_SIZE : Number(sizeParam);
  if (!Number.isInteger(size) || size < 2 || size > MAX_ROOM_SIZE) {
    return { ok: false, refusal: errorNotice("bad-room-size") };
  }

  const crossOffers = params.get("crossOffers") === "1"; // see cross-offers.ts
  const chaos = chaosFromParams(params);
  const tamper = tamperFromParams(params);
  const turnKnobs = turnKnobsFromParams(params);
  const knobs: TestKnobs = {
    ...(chaos?.delaySdpMs ? { delaySdpMs: chaos.delaySdpMs } : {}),
    ...(chaos?.candidatesFirst ? { candidatesFirst: 1 } : {}),
    ...(chaos?.reorderMs ? { reorderMs: chaos.reorderMs } : {}),
    ...(crossOffers ? { crossOffers: 1 } : {}),
    ...(tamper ? { tamper } : {}),
    ...(turnKnobs.ttlS !== undefined ? { turnTtl: turnKnobs.ttlS } : {}),
    ...(turnKnobs.port !== undefined ? { turnPort: turnKnobs.port } : {}),
  };
  return { ok: true, room, size, chaos, tamper, crossOffers, turnKnobs, knobs };
}

/** Lab 06's test knobs `turnTtl` and `turnPort` (turn-credentials.ts); unreadable values are left out. */
function turnKnobsFromParams(params: URLSearchParams): TurnKnobs {
  const ttl = Number(params.get("turnTtl") ?? NaN);
  const port = Number(params.get("turnPort") ?? NaN);
  return {
    ttlS: Number.isInteger(ttl) ? ttl : undefined,
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined,
  };
}
