/**
 * Store test helpers: NewItem factories and a fresh folder under .tmp for real SQLite files.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Decision, ItemState, SourceKind } from '../../electron/core/types';
import { NO_HINTS } from '../../electron/core/types';
import type { Db, SqlParam } from '../../electron/engine/store/db';
import type { NewItem } from '../../electron/engine/store/store-types';

/** A fixed instant for store tests: Mon 2 Jun 2025 08:00 UTC. */
export const STORE_T0 = Date.UTC(2025, 5, 2, 8, 0);

export { NO_HINTS };

export function makeDecision(partial: Partial<Decision> = {}): Decision {
  return {
    action: 'hold',
    ruleId: 'focus-default',
    reason: 'Held for the next batch: you are in a focus block.',
    trace: [
      { ruleId: 'vip', matched: false, note: 'sender not in list' },
      { ruleId: 'outage', matched: false, note: 'no keyword found' },
    ],
    ...partial,
  };
}

let seq = 0;

/** A realistic held mail item; every field can be overridden. externalId is unique per call. */
export function makeNewItem(partial: Partial<NewItem> = {}): NewItem {
  seq++;
  const state: ItemState = partial.state ?? 'held';
  const source: SourceKind = partial.source ?? 'imap';
  return {
    accountId: 'acc-mail',
    source,
    externalId: `<msg-${seq}@example.com>`,
    threadKey: `thread-${seq}`,
    sender: { name: 'Ada Lovelace', address: 'ada@example.com' },
    title: `Quarterly planning notes, draft ${seq}`,
    preview: 'Here are the notes from today, please review the budget section before Friday.',
    receivedAtMs: STORE_T0,
    link: `message://%3Cmsg-${seq}@example.com%3E`,
    altLink: '',
    hints: NO_HINTS,
    container: 'INBOX',
    personKey: 'ada@example.com',
    ingestedAtMs: STORE_T0,
    decision: makeDecision(
      state === 'delivered'
        ? { action: 'deliver', ruleId: 'outside-focus', reason: 'Delivered: not in focus.' }
        : {},
    ),
    state,
    ...partial,
  };
}

/** A fresh folder under the project's ignored .tmp/ and a db path in it; cleanup removes both. */
export function tempStoreDir(prefix = 'store'): { dir: string; dbPath: string; cleanup: () => void } {
  const root = resolve(import.meta.dirname, '..', '..', '.tmp');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, `${prefix}-`));
  return { dir, dbPath: join(dir, 'lull.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The plan SQLite picks for a query, as one string (EXPLAIN QUERY PLAN's details, one per line). */
export function queryPlan(db: Db, sql: string, params: readonly SqlParam[] = []): string {
  return db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all<{ detail: string }>(params)
    .map((r) => r.detail)
    .join('\n');
}
