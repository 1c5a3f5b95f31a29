import type { Migration } from './migration';

/**
 * Stats without touching item rows.
 * - items_ingested also carries decision_id, so per-day counts are read from the index alone.
 * - batches.wait_ms_sum holds the summed wait of the items at release, so the average wait is a
 *   sum over batches. Existing batches are backfilled from their items.
 */
export const migration: Migration = {
  version: 20,
  name: 'stats',
  up(db) {
    db.exec(`
      DROP INDEX items_ingested;
      CREATE INDEX items_ingested ON items (ingested_at_ms, decision_id);
      ALTER TABLE batches ADD COLUMN wait_ms_sum INTEGER NOT NULL DEFAULT 0;
      UPDATE batches SET wait_ms_sum = (
        SELECT coalesce(sum(max(0, batches.released_at_ms - coalesce(i.snoozed_at_ms, i.ingested_at_ms))), 0)
        FROM items i WHERE i.batch_id = batches.id
      );
    `);
  },
};
