/**
 * The socket layer under imapflow: plain TCP, implicit TLS and STARTTLS, with certificate pinning.
 *
 * Node verifies the chain and the host name as usual. When that fails, the connection is refused with
 * a CertificateUntrustedError carrying the certificate, unless its SHA-256 fingerprint equals the one
 * the user pinned for this account: only that exact certificate is accepted, per connection.
 * Verification is never turned off globally. No byte reaches imapflow before the check passed, because
 * imapflow starts reading only from the connect/secure callback we call after it.
 */
import { connect as netConnect } from 'node:net';
import {
  connect as tlsConnect,
  type ConnectionOptions,
  type PeerCertificate,
  type TLSSocket,
} from 'node:tls';
import type {
  ImapTransport,
  ImapTransportConnectOptions,
  ImapTransportOptions,
  ImapTransportSocket,
} from 'imapflow';

export interface CertificateInfo {
  /** Upper-case hex, colon separated (as Node's fingerprint256). */
  readonly sha256: string;
  readonly issuer: string;
  readonly subject: string;
}

export class CertificateUntrustedError extends Error {
  readonly code = 'CERT_UNTRUSTED';
  readonly tlsFailed = true;
  constructor(
    readonly certificate: CertificateInfo,
    readonly reason: string,
  ) {
    super(
      `The server's certificate is not trusted (${reason}). SHA-256 ${certificate.sha256}, issued by ${certificate.issuer}`,
    );
    this.name = 'CertificateUntrustedError';
  }
}

/** Normalises a fingerprint for comparison: hex digits only, upper case. */
export function normalizeFingerprint(fp: string): string {
  return fp.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

function dn(part: Record<string, unknown> | undefined): string {
  if (!part) return '';
  return Object.entries(part)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

export function certificateInfo(cert: PeerCertificate): CertificateInfo {
  return {
    sha256: cert.fingerprint256 ?? '',
    issuer: dn(cert.issuer),
    subject: dn(cert.subject),
  };
}

export interface PinningOptions {
  /** SHA-256 of the one extra certificate to accept, or null. */
  readonly pinnedSha256: string | null;
  /** Extra trust anchors (PEM), e.g. a company CA; tests use their own CA this way. */
  readonly ca?: readonly string[];
  /** Told about every certificate seen, so a "TLS not trusted" status can show it. */
  readonly onCertificate?: (cert: CertificateInfo, authorized: boolean) => void;
}

/** The decision for one handshake: null = accept, or the error to refuse with. */
export function checkPeer(
  socket: TLSSocket,
  pinnedSha256: string | null,
): { info: CertificateInfo | null; error: Error | null } {
  const cert = socket.getPeerCertificate();
  const info = cert && Object.keys(cert).length > 0 ? certificateInfo(cert) : null;
  if (socket.authorized) return { info, error: null };
  if (!info)
    return {
      info,
      error: new Error(`TLS handshake gave no certificate (${String(socket.authorizationError)})`),
    };
  if (pinnedSha256 && normalizeFingerprint(pinnedSha256) === normalizeFingerprint(info.sha256))
    return { info, error: null };
  return { info, error: new CertificateUntrustedError(info, String(socket.authorizationError ?? 'unknown')) };
}

function tlsOptions(opts: ImapTransportOptions, pin: PinningOptions): ConnectionOptions {
  return {
    ...(opts.tls ?? {}),
    host: opts.host,
    port: opts.port,
    ...(opts.servername ? { servername: opts.servername } : {}),
    ...(pin.ca && pin.ca.length > 0 ? { ca: [...pin.ca] } : {}),
    // Checked by checkPeer before imapflow sees the socket; see the file comment.
    rejectUnauthorized: false,
  };
}

/** An imapflow transport that refuses untrusted certificates unless pinned. */
export function pinningTransport(pin: PinningOptions): ImapTransport {
  const verify = (socket: TLSSocket, next: () => void): void => {
    const { info, error } = checkPeer(socket, pin.pinnedSha256);
    if (info) pin.onCertificate?.(info, socket.authorized);
    if (error) socket.destroy(error);
    else next();
  };
  return {
    connect(options: ImapTransportConnectOptions, onConnect: () => void): ImapTransportSocket {
      if (!options.secure) {
        const s = netConnect({ host: options.host, port: options.port }, onConnect);
        return s;
      }
      const s: TLSSocket = tlsConnect(tlsOptions(options, pin), () => verify(s, onConnect));
      return s;
    },
    upgrade(
      socket: ImapTransportSocket,
      options: ImapTransportOptions,
      onSecure: () => void,
    ): ImapTransportSocket {
      const s: TLSSocket = tlsConnect({ ...tlsOptions(options, pin), socket: socket }, () =>
        verify(s, onSecure),
      );
      return s;
    },
  };
}
