/**
 * Batch cadence: when held items are released.
 *
 * Every kind is a set of LOCAL wall times in the schedule's zone: 'every N hours' fires at :00 of each
 * local hour with hour % N === 0, 'times' at the listed HH:MM each day, 'cron' at the expression.
 * On DST days a wall time in the skipped hour fires when the clock jumps past it, and a repeated wall
 * time fires once (first occurrence). Slots are strictly increasing.
 */
import type { Cadence } from './types';
import { cronTimesAfter, parseCron } from './cron';
import type { Cron } from './cron';
import { isValidTimeZone } from './tz';

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MAX_TIMES = 48;

/** Error text naming what is wrong, or null when the cadence is usable in this zone. */
export function validateCadence(cadence: Cadence, timeZone: string): string | null {
  if (!isValidTimeZone(timeZone)) return `time zone '${String(timeZone)}' is not a known IANA time zone`;
  switch (cadence.kind) {
    case 'every':
      return [1, 2, 3, 4].includes(cadence.hours)
        ? null
        : `every: hours must be 1, 2, 3 or 4, not ${cadence.hours}`;
    case 'times': {
      if (cadence.times.length === 0) return 'times: add at least one time of day';
      if (cadence.times.length > MAX_TIMES) return `times: at most ${MAX_TIMES} times a day`;
      for (let i = 0; i < cadence.times.length; i++) {
        const t = cadence.times[i];
        if (typeof t !== 'string' || !TIME_RE.test(t)) {
          return `times[${i}]: '${String(t)}' is not a time of day as HH:MM (00:00-23:59)`;
        }
      }
      return null;
    }
    case 'cron': {
      const r = parseCron(cadence.expr);
      return r.ok ? null : `cron: ${r.error}`;
    }
    default: {
      // Unvalidated data can still carry another kind: report it instead of throwing.
      const unknownKind: never = cadence;
      return `cadence kind '${String((unknownKind as { kind?: unknown }).kind)}' is not every, times or cron`;
    }
  }
}

const ALL_DAYS = Array.from({ length: 31 }, (_, i) => i + 1);
const ALL_MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const ALL_WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];

/** The cadence as cron-shaped wall-time sets (one per distinct minute for 'times'), or null if invalid. */
function toCrons(cadence: Cadence): Cron[] | null {
  switch (cadence.kind) {
    case 'every': {
      if (![1, 2, 3, 4].includes(cadence.hours)) return null;
      const hours = ALL_HOURS.filter((h) => h % cadence.hours === 0);
      return [daily(hours, 0, `0 */${cadence.hours} * * *`)];
    }
    case 'times': {
      const byMinute = timesByMinute(cadence.times);
      if (byMinute === null) return null;
      return [...byMinute].map(([m, hours]) => daily(hours, m, `${m} ${hours.join(',')} * * *`));
    }
    case 'cron': {
      const r = parseCron(cadence.expr);
      return r.ok ? [r.cron] : null;
    }
    default:
      return null;
  }
}

const ALL_HOURS = Array.from({ length: 24 }, (_, i) => i);

function daily(hours: readonly number[], minute: number, expr: string): Cron {
  return {
    expr,
    seconds: [0],
    minutes: [minute],
    hours,
    days: ALL_DAYS,
    months: ALL_MONTHS,
    weekdays: ALL_WEEKDAYS,
  };
}

function timesByMinute(times: readonly string[]): Map<number, number[]> | null {
  if (times.length === 0 || times.length > MAX_TIMES) return null;
  const byMinute = new Map<number, number[]>();
  for (const t of times) {
    const m = typeof t === 'string' ? TIME_RE.exec(t) : null;
    if (m === null) return null;
    const hour = Number(m[1]);
    const minute = Number(m[2]);
    const list = byMinute.get(minute) ?? [];
    if (!list.includes(hour)) list.push(hour);
    byMinute.set(minute, list);
  }
  for (const list of byMinute.values()) list.sort((a, b) => a - b);
  return new Map([...byMinute].sort((a, b) => a[0] - b[0]));
}

/** All slots strictly after afterMs, ascending and distinct, lazily (about two years at most). */
export function* slotsAfter(
  cadence: Cadence,
  timeZone: string,
  afterMs: number,
): Generator<number, void, void> {
  const crons = toCrons(cadence);
  if (crons === null || !isValidTimeZone(timeZone)) return;
  if (crons.length === 1 && crons[0] !== undefined) {
    yield* cronTimesAfter(crons[0], timeZone, afterMs);
    return;
  }
  // Merge several ascending streams ('times' with different minutes).
  const its = crons.map((c) => cronTimesAfter(c, timeZone, afterMs));
  const heads = its.map((it) => it.next());
  let last = afterMs;
  for (;;) {
    let best = -1;
    let bestValue = Infinity;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i];
      if (h !== undefined && h.done !== true && h.value < bestValue) {
        bestValue = h.value;
        best = i;
      }
    }
    if (best < 0) return;
    heads[best] = its[best]?.next() ?? { done: true, value: undefined };
    if (bestValue > last) {
      last = bestValue;
      yield bestValue;
    }
  }
}

/** Most slots any one call returns, so a bad count cannot exhaust memory. */
export const MAX_SLOTS = 10_000;

/** The next `count` (at most MAX_SLOTS) release slots strictly after afterMs. Empty for an invalid cadence or zone. */
export function nextSlots(cadence: Cadence, timeZone: string, afterMs: number, count: number): number[] {
  const out: number[] = [];
  if (!(count > 0)) return out;
  count = Math.min(count, MAX_SLOTS);
  for (const t of slotsAfter(cadence, timeZone, afterMs)) {
    out.push(t);
    if (out.length >= count) break;
  }
  return out;
}

/** Slots in (fromMsExclusive, toMsInclusive], ascending, at most `limit` (and MAX_SLOTS) of them (the earliest). */
export function slotsBetween(
  cadence: Cadence,
  timeZone: string,
  fromMsExclusive: number,
  toMsInclusive: number,
  limit: number,
): number[] {
  const out: number[] = [];
  if (!(limit > 0) || !(toMsInclusive > fromMsExclusive)) return out;
  limit = Math.min(limit, MAX_SLOTS);
  for (const t of slotsAfter(cadence, timeZone, fromMsExclusive)) {
    if (t > toMsInclusive) break;
    out.push(t);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * node-cron expressions that wake the engine at every slot (run them with the schedule's zone).
 * 'times' gives one expression per distinct minute ("0 10,16 * * *", "30 13 * * *"), since one
 * cron expression cannot express 10:00 and 13:30 without also matching 10:30 and 13:00.
 * An invalid cadence gives [].
 */
export function cadenceToCron(cadence: Cadence): string[] {
  if (cadence.kind === 'cron') return parseCron(cadence.expr).ok ? [cadence.expr.trim()] : [];
  return (toCrons(cadence) ?? []).map((c) => c.expr);
}
