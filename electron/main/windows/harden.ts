/**
 * Navigation and permission guards for every window (Electron security checklist).
 */
import type { Logger } from '../../engine/log';
import { isAppUrl } from './app-protocol';

interface NavigationEvent {
  preventDefault(): void;
}

/** The parts of WebContents this touches; narrow so tests can pass a recording fake. */
export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: NavigationEvent, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: NavigationEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface HardenDeps {
  /** Links the page tries to open go to the OS through the allow-list helper. */
  readonly openLink: (url: string) => void;
  readonly log: Logger;
}

/** Blocks navigation away from lull://app, denies new windows and webviews. */
export function hardenWebContents(contents: GuardedContents, deps: HardenDeps): void {
  const block = (event: NavigationEvent, url: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    deps.log.warn('blocked navigation away from the app', { scheme: url.split(':', 1)[0] });
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (!isAppUrl(url)) deps.openLink(url);
    return { action: 'deny' };
  });
}

/** The parts of Session this touches. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
}

/** Lull needs no camera, microphone, geolocation, notifications-from-page or devices. */
export function denyAllPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
