import { describe, expect, it } from 'vitest';
import { impliedFocus, replay } from '../../../electron/core/replay';
import type { StoredItem } from '../../../electron/core/types';
import { FIXED_NOW_MS, makeDecision, makeRule, makeStoredItem } from '../../support/factories';

const MIN = 60_000;

describe('impliedFocus', () => {
  it('reads focus from the stored decision', () => {
    expect(impliedFocus(makeDecision({ ruleId: 'outside-focus', action: 'deliver' })).on).toBe(false);
    expect(impliedFocus(makeDecision({ ruleId: 'batching' })).on).toBe(false);
    expect(impliedFocus(makeDecision({ ruleId: 'focus-default' })).on).toBe(true);
    expect(impliedFocus(makeDecision({ ruleId: 'paused' }))).toMatchObject({ on: true, paused: true });
  });

  it('trusts the focus state the decision recorded over its rule', () => {
    // A user rule's delivery outside focus: only the recorded flag tells it apart.
    expect(impliedFocus(makeDecision({ ruleId: 'vip', action: 'deliver', inFocus: false })).on).toBe(false);
    expect(impliedFocus(makeDecision({ ruleId: 'vip', action: 'deliver' })).on).toBe(true);
    expect(impliedFocus(makeDecision({ ruleId: 'paused', inFocus: false }))).toMatchObject({
      on: false,
      paused: true,
    });
  });
});

describe('replay', () => {
  const held = (i: number, address: string, title = 'hello'): StoredItem =>
    makeStoredItem({ sender: { address }, personKey: address, title, ingestedAtMs: FIXED_NOW_MS + i * MIN });

  it('reports items whose action would change', () => {
    const items = [
      held(0, 'boss@acme.com'),
      held(1, 'bob@example.com'),
      makeStoredItem({
        ingestedAtMs: FIXED_NOW_MS + 2 * MIN,
        decision: makeDecision({ action: 'deliver', ruleId: 'outside-focus' }),
        hints: { bulk: true },
      }),
    ];
    const rules = [
      makeRule({ id: 'vip', match: { senders: ['@acme.com'] } }),
      makeRule({ id: 'news', action: 'hold', match: { hints: ['bulk'] } }),
    ];
    const r = replay(items, rules, { outsideFocus: 'deliver', maxChanges: 10 });
    expect(r).toMatchObject({ itemsConsidered: 3, wouldBreakThrough: 1, wouldBeHeld: 1, wouldBeMuted: 0 });
    expect(r.changes.map((c) => [c.item.id, c.before.action, c.after.action, c.after.ruleId])).toEqual([
      [items[0]?.id, 'hold', 'deliver', 'vip'],
      [items[2]?.id, 'deliver', 'hold', 'news'],
    ]);
  });

  it('replays repeat contacts in time order', () => {
    const items = [0, 1, 2, 3].map((i) => held(i, 'bob@example.com'));
    const rules = [makeRule({ id: 'repeat', match: { repeat: { count: 3, withinMin: 5 } } })];
    const r = replay(items, rules, { outsideFocus: 'deliver', maxChanges: 10 });
    expect(r.wouldBreakThrough).toBe(2);
    expect(r.changes.map((c) => c.item.id)).toEqual([items[2]?.id, items[3]?.id]);
  });

  it('applies per-rule limits as it goes', () => {
    const items = [0, 1, 2, 3].map((i) => held(i, 'boss@acme.com'));
    const rules = [makeRule({ id: 'vip', limitPerHour: 1, match: { senders: ['boss@acme.com'] } })];
    expect(replay(items, rules, { outsideFocus: 'deliver', maxChanges: 10 }).wouldBreakThrough).toBe(1);
  });

  it('keeps the newest maxChanges changes but counts all, streaming from any iterable', () => {
    function* stream(): Generator<StoredItem> {
      for (let i = 0; i < 50; i++) yield held(i, `p${i}@acme.com`);
    }
    const r = replay(stream(), [makeRule({ match: { senders: ['@acme.com'] } })], {
      outsideFocus: 'deliver',
      maxChanges: 3,
    });
    expect(r.itemsConsidered).toBe(50);
    expect(r.wouldBreakThrough).toBe(50);
    expect(r.changes.map((c) => c.item.sender.address)).toEqual([
      'p47@acme.com',
      'p48@acme.com',
      'p49@acme.com',
    ]);
    expect(replay(stream(), [], { outsideFocus: 'deliver', maxChanges: 0 }).changes).toEqual([]);
  });

  it('keeps mute under pause, and turns a deliver into hold while paused', () => {
    const paused = makeStoredItem({ decision: makeDecision({ ruleId: 'paused' }) });
    expect(replay([paused], [makeRule()], { outsideFocus: 'deliver', maxChanges: 5 }).changes).toEqual([]);
    const r = replay([paused], [makeRule({ action: 'mute' })], { outsideFocus: 'deliver', maxChanges: 5 });
    expect(r.wouldBeMuted).toBe(1);
  });
});
