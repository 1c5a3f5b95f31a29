import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  blockEndsBetween,
  currentOrNextBlock,
  focusRuns,
  focusStateAt,
  nextFocusChangeMs,
} from '../../../electron/core/schedule';
import type { FocusBlock, FocusOverrides, FocusSchedule } from '../../../electron/core/types';
import { FIXED_NOW_MS } from '../../support/factories';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);
const MIN = 60_000;
const NONE: FocusOverrides = { manualUntilMs: null, endedBlockUntilMs: null, pausedUntilMs: null };
const hm = (h: number, m = 0): number => h * 60 + m;
const block = (weekday: number, start: number, end: number): FocusBlock => ({
  weekday,
  startMin: start,
  endMin: end,
});
const sched = (timeZone: string, ...blocks: FocusBlock[]): FocusSchedule => ({ timeZone, blocks });

// 2025-06-04 (FIXED_NOW) is a Wednesday; 12:00 in Berlin.
const workday = sched(
  'Europe/Berlin',
  ...[1, 2, 3, 4, 5].flatMap((d) => [block(d, hm(9), hm(12)), block(d, hm(13, 30), hm(17))]),
);

describe('focusStateAt', () => {
  it('is on inside a block, until its end', () => {
    const now = utc(2025, 6, 4, 8, 0); // 10:00 Berlin
    expect(focusStateAt(workday, NONE, now)).toEqual({
      on: true,
      untilMs: utc(2025, 6, 4, 10, 0),
      origin: 'schedule',
      paused: false,
      pausedUntilMs: null,
    });
  });

  it('is off between blocks, until the next start; block end is exclusive', () => {
    expect(focusStateAt(workday, NONE, FIXED_NOW_MS)).toEqual({
      on: false,
      untilMs: utc(2025, 6, 4, 11, 30),
      origin: 'none',
      paused: false,
      pausedUntilMs: null,
    });
  });

  it('merges adjacent blocks, also across midnight', () => {
    const s = sched('Europe/Berlin', block(1, hm(22), 1440), block(2, 0, hm(2)), block(2, hm(1), hm(3)));
    // Mon 2025-06-02 23:00 Berlin = 21:00Z.
    const st = focusStateAt(s, NONE, utc(2025, 6, 2, 21, 0));
    expect(st.on).toBe(true);
    expect(st.untilMs).toBe(utc(2025, 6, 3, 1, 0)); // Tue 03:00 Berlin
    expect(currentOrNextBlock(s, utc(2025, 6, 2, 21, 0))).toEqual({
      startMs: utc(2025, 6, 2, 20, 0),
      endMs: utc(2025, 6, 3, 1, 0),
    });
  });

  it('manual focus wins and reports its own end', () => {
    const st = focusStateAt(workday, { ...NONE, manualUntilMs: FIXED_NOW_MS + 30 * MIN }, FIXED_NOW_MS);
    expect(st).toMatchObject({ on: true, origin: 'manual', untilMs: FIXED_NOW_MS + 30 * MIN });
    // Expired manual focus is ignored.
    expect(focusStateAt(workday, { ...NONE, manualUntilMs: FIXED_NOW_MS }, FIXED_NOW_MS).on).toBe(false);
  });

  it('a block ended early stays off until it would have ended, then the next one counts', () => {
    const now = utc(2025, 6, 4, 8, 0);
    const ended = { ...NONE, endedBlockUntilMs: utc(2025, 6, 4, 10, 0) };
    expect(focusStateAt(workday, ended, now)).toMatchObject({ on: false, untilMs: utc(2025, 6, 4, 11, 30) });
    expect(focusStateAt(workday, ended, utc(2025, 6, 4, 12, 0)).on).toBe(true);
    // An ended mark for another block does not affect this one.
    expect(focusStateAt(workday, { ...NONE, endedBlockUntilMs: utc(2025, 6, 3, 10, 0) }, now).on).toBe(true);
  });

  it('reports pause separately from focus', () => {
    const paused = { ...NONE, pausedUntilMs: FIXED_NOW_MS + MIN };
    expect(focusStateAt(workday, paused, FIXED_NOW_MS)).toMatchObject({
      on: false,
      paused: true,
      pausedUntilMs: FIXED_NOW_MS + MIN,
    });
    expect(focusStateAt(workday, { ...NONE, pausedUntilMs: FIXED_NOW_MS }, FIXED_NOW_MS).paused).toBe(false);
  });

  it('follows a change of time zone', () => {
    const ny = { ...workday, timeZone: 'America/New_York' };
    // 10:00Z is 06:00 in New York: off; 14:00Z is 10:00: on.
    expect(focusStateAt(ny, NONE, FIXED_NOW_MS).on).toBe(false);
    expect(focusStateAt(ny, NONE, utc(2025, 6, 4, 14, 0)).on).toBe(true);
  });

  it('treats an invalid zone or empty schedule as never in focus', () => {
    expect(focusStateAt({ ...workday, timeZone: 'Nowhere/Land' }, NONE, FIXED_NOW_MS).on).toBe(false);
    expect(focusStateAt(sched('UTC'), NONE, FIXED_NOW_MS)).toMatchObject({ on: false, untilMs: null });
  });
});

/** 2025 transition days are all Sundays (weekday 0). */
describe('focus on DST transition days', () => {
  const at = (s: FocusSchedule, ms: number): boolean => focusStateAt(s, NONE, ms).on;

  it('America/New_York spring forward (Mar 9): a start in the skipped hour moves forward', () => {
    const s = sched('America/New_York', block(0, hm(2, 30), hm(5)));
    expect(at(s, utc(2025, 3, 9, 6, 59))).toBe(false); // 01:59 EST
    expect(at(s, utc(2025, 3, 9, 7, 0))).toBe(false); // 03:00 EDT (02:00 skipped)
    expect(at(s, utc(2025, 3, 9, 7, 30))).toBe(true); // 03:30 EDT = "02:30" moved forward
    expect(focusStateAt(s, NONE, utc(2025, 3, 9, 7, 30)).untilMs).toBe(utc(2025, 3, 9, 9, 0)); // 05:00 EDT
    const across = sched('America/New_York', block(0, hm(1), hm(4)));
    expect(at(across, utc(2025, 3, 9, 6, 30))).toBe(true); // 01:30 EST
    expect(at(across, utc(2025, 3, 9, 7, 10))).toBe(true); // 03:10 EDT
    expect(currentOrNextBlock(across, utc(2025, 3, 9, 6, 30))).toEqual({
      startMs: utc(2025, 3, 9, 6, 0),
      endMs: utc(2025, 3, 9, 8, 0), // 3 wall hours, 2 real hours
    });
  });

  it('America/New_York fall back (Nov 2): the repeated hour uses its first occurrence for edges', () => {
    const s = sched('America/New_York', block(0, hm(1, 30), hm(3)));
    expect(at(s, utc(2025, 11, 2, 5, 29))).toBe(false); // 01:29 EDT
    expect(at(s, utc(2025, 11, 2, 5, 30))).toBe(true); // 01:30 EDT
    expect(at(s, utc(2025, 11, 2, 6, 15))).toBe(true); // 01:15 EST, inside the repeated hour
    expect(at(s, utc(2025, 11, 2, 7, 59))).toBe(true); // 02:59 EST
    expect(at(s, utc(2025, 11, 2, 8, 0))).toBe(false); // 03:00 EST
    const early = sched('America/New_York', block(0, 0, hm(1, 30)));
    expect(at(early, utc(2025, 11, 2, 5, 15))).toBe(true); // 01:15 EDT
    expect(at(early, utc(2025, 11, 2, 6, 15))).toBe(false); // 01:15 EST: the block ended at the first 01:30
  });

  it('Europe/Berlin spring forward (Mar 30)', () => {
    const s = sched('Europe/Berlin', block(0, hm(2), hm(2, 30)), block(0, hm(9), hm(12)));
    // 02:00-02:30 is skipped entirely: the block moves forward to 03:00-03:30 CEST.
    expect(at(s, utc(2025, 3, 30, 0, 59))).toBe(false); // 01:59 CET
    expect(at(s, utc(2025, 3, 30, 1, 0))).toBe(true); // 03:00 CEST
    expect(at(s, utc(2025, 3, 30, 1, 30))).toBe(false);
    expect(at(s, utc(2025, 3, 30, 7, 0))).toBe(true); // 09:00 CEST
    expect(at(s, utc(2025, 3, 30, 6, 59))).toBe(false);
    // 02:30-03:00 is jumped over entirely: no focus that night at all.
    const gone = sched('Europe/Berlin', block(0, hm(2, 30), hm(3)));
    expect(blockEndsBetween(gone, utc(2025, 3, 29, 12), utc(2025, 3, 30, 12))).toEqual([]);
    expect(at(gone, utc(2025, 3, 30, 1, 0))).toBe(false);
    expect(at(gone, utc(2025, 3, 30, 1, 30))).toBe(false);
  });

  it('Europe/Berlin fall back (Oct 26)', () => {
    const s = sched('Europe/Berlin', block(0, hm(2, 30), hm(3)));
    expect(at(s, utc(2025, 10, 26, 0, 29))).toBe(false); // 02:29 CEST
    expect(at(s, utc(2025, 10, 26, 0, 30))).toBe(true); // 02:30 CEST
    expect(at(s, utc(2025, 10, 26, 1, 30))).toBe(true); // 02:30 CET (repeated)
    expect(at(s, utc(2025, 10, 26, 2, 0))).toBe(false); // 03:00 CET
  });

  it('Australia/Lord_Howe 30-minute shifts (Apr 6 back, Oct 5 forward)', () => {
    const back = sched('Australia/Lord_Howe', block(0, hm(1, 45), hm(3)));
    expect(at(back, utc(2025, 4, 5, 14, 44))).toBe(false); // 01:44 +11
    expect(at(back, utc(2025, 4, 5, 14, 45))).toBe(true); // 01:45 +11
    expect(at(back, utc(2025, 4, 5, 15, 10))).toBe(true); // 01:40 +10:30 (repeated half hour)
    expect(at(back, utc(2025, 4, 5, 16, 30))).toBe(false); // 03:00 +10:30
    const fwd = sched('Australia/Lord_Howe', block(0, hm(2, 10), hm(4)));
    expect(at(fwd, utc(2025, 10, 4, 15, 29))).toBe(false); // 01:59 +10:30
    expect(at(fwd, utc(2025, 10, 4, 15, 35))).toBe(false); // 02:35 +11 (02:00-02:30 skipped)
    expect(at(fwd, utc(2025, 10, 4, 15, 40))).toBe(true); // 02:40 +11 = "02:10" moved forward
    expect(at(fwd, utc(2025, 10, 4, 16, 59))).toBe(true);
    expect(at(fwd, utc(2025, 10, 4, 17, 0))).toBe(false); // 04:00 +11
  });

  it('property: the state holds until nextFocusChangeMs, on every transition day', () => {
    const days: [string, number][] = [
      ['America/New_York', utc(2025, 3, 9, 5)],
      ['America/New_York', utc(2025, 11, 2, 4)],
      ['Europe/Berlin', utc(2025, 3, 29, 23)],
      ['Europe/Berlin', utc(2025, 10, 25, 22)],
      ['Australia/Lord_Howe', utc(2025, 4, 5, 13)],
      ['Australia/Lord_Howe', utc(2025, 10, 4, 13)],
    ];
    const blockArb = fc
      .record({
        weekday: fc.constantFrom(0, 0, 0, 6, 1),
        start: fc.integer({ min: 0, max: 47 }),
        len: fc.integer({ min: 1, max: 12 }),
      })
      .map(({ weekday, start, len }) => block(weekday, start * 30, Math.min(1440, start * 30 + len * 30)));
    fc.assert(
      fc.property(
        fc.constantFrom(...days),
        fc.array(blockArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 8 * 60 }),
        ([tz, base], blocks, offsetMin) => {
          const s = sched(tz, ...blocks);
          const now = base + offsetMin * MIN;
          const st = focusStateAt(s, NONE, now);
          if (st.on) expect(st.untilMs).toBeGreaterThan(now);
          const next = nextFocusChangeMs(s, NONE, now);
          if (next === null) return;
          expect(next).toBeGreaterThan(now);
          for (const probe of [now + 1, Math.floor((now + next) / 2), next - 1]) {
            if (probe > now && probe < next) expect(focusStateAt(s, NONE, probe).on).toBe(st.on);
          }
          // At the change the state differs, unless two runs touch only after a DST shift.
          const after = focusStateAt(s, NONE, next);
          if (after.on === st.on) expect(after.untilMs).not.toBe(st.untilMs);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('currentOrNextBlock', () => {
  it('returns the current run, else the next within 8 days, else null', () => {
    expect(currentOrNextBlock(workday, utc(2025, 6, 4, 8))).toEqual({
      startMs: utc(2025, 6, 4, 7),
      endMs: utc(2025, 6, 4, 10),
    });
    // Friday 18:00 Berlin → Monday 09:00.
    expect(currentOrNextBlock(workday, utc(2025, 6, 6, 16))).toEqual({
      startMs: utc(2025, 6, 9, 7),
      endMs: utc(2025, 6, 9, 10),
    });
    expect(currentOrNextBlock(sched('UTC'), FIXED_NOW_MS)).toBeNull();
  });

  it('answers the same from its memo as from a fresh expansion, hour by hour over five weeks', () => {
    const s = sched('America/New_York', block(0, hm(1), hm(3)), block(3, hm(22), 1440), block(4, 0, hm(1)));
    for (let t = utc(2025, 2, 20); t < utc(2025, 3, 27); t += 3_600_000 + 7 * MIN) {
      const fresh = focusRuns(s, t - 7 * 86_400_000, t + 8 * 86_400_000).find((r) => r.endMs > t) ?? null;
      expect(currentOrNextBlock(s, t)).toEqual(fresh);
      const to = t + 2 * 86_400_000;
      const freshEnds = focusRuns(s, t, to)
        .map((r) => r.endMs)
        .filter((e) => e > t && e <= to);
      expect(blockEndsBetween(s, t, to)).toEqual(freshEnds);
    }
  });

  it('ignores malformed blocks', () => {
    const s = sched('UTC', block(9, 0, 60), block(1, 600, 500), block(3, -5, 20), block(3, hm(11), hm(12)));
    expect(currentOrNextBlock(s, FIXED_NOW_MS)).toEqual({
      startMs: utc(2025, 6, 4, 11),
      endMs: utc(2025, 6, 4, 12),
    });
  });
});

describe('blockEndsBetween', () => {
  it('lists run ends in (from, to], ascending', () => {
    expect(blockEndsBetween(workday, utc(2025, 6, 4, 0), utc(2025, 6, 5, 10))).toEqual([
      utc(2025, 6, 4, 10),
      utc(2025, 6, 4, 15),
      utc(2025, 6, 5, 10),
    ]);
    expect(blockEndsBetween(workday, utc(2025, 6, 4, 10), utc(2025, 6, 4, 14, 59))).toEqual([]);
    expect(blockEndsBetween(workday, utc(2025, 6, 4, 10), utc(2025, 6, 4, 9))).toEqual([]);
  });

  it('counts merged runs once', () => {
    const s = sched('UTC', block(3, hm(9), hm(10)), block(3, hm(10), hm(11)));
    expect(blockEndsBetween(s, utc(2025, 6, 4), utc(2025, 6, 5))).toEqual([utc(2025, 6, 4, 11)]);
  });
});

describe('nextFocusChangeMs', () => {
  it('is the nearest of block start/end, manual end and pause end', () => {
    expect(nextFocusChangeMs(workday, NONE, FIXED_NOW_MS)).toBe(utc(2025, 6, 4, 11, 30));
    expect(nextFocusChangeMs(workday, NONE, utc(2025, 6, 4, 8))).toBe(utc(2025, 6, 4, 10));
    expect(nextFocusChangeMs(workday, { ...NONE, manualUntilMs: FIXED_NOW_MS + MIN }, FIXED_NOW_MS)).toBe(
      FIXED_NOW_MS + MIN,
    );
    expect(nextFocusChangeMs(workday, { ...NONE, pausedUntilMs: FIXED_NOW_MS + 2 * MIN }, FIXED_NOW_MS)).toBe(
      FIXED_NOW_MS + 2 * MIN,
    );
    expect(nextFocusChangeMs(sched('UTC'), NONE, FIXED_NOW_MS)).toBeNull();
  });
});
