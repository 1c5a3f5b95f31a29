import { describe, expect, it } from 'vitest';
import type { MenuItemSpec, TrayAction } from '../../../../electron/main/tray/tray-model';
import { resolveTrayAction, TRAY_ICON_KEYS, trayModel } from '../../../../electron/main/tray/tray-model';
import { makeAccount, makeEngineState, SHELL_NOW_MS } from '../../../support/make-engine-state';

const NOW = SHELL_NOW_MS; // Wed 2026-11-25 10:00 UTC
const MIN = 60_000;
const opts = { locale: 'en-GB', timeZone: 'UTC' };

function find(menu: readonly MenuItemSpec[], id: string): Extract<MenuItemSpec, { type: 'normal' }> {
  const it = menu.find((m) => m.id === id);
  if (!it || it.type !== 'normal') throw new Error(`no menu item ${id}`);
  return it;
}

describe('tray icon', () => {
  const cases: [string, Parameters<typeof makeEngineState>[0], string][] = [
    ['idle', {}, 'idle'],
    [
      'focus',
      { focus: { on: true, untilMs: NOW + 25 * MIN, origin: 'manual', paused: false, pausedUntilMs: null } },
      'focus',
    ],
    [
      'focus with items held',
      {
        heldCount: 3,
        focus: { on: true, untilMs: NOW + 25 * MIN, origin: 'manual', paused: false, pausedUntilMs: null },
      },
      'focus-held',
    ],
    [
      'paused',
      { focus: { on: false, untilMs: null, origin: 'none', paused: true, pausedUntilMs: NOW + 60 * MIN } },
      'paused',
    ],
    [
      'attention beats paused',
      {
        focus: { on: false, untilMs: null, origin: 'none', paused: true, pausedUntilMs: null },
        accounts: [
          makeAccount({
            status: { state: 'auth-failed', detail: '', progress: null, retryAtMs: null, certificate: null },
          }),
        ],
      },
      'attention',
    ],
    ['held but not focusing stays idle', { heldCount: 4 }, 'idle'],
  ];
  it.each(cases)('%s', (_name, partial, icon) => {
    expect(trayModel(makeEngineState(partial), NOW, opts).icon).toBe(icon);
  });

  it('covers every icon key', () => {
    const seen = new Set(cases.map((c) => c[2]));
    expect([...seen].sort()).toEqual([...TRAY_ICON_KEYS].sort());
  });

  it('a disabled account with a failure does not ask for attention', () => {
    const state = makeEngineState({
      accounts: [
        makeAccount({
          enabled: false,
          status: { state: 'auth-failed', detail: '', progress: null, retryAtMs: null, certificate: null },
        }),
      ],
    });
    expect(trayModel(state, NOW, opts).icon).toBe('idle');
  });
});

describe('tray tooltip', () => {
  it('names focus end, held count and next batch', () => {
    const state = makeEngineState({
      focus: { on: true, untilMs: NOW + 150 * MIN, origin: 'manual', paused: false, pausedUntilMs: null },
      heldCount: 12,
      nextReleaseAtMs: NOW + 3 * 60 * MIN,
    });
    expect(trayModel(state, NOW, opts).tooltip).toBe('Lull: Focus until 12:30 · 12 held · next batch 13:00');
  });

  it('says not focusing and leaves out an unknown next batch', () => {
    expect(trayModel(makeEngineState(), NOW, opts).tooltip).toBe('Lull: Not focusing · 0 held');
  });

  it('shows the weekday when the time is on another day', () => {
    const state = makeEngineState({
      focus: {
        on: false,
        untilMs: null,
        origin: 'none',
        paused: true,
        pausedUntilMs: Date.UTC(2026, 10, 26, 8, 0),
      },
    });
    expect(trayModel(state, NOW, opts).tooltip).toBe('Lull: Paused until Thu 08:00 · 0 held');
  });

  it('uses the given time zone', () => {
    const state = makeEngineState({ nextReleaseAtMs: NOW + 60 * MIN });
    expect(trayModel(state, NOW, { locale: 'en-GB', timeZone: 'Europe/Berlin' }).tooltip).toContain(
      'next batch 12:00',
    );
  });

  it('adds a status line per account needing attention', () => {
    const state = makeEngineState({
      accounts: [
        makeAccount({
          id: 'a',
          name: 'Work mail',
          status: { state: 'auth-failed', detail: '', progress: null, retryAtMs: null, certificate: null },
        }),
        makeAccount({
          id: 'b',
          name: 'Home',
          status: { state: 'offline', detail: '', progress: null, retryAtMs: null, certificate: null },
        }),
      ],
    });
    const model = trayModel(state, NOW, opts);
    expect(model.tooltip.split('\n')).toEqual(['Lull: Not focusing · 0 held', 'Work mail: sign-in failed']);
    const first = model.menu[0];
    expect(first).toMatchObject({ type: 'normal', label: '⚠ Work mail: sign-in failed…', enabled: true });
    // Straight to that account's form, where "Sign in again" is.
    expect(first?.type === 'normal' && first.action).toEqual({
      kind: 'open-settings',
      section: 'accounts:a',
    });
  });
});

describe('tray menu', () => {
  it('has every entry the issue lists, in order', () => {
    const labels = trayModel(makeEngineState(), NOW, opts).menu.flatMap((m) =>
      m.type === 'normal' ? [m.label] : [],
    );
    expect(labels).toEqual([
      'Open Status',
      'Focus for 25 min',
      'Focus for 50 min',
      'Focus for 90 min',
      'Focus until the block ends',
      'End focus',
      'Release now (0 held)',
      'Review last batch',
      'Pause for 1 hour',
      'Pause until tomorrow',
      'Settings…',
      'Quit Lull',
    ]);
  });

  it('enables entries only when they can do something', () => {
    const idle = trayModel(makeEngineState(), NOW, opts).menu;
    expect(find(idle, 'end-focus').enabled).toBe(false);
    expect(find(idle, 'release-now').enabled).toBe(false);
    expect(find(idle, 'review-last').enabled).toBe(false);
    expect(find(idle, 'focus-block').enabled).toBe(false);
    expect(find(idle, 'focus-25').enabled).toBe(true);

    const busy = trayModel(
      makeEngineState({
        focus: { on: true, untilMs: NOW + 30 * MIN, origin: 'schedule', paused: false, pausedUntilMs: null },
        heldCount: 7,
        blockEndMs: NOW + 30 * MIN,
        lastBatch: {
          id: 41,
          releasedAtMs: NOW - MIN,
          trigger: 'slot',
          itemCount: 3,
          peopleCount: 2,
          threadCount: 1,
        },
      }),
      NOW,
      opts,
    ).menu;
    expect(find(busy, 'end-focus').enabled).toBe(true);
    expect(find(busy, 'release-now')).toMatchObject({ label: 'Release now (7 held)', enabled: true });
    expect(find(busy, 'review-last')).toMatchObject({
      enabled: true,
      action: { kind: 'review-last-batch', batchId: 41 },
    });
    expect(find(busy, 'focus-block').enabled).toBe(true);
  });

  it('a block end in the past does not enable "until the block ends"', () => {
    const menu = trayModel(makeEngineState({ blockEndMs: NOW - MIN }), NOW, opts).menu;
    expect(find(menu, 'focus-block').enabled).toBe(false);
  });

  it('offers Resume only while paused', () => {
    const running = trayModel(makeEngineState(), NOW, opts).menu;
    expect(running.some((m) => m.id === 'resume')).toBe(false);
    const paused = trayModel(
      makeEngineState({
        focus: { on: false, untilMs: null, origin: 'none', paused: true, pausedUntilMs: null },
      }),
      NOW,
      opts,
    ).menu;
    expect(find(paused, 'resume').enabled).toBe(true);
  });

  it('is the same menu a minute later for the same state (no churn)', () => {
    const state = makeEngineState({ heldCount: 2 });
    expect(trayModel(state, NOW + MIN, opts).menu).toEqual(trayModel(state, NOW, opts).menu);
  });

  it('shows the held count as the title only during focus', () => {
    const focus = { on: true, untilMs: null, origin: 'manual' as const, paused: false, pausedUntilMs: null };
    expect(trayModel(makeEngineState({ heldCount: 5, focus }), NOW, opts).title).toBe('5');
    expect(trayModel(makeEngineState({ heldCount: 5 }), NOW, opts).title).toBe('');
  });
});

describe('resolveTrayAction', () => {
  const cases: [TrayAction, unknown][] = [
    [
      { kind: 'focus', minutes: 50 },
      { kind: 'command', name: 'startFocus', input: { minutes: 50 } },
    ],
    [
      { kind: 'focus-until-block-end' },
      { kind: 'command', name: 'startFocus', input: { untilBlockEnd: true } },
    ],
    [{ kind: 'end-focus' }, { kind: 'command', name: 'endFocus', input: {} }],
    [{ kind: 'release-now' }, { kind: 'command', name: 'releaseNow', input: {} }],
    [{ kind: 'resume' }, { kind: 'command', name: 'resume', input: {} }],
    [{ kind: 'pause-hour' }, { kind: 'command', name: 'pause', input: { untilMs: NOW + 60 * MIN } }],
    [
      { kind: 'review-last-batch', batchId: 3 },
      { kind: 'window', window: 'review', batchId: 3 },
    ],
    [
      { kind: 'open-settings', section: 'accounts' },
      { kind: 'window', window: 'settings', section: 'accounts' },
    ],
    [
      { kind: 'open-settings', section: 'accounts:a1' },
      { kind: 'window', window: 'settings', section: 'accounts:a1' },
    ],
    [{ kind: 'quit' }, { kind: 'quit' }],
  ];
  it.each(cases)('%j', (action, expected) => {
    expect(resolveTrayAction(action, NOW, 'UTC')).toEqual(expected);
  });

  it('pauses until 08:00 tomorrow in the given zone, across a DST change', () => {
    expect(resolveTrayAction({ kind: 'pause-tomorrow' }, NOW, 'UTC')).toEqual({
      kind: 'command',
      name: 'pause',
      input: { untilMs: Date.UTC(2026, 10, 26, 8, 0) },
    });
    // Sat 2026-03-28 22:00 in Berlin (CET, +1); Sunday 08:00 is CEST (+2) = 06:00 UTC.
    const saturdayNight = Date.UTC(2026, 2, 28, 21, 0);
    expect(resolveTrayAction({ kind: 'pause-tomorrow' }, saturdayNight, 'Europe/Berlin')).toMatchObject({
      input: { untilMs: Date.UTC(2026, 2, 29, 6, 0) },
    });
  });
});
