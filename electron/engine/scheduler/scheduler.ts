/**
 * Wakes the engine when something may be due. It decides nothing: core's planRelease and the store's
 * release ledger do. node-cron fires at cadence slots; a timer fires at the next focus change or cap;
 * a heartbeat catches what both miss (node-cron skips runs missed while the machine slept) and
 * treats a wall-clock jump as a wake.
 */
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Logger } from '../log';

export interface SchedulerOptions {
  /** Cron expressions (node-cron syntax) for the cadence slots, in `timeZone`. */
  readonly cronExprs: readonly string[];
  readonly timeZone: string;
  readonly heartbeatMs: number;
  readonly now: () => number;
  /** Run a scheduler check. Never throws (errors are logged by the caller). */
  readonly onTick: (reason: 'cron' | 'timer' | 'heartbeat') => void;
  /** The wall clock moved more than the heartbeat allows: the machine slept or the clock was set. */
  readonly onClockJump: (jumpMs: number) => void;
  readonly log: Logger;
}

/** How far the wall clock may drift from the monotonic clock between heartbeats before we call it a jump. */
const JUMP_TOLERANCE_MS = 5_000;

export class Scheduler {
  private tasks: ScheduledTask[] = [];
  private heartbeat: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastWallMs = 0;
  private lastMonoMs = 0;

  constructor(private options: SchedulerOptions) {}

  start(): void {
    this.stop();
    for (const expr of this.options.cronExprs) {
      try {
        const task = cron.schedule(expr, () => this.options.onTick('cron'), {
          timezone: this.options.timeZone,
          noOverlap: true,
          suppressMissedWarning: true,
        });
        this.tasks.push(task);
      } catch (error) {
        // The cadence was validated before it was saved; the heartbeat still covers every slot.
        this.options.log.warn('node-cron refused an expression', { expr, error });
      }
    }
    this.lastWallMs = this.options.now();
    this.lastMonoMs = performance.now();
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Replace the cadence (settings changed). */
  reschedule(cronExprs: readonly string[], timeZone: string): void {
    this.options = { ...this.options, cronExprs, timeZone };
    this.start();
  }

  /** Fire once at `atMs` (next focus change, cap or slot), replacing any earlier timer. */
  wakeAt(atMs: number | null): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (atMs === null) return;
    // Cap the delay: long timers drift across sleep, and the heartbeat is the safety net anyway.
    const delayMs = Math.min(Math.max(0, atMs - this.options.now()) + 5, 2 ** 31 - 1);
    this.timer = setTimeout(() => this.options.onTick('timer'), delayMs);
    this.timer.unref();
  }

  stop(): void {
    for (const task of this.tasks) void task.destroy();
    this.tasks = [];
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    this.heartbeat = null;
    this.timer = null;
  }

  private beat(): void {
    const wall = this.options.now();
    const mono = performance.now();
    const jumpMs = wall - this.lastWallMs - (mono - this.lastMonoMs);
    this.lastWallMs = wall;
    this.lastMonoMs = mono;
    if (Math.abs(jumpMs) > JUMP_TOLERANCE_MS) this.options.onClockJump(jumpMs);
    else this.options.onTick('heartbeat');
  }
}
