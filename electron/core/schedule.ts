/**
 * The weekly focus schedule, modelled on Signal Desktop's findNextProfileEvent: expand the weekly
 * blocks into concrete instants around `now`, merge touching ones into runs, and read the answer off.
 *
 * Blocks are local wall times in the schedule's zone; every instant is computed through tz.ts, so DST
 * days and a changed zone need no special cases. A block edge inside a skipped hour moves forward with
 * the clock; one inside a repeated hour uses its first occurrence.
 */
import type { FocusBlock, FocusOverrides, FocusSchedule, FocusState } from './types';
import { DAY_MS, addDays, isValidTimeZone, weekdayOf, zonedParts, zonedToUtcMs } from './tz';

export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** How far currentOrNextBlock looks ahead. */
const LOOKAHEAD_DAYS = 8;

function usableBlocks(blocks: readonly FocusBlock[]): FocusBlock[] {
  return blocks.filter(
    (b) =>
      Number.isInteger(b.weekday) &&
      b.weekday >= 0 &&
      b.weekday <= 6 &&
      Number.isFinite(b.startMin) &&
      Number.isFinite(b.endMin) &&
      b.startMin >= 0 &&
      b.endMin <= 1440 &&
      b.startMin < b.endMin,
  );
}

/** Most local days one expansion covers, so a huge range cannot stall the engine. */
const MAX_EXPANDED_DAYS = 1000;

/**
 * Merged focus runs of the local days around [fromMs, toMs] (one day of margin each side, at most
 * MAX_EXPANDED_DAYS). Touching or overlapping blocks (also across midnight) become one run.
 */
export function focusRuns(schedule: FocusSchedule, fromMs: number, toMs: number): Interval[] {
  const blocks = usableBlocks(schedule.blocks);
  if (blocks.length === 0 || !isValidTimeZone(schedule.timeZone) || !(toMs >= fromMs)) return [];
  const tz = schedule.timeZone;
  const byWeekday: FocusBlock[][] = [[], [], [], [], [], [], []];
  for (const b of blocks) byWeekday[b.weekday]?.push(b);
  const p = zonedParts(fromMs, tz);
  const days = Math.min(MAX_EXPANDED_DAYS, Math.ceil((toMs - fromMs) / DAY_MS) + 2);
  const raw: Interval[] = [];
  for (let i = -1; i <= days; i++) {
    const d = addDays(p.year, p.month, p.day, i);
    for (const b of byWeekday[weekdayOf(d.year, d.month, d.day)] ?? []) {
      const startMs = zonedToUtcMs(tz, d.year, d.month, d.day, 0, b.startMin);
      const endMs = zonedToUtcMs(tz, d.year, d.month, d.day, 0, b.endMin);
      // A block the clock jumps over entirely (02:30-03:00 on a spring-forward day) is empty.
      if (endMs > startMs) raw.push({ startMs, endMs });
    }
  }
  raw.sort((a, b) => a.startMs - b.startMs);
  const runs: Interval[] = [];
  for (const iv of raw) {
    const last = runs[runs.length - 1];
    if (last !== undefined && iv.startMs <= last.endMs) {
      if (iv.endMs > last.endMs) runs[runs.length - 1] = { startMs: last.startMs, endMs: iv.endMs };
    } else {
      runs.push(iv);
    }
  }
  return runs;
}

/*
 * Expanding a schedule costs a few hundred Intl calls, and the engine asks for focus on every item,
 * so runs are memoized per schedule content for a week of "now" (a pure cache: same answers).
 */
const RUN_CACHE_SPAN_MS = 7 * DAY_MS;
const RUN_CACHE_MAX = 16;
const runCache = new Map<string, { readonly anchorMs: number; readonly runs: readonly Interval[] }>();

function scheduleKey(schedule: FocusSchedule): string {
  let key = schedule.timeZone;
  for (const b of schedule.blocks) key += `|${b.weekday},${b.startMin},${b.endMin}`;
  return key;
}

/** Runs covering at least [nowMs - 7 days, nowMs + 16 days]. */
function runsAround(schedule: FocusSchedule, nowMs: number): readonly Interval[] {
  const key = scheduleKey(schedule);
  const hit = runCache.get(key);
  if (hit !== undefined && nowMs >= hit.anchorMs && nowMs < hit.anchorMs + RUN_CACHE_SPAN_MS) return hit.runs;
  // Look back a week too, so a run that began days ago (e.g. a weekend-long block) is whole.
  const runs = focusRuns(
    schedule,
    nowMs - 7 * DAY_MS,
    nowMs + (LOOKAHEAD_DAYS + RUN_CACHE_SPAN_MS / DAY_MS + 1) * DAY_MS,
  );
  if (runCache.size >= RUN_CACHE_MAX) {
    const oldest = runCache.keys().next();
    if (oldest.done !== true) runCache.delete(oldest.value);
  }
  runCache.set(key, { anchorMs: nowMs, runs });
  return runs;
}

/** The run containing now, or the next one within 8 days. */
export function currentOrNextBlock(schedule: FocusSchedule, nowMs: number): Interval | null {
  if (!Number.isFinite(nowMs)) return null;
  const runs = runsAround(schedule, nowMs);
  for (const r of runs) {
    if (r.endMs > nowMs && r.startMs <= nowMs + LOOKAHEAD_DAYS * DAY_MS) return r;
  }
  return null;
}

/** Ends of scheduled runs in (fromMsExclusive, toMsInclusive], ascending. */
export function blockEndsBetween(
  schedule: FocusSchedule,
  fromMsExclusive: number,
  toMsInclusive: number,
): number[] {
  if (
    !(toMsInclusive > fromMsExclusive) ||
    !Number.isFinite(fromMsExclusive) ||
    !Number.isFinite(toMsInclusive)
  ) {
    return [];
  }
  // Short ranges (the usual "is this slot a block end?") come from the memo, which covers them whole.
  const runs =
    toMsInclusive - fromMsExclusive <= LOOKAHEAD_DAYS * DAY_MS
      ? runsAround(schedule, fromMsExclusive)
      : focusRuns(schedule, fromMsExclusive, toMsInclusive);
  const ends: number[] = [];
  for (const r of runs) if (r.endMs > fromMsExclusive && r.endMs <= toMsInclusive) ends.push(r.endMs);
  return ends;
}

/**
 * Focus at an instant. Manual focus wins; then a scheduled run, unless the user ended that run early
 * (endedBlockUntilMs equals its end). When off, untilMs is the start of the next run (or null).
 */
export function focusStateAt(schedule: FocusSchedule, overrides: FocusOverrides, nowMs: number): FocusState {
  const paused = overrides.pausedUntilMs !== null && overrides.pausedUntilMs > nowMs;
  const pausedUntilMs = paused ? overrides.pausedUntilMs : null;
  if (overrides.manualUntilMs !== null && overrides.manualUntilMs > nowMs) {
    return { on: true, untilMs: overrides.manualUntilMs, origin: 'manual', paused, pausedUntilMs };
  }
  const run = currentOrNextBlock(schedule, nowMs);
  if (run !== null && run.startMs <= nowMs) {
    if (overrides.endedBlockUntilMs !== run.endMs) {
      return { on: true, untilMs: run.endMs, origin: 'schedule', paused, pausedUntilMs };
    }
    const next = currentOrNextBlock(schedule, run.endMs);
    return { on: false, untilMs: next?.startMs ?? null, origin: 'none', paused, pausedUntilMs };
  }
  return { on: false, untilMs: run?.startMs ?? null, origin: 'none', paused, pausedUntilMs };
}

/** The next instant after now at which focusStateAt may return something different, or null. */
export function nextFocusChangeMs(
  schedule: FocusSchedule,
  overrides: FocusOverrides,
  nowMs: number,
): number | null {
  let best: number | null = null;
  const consider = (ms: number | null): void => {
    if (ms !== null && ms > nowMs && (best === null || ms < best)) best = ms;
  };
  consider(overrides.manualUntilMs);
  consider(overrides.pausedUntilMs);
  const run = currentOrNextBlock(schedule, nowMs);
  if (run !== null) consider(run.startMs > nowMs ? run.startMs : run.endMs);
  return best;
}
