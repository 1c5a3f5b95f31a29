/**
 * Time-zone math on top of Intl.DateTimeFormat.
 *
 * Formatters are cached per zone because creating one costs far more than using it, and every
 * schedule, cadence and cron computation goes through here.
 */

export interface ZonedParts {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** 1-31 */
  readonly day: number;
  /** 0-23 */
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday */
  readonly weekday: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const validity = new Map<string, boolean>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the IANA zone (node-cron would silently accept a bad one). */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 100) return false;
  const known = validity.get(tz);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    ok = true;
  } catch {
    ok = false;
  }
  if (validity.size > 1000) validity.clear();
  validity.set(tz, ok);
  return ok;
}

/** Wall-clock fields of an instant in a zone. Throws RangeError for an unknown zone. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const parts = formatterFor(timeZone).formatToParts(new Date(Math.floor(ms / 1000) * 1000));
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year':
        year = Number(p.value);
        break;
      case 'month':
        month = Number(p.value);
        break;
      case 'day':
        day = Number(p.value);
        break;
      case 'hour':
        hour = Number(p.value) % 24;
        break;
      case 'minute':
        minute = Number(p.value);
        break;
      case 'second':
        second = Number(p.value);
        break;
      case 'era':
        bc = p.value.startsWith('B');
        break;
      default:
        break;
    }
  }
  if (bc) year = 1 - year;
  return { year, month, day, hour, minute, second, weekday: weekdayOf(year, month, day) };
}

/** Weekday (0 = Sunday) of a civil date. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(civilUtcMs(year, month, day, 0, 0)).getUTCDay();
}

/** The civil date/time read as if it were UTC: the "wall" clock as a number. */
export function civilUtcMs(year: number, month: number, day: number, hour: number, minute: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, 0, 0);
  return d.getTime();
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich). */
export function offsetMsAt(ms: number, timeZone: string): number {
  const floored = Math.floor(ms / 1000) * 1000;
  const p = zonedParts(floored, timeZone);
  const wall = civilUtcMs(p.year, p.month, p.day, p.hour, p.minute) + p.second * 1000;
  return wall - floored;
}

/**
 * The instant of a local wall time. Fields may overflow (hour 24, day 32) and are normalized first.
 *
 * A wall time skipped by a DST jump maps forward by the jump (02:30 on a spring-forward day → 03:30);
 * a repeated wall time maps to its first occurrence (Temporal's "compatible" disambiguation).
 * Throws RangeError for an unknown zone (check isValidTimeZone first).
 */
export function zonedToUtcMs(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  const wall = civilUtcMs(year, month, day, hour, minute);
  // Offsets a day either side bracket at most one transition, as with every real zone.
  const before = offsetMsAt(wall - DAY_MS, timeZone);
  const after = offsetMsAt(wall + DAY_MS, timeZone);
  const first = wall - Math.max(before, after);
  const second = wall - Math.min(before, after);
  if (offsetMsAt(first, timeZone) === Math.max(before, after)) return first;
  if (before === after) return second;
  if (offsetMsAt(second, timeZone) === Math.min(before, after)) return second;
  // In the gap: use the offset from before the jump, which lands after it by the jump's size.
  return wall - before;
}

/** Civil date arithmetic: the date `days` after y-m-d. */
export function addDays(
  year: number,
  month: number,
  day: number,
  days: number,
): { year: number; month: number; day: number } {
  const d = new Date(civilUtcMs(year, month, day + days, 0, 0));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export { MINUTE_MS, HOUR_MS, DAY_MS };
