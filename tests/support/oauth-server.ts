/**
 * A local OAuth2 authorization server for tests: /authorize (approves at once and redirects with a
 * code), /token (authorization_code with PKCE S256, refresh_token), /introspect (RFC 7662, POST, as
 * Dovecot's oauth2 passdb calls it) and test controls: revoke, counters.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface OAuthTestServer {
  readonly url: string;
  readonly clientId: string;
  /** Seconds an access token lives. */
  accessTtlSec: number;
  readonly counts: {
    authorize: number;
    token: number;
    refresh: number;
    introspect: number;
    introspectActive: number;
  };
  /** Makes every token of the user invalid (refresh gets invalid_grant, introspection inactive). */
  revokeAll(): void;
  close(): Promise<void>;
}

interface Grant {
  readonly user: string;
  readonly challenge: string;
  readonly redirectUri: string;
}

function body(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => res(new URLSearchParams(data)));
  });
}

export async function startOAuthServer(
  opts: { user?: string; clientId?: string } = {},
): Promise<OAuthTestServer> {
  const user = opts.user ?? 'alice';
  const clientId = opts.clientId ?? 'lull-test-client';
  const codes = new Map<string, Grant>();
  const access = new Map<string, { user: string; expiresAtMs: number }>();
  const refresh = new Map<string, string>();
  let server: Server | null = null;
  const state: OAuthTestServer = {
    url: '',
    clientId,
    accessTtlSec: 3600,
    counts: { authorize: 0, token: 0, refresh: 0, introspect: 0, introspectActive: 0 },
    revokeAll: () => {
      access.clear();
      refresh.clear();
    },
    close: () => new Promise((r) => (server ? server.close(() => r()) : r())),
  };
  const issue = (u: string): Record<string, unknown> => {
    const at = `at-${randomBytes(16).toString('hex')}`;
    const rt = `rt-${randomBytes(16).toString('hex')}`;
    access.set(at, { user: u, expiresAtMs: Date.now() + state.accessTtlSec * 1000 });
    refresh.set(rt, u);
    return {
      access_token: at,
      refresh_token: rt,
      token_type: 'Bearer',
      expires_in: state.accessTtlSec,
      scope: 'imap',
    };
  };
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const json = (code: number, obj: unknown): void => {
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
    };
    void (async () => {
      if (url.pathname === '/authorize') {
        state.counts.authorize++;
        const p = url.searchParams;
        if (
          p.get('client_id') !== clientId ||
          p.get('code_challenge_method') !== 'S256' ||
          !p.get('code_challenge')
        ) {
          res.writeHead(400).end('bad request');
          return;
        }
        const code = randomBytes(12).toString('hex');
        const redirectUri = p.get('redirect_uri') ?? '';
        codes.set(code, { user, challenge: p.get('code_challenge') ?? '', redirectUri });
        const to = new URL(redirectUri);
        to.searchParams.set('code', code);
        to.searchParams.set('state', p.get('state') ?? '');
        res.writeHead(302, { location: to.toString() }).end();
        return;
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        state.counts.token++;
        const p = await body(req);
        if (p.get('client_id') !== clientId) return json(401, { error: 'invalid_client' });
        if (p.get('grant_type') === 'authorization_code') {
          const g = codes.get(p.get('code') ?? '');
          codes.delete(p.get('code') ?? '');
          const verifier = p.get('code_verifier') ?? '';
          if (
            !g ||
            g.redirectUri !== p.get('redirect_uri') ||
            createHash('sha256').update(verifier).digest('base64url') !== g.challenge
          ) {
            return json(400, { error: 'invalid_grant' });
          }
          return json(200, issue(g.user));
        }
        if (p.get('grant_type') === 'refresh_token') {
          state.counts.refresh++;
          const u = refresh.get(p.get('refresh_token') ?? '');
          if (!u) return json(400, { error: 'invalid_grant' });
          refresh.delete(p.get('refresh_token') ?? ''); // rotation
          return json(200, issue(u));
        }
        return json(400, { error: 'unsupported_grant_type' });
      }
      if (url.pathname === '/introspect' && req.method === 'POST') {
        state.counts.introspect++;
        const p = await body(req);
        const t = access.get(p.get('token') ?? '');
        const active = !!t && t.expiresAtMs > Date.now();
        if (active) state.counts.introspectActive++;
        return json(200, active ? { active: true, username: t.user } : { active: false });
      }
      res.writeHead(404).end();
    })();
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return Object.assign(state, { url: `http://127.0.0.1:${port}` });
}

/** The provider entry that points Lull's OAuth flow at this server. */
export function localProvider(server: OAuthTestServer): {
  id: string;
  name: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: null;
  clientId: string;
  clientSecret: null;
  scopes: string[];
  imapHost: null;
  extraAuthParams: Record<string, string>;
} {
  return {
    id: 'local',
    name: 'Local IdP',
    authorizeUrl: `${server.url}/authorize`,
    tokenUrl: `${server.url}/token`,
    revokeUrl: null,
    clientId: server.clientId,
    clientSecret: null,
    scopes: ['imap'],
    imapHost: null,
    extraAuthParams: {},
  };
}
