/** Backoff, UID sets, error classification and fingerprint pinning rules. */
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, backoffMs, uidSet } from '../../../../../electron/engine/sources/imap/imap-source';
import { buildClient, classifyError } from '../../../../../electron/engine/sources/imap/client';
import { createLogger } from '../../../../../electron/engine/log';
import {
  CertificateUntrustedError,
  normalizeFingerprint,
} from '../../../../../electron/engine/sources/imap/tls-transport';
import { imapConfigProblem } from '../../../../../electron/shared/accounts/imap';

const where = { host: 'mail.example.com', port: 993 };

describe('backoff', () => {
  it('grows exponentially with jitter and is capped at 5 minutes', () => {
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(backoffMs(0, () => 1)).toBe(1000);
    expect(backoffMs(3, () => 0.5)).toBe(6000);
    expect(backoffMs(50, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(50, () => 0)).toBe(BACKOFF_CAP_MS / 2);
  });
});

describe('uidSet', () => {
  it('compresses runs', () => {
    expect(uidSet([5, 1, 2, 3, 9, 10, 12])).toBe('1:3,5,9:10,12');
    expect(uidSet([7])).toBe('7');
  });
});

describe('client logging', () => {
  it('tells imapflow that only warnings and errors are logged, so it does not serialise each response', () => {
    const client = buildClient(
      { host: '127.0.0.1', port: 1, security: 'plain' } as Parameters<typeof buildClient>[0],
      { user: 'u', pass: 'p' },
      { log: createLogger({ test: 'client-log' }) },
    );
    // The check imapflow itself runs before compiling a response or command into a log line.
    const enabled = (level: string): boolean =>
      (client as unknown as { isLogLevelEnabled(l: string): boolean }).isLogLevelEnabled(level);
    expect(['trace', 'debug', 'info'].map(enabled)).toEqual([false, false, false]);
    expect(['warn', 'error'].map(enabled)).toEqual([true, true]);
  });
});

describe('classifyError', () => {
  it('names each failure precisely, with the server text for auth', () => {
    expect(classifyError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), where)).toMatchObject({
      kind: 'dns',
      retry: true,
    });
    expect(classifyError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), where)).toMatchObject({
      kind: 'refused',
      retry: true,
    });
    const auth = classifyError(
      Object.assign(new Error('Command failed'), {
        authenticationFailed: true,
        responseText: '[AUTHENTICATIONFAILED] Invalid credentials (Failure)',
      }),
      where,
    );
    expect(auth).toMatchObject({ kind: 'auth', retry: false });
    expect(auth.message).toContain('Invalid credentials');
    const cert = { sha256: 'AB:CD', issuer: 'CN=X', subject: 'CN=Y' };
    expect(classifyError(new CertificateUntrustedError(cert, 'SELF_SIGNED'), where)).toMatchObject({
      kind: 'tls',
      certificate: cert,
      retry: false,
    });
  });
});

describe('pinning and plain text', () => {
  it('compares fingerprints ignoring case and separators', () => {
    expect(normalizeFingerprint('ab:cd:EF')).toBe(normalizeFingerprint('ABCDEF'));
  });
  it('allows plain text only to localhost, and only when confirmed', () => {
    expect(imapConfigProblem({ host: 'localhost', security: 'plain', plainConfirmed: true })).toBeNull();
    expect(imapConfigProblem({ host: 'mail.example.com', security: 'plain', plainConfirmed: true })).toMatch(
      /only allowed to this computer/,
    );
    expect(imapConfigProblem({ host: '127.0.0.1', security: 'plain', plainConfirmed: false })).toMatch(
      /Confirm/,
    );
    expect(
      imapConfigProblem({ host: 'mail.example.com', security: 'tls', plainConfirmed: false }),
    ).toBeNull();
  });
});
