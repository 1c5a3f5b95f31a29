/**
 * Slack as a Lull source: Socket Mode for real time, conversations.history for gaps, DND and status
 * for focus mirroring.
 *
 * Delivery: every envelope is acked on receipt (well within Slack's 3 s), then deduped by event_id and
 * processed in order. An acked event that never reached the store is not lost: the per-conversation
 * cursor only moves after `ingest` resolved, and every (re)connect fills gaps from that cursor.
 *
 * People: when Slack knows the sender's profile email, sender.address is that email, lower-cased, so
 * the same colleague in mail and Slack is one person for the rules. The Slack user id stays in
 * externalId, threadKey and the permalink.
 */
import { SocketModeClient } from '@slack/socket-mode';
import type { ItemInput } from '../../../core/types';
import type { Account, ConnectionTest } from '../../../shared/contract';
import { slackConfigSchema, slackSecretSchema } from '../../../shared/accounts/chat';
import type { SlackConfig, SlackSecret } from '../../../shared/accounts/chat';
import manifest from '../../../shared/slack-manifest.json';
import type { Logger } from '../../log';
import { redact } from '../../log';
import { waitAtMost } from '../../wait-at-most';
import type { Source, SourceContext, SourceKindModule } from '../source';
import { status } from '../source';
import { SlackApi, SlackApiError, sdkLogger } from './api';
import type { Clock } from './rate';
import { BoundedSet, ExpiringCache, realClock } from './rate';
import { readInSlack, type AskedAt } from './read-markers';
import { mentionedUserIds, referencedChannelIds, slackToPlain } from './text';

/** The user scopes Lull's manifest asks for; auth.test's x-oauth-scopes must include all of them. */
export const SLACK_REQUIRED_SCOPES: readonly string[] = manifest.oauth_config.scopes.user;

export interface SlackSourceOptions {
  /** Web API base, e.g. an emulator's `http://127.0.0.1:PORT/api/`. */
  readonly slackApiUrl?: string;
  readonly clock?: Clock;
  /** Socket Mode pong wait; also the SDK's reconnect delay unit. Low in tests. */
  readonly clientPingTimeoutMs?: number;
  readonly serverPingTimeoutMs?: number;
  /** How long display and channel names are kept. */
  readonly nameTtlMs?: number;
  /** First pause after Slack refused a connection with too_many_websockets (doubles, max 1 h). */
  readonly tooManyWebsocketsBackoffMs?: number;
  /** First pause before starting over after a network or server failure (doubles, max 5 min). */
  readonly retryBaseMs?: number;
  /** How often the read markers of conversations with waiting items are asked (default 2 min). */
  readonly readCheckMs?: number;
}

interface SlackMessage {
  readonly type?: string;
  readonly subtype?: string;
  readonly channel?: string;
  readonly channel_type?: string;
  readonly user?: string;
  readonly bot_id?: string;
  readonly username?: string;
  readonly bot_profile?: { readonly name?: string };
  readonly text?: string;
  readonly ts?: string;
  readonly thread_ts?: string;
  readonly parent_user_id?: string;
}

interface UserInfo {
  readonly name: string;
  readonly email: string;
}

interface MirrorState {
  /** DND snooze we set, ending at this time; null = we did not set one. */
  dndUntilMs: number | null;
  /** The status text we set; null = we did not set one (or it was cleared). */
  statusText: string | null;
}

/** Message subtypes that are something a person said. Edits, joins, topic changes etc. are not items. */
const MESSAGE_SUBTYPES = new Set([undefined, 'bot_message', 'thread_broadcast', 'file_share', 'me_message']);
const MAX_CONVERSATIONS = 2000;
const MAX_MY_THREADS = 1000;
const MAX_THREAD_FILL = 20;

/** Slack's ts ("1700000000.000100") as ms. */
export function tsToMs(ts: string): number {
  return Math.round(Number(ts) * 1000);
}

function msToTs(ms: number): string {
  return (ms / 1000).toFixed(6);
}

function tsAfter(a: string, b: string | undefined): boolean {
  return b === undefined || Number(a) > Number(b);
}

/** "Focusing · next batch 15:00" (local time of the machine, as the user reads it). */
export function focusStatusText(nextReleaseAtMs: number | null, untilMs: number | null): string {
  const hhmm = (ms: number): string =>
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false }).format(
      new Date(ms),
    );
  if (nextReleaseAtMs !== null) return `Focusing · next batch ${hhmm(nextReleaseAtMs)}`;
  if (untilMs !== null) return `Focusing until ${hhmm(untilMs)}`;
  return 'Focusing';
}

export function parseSlackSecret(secret: string | null): SlackSecret | null {
  if (!secret) return null;
  try {
    const parsed = slackSecretSchema.safeParse(JSON.parse(secret));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Scopes the manifest needs that the token lacks, in manifest order. */
export function missingScopes(granted: readonly string[] | undefined): string[] {
  const have = new Set(granted ?? []);
  return SLACK_REQUIRED_SCOPES.filter((s) => !have.has(s));
}

interface AuthTestResult {
  readonly ok?: boolean;
  readonly user_id?: string;
  readonly team_id?: string;
  readonly team?: string;
  readonly url?: string;
  readonly response_metadata?: { readonly scopes?: string[]; readonly next_cursor?: string };
}

export class SlackSource implements Source {
  private readonly clock: Clock;
  private readonly config: SlackConfig;
  private readonly log: Logger;
  private api: SlackApi | null = null;
  private socket: SocketModeClient | null = null;
  private selfId = '';
  private teamUrl = 'https://slack.com/';
  private readonly seenEvents = new BoundedSet(5000);
  private readonly users: ExpiringCache<UserInfo>;
  private readonly channels: ExpiringCache<{ name: string; type: string }>;
  private myThreads: string[] = [];
  private conversations = new Set<string>();
  /** Persisted last ts per conversation. */
  private readonly cursors = new Map<string, string>();
  /** Conversations a gap fill still has to read: their cursor must not move past the gap yet. */
  private readonly pendingFill = new Map<string, { from: string | undefined; epoch: number }>();
  /** Newest live ts per pending conversation, from the current connection only. */
  private readonly liveMax = new Map<string, string>();
  /** Counts connections: a live event only vouches for what its own connection delivered. */
  private epoch = 0;
  private lastDiscoverMs = -Infinity;
  private sinceTs = '0';
  private queue: Promise<void> = Promise.resolve();
  private filling: Promise<void> | null = null;
  private fillAgain = false;
  private stopped = false;
  private authFailed = false;
  /** The socket said hello and has not closed since: only then may gap fill report progress. */
  private live = false;
  private tooManyBackoffMs: number;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readTimer: ReturnType<typeof setInterval> | null = null;
  private checkingRead = false;
  private readonly readAskedAt: AskedAt = new Map();
  private mirror: MirrorState = { dndUntilMs: null, statusText: null };
  private restartBackoffMs: number;
  /** Counters for tests and the bench. */
  readonly stats = { events: 0, duplicates: 0, ingested: 0, gapFills: 0, historyMessages: 0, connects: 0 };

  constructor(
    private readonly ctx: SourceContext,
    private readonly options: SlackSourceOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
    const cfg = ctx.account.config;
    this.config = cfg.kind === 'slack' ? cfg.slack : slackConfigSchema.parse({});
    this.log = ctx.log.child({ source: 'slack', account: ctx.account.id });
    this.users = new ExpiringCache(options.nameTtlMs ?? 3_600_000, this.clock);
    this.channels = new ExpiringCache(options.nameTtlMs ?? 3_600_000, this.clock);
    this.tooManyBackoffMs = options.tooManyWebsocketsBackoffMs ?? 300_000;
    this.restartBackoffMs = options.retryBaseMs ?? 15_000;
  }

  /** The Web API client (for tests and the bench: call counts). */
  get webApi(): SlackApi | null {
    return this.api;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.ctx.setStatus(status('connecting', 'Connecting to Slack'));
    const secret = parseSlackSecret(await this.ctx.secrets.get(this.ctx.account.id));
    if (!secret) {
      this.failAuth('no tokens in the keychain');
      return;
    }
    redact.add(secret.userToken);
    redact.add(secret.appToken);
    this.api = new SlackApi(secret.userToken, {
      ...(this.options.slackApiUrl ? { slackApiUrl: this.options.slackApiUrl } : {}),
      clock: this.clock,
      log: this.log,
      onRateLimited: (method, waitMs) => {
        this.ctx.setStatus(
          status(
            'catching-up',
            `Slack asked Lull to slow down (${method}); retrying in ${Math.ceil(waitMs / 1000)} s`,
            {
              retryAtMs: this.ctx.now() + waitMs,
            },
          ),
        );
      },
    });
    let auth: AuthTestResult;
    try {
      auth = await this.api.call<AuthTestResult>('auth.test');
    } catch (error) {
      this.handleError(error, 'auth.test');
      return;
    }
    const missing = missingScopes(auth.response_metadata?.scopes);
    if (missing.length > 0) {
      this.ctx.setStatus(
        status(
          'error',
          `The Slack app lacks these scopes: ${missing.join(', ')}. Reinstall it from Lull's manifest.`,
        ),
      );
      return;
    }
    this.selfId = auth.user_id ?? '';
    this.teamUrl = auth.url ?? this.teamUrl;
    await this.loadCursors();
    this.openSocket(secret.appToken);
    try {
      await this.socket?.start();
    } catch (error) {
      this.handleError(error, 'apps.connections.open');
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.readTimer) clearInterval(this.readTimer);
    this.readTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) await socket.disconnect().catch(() => undefined);
    // In-flight work may be waiting out a Retry-After: give it a moment, not a minute. Whatever it
    // had not stored yet is read again from history on the next start.
    await waitAtMost(Promise.all([this.queue, this.filling]), 2000, undefined);
  }

  wake(): void {
    if (this.stopped || this.authFailed || !this.socket) return;
    const socket = this.socket;
    // A forced reconnect: the 'connected' handler then fills the gap.
    void socket
      .disconnect()
      .then(() => (this.stopped || this.socket !== socket ? undefined : socket.start()))
      .catch((error: unknown) => this.handleError(error, 'reconnect'));
  }

  async onFocusChange(
    focus: { on: boolean; untilMs: number | null },
    nextReleaseAtMs: number | null,
  ): Promise<void> {
    if (!this.config.mirrorFocus || !this.api || this.authFailed) return;
    try {
      if (focus.on && focus.untilMs !== null) await this.mirrorOn(focus.untilMs, nextReleaseAtMs);
      else await this.mirrorOff();
    } catch (error) {
      this.handleError(error, 'focus mirroring');
    }
  }

  /* ---------------- socket ---------------- */

  private openSocket(appToken: string): void {
    const socket = new SocketModeClient({
      appToken,
      logger: sdkLogger(this.log),
      clientPingTimeout: this.options.clientPingTimeoutMs ?? 5000,
      serverPingTimeout: this.options.serverPingTimeoutMs ?? 30_000,
      clientOptions: {
        ...(this.options.slackApiUrl ? { slackApiUrl: this.options.slackApiUrl } : {}),
        // apps.connections.open: a few quick retries; a revoked app token fails at once.
        retryConfig: { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 2000 },
        timeout: 20_000,
      },
    });
    this.socket = socket;
    socket.on('slack_event', (args: { ack: () => Promise<void>; type: string; body?: unknown }) => {
      args.ack().catch(() => undefined);
      if (args.type !== 'events_api') return;
      this.onEnvelope(args.body as { event_id?: string; event?: SlackMessage & { type?: string } });
    });
    socket.on('connected', () => {
      if (socket !== this.socket) return;
      this.stats.connects += 1;
      this.epoch += 1;
      this.live = true;
      this.tooManyBackoffMs = this.options.tooManyWebsocketsBackoffMs ?? 300_000;
      this.restartBackoffMs = this.options.retryBaseMs ?? 15_000;
      this.ctx.setStatus(status('connected', 'Connected to Slack'));
      this.scheduleGapFill();
      this.readTimer ??= setInterval(() => void this.checkReadMarkers(), this.options.readCheckMs ?? 120_000);
    });
    socket.on('close', () => {
      this.live = false;
    });
    socket.on('reconnecting', () => {
      if (socket === this.socket && !this.stopped)
        this.ctx.setStatus(status('connecting', 'Reconnecting to Slack'));
    });
    // Runs after the SDK's own handler: only too_many_websockets needs us, so the SDK's
    // reconnect-after-delay does not become a loop against Slack's 10-connection limit.
    socket.on('ws_message', (data: unknown) => {
      const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : '';
      if (!text.includes('too_many_websockets')) return;
      try {
        const frame = JSON.parse(text) as { type?: string; reason?: string };
        if (frame.type === 'disconnect' && frame.reason === 'too_many_websockets')
          this.onTooManyWebsockets(socket);
      } catch {
        /* not JSON: the SDK ignores it too */
      }
    });
  }

  private onTooManyWebsockets(socket: SocketModeClient): void {
    this.live = false;
    const waitMs = this.tooManyBackoffMs;
    this.tooManyBackoffMs = Math.min(3_600_000, waitMs * 2);
    void socket.disconnect().catch(() => undefined);
    this.ctx.setStatus(
      status(
        'error',
        `Slack refused another connection (too many open for this app). Close other copies of Lull; retrying in ${Math.ceil(waitMs / 1000)} s`,
        {
          retryAtMs: this.ctx.now() + waitMs,
        },
      ),
    );
    this.log.warn('too_many_websockets: backing off', { waitMs });
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped || this.socket !== socket) return;
      socket.start().catch((error: unknown) => this.handleError(error, 'reconnect'));
    }, waitMs);
  }

  private onEnvelope(
    body: { event_id?: string; event?: SlackMessage & { type?: string } } | undefined,
  ): void {
    const event = body?.event;
    if (!event) return;
    this.stats.events += 1;
    if (body.event_id && !this.seenEvents.add(body.event_id)) {
      this.stats.duplicates += 1;
      return;
    }
    if (event.type === 'tokens_revoked' || event.type === 'app_uninstalled') {
      this.failAuth(event.type);
      return;
    }
    if (event.type !== 'message') return;
    const epoch = this.epoch;
    this.enqueue(() => this.handleMessage(event, 'live', epoch));
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.handleError(error, 'message'));
  }

  /* ---------------- messages ---------------- */

  private async handleMessage(msg: SlackMessage, origin: 'live' | 'history', epoch = 0): Promise<void> {
    if (this.stopped && origin === 'live') return;
    const channel = msg.channel;
    const ts = msg.ts;
    if (!channel || !ts || !MESSAGE_SUBTYPES.has(msg.subtype)) return;
    const threadTs = msg.thread_ts;
    const isReply = threadTs !== undefined && threadTs !== ts;
    if (msg.user && msg.user === this.selfId) {
      // The user's own message: their thread from now on; never an item.
      this.rememberThread(`${channel}:${threadTs ?? ts}`);
      await this.advance(channel, ts, origin, epoch);
      return;
    }
    // A 'D' id is always a 1:1 DM: no conversations.info call needed (it matters for a 300-DM gap fill).
    const type =
      msg.channel_type ?? (channel.startsWith('D') ? 'im' : (await this.channelInfo(channel)).type);
    const dm = type === 'im' || type === 'mpim';
    const text = msg.text ?? '';
    const mention = this.selfId !== '' && text.includes(`<@${this.selfId}`);
    const myThread =
      isReply &&
      (this.myThreads.includes(`${channel}:${threadTs}`) ||
        (msg.parent_user_id !== undefined && msg.parent_user_id === this.selfId));
    const watched = this.config.channels.includes(channel);
    if (!(dm || watched || mention || myThread)) {
      return;
    }
    this.conversations.add(channel);
    const bot = msg.subtype === 'bot_message' || msg.bot_id !== undefined;
    const sender = msg.user
      ? await this.userInfo(msg.user)
      : { name: msg.username ?? msg.bot_profile?.name ?? 'bot', email: '' };
    await Promise.all([
      ...mentionedUserIds(text).map((id) => this.userInfo(id)),
      ...referencedChannelIds(text).map((id) => this.channelInfo(id)),
    ]);
    const chan = type === 'im' ? { name: '', type } : await this.channelInfo(channel);
    const preview = slackToPlain(text, {
      user: (id) => this.users.get(id)?.name,
      channel: (id) => this.channels.get(id)?.name,
    });
    const container = type === 'im' ? 'DM' : type === 'mpim' ? 'Group DM' : `#${chan.name}`;
    const base = this.teamUrl.endsWith('/') ? this.teamUrl : `${this.teamUrl}/`;
    const link = `${base}archives/${channel}/p${ts.replace('.', '')}${isReply ? `?thread_ts=${threadTs}&cid=${channel}` : ''}`;
    const item: ItemInput = {
      accountId: this.ctx.account.id,
      source: 'slack',
      externalId: `${channel}:${ts}`,
      threadKey: `${channel}:${threadTs ?? ts}`,
      sender: { name: sender.name, address: sender.email || msg.user || msg.bot_id || '' },
      title: type === 'im' ? sender.name : `${sender.name} in ${container}`,
      preview,
      receivedAtMs: tsToMs(ts),
      link,
      altLink: '',
      hints: { dm, mention, myThread, bulk: false, cc: false, bot },
      container,
    };
    await this.ctx.ingest([item]);
    this.stats.ingested += 1;
    await this.advance(channel, ts, origin, epoch);
  }

  /**
   * Moves the conversation's cursor: history in read order; a live event only when no gap fill is
   * pending for its conversation and it came on the current connection (an older connection may
   * have dropped events after it).
   */
  private async advance(
    channel: string,
    ts: string,
    origin: 'live' | 'history',
    epoch: number,
  ): Promise<void> {
    if (origin === 'live') {
      if (epoch !== this.epoch) return;
      if (this.pendingFill.has(channel)) {
        if (tsAfter(ts, this.liveMax.get(channel))) this.liveMax.set(channel, ts);
        return;
      }
    }
    await this.saveCursor(channel, ts);
  }

  private async saveCursor(channel: string, ts: string): Promise<void> {
    if (!tsAfter(ts, this.cursors.get(channel))) return;
    this.cursors.set(channel, ts);
    await this.ctx.cursor.set(`ts:${channel}`, ts);
    if (!this.conversations.has(channel) || this.conversations.size > MAX_CONVERSATIONS) {
      this.conversations.add(channel);
      await this.saveConversations();
    }
  }

  private async saveConversations(): Promise<void> {
    const list = [...this.conversations].slice(-MAX_CONVERSATIONS);
    this.conversations = new Set(list);
    await this.ctx.cursor.set('conversations', JSON.stringify(list));
  }

  private rememberThread(key: string): void {
    if (this.myThreads.includes(key)) return;
    this.myThreads.push(key);
    if (this.myThreads.length > MAX_MY_THREADS)
      this.myThreads.splice(0, this.myThreads.length - MAX_MY_THREADS);
    void this.ctx.cursor.set('myThreads', JSON.stringify(this.myThreads)).catch(() => undefined);
  }

  private async userInfo(id: string): Promise<UserInfo> {
    const cached = this.users.get(id);
    if (cached) return cached;
    try {
      const res = await this.api!.call<{
        user?: {
          name?: string;
          real_name?: string;
          profile?: { display_name?: string; real_name?: string; email?: string };
        };
      }>('users.info', { user: id });
      const p = res.user?.profile;
      const info = {
        name: p?.display_name || p?.real_name || res.user?.real_name || res.user?.name || id,
        email: (p?.email ?? '').toLowerCase(),
      };
      this.users.set(id, info);
      return info;
    } catch (error) {
      if (error instanceof SlackApiError && error.authFailed) throw error;
      return { name: id, email: '' };
    }
  }

  private async channelInfo(id: string): Promise<{ name: string; type: string }> {
    const cached = this.channels.get(id);
    if (cached) return cached;
    const guess = id.startsWith('D') ? 'im' : id.startsWith('G') ? 'group' : 'channel';
    try {
      const res = await this.api!.call<{
        channel?: { name?: string; is_im?: boolean; is_mpim?: boolean; is_private?: boolean };
      }>('conversations.info', { channel: id });
      const c = res.channel;
      const info = {
        name: c?.name ?? id,
        type: c?.is_im ? 'im' : c?.is_mpim ? 'mpim' : c?.is_private ? 'group' : guess,
      };
      this.channels.set(id, info);
      return info;
    } catch (error) {
      if (error instanceof SlackApiError && error.authFailed) throw error;
      return { name: id, type: guess };
    }
  }

  /* ---------------- gaps ---------------- */

  private async loadCursors(): Promise<void> {
    const since = await this.ctx.cursor.get('since');
    if (since) this.sinceTs = since;
    else {
      // First start: only what arrives from now on, not the workspace's history.
      this.sinceTs = msToTs(this.ctx.now());
      await this.ctx.cursor.set('since', this.sinceTs);
    }
    const parseList = (raw: string | null): string[] => {
      try {
        const v: unknown = raw ? JSON.parse(raw) : [];
        return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      } catch {
        return [];
      }
    };
    this.conversations = new Set(parseList(await this.ctx.cursor.get('conversations')));
    this.myThreads = parseList(await this.ctx.cursor.get('myThreads'));
    for (const c of [...this.conversations, ...this.config.channels]) {
      const ts = await this.ctx.cursor.get(`ts:${c}`);
      if (ts) this.cursors.set(c, ts);
    }
    const mirror = await this.ctx.cursor.get('mirror');
    if (mirror) {
      try {
        this.mirror = { ...this.mirror, ...(JSON.parse(mirror) as Partial<MirrorState>) };
      } catch {
        /* start clean */
      }
    }
  }

  /** Items read in another Slack client are done in Lull too (see read-markers.ts). */
  private async checkReadMarkers(): Promise<void> {
    const api = this.api;
    if (!api || !this.live || this.stopped || this.checkingRead) return;
    const open = this.ctx.openItems();
    if (open.length === 0) return;
    this.checkingRead = true;
    try {
      const read = await readInSlack(api, open, this.readAskedAt, this.clock.now());
      if (read.length > 0 && !this.stopped) this.ctx.readElsewhere(read);
    } catch (error) {
      if (error instanceof SlackApiError && error.authFailed) this.handleError(error, 'conversations.info');
      else this.log.debug('read marker check failed', { error });
    } finally {
      this.checkingRead = false;
    }
  }

  private scheduleGapFill(): void {
    // Synchronously on 'hello', before any event of the new connection is handled: from here on,
    // live events in these conversations do not move their cursor until the fill has read the gap.
    const targets = new Set([...this.conversations, ...this.config.channels, ...this.pendingFill.keys()]);
    this.liveMax.clear();
    for (const c of targets) this.pendingFill.set(c, { from: this.cursors.get(c), epoch: this.epoch });
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.filling = this.gapFillLoop().finally(() => {
      this.filling = null;
      // What was read elsewhere while Lull was away.
      void this.checkReadMarkers();
    });
  }

  private async gapFillLoop(): Promise<void> {
    do {
      this.fillAgain = false;
      // Listing DMs costs a call per 200: at start, then at most every 10 minutes, not per reconnect.
      const discover = this.clock.now() - this.lastDiscoverMs >= 600_000;
      if (discover) this.lastDiscoverMs = this.clock.now();
      try {
        await this.gapFill(discover);
      } catch (error) {
        this.handleError(error, 'gap fill');
        return;
      }
    } while (this.fillAgain && !this.stopped);
  }

  /** Reads every pending conversation from its last seen ts. */
  private async gapFill(discover: boolean): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.stats.gapFills += 1;
    if (discover) {
      // DMs and group DMs the user has, so a first DM that arrived while Lull was off is found.
      for await (const page of api.pages<{ channels?: { id?: string }[] }>('users.conversations', {
        types: 'im,mpim',
        exclude_archived: true,
        limit: 200,
      })) {
        for (const c of page.channels ?? [])
          if (c.id && !this.pendingFill.has(c.id))
            this.pendingFill.set(c.id, { from: this.cursors.get(c.id), epoch: this.epoch });
      }
    }
    const total = this.pendingFill.size;
    let done = 0;
    for (const [channel, { from, epoch }] of [...this.pendingFill]) {
      if (this.stopped) return;
      if (this.live)
        this.ctx.setStatus(
          status('catching-up', `Catching up ${done}/${total}`, { progress: { done, total } }),
        );
      const oldest = from ?? this.sinceTs;
      const messages: SlackMessage[] = [];
      for await (const page of api.pages<{ messages?: SlackMessage[] }>('conversations.history', {
        channel,
        oldest,
        inclusive: false,
        limit: 200,
      })) {
        messages.push(...(page.messages ?? []));
      }
      messages.sort((a, b) => Number(a.ts) - Number(b.ts));
      for (const m of messages) {
        this.stats.historyMessages += 1;
        await this.runInQueue(() => this.handleMessage({ ...m, channel }, 'history'));
      }
      const last = messages.at(-1)?.ts;
      const current = this.pendingFill.get(channel);
      let newest = last;
      if (current && current.epoch === epoch && epoch === this.epoch && this.live) {
        // History up to now plus everything this same connection delivered since: no gap left.
        const live = this.liveMax.get(channel);
        if (live !== undefined && tsAfter(live, newest)) newest = live;
        this.pendingFill.delete(channel);
        this.liveMax.delete(channel);
        // Known from now on, even without a message yet: later fills include it.
        if (!this.conversations.has(channel)) {
          this.conversations.add(channel);
          await this.saveConversations();
        }
      } else if (current) {
        // The connection changed while reading: read on from here on the new one.
        if (last !== undefined && tsAfter(last, current.from)) current.from = last;
        if (this.live) this.fillAgain = true;
      }
      if (newest) await this.saveCursor(channel, newest);
      done += 1;
    }
    await this.fillMyThreads();
    if (this.live && !this.stopped && !this.authFailed)
      this.ctx.setStatus(status('connected', 'Connected to Slack'));
  }

  /**
   * conversations.history only returns thread parents, so replies in the user's recent threads are
   * read with conversations.replies: at most MAX_THREAD_FILL threads started in the last week.
   */
  private async fillMyThreads(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const weekAgo = (this.ctx.now() - 7 * 24 * 3_600_000) / 1000;
    const recent = this.myThreads
      .map((key) => {
        const at = key.lastIndexOf(':');
        return { key, channel: key.slice(0, at), threadTs: key.slice(at + 1) };
      })
      .filter((t) => Number(t.threadTs) >= weekAgo)
      .slice(-MAX_THREAD_FILL);
    for (const t of recent) {
      if (this.stopped) return;
      const cursorKey = `rts:${t.key}`;
      const oldest = (await this.ctx.cursor.get(cursorKey)) ?? this.sinceTs;
      const replies: SlackMessage[] = [];
      for await (const page of api.pages<{ messages?: SlackMessage[] }>('conversations.replies', {
        channel: t.channel,
        ts: t.threadTs,
        oldest,
        inclusive: false,
        limit: 200,
      })) {
        replies.push(
          ...(page.messages ?? []).filter((m) => m.ts !== t.threadTs && tsAfter(m.ts ?? '0', oldest)),
        );
      }
      replies.sort((a, b) => Number(a.ts) - Number(b.ts));
      for (const m of replies) {
        this.stats.historyMessages += 1;
        await this.runInQueue(() =>
          this.handleMessage({ ...m, channel: t.channel, thread_ts: t.threadTs }, 'history'),
        );
      }
      const newest = replies.at(-1)?.ts;
      if (newest) await this.ctx.cursor.set(cursorKey, newest);
    }
  }

  /** History messages go through the same queue as live ones, so each is handled once, in order. */
  private runInQueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((error: unknown) => this.handleError(error, 'message'));
    return run;
  }

  /* ---------------- focus mirroring ---------------- */

  private async saveMirror(): Promise<void> {
    await this.ctx.cursor.set('mirror', JSON.stringify(this.mirror));
  }

  private async mirrorOn(untilMs: number, nextReleaseAtMs: number | null): Promise<void> {
    const api = this.api!;
    const now = this.ctx.now();
    const minutes = Math.max(1, Math.ceil((untilMs - now) / 60_000));
    const dnd = await api.call<{ snooze_enabled?: boolean; snooze_endtime?: number }>('dnd.info');
    const userSnoozeLonger =
      dnd.snooze_enabled && this.mirror.dndUntilMs === null && (dnd.snooze_endtime ?? 0) * 1000 >= untilMs;
    if (!userSnoozeLonger) {
      await api.call('dnd.setSnooze', { num_minutes: minutes });
      this.mirror.dndUntilMs = untilMs;
    }
    const text = focusStatusText(nextReleaseAtMs, untilMs);
    const profile = await api.call<{ profile?: { status_text?: string } }>('users.profile.get');
    const current = profile.profile?.status_text ?? '';
    // A status the user set by hand stays: we only replace an empty one or our own.
    if (current === '' || current === this.mirror.statusText) {
      await api.call('users.profile.set', {
        profile: JSON.stringify({
          status_text: text,
          status_emoji: ':no_bell:',
          status_expiration: Math.ceil(untilMs / 1000),
        }),
      });
      this.mirror.statusText = text;
    }
    await this.saveMirror();
  }

  private async mirrorOff(): Promise<void> {
    const api = this.api!;
    const now = this.ctx.now();
    if (this.mirror.dndUntilMs !== null) {
      if (this.mirror.dndUntilMs > now) await api.call('dnd.endSnooze');
      this.mirror.dndUntilMs = null;
    }
    if (this.mirror.statusText !== null) {
      const profile = await api.call<{ profile?: { status_text?: string } }>('users.profile.get');
      if (profile.profile?.status_text === this.mirror.statusText) {
        await api.call('users.profile.set', {
          profile: JSON.stringify({ status_text: '', status_emoji: '', status_expiration: 0 }),
        });
      }
      this.mirror.statusText = null;
    }
    await this.saveMirror();
  }

  /* ---------------- errors ---------------- */

  private failAuth(code: string): void {
    if (this.authFailed) return;
    this.authFailed = true;
    this.stopped = true;
    this.ctx.setStatus(status('auth-failed', `Slack refused the tokens (${code}): sign in again`));
    this.log.warn('slack auth failed', { code });
    const socket = this.socket;
    this.socket = null;
    if (socket) void socket.disconnect().catch(() => undefined);
  }

  private handleError(error: unknown, during: string): void {
    const code = error instanceof SlackApiError ? error.slackCode : slackErrorCode(error);
    if (
      (error instanceof SlackApiError && error.authFailed) ||
      ['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive'].includes(code)
    ) {
      this.failAuth(code);
      return;
    }
    if (this.stopped) return;
    const message = error instanceof Error ? error.message : String(error);
    this.log.warn(`slack ${during} failed`, { error: message });
    if (during === 'message' || during === 'focus mirroring') {
      this.ctx.setStatus(status('error', `Slack: ${during} failed (${redact.text(message).slice(0, 200)})`));
      return;
    }
    // Network or server trouble: start over after a growing pause (the SDK gives up on these).
    const waitMs = this.restartBackoffMs;
    this.restartBackoffMs = Math.min(300_000, waitMs * 2);
    this.ctx.setStatus(
      status(
        'offline',
        `Slack: ${during} failed (${redact.text(message).slice(0, 200)}); retrying in ${Math.ceil(waitMs / 1000)} s`,
        {
          retryAtMs: this.ctx.now() + waitMs,
        },
      ),
    );
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.restart();
    }, waitMs);
  }

  private async restart(): Promise<void> {
    if (this.stopped || this.authFailed) return;
    const socket = this.socket;
    this.socket = null;
    this.live = false;
    if (socket) await socket.disconnect().catch(() => undefined);
    if (this.stopped || this.authFailed) return;
    await this.start();
  }
}

/** The `error` field of an SDK platform error (e.g. apps.connections.open with a revoked xapp). */
function slackErrorCode(error: unknown): string {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' ? code : '';
}

/** Checks both tokens and the scopes, without adding the account. */
async function testSlack(
  account: Account,
  secret: string | null,
  log: Logger,
  options: SlackSourceOptions,
): Promise<ConnectionTest> {
  const result = (
    ok: boolean,
    kind: ConnectionTest['kind'],
    message: string,
    capabilities: string[] = [],
  ): ConnectionTest => ({
    ok,
    kind,
    message,
    capabilities,
    certificate: null,
  });
  void account;
  const tokens = parseSlackSecret(secret);
  if (!tokens)
    return result(
      false,
      'auth',
      'Paste both tokens: the User OAuth Token (xoxp-…) and the App-Level Token (xapp-…).',
    );
  redact.add(tokens.userToken);
  redact.add(tokens.appToken);
  const common = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    clock: options.clock ?? realClock,
    log,
  };
  try {
    const auth = await new SlackApi(tokens.userToken, common).call<AuthTestResult>('auth.test');
    const scopes = auth.response_metadata?.scopes ?? [];
    const missing = missingScopes(scopes);
    if (missing.length > 0) {
      return result(
        false,
        'scopes',
        `The Slack app lacks these scopes: ${missing.join(', ')}. Reinstall it from Lull's manifest.`,
        scopes,
      );
    }
    await new SlackApi(tokens.appToken, common).call('apps.connections.open');
    return result(true, 'ok', `Signed in to ${auth.team ?? 'Slack'}`, scopes);
  } catch (error) {
    if (error instanceof SlackApiError) {
      return result(
        false,
        error.authFailed ? 'auth' : 'error',
        `Slack says ${error.slackCode} (${error.method})${error.authFailed ? ': sign in again' : ''}`,
      );
    }
    return result(
      false,
      'refused',
      `Could not reach Slack: ${redact.text(error instanceof Error ? error.message : String(error))}`,
    );
  }
}

/** The Slack source module; options point it at an emulator in tests. */
export function makeSlackSourceModule(
  options: SlackSourceOptions = {},
): SourceKindModule & { lastCreated: SlackSource | null } {
  const mod = {
    lastCreated: null as SlackSource | null,
    create(ctx: SourceContext): SlackSource {
      const source = new SlackSource(ctx, options);
      mod.lastCreated = source;
      return source;
    },
    test: (account: Account, secret: string | null, log: Logger) => testSlack(account, secret, log, options),
  };
  return mod;
}

export const slackSource: SourceKindModule = makeSlackSourceModule();
