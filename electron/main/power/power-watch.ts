/**
 * Turns OS resume events and the clock heartbeat into one `onWake` call, so the engine catches up
 * on releases missed while the machine slept. Two signals of the same wake within `debounceMs`
 * count once.
 */
import type { ClockSample, ClockVerdict } from './clock-jump';
import { createJumpDetector } from './clock-jump';

export interface PowerMonitorLike {
  on(event: 'resume' | 'suspend' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'suspend' | 'unlock-screen', listener: () => void): unknown;
}

export interface PowerWatchDeps {
  readonly powerMonitor: PowerMonitorLike;
  readonly clock: () => ClockSample;
  readonly setInterval: (fn: () => void, ms: number) => { unref?: () => void };
  readonly clearInterval: (handle: unknown) => void;
  readonly onWake: (why: 'resume' | 'unlock-screen' | ClockVerdict['kind']) => void;
  readonly intervalMs?: number;
  readonly toleranceMs?: number;
  readonly debounceMs?: number;
}

export function startPowerWatch(deps: PowerWatchDeps): () => void {
  const intervalMs = deps.intervalMs ?? 10_000;
  const debounceMs = deps.debounceMs ?? 5_000;
  const detector = createJumpDetector({ intervalMs, toleranceMs: deps.toleranceMs ?? 2_000 });
  detector.sample(deps.clock());
  let lastWakeMono = -Infinity;

  const wake = (why: Parameters<PowerWatchDeps['onWake']>[0]): void => {
    const now = deps.clock().monoMs;
    if (now - lastWakeMono < debounceMs) return;
    lastWakeMono = now;
    deps.onWake(why);
  };
  const onResume = (): void => wake('resume');
  const onUnlock = (): void => wake('unlock-screen');
  deps.powerMonitor.on('resume', onResume);
  deps.powerMonitor.on('unlock-screen', onUnlock);
  const timer = deps.setInterval(() => {
    const verdict = detector.sample(deps.clock());
    if (verdict.kind !== 'steady') wake(verdict.kind);
  }, intervalMs);
  timer.unref?.();

  return () => {
    deps.powerMonitor.removeListener('resume', onResume);
    deps.powerMonitor.removeListener('unlock-screen', onUnlock);
    deps.clearInterval(timer);
  };
}
