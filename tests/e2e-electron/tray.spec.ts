/**
 * Launches the real Lull app, opens Status from the tray, starts focus in the window, and checks
 * the tray model and that no window existed at start. Runs wherever the Electron binary is
 * installed; elsewhere it is skipped and says why.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ElectronApplication } from '@playwright/test';
import { _electron as electron, expect, test } from '@playwright/test';
import { COMMAND_NAMES } from '../../electron/shared/contract';
import { seedProfileWithoutBlocks } from '../support/profile';
import { electronBinary, NO_BINARY_REASON } from './electron-binary';

const root = resolve(import.meta.dirname, '../..');
const binary = electronBinary();
if (!binary) process.stdout.write(`\n${NO_BINARY_REASON}\n\n`);

interface ShellHook {
  clickTray(): void;
  trayModel(): {
    icon: string;
    tooltip: string;
    menu: { id: string; label?: string; enabled?: boolean }[];
  } | null;
  openWindows(): number;
}

test.describe('Lull in Electron', () => {
  test.skip(!binary, NO_BINARY_REASON);

  let app: ElectronApplication;
  let dataDir: string;

  test.beforeAll(() => {
    const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    expect(build.status).toBe(0);
  });

  test.beforeEach(async () => {
    dataDir = mkdtempSync(join(root, '.tmp', 'e2e-electron-'));
    seedProfileWithoutBlocks(dataDir, Intl.DateTimeFormat().resolvedOptions().timeZone);
    app = await electron.launch({
      executablePath: binary!,
      args: [root, '--hidden'],
      env: { ...process.env, LULL_DATA_DIR: dataDir, LULL_E2E: '1' },
    });
    await expect
      .poll(() => app.evaluate(() => Boolean((globalThis as { __lullShell?: unknown }).__lullShell)))
      .toBe(true);
  });

  test.afterEach(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('starts with no window, opens Status from the tray, starts focus, and the tray follows', async () => {
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(0);
    const idle = await app.evaluate(() =>
      (globalThis as unknown as { __lullShell: ShellHook }).__lullShell.trayModel(),
    );
    expect(idle?.icon).toBe('idle');

    const windowOpened = app.waitForEvent('window');
    await app.evaluate(() => (globalThis as unknown as { __lullShell: ShellHook }).__lullShell.clickTray());
    const status = await windowOpened;
    expect(status.url()).toBe('lull://app/index.html#/status');

    // The preload exposed the contract, and nothing that reaches Node.
    const exposed = await status.evaluate(() => ({
      lull: Object.keys((window as unknown as { lull: object }).lull).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({
      lull: [...COMMAND_NAMES, 'on'].sort(),
      require: 'undefined',
      process: 'undefined',
    });

    await status.getByRole('button', { name: 'Focus 25 min' }).click();

    await expect
      .poll(() =>
        app.evaluate(() => (globalThis as unknown as { __lullShell: ShellHook }).__lullShell.trayModel()),
      )
      .toMatchObject({
        icon: 'focus',
        tooltip: expect.stringMatching(/^Lull: Focus until \d\d:\d\d · 0 held/),
      });
    const model = await app.evaluate(() =>
      (globalThis as unknown as { __lullShell: ShellHook }).__lullShell.trayModel(),
    );
    expect(model?.menu.find((m) => m.id === 'end-focus')?.enabled).toBe(true);
  });

  test('a navigation away from the app is blocked', async () => {
    const windowOpened = app.waitForEvent('window');
    await app.evaluate(() => (globalThis as unknown as { __lullShell: ShellHook }).__lullShell.clickTray());
    const status = await windowOpened;
    await status.waitForLoadState();
    await status.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await status.waitForTimeout(500);
    expect(status.url()).toMatch(/^lull:\/\/app\//);
  });
});
