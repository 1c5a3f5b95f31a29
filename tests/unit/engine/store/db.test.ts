import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../electron/engine/store/db';
import { openDb, sqliteCode } from '../../../../electron/engine/store/db';
import { tempStoreDir } from '../../../support/store-fixtures';

let dir: ReturnType<typeof tempStoreDir>;
let db: Db;
beforeEach(() => {
  dir = tempStoreDir('store-db');
  db = openDb(dir.dbPath);
  db.exec('CREATE TABLE t (a INTEGER, b TEXT) STRICT');
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

describe('db', () => {
  it('binds a lone null, booleans and undefined (which crash or confuse the raw binding)', () => {
    db.prepare('INSERT INTO t (a) VALUES (?)').run([null]);
    db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run([true, undefined]);
    db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run([false, 'x']);
    expect(db.prepare('SELECT a, b FROM t ORDER BY rowid').all()).toEqual([
      expect.objectContaining({ a: null, b: null }),
      expect.objectContaining({ a: 1, b: null }),
      expect.objectContaining({ a: 0, b: 'x' }),
    ]);
  });

  it('keeps the text after a NUL character', () => {
    db.prepare('INSERT INTO t (b) VALUES (?)').run(['a\0b']);
    expect(db.prepare('SELECT b FROM t').get<{ b: string }>()?.b).toBe('a\uFFFDb');
  });

  it('returns raw rows as arrays', () => {
    db.prepare('INSERT INTO t (a, b) VALUES (?, ?)').run([1, 'x']);
    expect(db.prepare('SELECT a, b FROM t', { raw: true }).all()).toEqual([[1, 'x']]);
    expect(db.prepare('SELECT a, b FROM t WHERE a > 5', { raw: true }).get()).toBeUndefined();
  });

  it('rolls a transaction back when its function throws', () => {
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t (a) VALUES (?)').run([1]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM t').get<{ n: number }>()?.n).toBe(0);
  });

  it('names SQLite error codes', () => {
    let error: unknown;
    try {
      db.prepare('INSERT INTO t (a) VALUES (?)').run(['not a number']);
    } catch (e) {
      error = e;
    }
    expect(sqliteCode(error)).toBe('SQLITE_CONSTRAINT');
    expect(sqliteCode(new Error('plain'))).toBeNull();
    expect(sqliteCode({ code: 'SQLITE_BUSY_SNAPSHOT' })).toBe('SQLITE_BUSY');
  });
});
