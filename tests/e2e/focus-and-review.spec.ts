/**
 * The main flow over a real engine and SQLite file: schedule and focus, items held, an urgent
 * sender delivered at once, release now, grouped review, mark read, and mail text shown as text.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { E2eHost } from './support/host';
import { startE2eHost } from './support/host';
import { e2eItem } from './support/items';

test.describe.configure({ mode: 'serial' });

let host: E2eHost;
let page: Page;
const dialogs: string[] = [];

test.beforeAll(async ({ browser }) => {
  host = await startE2eHost('focus-review');
  await host.call('setDemo', { enabled: false });
  page = await browser.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(host.url.replace('#', '#/status&'));
});

test.afterAll(async () => {
  await page.close();
  await host.close();
});

test('set a schedule and start focus', async () => {
  await page.goto(`${host.url.split('#')[0]}#/settings/schedule`);
  const now = new Date();
  const weekday = now.getUTCDay();
  await page.getByLabel('Day', { exact: true }).selectOption(String(weekday));
  await page.getByLabel('From', { exact: true }).fill('00:00');
  await page.getByLabel('To', { exact: true }).fill('23:45');
  const before = await page.locator('.block').count();
  await page.getByRole('button', { name: 'Add block' }).click();
  await expect(page.locator('.block')).toHaveCount(before + 1);
  await page.getByRole('button', { name: 'Save schedule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  const settings = await host.call<{
    schedule: { blocks: { weekday: number; startMin: number; endMin: number }[] };
  }>('getSettings', {});
  expect(settings.schedule.blocks).toContainEqual({ weekday, startMin: 0, endMin: 23 * 60 + 45 });

  await page.getByRole('navigation', { name: 'Lull' }).getByRole('link', { name: 'Status' }).click();
  await expect(page.getByTestId('focus-state')).toHaveText('Focus on');
  await page.getByRole('button', { name: 'Focus 25 min' }).click();
  await expect(page.getByText('manual')).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^2[45]:\d\d$/);
});

test('mail arrives and the held count rises in Status', async () => {
  await expect(page.getByTestId('held-count')).toHaveText('0');
  await host.ingest([
    e2eItem({ from: 'carol@example.com', name: 'Carol Jones', title: 'Quarterly numbers', thread: 'q' }),
    e2eItem({ from: 'carol@example.com', name: 'Carol Jones', title: 'Re: Quarterly numbers', thread: 'q' }),
    e2eItem({ from: 'dave@example.com', name: 'Dave Kim', title: 'Lunch?' }),
    e2eItem({ from: 'news@letters.example', name: 'Weekly Letter', title: 'This week in tech', bulk: true }),
  ]);
  await expect(page.getByTestId('held-count')).toHaveText('4');
  await expect(page.getByTestId('held-imap')).toContainText('4');
});

test("an urgent sender's mail is delivered now", async () => {
  await host.call('addSenderRule', { address: 'boss@example.com', action: 'deliver' });
  await host.ingest([e2eItem({ from: 'boss@example.com', name: 'The Boss', title: 'Need this now' })]);
  await expect(page.getByTestId('delivered-list')).toContainText('Need this now');
  await expect(page.getByTestId('held-count')).toHaveText('4');
  const events = await host.events();
  const delivered = events
    .filter((e) => e.name === 'delivered')
    .map((e) => (e.payload as { item: { title: string; state: string } }).item);
  expect(delivered).toContainEqual(expect.objectContaining({ title: 'Need this now', state: 'delivered' }));
});

test('an email whose subject is markup shows as text and runs nothing', async () => {
  const evil = '<img src=x onerror=alert(1)>';
  await host.ingest([
    e2eItem({
      from: 'mallory@example.com',
      name: 'Mallory <script>alert(2)</script>',
      title: evil,
      preview: '<b>bold?</b><script>alert(3)</script>',
    }),
  ]);
  await expect(page.getByTestId('held-count')).toHaveText('5');
});

test('release now, and the review shows the items grouped', async () => {
  await page.getByRole('button', { name: /Release now/ }).click();
  await expect(page.getByTestId('held-count')).toHaveText('0');
  await page.getByRole('navigation', { name: 'Lull' }).getByRole('link', { name: 'Review' }).click();
  const list = page.getByTestId('review-list');
  await expect(list.getByRole('option')).toHaveCount(5);
  // People first (by latest), each person's thread together, bulk last.
  const texts = await list.locator('.personRow').allInnerTexts();
  const people = texts.map((t) => t.replace(/\s+\d+$/, '').trim());
  expect(people).toContain('Carol Jones');
  expect(people.at(-1)).toBe('Weekly Letter');
  expect(people.indexOf('BULK AND NEWSLETTERS')).toBeGreaterThan(people.indexOf('Carol Jones'));
  await expect(list.locator('.threadRow')).toContainText('Quarterly numbers (2)');

  // The markup subject is text: visible literally, no <img> element from it, no dialog.
  const evil = list.getByRole('option', { name: /Mallory/ });
  await expect(evil).toContainText('<img src=x onerror=alert(1)>');
  await expect(evil).toContainText('<script>alert(3)</script>');
  await expect(list.locator('img')).toHaveCount(0);
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
});

test('mark read, done and undo from the keyboard', async () => {
  const list = page.getByTestId('review-list');
  await list.focus();
  await page.keyboard.press('j');
  const selected = list.locator('[aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  const title = await selected.locator('.title').innerText();
  await page.keyboard.press('r');
  await expect(page.locator('.toast')).toContainText(/marked read|read/i);
  await page.keyboard.press('e');
  await expect(list.getByRole('option')).toHaveCount(4);
  await expect(list.getByText(title, { exact: true })).toHaveCount(0);
  await page.keyboard.press('u');
  await expect(list.getByRole('option')).toHaveCount(5);
  // The head counts what is still in the list: Dave's one item done takes him and his thread out.
  const counts = page.getByTestId('review-counts');
  await expect(counts).toHaveText('5 items · 4 people · 4 threads');
  await list.getByRole('option', { name: /Dave Kim/ }).click();
  await page.keyboard.press('e');
  await expect(counts).toHaveText('4 items · 3 people · 3 threads');
  await page.keyboard.press('u');
  await expect(counts).toHaveText('5 items · 4 people · 4 threads');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('always let this sender through, with undo', async () => {
  const list = page.getByTestId('review-list');
  await list.getByRole('option', { name: /Dave Kim/ }).click();
  await page.getByRole('button', { name: 'Always let through' }).click();
  await expect(page.locator('.toast')).toContainText('dave@example.com will always come through');
  let rules = await host.call<{ rules: { match: { senders: string[] }; action: string }[] }>('getRules', {});
  expect(
    rules.rules.some((r) => r.action === 'deliver' && r.match.senders.includes('dave@example.com')),
  ).toBe(true);
  await page.locator('.toast').getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('.toast')).toContainText('Undone');
  rules = await host.call('getRules', {});
  expect(
    rules.rules.some((r) => r.action === 'deliver' && r.match.senders.includes('dave@example.com')),
  ).toBe(false);
});
