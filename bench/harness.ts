/**
 * Benchmark results: one figure each, with its goal. `npm run bench -- --json` prints them as JSON lines.
 */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Human form of the goal, e.g. ">= 300000" or "< 5". */
  readonly goal: string;
  readonly ok: boolean;
}

/** A result whose goal is "at least". */
export function atLeast(name: string, value: number, unit: string, goal: number): BenchResult {
  return { name, value: round(value), unit, goal: `>= ${goal}`, ok: value >= goal };
}

/** A result whose goal is "below". */
export function below(name: string, value: number, unit: string, goal: number): BenchResult {
  return { name, value: round(value), unit, goal: `< ${goal}`, ok: value < goal };
}

/** A figure that is reported, with no goal of its own. */
export function info(name: string, value: number, unit: string): BenchResult {
  return { name, value: round(value), unit, goal: 'info', ok: true };
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000;
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? NaN;
}

/** A bench suite: a file in bench/suites/ exporting `suite`. */
export interface BenchSuite {
  readonly name: string;
  run(): Promise<BenchResult[]>;
}
