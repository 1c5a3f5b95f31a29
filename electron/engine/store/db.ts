/**
 * The one module that touches the SQLite binding.
 *
 * libsql 0.5 has better-sqlite3's API with prebuilt N-API binaries; only the part both share is used
 * (prepare/run/get/all/iterate/raw/exec/transaction/close), so better-sqlite3 can be swapped in here alone.
 * Parameters are always passed as ONE positional array: libsql treats a lone object argument (even
 * `null`) as named parameters, and it aborts the process on a boolean, so booleans become 0/1 here.
 * libsql also cuts a string at its first NUL character; NUL is replaced by U+FFFD so nothing after
 * it is lost (the engine's cleaner removes control characters before this anyway).
 */
import Database from 'libsql';

export type SqlValue = string | number | bigint | null | Uint8Array;
/** What callers may pass; booleans and undefined are normalised before they reach the binding. */
export type SqlParam = SqlValue | boolean | undefined;

export interface RunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

export interface Statement {
  run(params?: readonly SqlParam[]): RunResult;
  get<T>(params?: readonly SqlParam[]): T | undefined;
  all<T>(params?: readonly SqlParam[]): T[];
  iterate<T>(params?: readonly SqlParam[]): IterableIterator<T>;
}

export interface Db {
  readonly path: string;
  /** raw: rows come back as arrays in column order (cheaper than objects for wide rows). */
  prepare(sql: string, opts?: { readonly raw?: boolean }): Statement;
  exec(sql: string): void;
  /** Runs fn inside BEGIN IMMEDIATE … COMMIT (rolled back on throw). Not reentrant. */
  transaction<T>(fn: () => T): T;
  readonly inTransaction: boolean;
  close(): void;
}

/** The binding's own statement, reduced to the calls both bindings share. */
interface RawStatement {
  raw(toggle?: boolean): RawStatement;
  run(params: SqlValue[]): RunResult;
  get(params: SqlValue[]): unknown;
  all(params: SqlValue[]): unknown[];
  iterate(params: SqlValue[]): IterableIterator<unknown>;
}

function bindable(params: readonly SqlParam[] | undefined): SqlValue[] {
  if (!params) return [];
  const out: SqlValue[] = new Array<SqlValue>(params.length);
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (typeof p === 'string') out[i] = p.includes('\0') ? p.replaceAll('\0', '\uFFFD') : p;
    else out[i] = p === undefined ? null : typeof p === 'boolean' ? (p ? 1 : 0) : p;
  }
  return out;
}

function wrapStatement(raw: RawStatement): Statement {
  return {
    run: (params) => raw.run(bindable(params)),
    get: <T>(params?: readonly SqlParam[]) => raw.get(bindable(params)) as T | undefined,
    all: <T>(params?: readonly SqlParam[]) => raw.all(bindable(params)) as T[],
    iterate: <T>(params?: readonly SqlParam[]) => raw.iterate(bindable(params)) as IterableIterator<T>,
  };
}

/** Opens (or creates) the database file. Errors are the binding's own; store.ts turns them into StoreOpenError. */
export function openDb(path: string): Db {
  const raw = new Database(path);
  return {
    path,
    prepare: (sql, opts) => {
      const stmt: unknown = raw.prepare(sql);
      const typed = stmt as RawStatement;
      if (opts?.raw) typed.raw(true);
      return wrapStatement(typed);
    },
    exec: (sql) => {
      raw.exec(sql);
    },
    transaction: <T>(fn: () => T): T => raw.transaction(fn).immediate(),
    get inTransaction() {
      return raw.inTransaction;
    },
    close: () => {
      raw.close();
    },
  };
}

const PRIMARY_CODES: Readonly<Record<number, string>> = {
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  23: 'SQLITE_AUTH',
  26: 'SQLITE_NOTADB',
  8: 'SQLITE_READONLY',
  19: 'SQLITE_CONSTRAINT',
};

/**
 * SQLite's primary result code name ('SQLITE_BUSY', 'SQLITE_NOTADB', …) if the error carries one.
 * better-sqlite3 reports the extended name ('SQLITE_BUSY_SNAPSHOT'); libsql sometimes only a raw number.
 */
export function sqliteCode(error: unknown): string | null {
  if (!error || typeof error !== 'object') return null;
  if ('rawCode' in error && typeof error.rawCode === 'number') {
    const name = PRIMARY_CODES[error.rawCode & 0xff];
    if (name) return name;
  }
  if ('code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_')) {
    const m = /^SQLITE_[A-Z]+/.exec(error.code);
    return m ? m[0] : error.code;
  }
  return null;
}
