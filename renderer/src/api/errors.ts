import type { WireError } from '../../../electron/shared/contract';

/** A command failed on the engine side; `wire` keeps the code and the field problems. */
export class LullError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
    this.name = 'LullError';
  }
}

/** The wire error behind any thrown value, for inline messages. */
export function wireErrorOf(error: unknown): WireError {
  if (error instanceof LullError) return error.wire;
  if (error instanceof Error) return { code: 'EERROR', message: error.message, problems: [] };
  return { code: 'EERROR', message: String(error), problems: [] };
}

/**
 * The engine's own text for one field, matched by path prefix ("rules.2.name").
 * `exact` only matches the path itself, not its children.
 */
export function problemAt(error: WireError | null, path: string, exact = false): string | null {
  if (!error) return null;
  for (const p of error.problems) {
    if (p.path === path) return p.message;
    if (!exact && p.path.startsWith(`${path}.`)) return p.message;
  }
  return null;
}

/** Problems not shown next to one of the given fields: shown at the form's top so none is lost. */
export function otherProblems(error: WireError | null, shownPaths: readonly string[]): string[] {
  if (!error) return [];
  if (error.problems.length === 0) return [error.message];
  return error.problems
    .filter((p) => !shownPaths.some((s) => p.path === s || p.path.startsWith(`${s}.`)))
    .map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
}
