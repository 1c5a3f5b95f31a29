import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, isValidTimeZone, offsetMsAt, zonedParts, zonedToUtcMs } from '../../../electron/core/tz';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);
const H = 3_600_000;

describe('zonedParts', () => {
  it('reads wall-clock fields and the weekday (0 = Sunday)', () => {
    expect(zonedParts(utc(2025, 6, 4, 10, 5) + 7000, 'Europe/Berlin')).toEqual({
      year: 2025,
      month: 6,
      day: 4,
      hour: 12,
      minute: 5,
      second: 7,
      weekday: 3,
    });
    expect(zonedParts(utc(2025, 3, 9, 7, 30), 'America/New_York')).toMatchObject({
      day: 9,
      hour: 3,
      weekday: 0,
    });
  });

  it('reports midnight as hour 0, not 24', () => {
    expect(zonedParts(utc(2025, 6, 4, 22, 0), 'Europe/Berlin')).toMatchObject({ day: 5, hour: 0 });
  });

  it('handles a 30-minute offset change (Lord Howe)', () => {
    expect(offsetMsAt(utc(2025, 4, 5, 14, 59), 'Australia/Lord_Howe')).toBe(11 * H);
    expect(offsetMsAt(utc(2025, 4, 5, 15, 0), 'Australia/Lord_Howe')).toBe(10.5 * H);
  });
});

describe('zonedToUtcMs', () => {
  it('maps ordinary wall times', () => {
    expect(zonedToUtcMs('Europe/Berlin', 2025, 6, 4, 12, 0)).toBe(utc(2025, 6, 4, 10, 0));
    expect(zonedToUtcMs('UTC', 2025, 1, 1, 0, 0)).toBe(utc(2025, 1, 1));
  });

  it('maps a skipped wall time forward by the jump', () => {
    // New York 2025-03-09 02:30 does not exist; 03:30 EDT does.
    expect(zonedToUtcMs('America/New_York', 2025, 3, 9, 2, 30)).toBe(utc(2025, 3, 9, 7, 30));
    expect(zonedToUtcMs('Europe/Berlin', 2025, 3, 30, 2, 0)).toBe(utc(2025, 3, 30, 1, 0));
    // Lord Howe 2025-10-05 02:15 (+10:30) does not exist → 02:45 (+11).
    expect(zonedToUtcMs('Australia/Lord_Howe', 2025, 10, 5, 2, 15)).toBe(utc(2025, 10, 4, 15, 45));
  });

  it('maps a repeated wall time to its first occurrence', () => {
    expect(zonedToUtcMs('America/New_York', 2025, 11, 2, 1, 30)).toBe(utc(2025, 11, 2, 5, 30));
    expect(zonedToUtcMs('Europe/Berlin', 2025, 10, 26, 2, 30)).toBe(utc(2025, 10, 26, 0, 30));
    expect(zonedToUtcMs('Australia/Lord_Howe', 2025, 4, 6, 1, 45)).toBe(utc(2025, 4, 5, 14, 45));
  });

  it('normalizes overflowing fields (minute 1440 = next midnight)', () => {
    expect(zonedToUtcMs('Europe/Berlin', 2025, 6, 4, 0, 1440)).toBe(utc(2025, 6, 4, 22, 0));
  });

  it('round-trips every instant on the 2025 transition days', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: utc(2025, 1, 1), max: utc(2026, 1, 1) }),
        (tz, ms) => {
          const t = Math.floor(ms / 60_000) * 60_000;
          const p = zonedParts(t, tz);
          const back = zonedToUtcMs(tz, p.year, p.month, p.day, p.hour, p.minute);
          // Equal, or the first occurrence of a repeated wall time (at most the shift earlier).
          expect(back <= t && t - back <= H).toBe(true);
          expect(zonedParts(back, tz)).toMatchObject({ hour: p.hour, minute: p.minute, day: p.day });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones and rejects anything else', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(42 as unknown as string)).toBe(false);
  });
});

describe('addDays', () => {
  it('crosses months and years', () => {
    expect(addDays(2025, 12, 31, 1)).toEqual({ year: 2026, month: 1, day: 1 });
    expect(addDays(2025, 3, 1, -1)).toEqual({ year: 2025, month: 2, day: 28 });
  });
});
