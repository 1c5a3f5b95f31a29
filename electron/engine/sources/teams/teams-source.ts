/**
 * Microsoft Teams as a Lull source: polls the user's chats (and chosen channels) through Microsoft
 * Graph with delegated permissions, and mirrors focus into the user's preferred presence.
 *
 * Cost per poll: one `GET /me/chats?$expand=lastMessagePreview` tells which chats moved since their
 * cursor; only those are read, with `$filter=lastModifiedDateTime gt <cursor>` (Graph's documented
 * filter for chat messages). Channels use `/messages/delta` and keep the deltaLink as the cursor.
 *
 * People: a sender's userPrincipalName, lower-cased, is sender.address, so the same colleague in
 * mail and Teams is one person (the Teams user id stays in externalId and the link).
 */
import { AuthenticationHandler, Client } from '@microsoft/microsoft-graph-client';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { FocusState, ItemInput } from '../../../core/types';
import { PREVIEW_MAX_CHARS } from '../../../core/types';
import type { Account, ConnectionTest } from '../../../shared/contract';
import { teamsConfigSchema } from '../../../shared/accounts/chat';
import type { TeamsConfig } from '../../../shared/accounts/chat';
import type { Logger } from '../../log';
import { redact } from '../../log';
import { waitAtMost } from '../../wait-at-most';
import type { Source, SourceContext, SourceKindModule } from '../source';
import { status } from '../source';
import { ExpiringCache, realClock } from '../slack/rate';
import type { Clock } from '../slack/rate';
import type { FetchLike, TeamsEndpoints } from './auth';
import { SignInRequiredError, TeamsAuth, makeFetch, redactCache } from './auth';

export interface TeamsSourceOptions extends TeamsEndpoints {
  readonly clock?: Clock;
  /** Poll intervals: while people are active, after a quiet spell, when idle. */
  readonly fastMs?: number;
  readonly mediumMs?: number;
  readonly slowMs?: number;
}

export interface GraphMessage {
  readonly id: string;
  readonly replyToId?: string | null;
  readonly messageType?: string;
  readonly createdDateTime: string;
  readonly lastModifiedDateTime?: string;
  readonly deletedDateTime?: string | null;
  readonly from?: {
    user?: { id: string; displayName?: string } | null;
    application?: { id: string; displayName?: string } | null;
  } | null;
  readonly body?: { contentType?: string; content?: string };
  readonly mentions?: readonly { mentioned?: { user?: { id?: string } | null } | null }[];
  readonly webUrl?: string | null;
}

interface GraphChat {
  readonly id: string;
  readonly topic?: string | null;
  readonly chatType?: string;
  readonly lastMessagePreview?: { createdDateTime?: string } | null;
  /** The signed-in user's read marker; List chats returns it in a delegated context. */
  readonly viewpoint?: { lastMessageReadDateTime?: string | null } | null;
}

interface Page<T> {
  readonly value?: T[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}

const MINUTE = 60_000;

/**
 * The next poll delay: fast while messages keep coming, slower as it gets quiet, never below the
 * throttling floor a 429 set, and never before Retry-After.
 */
export function nextPollDelayMs(args: {
  nowMs: number;
  lastActivityMs: number | null;
  fastMs: number;
  mediumMs: number;
  slowMs: number;
  throttleFloorMs: number;
  retryAtMs: number | null;
}): number {
  const quietMs = args.lastActivityMs === null ? Infinity : args.nowMs - args.lastActivityMs;
  const base = quietMs < 5 * MINUTE ? args.fastMs : quietMs < 30 * MINUTE ? args.mediumMs : args.slowMs;
  const retry = args.retryAtMs === null ? 0 : args.retryAtMs - args.nowMs;
  return Math.max(base, args.throttleFloorMs, retry, 0);
}

/** Teams message HTML to a plain preview: mentions as @Name, tags dropped, entities decoded. */
export function teamsHtmlToPlain(html: string, max = PREVIEW_MAX_CHARS): string {
  const text = html
    .replace(/<at[^>]*>(.*?)<\/at>/gi, (_m, name: string) => `@${name}`)
    .replace(/<(br|\/p|\/div|\/li)\s*\/?>/gi, ' ')
    .replace(/<emoji[^>]*alt="([^"]*)"[^>]*>(<\/emoji>)?/gi, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The Graph client's last link: our fetch (for a custom CA), after its AuthenticationHandler. */
class FetchHandler implements Middleware {
  constructor(private readonly fetchFn: FetchLike) {}
  async execute(context: Context): Promise<void> {
    const request: unknown = context.request;
    const url = typeof request === 'string' ? request : (request as { url: string }).url;
    context.response = await this.fetchFn(url, context.options);
  }
}

class GraphHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly retryAfterMs: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'GraphHttpError';
  }
}

function asGraphError(error: unknown): GraphHttpError | null {
  const e = error as {
    statusCode?: number;
    headers?: { get?(name: string): string | null } | null;
    message?: string;
  } | null;
  if (!e || typeof e.statusCode !== 'number' || e.statusCode <= 0) return null;
  const retry = e.headers?.get?.('retry-after');
  const seconds = retry ? Number(retry) : NaN;
  return new GraphHttpError(
    e.statusCode,
    Number.isFinite(seconds) ? seconds * 1000 : null,
    e.message ?? `HTTP ${e.statusCode}`,
  );
}

export class TeamsSource implements Source {
  private readonly config: TeamsConfig;
  private readonly clock: Clock;
  private readonly log: Logger;
  private auth: TeamsAuth | null = null;
  private client: Client | null = null;
  private me: { id: string; upn: string } | null = null;
  private readonly users: ExpiringCache<{ name: string; upn: string }>;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private polling: Promise<void> | null = null;
  private stopped = true;
  private lastActivityMs: number | null = null;
  private throttleFloorMs = 0;
  private throttleUntilMs = 0;
  private retryAtMs: number | null = null;
  private sinceIso = '';
  private myThreads: string[] = [];
  private mirrored = false;
  readonly stats = { polls: 0, calls: 0, throttled: 0, ingested: 0 };

  constructor(
    private readonly ctx: SourceContext,
    private readonly options: TeamsSourceOptions = {},
  ) {
    const cfg = ctx.account.config;
    this.config = cfg.kind === 'teams' ? cfg.teams : teamsConfigSchema.parse({});
    this.clock = options.clock ?? realClock;
    this.log = ctx.log.child({ source: 'teams', account: ctx.account.id });
    this.users = new ExpiringCache(3_600_000, this.clock);
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (!this.config.clientId) {
      this.ctx.setStatus(status('error', 'Enter the app registration’s client id'));
      return;
    }
    this.ctx.setStatus(status('connecting', 'Connecting to Microsoft Teams'));
    const id = this.ctx.account.id;
    this.auth = new TeamsAuth(
      this.config,
      { load: () => this.ctx.secrets.get(id), save: (s) => this.ctx.secrets.set(id, s) },
      this.options,
      this.log,
    );
    redactCache(await this.ctx.secrets.get(id));
    const fetchFn = makeFetch(this.options);
    const base = this.options.graphBaseUrl ?? 'https://graph.microsoft.com';
    const auth = this.auth;
    this.client = Client.initWithMiddleware({
      baseUrl: `${base}/`,
      customHosts: new Set([new URL(base).hostname]),
      middleware: [
        new AuthenticationHandler({ getAccessToken: () => auth.token() }),
        new FetchHandler(fetchFn),
      ],
    });
    const since = await this.ctx.cursor.get('since');
    this.sinceIso = since ?? new Date(this.ctx.now()).toISOString();
    if (!since) await this.ctx.cursor.set('since', this.sinceIso);
    try {
      this.myThreads = JSON.parse((await this.ctx.cursor.get('myThreads')) ?? '[]') as string[];
      this.mirrored = (await this.ctx.cursor.get('mirrored')) === 'true';
    } catch {
      this.myThreads = [];
    }
    await this.pollNow();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.polling) await waitAtMost(this.polling, 2000, undefined);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.clock.now() < this.throttleUntilMs) return; // Graph asked us to wait; waking does not change that
    void this.pollNow();
  }

  /** One poll now (tests call it too); the next is scheduled when it ends. */
  pollNow(): Promise<void> {
    if (this.polling) return this.polling;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.polling = this.poll().finally(() => {
      this.polling = null;
      this.schedule();
    });
    return this.polling;
  }

  private schedule(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    if (now > this.throttleUntilMs) this.throttleFloorMs = 0;
    const delay = nextPollDelayMs({
      nowMs: now,
      lastActivityMs: this.lastActivityMs,
      fastMs: this.options.fastMs ?? 15_000,
      mediumMs: this.options.mediumMs ?? 60_000,
      slowMs: this.options.slowMs ?? 180_000,
      throttleFloorMs: this.throttleFloorMs,
      retryAtMs: this.retryAtMs,
    });
    this.timer = setTimeout(() => void this.pollNow(), delay);
  }

  private async get<T>(path: string): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      this.stats.calls += 1;
      try {
        return (await this.client!.api(path).get()) as T;
      } catch (error) {
        const g = asGraphError(error);
        // A 401 with a cached token: refresh it once before calling the sign-in lost.
        if (g?.statusCode === 401 && attempt === 0 && this.auth) {
          this.auth.invalidate();
          await this.auth.token(true);
          continue;
        }
        if (g) throw g;
        throw error;
      }
    }
  }

  private async post(path: string, body: unknown): Promise<void> {
    this.stats.calls += 1;
    try {
      await this.client!.api(path).post(body);
    } catch (error) {
      const g = asGraphError(error);
      if (g) throw g;
      throw error;
    }
  }

  private async poll(): Promise<void> {
    if (this.stopped || !this.client) return;
    this.stats.polls += 1;
    try {
      if (!this.me) {
        const me = await this.get<{ id: string; userPrincipalName?: string }>('/me');
        this.me = { id: me.id, upn: (me.userPrincipalName ?? '').toLowerCase() };
      }
      await this.pollChats();
      for (const ch of this.config.channels) await this.pollChannel(ch.teamId, ch.channelId, ch.name);
      this.retryAtMs = null;
      this.ctx.setStatus(status('connected', 'Connected to Microsoft Teams'));
    } catch (error) {
      this.onError(error);
    }
  }

  private onError(error: unknown): void {
    if (
      error instanceof SignInRequiredError ||
      (error instanceof GraphHttpError && error.statusCode === 401)
    ) {
      this.stopped = true;
      this.ctx.setStatus(status('auth-failed', 'Microsoft refused the saved sign-in: sign in again'));
      this.log.warn('teams sign-in needed', { error: error.message });
      return;
    }
    if (error instanceof GraphHttpError && (error.statusCode === 429 || error.statusCode === 503)) {
      const waitMs = error.retryAfterMs ?? 30_000;
      const now = this.clock.now();
      this.stats.throttled += 1;
      this.retryAtMs = now + waitMs;
      // Slow down for a while, not just once: Graph throttles by a rolling window.
      this.throttleFloorMs = Math.min(
        10 * MINUTE,
        Math.max(this.throttleFloorMs * 2, waitMs, this.options.fastMs ?? 15_000),
      );
      this.throttleUntilMs = now + 10 * MINUTE;
      this.ctx.setStatus(
        status(
          'connected',
          `Microsoft Graph asked Lull to slow down; next check in ${Math.ceil(waitMs / 1000)} s`,
          { retryAtMs: this.retryAtMs },
        ),
      );
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.log.warn('teams poll failed', { error: message });
    this.retryAtMs = this.clock.now() + 60_000;
    this.ctx.setStatus(
      status('offline', `Microsoft Teams: ${redact.text(message).slice(0, 200)}`, {
        retryAtMs: this.retryAtMs,
      }),
    );
  }

  private async pollChats(): Promise<void> {
    let next: string | undefined = '/me/chats?$expand=lastMessagePreview&$top=50';
    const moved: GraphChat[] = [];
    const cursors = new Map<string, string>();
    const readUpTo = new Map<string, number>();
    while (next) {
      const page: Page<GraphChat> = await this.get<Page<GraphChat>>(next);
      for (const chat of page.value ?? []) {
        const read = Date.parse(chat.viewpoint?.lastMessageReadDateTime ?? '');
        if (Number.isFinite(read)) readUpTo.set(chat.id, read);
        const last = chat.lastMessagePreview?.createdDateTime;
        const cursor = (await this.ctx.cursor.get(`chat:${chat.id}`)) ?? this.sinceIso;
        if (last && last > cursor) {
          moved.push(chat);
          cursors.set(chat.id, cursor);
        }
      }
      next = page['@odata.nextLink'];
    }
    for (const chat of moved) await this.readChat(chat, cursors.get(chat.id)!);
    this.readInTeams(readUpTo);
  }

  /**
   * Chat messages the user read in Teams itself (the phone, the Teams app) are done in Lull too:
   * those at or before the chat's read marker. The chat list already carries it, so this costs no
   * call. Channels have no read marker in Graph.
   */
  private readInTeams(readUpTo: ReadonlyMap<string, number>): void {
    if (readUpTo.size === 0) return;
    const read: string[] = [];
    for (const item of this.ctx.openItems()) {
      const at = item.externalId.lastIndexOf(':');
      const upTo = at > 0 ? readUpTo.get(item.externalId.slice(0, at)) : undefined;
      if (upTo !== undefined && item.receivedAtMs <= upTo) read.push(item.externalId);
    }
    if (read.length > 0) this.ctx.readElsewhere(read);
  }

  private async readChat(chat: GraphChat, cursor: string): Promise<void> {
    const messages: GraphMessage[] = [];
    let next: string | undefined =
      `/chats/${encodeURIComponent(chat.id)}/messages?$top=50&$orderby=lastModifiedDateTime desc&$filter=lastModifiedDateTime gt ${cursor}`;
    while (next) {
      const page: Page<GraphMessage> = await this.get<Page<GraphMessage>>(next);
      messages.push(...(page.value ?? []));
      next = page['@odata.nextLink'];
    }
    const fresh = messages
      .filter((m) => m.createdDateTime > cursor)
      .sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime));
    const items: ItemInput[] = [];
    for (const m of fresh) {
      const item = await this.toItem(m, { kind: 'chat', chat });
      if (item) items.push(item);
    }
    if (items.length > 0) {
      await this.ctx.ingest(items);
      this.stats.ingested += items.length;
    }
    const newest = fresh.at(-1)?.createdDateTime;
    if (newest) await this.ctx.cursor.set(`chat:${chat.id}`, newest);
  }

  private async pollChannel(teamId: string, channelId: string, name: string): Promise<void> {
    const key = `delta:${teamId}/${channelId}`;
    let next: string | undefined =
      (await this.ctx.cursor.get(key)) ??
      `/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}/messages/delta?$top=50`;
    let deltaLink: string | undefined;
    const messages: GraphMessage[] = [];
    while (next) {
      const page: Page<GraphMessage> = await this.get<Page<GraphMessage>>(next);
      messages.push(...(page.value ?? []));
      next = page['@odata.nextLink'];
      deltaLink = page['@odata.deltaLink'] ?? deltaLink;
    }
    const items: ItemInput[] = [];
    // The first delta round returns the channel's history: only what came after the account was added counts.
    for (const m of messages.filter((x) => x.createdDateTime > this.sinceIso && !x.deletedDateTime)) {
      const item = await this.toItem(m, { kind: 'channel', teamId, channelId, name });
      if (item) items.push(item);
    }
    if (items.length > 0) {
      await this.ctx.ingest(items);
      this.stats.ingested += items.length;
    }
    // Only after ingest: a crash in between re-reads the same changes.
    if (deltaLink) await this.ctx.cursor.set(key, deltaLink);
  }

  private async user(id: string, fallbackName: string): Promise<{ name: string; upn: string }> {
    const cached = this.users.get(id);
    if (cached) return cached;
    try {
      const u = await this.get<{ displayName?: string; userPrincipalName?: string }>(
        `/users/${encodeURIComponent(id)}?$select=id,displayName,userPrincipalName`,
      );
      const info = { name: u.displayName || fallbackName, upn: (u.userPrincipalName ?? '').toLowerCase() };
      this.users.set(id, info);
      return info;
    } catch (error) {
      if (error instanceof GraphHttpError && error.statusCode === 429) throw error;
      return { name: fallbackName, upn: '' };
    }
  }

  private rememberThread(key: string): void {
    if (this.myThreads.includes(key)) return;
    this.myThreads.push(key);
    if (this.myThreads.length > 1000) this.myThreads.splice(0, this.myThreads.length - 1000);
    void this.ctx.cursor.set('myThreads', JSON.stringify(this.myThreads)).catch(() => undefined);
  }

  private async toItem(
    m: GraphMessage,
    where:
      | { kind: 'chat'; chat: GraphChat }
      | { kind: 'channel'; teamId: string; channelId: string; name: string },
  ): Promise<ItemInput | null> {
    if (m.messageType && m.messageType !== 'message') return null;
    const me = this.me!;
    const fromUser = m.from?.user ?? null;
    const fromApp = m.from?.application ?? null;
    const container = where.kind === 'chat' ? where.chat.id : `${where.teamId}/${where.channelId}`;
    const root = m.replyToId ?? m.id;
    if (fromUser?.id === me.id) {
      if (where.kind === 'channel') this.rememberThread(`${container}:${root}`);
      return null;
    }
    const sender = fromUser
      ? await this.user(fromUser.id, fromUser.displayName ?? '')
      : { name: fromApp?.displayName ?? 'App', upn: '' };
    const chatType = where.kind === 'chat' ? (where.chat.chatType ?? 'group') : 'channel';
    const dm = chatType === 'oneOnOne' || chatType === 'group';
    const mention = (m.mentions ?? []).some((x) => x.mentioned?.user?.id === me.id);
    const myThread =
      where.kind === 'channel' &&
      m.replyToId !== null &&
      m.replyToId !== undefined &&
      this.myThreads.includes(`${container}:${m.replyToId}`);
    const place =
      where.kind === 'channel'
        ? `#${where.name || where.channelId}`
        : chatType === 'oneOnOne'
          ? 'Teams chat'
          : where.chat.topic || 'Group chat';
    const link =
      m.webUrl ||
      (where.kind === 'chat'
        ? `https://teams.microsoft.com/l/message/${encodeURIComponent(where.chat.id)}/${m.id}?context=${encodeURIComponent('{"contextType":"chat"}')}`
        : '');
    this.lastActivityMs = this.clock.now();
    return {
      accountId: this.ctx.account.id,
      source: 'teams',
      externalId: `${container}:${m.id}`,
      threadKey: `${container}:${where.kind === 'channel' ? root : ''}`,
      sender: { name: sender.name, address: sender.upn || fromUser?.id || fromApp?.id || '' },
      title: chatType === 'oneOnOne' ? sender.name : `${sender.name} in ${place}`,
      preview: teamsHtmlToPlain(m.body?.content ?? ''),
      receivedAtMs: Date.parse(m.createdDateTime),
      link,
      altLink: '',
      hints: { dm, mention, myThread, bulk: false, cc: false, bot: fromApp !== null && !fromUser },
      container: place,
    };
  }

  /* ---------------- presence ---------------- */

  async onFocusChange(focus: FocusState, _nextReleaseAtMs: number | null): Promise<void> {
    if (!this.config.mirrorFocus || !this.client || this.stopped) return;
    try {
      if (focus.on && focus.untilMs !== null) {
        if (!this.mirrored) {
          const presence = await this.get<{ availability?: string }>('/me/presence');
          // The user chose Do not disturb (or is presenting) themselves: leave it, and do not clear it later.
          if (presence.availability === 'DoNotDisturb') return;
        }
        const minutes = Math.max(5, Math.ceil((focus.untilMs - this.ctx.now()) / MINUTE));
        await this.post('/me/presence/setUserPreferredPresence', {
          availability: 'DoNotDisturb',
          activity: 'DoNotDisturb',
          expirationDuration: `PT${minutes}M`,
        });
        this.mirrored = true;
      } else if (this.mirrored) {
        await this.post('/me/presence/clearUserPreferredPresence', {});
        this.mirrored = false;
      }
      await this.ctx.cursor.set('mirrored', String(this.mirrored));
    } catch (error) {
      this.onError(error);
    }
  }
}

async function testTeams(
  account: Account,
  secret: string | null,
  log: Logger,
  options: TeamsSourceOptions,
): Promise<ConnectionTest> {
  const config = account.config.kind === 'teams' ? account.config.teams : teamsConfigSchema.parse({});
  const fail = (kind: ConnectionTest['kind'], message: string): ConnectionTest => ({
    ok: false,
    kind,
    message,
    capabilities: [],
    certificate: null,
  });
  if (!config.clientId) return fail('error', 'Enter the app registration’s client id');
  if (!secret) return fail('auth', 'Sign in to Microsoft first');
  redactCache(secret);
  let cache = secret;
  const auth = new TeamsAuth(
    config,
    { load: () => Promise.resolve(cache), save: (s) => Promise.resolve(void (cache = s)) },
    options,
    log,
  );
  try {
    await auth.token();
    return {
      ok: true,
      kind: 'ok',
      message: 'Signed in to Microsoft',
      capabilities: auth.scopes,
      certificate: null,
    };
  } catch (error) {
    if (error instanceof SignInRequiredError) return fail('auth', error.message);
    return fail(
      'refused',
      `Could not reach Microsoft: ${redact.text(error instanceof Error ? error.message : String(error))}`,
    );
  }
}

export function makeTeamsSourceModule(
  options: TeamsSourceOptions = {},
): SourceKindModule & { lastCreated: TeamsSource | null } {
  const mod = {
    lastCreated: null as TeamsSource | null,
    create(ctx: SourceContext): TeamsSource {
      const source = new TeamsSource(ctx, options);
      mod.lastCreated = source;
      return source;
    },
    test: (account: Account, secret: string | null, log: Logger) => testTeams(account, secret, log, options),
  };
  return mod;
}

export const teamsSource: SourceKindModule = makeTeamsSourceModule();
