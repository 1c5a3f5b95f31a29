import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Rule, Settings } from '../../../../electron/core/types';
import { openDb } from '../../../../electron/engine/store/db';
import { hash53 } from '../../../../electron/core/hash';
import { StoreInputError } from '../../../../electron/engine/store/store-errors';
import { openStore } from '../../../../electron/engine/store/store';
import type { Store, StoredAccount } from '../../../../electron/engine/store/store-types';
import { makeDecision, makeNewItem, NO_HINTS, STORE_T0, tempStoreDir } from '../../../support/store-fixtures';
import { makeImapConfig } from '../../../support/factories';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let dir: ReturnType<typeof tempStoreDir>;
let store: Store;
let nowMs: number;

beforeEach(() => {
  dir = tempStoreDir('store-unit');
  nowMs = STORE_T0;
  store = openStore(dir.dbPath, { now: () => nowMs });
});

afterEach(() => {
  store.close();
  dir.cleanup();
});

function reopen(): void {
  store.close();
  store = openStore(dir.dbPath, { now: () => nowMs });
}

/**
 * A real 53-bit collision is too rare to find, so another connection writes a row that holds the
 * hash of `externalId` under a different id ('squatter', copied from the item 'first'), the way a
 * true collision would look on disk.
 */
function squatHash(raw: ReturnType<typeof openDb>, externalId: string): void {
  raw
    .prepare(
      `INSERT INTO items (account_key, external_id, source, state, received_at_ms, ingested_at_ms, hints, decision_id,
         container, sender_name, sender_address, title, preview, link, ext_hash)
       SELECT account_key, 'squatter', source, 'delivered', 0, 0, 0, decision_id, '', '', '', 'squatter', '', '', ?
       FROM items WHERE external_id = 'first'`,
    )
    .run([hash53(externalId)]);
}

describe('insertItems', () => {
  it('stores every field and reads it back exactly, after a reopen too', () => {
    const item = makeNewItem({
      accountId: 'acc-1',
      source: 'slack',
      externalId: 'C123:1700000000.000100',
      threadKey: 'C123:1699999999.000001',
      sender: { name: 'Grace Hopper', address: 'grace@navy.example' },
      title: 'Déploiement — 部署 🚀',
      preview: 'Line one\nline two',
      receivedAtMs: STORE_T0 - 5 * MIN,
      link: 'https://acme.slack.com/archives/C123/p1700000000000100',
      altLink: 'slack://channel?team=T1&id=C123',
      hints: { ...NO_HINTS, dm: true, mention: true, bot: true },
      container: '#ops',
      personKey: 'grace@navy.example',
      ingestedAtMs: STORE_T0,
      decision: makeDecision({
        action: 'deliver',
        ruleId: 'vip',
        reason: "Delivered: grace@navy.example is on 'VIPs'",
        trace: [{ ruleId: 'vip', matched: true, note: 'sender grace@navy.example is on the list' }],
      }),
      state: 'delivered',
    });
    const { inserted, duplicates } = store.insertItems([item]);
    expect(duplicates).toBe(0);
    expect(inserted).toHaveLength(1);
    const { personKey, ingestedAtMs, decision, state, ...input } = item;
    const expected = {
      ...input,
      personKey,
      ingestedAtMs,
      decision,
      state,
      batchId: null,
      done: false,
      snoozedAtMs: null,
    };
    expect(inserted[0]).toEqual({ ...expected, id: inserted[0]!.id });
    reopen();
    expect(store.getItems([inserted[0]!.id])).toEqual([{ ...expected, id: inserted[0]!.id }]);
  });

  it('deduplicates by (account, external id), within one call and across calls', () => {
    const a = makeNewItem({ accountId: 'acc-1', externalId: 'same' });
    const r1 = store.insertItems([
      a,
      makeNewItem({ accountId: 'acc-1', externalId: 'same', title: 'again' }),
    ]);
    expect(r1.inserted.map((i) => i.title)).toEqual([a.title]);
    expect(r1.duplicates).toBe(1);
    const r2 = store.insertItems([makeNewItem({ accountId: 'acc-1', externalId: 'same' })]);
    expect(r2).toEqual({ inserted: [], duplicates: 1 });
    // The same external id in another account is another item.
    const r3 = store.insertItems([makeNewItem({ accountId: 'acc-2', externalId: 'same' })]);
    expect(r3.inserted).toHaveLength(1);
    expect(store.listItems({ includeDone: true })).toHaveLength(2);
  });

  it('gives every inserted item its own row id, across insert chunks and around duplicates', () => {
    const ids = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) =>
        makeNewItem({ accountId: 'acc-1', externalId: `m-${from + i}` }),
      );
    const first = store.insertItems(ids(0, 150));
    // A batch of all-new items, then one whose first chunk is all new and whose later chunks have
    // stored items scattered through them.
    const second = store.insertItems(ids(150, 400));
    const mixed = ids(400, 700).flatMap((item, i) =>
      i >= 100 && i % 7 === 0 ? [makeNewItem({ accountId: 'acc-1', externalId: `m-${i}` }), item] : [item],
    );
    const third = store.insertItems(mixed);
    expect(third.duplicates).toBe(28);
    for (const r of [first, second, third]) {
      const stored = store.getItems(r.inserted.map((i) => i.id));
      expect(stored.map((i) => [i.id, i.externalId])).toEqual(r.inserted.map((i) => [i.id, i.externalId]));
    }
    expect(new Set([first, second, third].flatMap((r) => r.inserted.map((i) => i.id))).size).toBe(700);
  });

  it('tells apart two external ids that share a hash, and still deduplicates both', () => {
    store.insertItems([makeNewItem({ accountId: 'acc-1', externalId: 'first' })]);
    const raw = openDb(dir.dbPath);
    try {
      squatHash(raw, 'late');
      const late = makeNewItem({ accountId: 'acc-1', externalId: 'late', title: 'late one' });
      const r1 = store.insertItems([late, makeNewItem({ accountId: 'acc-1', externalId: 'late' })]);
      expect(r1.inserted.map((i) => i.title)).toEqual(['late one']);
      expect(r1.duplicates).toBe(1);
      const hashOf = (id: string) =>
        raw.prepare('SELECT ext_hash FROM items WHERE external_id = ?').get<{ ext_hash: number | null }>([id])
          ?.ext_hash;
      expect(hashOf('late')).toBeNull();
      expect(hashOf('first')).toBe(hash53('first'));
      expect(store.insertItems([makeNewItem({ accountId: 'acc-1', externalId: 'late' })]).duplicates).toBe(1);
      expect(store.missingExternalIds([{ accountId: 'acc-1', externalId: 'late' }])).toEqual([]);
      // With the hash's holder gone (pruned, say), 'late' is still found by its text.
      raw.prepare("DELETE FROM items WHERE external_id = 'squatter'").run();
      reopen();
      expect(store.insertItems([makeNewItem({ accountId: 'acc-1', externalId: 'late' })])).toEqual({
        inserted: [],
        duplicates: 1,
      });
      expect(store.insertItems([makeNewItem({ accountId: 'acc-1', externalId: 'first' })]).duplicates).toBe(
        1,
      );
      expect(store.listItems({ includeDone: true }).map((i) => i.externalId)).toEqual(['late', 'first']);
    } finally {
      raw.close();
    }
  });

  it('keeps person and thread keys that differ from the address and external id', () => {
    const differ = makeNewItem({
      personKey: 'slack:u42',
      threadKey: 'T-1',
      externalId: 'E-1',
      sender: { name: 'X', address: 'u42' },
    });
    const same = makeNewItem({ personKey: 'ada@example.com', threadKey: 'E-2', externalId: 'E-2' });
    const empty = makeNewItem({
      personKey: '',
      threadKey: '',
      externalId: 'E-3',
      sender: { name: '', address: '' },
    });
    const ids = store.insertItems([differ, same, empty]).inserted.map((i) => i.id);
    const got = store.getItems(ids);
    expect(got.map((i) => [i.personKey, i.threadKey])).toEqual([
      ['slack:u42', 'T-1'],
      ['ada@example.com', 'E-2'],
      ['', ''],
    ]);
  });

  it('round-trips decisions that name the sender, and ones that already contain the marker character', () => {
    const sender = { name: 'Ada', address: 'ada@example.com' };
    const d1 = makeDecision({
      reason: 'Muted: ada@example.com is on the list (ada@example.com)',
      trace: [{ ruleId: 'r', matched: true, note: 'sender ada@example.com matched' }],
    });
    const d2 = makeDecision({ reason: 'odd \u0001 text by ada@example.com', trace: [] });
    const d3 = makeDecision({
      reason: 'Muted: Bo is on the list',
      trace: [{ ruleId: 'r', matched: true, note: 'Bo' }],
    });
    const ids = store
      .insertItems([
        makeNewItem({ sender, decision: d1 }),
        makeNewItem({
          sender: { name: 'Bob', address: 'bob@example.com' },
          decision: { ...d1, reason: d1.reason.replaceAll('ada@', 'bob@') },
        }),
        makeNewItem({ sender, decision: d2 }),
        makeNewItem({ sender: { name: 'Bo', address: '' }, decision: d3 }),
      ])
      .inserted.map((i) => i.id);
    reopen();
    const got = store.getItems(ids).map((i) => i.decision);
    expect(got[0]).toEqual(d1);
    expect(got[1]!.reason).toBe('Muted: bob@example.com is on the list (bob@example.com)');
    expect(got[1]!.trace[0]!.note).toBe('sender ada@example.com matched');
    expect(got[2]).toEqual(d2);
    expect(got[3]).toEqual(d3);
  });

  it('stores a 1 MB title and control characters without crashing or cutting text', () => {
    const title = 'x'.repeat(1024 * 1024);
    const preview = 'a\u0000b\u202Ec\u0007';
    const [item] = store.insertItems([makeNewItem({ title, preview })]).inserted;
    const [back] = store.getItems([item!.id]);
    expect(back!.title.length).toBe(1024 * 1024);
    // NUL would cut the string in the binding; it is stored as U+FFFD and the rest is kept.
    expect(back!.preview).toBe('a\uFFFDb\u202Ec\u0007');
  });

  it('refuses a non-finite time or a released state with an error naming the field, and stores nothing', () => {
    expect(() => store.insertItems([makeNewItem(), makeNewItem({ receivedAtMs: Number.NaN })])).toThrow(
      StoreInputError,
    );
    expect(() => store.insertItems([makeNewItem(), makeNewItem({ receivedAtMs: Number.NaN })])).toThrow(
      'items[1].receivedAtMs',
    );
    expect(() => store.insertItems([makeNewItem({ ingestedAtMs: Infinity })])).toThrow(
      'items[0].ingestedAtMs',
    );
    expect(() => store.insertItems([makeNewItem({ state: 'released' })])).toThrow('items[0].state');
    expect(store.listItems({ includeDone: true })).toEqual([]);
  });

  it('rounds fractional times instead of failing on them', () => {
    const [item] = store.insertItems([makeNewItem({ receivedAtMs: STORE_T0 + 0.6 })]).inserted;
    expect(item!.receivedAtMs).toBe(STORE_T0 + 1);
    expect(store.getItems([item!.id])[0]!.receivedAtMs).toBe(STORE_T0 + 1);
  });

  it('returns an empty result for an empty call', () => {
    expect(store.insertItems([])).toEqual({ inserted: [], duplicates: 0 });
  });

  it('inserts a large call in input order with rising ids, skipping duplicates at any position', () => {
    // Larger than one multi-row INSERT, with duplicates inside a chunk, across chunks and of earlier calls.
    store.insertItems([makeNewItem({ accountId: 'a', externalId: 'old-7' })]);
    const ids = Array.from({ length: 450 }, (_, i) => `m-${i % 300}`);
    ids.splice(120, 0, 'old-7');
    const batch = ids.map((externalId, i) =>
      makeNewItem({ accountId: i % 2 === 0 ? 'a' : 'b', externalId, title: `#${i}` }),
    );
    const { inserted, duplicates } = store.insertItems(batch);
    const firstSeen = new Map<string, number>();
    batch.forEach((item, i) => {
      const key = `${item.accountId}/${item.externalId}`;
      if (!firstSeen.has(key) && key !== 'a/old-7') firstSeen.set(key, i);
    });
    expect(inserted.map((i) => i.title)).toEqual([...firstSeen.values()].map((i) => `#${i}`));
    expect(duplicates).toBe(batch.length - firstSeen.size);
    const itemIds = inserted.map((i) => i.id);
    expect(itemIds).toEqual([...itemIds].sort((x, y) => x - y));
    expect(new Set(itemIds).size).toBe(itemIds.length);
    // What each call returned is what a read gives back.
    expect(store.getItems(itemIds)).toEqual(inserted);
  });

  it('writes cursors in the same transaction as the items, or not at all', () => {
    store.insertItems(
      [makeNewItem({ accountId: 'a', externalId: 'x' })],
      [
        { accountId: 'a', key: 'imap:INBOX:lastUid', value: '10' },
        { accountId: 'a', key: 'imap:INBOX:lastSeenMs', value: '123' },
      ],
    );
    reopen();
    expect(store.getCursor('a', 'imap:INBOX:lastUid')).toBe('10');
    expect(store.getCursor('a', 'imap:INBOX:lastSeenMs')).toBe('123');
    // A write that fails inside the transaction (here: a cursor value that is not text) leaves the
    // items and every cursor as they were.
    expect(() =>
      store.insertItems(
        [makeNewItem({ accountId: 'a', externalId: 'y' })],
        [
          { accountId: 'a', key: 'imap:INBOX:lastUid', value: '20' },
          { accountId: 'a', key: 'imap:INBOX:lastSeenMs', value: null as unknown as string },
        ],
      ),
    ).toThrow();
    expect(store.getCursor('a', 'imap:INBOX:lastUid')).toBe('10');
    expect(store.missingExternalIds([{ accountId: 'a', externalId: 'y' }])).toEqual(['a\u0000y']);
    // Duplicates only still move the cursor: the source has seen them.
    store.insertItems(
      [makeNewItem({ accountId: 'a', externalId: 'x' })],
      [{ accountId: 'a', key: 'imap:INBOX:lastUid', value: '30' }],
    );
    expect(store.getCursor('a', 'imap:INBOX:lastUid')).toBe('30');
  });
});

describe('missingExternalIds', () => {
  it('lists the keys not stored yet', () => {
    store.insertItems([makeNewItem({ accountId: 'a', externalId: 'x' })]);
    expect(
      store.missingExternalIds([
        { accountId: 'a', externalId: 'x' },
        { accountId: 'a', externalId: 'y' },
        { accountId: 'b', externalId: 'x' },
      ]),
    ).toEqual(['a\u0000y', 'b\u0000x']);
  });

  it('answers for many keys over several accounts, in the order asked', () => {
    const stored = Array.from({ length: 2500 }, (_, i) =>
      makeNewItem({ accountId: i % 3 === 0 ? 'a' : 'b', externalId: `id-${i}` }),
    );
    store.insertItems(stored);
    const asked = Array.from({ length: 3000 }, (_, i) => ({
      accountId: ['a', 'b', 'c'][i % 3] as string,
      externalId: `id-${(i * 7) % 3100}`,
    }));
    const isStored = new Set(stored.map((s) => `${s.accountId}\u0000${s.externalId}`));
    expect(store.missingExternalIds(asked)).toEqual(
      asked.map((k) => `${k.accountId}\u0000${k.externalId}`).filter((k) => !isStored.has(k)),
    );
  });
});

describe('rejected', () => {
  it('counts rejected items and bounds what it keeps', () => {
    expect(store.countRejected()).toBe(0);
    store.addRejected({
      accountId: 'a',
      atMs: STORE_T0,
      reason: 'no external id',
      excerpt: 'y'.repeat(10_000),
    });
    store.addRejected({ accountId: 'a', atMs: STORE_T0, reason: 'r'.repeat(10_000), excerpt: '' });
    expect(store.countRejected()).toBe(2);
  });
});

describe('releaseHeld', () => {
  it('moves every held item into one batch with people and thread counts', () => {
    store.insertItems([
      makeNewItem({ personKey: 'p1', threadKey: 't1' }),
      makeNewItem({ personKey: 'p1', threadKey: 't2' }),
      makeNewItem({ personKey: 'p2', threadKey: 't2' }),
      makeNewItem({ state: 'delivered' }),
      makeNewItem({ state: 'muted', decision: makeDecision({ action: 'mute', ruleId: 'news' }) }),
    ]);
    const r = store.releaseHeld({ atMs: STORE_T0 + HOUR, trigger: 'slot', slotMs: STORE_T0 + HOUR });
    expect(r).not.toBeNull();
    expect(r!.batch).toEqual({
      id: r!.batch.id,
      releasedAtMs: STORE_T0 + HOUR,
      trigger: 'slot',
      itemCount: 3,
      peopleCount: 2,
      threadCount: 2,
    });
    expect(r!.items.map((i) => [i.state, i.batchId])).toEqual(Array(3).fill(['released', r!.batch.id]));
    expect(store.heldCount()).toBe(0);
    expect(store.listItems({ batchId: r!.batch.id })).toHaveLength(3);
    expect(store.lastSlotMs()).toBe(STORE_T0 + HOUR);
    expect(store.lastBatch()).toEqual(r!.batch);
    // Released items read back as released, in that batch.
    expect(store.getItems(r!.items.map((i) => i.id)).map((i) => i.batchId)).toEqual(
      Array(3).fill(r!.batch.id),
    );
  });

  it('creates no batch when nothing is held, but still settles the ledger slot', () => {
    store.insertItems([makeNewItem({ state: 'delivered' })]);
    expect(store.releaseHeld({ atMs: STORE_T0, trigger: 'slot', slotMs: STORE_T0 })).toBeNull();
    expect(store.lastBatch()).toBeNull();
    expect(store.listBatches(undefined, 10)).toEqual([]);
    expect(store.lastSlotMs()).toBe(STORE_T0);
  });

  it('does not touch the ledger for manual releases, and a slot settles once', () => {
    store.insertItems([makeNewItem()]);
    store.releaseHeld({ atMs: STORE_T0, trigger: 'manual', slotMs: null });
    expect(store.lastSlotMs()).toBeNull();
    store.releaseHeld({ atMs: STORE_T0 + 1, trigger: 'slot', slotMs: STORE_T0 + HOUR });
    store.releaseHeld({ atMs: STORE_T0 + 2, trigger: 'catch-up', slotMs: STORE_T0 + HOUR });
    store.releaseHeld({ atMs: STORE_T0 + 3, trigger: 'slot', slotMs: STORE_T0 });
    expect(store.lastSlotMs()).toBe(STORE_T0 + HOUR);
  });

  it('releases each held item exactly once across releases', () => {
    const seen = new Map<number, number>();
    for (let round = 0; round < 5; round++) {
      store.insertItems(Array.from({ length: round + 1 }, () => makeNewItem()));
      const r = store.releaseHeld({ atMs: STORE_T0 + round, trigger: 'manual', slotMs: null });
      for (const i of r!.items) seen.set(i.id, (seen.get(i.id) ?? 0) + 1);
      expect(r!.batch.itemCount).toBe(round + 1);
    }
    expect(seen.size).toBe(15);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('held queue', () => {
  it('counts held items per source and knows the oldest', () => {
    expect(store.heldBySource()).toEqual({ imap: 0, slack: 0, teams: 0, webhook: 0, demo: 0 });
    expect(store.oldestHeldAtMs()).toBeNull();
    store.insertItems([
      makeNewItem({ source: 'imap', ingestedAtMs: STORE_T0 + 5 }),
      makeNewItem({ source: 'imap', ingestedAtMs: STORE_T0 + 2 }),
      makeNewItem({ source: 'slack', ingestedAtMs: STORE_T0 + 9 }),
      makeNewItem({ source: 'slack', state: 'delivered', ingestedAtMs: STORE_T0 }),
    ]);
    expect(store.heldCount()).toBe(3);
    expect(store.heldBySource()).toEqual({ imap: 2, slack: 1, teams: 0, webhook: 0, demo: 0 });
    expect(store.oldestHeldAtMs()).toBe(STORE_T0 + 2);
  });
});

describe('doneElsewhere', () => {
  it("marks this account's held and released items done, leaving the rest alone", () => {
    const rows = store.insertItems([
      makeNewItem({ accountId: 'acc-1', externalId: 'held' }),
      makeNewItem({ accountId: 'acc-1', externalId: 'released' }),
      makeNewItem({ accountId: 'acc-1', externalId: 'delivered', state: 'delivered' }),
      makeNewItem({ accountId: 'acc-2', externalId: 'held' }),
    ]).inserted;
    const byId = (externalId: string, accountId = 'acc-1') =>
      rows.find((r) => r.externalId === externalId && r.accountId === accountId)!.id;
    store.releaseHeld({ atMs: STORE_T0, trigger: 'manual', slotMs: null });
    store.insertItems([makeNewItem({ accountId: 'acc-1', externalId: 'held-later' })]);

    const changed = store.doneElsewhere('acc-1', ['released', 'delivered', 'held-later', 'unknown']);
    const later = store.listItems({ includeDone: true }).find((i) => i.externalId === 'held-later')!;
    expect(changed.sort()).toEqual([byId('released'), later.id].sort());
    const done = store.listItems({ includeDone: true }).filter((i) => i.done);
    expect(done.map((i) => i.externalId).sort()).toEqual(['held-later', 'released']);
    // Already done: nothing changes a second time; another account's same id is not touched.
    expect(store.doneElsewhere('acc-1', ['released'])).toEqual([]);
    expect(store.doneElsewhere('no-such-account', ['held'])).toEqual([]);
    expect(store.getItems([byId('held', 'acc-2')])[0]?.done).toBe(false);
  });

  it('lists the open items of an account since a time, newest first, with their thread keys', () => {
    const rows = store.insertItems([
      makeNewItem({ accountId: 'acc-1', externalId: 'old', ingestedAtMs: STORE_T0 - DAY }),
      makeNewItem({ accountId: 'acc-1', externalId: 'a', threadKey: 't-a', ingestedAtMs: STORE_T0 }),
      makeNewItem({ accountId: 'acc-1', externalId: 'b', threadKey: 'b', ingestedAtMs: STORE_T0 + 1 }),
      makeNewItem({ accountId: 'acc-1', externalId: 'c', state: 'delivered', ingestedAtMs: STORE_T0 + 2 }),
      makeNewItem({ accountId: 'acc-1', externalId: 'd', ingestedAtMs: STORE_T0 + 3 }),
      makeNewItem({ accountId: 'acc-2', externalId: 'e', ingestedAtMs: STORE_T0 + 4 }),
    ]).inserted;
    store.doneElsewhere('acc-1', ['d']);
    expect(rows).toHaveLength(6);
    expect(store.openItems('acc-1', STORE_T0, 10)).toEqual([
      { externalId: 'b', threadKey: 'b', receivedAtMs: STORE_T0 },
      { externalId: 'a', threadKey: 't-a', receivedAtMs: STORE_T0 },
    ]);
    expect(store.openItems('acc-1', STORE_T0, 1)).toHaveLength(1);
    expect(store.openItems('no-such-account', 0, 10)).toEqual([]);
  });

  it('finds an item stored without its hash (a collision) by its text', () => {
    store.insertItems([makeNewItem({ accountId: 'acc-1', externalId: 'first' })]);
    const raw = openDb(dir.dbPath);
    squatHash(raw, 'late');
    raw.close();
    const late = store.insertItems([makeNewItem({ accountId: 'acc-1', externalId: 'late' })]).inserted[0]!;
    expect(store.doneElsewhere('acc-1', ['late'])).toEqual([late.id]);
  });

  it('a done held item is not counted as held, and rides along unseen in the next batch', () => {
    const [a, b, c] = store.insertItems([
      makeNewItem({ personKey: 'p1', threadKey: 't1', ingestedAtMs: STORE_T0 }),
      makeNewItem({ personKey: 'p2', threadKey: 't2', ingestedAtMs: STORE_T0 + 1 }),
      makeNewItem({ personKey: 'p3', threadKey: 't3', source: 'slack', ingestedAtMs: STORE_T0 + 2 }),
    ]).inserted;
    store.doneElsewhere('acc-mail', [a!.externalId, c!.externalId]);
    expect(store.heldCount()).toBe(1);
    expect(store.heldBySource()).toMatchObject({ imap: 1, slack: 0 });
    expect(store.oldestHeldAtMs()).toBe(STORE_T0 + 1);

    const r = store.releaseHeld({ atMs: STORE_T0 + HOUR, trigger: 'slot', slotMs: null })!;
    expect(r.batch).toMatchObject({ itemCount: 1, peopleCount: 1, threadCount: 1 });
    // All three left the queue (hold at the server returns them all), but the batch shows one.
    expect(r.items.map((i) => i.id).sort()).toEqual([a!.id, b!.id, c!.id].sort());
    expect(store.listItems({ batchId: r.batch.id }).map((i) => i.id)).toEqual([b!.id]);
    expect(store.heldCount()).toBe(0);
  });

  it('makes no batch of done items alone: they wait, still held, for one with something in it', () => {
    const [a] = store.insertItems([makeNewItem()]).inserted;
    store.doneElsewhere('acc-mail', [a!.externalId]);
    expect(store.releaseHeld({ atMs: STORE_T0, trigger: 'slot', slotMs: STORE_T0 })).toBeNull();
    expect(store.lastSlotMs()).toBe(STORE_T0);
    expect(store.getItems([a!.id])[0]).toMatchObject({ state: 'held', done: true });
    const [b] = store.insertItems([makeNewItem()]).inserted;
    const r = store.releaseHeld({ atMs: STORE_T0 + 1, trigger: 'manual', slotMs: null })!;
    expect(r.batch.itemCount).toBe(1);
    expect(store.getItems([a!.id, b!.id]).map((i) => i.batchId)).toEqual([r.batch.id, r.batch.id]);
  });
});

describe('snooze', () => {
  it('puts released items back in the queue, to be released once more with the next batch', () => {
    const ids = store.insertItems([makeNewItem(), makeNewItem()]).inserted.map((i) => i.id);
    const first = store.releaseHeld({ atMs: STORE_T0 + HOUR, trigger: 'slot', slotMs: null })!;
    store.setDone([ids[0]!], true);
    store.snooze([ids[0]!], STORE_T0 + 2 * HOUR);
    const [snoozed] = store.getItems([ids[0]!]);
    expect(snoozed).toMatchObject({
      state: 'held',
      batchId: null,
      snoozedAtMs: STORE_T0 + 2 * HOUR,
      done: false,
    });
    // The hard cap counts from the snooze, not from ingestion.
    expect(store.oldestHeldAtMs()).toBe(STORE_T0 + 2 * HOUR);
    const second = store.releaseHeld({ atMs: STORE_T0 + 3 * HOUR, trigger: 'slot', slotMs: null })!;
    expect(second.items.map((i) => i.id)).toEqual([ids[0]]);
    expect(second.batch.id).not.toBe(first.batch.id);
    expect(store.releaseHeld({ atMs: STORE_T0 + 4 * HOUR, trigger: 'slot', slotMs: null })).toBeNull();
  });

  it('leaves held items alone and ignores unknown ids', () => {
    const [item] = store.insertItems([makeNewItem()]).inserted;
    store.snooze([item!.id, 999], STORE_T0 + HOUR);
    expect(store.getItems([item!.id])[0]!.snoozedAtMs).toBeNull();
  });
});

describe('listItems', () => {
  it('lists newest first and pages by beforeId', () => {
    const ids = store.insertItems(Array.from({ length: 7 }, () => makeNewItem())).inserted.map((i) => i.id);
    const page1 = store.listItems({ limit: 3 });
    expect(page1.map((i) => i.id)).toEqual(ids.slice(-3).reverse());
    const page2 = store.listItems({ limit: 3, beforeId: page1.at(-1)!.id });
    expect(page2.map((i) => i.id)).toEqual(ids.slice(1, 4).reverse());
    const page3 = store.listItems({ limit: 3, beforeId: page2.at(-1)!.id });
    expect(page3.map((i) => i.id)).toEqual([ids[0]]);
  });

  it('filters by source, account, state and batch, and combines filters', () => {
    store.insertItems([
      makeNewItem({ accountId: 'm1', source: 'imap', title: 'a' }),
      makeNewItem({ accountId: 's1', source: 'slack', title: 'b' }),
      makeNewItem({ accountId: 's1', source: 'slack', title: 'c', state: 'delivered' }),
    ]);
    const batch = store.releaseHeld({ atMs: STORE_T0, trigger: 'manual', slotMs: null })!.batch;
    store.insertItems([makeNewItem({ accountId: 'm1', source: 'imap', title: 'd' })]);
    const titles = (f: Parameters<Store['listItems']>[0]): string[] => store.listItems(f).map((i) => i.title);
    expect(titles({ source: 'slack' })).toEqual(['c', 'b']);
    expect(titles({ accountId: 'm1' })).toEqual(['d', 'a']);
    expect(titles({ accountId: 'nobody' })).toEqual([]);
    expect(titles({ state: 'held' })).toEqual(['d']);
    expect(titles({ state: 'released' })).toEqual(['b', 'a']);
    expect(titles({ batchId: batch.id })).toEqual(['b', 'a']);
    expect(titles({ batchId: batch.id, source: 'imap' })).toEqual(['a']);
    expect(titles({ state: 'delivered', source: 'slack' })).toEqual(['c']);
  });

  it('searches title, sender and preview case-insensitively, with % and _ taken literally', () => {
    store.insertItems([
      makeNewItem({ title: 'Budget 100% final', preview: 'p' }),
      makeNewItem({ title: 'Budget 1000 final', preview: 'p' }),
      makeNewItem({ title: 'snake_case', preview: 'p' }),
      makeNewItem({ title: 'snakeXcase', preview: 'p' }),
      makeNewItem({ title: 't', preview: 'the OUTAGE is over', sender: { name: 'n', address: 'a@x' } }),
      makeNewItem({ title: 't', preview: 'p', sender: { name: 'Zed Shaw', address: 'z@x' } }),
      makeNewItem({ title: 't', preview: 'p', sender: { name: 'n', address: 'quinn@corp.example' } }),
      makeNewItem({ title: 'back\\slash', preview: 'p' }),
    ]);
    const titles = (text: string): string[] => store.listItems({ text }).map((i) => i.title);
    expect(titles('100%')).toEqual(['Budget 100% final']);
    expect(titles('snake_')).toEqual(['snake_case']);
    expect(titles('outage')).toEqual(['t']);
    expect(store.listItems({ text: 'zed' }).map((i) => i.sender.name)).toEqual(['Zed Shaw']);
    expect(store.listItems({ text: 'CORP.example' }).map((i) => i.sender.address)).toEqual([
      'quinn@corp.example',
    ]);
    expect(titles('k\\s')).toEqual(['back\\slash']);
    expect(titles('   ')).toHaveLength(8);
  });

  it('hides done items unless asked', () => {
    const ids = store
      .insertItems([makeNewItem({ title: 'one' }), makeNewItem({ title: 'two' })])
      .inserted.map((i) => i.id);
    store.setDone([ids[0]!], true);
    expect(store.listItems({}).map((i) => i.title)).toEqual(['two']);
    expect(store.listItems({ includeDone: true }).map((i) => [i.title, i.done])).toEqual([
      ['two', false],
      ['one', true],
    ]);
    store.setDone([ids[0]!], false);
    expect(store.listItems({})).toHaveLength(2);
  });

  it('clamps the limit', () => {
    store.insertItems(Array.from({ length: 3 }, () => makeNewItem()));
    expect(store.listItems({ limit: 0 })).toHaveLength(1);
    expect(store.listItems({})).toHaveLength(3);
  });
});

describe('getItems', () => {
  it('returns items in the order asked and skips unknown ids', () => {
    const ids = store.insertItems([makeNewItem(), makeNewItem(), makeNewItem()]).inserted.map((i) => i.id);
    expect(store.getItems([ids[2]!, 12345, ids[0]!]).map((i) => i.id)).toEqual([ids[2], ids[0]]);
    expect(store.getItems([])).toEqual([]);
  });
});

describe('listBatches', () => {
  it('lists newest first and pages by beforeId', () => {
    const batches = [];
    for (let i = 0; i < 5; i++) {
      store.insertItems([makeNewItem()]);
      batches.push(store.releaseHeld({ atMs: STORE_T0 + i, trigger: 'manual', slotMs: null })!.batch);
    }
    const first = store.listBatches(undefined, 2);
    expect(first.map((b) => b.id)).toEqual([batches[4]!.id, batches[3]!.id]);
    expect(store.listBatches(first[1]!.id, 10).map((b) => b.id)).toEqual([
      batches[2]!.id,
      batches[1]!.id,
      batches[0]!.id,
    ]);
  });
});

describe('iterateItemsSince', () => {
  it('yields items ingested at or after the time, oldest first, across pages', () => {
    const items = Array.from({ length: 1234 }, (_, i) =>
      makeNewItem({ ingestedAtMs: STORE_T0 + Math.floor(i / 3) }),
    );
    // Insert out of order so id order and time order differ.
    store.insertItems(items.slice(600));
    store.insertItems(items.slice(0, 600));
    const got = [...store.iterateItemsSince(STORE_T0 + 10)];
    expect(got).toHaveLength(1234 - 30);
    for (let i = 1; i < got.length; i++) {
      const a = got[i - 1]!;
      const b = got[i]!;
      expect(a.ingestedAtMs < b.ingestedAtMs || (a.ingestedAtMs === b.ingestedAtMs && a.id < b.id)).toBe(
        true,
      );
    }
    expect(got[0]!.ingestedAtMs).toBe(STORE_T0 + 10);
    expect(new Set(got.map((i) => i.id)).size).toBe(got.length);
  });

  it('can stop early and interleave with writes', () => {
    store.insertItems(Array.from({ length: 1200 }, () => makeNewItem()));
    const it = store.iterateItemsSince(0);
    it.next();
    store.insertItems([makeNewItem()]);
    let n = 1;
    for (const _ of it) n++;
    expect(n).toBe(1201);
  });
});

const settings: Settings = {
  schedule: { timeZone: 'Europe/Berlin', blocks: [{ weekday: 1, startMin: 540, endMin: 720 }] },
  batching: {
    cadence: { kind: 'times', times: ['10:00', '13:00'] },
    releaseAtFocusEnd: true,
    outsideFocus: 'deliver',
    maxWaitMin: 240,
  },
  general: {
    startAtLogin: false,
    sounds: true,
    retentionDays: 30,
    globalShortcut: 'CommandOrControl+Shift+L',
    theme: 'system',
  },
};

describe('settings', () => {
  it('round-trips settings', () => {
    expect(store.getSettings()).toBeNull();
    store.setSettings(settings);
    reopen();
    expect(store.getSettings()).toEqual(settings);
    const changed = { ...settings, general: { ...settings.general, theme: 'dark' as const } };
    store.setSettings(changed);
    expect(store.getSettings()).toEqual(changed);
  });
});

function rule(id: string, name = id): Rule {
  return {
    id,
    name,
    enabled: true,
    match: {
      senders: ['@boss.example'],
      keywords: ['outage'],
      hints: [],
      accounts: [],
      containers: [],
      sources: [],
      repeat: null,
    },
    action: 'deliver',
    limitPerHour: null,
  };
}

describe('rules', () => {
  it('saves each set as a new version and keeps the old ones', () => {
    expect(store.getRuleSet()).toBeNull();
    const v1 = store.saveRules([rule('a')], STORE_T0);
    const v2 = store.saveRules([rule('a'), rule('b')], STORE_T0 + 1);
    expect(v1).toEqual({ version: 1, rules: [rule('a')] });
    expect(v2.version).toBe(2);
    reopen();
    expect(store.getRuleSet()).toEqual(v2);
    expect(store.getRuleSetVersion(1)).toEqual(v1);
    expect(store.getRuleSetVersion(3)).toBeNull();
    expect(store.saveRules([], STORE_T0 + 2)).toEqual({ version: 3, rules: [] });
  });
});

describe('accounts and cursors', () => {
  const imap: StoredAccount = {
    id: 'acc-1',
    name: 'Work mail',
    enabled: true,
    config: {
      kind: 'imap',
      imap: makeImapConfig({
        username: 'me@example.com',
        folders: ['INBOX', 'Work/Ünïcode'],
        markReadOnDone: true,
        recentWindowMin: 60,
        address: '',
      }),
    },
  };
  const slack: StoredAccount = {
    id: 'acc-2',
    name: 'Slack',
    enabled: false,
    config: { kind: 'slack', slack: { teamId: 'T1', teamName: 'Acme', channels: ['C1'], mirrorFocus: true } },
  };

  it('round-trips account config exactly, in insertion order, and updates in place', () => {
    store.upsertAccount(imap);
    store.upsertAccount(slack);
    reopen();
    expect(store.listAccounts()).toEqual([imap, slack]);
    const renamed = { ...imap, name: 'Mail', enabled: false };
    store.upsertAccount(renamed);
    expect(store.listAccounts()).toEqual([renamed, slack]);
  });

  it('refuses a config carrying a secret, naming the key but not the value', () => {
    const bad = {
      ...slack,
      config: { kind: 'slack', slack: { ...slack.config, token: 'xoxp-very-secret' } },
    } as unknown as StoredAccount;
    let error: unknown;
    try {
      store.upsertAccount(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreInputError);
    expect((error as Error).message).toContain('config.slack.token');
    expect((error as Error).message).not.toContain('xoxp');
    expect(store.listAccounts()).toEqual([]);
  });

  it('keeps cursors per account and removes them with the account', () => {
    store.upsertAccount(imap);
    expect(store.getCursor('acc-1', 'INBOX')).toBeNull();
    store.setCursor('acc-1', 'INBOX', '{"uidValidity":1,"uid":10}');
    store.setCursor('acc-1', 'INBOX', '{"uidValidity":1,"uid":11}');
    store.setCursor('acc-2', 'INBOX', 'other');
    expect(store.getCursor('acc-1', 'INBOX')).toBe('{"uidValidity":1,"uid":11}');
    store.deleteAccount('acc-1');
    expect(store.listAccounts()).toEqual([]);
    expect(store.getCursor('acc-1', 'INBOX')).toBeNull();
    expect(store.getCursor('acc-2', 'INBOX')).toBe('other');
  });
});

describe('damage and lifecycle', () => {
  it('names what is damaged when stored JSON no longer parses', () => {
    store.setSettings(settings);
    store.setKv('focus', { a: 1 });
    store.close();
    const raw = openDb(dir.dbPath);
    raw.exec("UPDATE settings SET json = '{broken'; UPDATE kv SET value = 'nope'");
    raw.close();
    store = openStore(dir.dbPath);
    expect(() => store.getSettings()).toThrow(`The stored settings in ${dir.dbPath} is damaged`);
    expect(() => store.getKv('focus')).toThrow("value 'focus'");
  });

  it('closes twice without error', () => {
    store.close();
    expect(() => store.close()).not.toThrow();
    store = openStore(dir.dbPath);
  });
});

describe('kv and people', () => {
  it('round-trips JSON values and deletes on undefined', () => {
    expect(store.getKv('focus')).toBeUndefined();
    const value = { manualUntilMs: STORE_T0, endedBlockUntilMs: null, pausedUntilMs: null, list: [1, 'two'] };
    store.setKv('focus', value);
    store.setKv('demo', false);
    reopen();
    expect(store.getKv('focus')).toEqual(value);
    expect(store.getKv('demo')).toBe(false);
    store.setKv('demo', null);
    expect(store.getKv('demo')).toBeNull();
    store.setKv('demo', undefined);
    expect(store.getKv('demo')).toBeUndefined();
  });

  it('links addresses to person keys, case-insensitively', () => {
    expect(store.personKeyFor('ada@example.com')).toBeNull();
    store.linkPerson('U123ABC', 'ada@example.com');
    expect(store.personKeyFor('u123abc')).toBe('ada@example.com');
    store.linkPerson('u123abc', 'other');
    expect(store.personKeyFor('U123ABC ')).toBe('other');
  });

  it('looks up many links at once, case-insensitively, leaving unlinked addresses out', () => {
    for (let i = 0; i < 1200; i += 2) store.linkPerson(`U${i}`, `person-${i}`);
    const asked = Array.from({ length: 1200 }, (_, i) => (i % 4 === 0 ? `u${i}` : ` U${i}`));
    const found = store.personKeysFor(asked);
    expect(found.size).toBe(600);
    for (let i = 0; i < 1200; i++) expect(found.get(`u${i}`)).toBe(i % 2 === 0 ? `person-${i}` : undefined);
  });
});

describe('stats', () => {
  it('counts interruptions avoided and breakthroughs per local day, and breakthroughs per rule', () => {
    // 2025-06-02 23:30 UTC is already 2025-06-03 in Berlin (UTC+2).
    const lateMonday = Date.UTC(2025, 5, 2, 23, 30);
    nowMs = Date.UTC(2025, 5, 4, 12, 0);
    const hold = makeDecision({ action: 'hold', ruleId: 'focus-default' });
    const held = (atMs: number, ruleId = 'focus-default') =>
      makeNewItem({ ingestedAtMs: atMs, decision: { ...hold, ruleId } });
    store.insertItems([
      held(Date.UTC(2025, 5, 2, 9, 0)),
      held(Date.UTC(2025, 5, 2, 10, 0), 'paused'),
      held(Date.UTC(2025, 5, 2, 18, 0), 'outside-focus'), // outside focus, batching: not an interruption avoided
      makeNewItem({
        ingestedAtMs: Date.UTC(2025, 5, 2, 11, 0),
        state: 'muted',
        decision: makeDecision({ action: 'mute', ruleId: 'news' }),
      }),
      makeNewItem({
        ingestedAtMs: Date.UTC(2025, 5, 2, 11, 0),
        state: 'delivered',
        decision: makeDecision({ action: 'deliver', ruleId: 'vip' }),
      }),
      makeNewItem({
        ingestedAtMs: lateMonday,
        state: 'delivered',
        decision: makeDecision({ action: 'deliver', ruleId: 'vip' }),
      }),
      makeNewItem({
        ingestedAtMs: lateMonday,
        state: 'delivered',
        decision: makeDecision({ action: 'deliver', ruleId: 'gone' }),
      }),
      makeNewItem({
        ingestedAtMs: lateMonday,
        state: 'delivered',
        decision: makeDecision({ action: 'deliver', ruleId: 'outside-focus' }),
      }),
      held(lateMonday, 'batching'), // batching outside focus: not an interruption avoided
      // A rule's delivery counts as a breakthrough only in focus, as its decision records.
      makeNewItem({
        ingestedAtMs: lateMonday,
        state: 'delivered',
        decision: makeDecision({ action: 'deliver', ruleId: 'vip', inFocus: false }),
      }),
      makeNewItem({
        ingestedAtMs: lateMonday,
        state: 'delivered',
        decision: makeDecision({ action: 'deliver', ruleId: 'gone', inFocus: true }),
      }),
      held(Date.UTC(2025, 5, 1, 9, 0)), // before the range
    ]);
    const stats = store.stats(Date.UTC(2025, 5, 1, 22, 0), 'Europe/Berlin', new Map([['vip', 'VIPs']]));
    expect(stats.days).toEqual([
      { day: '2025-06-02', interruptionsAvoided: 3, breakthroughs: 1 },
      { day: '2025-06-03', interruptionsAvoided: 0, breakthroughs: 3 },
      { day: '2025-06-04', interruptionsAvoided: 0, breakthroughs: 0 },
    ]);
    expect(stats.breakthroughsByRule).toEqual([
      { ruleId: 'gone', name: 'gone', count: 2 },
      { ruleId: 'vip', name: 'VIPs', count: 2 },
    ]);
  });

  it('uses the local day across a DST change and a 30-minute zone', () => {
    nowMs = Date.UTC(2025, 3, 6, 12, 0);
    // Lord Howe leaves DST on 2025-04-06 02:00 local (UTC+11 → UTC+10:30).
    store.insertItems([
      makeNewItem({ ingestedAtMs: Date.UTC(2025, 3, 5, 12, 50) }), // 23:50 on 5 Apr (UTC+11)
      makeNewItem({ ingestedAtMs: Date.UTC(2025, 3, 5, 13, 10) }), // 00:10 on 6 Apr
      makeNewItem({ ingestedAtMs: Date.UTC(2025, 3, 6, 13, 20) }), // 23:50 on 6 Apr (UTC+10:30)
      makeNewItem({ ingestedAtMs: Date.UTC(2025, 3, 6, 13, 40) }), // 00:10 on 7 Apr
    ]);
    nowMs = Date.UTC(2025, 3, 6, 14, 0);
    const days = store.stats(Date.UTC(2025, 3, 5, 0, 0), 'Australia/Lord_Howe', new Map()).days;
    expect(days).toEqual([
      { day: '2025-04-05', interruptionsAvoided: 1, breakthroughs: 0 },
      { day: '2025-04-06', interruptionsAvoided: 2, breakthroughs: 0 },
      { day: '2025-04-07', interruptionsAvoided: 1, breakthroughs: 0 },
    ]);
  });

  it('averages the wait of released items from ingestion (or snooze) to their batch, over batches since the time', () => {
    nowMs = STORE_T0 + DAY;
    store.insertItems([
      makeNewItem({ ingestedAtMs: STORE_T0 }),
      makeNewItem({ ingestedAtMs: STORE_T0 + 30 * MIN }),
    ]);
    store.releaseHeld({ atMs: STORE_T0 + HOUR, trigger: 'slot', slotMs: null });
    expect(store.stats(STORE_T0, 'UTC', new Map()).averageWaitMin).toBe(45);
    // Counted over batches released since the start of the range.
    expect(store.stats(STORE_T0 + HOUR, 'UTC', new Map()).averageWaitMin).toBe(45);
    expect(store.stats(STORE_T0 + HOUR + 1, 'UTC', new Map()).averageWaitMin).toBe(0);
    // A snoozed item waits from its snooze.
    store.snooze([store.listItems({ limit: 1 })[0]!.id], STORE_T0 + 2 * HOUR);
    store.releaseHeld({ atMs: STORE_T0 + 2 * HOUR + 10 * MIN, trigger: 'slot', slotMs: null });
    expect(store.stats(STORE_T0 + 2 * HOUR, 'UTC', new Map()).averageWaitMin).toBe(10);
  });
});

describe('prune', () => {
  it('deletes old non-held items, never held ones, and keeps recent catch-up of old mail', () => {
    const cutoff = STORE_T0;
    const old = { receivedAtMs: cutoff - DAY, ingestedAtMs: cutoff - DAY };
    const ids = store
      .insertItems([
        makeNewItem({ ...old, title: 'old released' }),
        makeNewItem({ ...old, title: 'old held' }),
        makeNewItem({ ...old, title: 'old delivered', state: 'delivered' }),
        makeNewItem({ ...old, title: 'old muted', state: 'muted' }),
        makeNewItem({
          receivedAtMs: cutoff - DAY,
          ingestedAtMs: cutoff + 1,
          title: 'old mail, fetched now',
          state: 'delivered',
        }),
        makeNewItem({ receivedAtMs: cutoff + 1, ingestedAtMs: cutoff + 1, title: 'new', state: 'delivered' }),
      ])
      .inserted.map((i) => i.id);
    store.releaseHeld({ atMs: cutoff - HOUR, trigger: 'slot', slotMs: cutoff - HOUR });
    store.snooze([ids[1]!], cutoff - MIN); // 'old held' is held again
    store.addRejected({ accountId: 'a', atMs: cutoff - DAY, reason: 'r', excerpt: '' });
    store.addRejected({ accountId: 'a', atMs: cutoff + 1, reason: 'r', excerpt: '' });
    expect(store.prune(cutoff)).toBe(3);
    expect(store.listItems({ includeDone: true }).map((i) => i.title)).toEqual([
      'new',
      'old mail, fetched now',
      'old held',
    ]);
    expect(store.countRejected()).toBe(1);
    // The newest ledger slot survives for catch-up.
    expect(store.lastSlotMs()).toBe(cutoff - HOUR);
    // Batches stay as history.
    expect(store.listBatches(undefined, 10)).toHaveLength(1);
  });
});
