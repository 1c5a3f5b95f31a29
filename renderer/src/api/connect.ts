/** Picks the transport: Electron's preload if present, else the browser host's WebSocket. */
import type { LullClient } from './client';
import { createIpcClient } from './ipc-transport';
import { windowLull } from './window-lull';
import { createWsClient, WS_PATH } from './ws-transport';

const TOKEN_KEY = 'lull.token';

/**
 * Takes `token=…` out of the URL fragment (the host prints `#token=…`), keeps it for this tab only,
 * and leaves the fragment to the router. Returns the token, or null.
 */
export function takeToken(loc: Location, storage: Storage, history: History): string | null {
  const hash = loc.hash.replace(/^#/, '');
  const match = /(?:^|[&?])token=([A-Za-z0-9_-]+)/.exec(hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    const rest = hash.replace(/(?:^|[&?])token=[A-Za-z0-9_-]+/, '').replace(/^[&?]/, '');
    history.replaceState(null, '', `${loc.pathname}${loc.search}${rest ? `#${rest}` : ''}`);
    return match[1];
  }
  return storage.getItem(TOKEN_KEY);
}

export function connectClient(): LullClient {
  const bridge = windowLull();
  if (bridge) return createIpcClient(bridge);
  const token = takeToken(window.location, window.sessionStorage, window.history) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsClient({ url: `${scheme}://${window.location.host}${WS_PATH}`, token });
}
