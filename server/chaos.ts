/**
 * Chaos a client can ask for in its own URL, to see (or test) what a real
 * network does to signaling. Off unless asked; applies to what that client sends.
 *
 * - `?delaySdpMs=N`: its offers and answers leave N ms late, so the candidates
 *   it sends after them arrive first (trickle ICE must queue them).
 * - `?reorderMs=N`: everything it sends is held for N ms from the first held
 *   message, then delivered in reverse order.
 *
 * With both, an offer or answer is delayed first, then joins the reorder batch.
 */
import { MAX_CHAOS_MS } from "./protocol.ts";

export interface ChaosOptions {
  delaySdpMs: number;
  reorderMs: number;
}

/** Reads the knobs; a missing or unreadable value means 0, and values are clamped to 0..MAX_CHAOS_MS. */
export function chaosFromParams(params: URLSearchParams): ChaosOptions | null {
  const delaySdpMs = milliseconds(params.get("delaySdpMs"));
  const reorderMs = milliseconds(params.get("reorderMs"));
  return delaySdpMs === 0 && reorderMs === 0 ? null : { delaySdpMs, reorderMs };
}

function milliseconds(raw: string | null): number {
  const value = Number(raw ?? 0);
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), MAX_CHAOS_MS) : 0;
}

/** One sender's messages on their way to `deliver`, late or out of order as its options say. */
export class ChaosDelivery {
  private readonly timers = new Set<NodeJS.Timeout>();
  private held: Buffer[] = [];
  private batchTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: ChaosOptions,
    private readonly deliver: (data: Buffer) => void,
  ) {}

  push(data: Buffer, type: string): void {
    const isSdp = type === "offer" || type === "answer";
    if (isSdp && this.options.delaySdpMs > 0) this.later(this.options.delaySdpMs, () => this.reorder(data));
    else this.reorder(data);
  }

  /** Drops whatever is still held: the sender left, or the relay is stopping. */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.held = [];
    this.batchTimer = null;
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
