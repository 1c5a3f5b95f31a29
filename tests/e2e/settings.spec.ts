/// <reference lib="dom" />
/** Settings over a real engine: rule order (drag and keyboard), the rule tester, and cron validation. */
import { expect, test } from '@playwright/test';
import type { E2eHost } from './support/host';
import { withoutFocusBlocks } from '../support/factories';
import { startE2eHost } from './support/host';
import { e2eItem } from './support/items';

let host: E2eHost;
test.beforeEach(async () => {
  host = await startE2eHost('settings');
  await host.call('setDemo', { enabled: false });
});
test.afterEach(async () => {
  await host.close();
});

const base = (): string => host.url.split('#')[0] ?? '';
type Rules = { version: number; rules: { id: string; name: string }[] };

test('reorder rules by keyboard and by drag, save, and test a rule', async ({ page }) => {
  await page.goto(host.url);
  await page.goto(`${base()}#/settings/rules`);
  const start = await host.call<Rules>('getRules', {});
  const names = start.rules.map((r) => r.name);
  expect(names.length).toBeGreaterThanOrEqual(3);
  const list = page.getByTestId('rule-list');
  await expect(list.locator(':scope > li')).toHaveCount(names.length);

  // Keyboard: focus the second rule's handle, Alt+ArrowUp moves it to the top; focus stays on it.
  await list.getByRole('button', { name: new RegExp(`^Reorder ${names[1]}`) }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(list.locator(':scope > li').first()).toHaveAttribute('data-rule-id', start.rules[1]?.id ?? '');
  await expect(page.locator(':focus')).toHaveAccessibleName(new RegExp(`^Reorder ${names[1]}, position 1`));

  // Drag: the last rule onto the first.
  const last = list.locator(':scope > li').last();
  const lastId = await last.getAttribute('data-rule-id');
  await last.dragTo(list.locator(':scope > li').first());
  await expect(list.locator(':scope > li').first()).toHaveAttribute('data-rule-id', lastId ?? '');

  await page.getByTestId('save-rules').click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const saved = await host.call<Rules>('getRules', {});
  expect(saved.rules[0]?.id).toBe(lastId);
  expect(saved.rules[1]?.id).toBe(start.rules[1]?.id);
  expect(saved.version).toBeGreaterThan(start.version);

  // Add a VIP sender by pasting many addresses (with a duplicate and a bad one), then test it.
  const vip = list.locator(':scope > li', { hasText: 'VIPs' });
  await vip.getByRole('button', { name: 'Edit' }).click();
  await vip.getByRole('checkbox', { name: 'VIPs enabled' }).check();
  const senders = vip.getByRole('textbox', { name: /Senders/ });
  await senders.fill('Ann <ann@example.com>, bob@example.com\nann@example.com; not an address@@');
  await expect(vip.getByText('Duplicates:')).toBeVisible();
  await expect(vip.locator('.chip.bad')).toHaveText('address@@');
  await expect(page.getByTestId('save-rules')).toBeDisabled();
  await senders.fill('Ann <ann@example.com>, bob@example.com');
  await expect(page.getByTestId('save-rules')).toBeEnabled();
  await page.getByTestId('save-rules').click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  await page.getByLabel('Sender address').fill('bob@example.com');
  await page.getByLabel('Subject').fill('Can you look at this?');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  const result = page.getByTestId('rule-test-result');
  await expect(result).toContainText('Deliver now');
  await expect(result.locator('li')).not.toHaveCount(0);
  await expect(result).toContainText('VIPs');

  // Replay last week against these rules: a report comes back.
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  await expect(page.getByTestId('replay-report')).toContainText(/Of \d+ items/);
});

test('an invalid cron shows an inline error and saves nothing', async ({ page }) => {
  await page.goto(host.url);
  await page.goto(`${base()}#/settings/cadence`);
  const before = await host.call<{ batching: unknown }>('getSettings', {});
  await page.getByRole('radio', { name: 'Cron expression' }).check();
  await expect(page.getByTestId('cadence-preview').locator('li')).toHaveCount(5);
  const cron = page.getByTestId('cron-input');
  await cron.fill('61 25 * * *');
  const error = page.locator('#cadence-err');
  await expect(error).toBeVisible();
  await expect(error).not.toBeEmpty();
  await expect(cron).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('cadence-preview')).toHaveCount(0);
  await expect(page.getByTestId('save-cadence')).toBeDisabled();
  // Even forced, the engine refuses it: nothing was saved.
  const forced = await host
    .call('setSettings', {
      ...(before as object),
      batching: { ...(before.batching as object), cadence: { kind: 'cron', expr: '61 25 * * *' } },
    })
    .then(
      () => 'saved',
      (e: Error) => e.message,
    );
  expect(forced).not.toBe('saved');
  expect(await host.call('getSettings', {})).toEqual(before);

  // A valid one previews again and saves.
  await cron.fill('0 */2 * * *');
  await expect(page.getByTestId('cadence-preview').locator('li')).toHaveCount(5);
  await expect(error).toHaveCount(0);
  await page.getByTestId('save-cadence').click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const after = await host.call<{ batching: { cadence: unknown } }>('getSettings', {});
  expect(after.batching.cadence).toEqual({ kind: 'cron', expr: '0 */2 * * *' });
});

test('the page reconnects after the host restarts', async ({ page }) => {
  await page.goto(host.url);
  // No scheduled block, so ending the manual focus really ends focus whatever the time of day.
  const settings = await host.call<{ schedule: object }>('getSettings', {});
  await host.call('setSettings', withoutFocusBlocks(settings));
  await page.goto(`${base()}#/status`);
  await expect(page.getByTestId('held-count')).toHaveText('0');
  await host.call('startFocus', { minutes: 30 });
  await expect(page.getByTestId('focus-state')).toHaveText('Focus on');
  const restarting = host.restart(2500);
  await expect(page.getByText('Reconnecting…')).toBeVisible();
  // While the page is cut off, the engine keeps working: the page must catch up by itself.
  await host.ingest([e2eItem({ from: 'erin@example.com', title: 'Sent while you were away' })]);
  await restarting;
  await expect(page.getByText('Reconnecting…')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('held-count')).toHaveText('1');
  // Live events flow again on the new connection, and commands work.
  await host.ingest([e2eItem({ from: 'frank@example.com', title: 'After the restart' })]);
  await expect(page.getByTestId('held-count')).toHaveText('2');
  await page.getByRole('button', { name: 'End focus' }).click();
  await expect(page.getByRole('timer')).toHaveCount(0);
});

test('the week grid: draw a block by dragging, move and resize it by keyboard, delete it, save', async ({
  page,
}) => {
  await page.goto(host.url);
  await page.goto(`${base()}#/settings/schedule`);
  const sat = page.locator('.dayCol[data-weekday="6"]');
  const box = await sat.boundingBox();
  if (!box) throw new Error('no Saturday column');
  const yAt = (hour: number): number => box.y + (box.height / 24) * hour;
  await page.mouse.move(box.x + box.width / 2, yAt(10));
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, yAt(12), { steps: 4 });
  await page.mouse.move(box.x + box.width / 2, yAt(14), { steps: 4 });
  await page.mouse.up();
  const block = page.getByRole('button', { name: 'Focus block Saturday 10:00–14:00' });
  await expect(block).toBeVisible();

  await block.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByRole('button', { name: 'Focus block Saturday 10:15–14:30' })).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(page.locator('.dayCol[data-weekday="6"] .block')).toHaveCount(0);

  await page.mouse.move(box.x + box.width / 2, yAt(8));
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, yAt(9), { steps: 4 });
  await page.mouse.up();
  await expect(page.getByRole('button', { name: 'Focus block Saturday 08:00–09:00' })).toBeVisible();
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const saved = await host.call<{
    schedule: { blocks: { weekday: number; startMin: number; endMin: number }[] };
  }>('getSettings', {});
  expect(saved.schedule.blocks.filter((b) => b.weekday === 6)).toEqual([
    { weekday: 6, startMin: 480, endMin: 540 },
  ]);
});

test('the theme setting overrides the OS', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(host.url);
  await page.goto(`${base()}#/settings/general`);
  await page.getByLabel('Appearance').selectOption('dark');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(30, 30, 32)');
});

test('an iCloud address fills in the server, and says what iCloud needs', async ({ page }) => {
  await page.goto(host.url);
  await page.goto(`${base()}#/settings/accounts`);
  await page.getByRole('button', { name: 'Email (IMAP)' }).click();
  const form = page.getByRole('form', { name: 'Add an email account' });
  // A domain on Lull's own list: answered by the engine without DNS (tests reach loopback only).
  await form.getByLabel('Username').fill('alice@me.com');
  await expect(form.getByLabel('Server', { exact: true })).toHaveValue('imap.mail.me.com');
  await expect(form.getByLabel('Port', { exact: true })).toHaveValue('993');
  const note = form.getByRole('note', { name: 'Suggested server settings' });
  await expect(note).toContainText('iCloud Mail: server imap.mail.me.com filled in.');
  await expect(note).toContainText('app-specific password');
  await expect(note.getByRole('link', { name: 'Open appleid.apple.com' })).toHaveAttribute(
    'href',
    'https://appleid.apple.com/account/manage',
  );
});
