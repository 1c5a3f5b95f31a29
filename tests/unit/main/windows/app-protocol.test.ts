import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appResponseHeaders,
  appUrl,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  resolveAppAsset,
} from '../../../../electron/main/windows/app-protocol';

const root = resolve('/opt/lull/dist/renderer');

describe('app protocol', () => {
  it('builds view URLs the renderer routes on', () => {
    expect(appUrl('status')).toBe('lull://app/index.html#/status');
    expect(appUrl('review', '12')).toBe('lull://app/index.html#/review/12');
    expect(appUrl('settings', 'accounts')).toBe('lull://app/index.html#/settings/accounts');
  });

  it('recognises only lull://app', () => {
    expect(isAppUrl('lull://app/index.html#/status')).toBe(true);
    expect(isAppUrl('lull://app.evil.test/')).toBe(false);
    expect(isAppUrl('https://app/')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });

  it('maps requests to files inside the renderer folder only', () => {
    expect(resolveAppAsset(root, 'lull://app/')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'lull://app/assets/main-abc.js?v=1')).toBe(
      join(root, 'assets', 'main-abc.js'),
    );
    expect(resolveAppAsset(root, 'lull://app/../../etc/passwd')).toBe(join(root, 'etc', 'passwd')); // URL parsing collapses ..
    expect(resolveAppAsset(root, 'lull://app/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppAsset(root, 'lull://app/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveAppAsset(root, 'lull://app/a%00b')).toBeNull();
    expect(resolveAppAsset(root, 'lull://other/index.html')).toBeNull();
    expect(resolveAppAsset(root, 'lull://app/%E0%A4%A')).toBeNull();
  });

  it('serves a strict CSP with every file', () => {
    const h = appResponseHeaders('/x/index.html');
    expect(h['content-type']).toBe('text/html; charset=utf-8');
    expect(h['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});
