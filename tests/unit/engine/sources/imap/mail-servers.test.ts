import { describe, expect, it } from 'vitest';
import {
  domainOf,
  serverForDomain,
  serverForMx,
} from '../../../../../electron/engine/sources/imap/mail-servers';

describe('domainOf', () => {
  it('takes the part after the last @, lower-cased, and only a real-looking domain', () => {
    expect(domainOf(' Alice@Example.COM ')).toBe('example.com');
    expect(domainOf('"a@b"@example.org')).toBe('example.org');
    expect(domainOf('alice@example.com.')).toBe('example.com');
    for (const bad of [
      'alice',
      '@example.com',
      'alice@',
      'alice@localhost',
      'alice@exa mple.com',
      'a@b_c.com',
    ])
      expect(domainOf(bad)).toBeNull();
  });
});

describe('serverForDomain / serverForMx', () => {
  it('knows providers by their own domains, in any case', () => {
    expect(serverForDomain('GoogleMail.com')?.host).toBe('imap.gmail.com');
    expect(serverForDomain('pm.me')).toMatchObject({ host: '127.0.0.1', port: 1143, security: 'starttls' });
    expect(serverForDomain('example.com')).toBeNull();
  });

  it('goes by the most preferred MX host, matching whole labels only', () => {
    const mx = (exchange: string, priority: number) => ({ exchange, priority });
    expect(serverForMx([mx('aspmx.l.google.com', 20), mx('x.mail.protection.outlook.com', 10)])?.host).toBe(
      'outlook.office365.com',
    );
    // A host is skipped, not matched, when it only ends in the provider's name.
    expect(serverForMx([mx('mx.notgoogle.com', 1), mx('ASPMX.L.GOOGLE.COM.', 5)])?.host).toBe(
      'imap.gmail.com',
    );
    expect(serverForMx([mx('mx.notgoogle.com', 1)])).toBeNull();
    expect(serverForMx([])).toBeNull();
  });
});
