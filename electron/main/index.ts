/**
 * Lull's Electron main process: the tray, notifications, windows on demand, IPC, power and
 * lifecycle. Every decision lives in the pure modules next to this file (unit-tested in Node);
 * this file only wires them to Electron.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions, NativeImage } from 'electron';
import {
  app,
  BrowserWindow,
  dialog,
  globalShortcut,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import { Engine } from '../engine/engine';
import { createLogger } from '../engine/log';
import { KeytarSecretStore } from '../engine/secrets/keytar-store';
import type { CommandOutput } from '../shared/contract';
import type { EngineHost } from './engine-host/engine-host';
import { openInProcessHost } from './engine-host/engine-host';
import { registerElectronIpc } from './ipc/electron-ipc';
import { forwardEvents } from './ipc/register-ipc';
import { applyStartAtLogin, HIDDEN_ARG, writeXdgAutostart, xdgAutostartPath } from './lifecycle/autostart';
import { createQuitHandler } from './lifecycle/quit';
import { createShortcutBinder, shortcutToggleCommand } from './lifecycle/shortcut';
import { openExternalSafe } from './links/open-external-safe';
import { readDnd } from './notifications/dnd';
import { createAttentionWatch } from './notifications/attention';
import { createUrgentBurst } from './notifications/urgent-burst';
import { createNotifier } from './notifications/notifier';
import { startPowerWatch } from './power/power-watch';
import type {
  EngineState,
  MenuItemSpec,
  ResolvedTrayAction,
  TrayAction,
  TrayIconKey,
  TrayModel,
} from './tray/tray-model';
import { resolveTrayAction, trayModel } from './tray/tray-model';
import { trayIconFile } from './tray/tray-icons';
import { createTrayPresenter } from './tray/tray-presenter';
import type { AppView } from './windows/app-protocol';
import { APP_SCHEME, appResponseHeaders, appUrl, resolveAppAsset } from './windows/app-protocol';
import { denyAllPermissions, hardenWebContents } from './windows/harden';
import { positionNearTray, STATUS_SIZE, windowOptions } from './windows/window-options';
import { createWindowManager } from './windows/window-manager';

type Settings = CommandOutput<'getSettings'>;

const log = createLogger({ component: 'shell' });
/** Same as appId in electron-builder.yml. */
const APP_ID = 'app.lull.desktop';
const appRoot = app.getAppPath();
const paths = {
  preload: join(appRoot, 'dist', 'preload', 'index.cjs'),
  renderer: join(appRoot, 'dist', 'renderer'),
  icons: join(appRoot, 'build'),
};
const timeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;
const openLink = (url: string): void =>
  void openExternalSafe(url, { openExternal: (u) => shell.openExternal(u), log });

// Tests and benchmarks run Lull on a throwaway profile (the database lives in userData).
if (process.env.LULL_DATA_DIR) app.setPath('userData', process.env.LULL_DATA_DIR);

// Must run before `ready`: a standard, secure scheme gives the renderer a real origin.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start().catch((error: unknown) => {
    log.error('Lull could not start', { error });
    // A damaged or locked database names its file; say so to the person, not only to the log.
    dialog.showErrorBox('Lull could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  if (process.platform === 'darwin') app.dock?.hide(); // LSUIElement does this in packaged builds
  // Windows shows toasts only for an app with an AppUserModelID (the installer's shortcut carries the same id).
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  app.on('window-all-closed', () => {
    // A tray app keeps running with no windows.
  });
  await app.whenReady();

  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(paths.renderer, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: appResponseHeaders(file) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { openLink, log }));

  const dbPath = join(app.getPath('userData'), 'lull.db');
  // A first launch opens the welcome window (unless started at login): on desktops without a
  // tray (GNOME without the AppIndicator extension) a silent tray icon would leave Lull invisible.
  const firstRun = !existsSync(dbPath);
  const host: EngineHost = await openInProcessHost(() =>
    Engine.open({ dbPath, secrets: new KeytarSecretStore(), openExternal: openLink }),
  );
  app.on(
    'before-quit',
    createQuitHandler({
      closeEngine: async () => {
        stopPower();
        globalShortcut.unregisterAll();
        windows.closeAll();
        await host.close();
      },
      quit: () => app.quit(),
      onTimeout: () => log.warn('engine did not close in time; quitting anyway'),
      onError: (error) => log.error('engine close failed', { error }),
    }),
  );

  /* ---------- tray ---------- */
  const images = new Map<TrayIconKey, NativeImage>();
  const imageFor = (key: TrayIconKey): NativeImage => {
    let img = images.get(key);
    if (!img) {
      img = nativeImage.createFromPath(join(paths.icons, trayIconFile(key, process.platform)));
      if (process.platform === 'darwin') img.setTemplateImage(true);
      images.set(key, img);
    }
    return img;
  };
  const tray = new Tray(imageFor('idle'));
  let lastState: EngineState = await host.api.getState({});
  // On macOS a tray with a context menu opens the menu on left-click too, so there the menu is kept
  // aside and popped up on right-click, leaving left-click for Status. Linux (AppIndicator) has no
  // click events at all: the menu's "Open Status" item covers it.
  let macMenu: Electron.Menu | null = null;
  const trayTarget =
    process.platform === 'darwin'
      ? {
          setImage: (i: NativeImage) => tray.setImage(i),
          setToolTip: (t: string) => tray.setToolTip(t),
          setTitle: (t: string) => tray.setTitle(t),
          setContextMenu: (m: Electron.Menu | null) => void (macMenu = m),
        }
      : tray;
  if (process.platform === 'darwin')
    tray.on('right-click', () => tray.popUpContextMenu(macMenu ?? undefined));
  const presenter = createTrayPresenter({
    tray: trayTarget,
    imageFor,
    buildMenu: (items: readonly MenuItemSpec[]) => Menu.buildFromTemplate(items.map(toMenuItem)),
    supportsTitle: process.platform === 'darwin',
  });
  let lastModel: TrayModel | null = null;
  const renderTray = (state: EngineState): void => {
    lastState = state;
    lastModel = trayModel(state, Date.now(), { locale: app.getLocale(), timeZone: timeZone() });
    presenter.render(lastModel);
  };

  function toMenuItem(spec: MenuItemSpec): MenuItemConstructorOptions {
    if (spec.type === 'separator') return { type: 'separator', id: spec.id };
    return {
      id: spec.id,
      label: spec.label,
      enabled: spec.enabled,
      click: () => void runTrayAction(spec.action),
    };
  }

  /* ---------- windows ---------- */
  const windows = createWindowManager({
    urlFor: appUrl,
    create: (view: AppView, url: string) => {
      const options: BrowserWindowConstructorOptions = windowOptions(view, {
        preloadPath: paths.preload,
        devTools: !app.isPackaged,
        position: view === 'status' ? statusPosition() : undefined,
      });
      // The security flags are restated literally so static scanners (Electronegativity) can see
      // them; windowOptions() is the tested source and sets the same values.
      const win = new BrowserWindow({
        ...options,
        webPreferences: {
          ...options.webPreferences,
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          webSecurity: true,
          disableBlinkFeatures: 'Auxclick',
        },
      });
      win.once('ready-to-show', () => win.show());
      void win.loadURL(url);
      return win;
    },
  });
  function statusPosition(): { x: number; y: number } {
    const bounds = tray.getBounds();
    const display = screen.getDisplayNearestPoint({ x: bounds.x, y: bounds.y });
    return positionNearTray(bounds, STATUS_SIZE, display.workArea);
  }
  tray.on('click', () => windows.toggleStatus());

  async function runTrayAction(action: TrayAction): Promise<void> {
    const resolved: ResolvedTrayAction = resolveTrayAction(action, Date.now(), timeZone());
    try {
      switch (resolved.kind) {
        case 'quit':
          app.quit();
          return;
        case 'window':
          if (resolved.window === 'review') windows.open('review', String(resolved.batchId));
          else if (resolved.window === 'settings') windows.open('settings', resolved.section);
          else windows.open('status');
          return;
        case 'command':
          switch (resolved.name) {
            case 'startFocus':
              renderTray(await host.api.startFocus(resolved.input));
              return;
            case 'pause':
              renderTray(await host.api.pause(resolved.input));
              return;
            case 'endFocus':
              renderTray(await host.api.endFocus({}));
              return;
            case 'resume':
              renderTray(await host.api.resume({}));
              return;
            case 'releaseNow':
              await host.api.releaseNow({});
              return;
          }
      }
    } catch (error) {
      log.error('tray action failed', { action: action.kind, error });
    }
  }

  /* ---------- notifications ---------- */
  let settings: Settings = await host.api.getSettings({});
  const notifier = createNotifier({
    isSupported: () => Notification.isSupported(),
    create: (o) => new Notification({ title: o.title, body: o.body, silent: o.silent }),
    dnd: () =>
      readDnd(
        process.platform,
        (file, args) =>
          new Promise((resolve) => {
            execFile(file, [...args], { timeout: 2_000 }, (err, stdout) => resolve(err ? null : stdout));
          }),
      ),
    sounds: () => settings.general.sounds,
    openItem: (item) => (item.link ? openLink(item.link) : windows.open('review')),
    openBatch: (batch) => windows.open('review', String(batch.id)),
    openAccount: (account) => windows.open('settings', `accounts:${account.id}`),
    openDelivered: () => windows.open('status'),
  });
  const newAttention = createAttentionWatch();
  const urgent = createUrgentBurst({
    showOne: (item) => void notifier.urgent(item).then((r) => log.debug('urgent notification', r)),
    showSummary: (items) => void notifier.burst(items).then((r) => log.debug('burst notification', r)),
    now: () => Date.now(),
    schedule: (fn, ms) => {
      const timer = setTimeout(fn, ms);
      return () => clearTimeout(timer);
    },
  });

  /* ---------- engine events, IPC ---------- */
  host.on((name, payload) => {
    if (name === 'state') {
      renderTray(payload as EngineState);
      for (const account of newAttention(payload as EngineState, Date.now()))
        void notifier.attention(account).then((r) => log.debug('attention notification', r));
    } else if (name === 'delivered') {
      urgent((payload as { item: Parameters<typeof notifier.urgent>[0] }).item);
    } else if (name === 'batch') {
      void notifier
        .batch((payload as { batch: Parameters<typeof notifier.batch>[0] }).batch)
        .then((r) => log.debug('batch notification', r));
    }
  });
  forwardEvents(host, (channel, message) => windows.broadcast(channel, message));
  registerElectronIpc({
    engine: host,
    isTrustedFrame: (frame) => windows.isTrustedFrame(frame as { url: string } | null),
    log,
    afterCommand: (name, value) => {
      if (name === 'setSettings') applySettings(value as Settings);
    },
  });

  /* ---------- lifecycle: shortcut, login item, power ---------- */
  const shortcut = createShortcutBinder(globalShortcut, () => {
    const cmd = shortcutToggleCommand(lastState);
    const run = cmd.name === 'startFocus' ? host.api.startFocus(cmd.input) : host.api.endFocus({});
    void run.then(renderTray, (error: unknown) => log.error('shortcut failed', { error }));
  });
  function applySettings(next: Settings): void {
    const prev = settings;
    settings = next;
    const bound = shortcut.bind(next.general.globalShortcut);
    if (bound.status === 'failed') log.warn('global shortcut not registered', { reason: bound.reason });
    if (prev.general.startAtLogin !== next.general.startAtLogin || prev === next) {
      void applyStartAtLogin(next.general.startAtLogin, {
        platform: process.platform,
        setLoginItemSettings: (s) => app.setLoginItemSettings(s),
        writeXdg: (enabled) =>
          writeXdgAutostart(enabled, xdgAutostartPath(process.env, homedir()), {
            exec: process.env.APPIMAGE ?? process.execPath,
            args: app.isPackaged ? [HIDDEN_ARG] : [appRoot, HIDDEN_ARG],
          }),
      }).catch((error: unknown) => log.warn('could not apply start at login', { error }));
    }
  }
  applySettings(settings);

  const stopPower = startPowerWatch({
    powerMonitor,
    clock: () => ({ wallMs: Date.now(), monoMs: performance.now() }),
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
    onWake: (why) => {
      log.info('wake', { why });
      void Promise.resolve(host.wake()).catch((error: unknown) => log.error('wake failed', { error }));
    },
  });

  app.on('second-instance', () => windows.open('status'));
  renderTray(lastState);
  if (firstRun && !process.argv.includes(HIDDEN_ARG)) windows.open('welcome');
  if (process.env.LULL_E2E === '1') {
    // For tests/e2e-electron only: the OS tray cannot be clicked or read from Playwright.
    (globalThis as { __lullShell?: unknown }).__lullShell = {
      clickTray: () => windows.toggleStatus(),
      trayModel: () => lastModel,
      runTrayAction: (action: TrayAction) => runTrayAction(action),
      openWindows: () => windows.openCount(),
      trayReadyAtMs: Date.now(),
    };
  }
  log.info('tray ready', { engine: host.kind, hidden: process.argv.includes(HIDDEN_ARG) });
}
