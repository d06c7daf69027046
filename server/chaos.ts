/**
 * Chaos a client can ask for in its own URL, to see (or test) what a real
 * network does to signaling. Off unless asked; applies to what that client sends.
 *
 * - `?delaySdpMs=N`: its offers and answers leave N ms late, so the candidates
 *   it sends after them arrive first (trickle ICE must queue them).
 * - `?candidatesFirst=1`: each offer and answer waits for the next candidate it
 *   sends to the same peer, which is delivered first (trickle ICE must queue it).
 *   Unlike a delay, that order holds however slow or fast gathering is. With no
 *   candidate within CANDIDATE_WAIT_MS (vanilla ICE sends none), it goes anyway.
 * - `?reorderMs=N`: everything it sends is held for N ms from the first held
 *   message, then delivered in reverse order.
 *
 * With several, an offer or answer waits for its candidate, is delayed, then
 * joins the reorder batch.
 *
 * What is held counts against the sender's HeldBytes (MAX_HELD_BYTES_PER_CONNECTION, and
 * MAX_HELD_BYTES for all connections together): past either, a message is refused, not kept.
 */
import { MAX_CHAOS_MS } from "./protocol.ts";

export interface ChaosOptions {
  delaySdpMs: number;
  reorderMs: number;
  candidatesFirst: boolean;
}

/** How long an offer or answer waits for a candidate under `candidatesFirst`. */
export const CANDIDATE_WAIT_MS = 2000;

/** Reads the knobs; a missing or unreadable value means 0, and values are clamped to 0..MAX_CHAOS_MS. */
export function chaosFromParams(params: URLSearchParams): ChaosOptions | null {
  const delaySdpMs = milliseconds(params.get("delaySdpMs"));
  const reorderMs = milliseconds(params.get("reorderMs"));
  const candidatesFirst = params.get("candidatesFirst") === "1";
  return delaySdpMs === 0 && reorderMs === 0 && !candidatesFirst ? null : { delaySdpMs, reorderMs, candidatesFirst };
}

function milliseconds(raw: string | null): number {
  const value = Number(raw ?? 0);
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), MAX_CHAOS_MS) : 0;
}

/**
 * Bytes the test knobs hold (chaos here, crossOffers in cross-offers.ts), up to a limit:
 * one count per connection, inside one for the whole relay.
 */
export class HeldBytes {
  private held = 0;
  /** A message was refused since the last time nothing was held: its sender has been told. */
  private refusing = false;

  constructor(
    private readonly limit: number,
    private readonly whole?: HeldBytes,
  ) {}

  /** Counts `bytes` as held; false, counting nothing, when that would pass this limit or the whole relay's. */
  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    if (this.whole !== undefined && !this.whole.take(bytes)) return false;
    this.held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.held -= bytes;
    if (this.held === 0) this.refusing = false;
    this.whole?.release(bytes);
  }

  /** True for the first refusal since nothing was held: a sender is told once, not once per message. */
  firstRefusal(): boolean {
    const first = !this.refusing;
    this.refusing = true;
    return first;
  }
}

/** One sender's messages on their way to `deliver`, late or out of order as its options say. */
export class ChaosDelivery {
  /** What this delivery holds now, of its sender's HeldBytes. */
  private holding = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** candidatesFirst: the offers and answers waiting for a candidate, by the peer they are for ("" when not addressed). */
  private readonly waitingForCandidate = new Map<string, { sdp: Buffer[]; timer: NodeJS.Timeout }>();
  private batch: Buffer[] = [];
  private batchTimer: NodeJS.Timeout | null = null;

  /** `held`: what the sender's knobs may hold, counted for all of them. */
  constructor(
    private readonly options: ChaosOptions,
    private readonly deliver: (data: Buffer) => void,
    private readonly held: HeldBytes,
  ) {}

  /**
   * Takes one message to hold as the knobs say; false when it would pass what may be held
   * (the message is then dropped). `to`: the message's `to` field (lab 05 addresses each message), if it has one.
   */
  push(data: Buffer, type: string, to = ""): boolean {
    if (!this.held.take(data.length)) return false;
    this.holding += data.length;
    const isSdp = type === "offer" || type === "answer";
    if (isSdp && this.options.candidatesFirst) {
      this.waitForCandidate(data, to);
      return true;
    }
    this.afterCandidateWait(data, isSdp);
    if (type === "candidate") this.releaseSdpFor(to);
    return true;
  }

  /** Drops whatever is still held: the sender left, or the relay is stopping. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waitingForCandidate.clear();
    this.batch = [];
    this.batchTimer = null;
    this.held.release(this.holding);
    this.holding = 0;
  }

  private waitForCandidate(data: Buffer, to: string): void {
    const waiting = this.waitingForCandidate.get(to);
    if (waiting) return void waiting.sdp.push(data);
    this.waitingForCandidate.set(to, { sdp: [data], timer: this.later(CANDIDATE_WAIT_MS, () => this.releaseSdpFor(to)) });
  }

  /** The candidate for `to` has gone (or none came in time): the descriptions it overtook follow. */
  private releaseSdpFor(to: string): void {
    const waiting = this.waitingForCandidate.get(to);
    if (waiting === undefined) return;
    this.waitingForCandidate.delete(to);
    clearTimeout(waiting.timer);
    this.timers.delete(waiting.timer);
    for (const sdp of waiting.sdp) this.afterCandidateWait(sdp, true);
  }

  private afterCandidateWait(data: Buffer, isSdp: boolean): void {
    if (isSdp && this.options.delaySdpMs > 0) this.later(this.options.delaySdpMs, () => this.reorder(data));
    else this.reorder(data);
  }

  private reorder(data: Buffer): void {
    if (this.options.reorderMs === 0) return this.letGo(data);
    this.batch.push(data);
    this.batchTimer ??= this.later(this.options.reorderMs, () => {
      const batch = this.batch.reverse();
      this.batch = [];
      this.batchTimer = null;
      for (const message of batch) this.letGo(message);
    });
  }

  /** No longer held: counted off, and delivered. */
  private letGo(data: Buffer): void {
    this.holding -= data.length;
    this.held.release(data.length);
    this.deliver(data);
  }

  private later(ms: number, action: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
    return timer;
  }
}
