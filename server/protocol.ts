/**
 * The relay's protocol, shared (as types) with the labs.
 *
 * A client joins a room with the WebSocket URL: `ws://host:3000/?room=abc`.
 * Anything it sends that is a JSON object with a string `type` goes, unchanged and
 * as a text frame, to the other members of its room. The relay itself only ever
 * sends the `RelayNotice` types below, which no lab sends.
 */

export const DEFAULT_ROOM = "default";
/** Letters, digits, `-` and `_`, 1 to 64 of them: safe in a URL and in a log line. */
export const ROOM_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The labs are 1:1; `?size=` raises it per room (the mesh lab uses 4). */
export const DEFAULT_ROOM_SIZE = 2;
export const MAX_ROOM_SIZE = 8;
/** Fits an SDP with many candidates (a few KiB) with a wide margin. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Frames above this are not even read: ws closes the socket with 1009. */
export const HARD_FRAME_LIMIT_BYTES = 1024 * 1024;

/** Anything the relay forwards: a JSON object with a string `type`. */
export type RelayedMessage = { type: string; [key: string]: unknown };

/** The chapter's messages, as the labs send them. */
export type SessionDescriptionMessage = { type: "offer" | "answer"; sdp: string };
/** Trickle ICE (lab 04): one candidate, or `null` for "no more candidates". */
export type CandidateMessage = { type: "candidate"; ice: RTCIceCandidateInit | null };

export type RelayErrorCode =
  | "bad-json"
  | "not-an-object"
  | "missing-type"
  | "binary-frame"
  | "too-large"
  | "bad-room-name"
  | "bad-room-size"
  | "room-full"
  | "too-many-errors";

/** In every notice, `peers` counts the members of the room now, the receiver included. */
export type RelayNotice =
  /** To the newcomer: the room it is in, who is there and how many it holds. */
  | { type: "joined"; room: string; peers: number; size: number }
  /** To the others, when someone joins or leaves (leaving includes a dropped connection). */
  | { type: "peer-joined"; peers: number }
  | { type: "peer-left"; peers: number }
  | { type: "error"; code: RelayErrorCode; message: string };

export const RELAY_NOTICE_TYPES: ReadonlySet<string> = new Set(["joined", "peer-joined", "peer-left", "error"]);

/** Close codes the relay uses. 4000-4999 are the application's own range. */
export const CloseCode = {
  goingAway: 1001,
  messageTooBig: 1009,
  roomFull: 4001,
  badRoom: 4002,
  tooManyErrors: 4003,
  noHeartbeat: 4004,
} as const;
