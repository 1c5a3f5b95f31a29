/**
 * Runs the real bundled main process (dist/main/index.cjs, built by scripts/build-electron.mjs) in
 * plain Node with a recording stand-in for the `electron` module, over a real engine and SQLite
 * file. It checks the wiring index.ts does: no window at start, the tray rendered from engine
 * state, every IPC channel registered and guarded, Status opened from the tray with secure
 * options, focus started over IPC from that window, and a clean quit.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../../electron/shared/contract';
import { commandChannel } from '../../../electron/shared/window-lull';
import { seedProfileWithoutBlocks } from '../../support/profile';
import { tempDir } from '../../support/temp';

const root = resolve(import.meta.dirname, '../../..');

interface Report {
  calls: [string, unknown][];
  tray: {
    image: string;
    tooltip: string;
    menu: { id?: string; label?: string; enabled?: boolean }[];
    menuBuilds: number;
  };
  windows: { url: string; options: { webPreferences: Record<string, unknown> } & Record<string, unknown> }[];
  windowsEverCreated: number;
  ipcChannels: string[];
  permissionHandlers: string[];
  quitCalls: number;
}

let child: ChildProcess;
let nextId = 1;
const pending = new Map<number, (v: unknown) => void>();
let out: string;
let cleanup: () => void;
let exited: Promise<number | null>;

function send<T = unknown>(msg: Record<string, unknown>): Promise<T> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve as (v: unknown) => void);
    child.send({ id, ...msg });
  });
}
const report = () => send<Report>({ cmd: 'report' });

async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() - start > timeoutMs) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  ({ dir: out, cleanup } = tempDir('shell-smoke'));
  execFileSync(
    process.execPath,
    ['scripts/build-electron.mjs', '--out', join(out, 'dist'), '--only', 'main'],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  seedProfileWithoutBlocks(join(out, 'profile'));
  // --hidden: started at login, so even this first run opens no window.
  child = fork(join(out, 'dist', 'main', 'index.cjs'), ['--hidden'], {
    cwd: root,
    execArgv: ['--import', 'tsx', '--import', join(root, 'tests/unit/main/support/fake-electron.ts')],
    env: {
      ...process.env,
      LULL_DATA_DIR: join(out, 'profile'),
      HOME: join(out, 'home'),
      XDG_CONFIG_HOME: join(out, 'home', '.config'),
      TZ: 'UTC',
      LULL_FAKE_REPORT: join(out, 'last-report.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  exited = new Promise((r) => child.on('exit', (code) => r(code)));
  const loaded = new Promise<void>((resolve, reject) => {
    child.on('message', (m) => {
      const { id, value } = m as { id: number; value: unknown };
      if (id === 0) resolve();
      pending.get(id)?.(value);
      pending.delete(id);
    });
    child.on('exit', (code) => reject(new Error(`main exited early (${code}): ${stderr.slice(-2000)}`)));
  });
  await loaded;
  await send({ cmd: 'ready' });
  await until(report, (r) => r.tray !== undefined && r.ipcChannels.length > 0);
}, 120_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  cleanup();
});

describe('main process wiring (real bundle, stand-in electron)', () => {
  it('starts with a tray and no window', async () => {
    const r = await report();
    expect(r.windowsEverCreated).toBe(0);
    expect(r.tray.image).toBe(join(root, 'build', 'tray', 'tray-idle.png'));
    expect(existsSync(r.tray.image)).toBe(true);
    // After the day's last batch the next one is tomorrow, so the clock gains a weekday.
    expect(r.tray.tooltip).toMatch(
      /^Lull: Not focusing · 0 held( · next batch ([A-Z][a-z]{2} )?\d\d:\d\d)?$/,
    );
    expect(r.tray.menu.find((m) => m.id === 'release-now')).toMatchObject({
      label: 'Release now (0 held)',
      enabled: false,
    });
  });

  it('registers the lull:// scheme, denies permissions, and one IPC channel per command', async () => {
    const r = await report();
    expect(r.calls.find(([w]) => w === 'protocol.handle')?.[1]).toBe('lull');
    expect(r.permissionHandlers.sort()).toEqual(['check', 'device', 'request']);
    expect(r.ipcChannels.sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
  });

  it('refuses IPC when no Lull window sent it', async () => {
    const res = await send({
      cmd: 'invoke',
      channel: commandChannel('startFocus'),
      payload: { minutes: 25 },
      frame: 'stranger',
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'EUNTRUSTEDSENDER' } });
  });

  it('opens Status next to the tray with the secure options', async () => {
    await send({ cmd: 'clickTray' });
    const r = await report();
    expect(r.windows).toHaveLength(1);
    const [status] = r.windows;
    expect(status?.url).toBe('lull://app/index.html#/status');
    expect(status?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: join(root, 'dist', 'preload', 'index.cjs'),
    });
    // Centred on the icon would be x 1631; kept inside the 1920 px work area, under the 22 px tray.
    expect(status?.options).toMatchObject({ frame: false, skipTaskbar: true, x: 1560, y: 26 });
  });

  it('starts focus over IPC from the Status window and the tray follows', async () => {
    const res = await send<{ ok: boolean }>({
      cmd: 'invoke',
      channel: commandChannel('startFocus'),
      payload: { minutes: 25 },
      frame: 'window',
    });
    expect(res.ok).toBe(true);
    const r = await until(report, (x) => x.tray.image.endsWith('tray-focus.png'));
    expect(r.tray.image).toBe(join(root, 'build', 'tray', 'tray-focus.png'));
    expect(r.tray.tooltip).toMatch(/^Lull: Focus until \d\d:\d\d · 0 held/);
    expect(r.tray.menu.find((m) => m.id === 'end-focus')).toMatchObject({ enabled: true });
  });

  it('a bad payload from a trusted window is a validation error', async () => {
    const res = await send({
      cmd: 'invoke',
      channel: commandChannel('pause'),
      payload: { untilMs: 'soon' },
      frame: 'window',
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'EVALIDATION', problems: [{ path: 'untilMs' }] } });
  });

  it('ends focus from the tray menu, and Status is destroyed when it loses focus', async () => {
    expect(await send({ cmd: 'menu', itemId: 'end-focus' })).toBe(true);
    await until(report, (x) => x.tray.image.endsWith('tray-idle.png'));
    await send({ cmd: 'blurStatus' });
    expect((await report()).windows).toHaveLength(0);
  });

  it('quits cleanly: the engine closes before the process exits', async () => {
    await send({ cmd: 'quit' });
    expect(await exited).toBe(0);
    const last = JSON.parse(readFileSync(join(out, 'last-report.json'), 'utf8')) as Report;
    // The first quit was held back while the shell shut down and awaited engine.close(); the second went through.
    const steps = last.calls
      .map(([w]) => w)
      .filter((w) => ['app.quit', 'globalShortcut.unregisterAll', 'app.exited'].includes(w));
    expect(steps).toEqual(['app.quit', 'globalShortcut.unregisterAll', 'app.quit', 'app.exited']);
  });
});
