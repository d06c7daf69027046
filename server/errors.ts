/**
 * Every refusal the relay can send: its code and the sentence a learner reads.
 * server/README.md lists the same table.
 */
import {
  HARD_FRAME_LIMIT_BYTES,
  MAX_BAD_MESSAGES_IN_A_ROW,
  MAX_HELD_BYTES_PER_CONNECTION,
  MAX_MESSAGE_BYTES,
  MAX_RATE_LIMITED_MESSAGES,
  MAX_ROOM_SIZE,
  MESSAGE_BURST,
  MESSAGES_PER_SECOND,
  RELAY_NOTICE_TYPES,
  type RelayErrorCode,
  type RelayNotice,
} from "./protocol.ts";

export type ErrorNotice = Extract<RelayNotice, { type: "error" }>;

const EXAMPLE = `{"type":"offer","sdp":"..."}`;

const sentences = {
  "bad-json": () => `That was not valid JSON. Send a JSON object such as ${EXAMPLE}.`,
  "not-an-object": () => `Send a JSON object such as ${EXAMPLE}, not an array, a string, a number or null.`,
  "missing-type": () => `The object needs a "type" that is a string, e.g. "offer", "answer" or "candidate".`,
  "reserved-type": (type: string) =>
    `"${type}" is a type only the relay sends (${[...RELAY_NOTICE_TYPES].join(", ")}). Use another type.`,
  "binary-frame": () => `Send text frames with JSON, not binary data.`,
  "too-large": (bytes: number) =>
    `That message is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES} (over ${HARD_FRAME_LIMIT_BYTES} the connection is closed).`,
  "bad-url": () => `The relay could not read this URL. Connect to ws://<host>:3000/?room=<name>.`,
  "bad-room-name": () => `Room names are 1 to 64 letters, digits, '-' or '_'. Pick one with ?room=<name>.`,
  "bad-room-size": () => `?size= must be a whole number from 2 to ${MAX_ROOM_SIZE}.`,
  "room-full": (room: string, size: number) =>
    `Room "${room}" is full: it holds ${size} peers. Pick another room with ?room=<name>.`,
  "too-many-errors": () => `${MAX_BAD_MESSAGES_IN_A_ROW} bad messages in a row: the relay closes this connection.`,
  "rate-limited": () =>
    `Too many messages: the limit is ${MESSAGES_PER_SECOND} a second (${MESSAGE_BURST} at once). The relay drops them until you slow down, and closes the connection after ${MAX_RATE_LIMITED_MESSAGES} more.`,
  "too-much-held": () =>
    `The relay already holds as much of your messages as a test knob may (${MAX_HELD_BYTES_PER_CONNECTION} bytes for ?delaySdpMs, ?candidatesFirst, ?reorderMs and ?crossOffers): it dropped the ones over that, and takes them again once the held ones have gone.`,
} satisfies Record<RelayErrorCode, (...details: never[]) => string>;

type Sentences = typeof sentences;

/** The error notice for `code`, e.g. `errorNotice("room-full", "abc", 2)`. */
export function errorNotice<Code extends RelayErrorCode>(code: Code, ...details: Parameters<Sentences[Code]>): ErrorNotice {
  const sentence = sentences[code] as (...details: Parameters<Sentences[Code]>) => string;
  return { type: "error", code, message: sentence(...details) };
}
