import type { Db } from '../db';

/**
 * One schema step. Files are numbered in steps of 10 (0010-initial.ts, 0020-…); `version` is that
 * number and becomes PRAGMA user_version once `up` has run, in the same transaction.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Db): void;
}
