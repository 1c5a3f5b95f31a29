import { describe, expect, it } from 'vitest';
import {
  BURST_GAP_MS,
  BURST_MAX_WAIT_MS,
  burstNotificationText,
  createUrgentBurst,
} from '../../../../electron/main/notifications/urgent-burst';
import { makeDeliveredItem } from '../../../support/make-engine-state';

/** A burst guard on a hand-driven clock: what it showed, and a way to let time pass. */
function setup() {
  let now = 1_000_000;
  const timers: { at: number; fn: () => void }[] = [];
  const log: string[] = [];
  const urgent = createUrgentBurst({
    showOne: (item) => log.push(`one:${item.id}`),
    showSummary: (items) => log.push(`summary:${items.map((i) => i.id).join(',')}`),
    now: () => now,
    schedule: (fn, ms) => {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return () => void timers.splice(timers.indexOf(timer), 1);
    },
  });
  const pass = (ms: number): void => {
    now += ms;
    for (const t of [...timers].filter((x) => x.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  return { urgent, log, pass };
}

describe('urgent burst', () => {
  it('alerts items that come apart one by one, at once', () => {
    const { urgent, log, pass } = setup();
    for (let id = 1; id <= 4; id++) {
      urgent(makeDeliveredItem({ id }));
      pass(BURST_GAP_MS + 1);
    }
    expect(log).toEqual(['one:1', 'one:2', 'one:3', 'one:4']);
  });

  it('tells a burst that never goes quiet every BURST_MAX_WAIT_MS, not only at its end', () => {
    const { urgent, log, pass } = setup();
    const gap = BURST_GAP_MS - 100; // always just inside the burst
    const count = Math.ceil((3 * BURST_MAX_WAIT_MS) / gap) + 2;
    for (let id = 1; id <= count; id++) {
      urgent(makeDeliveredItem({ id }));
      pass(gap);
    }
    const summaries = log.filter((l) => l.startsWith('summary:'));
    expect(log.slice(0, 2)).toEqual(['one:1', 'one:2']);
    // Two told while it still ran (about 30 s of it), not one at the very end.
    expect(summaries).toHaveLength(2);
    // Each summary tells what came since the one before, and nothing twice.
    const told = summaries.flatMap((l) => l.slice('summary:'.length).split(','));
    expect(new Set(told).size).toBe(told.length);
    pass(BURST_GAP_MS);
    const all = log.flatMap((l) => l.slice(l.indexOf(':') + 1).split(','));
    expect(all.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });

  it('in a burst, alerts the first two and tells the rest in one summary once it is quiet', () => {
    const { urgent, log, pass } = setup();
    for (let id = 1; id <= 12; id++) {
      urgent(makeDeliveredItem({ id }));
      pass(100);
    }
    expect(log).toEqual(['one:1', 'one:2']);
    pass(BURST_GAP_MS - 200);
    expect(log).toEqual(['one:1', 'one:2']); // still within the gap of the last one
    pass(200);
    expect(log).toEqual(['one:1', 'one:2', 'summary:3,4,5,6,7,8,9,10,11,12']);
    // A later item starts afresh.
    pass(10_000);
    urgent(makeDeliveredItem({ id: 13 }));
    expect(log.at(-1)).toBe('one:13');
  });

  it('a burst of three shows the third on its own, not as a summary of one', () => {
    const { urgent, log, pass } = setup();
    for (let id = 1; id <= 3; id++) urgent(makeDeliveredItem({ id }));
    pass(BURST_GAP_MS);
    expect(log).toEqual(['one:1', 'one:2', 'one:3']);
  });

  it('the summary counts the items and names up to two people', () => {
    const ada = { name: 'Ada Lovelace', address: 'ada@example.com' };
    const grace = { name: '', address: 'grace@example.com' };
    const lin = { name: 'Lin', address: 'lin@example.com' };
    const items = [ada, ada, grace, lin, { name: 'Sam', address: 's@x' }].map((sender, id) =>
      makeDeliveredItem({ id, sender }),
    );
    expect(burstNotificationText(items)).toEqual({
      title: '5 more came through',
      body: 'From Ada Lovelace, grace@example.com and 2 others. Click to see them.',
    });
    expect(burstNotificationText(items.slice(0, 3)).body).toBe(
      'From Ada Lovelace, grace@example.com. Click to see them.',
    );
    expect(burstNotificationText(items.slice(0, 4)).body).toContain('and 1 other.');
  });
});
