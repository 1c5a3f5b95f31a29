/**
 * Builds one ImapFlow for an account (a new one for every connection: imapflow never reconnects),
 * and turns connection errors into precise, secret-free results.
 */
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { ImapConfig } from '../../../shared/accounts/imap';
import type { ConnectionTest } from '../../../shared/contract';
import type { Logger } from '../../log';
import { redact } from '../../log';
import { CertificateUntrustedError, pinningTransport, type CertificateInfo } from './tls-transport';

export interface ImapCredentials {
  readonly user: string;
  readonly pass?: string;
  readonly accessToken?: string;
}

export interface ClientOptions {
  readonly log?: Logger;
  /** Every certificate seen during handshakes. */
  readonly onCertificate?: (cert: CertificateInfo, authorized: boolean) => void;
  /** Extra trust anchors (PEM). */
  readonly ca?: readonly string[];
  /** Inactivity timeout of the socket (dead connection detection). */
  readonly socketTimeoutMs?: number;
  /** IDLE is broken and re-issued this often (RFC 2177 asks for < 29 min; we also use it as heartbeat). */
  readonly maxIdleMs?: number;
  readonly connectionTimeoutMs?: number;
}

/** Socket inactivity before the connection counts as dead; the IDLE restart below keeps live ones busy. */
export const SOCKET_TIMEOUT_MS = 90_000;
/** IDLE is re-issued well within RFC 2177's 29 minutes (the heartbeat NOOP also restarts it). */
export const MAX_IDLE_MS = 10 * 60_000;

export function buildClient(cfg: ImapConfig, creds: ImapCredentials, opts: ClientOptions = {}): ImapFlow {
  const secure = cfg.security === 'tls';
  const options: ImapFlowOptions = {
    host: cfg.host,
    port: cfg.port,
    secure,
    // STARTTLS is required (not opportunistic) for 'starttls'; 'plain' (localhost only) never upgrades.
    doSTARTTLS: cfg.security === 'starttls' ? true : cfg.security === 'plain' ? false : undefined,
    auth: creds.accessToken
      ? { user: creds.user, accessToken: creds.accessToken }
      : { user: creds.user, pass: creds.pass ?? '' },
    transport: pinningTransport({
      pinnedSha256: cfg.pinnedCertSha256,
      ca: opts.ca,
      onCertificate: opts.onCertificate,
    }),
    logger: imapLogger(opts.log),
    qresync: true,
    socketTimeout: opts.socketTimeoutMs ?? SOCKET_TIMEOUT_MS,
    maxIdleTime: opts.maxIdleMs ?? MAX_IDLE_MS,
    // imapflow waits 15 s before it IDLEs by default: mail in that gap would wait for the next command.
    autoIdleDelay: 100,
    connectionTimeout: opts.connectionTimeoutMs ?? 30_000,
    greetingTimeout: 16_000,
    clientInfo: { name: 'Lull' },
  };
  return new ImapFlow(options);
}

/** imapflow's pino-style logger onto ours, warnings and errors only, secrets redacted. */
function imapLogger(log: Logger | undefined): ImapFlowOptions['logger'] {
  if (!log) return false;
  const pick = (o: unknown): Record<string, unknown> => {
    const r = (o ?? {}) as Record<string, unknown>;
    return { msg: typeof r.msg === 'string' ? redact.text(r.msg) : '', cid: r.cid, err: r.err };
  };
  const noop = (): void => undefined;
  // imapflow asks isLevelEnabled (missing from its Logger type) before it serialises a response for
  // the log; without it, every FETCH of a catch-up is serialised for a debug line that is dropped.
  const logger = {
    isLevelEnabled: (level: string) => level === 'warn' || level === 'error',
    debug: noop,
    info: noop,
    warn: (o: unknown) => log.warn('imap', pick(o)),
    error: (o: unknown) => log.warn('imap error', pick(o)),
  };
  return logger;
}

export type FailureKind = ConnectionTest['kind'];

export interface Failure {
  readonly kind: FailureKind;
  readonly message: string;
  readonly certificate: CertificateInfo | null;
  /** Worth retrying by itself (network, server down) or not (auth, certificate). */
  readonly retry: boolean;
}

interface ErrorLike {
  code?: string;
  message?: string;
  authenticationFailed?: boolean;
  responseText?: string;
  serverResponseCode?: string;
  tlsFailed?: boolean;
  _err?: unknown;
  cause?: unknown;
}

/** One sentence for a person, with the server's own words where it gave any. */
export function classifyError(error: unknown, cfg: Pick<ImapConfig, 'host' | 'port'>): Failure {
  const e = (error ?? {}) as ErrorLike;
  const code = e.code ?? '';
  const text = redact.text(e.message ?? String(error));
  const where = `${cfg.host}:${cfg.port}`;
  if (error instanceof CertificateUntrustedError) {
    return { kind: 'tls', message: error.message, certificate: error.certificate, retry: false };
  }
  if (e.authenticationFailed) {
    const server = redact.text(e.responseText || e.serverResponseCode || text);
    return {
      kind: 'auth',
      message: `The server refused the sign-in: ${server}`,
      certificate: null,
      retry: false,
    };
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return {
      kind: 'dns',
      message: `The name ${cfg.host} could not be found (${code}).`,
      certificate: null,
      retry: true,
    };
  }
  if (code === 'ECONNREFUSED')
    return {
      kind: 'refused',
      message: `${where} refused the connection: is the server running on that port?`,
      certificate: null,
      retry: true,
    };
  if (
    code === 'ETIMEDOUT' ||
    code === 'CONNECT_TIMEOUT' ||
    code === 'GREETING_TIMEOUT' ||
    code === 'UPGRADE_TIMEOUT'
  ) {
    return {
      kind: 'timeout',
      message: `${where} did not answer in time (${code}).`,
      certificate: null,
      retry: true,
    };
  }
  if (e.tlsFailed || /^ERR_SSL|^ERR_TLS|CERT|SSL/i.test(code) || /STARTTLS/i.test(text)) {
    return {
      kind: 'tls',
      message: `TLS failed with ${where}: ${text}`,
      certificate: null,
      retry: !/STARTTLS/i.test(text),
    };
  }
  return {
    kind: 'error',
    message: `${where}: ${text}${code ? ` (${code})` : ''}`,
    certificate: null,
    retry: true,
  };
}
