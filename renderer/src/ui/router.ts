/** Hash routes, so the shell can open a view directly: #/review, #/status, #/settings[/tab], #/today, #/welcome. */
import { useSyncExternalStore } from 'react';

export const VIEWS = ['review', 'status', 'settings', 'today', 'welcome'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View | null;
  sub: string | null;
}

export function parseHash(hash: string): Route {
  const parts = (hash.replace(/^#\/?/, '').split(/[&?]/)[0] ?? '').split('/');
  const view = (VIEWS as readonly string[]).includes(parts[0] ?? '') ? (parts[0] as View) : null;
  return { view, sub: parts[1] ? decodeURIComponent(parts[1]) : null };
}

const subscribe = (cb: () => void): (() => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function navigate(view: View, sub?: string): void {
  window.location.hash = `#/${view}${sub ? `/${encodeURIComponent(sub)}` : ''}`;
}
