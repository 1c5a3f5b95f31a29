/**
 * Hold at the server: during focus new non-urgent mail leaves INBOX for Lull/Held and comes back at
 * release; a SIGKILL between COPY and EXPUNGE leaves every message in INBOX exactly once after restart.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeRawMessage, startDovecot, type DovecotServer } from '../../support/dovecot';
import { MemorySecretStore } from '../../../electron/engine/secrets/keytar-store';
import { addImap, dbPath, openEngine, plainConfig, waitFor, waitForItems, waitForState } from './helpers';

let server: DovecotServer;
const USERS = { round: 'pw-round', crash: 'pw-crash' };
beforeAll(async () => {
  server = await startDovecot({ users: USERS });
});
afterAll(async () => {
  await server?.stop();
});

async function counts(user: keyof typeof USERS): Promise<{ inbox: number; held: number; ids: string[] }> {
  const c = await server.client(user);
  const inbox = await c.status('INBOX', { messages: true });
  const held = await c.status('Lull/Held', { messages: true }).catch(() => false as const);
  await c.mailboxOpen('INBOX');
  const ids: string[] = [];
  for await (const m of c.fetch('1:*', { envelope: true })) ids.push(m.envelope?.messageId ?? '');
  await c.logout();
  return { inbox: (inbox && inbox.messages) || 0, held: (held && held.messages) || 0, ids: ids.sort() };
}

it('moves held mail to Lull/Held during focus and back at release', async () => {
  const engine = await openEngine(dbPath('hold'));
  try {
    const account = await addImap(
      engine,
      plainConfig(server, { username: 'round', holdAtServer: true }),
      USERS.round,
    );
    await waitForState(engine, account.id, 'connected');
    await engine.api.startFocus({ minutes: 30 });
    const c = await server.client('round');
    for (let i = 0; i < 3; i++)
      await c.append(
        'INBOX',
        makeRawMessage({ from: `p${i}@example.com`, subject: `quiet ${i}`, messageId: `quiet-${i}@x` }),
      );
    await c.logout();
    const items = await waitForItems(engine, 3);
    expect(items.every((i) => i.state === 'held')).toBe(true);
    await waitFor('mail moved to Lull/Held', async () => ((await counts('round')).held === 3 ? true : null));
    expect((await counts('round')).inbox).toBe(0);

    await engine.api.releaseNow({});
    const after = await waitFor('mail back in INBOX', async () => {
      const n = await counts('round');
      return n.inbox === 3 && n.held === 0 ? n : null;
    });
    expect(after.ids).toEqual(['<quiet-0@x>', '<quiet-1@x>', '<quiet-2@x>']);
    // back in INBOX with new UIDs, yet no second item
    await new Promise((r) => setTimeout(r, 800));
    expect(await engine.api.listItems({ limit: 100, includeDone: true })).toHaveLength(3);
  } finally {
    await engine.close();
  }
});

it('SIGKILL between COPY and EXPUNGE: after restart each message is in INBOX exactly once', async () => {
  const c = await server.client('crash');
  await c.mailboxCreate(['Lull', 'Held']);
  for (let i = 0; i < 4; i++)
    await c.append('Lull/Held', makeRawMessage({ subject: `held ${i}`, messageId: `held-${i}@x` }));
  await c.logout();

  const child = spawnSync(
    'npx',
    [
      'tsx',
      resolve(import.meta.dirname, 'fixtures/kill-between-copy-and-expunge.ts'),
      String(server.imapPort),
      'crash',
      USERS.crash,
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(child.signal ?? child.status).toBe(child.signal ? 'SIGKILL' : 137);
  const mid = await counts('crash');
  expect(mid).toMatchObject({ inbox: 4, held: 4 }); // the crash window: copied, not expunged

  // Start: the source returns everything in Lull/Held, deduping by Message-ID.
  const secrets = new MemorySecretStore();
  const engine = await openEngine(dbPath('crash'), secrets);
  try {
    const account = await addImap(
      engine,
      plainConfig(server, { username: 'crash', holdAtServer: false }),
      USERS.crash,
    );
    await waitForState(engine, account.id, 'connected');
    const end = await waitFor('held folder emptied', async () => {
      const n = await counts('crash');
      return n.held === 0 ? n : null;
    });
    expect(end.ids).toEqual(['<held-0@x>', '<held-1@x>', '<held-2@x>', '<held-3@x>']);
  } finally {
    await engine.close();
  }
});
