/** The catch-up cursor: how far lastUid may move when messages are stored in any order. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UidPrefix } from '../../../../../electron/engine/sources/imap/imap-source';

describe('UidPrefix', () => {
  it('moves only past UIDs that are all resolved', () => {
    const p = new UidPrefix([3, 5, 9, 12]);
    expect(p.upTo()).toBe(0);
    p.resolve(5); // 3 is still missing
    expect(p.upTo()).toBe(0);
    p.resolve(3);
    expect(p.upTo()).toBe(5);
    p.resolve(12);
    expect(p.upTo()).toBe(5);
    p.resolve(3); // again: no effect
    p.resolve(9);
    expect(p.upTo()).toBe(12);
  });

  it('ignores UIDs the list does not hold', () => {
    const p = new UidPrefix([10, 20]);
    p.resolve(15);
    p.resolve(10);
    expect(p.upTo()).toBe(10);
    p.resolve(20);
    expect(p.upTo()).toBe(20);
  });

  it('equals the longest resolved run from the start, for any order and repeats', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 80 }), { maxLength: 120 }),
        (uids, picks) => {
          const sorted = [...uids].sort((a, b) => a - b);
          const p = new UidPrefix(sorted);
          const done = new Set<number>();
          for (const pick of picks) {
            const uid = pick < sorted.length ? (sorted[pick] as number) : 1000 + pick;
            p.resolve(uid);
            done.add(uid);
            let n = 0;
            while (n < sorted.length && done.has(sorted[n] as number)) n++;
            expect(p.upTo()).toBe(n > 0 ? sorted[n - 1] : 0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
