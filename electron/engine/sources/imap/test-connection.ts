/**
 * "Test connection": one connect + login, reported precisely (DNS, refused, TLS with the certificate,
 * authentication with the server's words, or OK with the capabilities and any folder to watch the
 * server does not have). Nothing is saved.
 */
import type { Account, ConnectionTest } from '../../../shared/contract';
import { imapConfigProblem } from '../../../shared/accounts/imap';
import type { Logger } from '../../log';
import { redact } from '../../log';
import { OAuthError, OAuthTokenManager } from '../../oauth/tokens';
import { getOAuthProvider } from '../../oauth/providers';
import { MemorySecretStore } from '../../secrets/keytar-store';
import { buildClient, classifyError, type ImapCredentials } from './client';
import { missingFrom, missingSentence } from './missing-folder';
import type { CertificateInfo } from './tls-transport';

function fail(
  kind: ConnectionTest['kind'],
  message: string,
  certificate: CertificateInfo | null = null,
): ConnectionTest {
  return { ok: false, kind, message: redact.text(message), capabilities: [], certificate };
}

export async function testImapConnection(
  account: Account,
  secret: string | null,
  log: Logger,
  ca?: readonly string[],
): Promise<ConnectionTest> {
  if (account.config.kind !== 'imap') return fail('error', 'Not an IMAP account');
  const cfg = account.config.imap;
  const problem = imapConfigProblem(cfg);
  if (problem) return fail('plain-not-allowed', problem);
  if (!secret) return fail('auth', cfg.auth === 'oauth2' ? 'Sign in first.' : 'Enter the password.');
  redact.add(secret);

  let creds: ImapCredentials;
  if (cfg.auth === 'oauth2') {
    const provider = cfg.oauthProvider ? getOAuthProvider(cfg.oauthProvider) : null;
    if (!provider) return fail('error', `No OAuth provider "${cfg.oauthProvider ?? ''}" is configured.`);
    // The refresh token under test lives only in memory here: nothing is stored by a test.
    const mem = new MemorySecretStore();
    await mem.set(account.id, secret);
    try {
      creds = {
        user: cfg.username,
        accessToken: await new OAuthTokenManager(provider, account.id, mem).accessToken(),
      };
    } catch (error) {
      return fail(
        error instanceof OAuthError && error.kind === 'revoked' ? 'auth' : 'error',
        (error as Error).message,
      );
    }
  } else {
    creds = { user: cfg.username, pass: secret };
  }

  let seen: CertificateInfo | null = null;
  const client = buildClient(cfg, creds, {
    log,
    ca,
    onCertificate: (c) => (seen = c),
    connectionTimeoutMs: 15_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const capabilities = [...client.capabilities.keys()].sort();
    const cert: CertificateInfo | null = seen;
    // The connection works either way; a folder to watch that is not there is said here, before saving.
    const boxes = await client.list().catch(() => null);
    const missing = boxes ? missingFrom(boxes, cfg.folders) : [];
    const folders = (boxes ?? [])
      .filter((b) => !b.flags.has('\\Noselect') && !b.flags.has('\\NonExistent'))
      .map((b) => b.path)
      .sort((a, b) => Number(b === 'INBOX') - Number(a === 'INBOX') || a.localeCompare(b))
      .slice(0, 2000);
    await client.logout().catch(() => client.close());
    return {
      ok: true,
      kind: 'ok',
      message:
        `Connected to ${cfg.host}: ${capabilities.length} capabilities.` +
        (missing.length > 0 ? ` ${missingSentence(missing)}` : ''),
      capabilities,
      folders,
      certificate: cert,
    };
  } catch (error) {
    client.close();
    const f = classifyError(error, cfg);
    return fail(f.kind, f.message, f.certificate ?? (f.kind === 'tls' ? seen : null));
  }
}
