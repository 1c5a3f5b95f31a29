/**
 * Batch review order: people first (most recent first), each person's threads together, and bulk
 * mail and newsletters last. Returns flat rows for the virtualized list.
 */
import type { StoredItemT } from '../../api/types';

export type ReviewRow =
  | { kind: 'section'; key: string; label: string }
  | { kind: 'person'; key: string; label: string; count: number }
  | { kind: 'thread'; key: string; label: string; count: number }
  | { kind: 'item'; key: string; item: StoredItemT; order: number };

export const ROW_HEIGHT: Record<ReviewRow['kind'], number> = {
  section: 30,
  person: 32,
  thread: 20,
  item: 62,
};

interface Thread {
  key: string;
  items: StoredItemT[];
  latest: number;
}
interface Person {
  key: string;
  label: string;
  bulk: boolean;
  threads: Map<string, Thread>;
  latest: number;
}

const isBulk = (item: StoredItemT): boolean => item.hints.bulk;

/** The rows, and the people and threads they hold (the review's head counts what its list shows). */
export interface Grouped {
  rows: ReviewRow[];
  people: number;
  threads: number;
}

export function groupItems(items: readonly StoredItemT[]): Grouped {
  const people = new Map<string, Person>();
  for (const item of items) {
    const key = item.personKey || item.sender.address || item.sender.name || 'unknown';
    let person = people.get(key);
    if (!person) {
      person = {
        key,
        label: item.sender.name || item.sender.address || 'Unknown sender',
        bulk: true,
        threads: new Map(),
        latest: 0,
      };
      people.set(key, person);
    }
    if (!isBulk(item)) person.bulk = false;
    person.latest = Math.max(person.latest, item.receivedAtMs);
    const tkey = item.threadKey || `item:${item.id}`;
    let thread = person.threads.get(tkey);
    if (!thread) {
      thread = { key: tkey, items: [], latest: 0 };
      person.threads.set(tkey, thread);
    }
    thread.items.push(item);
    thread.latest = Math.max(thread.latest, item.receivedAtMs);
  }
  const byLatest = <T extends { latest: number }>(a: T, b: T): number => b.latest - a.latest;
  const sorted = [...people.values()].sort(byLatest);
  const humans = sorted.filter((p) => !p.bulk);
  const bulk = sorted.filter((p) => p.bulk);
  const rows: ReviewRow[] = [];
  let order = 0;
  let threadCount = 0;
  const emit = (list: Person[]): void => {
    for (const person of list) {
      const threads = [...person.threads.values()].sort(byLatest);
      threadCount += threads.length;
      const count = threads.reduce((n, t) => n + t.items.length, 0);
      rows.push({ kind: 'person', key: `p:${person.key}`, label: person.label, count });
      for (const thread of threads) {
        thread.items.sort((a, b) => a.receivedAtMs - b.receivedAtMs);
        if (thread.items.length > 1) {
          rows.push({
            kind: 'thread',
            key: `t:${person.key}:${thread.key}`,
            label: thread.items[0]?.title ?? '',
            count: thread.items.length,
          });
        }
        for (const item of thread.items)
          rows.push({ kind: 'item', key: `i:${item.id}`, item, order: order++ });
      }
    }
  };
  if (humans.length > 0 && bulk.length > 0) rows.push({ kind: 'section', key: 's:people', label: 'People' });
  emit(humans);
  if (bulk.length > 0) rows.push({ kind: 'section', key: 's:bulk', label: 'Bulk and newsletters' });
  emit(bulk);
  return { rows, people: people.size, threads: threadCount };
}
