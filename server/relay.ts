/**
 * The signaling relay: rooms, validation and notices, independent of how sockets
 * are accepted (plain ws and TLS wss listeners both hand their sockets to one Relay).
 */
import type { IncomingMessage } from "node:http";
import type { RawData, WebSocket } from "ws";
import {
  CloseCode,
  DEFAULT_ROOM,
  DEFAULT_ROOM_SIZE,
  MAX_MESSAGE_BYTES,
  MAX_ROOM_SIZE,
  ROOM_NAME_PATTERN,
  type RelayErrorCode,
  type RelayNotice,
  type RelayedMessage,
} from "./protocol.ts";
import { Rooms } from "./rooms.ts";

export interface RelayOptions {
  /** How often to ping; a peer that has not answered the previous ping is dropped. */
  heartbeatMs?: number;
  /** Bad messages a connection may send before it is closed (4003). */
  maxErrorsPerConnection?: number;
  log?: (line: string) => void;
}

/** Test and teaching knobs a client may ask for in its URL (off unless asked). */
interface Chaos {
  /** Hold this client's offers and answers for N ms, so its candidates overtake them. */
  delaySdpMs: number;
}
const MAX_CHAOS_DELAY_MS = 10_000;

interface Peer {
  id: number;
  socket: WebSocket;
  room: string;
  chaos: Chaos;
  errors: number;
  answeredLastPing: boolean;
}

type JoinRequest =
  | { ok: true; room: string; size: number; chaos: Chaos }
  | { ok: false; code: RelayErrorCode; message: string };

export class Relay {
  private readonly rooms = new Rooms<Peer>();
  private readonly peers = new Set<Peer>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly pendingDelays = new Set<NodeJS.Timeout>();
  private readonly maxErrors: number;
  private readonly log: (line: string) => void;
  private nextPeerId = 1;

  constructor(options: RelayOptions = {}) {
    this.maxErrors = options.maxErrorsPerConnection ?? 10;
    this.log = options.log ?? ((line) => console.log(line));
    this.heartbeat = setInterval(() => this.checkHeartbeats(), options.heartbeatMs ?? 30_000);
  }

  get connectionCount(): number {
    return this.peers.size;
  }

  /** Takes a freshly accepted socket: puts it in the room its URL asks for, or refuses it. */
  accept(socket: WebSocket, request: IncomingMessage): void {
    const join = parseJoinRequest(request.url ?? "/");
    if (!join.ok) {
      sendNotice(socket, { type: "error", code: join.code, message: join.message });
      socket.close(CloseCode.badRoom, join.code);
      return;
    }

    const peer: Peer = {
      id: this.nextPeerId++,
      socket,
      room: join.room,
      chaos: join.chaos,
      errors: 0,
      answeredLastPing: true,
    };
    if (!this.rooms.join(join.room, peer, join.size)) {
      const capacity = this.rooms.capacityOf(join.room) ?? join.size;
      sendNotice(socket, {
        type: "error",
        code: "room-full",
        message: `Room "${join.room}" already has ${capacity} peers, its limit. Pick another room (?room=...).`,
      });
      socket.close(CloseCode.roomFull, "room-full");
      this.log(`refused peer in room ${join.room}: full (${capacity})`);
      return;
    }

    this.peers.add(peer);
    const others = this.rooms.othersThan(peer);
    this.log(`peer ${peer.id} joined room ${peer.room} (${others.length + 1} now)`);
    sendNotice(socket, {
      type: "joined",
      room: peer.room,
      peers: others.length + 1,
      size: this.rooms.capacityOf(peer.room) ?? join.size,
    });
    for (const other of others) sendNotice(other.socket, { type: "peer-joined", peers: others.length + 1 });

    socket.on("pong", () => (peer.answeredLastPing = true));
    socket.on("message", (data, isBinary) => this.onMessage(peer, data, isBinary));
    socket.on("close", () => this.remove(peer));
    socket.on("error", (error) => this.log(`peer ${peer.id} socket error: ${error.message}`));
  }

  /** Closes every socket with 1001 ("going away") and stops the heartbeat. */
  shutdown(): void {
    clearInterval(this.heartbeat);
    for (const timer of this.pendingDelays) clearTimeout(timer);
    this.pendingDelays.clear();
    for (const peer of this.peers) peer.socket.close(CloseCode.goingAway, "relay shutting down");
  }

  private onMessage(peer: Peer, data: RawData, isBinary: boolean): void {
    if (isBinary) return this.refuse(peer, "binary-frame", "Send text frames with JSON, not binary data.");
    const text = rawDataToString(data);
    if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) {
      return this.refuse(peer, "too-large", `Messages are limited to ${MAX_MESSAGE_BYTES} bytes.`);
    }

    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return this.refuse(peer, "bad-json", "That was not valid JSON. Send e.g. {\"type\":\"offer\",\"sdp\":\"...\"}.");
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      return this.refuse(peer, "not-an-object", "Send a JSON object, e.g. {\"type\":\"offer\",\"sdp\":\"...\"}.");
    }
    if (typeof (message as { type?: unknown }).type !== "string") {
      return this.refuse(peer, "missing-type", "The object needs a string \"type\", e.g. \"offer\", \"answer\" or \"candidate\".");
    }

    this.forward(peer, message as RelayedMessage, text);
  }

  /** Sends the sender's original text on, as a text frame (ws v8 would otherwise send a Buffer as binary). */
  private forward(sender: Peer, message: RelayedMessage, text: string): void {
    const deliver = () => {
      for (const other of this.rooms.othersThan(sender)) other.socket.send(text, { binary: false });
    };
    const isSdp = message.type === "offer" || message.type === "answer";
    if (!isSdp || sender.chaos.delaySdpMs === 0) return deliver();

    const timer = setTimeout(() => {
      this.pendingDelays.delete(timer);
      deliver();
    }, sender.chaos.delaySdpMs);
    this.pendingDelays.add(timer);
  }

  private refuse(peer: Peer, code: RelayErrorCode, message: string): void {
    peer.errors += 1;
    sendNotice(peer.socket, { type: "error", code, message });
    if (peer.errors >= this.maxErrors) {
      sendNotice(peer.socket, {
        type: "error",
        code: "too-many-errors",
        message: `${peer.errors} bad messages: closing this connection.`,
      });
      peer.socket.close(CloseCode.tooManyErrors, "too-many-errors");
    }
  }

  private remove(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    const others = this.rooms.othersThan(peer);
    this.rooms.leave(peer);
    this.log(`peer ${peer.id} left room ${peer.room} (${others.length} now)`);
    for (const other of others) sendNotice(other.socket, { type: "peer-left", peers: others.length });
  }

  private checkHeartbeats(): void {
    for (const peer of this.peers) {
      if (!peer.answeredLastPing) {
        this.log(`peer ${peer.id} stopped answering pings: dropping it`);
        peer.socket.terminate(); // no close handshake with a dead peer; "close" still fires
        continue;
      }
      peer.answeredLastPing = false;
      peer.socket.ping();
    }
  }
}

function parseJoinRequest(url: string): JoinRequest {
  const params = new URL(url, "ws://relay").searchParams;

  const room = params.get("room") ?? DEFAULT_ROOM;
  if (!ROOM_NAME_PATTERN.test(room)) {
    return {
      ok: false,
      code: "bad-room-name",
      message: "Room names are 1 to 64 letters, digits, '-' or '_'.",
    };
  }

  const sizeParam = params.get("size");
  const size = sizeParam === null ? DEFAULT_ROOM_SIZE : Number(sizeParam);
  if (!Number.isInteger(size) || size < 2 || size > MAX_ROOM_SIZE) {
    return {
      ok: false,
      code: "bad-room-size",
      message: `Room size must be a whole number from 2 to ${MAX_ROOM_SIZE}.`,
    };
  }

  const delay = Number(params.get("delaySdpMs") ?? 0);
  const delaySdpMs = Number.isFinite(delay) ? Math.min(Math.max(delay, 0), MAX_CHAOS_DELAY_MS) : 0;
  return { ok: true, room, size, chaos: { delaySdpMs } };
}

function sendNotice(socket: WebSocket, notice: RelayNotice): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(notice), { binary: false });
}

function rawDataToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}
