/// <reference lib="dom" />
/**
 * Every view, light and dark: axe finds no serious or critical violation, and a screenshot of each
 * is saved to test-results/screenshots/. Starts with the first run: preset, demo source, first item.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { E2eHost } from './support/host';
import { startE2eHost } from './support/host';
import { e2eItem } from './support/items';

test.describe.configure({ mode: 'serial' });

let host: E2eHost;
test.beforeAll(async () => {
  host = await startE2eHost('views');
});
test.afterAll(async () => {
  await host.close();
});

async function axe(page: Page, view: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${view}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

test('first run: choose a preset, start the demo, see the first item arrive', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(host.url);
  await expect(page).toHaveURL(/#\/welcome$/);
  await expect(page.getByRole('heading', { name: 'Welcome to Lull' })).toBeVisible();
  await axe(page, 'welcome');
  await page.screenshot({ path: 'test-results/screenshots/welcome-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await axe(page, 'welcome dark');
  await page.screenshot({ path: 'test-results/screenshots/welcome-dark.png' });
  await page.getByRole('radio', { name: /Whole workday/ }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Try it with the demo source' }).click();
  await expect(page.getByTestId('first-item')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('first-item')).toContainText(/demo/i);
  const settings = await host.call<{ batching: { cadence: unknown } }>('getSettings', {});
  expect(settings.batching.cadence).toEqual({ kind: 'times', times: ['10:00', '12:30', '15:00', '17:00'] });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: 'test-results/screenshots/welcome-first-item-light.png' });
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page).toHaveURL(/#\/status$/);
  await host.call('setDemo', { enabled: false });
});

const VIEWS = [
  { name: 'status', hash: '#/status', ready: (p: Page) => p.getByTestId('held-count') },
  { name: 'review', hash: '#/review', ready: (p: Page) => p.getByTestId('review-list') },
  { name: 'today', hash: '#/today', ready: (p: Page) => p.getByTestId('avoided-today') },
  { name: 'settings-schedule', hash: '#/settings/schedule', ready: (p: Page) => p.getByTestId('week-grid') },
  {
    name: 'settings-cadence',
    hash: '#/settings/cadence',
    ready: (p: Page) => p.getByTestId('cadence-preview'),
  },
  {
    name: 'settings-rules',
    hash: '#/settings/rules',
    ready: (p: Page) => p.getByTestId('rule-list').locator('li').first(),
  },
  {
    name: 'settings-accounts',
    hash: '#/settings/accounts',
    ready: (p: Page) => p.getByTestId('demo-toggle'),
  },
  { name: 'settings-general', hash: '#/settings/general', ready: (p: Page) => p.getByTestId('retention') },
];

test('every view passes axe and is captured in light and dark', async ({ page }) => {
  await host.call('startFocus', { minutes: 50 });
  await host.call('addSenderRule', { address: 'ceo@example.com', action: 'deliver' });
  await host.ingest([
    e2eItem({
      from: 'ana@example.com',
      name: 'Ana Lima',
      title: 'Design review notes',
      preview: 'Here are my notes from today',
      thread: 'design',
    }),
    e2eItem({
      from: 'ana@example.com',
      name: 'Ana Lima',
      title: 'Re: Design review notes',
      preview: 'One more thing about the header',
      thread: 'design',
    }),
    e2eItem({
      from: 'ben@example.com',
      name: 'Ben Ortiz',
      title: 'Invoice #2231',
      preview: 'Please find the invoice attached',
    }),
    e2eItem({
      from: 'digest@news.example',
      name: 'Morning Digest',
      title: 'Your morning digest',
      preview: 'Top stories',
      bulk: true,
    }),
  ]);
  await host.call('releaseNow', {});
  await host.ingest([
    e2eItem({ from: 'ceo@example.com', name: 'Chief Exec', title: 'Board call moved to 3pm' }),
    e2eItem({ from: 'kim@example.com', name: 'Kim Park', title: 'Coffee later?' }),
  ]);
  await page.goto(host.url);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const view of VIEWS) {
      await page.goto(`${host.url.split('#')[0]}${view.hash}`);
      await expect(view.ready(page)).toBeVisible();
      if (view.name === 'review') await page.getByTestId('review-list').focus();
      await axe(page, `${view.name} ${scheme}`);
      await page.screenshot({ path: `test-results/screenshots/${view.name}-${scheme}.png` });
      if (view.name === 'settings-accounts') {
        // The add forms are views too: IMAP and Slack (with the app manifest).
        for (const kind of ['Email (IMAP)', 'Slack'] as const) {
          await page.getByRole('button', { name: kind, exact: true }).click();
          await expect(page.getByRole('form')).toBeVisible();
          await axe(page, `${kind} form ${scheme}`);
          await page.screenshot({
            path: `test-results/screenshots/settings-accounts-${kind === 'Slack' ? 'slack' : 'imap'}-${scheme}.png`,
            fullPage: true,
          });
        }
      }
    }
  }
  // The keys dialog and the empty review state are views too.
  await page.goto(`${host.url.split('#')[0]}#/review`);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toBeVisible();
  await axe(page, 'review keys');
  await page.screenshot({ path: 'test-results/screenshots/review-keys-dark.png' });
});

test('everything is reachable by keyboard with a visible focus ring', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${host.url.split('#')[0]}#/status&token=${host.token}`);
  await expect(page.getByTestId('held-count')).toBeVisible();
  const seen = new Set<string>();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      return {
        name: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? '',
        outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
      };
    });
    if (!info) continue;
    expect(info.outline, `focus ring on ${info.name}`).toBe(true);
    seen.add(info.name);
  }
  expect([...seen]).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^Status/),
      'Review',
      'Settings',
      'Focus 25 min',
      'End focus',
    ]),
  );
});
