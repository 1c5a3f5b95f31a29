/**
 * BrowserWindow options for every Lull window: Electron's security checklist in one place.
 */
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { AppView } from './app-protocol';

export interface WindowOptionsInput {
  readonly preloadPath: string;
  /** Packaged builds have no DevTools. */
  readonly devTools: boolean;
  /** Where the Status window goes (next to the tray); ignored for other views. */
  readonly position?: { readonly x: number; readonly y: number };
}

export const STATUS_SIZE = { width: 360, height: 520 } as const;

/** The security-relevant webPreferences, shared by every window. */
export function secureWebPreferences(
  preloadPath: string,
  devTools: boolean,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // Middle-click would otherwise open links in a new window, bypassing will-navigate.
    disableBlinkFeatures: 'Auxclick',
    devTools,
  };
}

export function windowOptions(view: AppView, input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const common: BrowserWindowConstructorOptions = {
    // Shown on ready-to-show, so a window never flashes blank.
    show: false,
    title: 'Lull',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(input.preloadPath, input.devTools),
  };
  switch (view) {
    case 'status':
      return {
        ...common,
        ...STATUS_SIZE,
        ...(input.position ?? {}),
        frame: false,
        resizable: false,
        movable: false,
        minimizable: false,
        maximizable: false,
        fullscreenable: false,
        skipTaskbar: true,
        alwaysOnTop: true,
      };
    case 'review':
      return { ...common, width: 960, height: 720, minWidth: 560, minHeight: 400, title: 'Lull: Review' };
    case 'settings':
      return { ...common, width: 880, height: 680, minWidth: 560, minHeight: 400, title: 'Lull: Settings' };
    case 'welcome':
      return { ...common, width: 720, height: 640, minWidth: 560, minHeight: 480, title: 'Welcome to Lull' };
  }
}

/**
 * Where the Status window goes: under a tray at the top of the screen, above one at the bottom,
 * centred on the icon and kept inside the work area.
 */
export function positionNearTray(
  tray: Rectangle,
  size: { readonly width: number; readonly height: number },
  workArea: Rectangle,
): { x: number; y: number } {
  const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));
  const trayAtTop = tray.y + tray.height / 2 < workArea.y + workArea.height / 2;
  const x = clamp(
    Math.round(tray.x + tray.width / 2 - size.width / 2),
    workArea.x,
    workArea.x + workArea.width - size.width,
  );
  const wantY = trayAtTop ? tray.y + tray.height + 4 : tray.y - size.height - 4;
  const y = clamp(Math.round(wantY), workArea.y, workArea.y + workArea.height - size.height);
  return { x, y };
}
