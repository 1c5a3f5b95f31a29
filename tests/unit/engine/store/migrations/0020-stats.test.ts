import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/engine/store/db';
import { openDb } from '../../../../../electron/engine/store/db';
import { migrate, userVersion } from '../../../../../electron/engine/store/migrate';
import { migration as m0010 } from '../../../../../electron/engine/store/migrations/0010-initial';
import { migration as m0020 } from '../../../../../electron/engine/store/migrations/0020-stats';
import { queryPlan, tempStoreDir } from '../../../../support/store-fixtures';

let dir: ReturnType<typeof tempStoreDir>;
let db: Db;
beforeEach(() => {
  dir = tempStoreDir('store-0020');
  db = openDb(dir.dbPath);
  db.exec('PRAGMA foreign_keys = ON');
  migrate(db, [m0010]);
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

function addItem(
  externalId: string,
  ingestedAtMs: number,
  batchId: number | null,
  snoozedAtMs: number | null = null,
): void {
  db.prepare(
    `INSERT INTO items (account_key, external_id, source, state, batch_id, snoozed_at_ms, received_at_ms, ingested_at_ms, hints,
       decision_id, container, sender_name, sender_address, title, preview, link)
     VALUES (1, ?, 'imap', ?, ?, ?, 0, ?, 0, 1, '', '', '', '', '', '')`,
  ).run([externalId, batchId === null ? 'held' : 'released', batchId, snoozedAtMs, ingestedAtMs]);
}

describe('migration 0020-stats', () => {
  it('backfills each batch with the summed wait of its items', () => {
    db.exec(`INSERT INTO batches (id, released_at_ms, trigger, item_count, people_count, thread_count) VALUES
      (1, 10000, 'slot', 2, 1, 1), (2, 50000, 'slot', 1, 1, 1)`);
    addItem('a', 4000, 1); // waited 6000
    addItem('b', 9000, 1); // waited 1000
    addItem('c', 10000, 2, 45000); // snoozed: waited 5000
    addItem('d', 60000, null); // held: no batch
    migrate(db, [m0010, m0020]);
    expect(userVersion(db)).toBe(20);
    const sums = db
      .prepare('SELECT id, wait_ms_sum FROM batches ORDER BY id')
      .all<{ id: number; wait_ms_sum: number }>();
    expect(sums.map((r) => [r.id, r.wait_ms_sum])).toEqual([
      [1, 7000],
      [2, 5000],
    ]);
  });

  it('makes items_ingested cover decision_id, so daily counts read only the index', () => {
    migrate(db, [m0010, m0020]);
    const cols = db
      .prepare("SELECT name FROM pragma_index_info('items_ingested') ORDER BY seqno")
      .all<{ name: string }>()
      .map((r) => r.name);
    expect(cols).toEqual(['ingested_at_ms', 'decision_id']);
    const plan = queryPlan(
      db,
      'SELECT ingested_at_ms / 900000 AS q, decision_id, count(*) FROM items WHERE ingested_at_ms >= 0 GROUP BY 1, 2',
    );
    expect(plan).toContain('COVERING INDEX items_ingested');
  });
});
