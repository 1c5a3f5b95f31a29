/**
 * IMAP settings of the common mail providers, so an address is enough to add an account. A domain of
 * its own (a company on Google Workspace or Microsoft 365) is matched by where its MX records point.
 * Only what the providers publish for mail clients; a host here is always checked over TLS as usual.
 */
export interface KnownServer {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly security: 'tls' | 'starttls';
  /** The OAuth2 provider id (providers.ts) this host signs in with, where it has one. */
  readonly oauthProvider: 'google' | 'microsoft' | null;
  /** What the person must know to sign in (an app password, a setting to turn on). */
  readonly note: string | null;
  /** Where to create that app password (https only). */
  readonly helpUrl: string | null;
}

interface Entry {
  readonly server: KnownServer;
  readonly domains: readonly string[];
  /** MX host suffixes that mean "hosted here". */
  readonly mx: readonly string[];
}

const APP_PASSWORD = 'Use an app password, not your account password.';

const ENTRIES: readonly Entry[] = [
  {
    server: {
      name: 'Gmail',
      host: 'imap.gmail.com',
      port: 993,
      security: 'tls',
      oauthProvider: 'google',
      note: 'Google accepts a Google sign-in, or an app password (which needs 2-Step Verification on).',
      helpUrl: 'https://myaccount.google.com/apppasswords',
    },
    domains: ['gmail.com', 'googlemail.com'],
    mx: ['google.com', 'googlemail.com'],
  },
  {
    server: {
      name: 'Outlook.com / Microsoft 365',
      host: 'outlook.office365.com',
      port: 993,
      security: 'tls',
      oauthProvider: 'microsoft',
      note: 'Microsoft no longer accepts passwords over IMAP: the account needs a Microsoft sign-in.',
      helpUrl: null,
    },
    domains: [
      'outlook.com',
      'hotmail.com',
      'hotmail.co.uk',
      'hotmail.fr',
      'hotmail.de',
      'live.com',
      'msn.com',
    ],
    mx: ['outlook.com'],
  },
  {
    server: {
      name: 'iCloud Mail',
      host: 'imap.mail.me.com',
      port: 993,
      security: 'tls',
      oauthProvider: null,
      note: 'iCloud needs an app-specific password (Apple Account, Sign-In and Security).',
      helpUrl: 'https://appleid.apple.com/account/manage',
    },
    domains: ['icloud.com', 'me.com', 'mac.com'],
    mx: ['mail.icloud.com'],
  },
  {
    server: {
      name: 'Fastmail',
      host: 'imap.fastmail.com',
      port: 993,
      security: 'tls',
      oauthProvider: null,
      note: `${APP_PASSWORD} Fastmail makes one under Settings, Privacy & Security.`,
      helpUrl: null,
    },
    domains: ['fastmail.com', 'fastmail.fm'],
    mx: ['messagingengine.com'],
  },
  {
    server: {
      name: 'Yahoo Mail',
      host: 'imap.mail.yahoo.com',
      port: 993,
      security: 'tls',
      oauthProvider: null,
      note: APP_PASSWORD,
      helpUrl: 'https://login.yahoo.com/myaccount/security/app-password',
    },
    domains: ['yahoo.com', 'ymail.com', 'rocketmail.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de'],
    mx: ['yahoodns.net'],
  },
  {
    server: {
      name: 'AOL Mail',
      host: 'imap.aol.com',
      port: 993,
      security: 'tls',
      oauthProvider: null,
      note: APP_PASSWORD,
      helpUrl: 'https://login.aol.com/myaccount/security/app-password',
    },
    domains: ['aol.com', 'aim.com'],
    mx: [],
  },
  {
    server: {
      name: 'Zoho Mail',
      host: 'imap.zoho.com',
      port: 993,
      security: 'tls',
      oauthProvider: null,
      note: 'IMAP access must be turned on in Zoho Mail settings.',
      helpUrl: null,
    },
    domains: ['zoho.com', 'zohomail.com'],
    mx: ['zoho.com'],
  },
  {
    server: {
      name: 'GMX',
      host: 'imap.gmx.net',
      port: 993,
      security: 'tls',
      oauthProvider: null,
      note: 'IMAP access must be turned on in GMX settings.',
      helpUrl: null,
    },
    domains: ['gmx.de', 'gmx.net', 'gmx.at', 'gmx.ch'],
    mx: [],
  },
  {
    server: {
      name: 'WEB.DE',
      host: 'imap.web.de',
      port: 993,
      security: 'tls',
      oauthProvider: null,
      note: 'IMAP access must be turned on in WEB.DE settings.',
      helpUrl: null,
    },
    domains: ['web.de'],
    mx: [],
  },
  {
    server: {
      name: 'mailbox.org',
      host: 'imap.mailbox.org',
      port: 993,
      security: 'tls',
      oauthProvider: null,
      note: null,
      helpUrl: null,
    },
    domains: ['mailbox.org'],
    mx: ['mailbox.org'],
  },
  {
    server: {
      name: 'Posteo',
      host: 'posteo.de',
      port: 993,
      security: 'tls',
      oauthProvider: null,
      note: null,
      helpUrl: null,
    },
    domains: ['posteo.de', 'posteo.net'],
    mx: ['posteo.de'],
  },
  {
    server: {
      // Proton has no public IMAP: its Bridge app serves it on this computer, with its own certificate.
      name: 'Proton Mail Bridge',
      host: '127.0.0.1',
      port: 1143,
      security: 'starttls',
      oauthProvider: null,
      note: 'Proton Mail works through Proton Mail Bridge on this computer: use the user name and password Bridge shows, and trust its certificate after Test connection.',
      helpUrl: 'https://proton.me/mail/bridge',
    },
    domains: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'],
    mx: ['protonmail.ch'],
  },
];

const BY_DOMAIN = new Map(ENTRIES.flatMap((e) => e.domains.map((d) => [d, e.server] as const)));

/** A DNS name as compared with another: lower case, without the final dot of a fully qualified name. */
export function hostName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** Whether `host` is `domain` or a name under it (whole labels: mx.notgoogle.com is not in google.com). */
export function inDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** The domain part of an address, lower-cased; null when it is not an address. */
export function domainOf(address: string): string | null {
  const at = address.trim().lastIndexOf('@');
  if (at <= 0) return null;
  const domain = hostName(address.trim().slice(at + 1));
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
}

export function serverForDomain(domain: string): KnownServer | null {
  return BY_DOMAIN.get(domain.toLowerCase()) ?? null;
}

/** The provider the most preferred MX host belongs to (`exchange` is a host name, maybe with a final dot). */
export function serverForMx(records: readonly { exchange: string; priority: number }[]): KnownServer | null {
  const sorted = [...records].sort((a, b) => a.priority - b.priority);
  for (const r of sorted) {
    const host = hostName(r.exchange);
    const entry = ENTRIES.find((e) => e.mx.some((s) => inDomain(host, s)));
    if (entry) return entry.server;
  }
  return null;
}
