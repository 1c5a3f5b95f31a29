import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../electron/engine/log';
import { Scheduler } from '../../../../electron/engine/scheduler/scheduler';

const log = createLogger({ test: 'scheduler' });
let scheduler: Scheduler | null = null;
afterEach(() => scheduler?.stop());

function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe('Scheduler', () => {
  it('treats a wall-clock jump as a wake, and a steady clock as a heartbeat', async () => {
    let offsetMs = 0;
    const jumps: number[] = [];
    let beats = 0;
    scheduler = new Scheduler({
      cronExprs: [],
      timeZone: 'UTC',
      heartbeatMs: 30,
      now: () => Date.now() + offsetMs,
      onTick: () => void (beats += 1),
      onClockJump: (jumpMs) => jumps.push(jumpMs),
      log,
    });
    scheduler.start();
    await waitFor(() => beats >= 2);
    expect(jumps).toHaveLength(0);
    offsetMs = 3_600_000; // the machine "slept" an hour: wall clock moved, monotonic did not
    await waitFor(() => jumps.length === 1);
    expect(jumps[0]).toBeGreaterThan(3_590_000);
  });

  it('fires a one-shot timer at the requested moment and replaces earlier ones', async () => {
    const reasons: string[] = [];
    scheduler = new Scheduler({
      cronExprs: [],
      timeZone: 'UTC',
      heartbeatMs: 60_000,
      now: () => Date.now(),
      onTick: (reason) => reasons.push(reason),
      onClockJump: () => undefined,
      log,
    });
    scheduler.start();
    scheduler.wakeAt(Date.now() + 10_000);
    scheduler.wakeAt(Date.now() + 20);
    await waitFor(() => reasons.length > 0);
    expect(reasons).toEqual(['timer']);
  });

  it('runs node-cron tasks for the cadence in the given zone', async () => {
    const reasons: string[] = [];
    scheduler = new Scheduler({
      cronExprs: ['* * * * * *'],
      timeZone: 'Europe/Berlin',
      heartbeatMs: 60_000,
      now: () => Date.now(),
      onTick: (reason) => reasons.push(reason),
      onClockJump: () => undefined,
      log,
    });
    scheduler.start();
    await waitFor(() => reasons.includes('cron'), 3000);
    expect(reasons).toContain('cron');
  });
});
