/**
 * The renderer is served from `lull://app/`, a privileged standard scheme, not file://.
 *
 * That gives every window one origin to compare navigations and IPC senders against, and lets the
 * shell add the Content-Security-Policy as a response header (on top of the meta tag in index.html).
 */
import { extname, resolve, sep } from 'node:path';

export const APP_SCHEME = 'lull';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Strict: only our own files, no inline script, no remote origins, no plugins, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type AppView = 'status' | 'review' | 'settings' | 'welcome';

/**
 * The URL a window of this view loads. The renderer routes on the hash (renderer/src/ui/router.ts):
 * `#/review/<batchId>`, `#/settings/<tab>`.
 */
export function appUrl(view: AppView, sub?: string): string {
  return `${APP_ORIGIN}/index.html#/${view}${sub ? `/${encodeURIComponent(sub)}` : ''}`;
}

/**
 * Whether `raw` is one of our own pages. Compared by scheme and host, because WHATWG `URL.origin`
 * is "null" for non-special schemes such as lull:.
 */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (
      url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === ''
    );
  } catch {
    return false;
  }
}

/** The file under `rootDir` a lull://app request maps to, or null for anything outside it. */
export function resolveAppAsset(rootDir: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(root + sep) ? file : null;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function mimeFor(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers for every file served to a window. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'content-type': mimeFor(file),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
  };
}
