import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_SLOTS,
  cadenceToCron,
  nextSlots,
  slotsBetween,
  validateCadence,
} from '../../../electron/core/cadence';
import { zonedParts } from '../../../electron/core/tz';
import type { Cadence } from '../../../electron/core/types';
import { FIXED_NOW_MS } from '../../support/factories';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);
const H = 3_600_000;

describe('validateCadence', () => {
  it('accepts the presets, fixed times and cron', () => {
    for (const hours of [1, 2, 3, 4] as const)
      expect(validateCadence({ kind: 'every', hours }, 'UTC')).toBeNull();
    expect(
      validateCadence({ kind: 'times', times: ['10:00', '13:30', '16:00'] }, 'Europe/Berlin'),
    ).toBeNull();
    expect(validateCadence({ kind: 'cron', expr: '0 */2 * * 1-5' }, 'Europe/Berlin')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(validateCadence({ kind: 'every', hours: 5 as 1 }, 'UTC')).toBe(
      'every: hours must be 1, 2, 3 or 4, not 5',
    );
    expect(validateCadence({ kind: 'times', times: [] }, 'UTC')).toBe('times: add at least one time of day');
    expect(validateCadence({ kind: 'times', times: ['10:00', '25:00'] }, 'UTC')).toBe(
      "times[1]: '25:00' is not a time of day as HH:MM (00:00-23:59)",
    );
    expect(validateCadence({ kind: 'cron', expr: '61 * * * *' }, 'UTC')).toBe(
      'cron: minute field: 61 is out of range 0-59',
    );
  });

  it('reports an unknown kind from unvalidated data instead of throwing', () => {
    expect(validateCadence({ kind: 'weekly' } as unknown as Cadence, 'UTC')).toBe(
      "cadence kind 'weekly' is not every, times or cron",
    );
    expect(nextSlots({ kind: 'weekly' } as unknown as Cadence, 'UTC', FIXED_NOW_MS, 3)).toEqual([]);
  });

  it('rejects an unknown time zone (node-cron would accept it silently)', () => {
    expect(validateCadence({ kind: 'every', hours: 1 }, 'Europe/Atlantis')).toBe(
      "time zone 'Europe/Atlantis' is not a known IANA time zone",
    );
  });
});

describe('nextSlots', () => {
  it("'every' aligns to local hours divisible by N", () => {
    // FIXED_NOW is 12:00 Berlin.
    expect(nextSlots({ kind: 'every', hours: 3 }, 'Europe/Berlin', FIXED_NOW_MS, 3)).toEqual([
      utc(2025, 6, 4, 13),
      utc(2025, 6, 4, 16),
      utc(2025, 6, 4, 19),
    ]);
    // Kolkata is +05:30: local hours are UTC half hours.
    expect(nextSlots({ kind: 'every', hours: 4 }, 'Asia/Kolkata', FIXED_NOW_MS, 1)).toEqual([
      utc(2025, 6, 4, 10, 30),
    ]);
  });

  it("'times' fires at those local times daily", () => {
    expect(
      nextSlots({ kind: 'times', times: ['16:00', '10:00', '13:30'] }, 'Europe/Berlin', FIXED_NOW_MS, 4),
    ).toEqual([utc(2025, 6, 4, 11, 30), utc(2025, 6, 4, 14), utc(2025, 6, 5, 8), utc(2025, 6, 5, 11, 30)]);
  });

  it("'cron' follows the expression", () => {
    expect(nextSlots({ kind: 'cron', expr: '0 9 * * mon' }, 'UTC', FIXED_NOW_MS, 2)).toEqual([
      utc(2025, 6, 9, 9),
      utc(2025, 6, 16, 9),
    ]);
  });

  it('caps the count', () => {
    expect(nextSlots({ kind: 'cron', expr: '* * * * * *' }, 'UTC', FIXED_NOW_MS, 1e9)).toHaveLength(
      MAX_SLOTS,
    );
  });

  it('is empty for an invalid cadence or zone', () => {
    expect(nextSlots({ kind: 'cron', expr: 'nope' }, 'UTC', FIXED_NOW_MS, 3)).toEqual([]);
    expect(nextSlots({ kind: 'every', hours: 1 }, 'Nowhere/Land', FIXED_NOW_MS, 3)).toEqual([]);
  });

  describe('on DST days', () => {
    it("New York spring forward: 'every 2' moves the skipped 02:00 to 03:00", () => {
      expect(nextSlots({ kind: 'every', hours: 2 }, 'America/New_York', utc(2025, 3, 9, 4), 3)).toEqual([
        utc(2025, 3, 9, 5), // 00:00 EST
        utc(2025, 3, 9, 7), // 03:00 EDT ("02:00")
        utc(2025, 3, 9, 8), // 04:00 EDT
      ]);
    });

    it("New York fall back: 'every 1' fires once in the repeated hour", () => {
      expect(nextSlots({ kind: 'every', hours: 1 }, 'America/New_York', utc(2025, 11, 2, 4), 3)).toEqual([
        utc(2025, 11, 2, 5), // 01:00 EDT
        utc(2025, 11, 2, 7), // 02:00 EST
        utc(2025, 11, 2, 8),
      ]);
    });

    it("Berlin: 'times' inside the skipped and repeated hours", () => {
      const c: Cadence = { kind: 'times', times: ['02:30', '09:00'] };
      expect(nextSlots(c, 'Europe/Berlin', utc(2025, 3, 29, 12), 2)).toEqual([
        utc(2025, 3, 30, 1, 30), // 03:30 CEST
        utc(2025, 3, 30, 7),
      ]);
      expect(nextSlots(c, 'Europe/Berlin', utc(2025, 10, 25, 12), 2)).toEqual([
        utc(2025, 10, 26, 0, 30), // 02:30 CEST, first of two
        utc(2025, 10, 26, 8),
      ]);
    });

    it("Lord Howe: 'every 1' and 'times' around the 30-minute shifts", () => {
      expect(
        nextSlots({ kind: 'every', hours: 1 }, 'Australia/Lord_Howe', utc(2025, 4, 5, 13, 30), 3),
      ).toEqual([
        utc(2025, 4, 5, 14), // 01:00 +11
        utc(2025, 4, 5, 15, 30), // 02:00 +10:30
        utc(2025, 4, 5, 16, 30),
      ]);
      expect(
        nextSlots({ kind: 'times', times: ['02:15'] }, 'Australia/Lord_Howe', utc(2025, 10, 4, 12), 1),
      ).toEqual([
        utc(2025, 10, 4, 15, 45), // 02:45 +11
      ]);
      expect(nextSlots({ kind: 'every', hours: 2 }, 'Australia/Lord_Howe', utc(2025, 10, 4, 14), 2)).toEqual([
        utc(2025, 10, 4, 15, 30), // 02:00 skipped → 02:30 +11
        utc(2025, 10, 4, 17), // 04:00 +11
      ]);
    });
  });
});

describe('slotsBetween', () => {
  it('lists slots in (from, to], at most limit', () => {
    const c: Cadence = { kind: 'every', hours: 1 };
    expect(slotsBetween(c, 'UTC', FIXED_NOW_MS, FIXED_NOW_MS + 3 * H, 10)).toEqual([
      FIXED_NOW_MS + H,
      FIXED_NOW_MS + 2 * H,
      FIXED_NOW_MS + 3 * H,
    ]);
    expect(slotsBetween(c, 'UTC', FIXED_NOW_MS, FIXED_NOW_MS + 3 * H, 2)).toHaveLength(2);
    expect(slotsBetween(c, 'UTC', FIXED_NOW_MS, FIXED_NOW_MS, 5)).toEqual([]);
  });
});

describe('cadenceToCron', () => {
  it('gives node-cron wake-up expressions', () => {
    expect(cadenceToCron({ kind: 'every', hours: 2 })).toEqual(['0 */2 * * *']);
    expect(cadenceToCron({ kind: 'times', times: ['16:00', '10:00', '13:30'] })).toEqual([
      '0 10,16 * * *',
      '30 13 * * *',
    ]);
    expect(cadenceToCron({ kind: 'cron', expr: ' 0 9 * * 1 ' })).toEqual(['0 9 * * 1']);
    expect(cadenceToCron({ kind: 'cron', expr: 'bad' })).toEqual([]);
  });
});

describe('properties', () => {
  const cadences: Cadence[] = [
    { kind: 'every', hours: 1 },
    { kind: 'every', hours: 2 },
    { kind: 'every', hours: 3 },
    { kind: 'every', hours: 4 },
    { kind: 'times', times: ['02:30', '10:00', '13:30', '16:00'] },
    { kind: 'times', times: ['01:45', '02:15'] },
    { kind: 'cron', expr: '*/45 * * * *' },
    { kind: 'cron', expr: '0 8-18/2 * * 1-5' },
  ];
  const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'UTC'];
  const transitions = [
    utc(2025, 3, 9, 7),
    utc(2025, 11, 2, 6),
    utc(2025, 3, 30, 1),
    utc(2025, 10, 26, 1),
    utc(2025, 4, 5, 15),
    utc(2025, 10, 4, 15, 30),
  ];

  it('nextSlots is strictly increasing and agrees with slotsBetween (around DST transitions)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...cadences),
        fc.constantFrom(...zones),
        fc.constantFrom(...transitions),
        fc.integer({ min: -36 * 60, max: 36 * 60 }),
        (cadence, tz, base, offsetMin) => {
          const after = base + offsetMin * 60_000;
          const slots = nextSlots(cadence, tz, after, 10);
          expect(slots).toHaveLength(10);
          let last = after;
          for (const s of slots) {
            expect(s).toBeGreaterThan(last);
            last = s;
          }
          const to = slots[slots.length - 1] ?? after;
          expect(slotsBetween(cadence, tz, after, to, 100)).toEqual(slots);
          // Continuing from any slot gives the rest of the sequence.
          const mid = slots[4] ?? after;
          expect(nextSlots(cadence, tz, mid, 5)).toEqual(slots.slice(5));
          if (cadence.kind === 'every' && tz !== 'Australia/Lord_Howe') {
            for (const s of slots) expect(zonedParts(s, tz).minute).toBe(0);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
