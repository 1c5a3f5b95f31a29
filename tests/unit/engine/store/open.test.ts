import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../../../electron/engine/store/db';
import { latestVersion } from '../../../../electron/engine/store/migrate';
import { StoreOpenError } from '../../../../electron/engine/store/store-errors';
import { openStore } from '../../../../electron/engine/store/store';
import { makeNewItem, tempStoreDir } from '../../../support/store-fixtures';

let dir: ReturnType<typeof tempStoreDir>;
beforeEach(() => {
  dir = tempStoreDir('store-open');
});
afterEach(() => {
  dir.cleanup();
});

function openError(path: string, opts?: Parameters<typeof openStore>[1]): StoreOpenError {
  try {
    openStore(path, opts).close();
  } catch (error) {
    if (error instanceof StoreOpenError) return error;
    throw error;
  }
  throw new Error('openStore succeeded');
}

function makeStoreFile(path: string): void {
  const store = openStore(path);
  store.insertItems([makeNewItem(), makeNewItem()]);
  store.close();
}

describe('openStore', () => {
  it('creates the folder and a new store, and reopens it', () => {
    const path = join(dir.dir, 'nested', 'deeper', 'lull.db');
    makeStoreFile(path);
    const store = openStore(path);
    expect(store.path).toBe(path);
    expect(store.listItems({})).toHaveLength(2);
    store.close();
  });

  it('refuses a file of random bytes, names it, and leaves it byte for byte', () => {
    const bytes = randomBytes(64 * 1024);
    writeFileSync(dir.dbPath, bytes);
    const error = openError(dir.dbPath);
    expect(error.code).toBe('not-a-database');
    expect(error.path).toBe(dir.dbPath);
    expect(error.message).toContain(dir.dbPath);
    expect(readFileSync(dir.dbPath).equals(bytes)).toBe(true);
  });

  it('refuses a small text file', () => {
    const text = 'these are my notes, not a database\n'.repeat(40);
    writeFileSync(dir.dbPath, text);
    const error = openError(dir.dbPath);
    expect(error.code).toBe('not-a-database');
    expect(readFileSync(dir.dbPath, 'utf8')).toBe(text);
  });

  it('refuses a store whose schema page is damaged, and leaves it as it was', () => {
    makeStoreFile(dir.dbPath);
    const bytes = readFileSync(dir.dbPath);
    // Keep the 100-byte header, scramble the rest of page 1 (the schema).
    randomBytes(4096 - 100).copy(bytes, 100);
    writeFileSync(dir.dbPath, bytes);
    const error = openError(dir.dbPath);
    expect(error.code).toBe('corrupt');
    expect(error.message).toContain(dir.dbPath);
    expect(readFileSync(dir.dbPath).equals(bytes)).toBe(true);
  });

  it('refuses a store locked by another connection, naming the file', () => {
    makeStoreFile(dir.dbPath);
    const other = openDb(dir.dbPath);
    other.exec('BEGIN IMMEDIATE');
    other.exec("INSERT INTO kv (key, value) VALUES ('x', '1')");
    try {
      const error = openError(dir.dbPath, { busyTimeoutMs: 50 });
      expect(error.code).toBe('locked');
      expect(error.message).toContain(dir.dbPath);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // Once the lock is gone it opens, with nothing lost.
    const store = openStore(dir.dbPath);
    expect(store.listItems({})).toHaveLength(2);
    store.close();
  });

  it('refuses a store from a newer version, naming the file and both versions, without changing it', () => {
    makeStoreFile(dir.dbPath);
    const raw = openDb(dir.dbPath);
    raw.exec('PRAGMA user_version = 990');
    raw.close();
    const before = readFileSync(dir.dbPath);
    const error = openError(dir.dbPath);
    expect(error.code).toBe('too-new');
    expect(error.message).toContain(dir.dbPath);
    expect(error.message).toContain('990');
    expect(error.message).toContain(`(${latestVersion()})`);
    expect(readFileSync(dir.dbPath).equals(before)).toBe(true);
  });

  it('refuses a folder', () => {
    mkdirSync(dir.dbPath);
    const error = openError(dir.dbPath);
    expect(error.code).toBe('cannot-open');
    expect(error.message).toContain(dir.dbPath);
  });

  it('opens a zero-byte file as a new store', () => {
    writeFileSync(dir.dbPath, '');
    const store = openStore(dir.dbPath);
    expect(store.heldCount()).toBe(0);
    store.close();
  });

  it('uses WAL with synchronous=FULL and foreign keys on', () => {
    const store = openStore(dir.dbPath);
    store.close();
    const raw = openDb(dir.dbPath);
    expect(raw.prepare('PRAGMA journal_mode').get<{ journal_mode: string }>()?.journal_mode).toBe('wal');
    raw.close();
    // synchronous and foreign_keys are per connection: check them through the store's own connection settings.
    const s = openStore(dir.dbPath) as unknown as { db: { prepare: typeof raw.prepare } };
    expect(s.db.prepare('PRAGMA synchronous').get<{ synchronous: number }>()?.synchronous).toBe(2);
    expect(s.db.prepare('PRAGMA foreign_keys').get<{ foreign_keys: number }>()?.foreign_keys).toBe(1);
    (s as unknown as { close(): void }).close();
  });
});
