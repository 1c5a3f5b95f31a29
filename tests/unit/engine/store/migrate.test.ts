import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../electron/engine/store/db';
import { openDb } from '../../../../electron/engine/store/db';
import { latestVersion, migrate, userVersion } from '../../../../electron/engine/store/migrate';
import { MIGRATIONS } from '../../../../electron/engine/store/migrations/index';
import type { Migration } from '../../../../electron/engine/store/migrations/migration';
import { StoreOpenError } from '../../../../electron/engine/store/store-errors';
import { tempStoreDir } from '../../../support/store-fixtures';

let dir: ReturnType<typeof tempStoreDir>;
let db: Db;
beforeEach(() => {
  dir = tempStoreDir('store-migrate');
  db = openDb(dir.dbPath);
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

const step = (version: number, sql: string): Migration => ({
  version,
  name: `step-${version}`,
  up: (d) => d.exec(sql),
});
const tables = (): string[] =>
  db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all<{ name: string }>()
    .map((r) => r.name);

describe('migrate', () => {
  it('lists migrations in steps of 10', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => (i + 1) * 10));
    expect(latestVersion()).toBe(MIGRATIONS.at(-1)!.version);
  });

  it('runs pending migrations in order and is a no-op when current', () => {
    const list = [
      step(10, 'CREATE TABLE a (x INTEGER) STRICT'),
      step(20, 'CREATE TABLE b (x INTEGER) STRICT'),
    ];
    expect(migrate(db, list.slice(0, 1))).toEqual({ from: 0, to: 10 });
    expect(migrate(db, list)).toEqual({ from: 10, to: 20 });
    expect(migrate(db, list)).toEqual({ from: 20, to: 20 });
    expect(tables()).toEqual(['a', 'b']);
  });

  it('rolls a failing migration back completely, keeping the earlier ones, and names the migration and file', () => {
    const list = [
      step(10, 'CREATE TABLE a (x INTEGER) STRICT'),
      step(20, 'CREATE TABLE b (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1)'),
    ];
    let error: unknown;
    try {
      migrate(db, list);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as StoreOpenError).code).toBe('migration-failed');
    expect((error as Error).message).toContain('0020-step-20');
    expect((error as Error).message).toContain(dir.dbPath);
    expect(userVersion(db)).toBe(10);
    expect(tables()).toEqual(['a']);
  });

  it('refuses a database from a newer version without writing to it', () => {
    db.exec('PRAGMA user_version = 30');
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const before = readFileSync(dir.dbPath);
    expect(() => migrate(db, [step(10, 'CREATE TABLE a (x INTEGER) STRICT')])).toThrow(/version 30.*\(10\)/);
    expect(userVersion(db)).toBe(30);
    expect(tables()).toEqual([]);
    expect(readFileSync(dir.dbPath).equals(before)).toBe(true);
  });

  it('rejects a migration list that is not in steps of 10', () => {
    expect(() => migrate(db, [step(10, ''), step(15, '')])).toThrow(/steps of 10/);
    expect(() => migrate(db, [step(20, ''), step(10, '')])).toThrow(/steps of 10/);
  });
});
