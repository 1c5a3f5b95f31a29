import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../../electron/engine/log';
import { createLogger, setLogSink } from '../../../../electron/engine/log';
import { checkExternalUrl, openExternalSafe } from '../../../../electron/main/links/open-external-safe';

describe('checkExternalUrl', () => {
  it.each([
    'https://mail.example.com/inbox/1',
    'mailto:ada@example.com?subject=Hi',
    'message:%3C1234@example.com%3E',
    'slack://channel?team=T1&id=C1',
    'msteams:/l/message/19:abc/123',
    'https://xn--80ak6aa92e.com/', // a whole-Cyrillic domain is not a lookalike
    'HTTPS://Example.COM/path',
  ])('allows %s', (url) => {
    expect(checkExternalUrl(url)).toMatchObject({ ok: true });
  });

  it.each([
    ['javascript:alert(1)', /scheme javascript:/],
    ['  JaVaScRiPt:alert(document.domain)', /scheme javascript:/],
    ['java\tscript:alert(1)', /scheme javascript:/],
    ['file:///etc/passwd', /scheme file:/],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', /scheme data:/],
    ['http://example.com/', /scheme http:/],
    ['vbscript:msgbox(1)', /scheme vbscript:/],
    ['smb://evil.test/share', /scheme smb:/],
    ['https://user:secret@example.com/', /credentials/],
    ['https://paypal.com@evil.test/', /credentials/],
    ['https://аpple.com/', /lookalike/], // Cyrillic а + Latin pple
    ['https://xn--pple-43d.com/', /lookalike/],
    ['https://gооgle.com/', /lookalike/], // Cyrillic о
    ['not a url', /not a URL/],
    ['', /not a URL/],
    [`https://example.com/${'a'.repeat(5000)}`, /too long/],
  ])('refuses %s', (url, reason) => {
    const check = checkExternalUrl(url);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(reason);
  });

  it('returns the normalised URL', () => {
    expect(checkExternalUrl('https://EXAMPLE.com')).toEqual({ ok: true, url: 'https://example.com/' });
  });
});

describe('openExternalSafe', () => {
  function setup() {
    const records: LogRecord[] = [];
    setLogSink((r) => records.push(r));
    const opened: string[] = [];
    const deps = {
      openExternal: (u: string) => {
        opened.push(u);
        return Promise.resolve();
      },
      log: createLogger({ component: 'links' }),
    };
    return { records, opened, deps };
  }

  it('opens an allowed link', async () => {
    const { opened, deps } = setup();
    expect(await openExternalSafe('https://example.com/a', deps)).toEqual({
      ok: true,
      url: 'https://example.com/a',
    });
    expect(opened).toEqual(['https://example.com/a']);
  });

  it('refuses, logs, and never hands a hostile URL to the OS or the log', async () => {
    const { records, opened, deps } = setup();
    const result = await openExternalSafe('https://bob:hunter2secret@example.com/', deps);
    expect(result.ok).toBe(false);
    expect(opened).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      level: 'warn',
      msg: 'refused to open link',
      scheme: 'https',
      reason: 'credentials in URL',
    });
    expect(JSON.stringify(records)).not.toContain('hunter2secret');
  });

  it('reports an OS failure without throwing', async () => {
    const { deps } = setup();
    const failing = { ...deps, openExternal: () => Promise.reject(new Error('no handler')) };
    expect(await openExternalSafe('slack://open', failing)).toEqual({
      ok: false,
      reason: 'the OS could not open it',
    });
  });
});
