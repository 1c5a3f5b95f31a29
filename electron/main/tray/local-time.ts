/**
 * Clock times for the tray and notifications, in a given time zone, without a date library.
 */

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

function localDayKey(atMs: number, timeZone?: string): string {
  const p = parts(atMs, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

function parts(atMs: number, timeZone?: string): LocalParts {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const get = (type: string): number =>
    Number(fmt.formatToParts(atMs).find((p) => p.type === type)?.value ?? NaN);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
  };
}

/** Offset of local time from UTC at `atMs`, in ms. */
function offsetMs(atMs: number, timeZone?: string): number {
  const p = parts(atMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - (atMs - (atMs % 60_000));
}

/** Tomorrow at `minuteOfDay` local time. Two offset passes settle DST changes overnight. */
export function tomorrowAtMs(nowMs: number, minuteOfDay: number, timeZone?: string): number {
  const p = parts(nowMs, timeZone);
  const wallMs = Date.UTC(p.year, p.month - 1, p.day + 1, 0, minuteOfDay);
  let guess = wallMs - offsetMs(nowMs, timeZone);
  guess = wallMs - offsetMs(guess, timeZone);
  return guess;
}
