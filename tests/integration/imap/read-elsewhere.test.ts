/**
 * Mail read in another mail app (a second IMAP session stands in for the phone) while Lull holds
 * it: done in Lull too, so the held count drops and no batch brings it again. Told by IDLE, by a
 * CONDSTORE FETCH CHANGEDSINCE after Lull was away, by new mail that is \Seen already, and by a
 * polled folder's STATUS. Lull's own "mark read" is not taken for the user reading elsewhere.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../../../electron/engine/engine';
import { MemorySecretStore } from '../../../electron/engine/secrets/keytar-store';
import { makeRawMessage, startDovecot, type DovecotServer } from '../../support/dovecot';
import {
  addImap,
  allItems,
  dbPath,
  logRecords,
  openEngine,
  plainConfig,
  waitFor,
  waitForItems,
  waitForState,
} from './helpers';

let server: DovecotServer;
const USERS = {
  idle: 'pw-idle',
  away: 'pw-away',
  own: 'pw-own',
  polled: 'pw-polled',
  damaged: 'pw-damaged',
  atserver: 'pw-atserver',
};

beforeAll(async () => {
  server = await startDovecot({ users: USERS });
});
afterAll(async () => {
  await server?.stop();
});

type User = keyof typeof USERS;

async function append(
  user: User,
  folder: string,
  ids: readonly string[],
  flags: string[] = [],
): Promise<void> {
  const c = await server.client(user);
  for (const id of ids)
    await c.append(
      folder,
      makeRawMessage({ from: `${id}@people.example`, subject: `about ${id}`, messageId: id }),
      flags,
    );
  await c.logout();
}

/** The phone: another session sets \Seen on these Message-IDs. */
async function readOnPhone(user: User, folder: string, ids: readonly string[]): Promise<void> {
  const c = await server.client(user);
  await c.mailboxOpen(folder);
  for (const id of ids) {
    const uids = await c.search({ header: { 'message-id': id } }, { uid: true });
    if (!uids || uids.length !== 1) throw new Error(`${id} is not in ${folder} once`);
    await c.messageFlagsAdd(uids.join(','), ['\\Seen'], { uid: true });
  }
  await c.logout();
}

async function doneIds(engine: Engine): Promise<string[]> {
  return (await allItems(engine))
    .filter((i) => i.done)
    .map((i) => i.externalId)
    .sort();
}

/** Waits until these external ids are done, then returns every done id (so a test sees any extra). */
async function waitDone(engine: Engine, ids: readonly string[], timeoutMs?: number): Promise<string[]> {
  await waitFor(
    `${ids.join(', ')} done`,
    async () => {
      const done = await doneIds(engine);
      return ids.every((id) => done.includes(id)) ? true : null;
    },
    timeoutMs,
  );
  return doneIds(engine);
}

async function connected(engine: Engine, user: User, extra = {}): Promise<string> {
  const account = await addImap(engine, plainConfig(server, { username: user, ...extra }), USERS[user]);
  await waitForState(engine, account.id, 'connected');
  return account.id;
}

it('a held message read on the phone while Lull idles is done, and the batch leaves it out', async () => {
  const engine = await openEngine(dbPath('read-idle'));
  const told: number[][] = [];
  engine.on((name, payload) => {
    if (name === 'readElsewhere') told.push([...(payload as { ids: number[] }).ids]);
  });
  try {
    await connected(engine, 'idle');
    await engine.api.startFocus({ minutes: 30 });
    await append('idle', 'INBOX', ['a@x', 'b@x', 'c@x']);
    const items = await waitForItems(engine, 3);
    expect(items.every((i) => i.state === 'held' && !i.done)).toBe(true);
    expect(engine.state().heldCount).toBe(3);

    await readOnPhone('idle', 'INBOX', ['b@x']);
    expect(await waitDone(engine, ['b@x'])).toEqual(['b@x']);
    expect(engine.state().heldCount).toBe(2);
    expect(engine.state().heldBySource.imap).toBe(2);
    const b = (await allItems(engine)).find((i) => i.externalId === 'b@x');
    expect(told).toEqual([[b?.id]]);

    const batch = await engine.api.releaseNow({});
    expect(batch?.itemCount).toBe(2);
    const shown = await engine.api.listItems({ batchId: batch?.id, limit: 100 });
    expect(shown.map((i) => i.externalId).sort()).toEqual(['a@x', 'c@x']);
    expect(engine.state().heldCount).toBe(0);

    // After release: read on the phone, it leaves the review list too.
    await readOnPhone('idle', 'INBOX', ['c@x']);
    await waitDone(engine, ['c@x']);
    const left = await engine.api.listItems({ batchId: batch?.id, limit: 100 });
    expect(left.map((i) => i.externalId)).toEqual(['a@x']);
  } finally {
    await engine.close();
  }
});

it('what was read while Lull was away is done on its return, and mail already read is never held', async () => {
  const path = dbPath('read-away');
  const secrets = new MemorySecretStore();
  let engine = await openEngine(path, secrets);
  try {
    await connected(engine, 'away');
    await engine.api.startFocus({ minutes: 30 });
    await append('away', 'INBOX', ['old-read@x', 'old-unread@x']);
    await waitForItems(engine, 2);
    await engine.close();

    await readOnPhone('away', 'INBOX', ['old-read@x']);
    await append('away', 'INBOX', ['new-read@x'], ['\\Seen']);
    await append('away', 'INBOX', ['new-unread@x']);

    engine = await openEngine(path, secrets);
    await waitForItems(engine, 4);
    expect(await waitDone(engine, ['new-read@x', 'old-read@x'])).toEqual(['new-read@x', 'old-read@x']);
    const items = await allItems(engine);
    expect(items.every((i) => i.state === 'held')).toBe(true);
    expect(engine.state().heldCount).toBe(2);
  } finally {
    await engine.close();
  }
});

it("Lull's own mark read keeps the item in the review list", async () => {
  const engine = await openEngine(dbPath('read-own'));
  try {
    await connected(engine, 'own');
    await engine.api.startFocus({ minutes: 30 });
    await append('own', 'INBOX', ['mine@x', 'phone@x']);
    await waitForItems(engine, 2);
    const batch = await engine.api.releaseNow({});
    const mine = (await allItems(engine)).find((i) => i.externalId === 'mine@x');
    if (!mine) throw new Error('no item');
    expect((await engine.api.markRead({ ids: [mine.id] })).marked).toBe(1);
    // The phone's read comes after Lull's: once it is done, Lull's own FLAGS update was seen too.
    await readOnPhone('own', 'INBOX', ['phone@x']);
    expect(await waitDone(engine, ['phone@x'])).toEqual(['phone@x']);
    const shown = await engine.api.listItems({ batchId: batch?.id, limit: 100 });
    expect(shown.map((i) => i.externalId)).toEqual(['mine@x']);
  } finally {
    await engine.close();
  }
});

it('a polled folder tells it by its STATUS mod-sequence', async () => {
  const engine = await openEngine(dbPath('read-polled'));
  const c = await server.client('polled');
  for (const f of ['One', 'Two', 'Three']) await c.mailboxCreate(f);
  await c.logout();
  try {
    // INBOX, One and Two IDLE; Three is polled with STATUS every 15 s (the shortest interval).
    await connected(engine, 'polled', { folders: ['INBOX', 'One', 'Two', 'Three'], pollIntervalSec: 15 });
    await engine.api.startFocus({ minutes: 30 });
    await append('polled', 'Three', ['p1@x', 'p2@x']);
    await engine.wake(); // a reconnect polls at once, so the items come without waiting a round
    await waitForItems(engine, 2);
    await readOnPhone('polled', 'Three', ['p2@x']);
    // The next round's STATUS (within 15 s) has a new HIGHESTMODSEQ and no new UIDNEXT.
    expect(await waitDone(engine, ['p2@x'], 25_000)).toEqual(['p2@x']);
    expect(engine.state().heldCount).toBe(1);
  } finally {
    await engine.close();
  }
}, 60_000);

it('a lookup that fails (a damaged mod-sequence cursor) is logged and skipped; the connection stays up', async () => {
  const path = dbPath('read-damaged');
  const secrets = new MemorySecretStore();
  let engine = await openEngine(path, secrets);
  try {
    const id = await connected(engine, 'damaged');
    await append('damaged', 'INBOX', ['d1@x']);
    await waitForItems(engine, 1);
    await engine.close();
    await append('damaged', 'INBOX', ['d2@x']);
    engine = await openEngine(path, secrets);
    engine.store.setCursor(id, 'imap:INBOX:highestModseq', 'not a number');
    const before = logRecords.length;
    await engine.wake();
    await waitForItems(engine, 2);
    await waitFor('the failed lookup logged', () =>
      logRecords.slice(before).some((r) => r.msg === 'imap read-elsewhere lookup failed') ? true : null,
    );
    // Had it made the connection loop, it would reconnect again and again and log each failed sync.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await engine.api.listAccounts({})).find((a) => a.id === id)?.status.state).toBe('connected');
    expect(logRecords.slice(before).filter((r) => r.msg === 'imap sync failed; reconnecting')).toEqual([]);
    // The next fresh look wrote a real mod-sequence over the damaged one.
    expect(engine.store.getCursor(id, 'imap:INBOX:highestModseq')).toMatch(/^\d+$/);
  } finally {
    await engine.close();
  }
});

it('with hold at the server, mail already read stays in INBOX; the unread mail goes to Lull/Held', async () => {
  const engine = await openEngine(dbPath('read-atserver'));
  try {
    await connected(engine, 'atserver', { holdAtServer: true });
    await engine.api.startFocus({ minutes: 30 });
    await append('atserver', 'INBOX', ['read-first@x'], ['\\Seen']);
    await append('atserver', 'INBOX', ['unread@x']);
    await waitForItems(engine, 2);
    const inHeld = async (): Promise<string[]> => {
      const c = await server.client('atserver');
      try {
        const st = await c.status('Lull/Held', { messages: true }).catch(() => false as const);
        if (st === false || !st.messages) return [];
        await c.mailboxOpen('Lull/Held');
        const ids: string[] = [];
        for await (const m of c.fetch('1:*', { envelope: true })) ids.push(m.envelope?.messageId ?? '');
        return ids;
      } finally {
        await c.logout();
      }
    };
    await waitFor('unread mail moved to Lull/Held', async () => ((await inHeld()).length > 0 ? true : null));
    expect(await inHeld()).toEqual(['<unread@x>']);
    expect(await waitDone(engine, ['read-first@x'])).toEqual(['read-first@x']);
  } finally {
    await engine.close();
  }
});
