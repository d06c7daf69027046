/**
 * The signaling relay: rooms, validation and notices, independent of how sockets
 * are accepted (plain ws and TLS wss listeners both hand their sockets to one Relay).
 * The rules it enforces are listed in server/README.md.
 */
import type { IncomingMessage } from "node:http";
import type { RawData, WebSocket } from "ws";
import { ChaosDelivery, HeldBytes } from "./chaos.ts";
import { OfferCrossing } from "./cross-offers.ts";
import { errorNotice, type ErrorNotice } from "./errors.ts";
import { parseJoinRequest } from "./join.ts";
import { AllowedOrigins } from "./origins.ts";
import {
  CloseCode,
  CONNECTION_BURST_PER_IP,
  CONNECTIONS_PER_SECOND_PER_IP,
  MAX_BACKLOG_BYTES,
  MAX_BAD_MESSAGES_IN_A_ROW,
  MAX_HELD_BYTES,
  MAX_HELD_BYTES_PER_CONNECTION,
  MAX_OPEN_CONNECTIONS_PER_IP,
  MAX_RATE_LIMITED_MESSAGES,
  MESSAGE_BURST,
  MESSAGES_PER_SECOND,
  TURN_REFRESH,
  type RelayNotice,
  type TurnCredentialsNotice,
} from "./protocol.ts";
import { Rooms } from "./rooms.ts";
import { DEFAULT_LABS_PORT } from "./settings.ts";
import { tamperWith, type Tamper } from "./tamper.ts";
import { TokenBucket } from "./token-bucket.ts";
import { turnForPeer, type TurnAvailability, type TurnKnobs } from "./turn-credentials.ts";
import { checkMessage } from "./validate.ts";

export interface RelayOptions {
  /** How often to ping; a peer that has not answered the previous ping is dropped. 0 turns it off. */
  heartbeatMs?: number;
  /** No log lines at all (the benchmark); otherwise one line per join, leave and refusal. */
  quiet?: boolean;
  log?: (line: string) => void;
  /** Where the lab pages are served (LABS_PORT, 5173): their origins may connect. */
  labsPort?: number;
  /** More origins that may connect (RELAY_ALLOWED_ORIGINS), e.g. `https://lab.example:8443`. */
  extraOrigins?: readonly string[];
  /** false: no rate limits at all, nor a cap on open connections (RELAY_RATE_LIMITS=off, and the benchmark). */
  rateLimits?: boolean;
  /** Connections one IP address may have open at once (RELAY_MAX_CONNECTIONS_PER_IP); 0: no cap. */
  maxConnectionsPerIp?: number;
  /** TURN for lab 06: asked at each join, whose `joined` notice then carries credentials. Left out: no TURN fields. */
  turn?: () => TurnAvailability;
}

/** Why an upgrade is refused before it becomes a WebSocket: the HTTP status the client gets. */
export interface UpgradeRefusal {
  status: 403 | 429;
  reason: string;
}

/** How long a flooder that was closed has to read its close frame before its connection is cut. */
const CUT_OFF_GRACE_MS = 1000;

/** Past this many addresses, the ones that have been calm for a while are forgotten. */
const MAX_REMEMBERED_ADDRESSES = 1000;

/** How long shutdown() waits for clients to answer the 1001 close before cutting them off. */
const SHUTDOWN_GRACE_MS = 1000;

interface Peer {
  id: number;
  socket: WebSocket;
  room: string;
  /** Only when the client's URL asked for chaos; otherwise messages go straight on. */
  delivery: ChaosDelivery | null;
  /** What its test knobs hold of its messages (chaos, crossOffers), against MAX_HELD_BYTES_PER_CONNECTION. */
  held: HeldBytes;
  /** Only when the client's URL asked for it (`?tamper=fingerprint`, tests and lessons). */
  tamper: Tamper | null;
  /** The knobs its URL turned on that change what others receive (chaos, tamper): see takesKnobsOf. */
  knobs: ReadonlySet<string>;
  /** Its URL asked for `?crossOffers=N` (0: it did not). */
  crossOffers: number;
  ip: string;
  /** `?turnTtl=`, `?turnPort=`: for its credentials, at join and at each `turn-refresh`. */
  turnKnobs: TurnKnobs;
  badInARow: number;
  /** null: no rate limit. */
  messages: TokenBucket | null;
  /** Messages dropped since the bucket ran dry; reset once it is full again. */
  rateLimitedInARow: number;
  answeredLastPing: boolean;
  /** Perfect negotiation's role, given at join: see the `joined` notice in protocol.ts. */
  polite: boolean;
}

/** Connections from one IP address. */
interface Address {
  /** New ones: a token bucket. */
  connections: TokenBucket;
  /** Already said so in the log: one line per flood (until the bucket is full again), not one per refused connection. */
  refusing: boolean;
  /** Open now (accepted, not yet closed). */
  open: number;
  /** Already said so in the log: one line until one of them closes. */
  full: boolean;
}

export class Relay {
  private readonly rooms = new Rooms<Peer>();
  /** `?crossOffers=1` rooms: their first offer waits for a second one (cross-offers.ts). */
  private readonly crossing = new OfferCrossing<Peer>(
    (sender, { data, type, to }) => this.pass(sender, data, type, to),
    (sender) => sender.held,
  );
  private readonly peers = new Set<Peer>();
  private readonly heartbeat: NodeJS.Timeout | null;
  private readonly log: (line: string) => void;
  private readonly addresses = new Map<string, Address>();
  private readonly rateLimits: boolean;
  private readonly maxConnectionsPerIp: number;
  /** What the test knobs hold of everyone's messages together (MAX_HELD_BYTES). */
  private readonly heldByAll = new HeldBytes(MAX_HELD_BYTES);
  readonly origins: AllowedOrigins;
  private readonly turn: (() => TurnAvailability) | undefined;
  private nextPeerId = 1;

  constructor(options: RelayOptions = {}) {
    this.log = options.quiet ? () => {} : (options.log ?? ((line) => console.log(line)));
    this.origins = new AllowedOrigins(options.labsPort ?? DEFAULT_LABS_PORT, options.extraOrigins);
    this.rateLimits = options.rateLimits ?? true;
    this.maxConnectionsPerIp = options.maxConnectionsPerIp ?? MAX_OPEN_CONNECTIONS_PER_IP;
    this.turn = options.turn;
    const heartbeatMs = options.heartbeatMs ?? 30_000;
    this.heartbeat = heartbeatMs > 0 ? setInterval(() => this.checkHeartbeats(), heartbeatMs) : null;
  }

  /**
   * Asked before an HTTP upgrade becomes a WebSocket: null lets it in. Refused:
   * a web page from another origin (403), or an address opening connections
   * faster than CONNECTIONS_PER_SECOND_PER_IP or with maxConnectionsPerIp open already (429).
   */
  checkUpgrade(request: IncomingMessage): UpgradeRefusal | null {
    const ip = ipOf(request);
    if (this.rateLimits && (!this.takeConnectionToken(ip) || !this.roomForOneMore(ip))) {
      return { status: 429, reason: "Too Many Requests" };
    }
    const origin = request.headers.origin;
    if (!this.origins.allows(origin)) {
      this.log(`refused a connection from ${ip}: origin ${JSON.stringify(origin)} is not a lab page (403)`);
      return { status: 403, reason: "Forbidden" };
    }
    return null;
  }

  /** Takes a freshly accepted socket: puts it in the room its URL asks for, or refuses it. */
  accept(socket: WebSocket, request: IncomingMessage): void {
    // First of all: ws reports a broken frame as an "error" event, and an
    // EventEmitter with no listener for it would throw and stop the relay.
    socket.on("error", (error) => this.log(`socket error: ${error.message}`));
    const ip = ipOf(request);
    this.countOpen(ip, socket);

    const join = parseJoinRequest(request.url ?? "/");
    if (!join.ok) return this.refuseJoin(socket, join.refusal, CloseCode.badRoom);

    const peer: Peer = {
      id: this.nextPeerId++,
      socket,
      room: join.room,
      delivery: null,
      held: new HeldBytes(MAX_HELD_BYTES_PER_CONNECTION, this.heldByAll),
      tamper: join.tamper,
      knobs: messageKnobs(join),
      crossOffers: join.crossOffers,
      ip,
      turnKnobs: join.turnKnobs,
      badInARow: 0,
      messages: this.rateLimits ? new TokenBucket(MESSAGES_PER_SECOND, MESSAGE_BURST) : null,
      rateLimitedInARow: 0,
      answeredLastPing: true,
      polite: false,
    };
    if (!this.rooms.join(join.room, peer, join.size)) {
      const capacity = this.rooms.capacityOf(join.room) ?? join.size;
      return this.refuseJoin(socket, errorNotice("room-full", join.room, capacity), CloseCode.roomFull);
    }
    if (join.chaos) {
      peer.delivery = new ChaosDelivery(join.chaos, (data) => this.forward(peer, data, (member) => takesKnobsOf(member, peer)), peer.held);
    }
    if (join.crossOffers > 0) this.crossing.arm(join.room, join.crossOffers);

    this.peers.add(peer);
    const others = this.rooms.othersThan(peer);
    const peers = others.length + 1;
    peer.polite = others.some((other) => !other.polite); // an impolite peer is already here
    const knobs = Object.entries(join.knobs).map(([name, value]) => `${name}=${value}`);
    this.log(`peer ${peer.id} joined room ${peer.room} (${peers} now)${knobs.length > 0 ? ` with test knobs ${knobs.join(" ")}` : ""}`);
    const turn = this.turn ? this.turnFor(peer) : {};
    const size = this.rooms.capacityOf(peer.room) ?? join.size;
    const testKnobs = knobs.length > 0 ? { knobs: join.knobs } : {};
    this.send(peer, { type: "joined", room: peer.room, peers, size, polite: peer.polite, ...turn, ...testKnobs });
    for (const other of others) this.send(other, { type: "peer-joined", peers });

    socket.on("pong", () => (peer.answeredLastPing = true));
    socket.on("message", (data, isBinary) => this.onMessage(peer, data, isBinary));
    socket.on("close", () => this.remove(peer));
  }

  /** Closes every client with 1001 ("going away"), waits for them (briefly), and stops the heartbeat. */
  async shutdown(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.crossing.stop();
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
    // Counted before anything else: a flood of bad messages costs parsing too.
    if (peer.messages && !this.withinRate(peer, peer.messages)) return;
    const checked = checkMessage(raw, isBinary);
    if (!checked.ok) return this.refuse(peer, checked.refusal);

    peer.badInARow = 0;
    if (checked.type === TURN_REFRESH) return this.send(peer, { type: "turn-credentials", ...this.turnFor(peer) });
    const message = { data: checked.data, type: checked.type, to: checked.to };
    const crossing = this.crossing.take(peer.room, peer, message, this.everyoneAskedToCrossOffers(peer));
    if (crossing === "refused") return this.refuseHeld(peer);
    if (!crossing) this.pass(peer, checked.data, checked.type, checked.to);
  }

  /**
   * On its way. A sender's knobs (chaos, tamper) act only on members whose URL asked for
   * them too (takesKnobsOf): a link with `&tamper=fingerprint` breaks no call but its own.
   * The others get the message as it was sent, now.
   */
  private pass(sender: Peer, data: Buffer, type: string, to: string | undefined): void {
    if (sender.knobs.size === 0) return this.forward(sender, data);
    this.forward(sender, data, (member) => !takesKnobsOf(member, sender));
    const knobbed = sender.tamper ? tamperWith(data, type) : data;
    if (!sender.delivery) return this.forward(sender, knobbed, (member) => takesKnobsOf(member, sender));
    if (!sender.delivery.push(knobbed, type, to)) this.refuseHeld(sender);
  }

  /** A message its test knobs would hold past the limit: dropped, and the sender told (once until they have let go). */
  private refuseHeld(sender: Peer): void {
    if (!sender.held.firstRefusal()) return;
    this.send(sender, errorNotice("too-much-held"));
    this.log(`peer ${sender.id}: its test knobs already hold as much as they may; dropping what comes over it`);
  }

  /** Fresh TURN credentials for `peer` (its name: room and id), or why there are none. */
  private turnFor(peer: Peer): ReturnType<typeof turnForPeer> {
    const availability = this.turn?.() ?? { running: false, why: "this relay was started without TURN (`npm run relay`)" };
    return turnForPeer(availability, peer.turnKnobs, `${peer.room}-${peer.id}`);
  }

  /** `?crossOffers=1` acts on a room only when the sender and everyone else there asked for it. */
  private everyoneAskedToCrossOffers(sender: Peer): boolean {
    return sender.crossOffers > 0 && this.rooms.othersThan(sender).every((member) => member.crossOffers > 0);
  }

  /** The sender's own bytes go to everyone else in its room (those `to` picks), written right now, as a text frame. */
  private forward(sender: Peer, data: Buffer, to: (member: Peer) => boolean = () => true): void {
    for (const member of this.rooms.membersOf(sender) ?? []) {
      if (member !== sender && to(member)) this.send(member, data);
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

  /**
   * Spends one of the peer's message tokens. When there is none, the message is
   * dropped: the first one dropped is answered with `rate-limited`, and a peer
   * that goes on for MAX_RATE_LIMITED_MESSAGES more is closed (4005).
   */
  private withinRate(peer: Peer, messages: TokenBucket): boolean {
    if (peer.rateLimitedInARow > 0 && messages.isFull) peer.rateLimitedInARow = 0; // it calmed down
    if (messages.take()) return true;
    peer.rateLimitedInARow += 1;
    if (peer.rateLimitedInARow === 1) {
      this.send(peer, errorNotice("rate-limited"));
      this.log(`peer ${peer.id} rate-limited: over ${MESSAGES_PER_SECOND} messages a second`);
    }
    if (peer.rateLimitedInARow > MAX_RATE_LIMITED_MESSAGES) {
      peer.socket.close(CloseCode.rateLimited, "rate-limited");
      // Read no more of the flood (TCP pushes back on the sender); the close frame has gone
      // out, so cut the connection once the client has had a moment to read it.
      peer.socket.pause();
      const cutOff = setTimeout(() => peer.socket.terminate(), CUT_OFF_GRACE_MS);
      peer.socket.once("close", () => clearTimeout(cutOff));
      this.log(`peer ${peer.id} closed: went on sending after rate-limited`);
    }
    return false;
  }

  private addressOf(ip: string): Address {
    let address = this.addresses.get(ip);
    if (!address) {
      if (this.addresses.size >= MAX_REMEMBERED_ADDRESSES) this.forgetCalmAddresses();
      address = { connections: new TokenBucket(CONNECTIONS_PER_SECOND_PER_IP, CONNECTION_BURST_PER_IP), refusing: false, open: 0, full: false };
      this.addresses.set(ip, address);
    }
    return address;
  }

  /** One new connection from `ip`: false when it opens them faster than the limit. */
  private takeConnectionToken(ip: string): boolean {
    const address = this.addressOf(ip);
    if (address.refusing && address.connections.isFull) address.refusing = false; // it calmed down
    if (address.connections.take()) return true;
    if (!address.refusing) {
      this.log(`refusing connections from ${ip} for now: over ${CONNECTIONS_PER_SECOND_PER_IP} a second (429)`);
      address.refusing = true;
    }
    return false;
  }

  /** False when `ip` already has maxConnectionsPerIp connections open (0: no cap). */
  private roomForOneMore(ip: string): boolean {
    const address = this.addressOf(ip);
    if (this.maxConnectionsPerIp === 0 || address.open < this.maxConnectionsPerIp) return true;
    if (!address.full) this.log(`${ip} has ${address.open} connections open, the most one address may have: refusing more (429)`);
    address.full = true;
    return false;
  }

  /** Counts an accepted socket as open from `ip` until it closes, whatever becomes of its join. */
  private countOpen(ip: string, socket: WebSocket): void {
    const address = this.addressOf(ip);
    address.open += 1;
    socket.once("close", () => {
      address.open -= 1;
      address.full = false;
    });
  }

  /** A full bucket and no open connection are what a new address would have: nothing is lost by forgetting it. */
  private forgetCalmAddresses(): void {
    for (const [ip, address] of this.addresses) if (address.connections.isFull && address.open === 0) this.addresses.delete(ip);
  }

  /** Sends to one peer, unless it has stopped reading: then it is dropped, as a dead peer would be. */
  private send(peer: Peer, message: Buffer | RelayNotice | TurnCredentialsNotice): void {
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
    this.crossing.left(peer.room, peer, others.length === 0);
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

function ipOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? "unknown";
}

/** The knobs of a join that change what others receive: the chaos ones and tamper. */
function messageKnobs(join: Extract<ReturnType<typeof parseJoinRequest>, { ok: true }>): ReadonlySet<string> {
  return new Set(Object.keys(join.knobs).filter((name) => MESSAGE_KNOBS.has(name)));
}
const MESSAGE_KNOBS: ReadonlySet<string> = new Set(["delaySdpMs", "candidatesFirst", "reorderMs", "tamper"]);

/** True when `member`'s URL has every knob `sender`'s has that changes messages: it asked for them too. */
function takesKnobsOf(member: Peer, sender: Peer): boolean {
  return [...sender.knobs].every((knob) => member.knobs.has(knob));
}

/**
 * Always a text frame: ws sends a Buffer as binary unless told otherwise.
 * A Buffer here is a client's message, already checked to be UTF-8 text.
 */
function sendText(socket: WebSocket, text: Buffer | string): void {
  if (socket.readyState === socket.OPEN) socket.send(text, { binary: false });
}
