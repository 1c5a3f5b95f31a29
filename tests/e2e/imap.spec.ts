/**
 * A real Dovecot: add the account in Settings (test connection, trust its certificate), mail
 * arrives and is held, mail read on the phone (another session) leaves the count and the review
 * list, release, and "mark read" sets \Seen on the server.
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

test('add IMAP, mail is held, read on the phone is dropped, release, mark read sets \\Seen on the server', async ({
  page,
}) => {
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
  const phone = await dovecot.client('alice');
  /** The phone reads a message: another session sets \Seen. */
  const readOnPhone = async (messageId: string): Promise<void> => {
    await phone.mailboxOpen('INBOX');
    const uids = (await phone.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
    expect(uids).toHaveLength(1);
    await phone.messageFlagsAdd(uids.join(','), ['\\Seen'], { uid: true });
  };
  try {
    const mail = [
      ['Grace Hopper <grace@example.com>', 'Compiler question', 'grace-1@example.com'],
      ['Ada Lovelace <ada@example.com>', 'Lunch on Friday?', 'ada-1@example.com'],
      ['Lin Chen <lin@example.com>', 'Minutes from Monday', 'lin-1@example.com'],
    ];
    for (const [from, subject, messageId] of mail)
      await client.append('INBOX', makeRawMessage({ from, subject, messageId }));
    await expect(page.getByTestId('held-count')).toHaveText('3', { timeout: 30_000 });
    // Read on the phone during focus: no longer held, and the batch will not bring it.
    await readOnPhone('ada-1@example.com');
    await expect(page.getByTestId('held-count')).toHaveText('2', { timeout: 30_000 });

    await page.getByRole('button', { name: /Release now/ }).click();
    await page.getByRole('navigation', { name: 'Lull' }).getByRole('link', { name: 'Review' }).click();
    const list = page.getByTestId('review-list');
    const item = list.getByRole('option', { name: /Compiler question/ });
    const minutes = list.getByRole('option', { name: /Minutes from Monday/ });
    await expect(item).toBeVisible();
    await expect(minutes).toBeVisible();
    await expect(list.getByRole('option', { name: /Lunch on Friday/ })).toHaveCount(0);
    // Read on the phone while the review is open: it leaves the list without a reload.
    await readOnPhone('lin-1@example.com');
    await expect(minutes).toHaveCount(0, { timeout: 30_000 });
    await expect(page.locator('.toast')).toContainText('1 item was read elsewhere');

    await item.click();
    await page.getByRole('button', { name: 'Mark read' }).click();
    await expect(page.locator('.toast')).toContainText('Marked 1 read');

    await client.mailboxOpen('INBOX');
    const [uid] =
      (await client.search({ header: { 'message-id': 'grace-1@example.com' } }, { uid: true })) || [];
    const msg = await client.fetchOne(String(uid), { flags: true, envelope: true }, { uid: true });
    expect(msg && msg.envelope?.subject).toBe('Compiler question');
    expect(msg && [...(msg.flags ?? [])]).toContain('\\Seen');
    // Lull's own mark read is not the user reading elsewhere: the item stays in the list.
    await page.waitForTimeout(1500);
    await expect(item).toBeVisible();
  } finally {
    await client.logout();
    await phone.logout();
  }
});
