import { describe, expect, it } from 'vitest';
import type { AppView } from '../../../../electron/main/windows/app-protocol';
import { appUrl } from '../../../../electron/main/windows/app-protocol';
import type { WindowLike } from '../../../../electron/main/windows/window-manager';
import { createWindowManager } from '../../../../electron/main/windows/window-manager';

class FakeWindow implements WindowLike {
  destroyed = false;
  readonly loads: string[] = [];
  readonly sent: [string, unknown][] = [];
  readonly listeners = new Map<string, (() => void)[]>();
  readonly webContents;
  constructor(url: string) {
    this.loads.push(url);
    const frame = { url };
    this.webContents = { mainFrame: frame, send: (c: string, p: unknown) => void this.sent.push([c, p]) };
  }
  isDestroyed = () => this.destroyed;
  loadURL = (url: string) => {
    this.loads.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  };
  show = () => {};
  focus = () => {};
  close = () => {
    this.destroyed = true;
    this.emit('closed');
  };
  on = (event: string, l: () => void) => {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  };
  emit(event: string) {
    for (const l of this.listeners.get(event) ?? []) l();
  }
}

function setup() {
  const created: [AppView, FakeWindow][] = [];
  const manager = createWindowManager({
    create: (view, url) => {
      const w = new FakeWindow(url);
      created.push([view, w]);
      return w;
    },
    urlFor: appUrl,
  });
  return { manager, created };
}

describe('window manager', () => {
  it('has no window until one is asked for', () => {
    const { manager, created } = setup();
    expect(manager.openCount()).toBe(0);
    expect(created).toEqual([]);
  });

  it('creates on demand, reuses the open one, and forgets it when closed', () => {
    const { manager, created } = setup();
    manager.open('review', '1');
    manager.open('review', '2');
    expect(created).toHaveLength(1);
    expect(created[0]?.[1].loads).toEqual([
      'lull://app/index.html#/review/1',
      'lull://app/index.html#/review/2',
    ]);
    created[0]?.[1].close();
    expect(manager.openCount()).toBe(0);
    manager.open('review');
    expect(created).toHaveLength(2);
  });

  it('destroys the Status popover when it loses focus', () => {
    const { manager, created } = setup();
    manager.open('status');
    const status = created[0]![1];
    status.emit('blur');
    expect(status.destroyed).toBe(true);
    expect(manager.isOpen('status')).toBe(false);
  });

  it('toggles Status', () => {
    const { manager } = setup();
    manager.toggleStatus();
    expect(manager.isOpen('status')).toBe(true);
    manager.toggleStatus();
    expect(manager.isOpen('status')).toBe(false);
  });

  it('trusts only the main frame of a live window on lull://app', () => {
    const { manager, created } = setup();
    manager.open('settings');
    const win = created[0]![1];
    const frame = win.webContents.mainFrame;
    expect(manager.isTrustedFrame(frame)).toBe(true);
    expect(manager.isTrustedFrame({ url: frame.url })).toBe(false); // same URL, not our frame
    expect(manager.isTrustedFrame(null)).toBe(false);
    frame.url = 'https://evil.test/';
    expect(manager.isTrustedFrame(frame)).toBe(false);
    frame.url = 'lull://app/index.html';
    win.close();
    expect(manager.isTrustedFrame(frame)).toBe(false);
  });

  it('broadcasts to live windows only', () => {
    const { manager, created } = setup();
    manager.open('settings');
    manager.open('review');
    created[0]![1].close();
    manager.broadcast('lull:event', { name: 'state' });
    expect(created[0]![1].sent).toEqual([]);
    expect(created[1]![1].sent).toEqual([['lull:event', { name: 'state' }]]);
  });
});
