/** Shared pieces of the IMAP integration tests: an Engine on a real SQLite file, and waiting. */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Engine } from '../../../electron/engine/engine';
import type { LogRecord } from '../../../electron/engine/log';
import { createLogger, setLogSink } from '../../../electron/engine/log';
import type { SecretStore } from '../../../electron/engine/secrets/secret-store';
import { MemorySecretStore } from '../../../electron/engine/secrets/keytar-store';
import type { StoredItem } from '../../../electron/core/types';
import type { AccountStatus } from '../../../electron/shared/contract';
import type { ImapConfig } from '../../../electron/shared/accounts/imap';
import type { DovecotServer } from '../../support/dovecot';
import { loopbackOnlyDns } from '../../support/dns-server';
import { makeImapConfig } from '../../support/factories';

export const TMP = resolve(import.meta.dirname, '../../../.tmp');

/** Every log record of this test process, for the "no secret in logs" checks. */
export const logRecords: LogRecord[] = [];
setLogSink((r) => {
  logRecords.push(r);
  if (process.env.LULL_DEBUG && r.level !== 'debug') process.stderr.write(`${JSON.stringify(r)}\n`);
});

export function dbPath(name: string): string {
  mkdirSync(TMP, { recursive: true });
  return join(TMP, `imap-${name}-${process.pid}-${randomBytes(3).toString('hex')}.db`);
}

export async function openEngine(
  path: string,
  secrets: SecretStore = new MemorySecretStore(),
): Promise<Engine> {
  // mailDns: tests reach loopback only.
  return Engine.open({
    dbPath: path,
    secrets,
    log: createLogger({ test: 'imap' }),
    mailDns: loopbackOnlyDns(),
  });
}

export function plainConfig(server: DovecotServer, extra: Partial<ImapConfig> = {}): ImapConfig {
  return makeImapConfig({
    host: '127.0.0.1',
    port: server.imapPort,
    security: 'plain',
    plainConfirmed: true,
    username: 'alice',
    address: 'alice@example.com',
    pollIntervalSec: 15,
    ...extra,
  });
}

export async function addImap(
  engine: Engine,
  config: ImapConfig,
  secret = 'alicepw',
): Promise<{ readonly id: string }> {
  return engine.api.addAccount({
    name: 'Mail',
    enabled: true,
    config: { kind: 'imap', imap: config },
    secret,
  });
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function allItems(engine: Engine): Promise<readonly StoredItem[]> {
  return engine.api.listItems({ limit: 10000, includeDone: true });
}

export async function accountStatus(engine: Engine, id: string): Promise<AccountStatus> {
  const a = (await engine.api.listAccounts({})).find((x) => x.id === id);
  if (!a) throw new Error(`no account ${id}`);
  return a.status;
}

export async function waitForItems(
  engine: Engine,
  n: number,
  timeoutMs = 20_000,
): Promise<readonly StoredItem[]> {
  return waitFor(
    `${n} items`,
    async () => {
      const items = await allItems(engine);
      return items.length >= n ? items : null;
    },
    timeoutMs,
  );
}

export async function waitForState(
  engine: Engine,
  id: string,
  state: AccountStatus['state'],
  timeoutMs = 20_000,
): Promise<AccountStatus> {
  return waitFor(
    `account state ${state}`,
    async () => {
      const s = await accountStatus(engine, id);
      return s.state === state ? s : null;
    },
    timeoutMs,
  );
}
