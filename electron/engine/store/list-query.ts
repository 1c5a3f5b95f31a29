/**
 * The SQL for listItems: newest first, filters combined with AND, and the planner steered to the
 * most selective index.
 */
import type { ItemFilter } from '../../shared/contract';
import type { SqlParam } from './db';
import { StoreInputError } from './store-errors';

export const ITEM_STATES: ReadonlySet<string> = new Set(['held', 'delivered', 'muted', 'released']);

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * @param accountKey the interned key of filter.accountId (ignored when the filter names no account).
 * @param columns the SELECT list.
 */
export function listQuery(
  filter: ItemFilter,
  accountKey: number,
  columns: string,
): { sql: string; params: SqlParam[] } {
  if (filter.state !== undefined && !ITEM_STATES.has(filter.state)) {
    throw new StoreInputError('state', `Unknown item state ${String(filter.state)}`);
  }
  const where: string[] = [];
  const params: SqlParam[] = [];
  // Steer SQLite to the most selective index: held rows (few), then one batch, then one account,
  // then one source. A unary + on the other columns keeps the planner from scanning a wide index
  // (e.g. every imap row) to find the few held ones.
  const lead =
    filter.state === 'held'
      ? 'held'
      : filter.batchId !== undefined
        ? 'batch'
        : filter.accountId !== undefined
          ? 'account'
          : 'source';
  const col = (name: string, owner: typeof lead): string => (lead === owner ? name : `+${name}`);
  if (filter.batchId !== undefined) {
    where.push(`${col('batch_id', 'batch')} = ?`);
    params.push(filter.batchId);
  }
  if (filter.state !== undefined) {
    // A literal, not a parameter: only then can SQLite use the partial index on held rows.
    where.push(`state = '${filter.state}'`);
  }
  if (filter.source !== undefined) {
    where.push(`${col('source', 'source')} = ?`);
    params.push(filter.source);
  }
  if (filter.accountId !== undefined) {
    where.push(`${col('account_key', 'account')} = ?`);
    params.push(accountKey);
  }
  const text = filter.text?.trim();
  if (text) {
    const like = `%${escapeLike(text)}%`;
    // Shortest columns first: OR stops at the first match.
    where.push(
      "(title LIKE ? ESCAPE '\\' OR sender_name LIKE ? ESCAPE '\\' OR sender_address LIKE ? ESCAPE '\\' OR preview LIKE ? ESCAPE '\\')",
    );
    params.push(like, like, like, like);
  }
  if (!filter.includeDone) where.push('done = 0');
  if (filter.beforeId !== undefined) {
    where.push('id < ?');
    params.push(filter.beforeId);
  }
  params.push(Math.min(10_000, Math.max(1, Math.floor(filter.limit ?? 200))));
  const sql = `SELECT ${columns} FROM items${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  return { sql, params };
}
