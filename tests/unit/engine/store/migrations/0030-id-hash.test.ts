import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/engine/store/db';
import { openDb } from '../../../../../electron/engine/store/db';
import { hash53 } from '../../../../../electron/core/hash';
import { migrate, userVersion } from '../../../../../electron/engine/store/migrate';
import { migration as m0010 } from '../../../../../electron/engine/store/migrations/0010-initial';
import { migration as m0020 } from '../../../../../electron/engine/store/migrations/0020-stats';
import { migration as m0030 } from '../../../../../electron/engine/store/migrations/0030-id-hash';
import { queryPlan, tempStoreDir } from '../../../../support/store-fixtures';

let dir: ReturnType<typeof tempStoreDir>;
let db: Db;
beforeEach(() => {
  dir = tempStoreDir('store-0030');
  db = openDb(dir.dbPath);
  db.exec('PRAGMA foreign_keys = ON');
  migrate(db, [m0010, m0020]);
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

function addItem(accountKey: number, externalId: string, title: string): void {
  db.prepare(
    `INSERT INTO items (account_key, external_id, source, state, received_at_ms, ingested_at_ms, hints,
       decision_id, container, sender_name, sender_address, title, preview, link)
     VALUES (?, ?, 'imap', 'held', 0, 0, 0, 1, 'INBOX', '', '', ?, '', '')`,
  ).run([accountKey, externalId, title]);
}

const plan = (sql: string): string => queryPlan(db, sql);

describe('migration 0030-id-hash', () => {
  it('keeps every item and its id, and sets the hash of its external id', () => {
    // One transaction: 12,000 commits would each wait for the disk (15 s here, over a minute under load).
    db.transaction(() => {
      for (let i = 0; i < 12_000; i++) addItem(1 + (i % 2), `<m${i}@example.com>`, `t${i}`);
    });
    migrate(db, [m0010, m0020, m0030]);
    expect(userVersion(db)).toBe(30);
    const rows = db
      .prepare('SELECT id, account_key, external_id, title, ext_hash FROM items ORDER BY id')
      .all<{
        id: number;
        account_key: number;
        external_id: string;
        title: string;
        ext_hash: number | null;
      }>();
    expect(rows).toHaveLength(12_000);
    rows.forEach((r, i) => {
      expect(r).toEqual({
        id: i + 1,
        account_key: 1 + (i % 2),
        external_id: `<m${i}@example.com>`,
        title: `t${i}`,
        ext_hash: hash53(`<m${i}@example.com>`),
      });
    });
  });

  it('never reuses an id, even when the newest items were deleted before the migration', () => {
    for (let i = 0; i < 5; i++) addItem(1, `e${i}`, 't');
    db.exec('DELETE FROM items WHERE id >= 4');
    migrate(db, [m0010, m0020, m0030]);
    addItem(1, 'after', 't');
    expect(db.prepare("SELECT id FROM items WHERE external_id = 'after'").get<{ id: number }>()?.id).toBe(6);
  });

  it('keeps the high-water mark when every item had been deleted', () => {
    for (let i = 0; i < 3; i++) addItem(1, `e${i}`, 't');
    db.exec('DELETE FROM items');
    migrate(db, [m0010, m0020, m0030]);
    addItem(1, 'after', 't');
    expect(db.prepare("SELECT id FROM items WHERE external_id = 'after'").get<{ id: number }>()?.id).toBe(4);
  });

  it('makes (account, hash) the unique key instead of the text, and keeps every query index', () => {
    migrate(db, [m0010, m0020, m0030]);
    addItem(1, 'same', 'a');
    // The text alone is no longer unique: the store decides by hash, then by text.
    expect(() => addItem(1, 'same', 'b')).not.toThrow();
    db.exec("UPDATE items SET ext_hash = 7 WHERE title = 'a'");
    expect(() => db.exec("UPDATE items SET ext_hash = 7 WHERE title = 'b'")).toThrow(/UNIQUE/);
    const names = db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'items' AND sql IS NOT NULL",
      )
      .all<{ name: string }>()
      .map((r) => r.name)
      .sort();
    expect(names).toEqual([
      'items_account',
      'items_batch',
      'items_held',
      'items_ingested',
      'items_overflow',
      'items_source',
    ]);
    expect(plan('SELECT external_id FROM items WHERE account_key = 1 AND ext_hash = 5')).toContain(
      '(account_key=? AND ext_hash=?)',
    );
    expect(
      plan(
        'SELECT 1 FROM items INDEXED BY items_overflow WHERE account_key = 1 AND external_id = 1 AND ext_hash IS NULL',
      ),
    ).toContain('items_overflow (account_key=? AND external_id=?)');
  });

  it('still refuses a released item without a batch (the checks came along)', () => {
    migrate(db, [m0010, m0020, m0030]);
    expect(() =>
      db.exec(`INSERT INTO items (account_key, external_id, source, state, received_at_ms, ingested_at_ms, hints,
        decision_id, container, sender_name, sender_address, title, preview, link)
        VALUES (1, 'x', 'imap', 'released', 0, 0, 0, 1, '', '', '', '', '', '')`),
    ).toThrow(/CHECK/);
  });
});
