/**
 * OAuth2 from Settings, end to end in Chromium: pick the provider, sign in on its page (a local
 * authorization server that approves at once), and the engine saves the account and reads mail over
 * XOAUTH2 from a Dovecot whose oauth2 passdb checks tokens at that server.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { makeRawMessage, startDovecot } from '../support/dovecot';
import type { DovecotServer } from '../support/dovecot';
import { localProvider, startOAuthServer, type OAuthTestServer } from '../support/oauth-server';
import type { E2eHost } from './support/host';
import { startE2eHost } from './support/host';

let oauth: OAuthTestServer;
let dovecot: DovecotServer;
let host: E2eHost;

test.beforeAll(async () => {
  oauth = await startOAuthServer({ user: 'alice' });
  dovecot = await startDovecot({ oauth2IntrospectionUrl: `${oauth.url}/introspect` });
  // Providers come from configuration: the host process reads this file (LULL_OAUTH_PROVIDERS).
  const dir = join(process.cwd(), '.tmp', 'e2e-oauth');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'providers.json');
  writeFileSync(file, JSON.stringify([localProvider(oauth)]));
  process.env.LULL_OAUTH_PROVIDERS = file;
  try {
    host = await startE2eHost('imap-oauth');
  } finally {
    delete process.env.LULL_OAUTH_PROVIDERS;
  }
  await host.call('setDemo', { enabled: false });
});
test.afterAll(async () => {
  await host?.close();
  await dovecot?.kill();
  await oauth?.close();
});

test('sign in to an IMAP account with OAuth2 from Settings; mail arrives over XOAUTH2', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(host.url); // the URL carries the host's token
  await page.goto(`${host.url.split('#')[0]}#/settings/accounts`);
  await page.getByRole('button', { name: 'Email (IMAP)' }).click();
  const form = page.getByRole('form', { name: 'Add an email account' });
  await form.getByLabel('Name', { exact: true }).fill('Work (OAuth)');
  await form.getByLabel('Sign in with').selectOption({ label: 'Local IdP (browser sign-in)' });
  await expect(form.locator('input[type=password]')).toHaveCount(0);
  await form.getByLabel('Server', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Security').selectOption('plain');
  await form.getByLabel('Port', { exact: true }).fill(String(dovecot.imapPort));
  await form.getByLabel(/I understand/).check();
  await form.getByLabel('Username').fill('alice');
  await form.getByRole('button', { name: 'Sign in with Local IdP' }).click();
  await expect(form.getByRole('status')).toContainText('Finish signing in in your browser.');
  // In the browser host nothing opens a system browser: the person follows the link.
  const [signInPage] = await Promise.all([
    page.context().waitForEvent('page'),
    form.getByRole('link', { name: 'Open the sign-in page' }).click(),
  ]);
  await signInPage.waitForLoadState();
  expect(oauth.counts.authorize).toBe(1);
  await expect(form).toHaveCount(0); // closed when the sign-in ended
  const list = page.getByTestId('account-list');
  await expect(list).toContainText('Work (OAuth)');
  await expect(list).toContainText('Connected', { timeout: 20_000 });
  expect(oauth.counts.introspectActive).toBeGreaterThan(0);

  const client = await dovecot.client('alice');
  try {
    await client.append(
      'INBOX',
      makeRawMessage({ subject: 'Hello over XOAUTH2', messageId: 'xo-1@example.com' }),
    );
  } finally {
    await client.logout();
  }
  await expect
    .poll(
      async () => (await host.call<{ title: string }[]>('listItems', { limit: 10 })).map((i) => i.title),
      {
        timeout: 20_000,
      },
    )
    .toContain('Hello over XOAUTH2');
  // The refresh token went to the secret store only, never to the page.
  await expect(page.locator('body')).not.toContainText('rt-');
});
