import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const tmp = resolve('.tmp', 'playwright-electron');
mkdirSync(tmp, { recursive: true });
process.env.TMPDIR = tmp;

/** The real Electron app through Playwright's `_electron` (needs the Electron binary). */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/e2e-electron',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  forbidOnly: true,
});
