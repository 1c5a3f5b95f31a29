import { describe, expect, it } from 'vitest';
import { groupItems } from '../../../../../renderer/src/features/review/group';
import { makeItem, NOW_MS } from '../../support/factories';

describe('groupItems', () => {
  it('puts people first (latest first), keeps a thread together, and bulk last', () => {
    const ann = { name: 'Ann', address: 'ann@example.com' };
    const bob = { name: 'Bob', address: 'bob@example.com' };
    const news = { name: 'News', address: 'news@example.com' };
    const { rows } = groupItems([
      makeItem({ id: 1, sender: news, personKey: 'news', bulk: true, receivedAtMs: NOW_MS }),
      makeItem({
        id: 2,
        sender: ann,
        personKey: 'ann',
        threadKey: 'x',
        title: 'Plan',
        receivedAtMs: NOW_MS - 5000,
      }),
      makeItem({ id: 3, sender: bob, personKey: 'bob', receivedAtMs: NOW_MS - 1000 }),
      makeItem({
        id: 4,
        sender: ann,
        personKey: 'ann',
        threadKey: 'x',
        title: 'Re: Plan',
        receivedAtMs: NOW_MS - 4000,
      }),
    ]);
    expect(rows.map((r) => (r.kind === 'item' ? `i${r.item.id}` : `${r.kind}:${r.label}`))).toEqual([
      'section:People',
      'person:Bob',
      'i3',
      'person:Ann',
      'thread:Plan',
      'i2',
      'i4',
      'section:Bulk and newsletters',
      'person:News',
      'i1',
    ]);
  });

  it('a person with any non-bulk item counts as a person, and no section headers without bulk', () => {
    const { rows } = groupItems([
      makeItem({ id: 5, personKey: 'p', bulk: true }),
      makeItem({ id: 6, personKey: 'p' }),
    ]);
    expect(rows.filter((r) => r.kind === 'section')).toEqual([]);
    expect(rows.filter((r) => r.kind === 'person')).toHaveLength(1);
  });
});

describe('groupItems counts', () => {
  const counts = (items: Parameters<typeof groupItems>[0]) => {
    const { people, threads } = groupItems(items);
    return { people, threads };
  };

  it('counts the people and threads of the items given, as the list groups them', () => {
    const ann = { name: 'Ann', address: 'ann@example.com' };
    const bob = { name: 'Bob', address: 'bob@example.com' };
    const items = [
      makeItem({ id: 1, sender: ann, personKey: 'ann', threadKey: 'x' }),
      makeItem({ id: 2, sender: ann, personKey: 'ann', threadKey: 'x' }),
      makeItem({ id: 3, sender: ann, personKey: 'ann', threadKey: 'y' }),
      makeItem({ id: 4, sender: bob, personKey: 'bob' }),
    ];
    expect(counts(items)).toEqual({ people: 2, threads: 3 });
    // Bob's one item done: he leaves the count with it.
    expect(counts(items.slice(0, 3))).toEqual({ people: 1, threads: 2 });
    expect(counts([])).toEqual({ people: 0, threads: 0 });
  });
});
