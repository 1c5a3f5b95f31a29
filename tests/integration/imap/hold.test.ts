/**
 * Hold at the server: during focus new non-urgent mail leaves INBOX for Lull/Held and comes back at
 * release; a SIGKILL between COPY and EXPUNGE leaves every message in INBOX exactly once after restart.
 * A reconnect mid-focus keeps it held; quitting, turning the account off or removing it returns it.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeRawMessage, startDovecot, type DovecotServer } from '../../support/dovecot';
import { MemorySecretStore } from '../../../electron/engine/secrets/keytar-store';
import { addImap, dbPath, openEngine, plainConfig, waitFor, waitForItems, waitForState } from './helpers';

let server: DovecotServer;
const USERS = {
  round: 'pw-round',
  crash: 'pw-crash',
  wake: 'pw-wake',
  off: 'pw-off',
  gone: 'pw-gone',
  quit: 'pw-quit',
};
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

/** An engine in focus with `user`'s account holding at the server, and `n` messages already moved. */
async function holding(user: keyof typeof USERS, n: number) {
  const secrets = new MemorySecretStore();
  const engine = await openEngine(dbPath(user), secrets);
  const config = plainConfig(server, { username: user, holdAtServer: true });
  const account = await addImap(engine, config, USERS[user]);
  await waitForState(engine, account.id, 'connected');
  await engine.api.startFocus({ minutes: 30 });
  await appendMail(user, 0, n);
  await waitForItems(engine, n);
  await waitFor(`${n} in Lull/Held`, async () => ((await counts(user)).held === n ? true : null));
  return { engine, account, config, secrets };
}

async function appendMail(user: keyof typeof USERS, from: number, to: number): Promise<void> {
  const c = await server.client(user);
  for (let i = from; i < to; i++)
    await c.append(
      'INBOX',
      makeRawMessage({ from: `p${i}@example.com`, subject: `${user} ${i}`, messageId: `${user}-${i}@x` }),
    );
  await c.logout();
}

const allBack = (user: keyof typeof USERS, n: number) =>
  waitFor(`all ${n} back in INBOX`, async () => {
    const c = await counts(user);
    return c.inbox === n && c.held === 0 ? c : null;
  });

it('a reconnect during focus (wake, a network blip) keeps held mail held', async () => {
  const { engine } = await holding('wake', 2);
  try {
    await engine.wake();
    // The new connection works (a third message is held too), and the first two stayed out of INBOX.
    await appendMail('wake', 2, 3);
    await waitForItems(engine, 3);
    await waitFor('3 in Lull/Held', async () => ((await counts('wake')).held === 3 ? true : null));
    expect((await counts('wake')).inbox).toBe(0);
  } finally {
    await engine.close();
  }
  // Quit: held mail goes back at once, not on the next start.
  expect((await allBack('wake', 3)).ids).toEqual(['<wake-0@x>', '<wake-1@x>', '<wake-2@x>']);
});

it('turning the account off returns its held mail at once', async () => {
  const { engine, account, config } = await holding('off', 2);
  try {
    await engine.api.updateAccount({
      id: account.id,
      name: 'Mail',
      enabled: false,
      config: { kind: 'imap', imap: config },
    });
    await allBack('off', 2);
  } finally {
    await engine.close();
  }
});

it('removing the account returns its held mail before it goes', async () => {
  const { engine, account } = await holding('gone', 2);
  try {
    await engine.api.removeAccount({ id: account.id });
    // Done by the time the command answers: the account and its credentials are gone after it.
    expect(await counts('gone')).toMatchObject({ inbox: 2, held: 0 });
  } finally {
    await engine.close();
  }
});

it('quitting during focus returns held mail, and a new start holds new mail again', async () => {
  const { engine, secrets } = await holding('quit', 2);
  const path = engine.store.path;
  await engine.close();
  expect(await counts('quit')).toMatchObject({ inbox: 2, held: 0 });
  const again = await openEngine(path, secrets);
  try {
    await appendMail('quit', 2, 3);
    // Still in focus (the override survives the restart): the new one is held at the server again.
    await waitFor('1 in Lull/Held', async () => ((await counts('quit')).held === 1 ? true : null));
    expect((await again.api.listItems({ limit: 10, includeDone: true })).length).toBe(3);
  } finally {
    await again.close();
  }
});
