/** OAuthTokenManager: refresh before expiry, rotation to the keychain, revocation is final (no storm). */
import { createServer } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OAuthError, OAuthTokenManager, REFRESH_MARGIN_MS } from '../../../../electron/engine/oauth/tokens';
import { MemorySecretStore } from '../../../../electron/engine/secrets/keytar-store';

let calls = 0;
let revoked = false;
const server = createServer((req, res) => {
  calls++;
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const p = new URLSearchParams(body);
    res.setHeader('content-type', 'application/json');
    const ok = !revoked && p.get('grant_type') === 'refresh_token';
    res.writeHead(ok ? 200 : 400);
    res.end(
      JSON.stringify(
        ok
          ? { access_token: `at-${calls}`, refresh_token: `rt-${calls}`, expires_in: 3600 }
          : { error: 'invalid_grant' },
      ),
    );
  });
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/token`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it('refreshes only near expiry, stores rotated tokens, and stops after a revocation', async () => {
  let now = 1_700_000_000_000;
  const secrets = new MemorySecretStore();
  await secrets.set('acc', 'rt-initial');
  const provider = {
    id: 'p',
    name: 'P',
    authorizeUrl: url,
    tokenUrl: url,
    revokeUrl: null,
    clientId: 'c',
    clientSecret: null,
    scopes: [],
    imapHost: null,
    extraAuthParams: {},
  };
  const m = new OAuthTokenManager(provider, 'acc', secrets, () => now);
  expect(await m.accessToken()).toBe('at-1');
  expect(await secrets.get('acc')).toBe('rt-1');
  now += 3600_000 - REFRESH_MARGIN_MS - 1000;
  expect(await m.accessToken()).toBe('at-1');
  now += 2000;
  expect(await m.accessToken()).toBe('at-2');
  revoked = true;
  await expect(m.accessToken(true)).rejects.toMatchObject({ kind: 'revoked' });
  const before = calls;
  await expect(m.accessToken(true)).rejects.toBeInstanceOf(OAuthError);
  expect(calls).toBe(before);
});
