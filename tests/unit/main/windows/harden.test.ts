import { describe, expect, it } from 'vitest';
import { createLogger, setLogSink } from '../../../../electron/engine/log';
import type { GuardedContents, GuardedSession } from '../../../../electron/main/windows/harden';
import { denyAllPermissions, hardenWebContents } from '../../../../electron/main/windows/harden';

type Listener = (event: { preventDefault(): void }, url?: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents: GuardedContents = {
    on: (event: string, listener: Listener) => listeners.set(event, listener),
    setWindowOpenHandler: (h) => void (openHandler = h),
  } as GuardedContents;
  const fire = (event: string, url?: string): boolean => {
    let prevented = false;
    const l = listeners.get(event);
    if (!l) throw new Error(`no ${event} listener`);
    l({ preventDefault: () => void (prevented = true) }, url);
    return prevented;
  };
  return { contents, fire, openWindow: (url: string) => openHandler?.({ url }) };
}

function setup() {
  setLogSink(() => {});
  const opened: string[] = [];
  const fake = fakeContents();
  hardenWebContents(fake.contents, { openLink: (u) => opened.push(u), log: createLogger() });
  return { ...fake, opened };
}

describe('hardenWebContents', () => {
  it('allows navigation inside lull://app only', () => {
    const { fire } = setup();
    expect(fire('will-navigate', 'lull://app/index.html#/settings')).toBe(false);
    expect(fire('will-navigate', 'https://evil.test/')).toBe(true);
    expect(fire('will-navigate', 'lull://evil/index.html')).toBe(true);
    expect(fire('will-navigate', 'lull://x@app/index.html')).toBe(true);
    expect(fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fire('will-redirect', 'https://evil.test/')).toBe(true);
  });

  it('denies every new window and hands outside links to the allow-list helper', () => {
    const { openWindow, opened } = setup();
    expect(openWindow('https://example.com/')).toEqual({ action: 'deny' });
    expect(openWindow('lull://app/index.html')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/']);
  });

  it('refuses webviews', () => {
    const { fire } = setup();
    expect(fire('will-attach-webview')).toBe(true);
  });
});

describe('denyAllPermissions', () => {
  it('denies requests, checks and devices', () => {
    const answers: boolean[] = [];
    let check: (() => boolean) | null = null;
    let device: (() => boolean) | null = null;
    const session: GuardedSession = {
      setPermissionRequestHandler: (h) => {
        for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
          h(null, p, (granted) => answers.push(granted));
        }
      },
      setPermissionCheckHandler: (h) => void (check = h),
      setDevicePermissionHandler: (h) => void (device = h),
    };
    denyAllPermissions(session);
    expect(answers).toEqual([false, false, false, false, false]);
    expect(check!()).toBe(false);
    expect(device!()).toBe(false);
  });
});
