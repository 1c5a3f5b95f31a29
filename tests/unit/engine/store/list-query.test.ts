import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ItemFilter } from '../../../../electron/shared/contract';
import type { Db } from '../../../../electron/engine/store/db';
import { openDb } from '../../../../electron/engine/store/db';
import { listQuery } from '../../../../electron/engine/store/list-query';
import { migrate } from '../../../../electron/engine/store/migrate';
import { StoreInputError } from '../../../../electron/engine/store/store-errors';
import { queryPlan, tempStoreDir } from '../../../support/store-fixtures';

let dir: ReturnType<typeof tempStoreDir>;
let db: Db;
beforeEach(() => {
  dir = tempStoreDir('store-list-query');
  db = openDb(dir.dbPath);
  migrate(db);
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

/** The plan SQLite picks for a filter, as one string. */
function plan(filter: ItemFilter): string {
  const { sql, params } = listQuery(filter, 1, 'id');
  return queryPlan(db, sql, params);
}

describe('listQuery', () => {
  it('steers every filter to its most selective index, and never sorts', () => {
    const cases: [ItemFilter, string][] = [
      [{ state: 'held' }, 'items_held'],
      [{ state: 'held', source: 'imap', accountId: 'a' }, 'items_held'],
      [{ batchId: 3 }, 'items_batch'],
      [{ batchId: 3, source: 'slack', accountId: 'a' }, 'items_batch'],
      [{ accountId: 'a' }, 'items_account'],
      [{ accountId: 'a', source: 'imap', text: 'x' }, 'items_account'],
      [{ source: 'teams' }, 'items_source'],
      [{ source: 'teams', text: 'budget', beforeId: 99 }, 'items_source'],
    ];
    for (const [filter, index] of cases) {
      const p = plan(filter);
      expect(p, JSON.stringify(filter)).toContain(index);
      expect(p, JSON.stringify(filter)).not.toContain('TEMP B-TREE');
    }
    // No filter: walk the table newest first.
    expect(plan({})).not.toContain('TEMP B-TREE');
  });

  it('escapes LIKE wildcards and clamps the limit', () => {
    const { sql, params } = listQuery({ text: ' 50%_off\\ ', limit: 50_000 }, 0, 'id');
    expect(sql).toContain("ESCAPE '\\'");
    expect(params).toEqual([
      '%50\\%\\_off\\\\%',
      '%50\\%\\_off\\\\%',
      '%50\\%\\_off\\\\%',
      '%50\\%\\_off\\\\%',
      10_000,
    ]);
  });

  it('refuses an unknown state instead of putting it into SQL', () => {
    expect(() => listQuery({ state: "held' OR 1=1 --" as 'held' }, 0, 'id')).toThrow(StoreInputError);
  });
});
