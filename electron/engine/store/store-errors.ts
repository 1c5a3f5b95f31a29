/**
 * Errors the store raises for people: each names the database file and what to do.
 */

export type StoreOpenErrorCode =
  /** The file is not an SQLite database (garbage, another format). */
  | 'not-a-database'
  /** SQLite reports the file as damaged. */
  | 'corrupt'
  /** Another process holds the database locked past the busy timeout. */
  | 'locked'
  /** The file was written by a newer Lull (its schema version is above what this build knows). */
  | 'too-new'
  /** The file or its folder cannot be opened or created (permissions, a directory, read-only disk). */
  | 'cannot-open'
  /** A migration failed; it was rolled back and the file is as it was. */
  | 'migration-failed';

/** The database could not be opened. Nothing in the file was changed. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
  constructor(
    readonly code: StoreOpenErrorCode,
    /** The database file, as given to openStore. */
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Input the store cannot write (e.g. a time that is not a finite number). Names the field. */
export class StoreInputError extends Error {
  override readonly name = 'StoreInputError';
  readonly code = 'ESTOREINPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
