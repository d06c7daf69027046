/** What a client's WebSocket URL asks for: `/?room=abc&size=4&delaySdpMs=500&tamper=fingerprint`. */
import { chaosFromParams, type ChaosOptions } from "./chaos.ts";
import { MAX_CROSSINGS } from "./cross-offers.ts";
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
      /** `?crossOffers=N`: how many times the room's offers cross (0: not asked). */
      crossOffers: number;
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

  const crossOffers = crossingsFromParams(params); // see cross-offers.ts
  const chaos = chaosFromParams(params);
  const tamper = tamperFromParams(params);
  const turnKnobs = turnKnobsFromParams(params);
  const knobs: TestKnobs = {
    ...(chaos?.delaySdpMs ? { delaySdpMs: chaos.delaySdpMs } : {}),
    ...(chaos?.candidatesFirst ? { candidatesFirst: 1 } : {}),
    ...(chaos?.reorderMs ? { reorderMs: chaos.reorderMs } : {}),
    ...(crossOffers > 0 ? { crossOffers } : {}),
    ...(tamper ? { tamper } : {}),
    ...(turnKnobs.ttlS !== undefined ? { turnTtl: turnKnobs.ttlS } : {}),
    ...(turnKnobs.port !== undefined ? { turnPort: turnKnobs.port } : {}),
  };
  return { ok: true, room, size, chaos, tamper, crossOffers, turnKnobs, knobs };
}

/** `?crossOffers=N`, a whole number, at most MAX_CROSSINGS; anything else is 0 (off). */
function crossingsFromParams(params: URLSearchParams): number {
  const count = Number(params.get("crossOffers") ?? 0);
  return Number.isInteger(count) && count > 0 ? Math.min(count, MAX_CROSSINGS) : 0;
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
