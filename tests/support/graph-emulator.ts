/**
 * A local Microsoft identity platform + Microsoft Graph, over HTTPS with a test CA made by openssl.
 *
 * Identity (learn.microsoft.com/entra/identity-platform): OpenID configuration, device code flow
 * (devicecode + token polling), authorization code with PKCE (S256 checked), refresh tokens.
 * Graph (learn.microsoft.com/graph/api): /me, /users/{id}, /me/chats?$expand=lastMessagePreview,
 * /chats/{id}/messages with $filter=lastModifiedDateTime gt … and $orderby desc, channel messages
 * /delta with @odata.nextLink/@odata.deltaLink, presence setUserPreferredPresence/clear, and 429 with
 * Retry-After on demand.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tempDir } from './temp';
import type { TestCa } from './test-ca';
import { makeTestCa } from './test-ca';

export interface GraphUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string;
}
export interface GraphMessage {
  id: string;
  replyToId: string | null;
  messageType: 'message' | 'systemEventMessage';
  createdDateTime: string;
  lastModifiedDateTime: string;
  from: {
    user?: { id: string; displayName: string };
    application?: { id: string; displayName: string };
  } | null;
  body: { contentType: 'html' | 'text'; content: string };
  mentions: { id: number; mentionText: string; mentioned: { user?: { id: string; displayName: string } } }[];
  webUrl?: string;
  chatId?: string;
  channelIdentity?: { teamId: string; channelId: string };
}
export interface GraphChat {
  id: string;
  topic: string | null;
  chatType: 'oneOnOne' | 'group' | 'meeting';
  messages: GraphMessage[];
  /** The signed-in user's read marker (chatViewpoint.lastMessageReadDateTime), set by another client. */
  lastMessageReadDateTime?: string;
}

export interface GraphCa extends TestCa {
  readonly dir: string;
  cleanup(): void;
}

/** A throwaway CA and a server certificate for 127.0.0.1 under .tmp. */
function makeGraphCa(): GraphCa {
  const { dir, cleanup } = tempDir('graph-ca');
  return { dir, cleanup, ...makeTestCa(dir) };
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export class GraphEmulator {
  readonly ca: GraphCa;
  private server: Server | null = null;
  port = 0;
  readonly tenant = 'contoso-tenant';
  readonly clientId = '11111111-2222-3333-4444-555555555555';
  me: GraphUser = {
    id: 'u-me',
    displayName: 'Me Myself',
    userPrincipalName: 'me@contoso.com',
    mail: 'me@contoso.com',
  };
  users = new Map<string, GraphUser>();
  chats = new Map<string, GraphChat>();
  channels = new Map<string, { teamId: string; channelId: string; name: string; messages: GraphMessage[] }>();
  presence = { availability: 'Available', activity: 'Available' };
  preferred: { availability: string; activity: string; expirationDuration: string } | null = null;
  /** Requests seen: method, path+query, time. */
  requests: { method: string; url: string; atMs: number }[] = [];
  /** Forced 429s: a substring of the path → queue of Retry-After seconds. */
  private forced: { match: string; retryAfterSec: number }[] = [];
  private accessTokens = new Set<string>();
  private refreshTokens = new Set<string>();
  private deviceCodes = new Map<string, { approved: boolean; scope: string }>();
  private codes = new Map<
    string,
    { challenge: string; redirectUri: string; scope: string; nonce: string | undefined }
  >();
  pkceChecked = 0;
  revoked = false;
  private counter = 0;
  /** Granted scopes, echoed in token answers. */
  scopesGranted: string[] = [];

  constructor() {
    this.ca = makeGraphCa();
  }

  get authorityHost(): string {
    return `https://127.0.0.1:${this.port}`;
  }
  get graphBaseUrl(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer(
      { key: this.ca.keyPem, cert: this.ca.certPem },
      (req, res) => void this.handle(req, res),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.ca.cleanup();
  }

  addUser(u: GraphUser): this {
    this.users.set(u.id, u);
    return this;
  }
  addChat(c: Omit<GraphChat, 'messages'>): this {
    this.chats.set(c.id, { ...c, messages: [] });
    return this;
  }
  addChannel(teamId: string, channelId: string, name: string): this {
    this.channels.set(`${teamId}/${channelId}`, { teamId, channelId, name, messages: [] });
    return this;
  }
  failNext(match: string, retryAfterSec: number, times = 1): void {
    for (let i = 0; i < times; i += 1) this.forced.push({ match, retryAfterSec });
  }
  count(match: string): number {
    return this.requests.filter((r) => r.url.includes(match)).length;
  }

  private message(from: string, html: string, extra: Partial<GraphMessage> = {}): GraphMessage {
    this.counter += 1;
    const now = new Date(Date.now() + this.counter).toISOString();
    const u = from === this.me.id ? this.me : this.users.get(from);
    const isApp = from.startsWith('app:');
    return {
      id: String(1_700_000_000_000 + this.counter),
      replyToId: null,
      messageType: 'message',
      createdDateTime: now,
      lastModifiedDateTime: now,
      from: isApp
        ? { application: { id: from, displayName: from.slice(4) } }
        : { user: { id: from, displayName: u?.displayName ?? from } },
      body: { contentType: 'html', content: html },
      mentions: [],
      ...extra,
    };
  }

  postChat(chatId: string, from: string, html: string, extra: Partial<GraphMessage> = {}): GraphMessage {
    const chat = this.chats.get(chatId)!;
    const m = { ...this.message(from, html, extra), chatId };
    chat.messages.push(m);
    return m;
  }

  postChannel(
    teamId: string,
    channelId: string,
    from: string,
    html: string,
    extra: Partial<GraphMessage> = {},
  ): GraphMessage {
    const ch = this.channels.get(`${teamId}/${channelId}`)!;
    const m = {
      ...this.message(from, html, extra),
      channelIdentity: { teamId, channelId },
      webUrl: `https://teams.microsoft.com/l/message/${channelId}/${this.counter}`,
    };
    ch.messages.push(m);
    return m;
  }

  /* ---------------- HTTP ---------------- */

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.authorityHost);
    this.requests.push({
      method: req.method ?? 'GET',
      url: `${url.pathname}${url.search}`,
      atMs: Date.now(),
    });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const forcedIdx = this.forced.findIndex(
      (f) => url.pathname.includes(f.match) || url.search.includes(f.match),
    );
    if (forcedIdx >= 0 && url.pathname.startsWith('/v1.0/')) {
      const [f] = this.forced.splice(forcedIdx, 1);
      return json(
        429,
        { error: { code: 'TooManyRequests', message: 'Too many requests' } },
        { 'retry-after': String(f!.retryAfterSec) },
      );
    }
    const t = `/${this.tenant}`;
    if (url.pathname.startsWith(t) || url.pathname.startsWith('/common'))
      return this.identity(url, raw, req, res, json);
    if (url.pathname.startsWith('/v1.0/')) {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!this.accessTokens.has(token) || this.revoked) {
        return json(401, {
          error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' },
        });
      }
      return this.graph(req.method ?? 'GET', url, raw, json);
    }
    json(404, { error: { code: 'NotFound', message: url.pathname } });
  }

  private tokens(scope: string, nonce?: string): Record<string, unknown> {
    this.counter += 1;
    const access = `at-${this.counter}-${randomBytes(8).toString('hex')}`;
    const refresh = `rt-${this.counter}-${randomBytes(8).toString('hex')}`;
    this.accessTokens.add(access);
    this.refreshTokens.add(refresh);
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      aud: this.clientId,
      iss: `${this.authorityHost}/${this.tenant}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: this.me.displayName,
      oid: this.me.id,
      preferred_username: this.me.userPrincipalName,
      sub: 'sub-me',
      tid: this.tenant,
      ver: '2.0',
      ...(nonce ? { nonce } : {}),
    };
    const idToken = `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.sig`;
    return {
      token_type: 'Bearer',
      scope: scope || this.scopesGranted.join(' '),
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: access,
      refresh_token: refresh,
      id_token: idToken,
      client_info: b64url(JSON.stringify({ uid: this.me.id, utid: this.tenant })),
    };
  }

  private identity(
    url: URL,
    raw: string,
    req: IncomingMessage,
    res: ServerResponse,
    json: (s: number, b: unknown, h?: Record<string, string>) => void,
  ): void {
    const base = `${this.authorityHost}/${this.tenant}`;
    const path = url.pathname.replace(/^\/(common|[^/]+)/, '');
    const form = new URLSearchParams(raw);
    if (path === '/v2.0/.well-known/openid-configuration') {
      return json(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        issuer: `${base}/v2.0`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
      });
    }
    if (path === '/oauth2/v2.0/devicecode') {
      this.counter += 1;
      const deviceCode = `dc-${this.counter}`;
      // Approved at once: the test plays the user who entered the code.
      this.deviceCodes.set(deviceCode, { approved: true, scope: form.get('scope') ?? '' });
      return json(200, {
        device_code: deviceCode,
        user_code: `CODE${this.counter}`,
        verification_uri: 'https://microsoft.com/devicelogin',
        expires_in: 900,
        interval: 1,
        message: `To sign in, use a web browser to open https://microsoft.com/devicelogin and enter the code CODE${this.counter}.`,
      });
    }
    if (path === '/oauth2/v2.0/authorize') {
      const redirect = url.searchParams.get('redirect_uri') ?? '';
      const state = url.searchParams.get('state') ?? '';
      const challenge = url.searchParams.get('code_challenge') ?? '';
      if (url.searchParams.get('code_challenge_method') !== 'S256' || !challenge) {
        return json(400, { error: 'invalid_request', error_description: 'PKCE S256 required' });
      }
      this.counter += 1;
      const code = `code-${this.counter}`;
      this.codes.set(code, {
        challenge,
        redirectUri: redirect,
        scope: url.searchParams.get('scope') ?? '',
        nonce: url.searchParams.get('nonce') ?? undefined,
      });
      const fields = {
        code,
        state,
        client_info: b64url(JSON.stringify({ uid: this.me.id, utid: this.tenant })),
      };
      if (url.searchParams.get('response_mode') === 'form_post') {
        // What Entra ID sends for response_mode=form_post: a self-submitting form to the redirect URI.
        const inputs = Object.entries(fields)
          .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}" />`)
          .join('');
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(
          `<html><body onload="document.forms[0].submit()"><form method="POST" action="${redirect}">${inputs}</form></body></html>`,
        );
        return;
      }
      res.writeHead(302, { location: `${redirect}?${new URLSearchParams(fields).toString()}` });
      res.end();
      return;
    }
    if (path === '/oauth2/v2.0/token') {
      const grant = form.get('grant_type');
      const bad = (error: string, description: string): void =>
        json(400, { error, error_description: description, error_codes: [70000] });
      if (this.revoked)
        return bad('invalid_grant', 'AADSTS50173: The provided grant has expired due to it being revoked.');
      if (grant === 'device_code' || grant === 'urn:ietf:params:oauth:grant-type:device_code') {
        const dc = this.deviceCodes.get(form.get('device_code') ?? '');
        if (!dc) return bad('expired_token', 'unknown device code');
        if (!dc.approved) return bad('authorization_pending', 'pending');
        this.deviceCodes.delete(form.get('device_code') ?? '');
        return json(200, this.tokens(dc.scope));
      }
      if (grant === 'authorization_code') {
        const c = this.codes.get(form.get('code') ?? '');
        if (!c) return bad('invalid_grant', 'unknown code');
        const verifier = form.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== c.challenge)
          return bad('invalid_grant', 'PKCE verification failed');
        if (form.get('redirect_uri') !== c.redirectUri) return bad('invalid_grant', 'redirect_uri mismatch');
        this.pkceChecked += 1;
        this.codes.delete(form.get('code') ?? '');
        return json(200, this.tokens(c.scope, c.nonce));
      }
      if (grant === 'refresh_token') {
        if (!this.refreshTokens.has(form.get('refresh_token') ?? ''))
          return bad('invalid_grant', 'AADSTS70000: bad refresh token');
        return json(200, this.tokens(form.get('scope') ?? ''));
      }
      return bad('unsupported_grant_type', String(grant));
    }
    if (url.pathname.startsWith('/common/discovery/instance')) {
      return json(200, {
        tenant_discovery_endpoint: `${base}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [
          {
            preferred_network: `127.0.0.1:${this.port}`,
            preferred_cache: `127.0.0.1:${this.port}`,
            aliases: [`127.0.0.1:${this.port}`],
          },
        ],
      });
    }
    void req;
    json(404, { error: 'not_found', error_description: path });
  }

  private graph(
    method: string,
    url: URL,
    raw: string,
    json: (s: number, b: unknown, h?: Record<string, string>) => void,
  ): void {
    const path = decodeURIComponent(url.pathname.replace(/^\/v1\.0/, ''));
    const q = url.searchParams;
    const page = <T>(all: T[], top: number): { value: T[]; next: string | null } => {
      const skip = Number(q.get('$skiptoken') ?? 0);
      const value = all.slice(skip, skip + top);
      if (skip + top >= all.length) return { value, next: null };
      const n = new URL(url.toString());
      n.searchParams.set('$skiptoken', String(skip + top));
      return { value, next: `${this.graphBaseUrl}${n.pathname}${n.search}` };
    };
    if (path === '/me' && method === 'GET') return json(200, this.me);
    const userMatch = /^\/users\/([^/]+)$/.exec(path);
    if (userMatch && method === 'GET') {
      const u = this.users.get(userMatch[1]!) ?? (userMatch[1] === this.me.id ? this.me : undefined);
      return u
        ? json(200, u)
        : json(404, { error: { code: 'Request_ResourceNotFound', message: 'no such user' } });
    }
    if (path === '/me/chats' && method === 'GET') {
      const all = [...this.chats.values()].map((c) => {
        const last = [...c.messages]
          .sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime))
          .at(-1);
        return {
          id: c.id,
          topic: c.topic,
          chatType: c.chatType,
          lastUpdatedDateTime: last?.createdDateTime ?? '2020-01-01T00:00:00Z',
          // List chats returns the caller's viewpoint in a delegated context (chatViewpoint, v1.0).
          viewpoint: {
            isHidden: false,
            lastMessageReadDateTime: c.lastMessageReadDateTime ?? '0001-01-01T00:00:00Z',
          },
          ...(q.get('$expand') === 'lastMessagePreview'
            ? {
                lastMessagePreview: last
                  ? {
                      id: last.id,
                      createdDateTime: last.createdDateTime,
                      isDeleted: false,
                      messageType: last.messageType,
                      body: last.body,
                      from: last.from,
                    }
                  : null,
              }
            : {}),
        };
      });
      const { value, next } = page(all, Number(q.get('$top') ?? 50));
      return json(200, { value, ...(next ? { '@odata.nextLink': next } : {}) });
    }
    const chatMsgs = /^\/chats\/([^/]+)\/messages$/.exec(path);
    if (chatMsgs && method === 'GET') {
      const chat = this.chats.get(chatMsgs[1]!);
      if (!chat) return json(404, { error: { code: 'NotFound', message: 'no such chat' } });
      let list = [...chat.messages].sort((a, b) =>
        b.lastModifiedDateTime.localeCompare(a.lastModifiedDateTime),
      );
      const filter = q.get('$filter') ?? '';
      const gt = /lastModifiedDateTime gt (\S+)/.exec(filter);
      // As documented: the filter only applies with $orderby on the same property.
      if (gt && (q.get('$orderby') ?? '').startsWith('lastModifiedDateTime'))
        list = list.filter((m) => m.lastModifiedDateTime > gt[1]!);
      const top = Math.min(50, Number(q.get('$top') ?? 20));
      const { value, next } = page(list, top);
      return json(200, { value, ...(next ? { '@odata.nextLink': next } : {}) });
    }
    const delta = /^\/teams\/([^/]+)\/channels\/([^/]+)\/messages\/delta$/.exec(path);
    if (delta && method === 'GET') {
      const ch = this.channels.get(`${delta[1]}/${delta[2]}`);
      if (!ch) return json(404, { error: { code: 'NotFound', message: 'no such channel' } });
      // The delta token is the position in the channel's change log.
      const from = Number(q.get('$deltatoken') ?? 0);
      const skip = Number(q.get('$skiptoken') ?? 0);
      const top = Math.min(50, Number(q.get('$top') ?? 50));
      const changes = ch.messages.slice(from);
      const value = changes.slice(skip, skip + top);
      const link = (params: Record<string, string>): string => {
        const n = new URL(`${this.graphBaseUrl}/v1.0/teams/${delta[1]}/channels/${delta[2]}/messages/delta`);
        for (const [k, v] of Object.entries(params)) n.searchParams.set(k, v);
        return n.toString();
      };
      if (skip + top < changes.length)
        return json(200, {
          value,
          '@odata.nextLink': link({
            $deltatoken: String(from),
            $skiptoken: String(skip + top),
            $top: String(top),
          }),
        });
      return json(200, { value, '@odata.deltaLink': link({ $deltatoken: String(ch.messages.length) }) });
    }
    if (path === '/me/presence' && method === 'GET') {
      return json(200, {
        id: this.me.id,
        ...(this.preferred
          ? { availability: this.preferred.availability, activity: this.preferred.activity }
          : this.presence),
      });
    }
    if (path === '/me/presence/setUserPreferredPresence' && method === 'POST') {
      const body = JSON.parse(raw || '{}') as {
        availability?: string;
        activity?: string;
        expirationDuration?: string;
      };
      if (!body.availability || !body.activity)
        return json(400, {
          error: { code: 'BadRequest', message: 'availability and activity are required' },
        });
      this.preferred = {
        availability: body.availability,
        activity: body.activity,
        expirationDuration: body.expirationDuration ?? '',
      };
      return json(200, {});
    }
    if (path === '/me/presence/clearUserPreferredPresence' && method === 'POST') {
      this.preferred = null;
      return json(200, {});
    }
    json(404, { error: { code: 'NotFound', message: path } });
  }
}
