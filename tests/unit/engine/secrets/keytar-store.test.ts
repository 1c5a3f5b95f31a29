/**
 * KeytarSecretStore against a real Secret Service (gnome-keyring in the private D-Bus session that
 * scripts/with-services.mjs starts), and the "no keychain" case in a child process whose
 * DBUS_SESSION_BUS_ADDRESS points nowhere: a clear error, and the secret stored nowhere.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../../../electron/engine/secrets/keytar-store';

const ROOT = resolve(import.meta.dirname, '../../../..');

describe.skipIf(!process.env.LULL_KEYRING)(
  'KeytarSecretStore with gnome-keyring (run via scripts/with-services.mjs)',
  () => {
    it('stores, reads and deletes one entry per account under service "Lull"', async () => {
      const store = new KeytarSecretStore();
      const id = `acct-${randomBytes(4).toString('hex')}`;
      const secret = `pw-${randomBytes(8).toString('hex')}`;
      expect(await store.get(id)).toBeNull();
      await store.set(id, secret);
      expect(await store.get(id)).toBe(secret);
      const tool = spawnSync('secret-tool', ['lookup', 'service', 'Lull', 'account', id], {
        encoding: 'utf8',
      });
      if (tool.status === 0) expect(tool.stdout).toBe(secret);
      await store.delete(id);
      expect(await store.get(id)).toBeNull();
    });
  },
);

describe('no keychain', () => {
  it('throws SecretStoreUnavailableError with the reason, and stores nothing', () => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const file = join(ROOT, '.tmp', `no-keychain-${process.pid}.mts`);
    writeFileSync(
      file,
      `
      import { KeytarSecretStore } from '../electron/engine/secrets/keytar-store';
      const s = new KeytarSecretStore('LullNoKeychainTest');
      import { Engine } from '../electron/engine/engine';
      import { readFileSync } from 'node:fs';
      const db = '${join(ROOT, '.tmp', `no-keychain-${process.pid}.db`)}';
      const engine = await Engine.open({ dbPath: db, secrets: s });
      let addError = '';
      try {
        await engine.api.addAccount({ name: 'm', enabled: true, config: { kind: 'imap', imap: { host: 'localhost', port: 993, security: 'tls', username: 'u' } }, secret: 'super-secret-value' });
      } catch (e) { addError = e.name; }
      const accounts = (await engine.api.listAccounts({})).length;
      await engine.close();
      const leaked = readFileSync(db).includes('super-secret-value');
      console.error(JSON.stringify({ addError, accounts, leaked }));
      try { await s.set('a', 'super-secret-value'); console.log('STORED'); }
      catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); }
    `,
    );
    const r = spawnSync('npx', ['tsx', file], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/lull-bus', DISPLAY: '' },
      timeout: 60_000,
    });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    expect(line).not.toBe('STORED');
    const err = JSON.parse(line) as { name: string; code: string; message: string };
    expect(err.name).toBe('SecretStoreUnavailableError');
    expect(err.code).toBe('ENOKEYCHAIN');
    expect(err.message).toMatch(/No OS keychain is available.*never stores secrets in plain text/);
    expect(err.message).not.toContain('super-secret-value');
    // through the engine: the account is refused, nothing saved, nothing written in plain text
    const engineLine =
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{"addError"'))
        .pop() ?? '{}';
    expect(JSON.parse(engineLine)).toEqual({
      addError: 'SecretStoreUnavailableError',
      accounts: 0,
      leaked: false,
    });
  });
});
