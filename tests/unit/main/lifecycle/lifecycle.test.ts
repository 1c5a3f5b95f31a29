import { mkdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyStartAtLogin,
  quoteExecArg,
  writeXdgAutostart,
  xdgAutostartEntry,
  xdgAutostartPath,
} from '../../../../electron/main/lifecycle/autostart';
import { createQuitHandler } from '../../../../electron/main/lifecycle/quit';
import { createShortcutBinder, shortcutToggleCommand } from '../../../../electron/main/lifecycle/shortcut';
import { makeEngineState } from '../../../support/make-engine-state';
import { tempDir } from '../../../support/temp';

describe('XDG autostart', () => {
  it('writes a desktop entry that starts Lull hidden', () => {
    expect(xdgAutostartEntry({ exec: '/opt/Lull/lull' })).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.0',
        'Name=Lull',
        'Comment=Holds notifications during focus and releases them in batches',
        'Exec=/opt/Lull/lull --hidden',
        'Icon=lull',
        'Terminal=false',
        'Categories=Utility;',
        'X-GNOME-Autostart-enabled=true',
        'X-GNOME-Autostart-Delay=5',
        '',
      ].join('\n'),
    );
  });

  it('quotes paths with spaces, quotes, dollars and percent signs', () => {
    expect(quoteExecArg('/home/a b/Lull.AppImage')).toBe('"/home/a b/Lull.AppImage"');
    expect(quoteExecArg('/x/$HOME/"q"')).toBe('"/x/\\$HOME/\\"q\\""');
    expect(quoteExecArg('/x/100%')).toBe('/x/100%%');
    expect(xdgAutostartEntry({ exec: '/a b/lull', args: ['--hidden', 'x y'] })).toContain(
      'Exec="/a b/lull" --hidden "x y"\n',
    );
  });

  it('follows XDG_CONFIG_HOME when absolute', () => {
    expect(xdgAutostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe('/cfg/autostart/lull.desktop');
    expect(xdgAutostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe(
      '/home/ada/.config/autostart/lull.desktop',
    );
    expect(xdgAutostartPath({}, '/home/ada')).toBe('/home/ada/.config/autostart/lull.desktop');
  });

  let cleanup: (() => void) | null = null;
  afterEach(() => cleanup?.());

  it('creates and removes the file', async () => {
    const t = tempDir('autostart');
    cleanup = t.cleanup;
    const path = xdgAutostartPath({ XDG_CONFIG_HOME: t.dir }, '/nonexistent');
    await writeXdgAutostart(true, path, { exec: '/opt/Lull/lull' });
    expect(readFileSync(path, 'utf8')).toContain('Exec=/opt/Lull/lull --hidden');
    expect(statSync(path).mode & 0o777).toBe(0o644);
    await writeXdgAutostart(false, path, { exec: '/opt/Lull/lull' });
    expect(existsSync(path)).toBe(false);
    mkdirSync(join(t.dir, 'autostart'), { recursive: true });
    await writeXdgAutostart(false, path, { exec: '/opt/Lull/lull' }); // removing twice is fine
  });

  it('uses the login item API on macOS and Windows, the XDG file on Linux', async () => {
    const calls: unknown[] = [];
    const deps = (platform: NodeJS.Platform) => ({
      platform,
      setLoginItemSettings: (s: unknown) => void calls.push([platform, s]),
      writeXdg: (enabled: boolean) => {
        calls.push([platform, 'xdg', enabled]);
        return Promise.resolve();
      },
    });
    await applyStartAtLogin(true, deps('darwin'));
    await applyStartAtLogin(true, deps('win32'));
    await applyStartAtLogin(false, deps('linux'));
    expect(calls).toEqual([
      ['darwin', { openAtLogin: true }],
      ['win32', { openAtLogin: true, args: ['--hidden'] }],
      ['linux', 'xdg', false],
    ]);
  });
});

describe('clean quit', () => {
  it('holds the quit until the engine has closed, then quits once', async () => {
    const order: string[] = [];
    let finishClose: () => void = () => {};
    const handler = createQuitHandler({
      closeEngine: () =>
        new Promise<void>((resolve) => {
          order.push('close started');
          finishClose = () => {
            order.push('closed');
            resolve();
          };
        }),
      quit: () => order.push('quit'),
    });
    let prevented = 0;
    const event = { preventDefault: () => void prevented++ };
    handler(event);
    handler(event); // a second Quit click while closing
    expect(prevented).toBe(2);
    expect(order).toEqual(['close started']);
    finishClose();
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['close started', 'closed', 'quit']);
    handler(event); // the real quit passes through
    expect(prevented).toBe(2);
  });

  it('quits anyway when closing hangs or fails', async () => {
    const quits: string[] = [];
    createQuitHandler({
      closeEngine: () => new Promise<void>(() => {}),
      quit: () => quits.push('hang'),
      timeoutMs: 10,
      onTimeout: () => quits.push('timeout'),
    })({ preventDefault: () => {} });
    createQuitHandler({
      closeEngine: () => Promise.reject(new Error('disk gone')),
      quit: () => quits.push('fail'),
      onError: (e) => quits.push(String(e)),
    })({ preventDefault: () => {} });
    await new Promise((r) => setTimeout(r, 50));
    expect(quits.sort()).toEqual(['Error: disk gone', 'fail', 'hang', 'timeout']);
  });
});

describe('global shortcut', () => {
  it('starts focus when off and ends it when on', () => {
    expect(shortcutToggleCommand(makeEngineState())).toEqual({ name: 'startFocus', input: { minutes: 25 } });
    const on = makeEngineState({
      focus: { on: true, untilMs: null, origin: 'manual', paused: false, pausedUntilMs: null },
    });
    expect(shortcutToggleCommand(on)).toEqual({ name: 'endFocus', input: {} });
  });

  it('rebinds as the setting changes and reports a taken accelerator', () => {
    const registered = new Set<string>();
    const binder = createShortcutBinder(
      {
        register: (acc) => {
          if (acc === 'Ctrl+Taken') return false;
          if (acc === 'Nonsense+') throw new Error('conversion failed');
          registered.add(acc);
          return true;
        },
        unregister: (acc) => void registered.delete(acc),
      },
      () => {},
    );
    expect(binder.bind('CommandOrControl+Shift+L')).toEqual({ status: 'bound' });
    expect(binder.bind('CommandOrControl+Shift+L')).toEqual({ status: 'unchanged' });
    expect(binder.bind('Ctrl+Taken')).toEqual({ status: 'failed', reason: 'taken by another application' });
    expect(registered.size).toBe(0);
    expect(binder.bind('Nonsense+')).toMatchObject({ status: 'failed', reason: 'conversion failed' });
    expect(binder.bind('Alt+F')).toEqual({ status: 'bound' });
    expect(binder.bind('')).toEqual({ status: 'cleared' });
    expect(registered.size).toBe(0);
  });
});
