/**
 * A local Slack: the Web API methods Lull calls and a Socket Mode WebSocket, on 127.0.0.1.
 *
 * It follows the documented payloads (docs.slack.dev): form-encoded POSTs to /api/<method> with a
 * Bearer token, `{ ok, error }` answers, `x-oauth-scopes` on every answer, cursor pagination through
 * response_metadata.next_cursor, 429 + Retry-After per method tier, and Socket Mode frames
 * (`hello`, `events_api` envelopes acked by envelope_id, `disconnect` with a reason).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Clock } from '../../electron/engine/sources/slack/rate';
import { realClock } from '../../electron/engine/sources/slack/rate';
import { SLACK_REQUIRED_SCOPES } from '../../electron/engine/sources/slack/slack-source';

export interface EmuUser {
  id: string;
  name: string;
  email: string;
  bot?: boolean;
}
export interface EmuChannel {
  id: string;
  name: string;
  type: 'im' | 'mpim' | 'channel' | 'group';
  /** For an im: the other person. */
  user?: string;
  /** The calling user's read marker (conversation object `last_read`), moved by conversations.mark. */
  last_read?: string;
}
export interface EmuMessage {
  type: 'message';
  ts: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  username?: string;
  text: string;
  thread_ts?: string;
  parent_user_id?: string;
}

/** Slack's per-minute tier limits for the emulated methods. */
const TIERS: Record<string, number> = {
  'auth.test': 100,
  'apps.connections.open': 1000, // tier 1 in Slack; relaxed here so reconnect tests stay fast
  'conversations.history': 50,
  'conversations.replies': 50,
  'conversations.info': 50,
  'conversations.mark': 50,
  'users.conversations': 50,
  'users.info': 100,
  'users.profile.get': 100,
  'users.profile.set': 50,
  'dnd.info': 50,
  'dnd.setSnooze': 20,
  'dnd.endSnooze': 20,
};

export interface SlackEmulatorOptions {
  clock?: Clock;
  userToken?: string;
  appToken?: string;
  selfId?: string;
  teamUrl?: string;
  /** Enforce the tier limits (sliding 60 s window) with 429s. */
  enforceTiers?: boolean;
}

export class SlackEmulator {
  readonly clock: Clock;
  readonly userToken: string;
  readonly appToken: string;
  readonly selfId: string;
  readonly teamUrl: string;
  scopes: string[] = [...SLACK_REQUIRED_SCOPES];
  revoked = new Set<string>();
  enforceTiers: boolean;
  users = new Map<string, EmuUser>();
  channels = new Map<string, EmuChannel>();
  history = new Map<string, EmuMessage[]>();
  profile = { status_text: '', status_emoji: '', status_expiration: 0 };
  dnd = { snooze_enabled: false, snooze_endtime: 0 };
  /** Calls per method, and a log of (method, atMs). */
  calls = new Map<string, number>();
  callLog: { method: string; atMs: number; args: Record<string, string> }[] = [];
  tooMany = 0;
  rateLimitedAnswers = 0;
  /** Queued forced 429s: method → Retry-After seconds. */
  private forced = new Map<string, number[]>();
  private windows = new Map<string, number[]>();
  private server: Server | null = null;
  private wss: WebSocketServer | null = null;
  sockets = new Set<WebSocket>();
  connectionsOpened = 0;
  acked = new Set<string>();
  private tsCounter = 0;
  private envelopeCounter = 0;
  port = 0;
  /** Delay for conversations.history answers, to let a reconnect happen mid-read. */
  historyDelayMs = 0;
  /** The next N HTTP answers are 503 (a Slack outage). */
  serverErrors = 0;
  /** Page size cap for history, to exercise pagination. */
  historyPageMax = 200;

  constructor(options: SlackEmulatorOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.userToken = options.userToken ?? 'xoxp-emulator-user-token-0001';
    this.appToken = options.appToken ?? 'xapp-emulator-app-token-0001';
    this.selfId = options.selfId ?? 'USELF';
    this.teamUrl = options.teamUrl ?? 'https://lull-test.slack.com/';
    this.enforceTiers = options.enforceTiers ?? true;
    this.users.set(this.selfId, { id: this.selfId, name: 'Me', email: 'me@example.com' });
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** The keychain entry Lull stores for this workspace. */
  get secret(): string {
    return JSON.stringify({ userToken: this.userToken, appToken: this.appToken });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/link' });
    this.wss.on('connection', (ws) => {
      this.sockets.add(ws);
      ws.on('message', (data: Buffer) => {
        try {
          const msg = JSON.parse(data.toString('utf8')) as { envelope_id?: string };
          if (msg.envelope_id) this.acked.add(msg.envelope_id);
        } catch {
          /* ignore */
        }
      });
      ws.on('close', () => this.sockets.delete(ws));
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.sockets.size,
          connection_info: { app_id: 'AEMU' },
        }),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addUser(u: EmuUser): this {
    this.users.set(u.id, u);
    return this;
  }
  addChannel(c: EmuChannel): this {
    this.channels.set(c.id, c);
    if (!this.history.has(c.id)) this.history.set(c.id, []);
    return this;
  }
  failNext(method: string, retryAfterSec: number, times = 1): void {
    const q = this.forced.get(method) ?? [];
    for (let i = 0; i < times; i += 1) q.push(retryAfterSec);
    this.forced.set(method, q);
  }
  callCount(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  nextTs(): string {
    // Slack ts: seconds with microseconds, unique and increasing per workspace.
    this.tsCounter = Math.max(this.tsCounter + 1, this.clock.now() * 1000);
    return (this.tsCounter / 1_000_000).toFixed(6);
  }

  /**
   * A message is posted: it goes into history, and (if `deliver` and a socket is open) out as an
   * events_api envelope. Returns the message and the event id.
   */
  post(
    channel: string,
    m: Omit<EmuMessage, 'type' | 'ts'> & { ts?: string },
    deliver: { live?: boolean; duplicate?: boolean } = {},
  ): { message: EmuMessage; eventId: string; envelopeId: string } {
    const message: EmuMessage = { type: 'message', ts: m.ts ?? this.nextTs(), ...m };
    const list = this.history.get(channel) ?? [];
    list.push(message);
    this.history.set(channel, list);
    this.envelopeCounter += 1;
    const eventId = `Ev${String(this.envelopeCounter).padStart(8, '0')}`;
    const envelopeId = `env-${this.envelopeCounter}`;
    if (deliver.live !== false) {
      const c = this.channels.get(channel);
      const frame = JSON.stringify({
        envelope_id: envelopeId,
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: {
          token: 'verification',
          team_id: 'TEMU',
          api_app_id: 'AEMU',
          type: 'event_callback',
          event_id: eventId,
          event_time: Math.floor(this.clock.now() / 1000),
          event: { ...message, channel, channel_type: c?.type ?? 'channel', event_ts: message.ts },
        },
      });
      for (const ws of this.sockets) {
        ws.send(frame);
        if (deliver.duplicate) ws.send(frame.replace('"retry_attempt":0', '"retry_attempt":1'));
        break; // Slack delivers each envelope to one of the app's connections
      }
    }
    return { message, eventId, envelopeId };
  }

  /** Sends an arbitrary events_api event (tokens_revoked, etc.). */
  sendEvent(event: Record<string, unknown>): void {
    this.envelopeCounter += 1;
    const frame = JSON.stringify({
      envelope_id: `env-${this.envelopeCounter}`,
      type: 'events_api',
      payload: { type: 'event_callback', event_id: `Ev${this.envelopeCounter}`, event },
    });
    for (const ws of this.sockets) ws.send(frame);
  }

  /** A `disconnect` frame, as Slack sends before recycling a connection. */
  disconnectFrame(reason: 'refresh_requested' | 'warning' | 'too_many_websockets' | 'link_disabled'): void {
    for (const ws of this.sockets)
      ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'emu' } }));
  }

  /** An abrupt close: no frame, the TCP connection is cut. */
  dropSockets(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  /* ---------------- HTTP ---------------- */

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const args: Record<string, string> = {};
    const type = req.headers['content-type'] ?? '';
    if (type.includes('json') && raw) Object.assign(args, JSON.parse(raw) as Record<string, string>);
    else for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || args.token || '';
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    this.callLog.push({ method, atMs: this.clock.now(), args });

    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-oauth-scopes': this.scopes.join(','),
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    if (this.serverErrors > 0) {
      this.serverErrors -= 1;
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('Service Unavailable');
      return;
    }
    const forced = this.forced.get(method);
    if (forced && forced.length > 0) {
      const retry = forced.shift()!;
      this.rateLimitedAnswers += 1;
      send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retry) });
      return;
    }
    if (this.enforceTiers && TIERS[method] !== undefined) {
      const now = this.clock.now();
      const w = (this.windows.get(method) ?? []).filter((t) => t > now - 60_000);
      if (w.length >= TIERS[method]) {
        this.rateLimitedAnswers += 1;
        const retry = Math.max(1, Math.ceil(((w[0] ?? now) + 60_000 - now) / 1000));
        this.windows.set(method, w);
        send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retry) });
        return;
      }
      w.push(now);
      this.windows.set(method, w);
    }
    const isApp = method === 'apps.connections.open';
    const expected = isApp ? this.appToken : this.userToken;
    if (!token) return send(200, { ok: false, error: 'not_authed' });
    if (this.revoked.has(token)) return send(200, { ok: false, error: 'token_revoked' });
    if (token !== expected) return send(200, { ok: false, error: 'invalid_auth' });
    const answer = this.answer(method, args);
    // A slow answer, computed when asked (as a server's snapshot would be), sent later.
    if (method === 'conversations.history' && this.historyDelayMs > 0)
      await new Promise((r) => setTimeout(r, this.historyDelayMs));
    send(200, answer);
  }

  private answer(method: string, a: Record<string, string>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: this.teamUrl,
          team: 'Lull Test',
          user: 'me',
          team_id: 'TEMU',
          user_id: this.selfId,
        };
      case 'apps.connections.open':
        this.connectionsOpened += 1;
        return { ok: true, url: `ws://127.0.0.1:${this.port}/link?ticket=${this.connectionsOpened}` };
      case 'conversations.history': {
        const list = this.history.get(a.channel ?? '');
        if (!list) return { ok: false, error: 'channel_not_found' };
        const oldest = Number(a.oldest ?? 0);
        const latest = a.latest ? Number(a.latest) : Infinity;
        const inclusive = a.inclusive === 'true' || a.inclusive === '1';
        const limit = Math.min(Number(a.limit ?? 100) || 100, this.historyPageMax);
        // Newest first, as Slack returns them; the cursor is the offset.
        const matching = list
          .filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast')
          .filter(
            (m) => (inclusive ? Number(m.ts) >= oldest : Number(m.ts) > oldest) && Number(m.ts) <= latest,
          )
          .sort((x, y) => Number(y.ts) - Number(x.ts));
        const offset = a.cursor
          ? Number(Buffer.from(a.cursor, 'base64').toString('utf8').replace('offset:', ''))
          : 0;
        const page = matching.slice(offset, offset + limit);
        const more = offset + limit < matching.length;
        return {
          ok: true,
          messages: page,
          has_more: more,
          pin_count: 0,
          response_metadata: {
            next_cursor: more ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '',
          },
        };
      }
      case 'conversations.replies': {
        const list = this.history.get(a.channel ?? '');
        if (!list) return { ok: false, error: 'channel_not_found' };
        const parent = list.find((m) => m.ts === a.ts);
        if (!parent) return { ok: false, error: 'thread_not_found' };
        const oldest = Number(a.oldest ?? 0);
        // The parent first, then replies oldest first, as Slack returns them.
        const replies = list
          .filter((m) => m.thread_ts === a.ts && m.ts !== a.ts && Number(m.ts) > oldest)
          .sort((x, y) => Number(x.ts) - Number(y.ts));
        return {
          ok: true,
          messages: [parent, ...replies],
          has_more: false,
          response_metadata: { next_cursor: '' },
        };
      }
      case 'conversations.info': {
        const c = this.channels.get(a.channel ?? '');
        if (!c) return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: {
            id: c.id,
            name: c.name,
            is_im: c.type === 'im',
            is_mpim: c.type === 'mpim',
            is_private: c.type === 'group',
            user: c.user,
            last_read: c.last_read ?? '0000000000.000000',
          },
        };
      }
      case 'conversations.mark': {
        // What another Slack client (the phone) sends when the user reads the conversation there.
        const c = this.channels.get(a.channel ?? '');
        if (!c) return { ok: false, error: 'channel_not_found' };
        if (!/^\d+\.\d+$/.test(a.ts ?? '')) return { ok: false, error: 'invalid_timestamp' };
        c.last_read = a.ts;
        return { ok: true };
      }
      case 'users.conversations': {
        const types = (a.types ?? 'public_channel').split(',');
        const want = (c: EmuChannel): boolean =>
          (c.type === 'im' && types.includes('im')) ||
          (c.type === 'mpim' && types.includes('mpim')) ||
          (c.type === 'channel' && types.includes('public_channel')) ||
          (c.type === 'group' && types.includes('private_channel'));
        const all = [...this.channels.values()].filter(want);
        const limit = Number(a.limit ?? 100) || 100;
        const offset = a.cursor ? Number(a.cursor.replace('c:', '')) : 0;
        const page = all.slice(offset, offset + limit);
        const more = offset + limit < all.length;
        return {
          ok: true,
          channels: page.map((c) => ({
            id: c.id,
            name: c.name,
            is_im: c.type === 'im',
            is_mpim: c.type === 'mpim',
          })),
          response_metadata: { next_cursor: more ? `c:${offset + limit}` : '' },
        };
      }
      case 'users.info': {
        const u = this.users.get(a.user ?? '');
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            name: u.name.toLowerCase(),
            real_name: u.name,
            is_bot: !!u.bot,
            profile: { display_name: u.name, real_name: u.name, email: u.email },
          },
        };
      }
      case 'users.profile.get':
        return { ok: true, profile: { ...this.profile, display_name: 'Me' } };
      case 'users.profile.set': {
        const p = JSON.parse(a.profile ?? '{}') as Partial<typeof this.profile>;
        this.profile = { ...this.profile, ...p };
        return { ok: true, profile: this.profile };
      }
      case 'dnd.info':
        return { ok: true, dnd_enabled: true, ...this.dnd };
      case 'dnd.setSnooze': {
        const minutes = Number(a.num_minutes ?? 0);
        if (!minutes) return { ok: false, error: 'invalid_arguments' };
        this.dnd = {
          snooze_enabled: true,
          snooze_endtime: Math.floor(this.clock.now() / 1000) + minutes * 60,
        };
        return { ok: true, ...this.dnd, snooze_remaining: minutes * 60 };
      }
      case 'dnd.endSnooze':
        if (!this.dnd.snooze_enabled) return { ok: false, error: 'snooze_not_active' };
        this.dnd = { snooze_enabled: false, snooze_endtime: 0 };
        return { ok: true, dnd_enabled: true, snooze_enabled: false };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
