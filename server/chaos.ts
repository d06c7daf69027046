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

/** One sender's messages on their way to `deliver`, late or out of order as its options say. */
export class ChaosDelivery {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** candidatesFirst: the offers and answers waiting for a candidate, by the peer they are for ("" when not addressed). */
  private readonly waitingForCandidate = new Map<string, { sdp: Buffer[]; timer: NodeJS.Timeout }>();
  private held: Buffer[] = [];
  private batchTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: ChaosOptions,
    private readonly deliver: (data: Buffer) => void,
  ) {}

  /** `to`: the message's `to` field (lab 05 addresses each message), if it has one. */
  push(data: Buffer, type: string, to = ""): void {
    const isSdp = type === "offer" || type === "answer";
    if (isSdp && this.options.candidatesFirst) return this.waitForCandidate(data, to);
    this.afterCandidateWait(data, isSdp);
    if (type === "candidate") this.releaseSdpFor(to);
  }

  /** Drops whatever is still held: the sender left, or the relay is stopping. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waitingForCandidate.clear();
    this.held = [];
    this.batchTimer = null;
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
    if (this.options.reorderMs === 0) return this.deliver(data);
    this.held.push(data);
    this.batchTimer ??= this.later(this.options.reorderMs, () => {
      const batch = this.held.reverse();
      this.held = [];
      this.batchTimer = null;
      for (const message of batch) this.deliver(message);
    });
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
