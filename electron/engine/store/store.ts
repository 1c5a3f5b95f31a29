/**
 * The durable store: SQLite in WAL mode with synchronous=FULL, so a commit is on disk before the
 * call returns (the hold queue survives a crash or power loss).
 *
 * Everything here is synchronous; the engine stays async around it. Statements are prepared once.
 * Items are read in pages (keyset pagination), never all at once.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ItemState, Rule, RuleSet, Settings, SourceKind, StoredItem } from '../../core/types';
import { SOURCE_KINDS } from '../../core/types';
import type { AccountConfig, BatchSummary, ItemFilter, Stats } from '../../shared/contract';
import { createLogger } from '../log';
import type { Db, SqlParam, Statement } from './db';
import { openDb, sqliteCode } from './db';
import { ITEM_STATES, listQuery } from './list-query';
import { hash53 } from '../../core/hash';
import { isBreakthrough } from '../../core/rules';
import { migrate } from './migrate';
import type { DecisionTemplate } from './codec';
import { bitsToHints, decisionFor, decodeDecision, encodeDecision, hintsToBits } from './codec';
import { StoreInputError, StoreOpenError } from './store-errors';
import type { CursorWrite, NewItem, OpenItem, ReleaseArgs, Store, StoredAccount } from './store-types';

const log = createLogger({ mod: 'store' });

export interface OpenStoreOptions {
  /** Clock for bookkeeping timestamps and the end of the stats range. */
  readonly now?: () => number;
  /** How long to wait for another connection's lock before giving up. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

/** Rows per page when iterating items. */
const PAGE_ROWS = 500;
/** Rule set versions kept; older ones are deleted when a new one is saved (undo needs only a few). */
const RULE_VERSIONS_KEPT = 100;
const REJECT_REASON_MAX = 500;
const REJECT_EXCERPT_MAX = 200;
const QUARTER_HOUR_MS = 15 * 60_000;
/** Stats list every day of a range up to this long (the contract asks for at most 90). */
const MAX_FILLED_DAYS = 400;
/** Config keys that would hold a secret. Secrets live in the keychain; the store refuses them. */
const SECRET_KEY =
  /^(password|passwd|secret|token|accesstoken|refreshtoken|usertoken|apptoken|bottoken|clientsecret|apikey)$/i;

interface BatchRow {
  readonly id: number;
  readonly released_at_ms: number;
  readonly trigger: string;
  readonly item_count: number;
  readonly people_count: number;
  readonly thread_count: number;
}

function batchFromRow(r: BatchRow): BatchSummary {
  return {
    id: r.id,
    releasedAtMs: r.released_at_ms,
    trigger: r.trigger as BatchSummary['trigger'],
    itemCount: r.item_count,
    peopleCount: r.people_count,
    threadCount: r.thread_count,
  };
}

function toOpenError(error: unknown, path: string): StoreOpenError {
  if (error instanceof StoreOpenError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  switch (sqliteCode(error)) {
    case 'SQLITE_NOTADB':
      return new StoreOpenError(
        'not-a-database',
        path,
        `The file ${path} is not a Lull database (SQLite: ${detail}). It was left as it is; move it away or choose another location.`,
        { cause: error },
      );
    case 'SQLITE_CORRUPT':
      return new StoreOpenError(
        'corrupt',
        path,
        `The database ${path} is damaged (SQLite: ${detail}). It was left as it is; restore a backup or move it away to start fresh.`,
        { cause: error },
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new StoreOpenError(
        'locked',
        path,
        `The database ${path} is locked by another process (is Lull already running?). Close it and try again.`,
        { cause: error },
      );
    default:
      return new StoreOpenError('cannot-open', path, `Cannot open the database ${path}: ${detail}`, {
        cause: error,
      });
  }
}

function finiteMs(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StoreInputError(field, `${field} must be a finite time in ms, got ${String(value)}`);
  }
  return Math.round(value);
}

function assertNoSecrets(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoSecrets(v, `${path}.${i}`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k) && v !== null && v !== '') {
        throw new StoreInputError(
          `${path}.${k}`,
          `${path}.${k} looks like a secret; secrets belong in the keychain, never in the database`,
        );
      }
      assertNoSecrets(v, `${path}.${k}`);
    }
  }
}

function idsJson(ids: readonly number[]): string {
  return JSON.stringify(ids.filter((id) => Number.isSafeInteger(id)));
}

/**
 * Opens (creating if needed) the store at `path` and migrates it to the newest schema.
 *
 * @throws StoreOpenError naming the file: not a database, corrupt, locked, too new, or cannot open.
 *   Nothing in the file is changed in any of these cases.
 */
export function openStore(path: string, opts: OpenStoreOptions = {}): Store {
  const now = opts.now ?? (() => Date.now());
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new StoreOpenError(
        'cannot-open',
        path,
        `Cannot open the database ${path}: it is a folder, not a file.`,
      );
    }
  } catch (error) {
    throw toOpenError(error, path);
  }
  let db: Db;
  try {
    db = openDb(path);
  } catch (error) {
    throw toOpenError(error, path);
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(opts.busyTimeoutMs ?? 5000))}`);
    // Reading the schema first makes a damaged or foreign file fail here, before any PRAGMA could write to it.
    db.prepare('SELECT count(*) AS n FROM sqlite_schema').get();
    const mode = db.prepare('PRAGMA journal_mode = WAL').get<{ journal_mode: string }>();
    if (mode?.journal_mode !== 'wal')
      throw new Error(`WAL mode is not available (journal_mode is ${mode?.journal_mode ?? 'unknown'})`);
    db.exec(
      'PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = 67108864; PRAGMA cache_size = -16000',
    );
    const { from, to } = migrate(db);
    if (from !== to) log.info('store migrated', { path, from, to });
    return new SqliteStore(db, now);
  } catch (error) {
    try {
      db.close();
    } catch {
      // Already failing; the open error is what matters.
    }
    throw toOpenError(error, path);
  }
}

/** Item columns in the order item rows (raw arrays) carry them. */
export const ITEM_COLUMNS =
  'id, account_key, external_id, source, state, batch_id, done, snoozed_at_ms, received_at_ms, ingested_at_ms, hints, ' +
  'decision_id, person_key, thread_key, container, sender_name, sender_address, title, preview, link, alt_link';
type ItemRow = [
  id: number,
  accountKey: number,
  externalId: string,
  source: string,
  state: string,
  batchId: number | null,
  done: number,
  snoozedAtMs: number | null,
  receivedAtMs: number,
  ingestedAtMs: number,
  hints: number,
  decisionId: number,
  personKey: string | null,
  threadKey: string | null,
  container: string,
  senderName: string,
  senderAddress: string,
  title: string,
  preview: string,
  link: string,
  altLink: string | null,
];
/** The columns an insert writes, in the order of its parameters; ext_hash is last. */
const INSERT_COLUMNS =
  'account_key, external_id, source, state, received_at_ms, ingested_at_ms, hints, decision_id, ' +
  'person_key, thread_key, container, sender_name, sender_address, title, preview, link, alt_link, ext_hash';
const INSERT_PARAMS = 18;
/** Rows per multi-row INSERT (18 parameters each, far below SQLite's limit of 32,766). */
const INSERT_CHUNK = 100;
/** Hashes per existence lookup. */
const LOOKUP_CHUNK = 1000;

/** An item checked and interned, waiting for its multi-row INSERT. */
interface PendingRow {
  readonly item: NewItem;
  readonly receivedAtMs: number;
  readonly ingestedAtMs: number;
  readonly accountKey: number;
  readonly decisionId: number;
  readonly hash: number;
}

/** The row's values in INSERT_COLUMNS order, written into params from offset at. */
function fillParams(params: SqlParam[], at: number, row: PendingRow): void {
  const item = row.item;
  params[at] = row.accountKey;
  params[at + 1] = item.externalId;
  params[at + 2] = item.source;
  params[at + 3] = item.state;
  params[at + 4] = row.receivedAtMs;
  params[at + 5] = row.ingestedAtMs;
  params[at + 6] = hintsToBits(item.hints);
  params[at + 7] = row.decisionId;
  params[at + 8] = item.personKey === item.sender.address ? null : item.personKey;
  params[at + 9] = item.threadKey === item.externalId ? null : item.threadKey;
  params[at + 10] = item.container;
  params[at + 11] = item.sender.name;
  params[at + 12] = item.sender.address;
  params[at + 13] = item.title;
  params[at + 14] = item.preview;
  params[at + 15] = item.link;
  params[at + 16] = item.altLink === '' ? null : item.altLink;
  params[at + 17] = row.hash;
}

/** Interning caches are cleared when they grow past this (they refill from the tables). */
const CACHE_MAX = 20_000;

/** Every fixed statement, prepared once at open. */
function prepareStatements(db: Db) {
  const p = (sql: string): Statement => db.prepare(sql);
  const rows = (sql: string): Statement => db.prepare(sql, { raw: true });
  return {
    accountKey: p('SELECT key FROM account_keys WHERE account_id = ?'),
    accountIdOf: p('SELECT account_id FROM account_keys WHERE key = ?'),
    insertAccountKey: p('INSERT INTO account_keys (account_id) VALUES (?)'),
    decisionId: p('SELECT id FROM decisions WHERE body = ?'),
    decisionBody: p('SELECT body FROM decisions WHERE id = ?'),
    insertDecision: p('INSERT INTO decisions (action, rule_id, body) VALUES (?, ?, ?)'),
    insertItem: p(
      `INSERT INTO items (${INSERT_COLUMNS}) VALUES (${new Array<string>(INSERT_PARAMS).fill('?').join(', ')})
       ON CONFLICT (account_key, ext_hash) DO NOTHING`,
    ),
    idAtHash: rows('SELECT external_id FROM items WHERE account_key = ? AND ext_hash = ?'),
    maxItemId: p('SELECT max(id) AS m FROM items'),
    itemsAbove: rows('SELECT account_key, ext_hash, id FROM items WHERE id > ?'),
    idsAtHashes: rows(
      'SELECT ext_hash, external_id FROM items WHERE account_key = ? AND ext_hash IN (SELECT value FROM json_each(?))',
    ),
    // INDEXED BY: without it the planner scans the hash index for the (almost never present) NULLs.
    hasOverflow: p('SELECT 1 AS x FROM items INDEXED BY items_overflow WHERE ext_hash IS NULL LIMIT 1'),
    inOverflow: p(
      'SELECT 1 AS x FROM items INDEXED BY items_overflow WHERE account_key = ? AND external_id = ? AND ext_hash IS NULL',
    ),
    addRejected: p('INSERT INTO rejected (account_id, at_ms, reason, excerpt) VALUES (?, ?, ?, ?)'),
    countRejected: p('SELECT count(*) AS n FROM rejected'),
    heldRows: rows(`SELECT ${ITEM_COLUMNS} FROM items WHERE state = 'held' ORDER BY id`),
    releaseHeld: p(`UPDATE items SET state = 'released', batch_id = ? WHERE state = 'held'`),
    insertBatch: p(
      `INSERT INTO batches (released_at_ms, trigger, item_count, people_count, thread_count, slot_ms, wait_ms_sum)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertLedger: p(
      'INSERT INTO release_ledger (slot_ms, settled_at_ms, batch_id) VALUES (?, ?, ?) ON CONFLICT (slot_ms) DO NOTHING',
    ),
    lastSlot: p('SELECT max(slot_ms) AS m FROM release_ledger'),
    // Done held items (read elsewhere) wait for the next batch unseen: they are not "held" to the user.
    // Named, as the planner would take items_held (state = ?) and read each held row from the table.
    heldCount: p(
      `SELECT count(*) AS n FROM items INDEXED BY items_waiting WHERE state = 'held' AND done = 0`,
    ),
    heldBySource: p(
      `SELECT source, count(*) AS n FROM items INDEXED BY items_waiting
       WHERE state = 'held' AND done = 0 GROUP BY source`,
    ),
    oldestHeld: p(
      `SELECT min(coalesce(snoozed_at_ms, ingested_at_ms)) AS m FROM items INDEXED BY items_waiting
       WHERE state = 'held' AND done = 0`,
    ),
    getItems: rows(`SELECT ${ITEM_COLUMNS} FROM items WHERE id IN (SELECT value FROM json_each(?))`),
    listBatches: p(
      'SELECT id, released_at_ms, trigger, item_count, people_count, thread_count FROM batches WHERE id < ? ORDER BY id DESC LIMIT ?',
    ),
    lastBatch: p(
      'SELECT id, released_at_ms, trigger, item_count, people_count, thread_count FROM batches ORDER BY id DESC LIMIT 1',
    ),
    setDone: p('UPDATE items SET done = ? WHERE id IN (SELECT value FROM json_each(?))'),
    // By ingestion time: the recent range is small, while one account's items may be most of the table.
    openItems: p(
      `SELECT external_id, thread_key, received_at_ms FROM items INDEXED BY items_ingested
       WHERE account_key = ? AND done = 0 AND state IN ('held', 'released')
       AND ingested_at_ms >= ? ORDER BY id DESC LIMIT ?`,
    ),
    openAtHash: p(
      `SELECT id FROM items WHERE account_key = ? AND ext_hash = ? AND external_id = ?
       AND done = 0 AND state IN ('held', 'released')`,
    ),
    openInOverflow: p(
      `SELECT id FROM items INDEXED BY items_overflow WHERE account_key = ? AND external_id = ? AND ext_hash IS NULL
       AND done = 0 AND state IN ('held', 'released')`,
    ),
    snooze: p(
      `UPDATE items SET state = 'held', batch_id = NULL, done = 0, snoozed_at_ms = ?
       WHERE id IN (SELECT value FROM json_each(?)) AND state <> 'held'`,
    ),
    // Keyset page on the items_ingested index: (ingested_at_ms, id) strictly after the last row seen,
    // as a range from the last time (so each page starts where the previous one ended).
    itemsSince: rows(
      `SELECT ${ITEM_COLUMNS} FROM items
       WHERE ingested_at_ms >= ? AND (ingested_at_ms > ? OR id > ?)
       ORDER BY ingested_at_ms, id LIMIT ${PAGE_ROWS}`,
    ),
    getSettings: p('SELECT json FROM settings WHERE id = 1'),
    setSettings: p(
      `INSERT INTO settings (id, json, updated_at_ms) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at_ms = excluded.updated_at_ms`,
    ),
    latestRules: p('SELECT version, rules FROM rule_sets ORDER BY version DESC LIMIT 1'),
    rulesVersion: p('SELECT version, rules FROM rule_sets WHERE version = ?'),
    maxRulesVersion: p('SELECT coalesce(max(version), 0) AS v FROM rule_sets'),
    insertRules: p('INSERT INTO rule_sets (version, saved_at_ms, rules) VALUES (?, ?, ?)'),
    trimRules: p('DELETE FROM rule_sets WHERE version <= ?'),
    listAccounts: p('SELECT id, name, enabled, config FROM accounts ORDER BY rowid'),
    upsertAccount: p(
      `INSERT INTO accounts (id, name, enabled, config, updated_at_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, enabled = excluded.enabled, config = excluded.config,
         updated_at_ms = excluded.updated_at_ms`,
    ),
    deleteAccount: p('DELETE FROM accounts WHERE id = ?'),
    deleteCursors: p('DELETE FROM cursors WHERE account_id = ?'),
    getCursor: p('SELECT value FROM cursors WHERE account_id = ? AND key = ?'),
    setCursor: p(
      'INSERT INTO cursors (account_id, key, value) VALUES (?, ?, ?) ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value',
    ),
    getKv: p('SELECT value FROM kv WHERE key = ?'),
    setKv: p(
      'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    deleteKv: p('DELETE FROM kv WHERE key = ?'),
    linkPerson: p(
      'INSERT INTO person_links (address, person_key) VALUES (?, ?) ON CONFLICT (address) DO UPDATE SET person_key = excluded.person_key',
    ),
    personKeyFor: p('SELECT person_key FROM person_links WHERE address = ?'),
    personKeysFor: rows(
      'SELECT address, person_key FROM person_links WHERE address IN (SELECT value FROM json_each(?))',
    ),
    // Counted per quarter hour and decision from the items_ingested index alone, then mapped to local
    // days in JS (every zone offset in use is a multiple of 15 min) and to actions via the decisions.
    statsBuckets: p(
      `SELECT ingested_at_ms / ${QUARTER_HOUR_MS} AS q, decision_id AS d, count(*) AS n
       FROM items WHERE ingested_at_ms >= ? GROUP BY q, d`,
    ),
    statsWait: p('SELECT sum(wait_ms_sum) AS w, sum(item_count) AS n FROM batches WHERE released_at_ms >= ?'),
    pruneItems: p(`DELETE FROM items WHERE ingested_at_ms < ? AND received_at_ms < ? AND state <> 'held'`),
    pruneRejected: p('DELETE FROM rejected WHERE at_ms < ?'),
    pruneLedger: p(
      'DELETE FROM release_ledger WHERE slot_ms < ? AND slot_ms < (SELECT max(slot_ms) FROM release_ledger)',
    ),
  };
}

class SqliteStore implements Store {
  readonly path: string;
  private readonly db: Db;
  private readonly now: () => number;
  private readonly listCache = new Map<string, Statement>();
  private closed = false;
  private readonly accountKeyById = new Map<string, number>();
  private readonly accountIdByKey = new Map<number, string>();
  private readonly decisionIdByBody = new Map<string, number>();
  private readonly decisionById = new Map<number, DecisionTemplate>();
  private readonly insertChunks = new Map<number, Statement>();
  private readonly s: ReturnType<typeof prepareStatements>;

  constructor(db: Db, now: () => number) {
    this.db = db;
    this.path = db.path;
    this.now = now;
    this.s = prepareStatements(db);
  }

  /** Checkpoints the WAL into the main file (libsql does not on close), then closes. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch (error) {
      // Another connection is reading; the WAL stays and is checkpointed on a later open.
      log.debug('store checkpoint skipped', { path: this.path, error });
    }
    this.db.close();
  }

  /** JSON the store wrote itself; if it no longer parses, the error says what and where. */
  private parseJson(text: string, what: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`The stored ${what} in ${this.path} is damaged (not valid JSON)`);
    }
  }

  /* ---------- interning ---------- */

  private accountKey(accountId: string, create: boolean): number | null {
    let key = this.accountKeyById.get(accountId);
    if (key !== undefined) return key;
    key = this.s.accountKey.get<{ key: number }>([accountId])?.key;
    if (key === undefined) {
      if (!create) return null;
      key = Number(this.s.insertAccountKey.run([accountId]).lastInsertRowid);
    }
    if (this.accountKeyById.size >= CACHE_MAX) this.accountKeyById.clear();
    this.accountKeyById.set(accountId, key);
    return key;
  }

  private accountIdOf(key: number): string {
    let id = this.accountIdByKey.get(key);
    if (id === undefined) {
      id = this.s.accountIdOf.get<{ account_id: string }>([key])?.account_id ?? '';
      if (this.accountIdByKey.size >= CACHE_MAX) this.accountIdByKey.clear();
      this.accountIdByKey.set(key, id);
    }
    return id;
  }

  private decisionId(body: string, action: string, ruleId: string): number {
    let id = this.decisionIdByBody.get(body);
    if (id !== undefined) return id;
    id = this.s.decisionId.get<{ id: number }>([body])?.id;
    if (id === undefined) id = Number(this.s.insertDecision.run([action, ruleId, body]).lastInsertRowid);
    if (this.decisionIdByBody.size >= CACHE_MAX) this.decisionIdByBody.clear();
    this.decisionIdByBody.set(body, id);
    return id;
  }

  private decisionTemplate(id: number): DecisionTemplate {
    let t = this.decisionById.get(id);
    if (t === undefined) {
      t = decodeDecision(this.s.decisionBody.get<{ body: string }>([id])?.body ?? '');
      if (this.decisionById.size >= CACHE_MAX) this.decisionById.clear();
      this.decisionById.set(id, t);
    }
    return t;
  }

  /** Ids cached during a transaction that rolled back point at rows that no longer exist. */
  private forgetInterned(): void {
    this.accountKeyById.clear();
    this.accountIdByKey.clear();
    this.decisionIdByBody.clear();
  }

  private toItem(r: ItemRow, released?: { readonly batchId: number }): StoredItem {
    const sender = { name: r[15], address: r[16] };
    return {
      id: r[0],
      accountId: this.accountIdOf(r[1]),
      source: r[3] as SourceKind,
      externalId: r[2],
      threadKey: r[13] ?? r[2],
      sender,
      title: r[17],
      preview: r[18],
      receivedAtMs: r[8],
      link: r[19],
      altLink: r[20] ?? '',
      hints: bitsToHints(r[10]),
      container: r[14],
      personKey: r[12] ?? r[16],
      ingestedAtMs: r[9],
      decision: decisionFor(this.decisionTemplate(r[11]), sender),
      state: released ? 'released' : (r[4] as ItemState),
      batchId: released ? released.batchId : r[5],
      done: r[6] === 1,
      snoozedAtMs: r[7],
    };
  }

  /* ---------- items ---------- */

  insertItems(
    items: readonly NewItem[],
    cursors: readonly CursorWrite[] = [],
  ): { inserted: StoredItem[]; duplicates: number } {
    // Check everything before the transaction, so one bad item fails the call with a clear field name.
    const checked = items.map((item, i) => {
      if (!ITEM_STATES.has(item.state) || item.state === 'released') {
        throw new StoreInputError(
          `items[${i}].state`,
          `items[${i}].state must be held, delivered or muted, got ${String(item.state)}`,
        );
      }
      return {
        item,
        receivedAtMs: finiteMs(item.receivedAtMs, `items[${i}].receivedAtMs`),
        ingestedAtMs: finiteMs(item.ingestedAtMs, `items[${i}].ingestedAtMs`),
      };
    });
    const inserted: StoredItem[] = [];
    let duplicates = 0;
    try {
      this.db.transaction(() => {
        // Read inside the write transaction, so another connection's overflow rows are seen too.
        let overflow = this.s.hasOverflow.get() !== undefined;
        // Ids only grow (AUTOINCREMENT) and only this transaction writes: rows above `top` are ours.
        let top = this.s.maxItemId.get<{ m: number | null }>()?.m ?? 0;
        const rows: PendingRow[] = [];
        for (const { item, receivedAtMs, ingestedAtMs } of checked) {
          const accountKey = this.accountKey(item.accountId, true) as number;
          if (overflow && this.s.inOverflow.get([accountKey, item.externalId])) {
            duplicates++;
            continue;
          }
          const d = item.decision;
          const decisionId = this.decisionId(encodeDecision(d, item.sender), d.action, d.ruleId);
          rows.push({
            item,
            receivedAtMs,
            ingestedAtMs,
            accountKey,
            decisionId,
            hash: hash53(item.externalId),
          });
        }
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          const end = Math.min(rows.length, i + INSERT_CHUNK);
          // One multi-row INSERT per chunk: the binding is called once, not once per item.
          const params: SqlParam[] = new Array<SqlParam>((end - i) * INSERT_PARAMS);
          for (let r = i; r < end; r++) fillParams(params, (r - i) * INSERT_PARAMS, rows[r] as PendingRow);
          const { changes, lastInsertRowid } = this.insertChunk(end - i).run(params);
          if (changes === end - i) {
            // Every row was new, so they were numbered one after another in VALUES order.
            const first = Number(lastInsertRowid) - changes + 1;
            for (let r = i; r < end; r++)
              inserted.push(this.newStoredItem(rows[r] as PendingRow, first + r - i));
            top = Number(lastInsertRowid);
            continue;
          }
          // account key → hash → id of the rows inserted (a row left out hit a taken hash).
          const ids = new Map<number, Map<number, number>>();
          if (changes > 0) {
            for (const [key, hash, id] of this.s.itemsAbove.all<[number, number, number]>([top])) {
              const byHash = ids.get(key);
              if (byHash) byHash.set(hash, id);
              else ids.set(key, new Map([[hash, id]]));
            }
            top = Number(lastInsertRowid);
          }
          for (let r = i; r < end; r++) {
            const row = rows[r] as PendingRow;
            const byHash = ids.get(row.accountKey);
            let id = byHash?.get(row.hash);
            if (id !== undefined) {
              byHash?.delete(row.hash); // a later row of this chunk with the same hash was not the one inserted
            } else {
              // The hash is taken: by this item (a duplicate), or by another id with the same hash,
              // in which case this one is kept with no hash and found by its text from now on.
              const externalId = row.item.externalId;
              if (
                this.s.idAtHash.get<[string]>([row.accountKey, row.hash])?.[0] === externalId ||
                (overflow && this.s.inOverflow.get([row.accountKey, externalId]))
              ) {
                duplicates++;
                continue;
              }
              const single = new Array<SqlParam>(INSERT_PARAMS);
              fillParams(single, 0, row);
              single[INSERT_PARAMS - 1] = null;
              id = Number(this.s.insertItem.run(single).lastInsertRowid);
              top = id;
              overflow = true;
            }
            inserted.push(this.newStoredItem(row, id));
          }
        }
        for (const c of cursors) this.s.setCursor.run([c.accountId, c.key, c.value]);
      });
    } catch (error) {
      this.forgetInterned();
      throw error;
    }
    return { inserted, duplicates };
  }

  /** Built field by field (no stray input fields leak through); the readonly sub-objects are shared. */
  private newStoredItem(row: PendingRow, id: number): StoredItem {
    const item = row.item;
    return {
      id,
      accountId: item.accountId,
      source: item.source,
      externalId: item.externalId,
      threadKey: item.threadKey,
      sender: item.sender,
      title: item.title,
      preview: item.preview,
      receivedAtMs: row.receivedAtMs,
      link: item.link,
      altLink: item.altLink,
      hints: item.hints,
      container: item.container,
      personKey: item.personKey,
      ingestedAtMs: row.ingestedAtMs,
      decision: item.decision,
      state: item.state,
      batchId: null,
      done: false,
      snoozedAtMs: null,
    };
  }

  /** INSERT … VALUES (…), (…) … for `rows` rows, prepared once per size. */
  private insertChunk(rows: number): Statement {
    let stmt = this.insertChunks.get(rows);
    if (!stmt) {
      const tuple = `(${new Array<string>(INSERT_PARAMS).fill('?').join(', ')})`;
      stmt = this.db.prepare(
        `INSERT INTO items (${INSERT_COLUMNS}) VALUES ${new Array<string>(rows).fill(tuple).join(', ')}
         ON CONFLICT (account_key, ext_hash) DO NOTHING`,
      );
      this.insertChunks.set(rows, stmt);
    }
    return stmt;
  }

  missingExternalIds(keys: readonly { accountId: string; externalId: string }[]): string[] {
    const out: string[] = [];
    if (keys.length === 0) return out;
    // Items without a hash are almost never there: one look, instead of one per key.
    const overflow = this.s.hasOverflow.get() !== undefined;
    // One query per account and chunk finds the ids stored at these hashes (the hash is unique per account).
    const accountKeys = new Map<string, number | null>();
    const keyOf = (accountId: string): number | null => {
      let key = accountKeys.get(accountId);
      if (key === undefined) accountKeys.set(accountId, (key = this.accountKey(accountId, false)));
      return key;
    };
    // Each key's account and hash, worked out once.
    const accounts = keys.map((k) => keyOf(k.accountId));
    const hashes = keys.map((k) => hash53(k.externalId));
    const wanted = new Map<number, number[]>();
    keys.forEach((_, i) => {
      const key = accounts[i];
      if (key === null || key === undefined) return;
      const list = wanted.get(key);
      if (list) list.push(hashes[i] as number);
      else wanted.set(key, [hashes[i] as number]);
    });
    const atHash = new Map<number, Map<number, string>>();
    for (const [key, list] of wanted) {
      const found = new Map<number, string>();
      for (let i = 0; i < list.length; i += LOOKUP_CHUNK) {
        const chunk = JSON.stringify(list.slice(i, i + LOOKUP_CHUNK));
        for (const [hash, id] of this.s.idsAtHashes.all<[number, string]>([key, chunk])) found.set(hash, id);
      }
      atHash.set(key, found);
    }
    keys.forEach((k, i) => {
      const key = accounts[i];
      const stored =
        key !== null &&
        key !== undefined &&
        (atHash.get(key)?.get(hashes[i] as number) === k.externalId ||
          (overflow && this.s.inOverflow.get([key, k.externalId]) !== undefined));
      if (!stored) out.push(`${k.accountId}\u0000${k.externalId}`);
    });
    return out;
  }

  addRejected(r: { accountId: string; atMs: number; reason: string; excerpt: string }): void {
    this.s.addRejected.run([
      r.accountId,
      finiteMs(r.atMs, 'atMs'),
      String(r.reason).slice(0, REJECT_REASON_MAX),
      String(r.excerpt).slice(0, REJECT_EXCERPT_MAX),
    ]);
  }

  countRejected(): number {
    return this.s.countRejected.get<{ n: number }>()?.n ?? 0;
  }

  /* ---------- release ---------- */

  releaseHeld(args: ReleaseArgs): { batch: BatchSummary; items: StoredItem[] } | null {
    const atMs = finiteMs(args.atMs, 'atMs');
    const slotMs = args.slotMs === null ? null : finiteMs(args.slotMs, 'slotMs');
    return this.db.transaction(() => {
      const rows = this.s.heldRows.all<ItemRow>();
      // Done items (read elsewhere) ride along in the batch but are not what it is about.
      const open = rows.filter((r) => r[6] === 0);
      if (open.length === 0) {
        if (slotMs !== null) this.s.insertLedger.run([slotMs, atMs, null]);
        return null;
      }
      const people = new Set<string>();
      const threads = new Set<string>();
      let waitMsSum = 0;
      for (const r of open) {
        people.add(r[12] ?? r[16]);
        threads.add(r[13] ?? r[2]);
        waitMsSum += Math.max(0, atMs - (r[7] ?? r[9]));
      }
      const batchId = Number(
        this.s.insertBatch.run([
          atMs,
          args.trigger,
          open.length,
          people.size,
          threads.size,
          slotMs,
          waitMsSum,
        ]).lastInsertRowid,
      );
      const changed = this.s.releaseHeld.run([batchId]).changes;
      if (changed !== rows.length) throw new Error(`release moved ${changed} items, expected ${rows.length}`);
      if (slotMs !== null) this.s.insertLedger.run([slotMs, atMs, batchId]);
      const batch: BatchSummary = {
        id: batchId,
        releasedAtMs: atMs,
        trigger: args.trigger,
        itemCount: open.length,
        peopleCount: people.size,
        threadCount: threads.size,
      };
      const released = { batchId };
      const items = rows.map((r) => this.toItem(r, released));
      return { batch, items };
    });
  }

  lastSlotMs(): number | null {
    return this.s.lastSlot.get<{ m: number | null }>()?.m ?? null;
  }

  heldCount(): number {
    return this.s.heldCount.get<{ n: number }>()?.n ?? 0;
  }

  heldBySource(): Record<SourceKind, number> {
    const out = Object.fromEntries(SOURCE_KINDS.map((k) => [k, 0])) as Record<SourceKind, number>;
    for (const r of this.s.heldBySource.all<{ source: string; n: number }>()) {
      if ((SOURCE_KINDS as readonly string[]).includes(r.source)) out[r.source as SourceKind] = r.n;
    }
    return out;
  }

  /** When the longest-waiting held item started waiting: ingestion, or its snooze for a snoozed item. */
  oldestHeldAtMs(): number | null {
    return this.s.oldestHeld.get<{ m: number | null }>()?.m ?? null;
  }

  /* ---------- listing ---------- */

  listItems(filter: ItemFilter): StoredItem[] {
    let accountKey = 0;
    if (filter.accountId !== undefined) {
      const key = this.accountKey(filter.accountId, false);
      if (key === null) return [];
      accountKey = key;
    }
    const { sql, params } = listQuery(filter, accountKey, ITEM_COLUMNS);
    let stmt = this.listCache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql, { raw: true });
      this.listCache.set(sql, stmt);
    }
    return stmt.all<ItemRow>(params).map((r) => this.toItem(r));
  }

  /** The items with these ids, in the order asked; unknown ids are skipped. */
  getItems(ids: readonly number[]): StoredItem[] {
    if (ids.length === 0) return [];
    const byId = new Map<number, StoredItem>();
    for (const r of this.s.getItems.all<ItemRow>([idsJson(ids)])) byId.set(r[0], this.toItem(r));
    const out: StoredItem[] = [];
    for (const id of ids) {
      const item = byId.get(id);
      if (item) out.push(item);
    }
    return out;
  }

  listBatches(beforeId: number | undefined, limit: number): BatchSummary[] {
    const n = Math.min(10_000, Math.max(1, Math.floor(limit)));
    return this.s.listBatches.all<BatchRow>([beforeId ?? Number.MAX_SAFE_INTEGER, n]).map(batchFromRow);
  }

  lastBatch(): BatchSummary | null {
    const r = this.s.lastBatch.get<BatchRow>();
    return r ? batchFromRow(r) : null;
  }

  setDone(ids: readonly number[], done: boolean): void {
    if (ids.length === 0) return;
    this.s.setDone.run([done ? 1 : 0, idsJson(ids)]);
  }

  openItems(accountId: string, sinceMs: number, limit: number): OpenItem[] {
    const key = this.accountKey(accountId, false);
    if (key === null) return [];
    type Row = { external_id: string; thread_key: string | null; received_at_ms: number };
    return this.s.openItems.all<Row>([key, finiteMs(sinceMs, 'sinceMs'), limit]).map((r) => ({
      externalId: r.external_id,
      threadKey: r.thread_key ?? r.external_id,
      receivedAtMs: r.received_at_ms,
    }));
  }

  doneElsewhere(accountId: string, externalIds: readonly string[]): number[] {
    const key = this.accountKey(accountId, false);
    if (key === null || externalIds.length === 0) return [];
    return this.db.transaction(() => {
      const overflow = this.s.hasOverflow.get() !== undefined;
      const ids = new Set<number>();
      for (const externalId of externalIds) {
        for (const r of this.s.openAtHash.all<{ id: number }>([key, hash53(externalId), externalId]))
          ids.add(r.id);
        if (overflow)
          for (const r of this.s.openInOverflow.all<{ id: number }>([key, externalId])) ids.add(r.id);
      }
      const list = [...ids];
      if (list.length > 0) this.s.setDone.run([1, idsJson(list)]);
      return list;
    });
  }

  /**
   * Released (or delivered/muted) items go back to held with snoozedAtMs set and no batch, so the
   * next release takes them once more. Items already held are left alone.
   */
  snooze(ids: readonly number[], atMs: number): void {
    if (ids.length === 0) return;
    this.s.snooze.run([finiteMs(atMs, 'atMs'), idsJson(ids)]);
  }

  iterateItemsSince(sinceMs: number): IterableIterator<StoredItem> {
    const stmt = this.s.itemsSince;
    const since = finiteMs(sinceMs, 'sinceMs');
    const toItem = (r: ItemRow): StoredItem => this.toItem(r);
    function* pages(): Generator<StoredItem, void, undefined> {
      let lastAt = since;
      let lastId = 0;
      for (;;) {
        const rows = stmt.all<ItemRow>([lastAt, lastAt, lastId]);
        for (const r of rows) yield toItem(r);
        const last = rows.at(-1);
        if (!last || rows.length < PAGE_ROWS) return;
        lastAt = last[9];
        lastId = last[0];
      }
    }
    return pages();
  }

  /* ---------- settings, rules ---------- */

  getSettings(): Settings | null {
    const r = this.s.getSettings.get<{ json: string }>();
    return r ? (this.parseJson(r.json, 'settings') as Settings) : null;
  }

  setSettings(settings: Settings): void {
    this.s.setSettings.run([JSON.stringify(settings), this.now()]);
  }

  getRuleSet(): RuleSet | null {
    const r = this.s.latestRules.get<{ version: number; rules: string }>();
    return r
      ? { version: r.version, rules: this.parseJson(r.rules, `rules version ${r.version}`) as Rule[] }
      : null;
  }

  /** Saves the rules as a new version (1, 2, …). Keeps the newest RULE_VERSIONS_KEPT versions. */
  saveRules(rules: readonly Rule[], atMs: number): RuleSet {
    const json = JSON.stringify(rules);
    const at = finiteMs(atMs, 'atMs');
    const version = this.db.transaction(() => {
      const v = (this.s.maxRulesVersion.get<{ v: number }>()?.v ?? 0) + 1;
      this.s.insertRules.run([v, at, json]);
      this.s.trimRules.run([v - RULE_VERSIONS_KEPT]);
      return v;
    });
    return { version, rules: JSON.parse(json) as Rule[] };
  }

  getRuleSetVersion(version: number): RuleSet | null {
    const r = this.s.rulesVersion.get<{ version: number; rules: string }>([version]);
    return r
      ? { version: r.version, rules: this.parseJson(r.rules, `rules version ${r.version}`) as Rule[] }
      : null;
  }

  /* ---------- accounts, cursors ---------- */

  listAccounts(): StoredAccount[] {
    return this.s.listAccounts
      .all<{ id: string; name: string; enabled: number; config: string }>()
      .map((r) => ({
        id: r.id,
        name: r.name,
        enabled: r.enabled === 1,
        config: this.parseJson(r.config, `config of account ${r.id}`) as AccountConfig,
      }));
  }

  /** Inserts or updates by id. A config holding a secret-looking key is refused (StoreInputError). */
  upsertAccount(account: StoredAccount): void {
    assertNoSecrets(account.config, 'config');
    this.s.upsertAccount.run([
      account.id,
      account.name,
      account.enabled ? 1 : 0,
      JSON.stringify(account.config),
      this.now(),
    ]);
  }

  /** Removes the account and its cursors. Its items stay (history) until retention prunes them. */
  deleteAccount(id: string): void {
    this.db.transaction(() => {
      this.s.deleteCursors.run([id]);
      this.s.deleteAccount.run([id]);
    });
  }

  getCursor(accountId: string, key: string): string | null {
    return this.s.getCursor.get<{ value: string }>([accountId, key])?.value ?? null;
  }

  setCursor(accountId: string, key: string, value: string): void {
    this.s.setCursor.run([accountId, key, value]);
  }

  /* ---------- kv, people ---------- */

  /** The stored JSON value, or undefined when the key was never set. */
  getKv(key: string): unknown {
    const r = this.s.getKv.get<{ value: string }>([key]);
    return r ? this.parseJson(r.value, `value '${key}'`) : undefined;
  }

  /** Stores value as JSON; undefined deletes the key. */
  setKv(key: string, value: unknown): void {
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) this.s.deleteKv.run([key]);
    else this.s.setKv.run([key, json]);
  }

  /** Addresses are matched case-insensitively (trimmed, lower-cased on both write and read). */
  linkPerson(address: string, personKey: string): void {
    this.s.linkPerson.run([address.trim().toLowerCase(), personKey]);
  }

  personKeyFor(address: string): string | null {
    return (
      this.s.personKeyFor.get<{ person_key: string }>([address.trim().toLowerCase()])?.person_key ?? null
    );
  }

  personKeysFor(addresses: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    const wanted = [...new Set(addresses.map((a) => a.trim().toLowerCase()))];
    for (let i = 0; i < wanted.length; i += LOOKUP_CHUNK) {
      const list = JSON.stringify(wanted.slice(i, i + LOOKUP_CHUNK));
      for (const [address, key] of this.s.personKeysFor.all<[string, string]>([list])) out.set(address, key);
    }
    return out;
  }

  /* ---------- stats, retention ---------- */

  stats(sinceMs: number, timeZone: string, ruleNames: ReadonlyMap<string, string>): Stats {
    const since = finiteMs(sinceMs, 'sinceMs');
    const dayOf = localDayFormatter(timeZone);
    const days = new Map<string, { interruptionsAvoided: number; breakthroughs: number }>();
    // Every local day from since to now appears, with zeros when nothing happened.
    const end = this.now();
    if (since <= end && end - since <= MAX_FILLED_DAYS * 86_400_000) {
      for (let t = since; t <= end; t += 3_600_000)
        days.set(dayOf(t), { interruptionsAvoided: 0, breakthroughs: 0 });
      days.set(dayOf(end), { interruptionsAvoided: 0, breakthroughs: 0 });
    }
    const byRule = new Map<string, number>();
    for (const r of this.s.statsBuckets.all<{ q: number; d: number; n: number }>([since])) {
      const { decision } = this.decisionTemplate(r.d);
      // Plain delivery and batching outside focus happen anyway; holds and mutes by focus, pause or
      // a rule count as interruptions avoided, and deliveries only as breakthroughs.
      const broke = isBreakthrough(decision);
      const plain = decision.ruleId === 'batching' || decision.ruleId === 'outside-focus';
      if (decision.action === 'deliver' ? !broke : plain) continue;
      const day = dayOf(r.q * QUARTER_HOUR_MS);
      let d = days.get(day);
      if (!d) {
        d = { interruptionsAvoided: 0, breakthroughs: 0 };
        days.set(day, d);
      }
      if (broke) {
        d.breakthroughs += r.n;
        byRule.set(decision.ruleId, (byRule.get(decision.ruleId) ?? 0) + r.n);
      } else {
        d.interruptionsAvoided += r.n;
      }
    }
    const breakthroughsByRule = [...byRule.entries()]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .map(([ruleId, count]) => ({ ruleId, name: ruleNames.get(ruleId) ?? ruleId, count }));
    // Over the batches released since sinceMs: each batch keeps the summed wait of its items.
    const wait = this.s.statsWait.get<{ w: number | null; n: number | null }>([since]);
    const averageWaitMs = wait?.w != null && wait.n ? wait.w / wait.n : 0;
    return {
      days: [...days.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([day, v]) => ({ day, ...v })),
      breakthroughsByRule,
      averageWaitMin: Math.round((averageWaitMs / 60_000) * 10) / 10,
    };
  }

  /**
   * Deletes released, delivered and muted items received before olderThanMs (held items are never
   * pruned), rejected records and ledger slots older than it (the newest slot is kept for catch-up).
   * An item is kept until it was also ingested before the cutoff, so old mail fetched by a catch-up
   * is not deleted the moment it arrives (and the ingested index makes this a range, not a scan).
   * Batches are kept: they are a few bytes each and make the history of releases. Interned
   * decisions and account keys are kept too (a few hundred rows).
   */
  prune(olderThanMs: number): number {
    const cutoff = finiteMs(olderThanMs, 'olderThanMs');
    return this.db.transaction(() => {
      const n = this.s.pruneItems.run([cutoff, cutoff]).changes;
      this.s.pruneRejected.run([cutoff]);
      this.s.pruneLedger.run([cutoff]);
      return n;
    });
  }
}

/** 'YYYY-MM-DD' of an instant in a time zone; results cached per quarter hour. */
function localDayFormatter(timeZone: string): (ms: number) => string {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const cache = new Map<number, string>();
  return (ms) => {
    const q = Math.floor(ms / QUARTER_HOUR_MS);
    let day = cache.get(q);
    if (day === undefined) {
      const parts = fmt.formatToParts(q * QUARTER_HOUR_MS);
      const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
      day = `${get('year')}-${get('month')}-${get('day')}`;
      cache.set(q, day);
    }
    return day;
  };
}
