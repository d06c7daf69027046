/**
 * The relay's protocol, shared (as types) with the labs. server/README.md tells
 * the same story for people: every rule, error code and close code.
 *
 * A client joins a room with the WebSocket URL: `ws://host:3000/?room=abc`.
 * Anything it sends that is a JSON object with a string `type` goes, unchanged and
 * as a text frame, to the other members of its room. The relay itself only ever
 * sends the `RelayNotice` types below, and refuses them from clients.
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
/** A peer with more than this waiting to be sent to it is not reading: it is dropped. */
export const MAX_BACKLOG_BYTES = 1024 * 1024;
/** Bad messages in a row before the relay closes the connection (4003). */
export const MAX_BAD_MESSAGES_IN_A_ROW = 10;
/**
 * Messages per connection: a token bucket of MESSAGE_BURST, refilled at
 * MESSAGES_PER_SECOND. A real call stays far below both (server/README.md has
 * the measurement); past them the relay drops messages and says `rate-limited`.
 */
export const MESSAGES_PER_SECOND = 100;
export const MESSAGE_BURST = 500;
/** Messages dropped for the rate limit, before the bucket has refilled, that close the connection (4005). */
export const MAX_RATE_LIMITED_MESSAGES = 500;
/** New connections per IP address: a token bucket, refused with HTTP 429 past it. */
export const CONNECTIONS_PER_SECOND_PER_IP = 50;
export const CONNECTION_BURST_PER_IP = 200;
/**
 * What the test knobs (chaos, server/chaos.ts) may hold of one connection's messages at once,
 * and of all connections together. A lesson holds a few KiB (an SDP and its candidates);
 * past the limit a message is refused (`too-much-held`) rather than kept.
 */
export const MAX_HELD_BYTES_PER_CONNECTION = 256 * 1024;
export const MAX_HELD_BYTES = 64 * 1024 * 1024;
/**
 * Connections open at once from one IP address (RELAY_MAX_CONNECTIONS_PER_IP). A classroom
 * behind one NAT, 40 learners with lab 05's four tabs each, opens 160.
 */
export const MAX_OPEN_CONNECTIONS_PER_IP = 500;
/** The chaos knobs (`?delaySdpMs=`, `?reorderMs=`) are clamped to 0..this. */
export const MAX_CHAOS_MS = 10_000;

/** Anything the relay forwards: a JSON object with a string `type`. */
export type RelayedMessage = { type: string; [key: string]: unknown };

/** The chapter's messages, as the labs send them. */
export type SessionDescriptionMessage = { type: "offer" | "answer"; sdp: string };
/** Trickle ICE (lab 04): one candidate, or `null` for "no more candidates". */
export type CandidateMessage = { type: "candidate"; ice: RTCIceCandidateInit | null };

export type RelayErrorCode =
  // Answers to a bad message: it is dropped, the connection stays open.
  | "bad-json"
  | "not-an-object"
  | "missing-type"
  | "reserved-type"
  | "binary-frame"
  | "too-large"
  // Answers to a bad join (the URL): the connection is then closed.
  | "bad-url"
  | "bad-room-name"
  | "bad-room-size"
  | "room-full"
  // Too many bad messages in a row: the connection is then closed.
  | "too-many-errors"
  // Messages faster than the rate limit: dropped; if the flood goes on, the connection is closed.
  | "rate-limited"
  // A test knob (chaos) already holds as much of this client's messages as it may: this one is dropped.
  | "too-much-held";

/** A TURN server with this peer's credentials (lab 06), as `new RTCPeerConnection({ iceServers })` takes it. */
export type TurnIceServer = { urls: string[]; username: string; credential: string };
/**
 * Whether the relay's machine runs TURN; `expiresAt` (unix seconds, the relay's clock) is when the
 * credentials stop working, `validForS` how long that is from now: what a page counts from, since
 * its own clock may not agree with the relay's (a phone's, a board without a clock battery).
 */
export type TurnStatus = { running: true; expiresAt: number; validForS: number } | { running: false; why: string };

/**
 * The test knobs a join URL turned on, as the relay read them (values clamped, unreadable ones left out).
 * They are lessons and tests; a page shows them, so a link that carries one is seen for what it is.
 * Those that change what others receive (chaos, tamper) act only on members whose URL has them too.
 */
export interface TestKnobs {
  delaySdpMs?: number;
  candidatesFirst?: 1;
  reorderMs?: number;
  crossOffers?: number;
  tamper?: "fingerprint";
  turnTtl?: number;
  turnPort?: number;
}

/** In every notice, `peers` counts the members of the room now, the receiver included. */
export type RelayNotice =
  /**
   * To the newcomer: the room it is in, who is there and how many it holds.
   * `polite`: its role for perfect negotiation (lab 07). The first in a room is
   * impolite; a newcomer is impolite only when nobody in the room is, so two peers always differ.
   * A relay started with TURN (`npm start`) adds `iceServers` with fresh credentials, and `turn`
   * (server/turn-credentials.ts). `knobs`: only when the URL turned test knobs on, which ones.
   */
  | {
      type: "joined";
      room: string;
      peers: number;
      size: number;
      polite: boolean;
      iceServers?: TurnIceServer[];
      turn?: TurnStatus;
      knobs?: TestKnobs;
    }
  /** To the others, when someone joins or leaves (leaving includes a dropped connection). */
  | { type: "peer-joined"; peers: number }
  | { type: "peer-left"; peers: number }
  | { type: "error"; code: RelayErrorCode; message: string };

/** To one peer, its answer to `turn-refresh` (below): fresh TURN credentials, as `joined` carries them. Only lab 07 asks. */
export type TurnCredentialsNotice = { type: "turn-credentials"; iceServers: TurnIceServer[]; turn: TurnStatus };

export const RELAY_NOTICE_TYPES: ReadonlySet<string> = new Set(["joined", "peer-joined", "peer-left", "error", "turn-credentials"]);

/**
 * The one message the relay answers itself instead of passing it on: `{"type":"turn-refresh"}`
 * asks for fresh TURN credentials (a `turn-credentials` notice back), for a call that outlives its first ones.
 */
export const TURN_REFRESH = "turn-refresh";

/**
 * Close codes a client of the relay sees. 4000-4999 are the application's own
 * range; the 1xxx ones come from the WebSocket library (ws) itself.
 */
export const CloseCode = {
  /** The relay is shutting down (Ctrl+C, SIGTERM). */
  goingAway: 1001,
  /** ws: the frame broke the WebSocket protocol (bad opcode, unmasked, ...). */
  protocolError: 1002,
  /** ws: a text frame that is not valid UTF-8. */
  invalidText: 1007,
  /** ws: a frame over HARD_FRAME_LIMIT_BYTES, not even read. */
  messageTooBig: 1009,
  roomFull: 4001,
  /** The URL asked for a room the relay cannot make: bad-url, bad-room-name, bad-room-size. */
  badRoom: 4002,
  tooManyErrors: 4003,
  /**
   * Reserved. A peer that stops answering pings is cut off without a close
   * handshake (it is not listening), so its own side sees 1006.
   */
  noHeartbeat: 4004,
  /** The client went on sending after `rate-limited`. */
  rateLimited: 4005,
} as const;
