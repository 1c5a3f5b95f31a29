/**
 * Server settings from an address, through the engine's command and node:dns, against a real DNS
 * server on 127.0.0.1 (tests/support/dns-server.ts).
 */
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../electron/shared/contract';
import { dispatch } from '../../../electron/shared/dispatch';
import { startDnsServer, type DnsTestServer } from '../../support/dns-server';
import { makeTestEngine, type TestEngine } from '../../support/engine';

let dns: DnsTestServer;
let t: TestEngine;

beforeAll(async () => {
  dns = await startDnsServer({
    // A company on Google Workspace: only MX records.
    'acme.example': [
      { type: 'MX', priority: 10, exchange: 'alt1.aspmx.l.google.com' },
      { type: 'MX', priority: 1, exchange: 'aspmx.l.google.com' },
    ],
    'contoso.example': [{ type: 'MX', priority: 0, exchange: 'contoso-example.mail.protection.outlook.com' }],
    // RFC 6186: the domain names its servers; TLS (imaps) wins over STARTTLS (imap).
    '_imaps._tcp.srv.example': [
      { type: 'SRV', priority: 20, weight: 0, port: 993, target: 'backup.srv.example' },
      { type: 'SRV', priority: 10, weight: 1, port: 993, target: 'mail.srv.example' },
      { type: 'SRV', priority: 10, weight: 5, port: 9993, target: 'imap.srv.example' },
    ],
    '_imap._tcp.srv.example': [
      { type: 'SRV', priority: 0, weight: 0, port: 143, target: 'plain.srv.example' },
    ],
    'srv.example': [{ type: 'MX', priority: 10, exchange: 'aspmx.l.google.com' }],
    '_imap._tcp.starttls.example': [
      { type: 'SRV', priority: 0, weight: 0, port: 143, target: 'mail.starttls.example' },
    ],
    '_imaps._tcp.hosted.example': [
      { type: 'SRV', priority: 0, weight: 0, port: 993, target: 'imap.hoster.example' },
    ],
    // "." says IMAP is not offered: fall through to the MX records.
    '_imaps._tcp.dot.example': [{ type: 'SRV', priority: 0, weight: 0, port: 0, target: '.' }],
    'dot.example': [{ type: 'MX', priority: 10, exchange: 'in1-smtp.messagingengine.com' }],
    'selfhosted.example': [{ type: 'MX', priority: 10, exchange: 'mx.selfhosted.example' }],
  });
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([dns.address]);
  t = await makeTestEngine({ mailDns: resolver });
});
afterAll(async () => {
  await t.cleanup();
  await dns.close();
});

/** Through the contract's dispatcher (input and output validated), as the UI calls it. */
async function suggestVia(engine: TestEngine['engine'], address: string) {
  const out = await dispatch(engine.api, 'suggestImapServer', { address });
  return commands.suggestImapServer.output.parse(out).server;
}
const suggest = (address: string) => suggestVia(t.engine, address);

describe('suggestImapServer', () => {
  it('knows the common providers without asking DNS', async () => {
    const before = dns.queries.length;
    expect(await suggest('Alice@iCloud.com')).toMatchObject({
      name: 'iCloud Mail',
      host: 'imap.mail.me.com',
      port: 993,
      security: 'tls',
      source: 'known',
      helpUrl: expect.stringMatching(/^https:\/\//),
    });
    expect(await suggest('bob@gmail.com')).toMatchObject({ host: 'imap.gmail.com', oauthProvider: 'google' });
    expect(await suggest('carol@hotmail.com')).toMatchObject({
      host: 'outlook.office365.com',
      oauthProvider: 'microsoft',
    });
    expect(dns.queries.length).toBe(before);
  });

  it("finds a company's provider by where its MX records point", async () => {
    const google = await suggest('alice@acme.example');
    expect(google).toMatchObject({ host: 'imap.gmail.com', oauthProvider: 'google', source: 'mx' });
    expect(google?.note).toContain('Mail for acme.example is handled by Gmail');
    expect(await suggest('alice@contoso.example')).toMatchObject({
      host: 'outlook.office365.com',
      oauthProvider: 'microsoft',
      source: 'mx',
    });
    expect(dns.queries).toContainEqual({ name: 'acme.example', type: 'MX' });
  });

  it("prefers the domain's own SRV records: TLS first, lowest priority, then highest weight", async () => {
    expect(await suggest('alice@srv.example')).toMatchObject({
      host: 'imap.srv.example',
      port: 9993,
      security: 'tls',
      source: 'srv',
      oauthProvider: null,
    });
    expect(await suggest('alice@starttls.example')).toMatchObject({
      host: 'mail.starttls.example',
      port: 143,
      security: 'starttls',
    });
    // A server outside the domain is named as such, to be checked.
    expect((await suggest('alice@hosted.example'))?.note).toContain('It is not in hosted.example');
    expect(await suggest('alice@dot.example')).toMatchObject({ host: 'imap.fastmail.com', source: 'mx' });
  });

  it('has no suggestion for an unknown host, a missing domain or what is not an address', async () => {
    expect(await suggest('alice@selfhosted.example')).toBeNull();
    expect(await suggest('alice@nowhere.example')).toBeNull();
    expect(await suggest('alice')).toBeNull();
    expect(await suggest('alice@')).toBeNull();
    expect(await suggest('alice@bad_domain')).toBeNull();
  });

  it('answers null, not an error, when DNS cannot be reached', async () => {
    const closed = await startDnsServer({});
    const address = closed.address;
    await closed.close();
    const resolver = new Resolver({ timeout: 300, tries: 1 });
    resolver.setServers([address]);
    const offline = await makeTestEngine({ mailDns: resolver });
    try {
      expect(await suggestVia(offline.engine, 'alice@acme.example')).toBeNull();
      // The built-in list still works offline.
      expect((await suggestVia(offline.engine, 'a@fastmail.com'))?.host).toBe('imap.fastmail.com');
    } finally {
      await offline.cleanup();
    }
  });
});
