/**
 * The connection to the relay, which comes back by itself. Labs 02-04 open one
 * WebSocket and give up when it closes. Here, once this tab has been in its room,
 * a dropped connection is opened again with backoff (0.25 s, 0.5 s, 1 s, ... up
 * to 5 s, each a little random so that many tabs do not all knock at once), it
 * rejoins the same room, and what this tab had to send meanwhile waits in an
 * outbox until the relay can deliver it: back in the room, with someone to hear it.
 * The call itself does not need the relay: video and chat go on meanwhile.
 */
import type { RelayNotice } from "../../server/protocol.ts";
import { t } from "../shared/language.ts";

export type JoinedNotice = Extract<RelayNotice, { type: "joined" }>;

export interface RelayEvents {
  /** Every message the relay delivers, notices included, as text. */
  message(data: string): void;
  /** A new WebSocket (the first, or a reconnection): for the state panel. */
  socket(socket: WebSocket): void;
  /** Lost, reconnecting, back: what the page should say. */
  status(text: string, state: "in-room" | "reconnecting" | "refused"): void;
  /** In the room again after a drop. */
  rejoined(notice: JoinedNotice): void;
}

/** How the first connection failed: the relay was never reached, or it refused this tab. */
export class FirstJoinFailed extends Error {
  constructor(
    readonly reached: boolean,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;
/** Refusals that trying again cannot fix (a bad room name, a malformed URL). */
const GIVE_UP_CODES = new Set([4002]);

export class RelayConnection {
  private socket: WebSocket | null = null;
  private inRoom = false;
  /** Members of the room besides this tab, as the relay last said. */
  private others = 0;
  private outbox: string[] = [];
  private attempt = 0;
  private retryTimer: number | undefined;
  private closedByUs = false;

  constructor(
    private readonly url: string,
    private readonly events: RelayEvents,
  ) {}

  /** The first join. It does not retry: a relay that is down or refuses us is the learner's to fix. */
  open(): Promise<JoinedNotice> {
    return new Promise((resolve, reject) => {
      const socket = this.openSocket();
      let opened = false;
      socket.addEventListener("open", () => (opened = true));
      socket.addEventListener("message", (event) => {
        const notice = asJoined(event.data);
        if (notice) resolve(notice);
      });
      socket.addEventListener("close", (event) => {
        if (!this.inRoom) reject(new FirstJoinFailed(opened, event.reason || `code ${event.code}`));
      });
    });
  }

  /** Sends now if someone in the room can hear it, or keeps it until someone can. */
  send(message: object): "sent" | "queued" {
    const text = JSON.stringify(message);
    if (this.canDeliver()) {
      this.socket!.send(text);
      return "sent";
    }
    this.outbox.push(text);
    return "queued";
  }

  /** A request for the relay itself (not for the other peer): sent now if this tab is in the room, else false. */
  askRelay(message: object): boolean {
    if (!this.inRoom || this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  get waiting(): number {
    return this.outbox.length;
  }

  /** Forgets what waits: it belonged to a call that has ended, and must not reach the next one. */
  dropWaiting(): void {
    this.outbox = [];
  }

  /** For good: no reconnection. */
  async close(): Promise<void> {
    this.closedByUs = true;
    window.clearTimeout(this.retryTimer);
    const socket = this.socket;
    if (socket === null || socket.readyState === WebSocket.CLOSED) return;
    // Wait until it is closed: until then the relay counts this tab twice.
    const closed = new Promise((resolve) => socket.addEventListener("close", resolve, { once: true }));
    socket.close();
    await closed;
  }

  private canDeliver(): boolean {
    return this.inRoom && this.others > 0 && this.socket?.readyState === WebSocket.OPEN;
  }

  private openSocket(): WebSocket {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.events.socket(socket);
    socket.addEventListener("message", (event) => this.onMessage(socket, String(event.data)));
    socket.addEventListener("close", (event) => this.onClose(socket, event));
    return socket;
  }

  private onMessage(socket: WebSocket, data: string): void {
    if (socket !== this.socket) return;
    const notice = parseNotice(data);
    const rejoined = notice?.type === "joined" && this.attempt > 0;
    if (notice?.type === "joined") {
      this.inRoom = true;
      this.attempt = 0;
      this.events.status(t.perfect.relay.inRoom(notice.room), "in-room");
    }
    if (notice?.type === "joined" || notice?.type === "peer-joined" || notice?.type === "peer-left") this.others = notice.peers - 1;
    this.events.message(data);
    if (rejoined) this.events.rejoined(notice);
    this.flush(); // after the notice is handled: whoever just came can now hear what waited
  }

  private flush(): void {
    while (this.outbox.length > 0 && this.canDeliver()) this.socket!.send(this.outbox.shift()!);
  }

  private onClose(socket: WebSocket, event: CloseEvent): void {
    if (socket !== this.socket || this.closedByUs) return;
    const wasInRoomOnce = this.inRoom || this.attempt > 0;
    this.inRoom = false;
    if (!wasInRoomOnce) return; // the first join failed: open() reports it
    if (GIVE_UP_CODES.has(event.code)) {
      this.events.status(t.perfect.relay.refused(event.reason || String(event.code)), "refused");
      return;
    }
    this.attempt += 1;
    const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (this.attempt - 1));
    const delay = Math.round(backoff * (0.5 + Math.random() / 2));
    const why = event.code === 4001 ? t.perfect.relay.roomWasFull : t.perfect.relay.code(event.code);
    this.events.status(t.perfect.relay.lost(why, (delay / 1000).toFixed(1), this.attempt), "reconnecting");
    this.retryTimer = window.setTimeout(() => this.openSocket(), delay);
  }
}

function parseNotice(data: string): RelayNotice | null {
  try {
    const message = JSON.parse(data) as { type?: unknown };
    return ["joined", "peer-joined", "peer-left", "error"].includes(message.type as string) ? (message as RelayNotice) : null;
  } catch {
    return null; // main.ts reports it
  }
}

function asJoined(data: unknown): JoinedNotice | null {
  const notice = parseNotice(String(data));
  return notice?.type === "joined" ? notice : null;
}
