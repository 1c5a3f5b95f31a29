import { describe, expect, it } from 'vitest';
import { assertNever } from '../../../electron/core/assert-never';

describe('assertNever', () => {
  it('throws with the unexpected value', () => {
    expect(() => assertNever({ kind: 'x' } as never)).toThrow('Unexpected value: {"kind":"x"}');
  });
});
