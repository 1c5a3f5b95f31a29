import { describe, expect, it } from 'vitest';
import { hash53 } from '../../../electron/core/hash';

describe('hash53', () => {
  it("matches cyrb53's published values (the store keeps these on disk, so they must never change)", () => {
    // Reference outputs from cyrb53's author (bryc/code, jshash/experimental/cyrb53.js), seed 0.
    expect(hash53('a')).toBe(7929297801672961);
    expect(hash53('b')).toBe(8684336938537663);
    expect(hash53('revenge')).toBe(4051478007546757);
    expect(hash53('revenue')).toBe(8309097637345594);
  });

  it('stays a safe integer and spreads ids that differ in one character', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const h = hash53(`<CA+${i}@mail.example.com>`);
      expect(Number.isSafeInteger(h) && h >= 0).toBe(true);
      seen.add(h);
    }
    expect(seen.size).toBe(10_000);
  });
});
