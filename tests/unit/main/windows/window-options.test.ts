import { describe, expect, it } from 'vitest';
import type { AppView } from '../../../../electron/main/windows/app-protocol';
import { positionNearTray, windowOptions } from '../../../../electron/main/windows/window-options';

const views: AppView[] = ['status', 'review', 'settings', 'welcome'];

describe('window options', () => {
  it.each(views)('%s: every security flag of the checklist', (view) => {
    const o = windowOptions(view, { preloadPath: '/app/dist/preload/index.cjs', devTools: false });
    expect(o.webPreferences).toEqual({
      preload: '/app/dist/preload/index.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    expect(o.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(o.show).toBe(false);
  });

  it('the Status window is a small frameless popover at the given position', () => {
    const o = windowOptions('status', { preloadPath: '/p', devTools: true, position: { x: 10, y: 20 } });
    expect(o).toMatchObject({
      x: 10,
      y: 20,
      width: 360,
      height: 520,
      frame: false,
      skipTaskbar: true,
      resizable: false,
    });
    expect(o.webPreferences?.devTools).toBe(true);
  });
});

describe('positionNearTray', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1080 };
  const size = { width: 360, height: 520 };

  it('goes under a tray at the top, centred on the icon', () => {
    const workArea = { x: 0, y: 28, width: 1920, height: 1052 };
    expect(positionNearTray({ x: 1500, y: 0, width: 22, height: 22 }, size, workArea)).toEqual({
      x: 1331,
      y: 28,
    });
  });

  it('goes above a tray at the bottom and stays inside the work area', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(positionNearTray({ x: 1900, y: 1045, width: 20, height: 30 }, size, workArea)).toEqual({
      x: 1560,
      y: 520,
    });
    expect(positionNearTray({ x: 0, y: 1045, width: 20, height: 30 }, size, screen).x).toBe(0);
  });
});
