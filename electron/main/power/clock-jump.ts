/**
 * Detects that the machine slept or the wall clock was changed, from two clocks sampled by a
 * heartbeat: the wall clock (Date.now) and a monotonic one (performance.now / hrtime).
 *
 * `powerMonitor.resume` is unreliable on some Linux systems (electron/electron#42050, #7699), so this is
 * the required second signal. Pure: the caller passes both readings.
 */
export interface ClockSample {
  readonly wallMs: number;
  readonly monoMs: number;
}

export type ClockVerdict =
  | { readonly kind: 'steady' }
  /** Wall time moved by a different amount than monotonic time: sleep (monotonic paused) or a clock change. */
  | { readonly kind: 'jump'; readonly deltaMs: number }
  /** Both clocks moved, but far more than one interval: the heartbeat was frozen (sleep where monotonic keeps running). */
  | { readonly kind: 'gap'; readonly elapsedMs: number };

export interface JumpDetectorOptions {
  readonly intervalMs: number;
  /** Slack for timer lateness and clock slewing. */
  readonly toleranceMs: number;
}

export interface JumpDetector {
  /** Feed one heartbeat sample; the first sample is always steady. */
  sample(s: ClockSample): ClockVerdict;
}

export function createJumpDetector(opts: JumpDetectorOptions): JumpDetector {
  let last: ClockSample | null = null;
  return {
    sample(s) {
      const prev = last;
      last = s;
      if (prev === null) return { kind: 'steady' };
      const wall = s.wallMs - prev.wallMs;
      const mono = s.monoMs - prev.monoMs;
      const delta = wall - mono;
      if (Math.abs(delta) > opts.toleranceMs) return { kind: 'jump', deltaMs: delta };
      if (mono > 3 * opts.intervalMs + opts.toleranceMs) return { kind: 'gap', elapsedMs: mono };
      return { kind: 'steady' };
    },
  };
}
