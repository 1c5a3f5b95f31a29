import type { z } from 'zod';

/** One problem in a payload: where it is and what is wrong. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

/** A payload failed validation. `problems` list every path that is wrong, for inline field errors. */
export class ValidationError extends Error {
  readonly code = 'EVALIDATION';
  constructor(
    readonly what: string,
    readonly problems: readonly Problem[],
  ) {
    super(`Invalid ${what}: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`);
    this.name = 'ValidationError';
  }
}

/** Parse data at a boundary; throws ValidationError naming each bad path. */
export function parseUnknown<S extends z.ZodType>(schema: S, data: unknown, what = 'payload'): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ValidationError(
    what,
    result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  );
}
