/**
 * Sliding windows of recent events per key, with bounded memory: each key keeps at most
 * 2 × maxPerKey times (count() is exact up to maxPerKey), at most MAX_KEYS keys are kept (beyond that the longest-known key goes first;
 * prune() is the real bound, called by the engine), and prune() drops everything older than a moment.
 */

/** Counts are exact up to the per-key cap: the contract allows repeat counts up to 100 ... */
const CONTACTS_PER_KEY = 128;
/** ... and rule limits up to 1000 breakthroughs an hour. */
const BREAKTHROUGHS_PER_KEY = 1024;
const MAX_KEYS = 50_000;

class TimeWindows {
  private readonly byKey = new Map<string, number[]>();

  constructor(
    private readonly maxPerKey: number,
    private readonly maxKeys: number,
  ) {}

  record(key: string, atMs: number): void {
    let times = this.byKey.get(key);
    if (times === undefined) {
      if (this.byKey.size >= this.maxKeys) {
        const oldest = this.byKey.keys().next();
        if (oldest.done !== true) this.byKey.delete(oldest.value);
      }
      times = [];
      this.byKey.set(key, times);
    }
    // Keep ascending; events usually arrive in order, so this is a push.
    const last = times[times.length - 1];
    if (last === undefined || last <= atMs) {
      times.push(atMs);
    } else {
      let i = times.length;
      while (i > 0 && (times[i - 1] ?? 0) > atMs) i--;
      times.splice(i, 0, atMs);
    }
    // Trim in chunks (amortized O(1)); counts above maxPerKey are never needed.
    if (times.length > 2 * this.maxPerKey) times.splice(0, times.length - this.maxPerKey);
  }

  count(key: string, sinceMs: number): number {
    const times = this.byKey.get(key);
    if (times === undefined) return 0;
    const n = this.countSince(times, sinceMs);
    return n < this.maxPerKey ? n : this.maxPerKey;
  }

  private countSince(times: readonly number[], sinceMs: number): number {
    // First index with time >= sinceMs (binary search; times are ascending).
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] ?? Infinity) < sinceMs) lo = mid + 1;
      else hi = mid;
    }
    return times.length - lo;
  }

  prune(beforeMs: number): void {
    for (const [key, times] of this.byKey) {
      let drop = 0;
      while (drop < times.length && (times[drop] ?? Infinity) < beforeMs) drop++;
      if (drop === times.length) this.byKey.delete(key);
      else if (drop > 0) times.splice(0, drop);
    }
  }

  get size(): number {
    return this.byKey.size;
  }
}

/**
 * When each person contacted me, for repeat-breakthrough rules.
 * The engine records an item BEFORE deciding it (record(personKey, nowMs)), so counts include it.
 */
export class ContactWindow {
  private readonly windows: TimeWindows;

  constructor(maxPerKey = CONTACTS_PER_KEY, maxKeys = MAX_KEYS) {
    this.windows = new TimeWindows(maxPerKey, maxKeys);
  }

  record(personKey: string, atMs: number): void {
    this.windows.record(personKey, atMs);
  }

  /** Contacts at or after sinceMs. */
  count(personKey: string, sinceMs: number): number {
    return this.windows.count(personKey, sinceMs);
  }

  prune(beforeMs: number): void {
    this.windows.prune(beforeMs);
  }

  /** Number of people tracked. */
  get size(): number {
    return this.windows.size;
  }
}

/**
 * Breakthroughs per (rule, person), for per-rule hourly limits. The engine records one after each
 * item a rule delivered during focus (see isBreakthrough in rules.ts).
 */
export class BreakthroughLog {
  private readonly windows: TimeWindows;

  constructor(maxPerKey = BREAKTHROUGHS_PER_KEY, maxKeys = MAX_KEYS) {
    this.windows = new TimeWindows(maxPerKey, maxKeys);
  }

  record(ruleId: string, personKey: string, atMs: number): void {
    this.windows.record(`${ruleId}\u0000${personKey}`, atMs);
  }

  count(ruleId: string, personKey: string, sinceMs: number): number {
    return this.windows.count(`${ruleId}\u0000${personKey}`, sinceMs);
  }

  prune(beforeMs: number): void {
    this.windows.prune(beforeMs);
  }

  get size(): number {
    return this.windows.size;
  }
}
