/**
 * Batch planning: given the release ledger (the last settled slot), decide whether to release now.
 *
 * node-cron skips runs missed while the machine slept, so the engine asks planRelease on every wake-up
 * (cron tick, start, resume, clock jump). Missed slots collapse into ONE release at the newest one.
 */
import type { Cadence, FocusSchedule } from './types';
import { slotsAfter } from './cadence';
import { blockEndsBetween, currentOrNextBlock } from './schedule';
import { DAY_MS, HOUR_MS } from './tz';

export interface SlotInput {
  readonly cadence: Cadence;
  readonly timeZone: string;
  readonly schedule: FocusSchedule;
  readonly releaseAtFocusEnd: boolean;
  /** The newest slot already settled in the ledger, or null on first run. */
  readonly lastSlotMs: number | null;
  readonly nowMs: number;
  /** With no ledger entry, how far back a missed slot still counts. Default 24 h. */
  readonly lookbackMs?: number;
}

export interface PlanInput extends SlotInput {
  readonly heldCount: number;
  readonly oldestHeldAtMs: number | null;
  readonly maxWaitMin: number;
  /** A slot this late or less is on time ('slot'); later is 'catch-up'. Default 90 s. */
  readonly graceMs?: number;
}

export type ReleasePlan =
  | { readonly release: false }
  | { readonly release: true; readonly trigger: 'slot' | 'catch-up' | 'cap'; readonly slotMs: number | null };

export interface NextReleaseInput {
  readonly cadence: Cadence;
  readonly timeZone: string;
  readonly schedule: FocusSchedule;
  readonly releaseAtFocusEnd: boolean;
  readonly nowMs: number;
  readonly oldestHeldAtMs: number | null;
  readonly maxWaitMin: number;
}

export const DEFAULT_LOOKBACK_MS = 24 * HOUR_MS;
export const DEFAULT_GRACE_MS = 90_000;

/** Widening windows for the newest past slot: dense cadences stop early, sparse crons look further. */
const WINDOWS_MS = [HOUR_MS, DAY_MS, 8 * DAY_MS, 32 * DAY_MS, 400 * DAY_MS, 800 * DAY_MS];

function newestCadenceSlot(
  cadence: Cadence,
  timeZone: string,
  lowerMs: number,
  nowMs: number,
): number | null {
  for (const w of WINDOWS_MS) {
    const from = Math.max(lowerMs, nowMs - w);
    let newest: number | null = null;
    for (const t of slotsAfter(cadence, timeZone, from)) {
      if (t > nowMs) break;
      newest = t;
    }
    if (newest !== null) return newest;
    if (from === lowerMs) return null;
  }
  return null;
}

/**
 * The newest slot in (lastSlotMs, nowMs]: a cadence slot, or a scheduled focus-run end when
 * releaseAtFocusEnd. Null when none is due. Several missed slots still give one (the newest).
 * A ledger later than now (the clock was set back) makes nothing due until the clock passes it;
 * the hard cap still bounds every wait meanwhile.
 */
export function latestDueSlot(input: SlotInput): number | null {
  const { nowMs } = input;
  const lowerMs = input.lastSlotMs ?? nowMs - (input.lookbackMs ?? DEFAULT_LOOKBACK_MS);
  if (!(nowMs > lowerMs)) return null;
  let best = newestCadenceSlot(input.cadence, input.timeZone, lowerMs, nowMs);
  if (input.releaseAtFocusEnd) {
    // The schedule repeats weekly, so the newest run end is within the last 8 days if there is one.
    const ends = blockEndsBetween(input.schedule, Math.max(lowerMs, nowMs - 8 * DAY_MS), nowMs);
    const lastEnd = ends[ends.length - 1];
    if (lastEnd !== undefined && (best === null || lastEnd > best)) best = lastEnd;
  }
  return best;
}

/**
 * Whether to release now. A due slot wins (even with nothing held: the engine settles the ledger,
 * and the store makes no empty batch); otherwise the hard cap when the oldest held item waited long enough.
 */
export function planRelease(input: PlanInput): ReleasePlan {
  const slot = latestDueSlot(input);
  if (slot !== null) {
    const grace = input.graceMs ?? DEFAULT_GRACE_MS;
    return { release: true, trigger: input.nowMs - slot <= grace ? 'slot' : 'catch-up', slotMs: slot };
  }
  const cap = capAtMs(input.oldestHeldAtMs, input.maxWaitMin);
  if (input.heldCount > 0 && cap !== null && cap <= input.nowMs) {
    return { release: true, trigger: 'cap', slotMs: null };
  }
  return { release: false };
}

function capAtMs(oldestHeldAtMs: number | null, maxWaitMin: number): number | null {
  if (oldestHeldAtMs === null || !Number.isFinite(oldestHeldAtMs) || !(maxWaitMin > 0)) return null;
  return oldestHeldAtMs + maxWaitMin * 60_000;
}

/**
 * When the next release happens: the earliest of the next cadence slot, the next scheduled focus-run
 * end (if releaseAtFocusEnd) and the hard cap of the oldest held item. The cap may already be past
 * (the engine should release at once). Null when nothing is scheduled.
 */
export function nextReleaseAtMs(input: NextReleaseInput): number | null {
  let best: number | null = null;
  const consider = (ms: number | null | undefined): void => {
    if (ms !== null && ms !== undefined && (best === null || ms < best)) best = ms;
  };
  consider(slotsAfter(input.cadence, input.timeZone, input.nowMs).next().value ?? null);
  if (input.releaseAtFocusEnd) {
    const run = currentOrNextBlock(input.schedule, input.nowMs);
    if (run !== null && run.endMs > input.nowMs) consider(run.endMs);
  }
  consider(capAtMs(input.oldestHeldAtMs, input.maxWaitMin));
  return best;
}
