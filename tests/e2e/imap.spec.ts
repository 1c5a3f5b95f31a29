/**
 * A real Dovecot: add the account in Settings (test connection, trust its certificate), mail
 * arrives and is held, release, and "mark read" sets \Seen on the server.
 */
import { expect, test } from '@playwright/test';
import { makeRawMessage, startDovecot } from '../support/dovecot';
import type { DovecotServer } from '../support/dovecot';
import type { E2eHost } from './support/host';
import { startE2eHost } from './support/host';

let dovecot: DovecotServer;
let host: E2eHost;

test.beforeAll(async () => {
  dovecot = await startDovecot();
  host = await startE2eHost('imap');
  await host.call('setDemo', { enabled: false });
});
test.afterAll(async () => {
  await host?.close();
  await dovecot?.kill();
});

test('add IMAP, mail is held, release, mark read sets \\Seen on the server', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await page.goto(`${host.url.split('#')[0]}#/settings/accounts`);
  await page.getByRole('button', { name: 'Email (IMAP)' }).click();
  const form = page.getByRole('form', { name: 'Add an email account' });
  await form.getByLabel('Name', { exact: true }).fill('Test mail');
  await form.getByLabel('Server', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(dovecot.imapsPort));
  await form.getByLabel('Username').fill('alice');
  await form.getByLabel('Password or app password').fill('alicepw');
  await form.getByRole('button', { name: 'Test connection' }).click();
  const result = form.getByTestId('connection-test');
  // The test CA is not trusted: the precise result names TLS and shows the certificate to pin.
  await expect(result).toContainText('Failed (tls)');
  await expect(result).toContainText('SHA-256');
  await result.getByRole('button', { name: 'Trust this certificate' }).click();
  await expect(form.getByText(/Trusted certificate:/)).toBeVisible();
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toContainText('Connected');
  await expect(result).toContainText('IMAP4rev1');
  // The server's folders are offered to pick from; INBOX, already in the list, is shown picked.
  const onServer = form.getByRole('group', { name: 'Folders on the server' });
  await expect(onServer.getByRole('button', { name: 'INBOX' })).toHaveAttribute('aria-pressed', 'true');
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(page.getByTestId('account-list')).toContainText('Test mail');
  await expect(page.getByTestId('account-list')).toContainText('Connected', { timeout: 20_000 });

  await host.call('startFocus', { minutes: 25 });
  await page.goto(`${host.url.split('#')[0]}#/status`);
  await expect(page.getByTestId('held-count')).toHaveText('0');
  const client = await dovecot.client('alice');
  try {
    await client.append(
      'INBOX',
      makeRawMessage({
        from: 'Grace Hopper <grace@example.com>',
        subject: 'Compiler question',
        messageId: 'grace-1@example.com',
      }),
    );
    await expect(page.getByTestId('held-count')).toHaveText('1', { timeout: 30_000 });

    await page.getByRole('button', { name: /Release now/ }).click();
    await page.getByRole('navigation', { name: 'Lull' }).getByRole('link', { name: 'Review' }).click();
    const item = page.getByTestId('review-list').getByRole('option', { name: /Compiler question/ });
    await item.click();
    await page.getByRole('button', { name: 'Mark read' }).click();
    await expect(page.locator('.toast')).toContainText('Marked 1 read');

    await client.mailboxOpen('INBOX');
    const msg = await client.fetchOne('*', { flags: true, envelope: true });
    expect(msg && msg.envelope?.subject).toBe('Compiler question');
    expect(msg && [...(msg.flags ?? [])]).toContain('\\Seen');
  } finally {
    await client.logout();
  }
});
