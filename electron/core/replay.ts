/**
 * Replay: what a proposed rule set would have done to stored items.
 *
 * Items stream through (any Iterable, e.g. pages from the store) in ascending ingest order; nothing
 * but the contact and breakthrough windows and at most maxChanges changes is kept in memory.
 *
 * The focus state of each item is read from its stored decision (decidedInFocus); 'paused' means
 * paused. Each item's "now" is its ingestedAtMs, and its contact is recorded before it is re-decided,
 * as the engine does.
 */
import { BreakthroughLog, ContactWindow } from './contacts';
import { compileRules, decide, decidedInFocus, isBreakthrough } from './rules';
import type { Decision, FocusState, Rule, StoredItem } from './types';

export interface ReplayOptions {
  readonly outsideFocus: 'deliver' | 'batch';
  /** At most this many changes are returned (the most recent ones); counts cover all items. */
  readonly maxChanges: number;
}

export interface ReplayChange {
  readonly item: StoredItem;
  readonly before: Decision;
  readonly after: Decision;
}

export interface ReplayResult {
  readonly itemsConsidered: number;
  /** Changed items that would now be delivered at once. */
  readonly wouldBreakThrough: number;
  /** Changed items that would now be held. */
  readonly wouldBeHeld: number;
  /** Changed items that would now be muted. */
  readonly wouldBeMuted: number;
  /** Items whose action changes, oldest first (the newest maxChanges of them). */
  readonly changes: ReplayChange[];
}

/** The focus state an item was decided under, as far as its stored decision tells. */
export function impliedFocus(decision: Decision): FocusState {
  const on = decidedInFocus(decision);
  const paused = decision.ruleId === 'paused';
  return { on, untilMs: null, origin: on ? 'schedule' : 'none', paused, pausedUntilMs: null };
}

export function replay(
  items: Iterable<StoredItem>,
  rules: readonly Rule[],
  options: ReplayOptions,
): ReplayResult {
  const compiled = compileRules(rules);
  const contacts = new ContactWindow();
  const breakthroughs = new BreakthroughLog();
  const maxChanges = Math.max(0, Math.floor(options.maxChanges));
  // Ring buffer of the newest maxChanges changes.
  const ring: ReplayChange[] = [];
  let ringNext = 0;
  let itemsConsidered = 0;
  let wouldBreakThrough = 0;
  let wouldBeHeld = 0;
  let wouldBeMuted = 0;
  let lastPruneMs = -Infinity;
  for (const item of items) {
    itemsConsidered++;
    const nowMs = item.ingestedAtMs;
    // Windows only need the last few hours; prune now and then to stay bounded on long replays.
    if (nowMs - lastPruneMs > 3_600_000) {
      contacts.prune(nowMs - 24 * 3_600_000);
      breakthroughs.prune(nowMs - 2 * 3_600_000);
      lastPruneMs = nowMs;
    }
    contacts.record(item.personKey, nowMs);
    const focus = impliedFocus(item.decision);
    const after = decide(
      compiled,
      item,
      { focus, outsideFocus: options.outsideFocus, personKey: item.personKey, contacts, breakthroughs },
      nowMs,
    );
    if (isBreakthrough(after)) breakthroughs.record(after.ruleId, item.personKey, nowMs);
    if (after.action === item.decision.action) continue;
    if (after.action === 'deliver') wouldBreakThrough++;
    else if (after.action === 'hold') wouldBeHeld++;
    else wouldBeMuted++;
    if (maxChanges > 0) {
      const change = { item, before: item.decision, after };
      if (ring.length < maxChanges) ring.push(change);
      else ring[ringNext] = change;
      ringNext = (ringNext + 1) % maxChanges;
    }
  }
  const changes = ring.length < maxChanges ? ring : [...ring.slice(ringNext), ...ring.slice(0, ringNext)];
  return { itemsConsidered, wouldBreakThrough, wouldBeHeld, wouldBeMuted, changes };
}
