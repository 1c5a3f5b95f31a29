/**
 * Batch history past the newest 50, over a real engine: 52 released batches, the list shows 50,
 * "Load older batches" is reached with Tab and pressed with Enter, and the oldest batch opens.
 */
import { expect, test } from '@playwright/test';
import type { E2eHost } from './support/host';
import { startE2eHost } from './support/host';
import { e2eItem } from './support/items';

let host: E2eHost;
test.beforeAll(async () => {
  host = await startE2eHost('batch-history');
  await host.call('setDemo', { enabled: false });
  await host.call('startFocus', { minutes: 50 });
  for (let i = 1; i <= 52; i += 1) {
    await host.ingest([e2eItem({ from: `p${i}@example.com`, name: `Person ${i}`, title: `Message ${i}` })]);
    await host.call('releaseNow', {});
  }
});
test.afterAll(async () => {
  await host.close();
});

test('load older batches from the keyboard', async ({ page }) => {
  await page.goto(host.url);
  await page.goto(`${host.url.split('#')[0]}#/review`);
  const nav = page.getByRole('navigation', { name: 'Batches' });
  const batches = nav.locator('button[data-batch]');
  await expect(batches).toHaveCount(50);
  await batches.last().focus();
  await page.keyboard.press('Tab');
  const older = nav.getByRole('button', { name: 'Load older batches' });
  await expect(older).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(batches).toHaveCount(52);
  await expect(older).toHaveCount(0);
  // Focus is on the first batch that arrived; Enter opens it and shows its one item.
  await expect(batches.nth(50)).toBeFocused();
  await batches.last().focus();
  await page.keyboard.press('Enter');
  await expect(batches.last()).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('review-list').getByRole('option')).toHaveCount(1);
  await expect(page.getByTestId('review-list')).toContainText('Message 1');
});
