/**
 * A stand-in for the `electron` module, for running the real bundled main process
 * (dist/main/index.cjs) in plain Node where the Electron binary is missing.
 *
 * Loaded with `node --import tsx --import <this file> dist/main/index.cjs`: it answers
 * require('electron') with recording fakes and takes commands from the test over the fork IPC
 * channel (click the tray, invoke an IPC channel from a window's frame, quit, report).
 * It fakes Electron only; the shell code and the engine behind it are real.
 */
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import Module from 'node:module';

type Listener = (...args: unknown[]) => unknown;

const calls: [string, unknown][] = [];
const record = (what: string, detail: unknown = null): void => void calls.push([what, detail]);

class Emitter extends EventEmitter {}

class FakeImage {
  constructor(readonly path: string) {}
  setTemplateImage(v: boolean): void {
    record('image.setTemplateImage', v);
  }
}

class FakeTray extends Emitter {
  image: string | null = null;
  tooltip = '';
  menu: unknown[] = [];
  menuBuilds = 0;
  constructor(image: FakeImage) {
    super();
    this.image = image.path;
    trays.push(this);
  }
  setImage(img: FakeImage): void {
    record('tray.setImage', img.path);
    this.image = img.path;
  }
  setToolTip(t: string): void {
    record('tray.setToolTip', t);
    this.tooltip = t;
  }
  setTitle(t: string): void {
    record('tray.setTitle', t);
  }
  setContextMenu(m: { items: unknown[] }): void {
    record('tray.setContextMenu', m.items.length);
    this.menuBuilds++;
    this.menu = m.items;
  }
  getBounds() {
    return { x: 1800, y: 0, width: 22, height: 22 };
  }
}
const trays: FakeTray[] = [];

class FakeWebContents extends Emitter {
  readonly mainFrame: { url: string };
  readonly sent: [string, unknown][] = [];
  openHandler: ((d: { url: string }) => unknown) | null = null;
  constructor() {
    super();
    this.mainFrame = { url: '' };
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(h: (d: { url: string }) => unknown): void {
    this.openHandler = h;
  }
}

class FakeBrowserWindow extends Emitter {
  static all: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    record('BrowserWindow', options);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.webContents.mainFrame.url = url;
    record('window.loadURL', url);
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {}
  focus(): void {}
  close(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

const readyWaiters: (() => void)[] = [];
let isReady = false;
let quitCalls = 0;
const app = Object.assign(new Emitter(), {
  isPackaged: false,
  getAppPath: () => process.cwd(),
  paths: new Map<string, string>(),
  getPath(name: string): string {
    return this.paths.get(name) ?? `/nonexistent/${name}`;
  },
  setPath(name: string, value: string): void {
    this.paths.set(name, value);
  },
  requestSingleInstanceLock: () => true,
  getLocale: () => 'en-GB',
  whenReady: () => new Promise<void>((resolve) => (isReady ? resolve() : readyWaiters.push(resolve))),
  setLoginItemSettings: (s: unknown) => record('app.setLoginItemSettings', s),
  setAppUserModelId: (id: string) => record('app.setAppUserModelId', id),
  quit(): void {
    quitCalls++;
    record('app.quit');
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => void (prevented = true) });
    if (!prevented) {
      record('app.exited');
      setImmediate(() => process.exit(0));
    }
  },
  exit(code: number): void {
    record('app.exit', code);
    process.exit(code);
  },
});

const ipcHandlers = new Map<string, Listener>();
const powerMonitor = new Emitter();
const permissionHandlers: Record<string, unknown> = {};

const fake = {
  app,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Menu: { buildFromTemplate: (items: unknown[]) => ({ items }) },
  nativeImage: { createFromPath: (p: string) => new FakeImage(p) },
  Notification: Object.assign(
    class {
      constructor(readonly o: unknown) {}
      on(): void {}
      show(): void {
        record('notification.show', this.o);
      }
    },
    { isSupported: () => true },
  ),
  powerMonitor,
  protocol: {
    registerSchemesAsPrivileged: (s: unknown) => record('protocol.registerSchemesAsPrivileged', s),
    handle: (scheme: string) => record('protocol.handle', scheme),
  },
  screen: { getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 24, width: 1920, height: 1056 } }) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: unknown) => void (permissionHandlers.request = h),
      setPermissionCheckHandler: (h: unknown) => void (permissionHandlers.check = h),
      setDevicePermissionHandler: (h: unknown) => void (permissionHandlers.device = h),
    },
  },
  shell: { openExternal: (u: string) => (record('shell.openExternal', u), Promise.resolve()) },
  globalShortcut: {
    register: (acc: string) => (record('globalShortcut.register', acc), true),
    unregister: (acc: string) => record('globalShortcut.unregister', acc),
    unregisterAll: () => record('globalShortcut.unregisterAll'),
  },
  ipcMain: {
    handle: (channel: string, h: Listener) => void ipcHandlers.set(channel, h),
    removeHandler: (channel: string) => void ipcHandlers.delete(channel),
  },
};

const originalLoad = (Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown })._load;
(Module as unknown as { _load: (req: string, ...rest: unknown[]) => unknown })._load = function (
  req,
  ...rest
) {
  if (req === 'electron') return fake;
  return originalLoad.call(this, req, ...rest);
};

function report() {
  const tray = trays[0];
  return {
    calls,
    tray: tray && { image: tray.image, tooltip: tray.tooltip, menu: tray.menu, menuBuilds: tray.menuBuilds },
    windows: FakeBrowserWindow.getAllWindows().map((w) => ({
      url: w.webContents.mainFrame.url,
      options: w.options,
    })),
    windowsEverCreated: FakeBrowserWindow.all.length,
    ipcChannels: [...ipcHandlers.keys()],
    permissionHandlers: Object.keys(permissionHandlers),
    quitCalls,
  };
}

type Command =
  | { id: number; cmd: 'ready' }
  | { id: number; cmd: 'report' }
  | { id: number; cmd: 'clickTray' }
  | { id: number; cmd: 'menu'; itemId: string }
  | { id: number; cmd: 'invoke'; channel: string; payload: unknown; frame: 'window' | 'stranger' }
  | { id: number; cmd: 'blurStatus' }
  | { id: number; cmd: 'quit' };

process.on('message', (raw) => {
  const m = raw as Command;
  const reply = (value: unknown): void => void process.send?.({ id: m.id, value });
  void (async () => {
    switch (m.cmd) {
      case 'ready':
        isReady = true;
        for (const w of readyWaiters.splice(0)) w();
        return reply(true);
      case 'report':
        return reply(report());
      case 'clickTray':
        trays[0]?.emit('click');
        return reply(true);
      case 'menu': {
        const item = (trays[0]?.menu as { id?: string; click?: () => void }[]).find((i) => i.id === m.itemId);
        item?.click?.();
        return reply(Boolean(item));
      }
      case 'invoke': {
        const h = ipcHandlers.get(m.channel);
        const win = FakeBrowserWindow.getAllWindows()[0];
        const frame =
          m.frame === 'window' ? win?.webContents.mainFrame : { url: 'lull://app/index.html#/status' };
        return reply(h ? await h({ senderFrame: frame }, m.payload) : { missing: m.channel });
      }
      case 'blurStatus':
        FakeBrowserWindow.getAllWindows()[0]?.emit('blur');
        return reply(true);
      case 'quit':
        app.quit();
        return reply(true);
    }
  })();
});
// The last report, for assertions about how the process ended.
process.on('exit', () => {
  if (process.env.LULL_FAKE_REPORT) writeFileSync(process.env.LULL_FAKE_REPORT, JSON.stringify(report()));
});
process.send?.({ id: 0, value: 'loaded' });
