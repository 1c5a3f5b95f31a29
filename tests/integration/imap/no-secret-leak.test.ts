/**
 * After a full run (add account, connection tests right and wrong, IDLE delivery, mark read, a wrong
 * password, OAuth-free close), the secret appears nowhere in the database files or the logs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KeytarSecretStore, MemorySecretStore } from '../../../electron/engine/secrets/keytar-store';
import { makeRawMessage, startDovecot, type DovecotServer } from '../../support/dovecot';
import { addImap, dbPath, logRecords, openEngine, plainConfig, waitForItems, waitForState } from './helpers';

const SECRET = `Sekr3t-${randomBytes(8).toString('hex')}`;
const WRONG = `Wr0ng-${randomBytes(8).toString('hex')}`;
let server: DovecotServer;
beforeAll(async () => {
  server = await startDovecot({ users: { alice: SECRET } });
});
afterAll(async () => {
  await server?.stop();
});

it('keeps the password out of SQLite and the logs', async () => {
  const path = dbPath('leak');
  // The real keychain when the test session has one; the subject here is SQLite and the logs.
  const secrets = process.env.LULL_KEYRING ? new KeytarSecretStore() : new MemorySecretStore();
  const engine = await openEngine(path, secrets);
  try {
    const config = plainConfig(server);
    const bad = await engine.api.testAccount({
      name: 'x',
      enabled: true,
      config: { kind: 'imap', imap: config },
      secret: WRONG,
    });
    expect(bad.kind).toBe('auth');
    const good = await engine.api.testAccount({
      name: 'x',
      enabled: true,
      config: { kind: 'imap', imap: config },
      secret: SECRET,
    });
    expect(good.kind).toBe('ok');
    const account = await addImap(engine, config, SECRET);
    await waitForState(engine, account.id, 'connected');
    const wrong = await addImap(engine, plainConfig(server), WRONG);
    await waitForState(engine, wrong.id, 'auth-failed');
    const c = await server.client();
    await c.append(
      'INBOX',
      makeRawMessage({ subject: `mail mentioning nothing secret`, messageId: 'leak-1@x' }),
    );
    await c.logout();
    const [item] = await waitForItems(engine, 1);
    const r = await engine.api.markRead({ ids: [item?.id ?? -1] });
    expect(r.marked).toBe(1);
    const check = await server.client();
    await check.mailboxOpen('INBOX');
    const flags: string[][] = [];
    for await (const m of check.fetch('1:*', { flags: true })) flags.push([...(m.flags ?? [])]);
    await check.logout();
    expect(flags).toEqual([['\\Seen']]); // mark read reached the server
    await engine.api.removeAccount({ id: wrong.id });
  } finally {
    await engine.close();
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from(SECRET)), file).toBe(false);
    expect(bytes.includes(Buffer.from(WRONG)), file).toBe(false);
  }
  const logs = logRecords.map((r) => JSON.stringify(r)).join('\n');
  expect(logs.length).toBeGreaterThan(0);
  expect(logs).not.toContain(SECRET);
  expect(logs).not.toContain(WRONG);
});
