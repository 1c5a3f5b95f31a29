/**
 * Runs the numbered migrations, each in its own IMMEDIATE transaction together with the
 * `PRAGMA user_version` bump, so a crash or a failure leaves the file at the previous version.
 * A file from a newer build is refused before anything is written.
 */
import type { Db } from './db';
import { sqliteCode } from './db';
import { MIGRATIONS } from './migrations/index';
import type { Migration } from './migrations/migration';
import { StoreOpenError } from './store-errors';

export function userVersion(db: Db): number {
  const row = db.prepare('PRAGMA user_version').get<{ user_version: number }>();
  return row?.user_version ?? 0;
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

function checkList(migrations: readonly Migration[]): void {
  let prev = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version % 10 !== 0 || m.version <= prev) {
      throw new Error(`Migration ${m.version}-${m.name}: versions must rise in steps of 10`);
    }
    prev = m.version;
  }
}

export function migrationLabel(m: Migration): string {
  return `${String(m.version).padStart(4, '0')}-${m.name}`;
}

/** Brings the database to the newest version. Returns the versions before and after. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  checkList(migrations);
  const latest = latestVersion(migrations);
  let from: number | null = null;
  for (;;) {
    const step = db.transaction(() => {
      const current = userVersion(db);
      from ??= current;
      if (current > latest) {
        throw new StoreOpenError(
          'too-new',
          db.path,
          `The database ${db.path} is at schema version ${current}, newer than this version of Lull understands (${latest}). ` +
            'Update Lull, or move the file away to start fresh; it was not changed.',
        );
      }
      const next = migrations.find((m) => m.version > current);
      if (!next) return null;
      try {
        next.up(db);
      } catch (error) {
        const code = sqliteCode(error);
        if (
          code === 'SQLITE_BUSY' ||
          code === 'SQLITE_LOCKED' ||
          code === 'SQLITE_CORRUPT' ||
          code === 'SQLITE_NOTADB'
        )
          throw error;
        throw new StoreOpenError(
          'migration-failed',
          db.path,
          `Migrating the database ${db.path} from version ${current} with ${migrationLabel(next)} failed: ` +
            `${error instanceof Error ? error.message : String(error)}. It was rolled back; the file is unchanged.`,
          { cause: error },
        );
      }
      db.exec(`PRAGMA user_version = ${next.version}`);
      return next.version;
    });
    if (step === null) return { from: from ?? latest, to: userVersion(db) };
  }
}
