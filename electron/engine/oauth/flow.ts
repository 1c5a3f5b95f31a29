/**
 * OAuth2 authorization code flow with PKCE (RFC 7636) for a desktop app (RFC 8252): the system
 * browser opens the provider's page and the provider redirects to a one-shot loopback server on
 * 127.0.0.1 (any port). The state parameter ties the redirect to this attempt.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { OAuthProvider } from './providers';
import { OAuthError, exchangeToken, type TokenSet } from './tokens';

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

export function makePkce(): Pkce {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface SignInOptions {
  /** Opens the URL in the system browser (Electron: shell.openExternal through the allow-list helper). */
  readonly openBrowser: (url: string) => Promise<void> | void;
  readonly loginHint?: string;
  readonly timeoutMs?: number;
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
}

const DONE_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Lull</title><p>Signed in. You can close this tab and return to Lull.</p>';
const FAIL_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Lull</title><p>Sign-in did not finish. Return to Lull and try again.</p>';

function listen(server: Server): Promise<number> {
  return new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      res(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

/** Runs the whole sign-in and returns the tokens; the refresh token goes to the keychain by the caller. */
export async function signInWithBrowser(provider: OAuthProvider, opts: SignInOptions): Promise<TokenSet> {
  const pkce = makePkce();
  const state = randomBytes(16).toString('base64url');
  const server = createServer();
  const port = await listen(server);
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  try {
    const codePromise = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new OAuthError('timeout', 'Sign-in timed out: the browser never came back to Lull.')),
        opts.timeoutMs ?? 5 * 60_000,
      );
      server.on('request', (req, res) => {
        const url = new URL(req.url ?? '/', redirectUri);
        if (url.pathname !== '/callback') {
          res.writeHead(404).end();
          return;
        }
        const error = url.searchParams.get('error');
        const code = url.searchParams.get('code');
        if (url.searchParams.get('state') !== state) {
          res.writeHead(400, { 'content-type': 'text/html' }).end(FAIL_PAGE);
          return; // a stray or forged request: keep waiting for the real one
        }
        clearTimeout(timer);
        if (error || !code) {
          res.writeHead(400, { 'content-type': 'text/html' }).end(FAIL_PAGE);
          reject(new OAuthError('denied', `The provider refused the sign-in: ${error ?? 'no code'}`));
          return;
        }
        res.writeHead(200, { 'content-type': 'text/html' }).end(DONE_PAGE);
        resolve(code);
      });
    });
    const auth = new URL(provider.authorizeUrl);
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: redirectUri,
      scope: provider.scopes.join(' '),
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      ...provider.extraAuthParams,
      ...(opts.loginHint ? { login_hint: opts.loginHint } : {}),
    };
    for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
    await opts.openBrowser(auth.toString());
    const code = await codePromise;
    return await exchangeToken(
      provider,
      { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: pkce.verifier },
      opts.now ?? Date.now,
      opts.fetch ?? fetch,
    );
  } finally {
    server.close();
    server.closeAllConnections();
  }
}
