import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blockEndsBetween } from '../../../electron/core/schedule';
import { slotsBetween } from '../../../electron/core/cadence';
import { latestDueSlot, nextReleaseAtMs, planRelease } from '../../../electron/core/plan';
import type { PlanInput } from '../../../electron/core/plan';
import type { Cadence, FocusSchedule } from '../../../electron/core/types';
import { FIXED_NOW_MS } from '../../support/factories';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);
const MIN = 60_000;
const H = 60 * MIN;

const noSchedule: FocusSchedule = { timeZone: 'UTC', blocks: [] };
// Wednesday 09:00-11:30 UTC.
const wed: FocusSchedule = { timeZone: 'UTC', blocks: [{ weekday: 3, startMin: 540, endMin: 690 }] };
const every3: Cadence = { kind: 'every', hours: 3 };

function input(partial: Partial<PlanInput> = {}): PlanInput {
  return {
    cadence: every3,
    timeZone: 'UTC',
    schedule: noSchedule,
    releaseAtFocusEnd: false,
    lastSlotMs: null,
    nowMs: FIXED_NOW_MS,
    heldCount: 0,
    oldestHeldAtMs: null,
    maxWaitMin: 240,
    ...partial,
  };
}

describe('latestDueSlot', () => {
  it('is the newest slot after the ledger, up to now', () => {
    // FIXED_NOW is 10:00 UTC; every 3 h → 09:00 is the newest.
    expect(latestDueSlot(input({ lastSlotMs: utc(2025, 6, 4, 6) }))).toBe(utc(2025, 6, 4, 9));
    expect(latestDueSlot(input({ lastSlotMs: utc(2025, 6, 4, 9) }))).toBeNull();
    expect(latestDueSlot(input({ nowMs: utc(2025, 6, 4, 9), lastSlotMs: utc(2025, 6, 4, 6) }))).toBe(
      utc(2025, 6, 4, 9),
    );
  });

  it('collapses many missed slots into one (the newest)', () => {
    expect(latestDueSlot(input({ lastSlotMs: utc(2025, 5, 20, 0) }))).toBe(utc(2025, 6, 4, 9));
  });

  it('without a ledger looks back at most lookbackMs', () => {
    expect(latestDueSlot(input({ lookbackMs: 30 * MIN }))).toBeNull();
    expect(latestDueSlot(input({ lookbackMs: 2 * H }))).toBe(utc(2025, 6, 4, 9));
    expect(latestDueSlot(input())).toBe(utc(2025, 6, 4, 9));
  });

  it('counts focus-block ends when releaseAtFocusEnd', () => {
    const at = utc(2025, 6, 4, 11, 31);
    const base = input({ schedule: wed, nowMs: at, lastSlotMs: utc(2025, 6, 4, 9) });
    expect(latestDueSlot(base)).toBeNull();
    expect(latestDueSlot({ ...base, releaseAtFocusEnd: true })).toBe(utc(2025, 6, 4, 11, 30));
  });

  it('finds nothing due while the ledger is ahead of a clock set back', () => {
    expect(latestDueSlot(input({ lastSlotMs: FIXED_NOW_MS + H }))).toBeNull();
  });

  it('finds sparse cron slots long ago', () => {
    const yearly: Cadence = { kind: 'cron', expr: '0 0 1 1 *' };
    expect(latestDueSlot(input({ cadence: yearly, lastSlotMs: utc(2024, 6, 1) }))).toBe(utc(2025, 1, 1));
    expect(latestDueSlot(input({ cadence: yearly, lastSlotMs: utc(2025, 1, 1) }))).toBeNull();
  });
});

describe('planRelease', () => {
  it("releases at a slot on time as 'slot', late as 'catch-up'", () => {
    const ledger = utc(2025, 6, 4, 6);
    expect(planRelease(input({ lastSlotMs: ledger, nowMs: utc(2025, 6, 4, 9, 1), heldCount: 2 }))).toEqual({
      release: true,
      trigger: 'slot',
      slotMs: utc(2025, 6, 4, 9),
    });
    expect(planRelease(input({ lastSlotMs: ledger, heldCount: 2 }))).toEqual({
      release: true,
      trigger: 'catch-up',
      slotMs: utc(2025, 6, 4, 9),
    });
    expect(planRelease(input({ lastSlotMs: ledger, heldCount: 2, graceMs: 2 * H }))).toMatchObject({
      trigger: 'slot',
    });
  });

  it('still settles a due slot with nothing held', () => {
    expect(planRelease(input({ lastSlotMs: utc(2025, 6, 4, 6) }))).toEqual({
      release: true,
      trigger: 'catch-up',
      slotMs: utc(2025, 6, 4, 9),
    });
  });

  it('applies the hard cap when no slot is due', () => {
    const ledger = utc(2025, 6, 4, 9);
    expect(
      planRelease(input({ lastSlotMs: ledger, heldCount: 1, oldestHeldAtMs: FIXED_NOW_MS - 240 * MIN })),
    ).toEqual({ release: true, trigger: 'cap', slotMs: null });
    expect(
      planRelease(input({ lastSlotMs: ledger, heldCount: 1, oldestHeldAtMs: FIXED_NOW_MS - 240 * MIN + 1 })),
    ).toEqual({ release: false });
    expect(
      planRelease(input({ lastSlotMs: ledger, heldCount: 0, oldestHeldAtMs: FIXED_NOW_MS - 300 * MIN })),
    ).toEqual({ release: false });
  });
});

describe('nextReleaseAtMs', () => {
  const base = {
    cadence: every3,
    timeZone: 'UTC',
    schedule: wed,
    releaseAtFocusEnd: false,
    nowMs: FIXED_NOW_MS,
    oldestHeldAtMs: null,
    maxWaitMin: 240,
  };
  it('is the earliest of next slot, focus end and cap', () => {
    expect(nextReleaseAtMs(base)).toBe(utc(2025, 6, 4, 12));
    expect(nextReleaseAtMs({ ...base, releaseAtFocusEnd: true })).toBe(utc(2025, 6, 4, 11, 30));
    expect(nextReleaseAtMs({ ...base, oldestHeldAtMs: FIXED_NOW_MS - 239 * MIN })).toBe(FIXED_NOW_MS + MIN);
    expect(nextReleaseAtMs({ ...base, cadence: { kind: 'cron', expr: 'bad' } })).toBeNull();
  });
});

/**
 * A tiny engine: items are held, the "scheduler" wakes at nextReleaseAtMs (unless asleep), and each
 * wake asks planRelease; a release moves every held item into one batch and settles the ledger.
 */
describe('batch invariants (property)', () => {
  type Event =
    { kind: 'ingest'; afterMin: number } | { kind: 'sleep'; forMin: number } | { kind: 'release-now' };
  const eventArb: fc.Arbitrary<Event> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('ingest' as const),
        afterMin: fc.integer({ min: 0, max: 200 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('sleep' as const),
        forMin: fc.integer({ min: 1, max: 3000 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('release-now' as const) }) },
  );
  const cadences: Cadence[] = [
    { kind: 'every', hours: 1 },
    { kind: 'every', hours: 4 },
    { kind: 'times', times: ['02:30', '10:00', '16:00'] },
    { kind: 'cron', expr: '0 12 * * 1' },
  ];
  const schedules: FocusSchedule[] = [
    {
      timeZone: 'America/New_York',
      blocks: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, startMin: 60, endMin: 200 })),
    },
    {
      timeZone: 'Europe/Berlin',
      blocks: [
        { weekday: 0, startMin: 120, endMin: 180 },
        { weekday: 1, startMin: 540, endMin: 720 },
      ],
    },
    { timeZone: 'Australia/Lord_Howe', blocks: [] },
  ];
  const starts = [
    utc(2025, 3, 8, 20),
    utc(2025, 11, 1, 20),
    utc(2025, 3, 29, 12),
    utc(2025, 4, 5, 6),
    utc(2025, 10, 4, 6),
  ];

  it('every held item is released exactly once; releases happen only at slots, by catch-up, cap or release-now', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...cadences),
        fc.constantFrom(...schedules),
        fc.boolean(),
        fc.constantFrom(60, 240),
        fc.constantFrom(...starts),
        fc.array(eventArb, { minLength: 1, maxLength: 25 }),
        (cadence, schedule, releaseAtFocusEnd, maxWaitMin, start, events) => {
          const tz = schedule.timeZone;
          let now = start;
          let ledger: number | null = null;
          let held: { id: number; atMs: number }[] = [];
          const releasedIn = new Map<number, number>();
          const batches: { atMs: number; trigger: string; ids: number[] }[] = [];
          const settledSlots = new Set<number>();
          let nextId = 0;
          let justWoke = false;
          let lastSleepEndMs = -Infinity;

          const release = (trigger: string): void => {
            if (held.length === 0) return; // a batch is never empty
            const ids = held.map((h) => h.id);
            // Hard cap: awake, nobody waits longer than maxWaitMin.
            for (const h of held)
              if (h.atMs >= lastSleepEndMs) expect(now - h.atMs).toBeLessThanOrEqual(maxWaitMin * MIN);
            for (const id of ids) {
              expect(releasedIn.has(id)).toBe(false);
              releasedIn.set(id, batches.length);
            }
            batches.push({ atMs: now, trigger, ids });
            held = [];
          };
          const wake = (): void => {
            const plan = planRelease({
              cadence,
              timeZone: tz,
              schedule,
              releaseAtFocusEnd,
              lastSlotMs: ledger,
              nowMs: now,
              heldCount: held.length,
              oldestHeldAtMs: held[0]?.atMs ?? null,
              maxWaitMin,
            });
            if (!plan.release) return;
            if (plan.trigger === 'cap') {
              expect(held.length).toBeGreaterThan(0);
              expect((held[0]?.atMs ?? Infinity) + maxWaitMin * MIN).toBeLessThanOrEqual(now);
            } else {
              const slot = plan.slotMs;
              expect(slot).not.toBeNull();
              if (slot === null) return;
              // A real slot or focus end, after the ledger, never settled before.
              const lower = ledger ?? now - 24 * H;
              const real =
                slotsBetween(cadence, tz, slot - 1, slot, 1).includes(slot) ||
                (releaseAtFocusEnd && blockEndsBetween(schedule, slot - 1, slot).includes(slot));
              expect(real).toBe(true);
              expect(slot).toBeGreaterThan(lower);
              expect(slot).toBeLessThanOrEqual(now);
              expect(settledSlots.has(slot)).toBe(false);
              settledSlots.add(slot);
              if (plan.trigger === 'slot') expect(now - slot).toBeLessThanOrEqual(90_000);
              if (!justWoke && plan.trigger === 'catch-up') {
                // Awake, the scheduler is on time: no catch-up unless a slot came due while asleep.
                expect.fail(`catch-up while awake at ${now}`);
              }
              ledger = slot;
            }
            release(plan.trigger);
            // Asking again at once changes nothing.
            const again = planRelease({
              cadence,
              timeZone: tz,
              schedule,
              releaseAtFocusEnd,
              lastSlotMs: ledger,
              nowMs: now,
              heldCount: held.length,
              oldestHeldAtMs: held[0]?.atMs ?? null,
              maxWaitMin,
            });
            expect(again.release).toBe(false);
          };
          /** Run the scheduler until `until`, waking at each planned release. */
          const advance = (until: number): void => {
            for (let guard = 0; guard < 500; guard++) {
              const next = nextReleaseAtMs({
                cadence,
                timeZone: tz,
                schedule,
                releaseAtFocusEnd,
                nowMs: now,
                oldestHeldAtMs: held[0]?.atMs ?? null,
                maxWaitMin,
              });
              if (next === null || next > until) break;
              now = Math.max(now, next);
              wake();
              justWoke = false;
            }
            now = until;
          };

          // Start: with no ledger, a slot in the last 24 h is caught up once.
          justWoke = true;
          wake();
          justWoke = false;
          for (const e of events) {
            if (e.kind === 'ingest') {
              advance(now + e.afterMin * MIN);
              held.push({ id: nextId++, atMs: now });
            } else if (e.kind === 'sleep') {
              now += e.forMin * MIN; // no wake-ups while asleep
              lastSleepEndMs = now;
              justWoke = true;
              wake(); // start/resume: catch up once
              justWoke = false;
            } else {
              release('manual');
            }
          }
          // Run a few days on: everything still held goes out (by slot or cap).
          advance(now + 8 * 24 * H);
          expect(held).toEqual([]);
          expect(releasedIn.size).toBe(nextId);
          for (const b of batches) expect(b.ids.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
