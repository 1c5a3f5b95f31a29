/**
 * Server faults: Dovecot's whole process group killed and restarted 20 times while a writer APPENDs
 * 500 messages. Afterwards every message is an item exactly once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import { makeRawMessage, startDovecot, type DovecotServer } from '../../support/dovecot';
import { addImap, allItems, dbPath, openEngine, plainConfig, waitFor, waitForState } from './helpers';

let server: DovecotServer;
beforeAll(async () => {
  server = await startDovecot({ mailFormat: 'sdbox' });
});
afterAll(async () => {
  const t = Date.now();
  await server?.stop();
  if (process.env.LULL_DEBUG) console.log('stopped in', Date.now() - t, process.getActiveResourcesInfo());
});

const TOTAL = 500;

/** The writer must not hang on a half-dead socket for imapflow's default minutes. */
async function quickClient(): Promise<ImapFlow> {
  const c = new ImapFlow({
    host: '127.0.0.1',
    port: server.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user: 'alice', pass: 'alicepw' },
    logger: false,
    connectionTimeout: 2000,
    greetingTimeout: 2000,
    socketTimeout: 3000,
  });
  c.on('error', () => undefined);
  await withTimeout(c.connect());
  return c;
}

function withTimeout<T>(p: Promise<T>, ms = 2000): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error('timeout')), ms))]);
}

/** APPENDs every message once: after any failure it first checks whether the cut APPEND landed. */
async function writer(): Promise<void> {
  let client: ImapFlow | null = null;
  let needCheck = false;
  let i = 0;
  while (i < TOTAL) {
    try {
      client ??= await quickClient();
      const id = `fault-${i}@example.com`;
      if (needCheck) {
        await withTimeout(client.mailboxOpen('INBOX'));
        const hit = await withTimeout(client.search({ header: { 'message-id': id } }));
        needCheck = false;
        if (hit && hit.length > 0) {
          i++;
          continue;
        }
      }
      await withTimeout(client.append('INBOX', makeRawMessage({ subject: `fault ${i}`, messageId: id })));
      i++;
      await new Promise((res) => setTimeout(res, 8)); // spread the writes over all 20 kills
    } catch {
      client?.close();
      client = null;
      needCheck = true;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  await client?.logout().catch(() => undefined);
}

it('every message becomes an item exactly once across 20 server kills', async () => {
  const engine = await openEngine(dbPath('faults'));
  try {
    const account = await addImap(engine, plainConfig(server));
    await waitForState(engine, account.id, 'connected');
    const writing = writer();
    for (let k = 0; k < 20; k++) {
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 150));
      await server.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 50));
      await server.start();
    }
    if (process.env.LULL_DEBUG) console.log('kills done', Date.now() % 1000000);
    await writing;
    // The source may sit in backoff after the last kill: wake it like the OS would after a network change.
    engine.accounts.wakeAll();
    if (process.env.LULL_DEBUG) console.log('writer done', Date.now() % 1000000);
    const items = await waitFor(
      '500 items',
      async () => {
        const list = await allItems(engine);
        return list.length >= TOTAL ? list : null;
      },
      60_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    const final = await allItems(engine);
    expect(final).toHaveLength(TOTAL);
    expect(new Set(final.map((i) => i.externalId)).size).toBe(TOTAL);
    expect(items.length).toBe(TOTAL);
    // the mailbox itself holds each message once (the writer's check), so the test measures the source
    const c = await server.client();
    const st = await c.status('INBOX', { messages: true });
    await c.logout();
    expect(st && st.messages).toBe(TOTAL);
  } finally {
    await engine.close();
  }
}, 180_000);
