/**
 * Access tokens for an OAuth2 account: the refresh token lives in the keychain, access tokens only in
 * memory. A token is refreshed a few minutes before it expires. A refused refresh (invalid_grant:
 * revoked or expired consent) is final: the account needs "sign in again", and nothing retries it.
 */
import type { SecretStore } from '../secrets/secret-store';
import { redact } from '../log';
import type { OAuthProvider } from './providers';

export class OAuthError extends Error {
  readonly code: string;
  constructor(
    readonly kind: 'revoked' | 'network' | 'server' | 'timeout' | 'denied' | 'no-token',
    message: string,
  ) {
    super(message);
    this.name = 'OAuthError';
    this.code = `EOAUTH_${kind.toUpperCase().replace('-', '_')}`;
  }
}

export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly expiresAtMs: number;
  readonly scope: string;
}

/** Refresh this long before expiry. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** POSTs a token request (code exchange or refresh) and parses the answer. */
export async function exchangeToken(
  provider: OAuthProvider,
  params: Readonly<Record<string, string>>,
  now: () => number,
  fetchFn: typeof fetch,
): Promise<TokenSet> {
  const body = new URLSearchParams({ client_id: provider.clientId, ...params });
  if (provider.clientSecret) body.set('client_secret', provider.clientSecret);
  let res: Response;
  try {
    res = await fetchFn(provider.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new OAuthError(
      'network',
      `Could not reach ${provider.name} to sign in: ${(error as Error).message}`,
    );
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    const err = typeof json.error === 'string' ? json.error : `HTTP ${res.status}`;
    if (err === 'invalid_grant' || err === 'unauthorized_client' || res.status === 401) {
      throw new OAuthError(
        'revoked',
        `${provider.name} no longer accepts Lull's sign-in (${err}). Sign in again.`,
      );
    }
    throw new OAuthError('server', `${provider.name} refused the token request: ${err}`);
  }
  const accessToken = typeof json.access_token === 'string' ? json.access_token : '';
  if (!accessToken) throw new OAuthError('server', `${provider.name} sent no access token`);
  redact.add(accessToken);
  const refreshToken = typeof json.refresh_token === 'string' ? json.refresh_token : null;
  redact.add(refreshToken);
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : Number(json.expires_in ?? 3600);
  return {
    accessToken,
    refreshToken,
    expiresAtMs: now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000,
    scope: typeof json.scope === 'string' ? json.scope : '',
  };
}

/** Keeps one account's access token fresh. */
export class OAuthTokenManager {
  private current: TokenSet | null = null;
  private inflight: Promise<string> | null = null;
  private revoked: OAuthError | null = null;

  constructor(
    private readonly provider: OAuthProvider,
    private readonly accountId: string,
    private readonly secrets: SecretStore,
    private readonly now: () => number = Date.now,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** When the current token should be refreshed, or null without one. */
  get refreshAtMs(): number | null {
    return this.current ? this.current.expiresAtMs - REFRESH_MARGIN_MS : null;
  }

  /** A valid access token, refreshed when it is within REFRESH_MARGIN_MS of expiry (or `force`). */
  async accessToken(force = false): Promise<string> {
    if (this.revoked) throw this.revoked;
    if (!force && this.current && this.current.expiresAtMs - REFRESH_MARGIN_MS > this.now())
      return this.current.accessToken;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async refresh(): Promise<string> {
    const refreshToken = await this.secrets.get(this.accountId);
    if (!refreshToken)
      throw (this.revoked = new OAuthError(
        'no-token',
        'No sign-in is stored for this account. Sign in again.',
      ));
    redact.add(refreshToken);
    try {
      const next = await exchangeToken(
        this.provider,
        { grant_type: 'refresh_token', refresh_token: refreshToken },
        this.now,
        this.fetchFn,
      );
      this.current = next;
      // Providers may rotate the refresh token: the old one stops working, so store the new one.
      if (next.refreshToken && next.refreshToken !== refreshToken)
        await this.secrets.set(this.accountId, next.refreshToken);
      return next.accessToken;
    } catch (error) {
      if (error instanceof OAuthError && error.kind === 'revoked') this.revoked = error;
      throw error;
    }
  }
}
