/**
 * A token bucket: up to `burst` at once, then `perSecond` on average. Each
 * take() spends a token; tokens come back at `perSecond`, up to `burst`.
 * The relay keeps one per connection (messages) and one per IP address (new connections).
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** Spends one token; false when there is none left (the caller refuses). */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Tokens left now (fractions included). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  /** Full again: whoever spent it has been calm for a while. */
  get isFull(): boolean {
    return this.available >= this.burst;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
  }
}
