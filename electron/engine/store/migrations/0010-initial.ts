import type { Migration } from './migration';

/**
 * The first schema.
 *
 * Items are kept small (about 600 bytes for a 60-character title and a 200-character preview, index
 * entries included) because a busy inbox stores a million of them:
 * - account ids (UUIDs) are interned in account_keys, so items carry a small integer;
 * - a decision (action, rule, reason, trace) is interned in decisions: most items share one of a
 *   few hundred, once the sender's address in the text is replaced by a marker (see codec.ts);
 * - hints are a bitmask; person_key and thread_key are NULL when equal to sender_address / external_id.
 * account_key and decision_id carry no FOREIGN KEY clause: only the store writes them, from rows it
 * has just read or inserted, and the two parent lookups per insert cost about 5% of ingest speed.
 * Only indexes that a query needs exist:
 * - UNIQUE(account_key, external_id): dedupe;
 * - items_held (partial, held rows only): the hold queue, release, cap, held counts;
 * - items_batch (partial, released rows only): batch review;
 * - items_ingested: replay, stats, retention and iterateItemsSince;
 * - items_source / items_account: the newest N of one source or account without a scan.
 * Text search is a LIKE over the newest rows: a full-text index would double the size.
 */
export const migration: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE batches (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        released_at_ms INTEGER NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('slot', 'focus-end', 'manual', 'catch-up', 'cap')),
        item_count INTEGER NOT NULL CHECK (item_count > 0),
        people_count INTEGER NOT NULL,
        thread_count INTEGER NOT NULL,
        slot_ms INTEGER
      ) STRICT;

      CREATE TABLE account_keys (
        key INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL UNIQUE
      ) STRICT;

      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('deliver', 'hold', 'mute')),
        rule_id TEXT NOT NULL,
        body TEXT NOT NULL UNIQUE
      ) STRICT;

      CREATE TABLE items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_key INTEGER NOT NULL,
        external_id TEXT NOT NULL,
        source TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('held', 'delivered', 'muted', 'released')),
        batch_id INTEGER REFERENCES batches (id),
        done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
        snoozed_at_ms INTEGER,
        received_at_ms INTEGER NOT NULL,
        ingested_at_ms INTEGER NOT NULL,
        hints INTEGER NOT NULL,
        decision_id INTEGER NOT NULL,
        person_key TEXT,
        thread_key TEXT,
        container TEXT NOT NULL,
        sender_name TEXT NOT NULL,
        sender_address TEXT NOT NULL,
        title TEXT NOT NULL,
        preview TEXT NOT NULL,
        link TEXT NOT NULL,
        UNIQUE (account_key, external_id),
        CHECK ((state = 'released') = (batch_id IS NOT NULL))
      ) STRICT;
      CREATE INDEX items_held ON items (state) WHERE state = 'held';
      CREATE INDEX items_batch ON items (batch_id) WHERE batch_id IS NOT NULL;
      CREATE INDEX items_ingested ON items (ingested_at_ms);
      CREATE INDEX items_source ON items (source);
      CREATE INDEX items_account ON items (account_key);

      CREATE TABLE release_ledger (
        slot_ms INTEGER PRIMARY KEY,
        settled_at_ms INTEGER NOT NULL,
        batch_id INTEGER REFERENCES batches (id)
      ) STRICT;

      CREATE TABLE rejected (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        reason TEXT NOT NULL,
        excerpt TEXT NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        json TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE rule_sets (
        version INTEGER PRIMARY KEY,
        saved_at_ms INTEGER NOT NULL,
        rules TEXT NOT NULL
      ) STRICT;

      CREATE TABLE accounts (
        id TEXT NOT NULL PRIMARY KEY,
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        config TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE cursors (
        account_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (account_id, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE kv (
        key TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE person_links (
        address TEXT NOT NULL PRIMARY KEY,
        person_key TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
