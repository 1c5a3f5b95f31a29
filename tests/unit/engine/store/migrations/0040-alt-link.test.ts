import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../../electron/engine/store/db';
import { openDb } from '../../../../../electron/engine/store/db';
import { migrate, userVersion } from '../../../../../electron/engine/store/migrate';
import { MIGRATIONS } from '../../../../../electron/engine/store/migrations';
import { openStore } from '../../../../../electron/engine/store/store';
import { tempStoreDir } from '../../../../support/store-fixtures';

const BEFORE = MIGRATIONS.filter((m) => m.version < 40);

let dir: ReturnType<typeof tempStoreDir>;
let db: Db;
beforeEach(() => {
  dir = tempStoreDir('store-0040');
  db = openDb(dir.dbPath);
  migrate(db, BEFORE);
});
afterEach(() => {
  db.close();
  dir.cleanup();
});

describe('migration 0040-alt-link', () => {
  it('keeps the items stored before it, which read back with no second link', () => {
    db.exec(`
      INSERT INTO account_keys (key, account_id) VALUES (1, 'acc-mail');
      INSERT INTO decisions (id, action, rule_id, body) VALUES (1, 'hold', 'focus-default', '["hold","focus-default","Held for focus",[],0]');
      INSERT INTO items (id, account_key, external_id, source, state, received_at_ms, ingested_at_ms, hints,
        decision_id, container, sender_name, sender_address, title, preview, link, ext_hash)
      VALUES (7, 1, 'old@x', 'imap', 'held', 1000, 2000, 0, 1, 'INBOX', 'Ann', 'ann@x', 'Old mail', '',
        'https://mail.google.com/mail/u/0/#search/rfc822msgid%3Aold%40x', 1);
    `);
    db.close();
    const store = openStore(dir.dbPath);
    try {
      const [item] = store.getItems([7]);
      expect(item).toMatchObject({
        id: 7,
        title: 'Old mail',
        link: 'https://mail.google.com/mail/u/0/#search/rfc822msgid%3Aold%40x',
        altLink: '',
      });
    } finally {
      store.close();
    }
    db = openDb(dir.dbPath);
    expect(userVersion(db)).toBe(MIGRATIONS.at(-1)?.version); // openStore ran every migration
    expect(db.prepare('SELECT alt_link FROM items WHERE id = 7').get<{ alt_link: null }>()?.alt_link).toBe(
      null,
    );
  });
});
