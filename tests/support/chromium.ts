/**
 * How tests and benches launch Debian's Chromium (../shared/recipes/playwright-chromium.md): never a
 * downloaded browser, and no background networking, which this machine's closed network refuses.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
