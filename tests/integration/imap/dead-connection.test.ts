/**
 * A connection that goes silent (no RST, no FIN: a dead NAT, a sleeping laptop's Wi-Fi) is found by
 * the heartbeat, closed, and replaced by a new client. Production uses a 45 s NOOP with a 30 s answer
 * deadline (well inside 2 minutes); the test shortens both to keep it fast.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ImapSource } from '../../../electron/engine/sources/imap/imap-source';
import { HEARTBEAT_MS, HEARTBEAT_TIMEOUT_MS } from '../../../electron/engine/sources/imap/imap-source';
import { Engine } from '../../../electron/engine/engine';
import { createLogger } from '../../../electron/engine/log';
import { MemorySecretStore } from '../../../electron/engine/secrets/keytar-store';
import { freePort, makeRawMessage, startDovecot, type DovecotServer } from '../../support/dovecot';
import { addImap, dbPath, plainConfig, waitFor, waitForItems, waitForState } from './helpers';

let server: DovecotServer;
let proxy: Server;
let proxyPort = 0;
let frozen = false;
const pairs: { a: Socket; b: Socket }[] = [];

beforeAll(async () => {
  server = await startDovecot();
  proxyPort = await freePort();
  proxy = createServer((a) => {
    const b = connect(server.imapPort, '127.0.0.1');
    pairs.push({ a, b });
    // a frozen link drops bytes silently in both directions
    a.on('data', (d) => !frozen && b.write(d));
    b.on('data', (d) => !frozen && a.write(d));
    a.on('error', () => b.destroy());
    b.on('error', () => a.destroy());
    a.on('close', () => b.destroy());
    b.on('close', () => a.destroy());
  });
  await new Promise<void>((r) => proxy.listen(proxyPort, '127.0.0.1', () => r()));
});
afterAll(async () => {
  for (const p of pairs) p.a.destroy();
  await new Promise((r) => proxy.close(r));
  await server?.stop();
});

it('production heartbeat finds a dead peer within 2 minutes', () => {
  expect(HEARTBEAT_MS + HEARTBEAT_TIMEOUT_MS).toBeLessThan(120_000);
});

it('detects a silent connection, reconnects with a new client and catches up', async () => {
  const engine = await Engine.open({
    dbPath: dbPath('dead'),
    secrets: new MemorySecretStore(),
    log: createLogger({ test: 'dead' }),
    sources: {
      imap: {
        create: (ctx) => new ImapSource(ctx, { heartbeatMs: 500, heartbeatTimeoutMs: 500, random: () => 0 }),
      },
    },
  });
  try {
    const account = await addImap(engine, plainConfig(server, { port: proxyPort }));
    await waitForState(engine, account.id, 'connected');
    const before = pairs.length;
    frozen = true;
    // the old pair stays open (no RST): only the heartbeat can tell
    const c = await server.client();
    await c.append('INBOX', makeRawMessage({ subject: 'while frozen', messageId: 'frozen-1@x' }));
    const offline = await waitForState(engine, account.id, 'offline', 10_000);
    expect(offline.detail).toMatch(/Retrying in \d+ s\./);
    expect(offline.retryAtMs).toBeGreaterThan(0);
    frozen = false;
    await waitFor('a new connection', () => pairs.length > before, 10_000);
    await waitForState(engine, account.id, 'connected', 10_000);
    const items = await waitForItems(engine, 1, 10_000);
    expect(items.map((i) => i.externalId)).toEqual(['frozen-1@x']);
    await c.logout();
  } finally {
    await engine.close();
  }
});
