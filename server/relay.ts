/**
 * The signaling relay: rooms, validation and notices, independent of how sockets
 * are accepted (plain ws and TLS wss listeners both hand their sockets to one Relay).
 * The rules it enforces are listed in server/README.md.
 */
import type { IncomingMessage } from "node:http";
import type { RawData, WebSocket } from "ws";
import { ChaosDelivery } from "./chaos.ts";
import { errorNotice, type ErrorNotice } from "./errors.ts";
import { parseJoinRequest } from "./join.ts";
import { CloseCode, MAX_BACKLOG_BYTES, MAX_BAD_MESSAGES_IN_A_ROW, type RelayNotice } from "./protocol.ts";
import { Rooms } from "./rooms.ts";
import { checkMessage } from "./validate.ts";

export interface RelayOptions {
  /** How often to ping; a peer that has not answered the previous ping is dropped. 0 turns it off. */
  heartbeatMs?: number;
  /** No log lines at all (the benchmark); otherwise one line per join, leave and refusal. */
  quiet?: boolean;
  log?: (line: string) => void;
}

/** How long shutdown() waits for clients to answer the 1001 close before cutting them off. */
const SHUTDOWN_GRACE_MS = 1000;

interface Peer {
  id: number;
  socket: WebSocket;
  room: string;
  /** Only when the client's URL asked for chaos; otherwise messages go straight on. */
  delivery: ChaosDelivery | null;
  badInARow: number;
  answeredLastPing: boolean;
  /** Perfect negotiation's role, given at join: see the `joined` notice in protocol.ts. */
  polite: boolean;
}

export class Relay {
  private readonly rooms = new Rooms<Peer>();
  private readonly peers = new Set<Peer>();
  private readonly heartbeat: NodeJS.Timeout | null;
  private readonly log: (line: string) => void;
  private nextPeerId = 1;

  constructor(options: RelayOptions = {}) {
    this.log = options.quiet ? () => {} : (options.log ?? ((line) => console.log(line)));
    const heartbeatMs = options.heartbeatMs ?? 30_000;
    this.heartbeat = heartbeatMs > 0 ? setInterval(() => this.checkHeartbeats(), heartbeatMs) : null;
  }

  /** Takes a freshly accepted socket: puts it in the room its URL asks for, or refuses it. */
  accept(socket: WebSocket, request: IncomingMessage): void {
    // First of all: ws reports a broken frame as an "error" event, and an
    // EventEmitter with no listener for it would throw and stop the relay.
    socket.on("error", (error) => this.log(`socket error: ${error.message}`));

    const join = parseJoinRequest(request.url ?? "/");
    if (!join.ok) return this.refuseJoin(socket, join.refusal, CloseCode.badRoom);

    const peer: Peer = {
      id: this.nextPeerId++,
      socket,
      room: join.room,
      delivery: null,
      badInARow: 0,
      answeredLastPing: true,
      polite: false,
    };
    if (!this.rooms.join(join.room, peer, join.size)) {
      const capacity = this.rooms.capacityOf(join.room) ?? join.size;
      return this.refuseJoin(socket, errorNotice("room-full", join.room, capacity), CloseCode.roomFull);
    }
    if (join.chaos) peer.delivery = new ChaosDelivery(join.chaos, (data) => this.forward(peer, data));

    this.peers.add(peer);
    const others = this.rooms.othersThan(peer);
    const peers = others.length + 1;
    peer.polite = others.some((other) => !other.polite); // an impolite peer is already here
    this.log(`peer ${peer.id} joined room ${peer.room} (${peers} now)`);
    this.send(peer, { type: "joined", room: peer.room, peers, size: this.rooms.capacityOf(peer.room) ?? join.size, polite: peer.polite });
    for (const other of others) this.send(other, { type: "peer-joined", peers });

    socket.on("pong", () => (peer.answeredLastPing = true));
    socket.on("message", (data, isBinary) => this.onMessage(peer, data, isBinary));
    socket.on("close", () => this.remove(peer));
  }

  /** Closes every client with 1001 ("going away"), waits for them (briefly), and stops the heartbeat. */
  async shutdown(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    const peers = [...this.peers];
    const closed = peers.map((peer) => new Promise((resolve) => peer.socket.once("close", resolve)));
    for (const peer of peers) {
      peer.delivery?.stop();
      peer.socket.close(CloseCode.goingAway, "relay shutting down");
    }
    const cutOff = setTimeout(() => peers.forEach((peer) => peer.socket.terminate()), SHUTDOWN_GRACE_MS);
    await Promise.all(closed);
    clearTimeout(cutOff);
  }

  private refuseJoin(socket: WebSocket, refusal: ErrorNotice, closeCode: number): void {
    sendText(socket, JSON.stringify(refusal));
    socket.close(closeCode, refusal.code);
    this.log(`refused a connection: ${refusal.code}`);
  }

  private onMessage(peer: Peer, raw: RawData, isBinary: boolean): void {
    // Once the relay has started closing this connection, it has had its answer.
    if (peer.socket.readyState !== peer.socket.OPEN) return;
    const checked = checkMessage(raw, isBinary);
    if (!checked.ok) return this.refuse(peer, checked.refusal);

    peer.badInARow = 0;
    if (peer.delivery) peer.delivery.push(checked.data, checked.type);
    else this.forward(peer, checked.data);
  }

  /** The sender's own bytes go to everyone else in its room, written right now, as a text frame. */
  private forward(sender: Peer, data: Buffer): void {
    for (const member of this.rooms.membersOf(sender) ?? []) {
      if (member !== sender) this.send(member, data);
    }
  }

  /** Bad messages are answered and dropped; a connection that sends only bad ones is closed. */
  private refuse(peer: Peer, refusal: ErrorNotice): void {
    peer.badInARow += 1;
    this.send(peer, refusal);
    if (peer.badInARow < MAX_BAD_MESSAGES_IN_A_ROW) return;
    this.send(peer, errorNotice("too-many-errors"));
    peer.socket.close(CloseCode.tooManyErrors, "too-many-errors");
    this.log(`peer ${peer.id} closed: ${peer.badInARow} bad messages in a row`);
  }

  /** Sends to one peer, unless it has stopped reading: then it is dropped, as a dead peer would be. */
  private send(peer: Peer, message: Buffer | RelayNotice): void {
    if (peer.socket.bufferedAmount > MAX_BACKLOG_BYTES) {
      this.log(`peer ${peer.id} is not reading (${peer.socket.bufferedAmount} bytes waiting): dropping it`);
      peer.socket.terminate(); // "close" follows, and with it peer-left
      return;
    }
    sendText(peer.socket, Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }

  private remove(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    peer.delivery?.stop(); // what chaos still held for the room is dropped with its sender
    const others = this.rooms.othersThan(peer);
    this.rooms.leave(peer);
    this.log(`peer ${peer.id} left room ${peer.room} (${others.length} now)`);
    for (const other of others) this.send(other, { type: "peer-left", peers: others.length });
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

/**
 * Always a text frame: ws sends a Buffer as binary unless told otherwise.
 * A Buffer here is a client's message, already checked to be UTF-8 text.
 */
function sendText(socket: WebSocket, text: Buffer | string): void {
  if (socket.readyState === socket.OPEN) socket.send(text, { binary: false });
}
