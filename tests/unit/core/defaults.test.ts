import { describe, expect, it } from 'vitest';
import { SCHEDULE_PRESETS, defaultRules, defaultSettings } from '../../../electron/core/defaults';
import { validateCadence } from '../../../electron/core/cadence';
import { compileRules, decide } from '../../../electron/core/rules';
import { focusStateAt } from '../../../electron/core/schedule';
import { BreakthroughLog, ContactWindow } from '../../../electron/core/contacts';
import { FIXED_NOW_MS, makeItem } from '../../support/factories';

describe('defaultSettings', () => {
  it('is the documented first-run setup', () => {
    const s = defaultSettings('Europe/Berlin');
    expect(s.schedule.timeZone).toBe('Europe/Berlin');
    expect(s.schedule.blocks).toHaveLength(10);
    expect(s.schedule.blocks.filter((b) => b.weekday === 1)).toEqual([
      { weekday: 1, startMin: 540, endMin: 720 },
      { weekday: 1, startMin: 810, endMin: 1020 },
    ]);
    expect(s.batching).toEqual({
      cadence: { kind: 'every', hours: 3 },
      releaseAtFocusEnd: true,
      outsideFocus: 'deliver',
      maxWaitMin: 240,
    });
    expect(s.general).toEqual({
      startAtLogin: false,
      sounds: true,
      retentionDays: 30,
      globalShortcut: 'CommandOrControl+Shift+L',
      theme: 'system',
    });
    expect(validateCadence(s.batching.cadence, s.schedule.timeZone)).toBeNull();
    // FIXED_NOW is Wednesday 12:00 in Berlin: between the blocks.
    const none = { manualUntilMs: null, endedBlockUntilMs: null, pausedUntilMs: null };
    expect(focusStateAt(s.schedule, none, FIXED_NOW_MS).on).toBe(false);
    expect(focusStateAt(s.schedule, none, FIXED_NOW_MS - 60 * 60_000).on).toBe(true);
  });
});

describe('defaultRules', () => {
  it('has VIPs (off), repeat, and held newsletters, with unique ids', () => {
    const rules = defaultRules();
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rules.find((r) => r.id === 'vips')).toMatchObject({ enabled: false, action: 'deliver' });
    expect(rules.find((r) => r.id === 'repeat')).toMatchObject({
      action: 'deliver',
      limitPerHour: 3,
      match: { repeat: { count: 3, withinMin: 5 } },
    });
    expect(rules.find((r) => r.id === 'newsletters')).toMatchObject({
      action: 'hold',
      match: { hints: ['bulk'] },
    });
  });

  it('holds a newsletter even outside focus', () => {
    const d = decide(
      compileRules(defaultRules()),
      makeItem({ hints: { bulk: true } }),
      {
        focus: { on: false, untilMs: null, origin: 'none', paused: false, pausedUntilMs: null },
        outsideFocus: 'deliver',
        personKey: 'alice@example.com',
        contacts: new ContactWindow(),
        breakthroughs: new BreakthroughLog(),
      },
      FIXED_NOW_MS,
    );
    expect(d).toMatchObject({ action: 'hold', ruleId: 'newsletters' });
  });
});

describe('SCHEDULE_PRESETS', () => {
  it('have unique ids and valid blocks', () => {
    expect(new Set(SCHEDULE_PRESETS.map((p) => p.id)).size).toBe(SCHEDULE_PRESETS.length);
    for (const p of SCHEDULE_PRESETS) {
      for (const b of p.blocks) {
        expect(b.startMin).toBeLessThan(b.endMin);
        expect(b.endMin).toBeLessThanOrEqual(1440);
      }
    }
  });
});
