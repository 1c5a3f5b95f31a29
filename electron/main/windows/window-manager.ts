/**
 * Lull's windows: created on demand, one per view, destroyed when closed. No hidden renderer is
 * kept alive, so an idle Lull is the main process and the tray only.
 *
 * The BrowserWindow itself is made by an injected factory; this file owns the bookkeeping and the
 * answer to "is this IPC sender one of our windows?".
 */
import type { AppView } from './app-protocol';
import { isAppUrl } from './app-protocol';

export interface FrameLike {
  readonly url: string;
}

export interface WindowLike {
  readonly webContents: {
    readonly mainFrame: FrameLike;
    send(channel: string, ...args: unknown[]): void;
  };
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  close(): void;
  on(event: 'closed' | 'blur', listener: () => void): unknown;
}

export interface WindowManagerDeps {
  /** Creates, hardens and starts loading a window for `url`; shows it when ready. */
  readonly create: (view: AppView, url: string) => WindowLike;
  readonly urlFor: (view: AppView, sub?: string) => string;
}

export interface WindowManager {
  /** Opens (or focuses and re-routes) the window for a view. */
  open(view: AppView, sub?: string): WindowLike;
  toggleStatus(): void;
  isOpen(view: AppView): boolean;
  openCount(): number;
  /** True only for the main frame of a live Lull window showing a lull://app page. */
  isTrustedFrame(frame: FrameLike | null | undefined): boolean;
  /** Sends to every live window (contract events). */
  broadcast(channel: string, payload: unknown): void;
  closeAll(): void;
}

export function createWindowManager(deps: WindowManagerDeps): WindowManager {
  const open = new Map<AppView, { win: WindowLike; url: string }>();

  const live = (): WindowLike[] => [...open.values()].map((e) => e.win).filter((w) => !w.isDestroyed());

  const manager: WindowManager = {
    open(view, sub) {
      const url = deps.urlFor(view, sub);
      const existing = open.get(view);
      if (existing && !existing.win.isDestroyed()) {
        if (existing.url !== url) {
          existing.url = url;
          void existing.win.loadURL(url);
        }
        existing.win.show();
        existing.win.focus();
        return existing.win;
      }
      const win = deps.create(view, url);
      open.set(view, { win, url });
      win.on('closed', () => {
        if (open.get(view)?.win === win) open.delete(view);
      });
      // The Status popover behaves like a menu: it goes away (destroyed, not hidden) on blur.
      if (view === 'status') win.on('blur', () => !win.isDestroyed() && win.close());
      return win;
    },
    toggleStatus() {
      const status = open.get('status');
      if (status && !status.win.isDestroyed()) status.win.close();
      else manager.open('status');
    },
    isOpen: (view) => {
      const e = open.get(view);
      return e !== undefined && !e.win.isDestroyed();
    },
    openCount: () => live().length,
    isTrustedFrame(frame) {
      if (!frame || !isAppUrl(frame.url)) return false;
      return live().some((w) => w.webContents.mainFrame === frame);
    },
    broadcast(channel, payload) {
      for (const w of live()) w.webContents.send(channel, payload);
    },
    closeAll() {
      for (const w of live()) w.close();
    },
  };
  return manager;
}
