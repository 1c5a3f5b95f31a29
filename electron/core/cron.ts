/**
 * node-cron syntax: 5 fields (minute hour day month weekday) or 6 with leading seconds.
 * Supported: `*`, lists, ranges (also wrapping: `22-2`, `fri-mon`), steps (`*\/5`, `1-30/2`),
 * month and weekday names, 0 or 7 = Sunday, and the nicknames (@daily, @hourly, ...).
 * Day of month and weekday must BOTH match, as node-cron's TimeMatcher does.
 * node-cron's L, W and # extensions are rejected with a clear error rather than half-supported.
 */
import { addDays, isValidTimeZone, weekdayOf, zonedParts, zonedToUtcMs } from './tz';

export interface Cron {
  readonly expr: string;
  /** Sorted, distinct allowed values per field. */
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly days: readonly number[];
  readonly months: readonly number[];
  /** 0 = Sunday (7 folded into 0). */
  readonly weekdays: readonly number[];
}

export type ParseCronResult = { ok: true; cron: Cron } | { ok: false; error: string };

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly namesBase?: number;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY: FieldSpec = { name: 'day of month', min: 1, max: 31 };
const MONTH: FieldSpec = { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesBase: 1 };
const WEEKDAY: FieldSpec = { name: 'weekday', min: 0, max: 7, names: WEEKDAY_NAMES, namesBase: 0 };

/** node-cron's nicknames. */
const NICKNAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Search horizon for nextCronTimes: about two years of local days. */
const MAX_DAYS = 2 * 366 + 1;

function parseValue(raw: string, spec: FieldSpec): number | string {
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n < spec.min || n > spec.max)
      return `${spec.name} field: ${raw} is out of range ${spec.min}-${spec.max}`;
    return n;
  }
  if (spec.names !== undefined) {
    const lower = raw.toLowerCase();
    // node-cron accepts full names too ("monday", "january").
    const idx = spec.names.findIndex(
      (n) => lower === n || (lower.length > 3 && lower.startsWith(n) && fullName(lower)),
    );
    if (idx >= 0) return idx + (spec.namesBase ?? 0);
    return `${spec.name} field: '${raw}' is not a number or a ${spec.name} name`;
  }
  return `${spec.name} field: '${raw}' is not a number`;
}

const FULL_NAMES = new Set([
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
]);
function fullName(lower: string): boolean {
  return FULL_NAMES.has(lower);
}

function parseField(text: string, spec: FieldSpec): number[] | string {
  if (text.length === 0) return `${spec.name} field is empty`;
  const values = new Set<number>();
  for (const part of text.split(',')) {
    if (part.length === 0) return `${spec.name} field: empty item in list '${text}'`;
    if (/[#?]/.test(part) || /^(\d*L|L-\d+|\d+W|LW)$/i.test(part)) {
      return `${spec.name} field: '${part}' uses L, W, # or ?, which Lull does not support`;
    }
    const [rangePart, stepPart, extra] = part.split('/');
    if (extra !== undefined || rangePart === undefined)
      return `${spec.name} field: '${part}' has more than one '/'`;
    let step = 1;
    if (stepPart !== undefined) {
      if (!/^\d+$/.test(stepPart) || Number(stepPart) === 0) {
        return `${spec.name} field: step '${stepPart}' must be a whole number of at least 1`;
      }
      step = Number(stepPart);
    }
    let lo: number;
    let hi: number;
    if (rangePart === '*') {
      lo = spec.min;
      hi = spec.max;
    } else {
      const bounds = rangePart.split('-');
      if (bounds.length > 2 || bounds.some((b) => b.length === 0)) {
        return `${spec.name} field: '${rangePart}' is not a value or a range`;
      }
      const a = parseValue(bounds[0] ?? '', spec);
      if (typeof a === 'string') return a;
      lo = a;
      if (bounds.length === 2) {
        const b = parseValue(bounds[1] ?? '', spec);
        if (typeof b === 'string') return b;
        hi = b;
      } else {
        // node-cron refuses "5/15"; say how to write it.
        if (stepPart !== undefined) {
          return `${spec.name} field: step '${part}' needs a range or '*' before '/', e.g. '${lo}-${spec.max}/${step}'`;
        }
        hi = lo;
      }
    }
    if (lo <= hi) {
      for (let v = lo; v <= hi; v += step) values.add(v);
    } else {
      // A range that wraps, as node-cron allows: '22-2' hours, 'fri-mon' weekdays.
      const max = spec === WEEKDAY ? 6 : spec.max;
      const size = max - spec.min + 1;
      const span = (((hi - lo) % size) + size) % size;
      for (let offset = 0; offset <= span; offset += step)
        values.add(lo + offset > max ? lo + offset - size : lo + offset);
    }
  }
  return [...values].sort((a, b) => a - b);
}

/** Parse a node-cron expression. Errors name the field and the bad value. */
export function parseCron(expr: string): ParseCronResult {
  if (typeof expr !== 'string') return { ok: false, error: 'cron expression must be text' };
  const key = expr.trim().toLowerCase();
  // Own keys only: '__proto__' or 'constructor' would otherwise find Object.prototype's members.
  const trimmed = Object.hasOwn(NICKNAMES, key) ? (NICKNAMES[key] as string) : expr.trim();
  if (trimmed.length === 0) return { ok: false, error: 'cron expression is empty' };
  if (trimmed.length > 200) return { ok: false, error: 'cron expression is longer than 200 characters' };
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return {
      ok: false,
      error: `cron expression needs 5 fields (minute hour day month weekday) or 6 with seconds first; got ${fields.length}`,
    };
  }
  const specs =
    fields.length === 6 ? [SECOND, MINUTE, HOUR, DAY, MONTH, WEEKDAY] : [MINUTE, HOUR, DAY, MONTH, WEEKDAY];
  const parsed: number[][] = [];
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    if (spec === undefined) continue;
    const r = parseField(fields[i] ?? '', spec);
    if (typeof r === 'string') return { ok: false, error: r };
    parsed.push(r);
  }
  const [seconds, minutes, hours, days, months, weekdaysRaw] =
    fields.length === 6 ? parsed : [[0], ...parsed];
  const weekdays = [...new Set((weekdaysRaw ?? []).map((d) => d % 7))].sort((a, b) => a - b);
  const cron: Cron = {
    expr: trimmed,
    seconds: seconds ?? [],
    minutes: minutes ?? [],
    hours: hours ?? [],
    days: days ?? [],
    months: months ?? [],
    weekdays,
  };
  if (!canEverMatch(cron)) {
    return {
      ok: false,
      error: `day of month field: no month in the expression has day ${cron.days.join(',')}`,
    };
  }
  return { ok: true, cron };
}

const MONTH_MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function canEverMatch(cron: Cron): boolean {
  const minDay = cron.days[0] ?? 1;
  return cron.months.some((m) => minDay <= (MONTH_MAX_DAYS[m - 1] ?? 31));
}

/**
 * The next `count` firing instants strictly after afterMs, evaluated in the zone's wall clock.
 * Walks local days, skipping whole days that do not match, then hours and minutes; stops after
 * about two years. A wall time in a skipped DST hour fires when the clock jumps past it (once);
 * a repeated wall time fires on its first occurrence.
 */
export function nextCronTimes(cron: Cron, timeZone: string, afterMs: number, count: number): number[] {
  const out: number[] = [];
  if (!(count > 0)) return out;
  for (const t of cronTimesAfter(cron, timeZone, afterMs)) {
    out.push(t);
    if (out.length >= count) break;
  }
  return out;
}

/** Firing instants strictly after afterMs, ascending, lazily; ends after about two years. */
export function* cronTimesAfter(
  cron: Cron,
  timeZone: string,
  afterMs: number,
): Generator<number, void, void> {
  if (!Number.isFinite(afterMs) || !isValidTimeZone(timeZone)) return;
  const monthSet = new Set(cron.months);
  const daySet = new Set(cron.days);
  const weekdaySet = new Set(cron.weekdays);
  const start = zonedParts(afterMs, timeZone);
  let last = afterMs;
  for (let i = 0; i <= MAX_DAYS; i++) {
    const d = addDays(start.year, start.month, start.day, i);
    if (!monthSet.has(d.month) || !daySet.has(d.day) || !weekdaySet.has(weekdayOf(d.year, d.month, d.day))) {
      continue;
    }
    for (const h of cron.hours) {
      // Hours well before the start cannot come after it, even with a DST shift.
      if (i === 0 && h < start.hour - 3) continue;
      for (const m of cron.minutes) {
        const base = zonedToUtcMs(timeZone, d.year, d.month, d.day, h, m);
        if (base + 60_000 <= last) continue;
        for (const s of cron.seconds) {
          const t = base + s * 1000;
          if (t > last) {
            last = t;
            yield t;
          }
        }
      }
    }
  }
}
