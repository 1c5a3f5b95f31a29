import type { Migration } from './migration';

/**
 * A second place to open an item (mail at a webmail provider: the browser by `link`, the mail app
 * by `alt_link`). NULL when there is none, which is nearly every item, so it costs about a byte.
 */
export const migration: Migration = {
  version: 40,
  name: 'alt-link',
  up(db) {
    db.exec('ALTER TABLE items ADD COLUMN alt_link TEXT');
  },
};
