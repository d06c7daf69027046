/** Decides whether one incoming frame is a message the relay forwards. */
import type { RawData } from "ws";
import { errorNotice, type ErrorNotice } from "./errors.ts";
import { MAX_MESSAGE_BYTES, RELAY_NOTICE_TYPES } from "./protocol.ts";

export type Checked =
  /** `data` is the sender's bytes, valid UTF-8 (ws checked), to forward unchanged; `to` its `to` field, if a string. */
  | { ok: true; type: string; to: string | undefined; data: Buffer }
  | { ok: false; refusal: ErrorNotice };

export function checkMessage(raw: RawData, isBinary: boolean): Checked {
  if (isBinary) return refuse(errorNotice("binary-frame"));
  const data = toBuffer(raw);
  if (data.length > MAX_MESSAGE_BYTES) return refuse(errorNotice("too-large", data.length));

  let message: unknown;
  try {
    message = JSON.parse(data.toString("utf8"));
  } catch {
    return refuse(errorNotice("bad-json"));
  }
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    return refuse(errorNotice("not-an-object"));
  }
  const type: unknown = (message as { type?: unknown }).type;
  if (typeof type !== "string") return refuse(errorNotice("missing-type"));
  if (RELAY_NOTICE_TYPES.has(type)) return refuse(errorNotice("reserved-type", type));
  const to: unknown = (message as { to?: unknown }).to;
  return { ok: true, type, to: typeof to === "string" ? to : undefined, data };
}

function refuse(refusal: ErrorNotice): Checked {
  return { ok: false, refusal };
}

/** ws hands over a Buffer unless binaryType was changed; the other shapes are for completeness. */
function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}
