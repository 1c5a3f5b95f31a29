import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { configureOAuthProviders } from '../../../electron/engine/oauth/providers';
import { dispatch } from '../../../electron/shared/dispatch';
import type { TestEngine } from '../../support/engine';
import { makeTestEngine } from '../../support/engine';
import type { OAuthTestServer } from '../../support/oauth-server';
import { localProvider, startOAuthServer } from '../../support/oauth-server';

let oauth: OAuthTestServer;
let t: TestEngine | null = null;

beforeAll(async () => {
  oauth = await startOAuthServer({ user: 'alice' });
  configureOAuthProviders([localProvider(oauth)]);
});
afterAll(async () => {
  configureOAuthProviders(null);
  await oauth.close();
});
afterEach(async () => {
  await t?.cleanup();
  t = null;
});

/** The "system browser": follows the provider's redirect back to Lull's loopback listener. */
function browser(url: string): void {
  void (async () => {
    const r = await fetch(url, { redirect: 'manual' });
    const next = r.headers.get('location');
    if (next) await fetch(next);
  })();
}

const imap = (oauthProvider: string | null) => ({
  kind: 'imap' as const,
  imap: {
    host: '127.0.0.1',
    port: 1,
    security: 'tls' as const,
    username: 'alice',
    auth: 'oauth2' as const,
    oauthProvider,
  },
});

it('signs an IMAP account in with OAuth2 and keeps the refresh token only in the keychain', async () => {
  t = await makeTestEngine({ openExternal: browser });
  const begun = await t.engine.api.beginSignIn({ name: 'Work mail', config: imap('local') });
  expect(begun.url).toContain(`${oauth.url}/authorize`);
  expect(begun.url).toContain('code_challenge=');
  const deadline = Date.now() + 10_000;
  while (!t.events.some((e) => e.name === 'signIn') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  const done = t.events.find((e) => e.name === 'signIn')?.payload as {
    ok: boolean;
    accountId: string | null;
  };
  expect(done).toMatchObject({ ok: true });
  const accounts = await t.engine.api.listAccounts({});
  expect(accounts.map((a) => a.name)).toEqual(['Work mail']);
  expect(t.secrets.entries.get(done.accountId ?? '')).toMatch(/^rt-/);
  expect(JSON.stringify(accounts)).not.toMatch(/rt-/);
});

it('names the field when no provider is configured', async () => {
  t = await makeTestEngine({ openExternal: browser });
  await expect(
    dispatch(t.engine.api, 'beginSignIn', { name: 'X', config: imap('nope') }),
  ).rejects.toMatchObject({
    problems: [{ path: 'config.imap.oauthProvider' }],
  });
  expect(await t.engine.api.listAccounts({})).toEqual([]);
});

it('lists the configured providers for the settings form, without client ids or secrets', async () => {
  t = await makeTestEngine({ openExternal: browser });
  const provider = localProvider(oauth);
  const listed = await dispatch(t.engine.api, 'listOAuthProviders', {});
  expect(listed).toEqual([{ id: provider.id, name: provider.name, imapHost: provider.imapHost ?? null }]);
  expect(JSON.stringify(listed)).not.toContain(provider.clientId);
  configureOAuthProviders([]);
  try {
    expect(await dispatch(t.engine.api, 'listOAuthProviders', {})).toEqual([]);
  } finally {
    configureOAuthProviders([provider]);
  }
});
