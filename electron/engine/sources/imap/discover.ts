/**
 * IMAP settings for an address: Lull's list of providers first, then the domain's own DNS. SRV
 * records (RFC 6186) name the server outright; MX records tell which provider hosts the domain's mail
 * (a company on Google Workspace or Microsoft 365). Only a suggestion: the form shows it to be checked,
 * and the connection is verified as usual.
 */
import { Resolver } from 'node:dns/promises';
import type { ServerSuggestion } from '../../../shared/contract';
import { waitAtMost } from '../../wait-at-most';
import { domainOf, hostName, inDomain, serverForDomain, serverForMx } from './mail-servers';

/** What discovery reads of DNS (node:dns's Resolver has this shape; tests point one at a local server). */
export interface MailDns {
  resolveMx(domain: string): Promise<{ exchange: string; priority: number }[]>;
  resolveSrv(name: string): Promise<{ name: string; port: number; priority: number; weight: number }[]>;
}

export function systemDns(): MailDns {
  return new Resolver({ timeout: 2000, tries: 2 });
}

/** Past this, the form carries on without a suggestion rather than wait on a slow resolver. */
const LOOKUP_MS = 5000;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

type Srv = Awaited<ReturnType<MailDns['resolveSrv']>>[number];

/** The SRV record to use: lowest priority, then highest weight. A target of "." means "not offered". */
function bestSrv(records: readonly Srv[]): { host: string; port: number } | null {
  const usable = records
    .map((r) => ({ ...r, host: hostName(r.name) }))
    .filter((r) => r.port > 0 && r.port <= 65535 && HOSTNAME.test(r.host))
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  const best = usable[0];
  return best ? { host: best.host, port: best.port } : null;
}

async function lookups(dns: MailDns, domain: string) {
  // A domain without such records answers ENODATA / ENOTFOUND: that is "none", not a failure.
  const none = <T>(p: Promise<T[]>): Promise<T[]> => p.catch(() => []);
  const all = Promise.all([
    none(dns.resolveSrv(`_imaps._tcp.${domain}`)),
    none(dns.resolveSrv(`_imap._tcp.${domain}`)),
    none(dns.resolveMx(domain)),
  ]);
  return waitAtMost(all, LOOKUP_MS, null);
}

export async function suggestServer(address: string, dns: MailDns): Promise<ServerSuggestion | null> {
  const domain = domainOf(address);
  if (!domain) return null;
  const known = serverForDomain(domain);
  if (known) return { ...known, source: 'known' };
  const found = await lookups(dns, domain);
  if (!found) return null;
  const [imaps, imap, mx] = found;
  const tls = bestSrv(imaps);
  const srv = tls ?? bestSrv(imap);
  if (srv) {
    const elsewhere = inDomain(srv.host, domain)
      ? ''
      : ` It is not in ${domain}: check that this is your mail provider.`;
    return {
      name: domain,
      host: srv.host,
      port: srv.port,
      // Never plain text: _imap._tcp means STARTTLS on that port.
      security: tls ? 'tls' : 'starttls',
      oauthProvider: null,
      note: `${domain} names this server in its DNS (SRV record).${elsewhere}`,
      helpUrl: null,
      source: 'srv',
    };
  }
  const hosted = serverForMx(mx);
  if (!hosted) return null;
  const note = `Mail for ${domain} is handled by ${hosted.name}.${hosted.note ? ` ${hosted.note}` : ''}`;
  return { ...hosted, note, source: 'mx' };
}
