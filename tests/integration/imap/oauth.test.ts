/**
 * OAuth2 end to end: PKCE sign-in through a loopback redirect, XOAUTH2 against a Dovecot whose oauth2
 * passdb validates tokens at the local authorization server, refresh before expiry (with rotation),
 * and revocation → "sign in again" without a retry storm.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signInWithBrowser } from '../../../electron/engine/oauth/flow';
import {
  configureOAuthProviders,
  getOAuthProvider,
  type OAuthProvider,
} from '../../../electron/engine/oauth/providers';
import { MemorySecretStore } from '../../../electron/engine/secrets/keytar-store';
import { makeRawMessage, startDovecot, type DovecotServer } from '../../support/dovecot';
import { localProvider, startOAuthServer, type OAuthTestServer } from '../../support/oauth-server';
import { addImap, dbPath, openEngine, plainConfig, waitFor, waitForItems, waitForState } from './helpers';

let server: DovecotServer;
let oauth: OAuthTestServer;
let provider: OAuthProvider;

beforeAll(async () => {
  oauth = await startOAuthServer({ user: 'alice' });
  server = await startDovecot({ oauth2IntrospectionUrl: `${oauth.url}/introspect` });
  configureOAuthProviders([localProvider(oauth)]);
  provider = getOAuthProvider('local') as OAuthProvider;
});
afterAll(async () => {
  configureOAuthProviders(null);
  await server?.stop();
  await oauth?.close();
});

/** The "system browser": follows the provider's redirect to our loopback server. */
async function browser(url: string): Promise<void> {
  const r = await fetch(url, { redirect: 'manual' });
  const next = r.headers.get('location');
  if (!next) throw new Error(`authorize gave ${r.status}`);
  expect(new URL(next).hostname).toBe('127.0.0.1');
  await fetch(next);
}

it('signs in with PKCE, reads mail over XOAUTH2, refreshes, and stops cleanly when revoked', async () => {
  const tokens = await signInWithBrowser(provider, { openBrowser: browser, timeoutMs: 10_000 });
  expect(tokens.refreshToken).toMatch(/^rt-/);
  expect(oauth.counts.authorize).toBe(1);

  const secrets = new MemorySecretStore();
  const engine = await openEngine(dbPath('oauth'), secrets);
  try {
    oauth.accessTtlSec = 2; // shorter than the refresh margin: every connect refreshes first
    const account = await addImap(
      engine,
      plainConfig(server, { auth: 'oauth2', oauthProvider: 'local' }),
      tokens.refreshToken ?? '',
    );
    await waitForState(engine, account.id, 'connected');
    expect(oauth.counts.introspectActive).toBeGreaterThan(0);
    const c = await server.client();
    await c.append('INBOX', makeRawMessage({ subject: 'via oauth', messageId: 'oauth-1@x' }));
    await c.logout();
    await waitForItems(engine, 1);

    // Refresh: a reconnect takes a new access token; the rotated refresh token replaced the old one.
    const refreshes = oauth.counts.refresh;
    const stored = await secrets.get(account.id);
    engine.accounts.wakeAll();
    await waitFor('a refresh', () => oauth.counts.refresh > refreshes);
    await waitForState(engine, account.id, 'connected');
    expect(await secrets.get(account.id)).not.toBe(stored);

    // Revocation: "sign in again", and nothing keeps hammering the token endpoint.
    oauth.revokeAll();
    engine.accounts.wakeAll();
    const s = await waitForState(engine, account.id, 'auth-failed');
    expect(s.detail).toMatch(/sign in again/i);
    const tokenCalls = oauth.counts.token;
    await new Promise((r) => setTimeout(r, 3000));
    expect(oauth.counts.token).toBe(tokenCalls);
  } finally {
    await engine.close();
  }
});

it('the loopback redirect refuses a forged state', async () => {
  let captured = '';
  const pending = signInWithBrowser(provider, {
    openBrowser: async (url) => {
      captured = url;
      const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
      const forged = await fetch(`${redirect}?code=abc&state=forged`);
      expect(forged.status).toBe(400);
      await browser(url);
    },
    timeoutMs: 10_000,
  });
  const t = await pending;
  expect(captured).toContain('code_challenge_method=S256');
  expect(t.accessToken).toMatch(/^at-/);
});
