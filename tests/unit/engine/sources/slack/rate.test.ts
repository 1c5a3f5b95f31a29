import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedSet, ExpiringCache, TokenBucket } from '../../../../../electron/engine/sources/slack/rate';
import type { Clock } from '../../../../../electron/engine/sources/slack/rate';

function fakeClock(start = 1_000_000): Clock & { t: number } {
  const c = {
    t: start,
    now: () => c.t,
    sleep: (ms: number) => ((c.t += Math.max(0, ms)), Promise.resolve()),
  };
  return c;
}

describe('TokenBucket.forLimit', () => {
  it('never exceeds the limit in any 60 s window, however calls are spread', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 120 }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 300 }),
        async (limit, gaps) => {
          const clock = fakeClock();
          const bucket = TokenBucket.forLimit(limit, clock);
          const times: number[] = [];
          for (const gap of gaps) {
            clock.t += gap;
            await bucket.take();
            times.push(clock.t);
          }
          for (let i = 0; i < times.length; i += 1) {
            const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 60_000).length;
            expect(inWindow).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('waits out Retry-After before the next call', async () => {
    const clock = fakeClock();
    const bucket = TokenBucket.forLimit(50, clock);
    bucket.blockFor(30_000);
    const before = clock.t;
    await bucket.take();
    expect(clock.t - before).toBeGreaterThanOrEqual(30_000);
  });
});

describe('BoundedSet and ExpiringCache', () => {
  it('forgets the oldest keys past its bound', () => {
    const s = new BoundedSet(2);
    expect(s.add('a')).toBe(true);
    expect(s.add('a')).toBe(false);
    s.add('b');
    s.add('c');
    expect(s.size).toBe(2);
    expect(s.add('a')).toBe(true);
  });
  it('expires entries after the ttl', () => {
    const clock = fakeClock();
    const c = new ExpiringCache<string>(1000, clock);
    c.set('k', 'v');
    expect(c.get('k')).toBe('v');
    clock.t += 1001;
    expect(c.get('k')).toBeUndefined();
  });
});
