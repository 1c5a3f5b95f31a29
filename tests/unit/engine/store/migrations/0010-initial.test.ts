import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/engine/store/db';
import { openDb } from '../../../../../electron/engine/store/db';
import { migrate, userVersion } from '../../../../../electron/engine/store/migrate';
import { migration } from '../../../../../electron/engine/store/migrations/0010-initial';
import { queryPlan, tempStoreDir } from '../../../../support/store-fixtures';

let dir: ReturnType<typeof tempStoreDir>;
let db: Db;
beforeEach(() => {
  dir = tempStoreDir('store-0010');
  db = openDb(dir.dbPath);
  db.exec('PRAGMA foreign_keys = ON');
  migrate(db, [migration]);
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

const TABLES = [
  'account_keys',
  'accounts',
  'batches',
  'cursors',
  'decisions',
  'items',
  'kv',
  'person_links',
  'rejected',
  'release_ledger',
  'rule_sets',
  'settings',
];

function insertItem(values: Record<string, string | number | null>): void {
  const row: Record<string, string | number | null> = {
    account_key: 1,
    external_id: 'e1',
    source: 'imap',
    state: 'held',
    received_at_ms: 1,
    ingested_at_ms: 1,
    hints: 0,
    decision_id: 1,
    container: '',
    sender_name: '',
    sender_address: '',
    title: '',
    preview: '',
    link: '',
    ...values,
  };
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO items (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
    Object.values(row),
  );
}

describe('migration 0010-initial', () => {
  it('sets user_version 10 and creates every table as STRICT', () => {
    expect(userVersion(db)).toBe(10);
    const tables = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all<{ name: string; strict: number }>();
    expect(tables.map((t) => t.name)).toEqual(TABLES);
    expect(tables.every((t) => t.strict === 1)).toBe(true);
  });

  it('creates exactly the item indexes the queries need', () => {
    const indexes = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'items' AND sql IS NOT NULL ORDER BY name",
      )
      .all<{ name: string }>()
      .map((r) => r.name);
    expect(indexes).toEqual(['items_account', 'items_batch', 'items_held', 'items_ingested', 'items_source']);
  });

  it('enforces dedupe, types, states and the released ⇔ batch rule', () => {
    db.exec(
      "INSERT INTO account_keys (account_id) VALUES ('a'); INSERT INTO decisions (action, rule_id, body) VALUES ('hold', 'r', '[]')",
    );
    insertItem({});
    expect(() => insertItem({})).toThrow(/UNIQUE/);
    expect(() => insertItem({ external_id: 'e2', received_at_ms: 'soon' })).toThrow();
    expect(() => insertItem({ external_id: 'e3', state: 'lost' })).toThrow(/CHECK/);
    expect(() => insertItem({ external_id: 'e4', state: 'released' })).toThrow(/CHECK/);
    expect(() => insertItem({ external_id: 'e5', batch_id: 99, state: 'released' })).toThrow(/FOREIGN KEY/);
    db.exec(
      "INSERT INTO batches (released_at_ms, trigger, item_count, people_count, thread_count) VALUES (1, 'slot', 1, 1, 1)",
    );
    insertItem({ external_id: 'e6', state: 'released', batch_id: 1 });
    expect(() =>
      db.exec(
        "INSERT INTO batches (released_at_ms, trigger, item_count, people_count, thread_count) VALUES (1, 'slot', 0, 0, 0)",
      ),
    ).toThrow(/CHECK/);
  });

  it('uses the partial held index for held-item queries', () => {
    expect(queryPlan(db, "SELECT id FROM items WHERE state = 'held' ORDER BY id")).toContain('items_held');
  });
});
