/**
 * Clock times for the tray and notifications, in a given time zone (default: the system's).
 * The zone arithmetic is core's, the same the focus schedule uses.
 */
import { addDays, zonedParts, zonedToUtcMs } from '../../core/tz';

const systemZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "14:30", or "Thu 14:30" when it is not on the same local day as `nowMs`. */
export function formatClock(atMs: number, nowMs: number, locale: string, timeZone?: string): string {
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(atMs);
  if (localDayKey(atMs, timeZone) === localDayKey(nowMs, timeZone)) return time;
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone }).format(atMs);
  return `${day} ${time}`;
}

function localDayKey(atMs: number, timeZone = systemZone()): string {
  const p = zonedParts(atMs, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Tomorrow at `minuteOfDay` local time (a time skipped by a DST jump moves forward). */
export function tomorrowAtMs(nowMs: number, minuteOfDay: number, timeZone = systemZone()): number {
  const today = zonedParts(nowMs, timeZone);
  const t = addDays(today.year, today.month, today.day, 1);
  return zonedToUtcMs(timeZone, t.year, t.month, t.day, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
}
