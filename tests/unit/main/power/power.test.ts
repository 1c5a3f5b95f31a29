import { describe, expect, it } from 'vitest';
import type { ClockSample } from '../../../../electron/main/power/clock-jump';
import { createJumpDetector } from '../../../../electron/main/power/clock-jump';
import type { PowerMonitorLike } from '../../../../electron/main/power/power-watch';
import { startPowerWatch } from '../../../../electron/main/power/power-watch';

const T0 = Date.UTC(2026, 10, 25, 10, 0);

describe('clock jump detector', () => {
  const opts = { intervalMs: 10_000, toleranceMs: 2_000 };

  it('is steady while both clocks advance together, even with a late timer', () => {
    const d = createJumpDetector(opts);
    expect(d.sample({ wallMs: T0, monoMs: 0 })).toEqual({ kind: 'steady' });
    expect(d.sample({ wallMs: T0 + 10_000, monoMs: 10_000 })).toEqual({ kind: 'steady' });
    expect(d.sample({ wallMs: T0 + 21_500, monoMs: 21_400 })).toEqual({ kind: 'steady' });
  });

  it('reports sleep: wall time moved on, monotonic time did not', () => {
    const d = createJumpDetector(opts);
    d.sample({ wallMs: T0, monoMs: 0 });
    expect(d.sample({ wallMs: T0 + 3_600_000, monoMs: 10_000 })).toEqual({
      kind: 'jump',
      deltaMs: 3_590_000,
    });
  });

  it('reports the wall clock set backwards', () => {
    const d = createJumpDetector(opts);
    d.sample({ wallMs: T0, monoMs: 0 });
    expect(d.sample({ wallMs: T0 - 60_000, monoMs: 10_000 })).toEqual({ kind: 'jump', deltaMs: -70_000 });
  });

  it('reports a frozen heartbeat where monotonic time kept running', () => {
    const d = createJumpDetector(opts);
    d.sample({ wallMs: T0, monoMs: 0 });
    expect(d.sample({ wallMs: T0 + 600_000, monoMs: 600_000 })).toEqual({ kind: 'gap', elapsedMs: 600_000 });
  });

  it('compares with the previous sample only', () => {
    const d = createJumpDetector(opts);
    d.sample({ wallMs: T0, monoMs: 0 });
    d.sample({ wallMs: T0 + 3_600_000, monoMs: 10_000 });
    expect(d.sample({ wallMs: T0 + 3_610_000, monoMs: 20_000 })).toEqual({ kind: 'steady' });
  });
});

describe('power watch', () => {
  function setup() {
    const listeners = new Map<string, () => void>();
    const powerMonitor: PowerMonitorLike = {
      on: (e, l) => listeners.set(e, l),
      removeListener: (e) => listeners.delete(e),
    };
    const clock: ClockSample & { wallMs: number; monoMs: number } = { wallMs: T0, monoMs: 0 };
    let tick: (() => void) | null = null;
    let cleared = false;
    const wakes: string[] = [];
    const stop = startPowerWatch({
      powerMonitor,
      clock: () => ({ ...clock }),
      setInterval: (fn) => {
        tick = fn;
        return {};
      },
      clearInterval: () => void (cleared = true),
      onWake: (why) => wakes.push(why),
      intervalMs: 10_000,
    });
    const advance = (wallMs: number, monoMs: number) => {
      clock.wallMs += wallMs;
      clock.monoMs += monoMs;
      tick?.();
    };
    return { listeners, advance, wakes, stop, clock, isCleared: () => cleared };
  }

  it('wakes the engine on OS resume', () => {
    const { listeners, wakes } = setup();
    listeners.get('resume')?.();
    expect(wakes).toEqual(['resume']);
  });

  it('wakes on a heartbeat jump when resume never comes', () => {
    const { advance, wakes } = setup();
    advance(10_000, 10_000);
    expect(wakes).toEqual([]);
    advance(7_200_000, 10_000);
    expect(wakes).toEqual(['jump']);
  });

  it('counts resume and the heartbeat of the same wake once', () => {
    const { listeners, advance, wakes, clock } = setup();
    clock.monoMs += 1_000;
    listeners.get('resume')?.();
    advance(3_600_000, 1_000);
    expect(wakes).toEqual(['resume']);
    advance(10_000, 10_000);
    listeners.get('unlock-screen')?.();
    expect(wakes).toEqual(['resume', 'unlock-screen']);
  });

  it('stops listening when stopped', () => {
    const { listeners, stop, isCleared } = setup();
    stop();
    expect(listeners.size).toBe(0);
    expect(isCleared()).toBe(true);
  });
});
