/**
 * Hostile mail in one fetch: generated cases plus ../shared/corpus/mail/*.eml (read in place when it
 * exists). None may crash or hang the source, nor lose the other messages of the same fetch.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeRawMessage, startDovecot, type DovecotServer } from '../../support/dovecot';
import { hostileCases } from '../../support/hostile-mail';
import { addImap, allItems, dbPath, openEngine, plainConfig, waitFor, waitForState } from './helpers';

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/mail');
let server: DovecotServer;
beforeAll(async () => {
  server = await startDovecot();
});
afterAll(async () => {
  await server?.stop();
});

it('decodes what it can, never crashes, never loses the rest of the fetch', async () => {
  const cases = hostileCases();
  const corpus = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => f.endsWith('.eml')) : [];
  const raws = [...cases.map((c) => c.raw), ...corpus.map((f) => readFileSync(join(CORPUS, f), 'latin1'))];
  server.seedMaildir('alice', 'INBOX', raws);

  const engine = await openEngine(dbPath('malformed'));
  try {
    // recent window: the seeded files are "new", so all of them become items on first connect
    const account = await addImap(engine, plainConfig(server, { recentWindowMin: 60 }));
    await waitForState(engine, account.id, 'connected', 60_000);

    // What the server itself sees: every message-id (or none) in the folder.
    const c = await server.client();
    await c.mailboxOpen('INBOX');
    const serverIds = new Set<string>();
    let total = 0;
    for await (const m of c.fetch('1:*', { envelope: true })) {
      total++;
      const id = /<([^<>\s]+)>/.exec(m.envelope?.messageId ?? '')?.[1];
      // the engine's cleaner drops control characters (here: C1 bytes of a raw 8-bit domain)
      // eslint-disable-next-line no-control-regex
      if (id) serverIds.add(id.replace(/[\u0000-\u001f\u007f-\u009f]/g, ''));
    }
    expect(total).toBe(raws.length);
    const items = await waitFor('items', async () => {
      const list = await allItems(engine);
      return list.length >= serverIds.size ? list : null;
    });
    const ids = new Set(items.map((i) => i.externalId));
    const missing = [...serverIds].filter((id) => !ids.has(id));
    const rejected = engine.store.countRejected();
    expect(missing, `rejected ${rejected}`).toEqual([]);

    const by = new Map(items.map((i) => [i.externalId, i]));
    for (const k of cases) {
      if (!k.externalId || k.title === undefined) continue;
      const title = by.get(k.externalId)?.title;
      if (typeof k.title === 'string') expect(title, k.name).toBe(k.title);
      else expect(title, k.name).toMatch(k.title);
    }
    expect((by.get('big-1@x')?.title.length ?? 0) <= 4000).toBe(true);
    expect(items.some((i) => i.title === 'no id here' && i.externalId.startsWith('h:'))).toBe(true);

    // Still alive: a normal message after all that arrives as usual.
    await c.append('INBOX', makeRawMessage({ subject: 'after the storm', messageId: 'after@x' }));
    await c.logout();
    await waitFor('the next message', async () =>
      (await allItems(engine)).find((i) => i.externalId === 'after@x'),
    );
  } finally {
    await engine.close();
  }
}, 120_000);
