import type { Migration } from './migration';

/**
 * The first schema.
 *
 * Items are kept small (well under 1 KB for a 60-character title and a 200-character preview):
 * hints are a bitmask, the decision trace is compact JSON, and only indexes that a query needs exist:
 * - UNIQUE(account_id, external_id): dedupe; also serves the account filter's equality;
 * - items_held (partial, held rows only): the hold queue, release, cap, held counts;
 * - items_batch (partial, released rows only): batch review;
 * - items_ingested: replay, stats and iterateItemsSince by ingestion time;
 * - items_received: retention (prune by received time);
 * - items_source / items_account: the newest N of one source or account without a scan.
 * Text search is a LIKE over the newest rows (no full-text index: it would double the size).
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

      CREATE TABLE items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account_id TEXT NOT NULL,
        external_id TEXT NOT NULL,
        source TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('held', 'delivered', 'muted', 'released')),
        batch_id INTEGER REFERENCES batches (id),
        done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
        snoozed_at_ms INTEGER,
        received_at_ms INTEGER NOT NULL,
        ingested_at_ms INTEGER NOT NULL,
        hints INTEGER NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('deliver', 'hold', 'mute')),
        rule_id TEXT NOT NULL,
        person_key TEXT NOT NULL,
        thread_key TEXT NOT NULL,
        container TEXT NOT NULL,
        sender_name TEXT NOT NULL,
        sender_address TEXT NOT NULL,
        title TEXT NOT NULL,
        preview TEXT NOT NULL,
        link TEXT NOT NULL,
        reason TEXT NOT NULL,
        trace TEXT NOT NULL,
        UNIQUE (account_id, external_id),
        CHECK ((state = 'released') = (batch_id IS NOT NULL))
      ) STRICT;
      CREATE INDEX items_held ON items (state) WHERE state = 'held';
      CREATE INDEX items_batch ON items (batch_id) WHERE batch_id IS NOT NULL;
      CREATE INDEX items_ingested ON items (ingested_at_ms);
      CREATE INDEX items_received ON items (received_at_ms);
      CREATE INDEX items_source ON items (source);
      CREATE INDEX items_account ON items (account_id);

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
