import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/engine/store/db';
import { openDb } from '../../../../../electron/engine/store/db';
import { migrate, userVersion } from '../../../../../electron/engine/store/migrate';
import { MIGRATIONS } from '../../../../../electron/engine/store/migrations';
import { openStore } from '../../../../../electron/engine/store/store';
import { queryPlan, tempStoreDir } from '../../../../support/store-fixtures';

const BEFORE = MIGRATIONS.filter((m) => m.version < 50);

let dir: ReturnType<typeof tempStoreDir>;
let db: Db;
beforeEach(() => {
  dir = tempStoreDir('store-0050');
  db = openDb(dir.dbPath);
  migrate(db, BEFORE);
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

describe('migration 0050-held-waiting', () => {
  it('indexes the items stored before it: counts and the oldest wait read the same as before', () => {
    // id, source, state, batch, done, snoozed at, ingested at
    const rows: [number, string, string, number | null, number, number | null, number][] = [
      [1, 'imap', 'held', null, 0, null, 5000],
      [2, 'slack', 'held', null, 0, 9000, 1000], // snoozed: it waits from 9000, not 1000
      [3, 'imap', 'held', null, 1, null, 100], // read elsewhere: not waiting to the user
      [4, 'imap', 'released', 1, 0, null, 50],
      [5, 'teams', 'delivered', null, 0, null, 10],
      [6, 'imap', 'held', null, 0, null, 7000],
    ];
    db.exec(`
      INSERT INTO account_keys (key, account_id) VALUES (1, 'acc');
      INSERT INTO decisions (id, action, rule_id, body) VALUES (1, 'hold', 'focus-default', '["hold","focus-default","Held for focus",[],0]');
      INSERT INTO batches (id, released_at_ms, trigger, item_count, people_count, thread_count) VALUES (1, 60, 'manual', 1, 1, 1);
    `);
    const insert = db.prepare(
      `INSERT INTO items (id, account_key, external_id, source, state, batch_id, done, snoozed_at_ms, received_at_ms,
        ingested_at_ms, hints, decision_id, container, sender_name, sender_address, title, preview, link, ext_hash)
       VALUES (?, 1, ?, ?, ?, ?, ?, ?, 1, ?, 0, 1, 'INBOX', 'Ann', 'ann@x', 't', '', '', ?)`,
    );
    for (const [id, source, state, batch, done, snoozed, ingested] of rows)
      insert.run([id, `m${id}`, source, state, batch, done, snoozed, ingested, id]);
    db.close();
    const store = openStore(dir.dbPath);
    try {
      expect(store.heldCount()).toBe(3);
      expect(store.heldBySource()).toEqual({ imap: 2, slack: 1, teams: 0, webhook: 0, demo: 0 });
      expect(store.oldestHeldAtMs()).toBe(5000);
    } finally {
      store.close();
    }
    db = openDb(dir.dbPath);
    expect(userVersion(db)).toBe(MIGRATIONS.at(-1)?.version); // openStore ran every migration
    const index = db
      .prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'items_waiting'`)
      .get<{ sql: string }>();
    expect(index?.sql).toContain("WHERE state = 'held' AND done = 0");
    // The count reads the index alone: no held row is read from the table.
    expect(
      queryPlan(db, "SELECT count(*) FROM items INDEXED BY items_waiting WHERE state = 'held' AND done = 0"),
    ).toContain('COVERING INDEX items_waiting');
  });
});
