/**
 * Time and rate limiting shared by the chat sources.
 *
 * A Clock is injected so tests and the bench can simulate an hour offline without waiting for it.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A token bucket: `capacity` calls at once, refilled at `perMinute`.
 *
 * Chosen so that capacity + one minute of refill never exceeds the server's per-minute limit: a
 * sliding-window limit (Slack's tiers) is then never crossed, however the calls are spread.
 */
export class TokenBucket {
  private tokens: number;
  private updatedMs: number;
  private blockedUntilMs = 0;

  constructor(
    readonly capacity: number,
    readonly perMinute: number,
    private readonly clock: Clock,
  ) {
    this.tokens = capacity;
    this.updatedMs = clock.now();
  }

  /** For a server limit of `limitPerMinute` in any 60 s window: 80 % steady rate, 20 % burst. */
  static forLimit(limitPerMinute: number, clock: Clock): TokenBucket {
    const capacity = Math.max(1, Math.floor(limitPerMinute * 0.2));
    return new TokenBucket(capacity, Math.max(0.1, limitPerMinute - capacity), clock);
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.updatedMs);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.perMinute) / 60_000);
    this.updatedMs = nowMs;
  }

  /** Milliseconds until one token is available (0 = now). */
  waitMs(): number {
    const now = this.clock.now();
    this.refill(now);
    const blocked = Math.max(0, this.blockedUntilMs - now);
    if (this.tokens >= 1) return blocked;
    return Math.max(blocked, Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute));
  }

  /** Takes a token if one is there now. */
  tryTake(): boolean {
    if (this.waitMs() > 0) return false;
    this.tokens -= 1;
    return true;
  }

  /** Waits (on the clock) for a token and takes it. */
  async take(): Promise<void> {
    for (;;) {
      const wait = this.waitMs();
      if (wait <= 0) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  /** The server said Retry-After: nothing goes out before then, and the bucket starts empty. */
  blockFor(ms: number): void {
    const now = this.clock.now();
    this.refill(now);
    this.blockedUntilMs = Math.max(this.blockedUntilMs, now + ms);
    this.tokens = 0;
    this.updatedMs = now + ms;
  }
}

/** A bounded set that forgets the oldest keys first (for event-id dedupe). */
export class BoundedSet {
  private readonly keys = new Set<string>();
  constructor(private readonly max: number) {}
  /** Adds the key; returns false if it was already there. */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.max) {
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    return true;
  }
  get size(): number {
    return this.keys.size;
  }
}

/** A map whose entries expire (display names, channel names). */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAtMs: number }>();
  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly max = 5000,
  ) {}
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAtMs <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAtMs: this.clock.now() + this.ttlMs });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
