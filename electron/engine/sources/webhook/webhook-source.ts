/**
 * The local webhook: scripts, CI and home automation push an item to 127.0.0.1.
 *
 *   POST http://127.0.0.1:<port>/v1/items
 *   Authorization: Bearer <the source's secret>
 *   Content-Type: application/json
 *   { "title": "Deploy failed", "text": "main #512", "from": { "name": "CI" }, "url": "https://ci.example/512" }
 *
 * Answers: 202 {accepted, duplicate, externalId}; 400 naming each bad field; 401 wrong or missing
 * secret; 403 a Host that is not this loopback address (DNS rebinding); 404/405 other paths and
 * methods; 413 body too large; 415 not JSON; 429 rate limited (Retry-After); 503 not ready.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { HINT_NAMES, NAME_MAX_CHARS, PREVIEW_MAX_CHARS, TITLE_MAX_CHARS } from '../../../core/types';
import type { HintName, ItemInput } from '../../../core/types';
import type { Account, ConnectionTest } from '../../../shared/contract';
import { webhookConfigSchema } from '../../../shared/accounts/chat';
import type { WebhookConfig } from '../../../shared/accounts/chat';
import type { Logger } from '../../log';
import { redact } from '../../log';
import type { Source, SourceContext, SourceKindModule } from '../source';
import { status } from '../source';
import { TokenBucket, realClock } from '../slack/rate';

const linkSchema = z
  .string()
  .max(4000)
  .refine((u) => {
    try {
      return ['https:', 'http:', 'mailto:'].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, 'Use an absolute https, http or mailto URL');

/**
 * The body of POST /v1/items. Unknown fields are refused (so a typo is a 400, not silently lost).
 *
 * - `title` (required, 1–500 chars): the notification's headline.
 * - `text` (optional, ≤ 10,000 chars): the body; the preview keeps the first 300 chars.
 * - `id` (optional, ≤ 200 chars): your stable id; a second POST with the same id is a duplicate.
 *   Without it, each POST is a new item.
 * - `from` (optional): `{ name, address }`; an email address makes it the same person as their mail.
 * - `url` (optional): where the item lives (https, http or mailto).
 * - `thread` (optional): items with the same thread are grouped.
 * - `channel` (optional, default "webhook"): the container rules can scope to.
 * - `hints` (optional): any of dm, mention, myThread, bulk, cc, bot set to true, for rules.
 * - `time` (optional): when it happened, ISO 8601 or epoch ms; default: when it arrived.
 */
export const webhookItemSchema = z
  .object({
    id: z.string().trim().min(1).max(200).optional(),
    title: z.string().trim().min(1, 'Give the item a title').max(TITLE_MAX_CHARS),
    text: z.string().max(10_000).default(''),
    from: z
      .object({
        name: z.string().trim().max(NAME_MAX_CHARS).default(''),
        address: z.string().trim().max(320).default(''),
      })
      .strict()
      .default({ name: '', address: '' }),
    url: linkSchema.optional(),
    thread: z.string().max(500).optional(),
    channel: z.string().trim().min(1).max(200).default('webhook'),
    hints: z
      .object(
        Object.fromEntries(HINT_NAMES.map((h) => [h, z.boolean().optional()])) as Record<
          HintName,
          z.ZodOptional<z.ZodBoolean>
        >,
      )
      .strict()
      .optional(),
    time: z.union([z.number().int().min(0).max(8.64e15), z.iso.datetime({ offset: true })]).optional(),
  })
  .strict();
export type WebhookItem = z.infer<typeof webhookItemSchema>;

export interface WebhookSourceOptions {
  /** Called with the bound port (tests, and the setup screen). */
  readonly onListening?: (port: number) => void;
}

/** Same-length digests, so the compare takes the same time whatever the guess. */
function secretMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export class WebhookSource implements Source {
  private server: Server | null = null;
  private secret: string | null = null;
  private readonly config: WebhookConfig;
  private readonly bucket: TokenBucket;
  private readonly log: Logger;
  port = 0;
  private counter = 0;

  constructor(
    private readonly ctx: SourceContext,
    private readonly options: WebhookSourceOptions = {},
  ) {
    const cfg = ctx.account.config;
    this.config = cfg.kind === 'webhook' ? cfg.webhook : webhookConfigSchema.parse({});
    this.bucket = TokenBucket.forLimit(this.config.perMinute, realClock);
    this.log = ctx.log.child({ source: 'webhook', account: ctx.account.id });
  }

  async start(): Promise<void> {
    this.secret = await this.ctx.secrets.get(this.ctx.account.id);
    if (!this.secret) {
      this.ctx.setStatus(
        status('auth-failed', 'This webhook has no secret in the keychain: set one to accept requests'),
      );
      return;
    }
    redact.add(this.secret);
    const server = createServer((req, res) => void this.handle(req, res));
    server.requestTimeout = 10_000;
    server.headersTimeout = 5_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: unknown) => {
      this.server = null;
      const message = error instanceof Error ? error.message : String(error);
      this.ctx.setStatus(status('error', `Could not listen on 127.0.0.1:${this.config.port} (${message})`));
      throw error;
    });
    this.port = (server.address() as AddressInfo).port;
    this.options.onListening?.(this.port);
    this.ctx.setStatus(status('connected', `Listening on http://127.0.0.1:${this.port}/v1/items`));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  wake(): void {
    /* nothing to reconnect: the server keeps listening */
  }

  private reply(
    res: ServerResponse,
    code: number,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): void {
    if (res.headersSent) return;
    res.writeHead(code, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const host = (req.headers.host ?? '').toLowerCase();
      if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) {
        return this.reply(res, 403, { error: 'forbidden', message: 'Host must be this loopback address' });
      }
      const path = (req.url ?? '').split('?')[0];
      if (path !== '/v1/items')
        return this.reply(res, 404, { error: 'not_found', message: 'POST to /v1/items' });
      if (req.method !== 'POST')
        return this.reply(res, 405, { error: 'method_not_allowed', message: 'Use POST' }, { allow: 'POST' });
      const wait = this.bucket.waitMs();
      if (wait > 0 || !this.bucket.tryTake()) {
        const retry = Math.max(1, Math.ceil(wait / 1000));
        return this.reply(
          res,
          429,
          { error: 'rate_limited', message: `Too many requests; retry in ${retry} s` },
          { 'retry-after': String(retry) },
        );
      }
      const auth = req.headers.authorization ?? '';
      const given = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
      if (!this.secret || !given || !secretMatches(given, this.secret)) {
        return this.reply(
          res,
          401,
          { error: 'unauthorized', message: 'Send Authorization: Bearer <this source’s secret>' },
          { 'www-authenticate': 'Bearer' },
        );
      }
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return this.reply(res, 415, {
          error: 'unsupported_media_type',
          message: 'Send Content-Type: application/json',
        });
      }
      const max = this.config.maxBodyBytes;
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > max) {
        res.setHeader('connection', 'close');
        return this.reply(res, 413, { error: 'too_large', message: `The body may be at most ${max} bytes` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > max) {
          res.setHeader('connection', 'close');
          this.reply(res, 413, { error: 'too_large', message: `The body may be at most ${max} bytes` });
          req.destroy();
          return;
        }
        chunks.push(chunk as Buffer);
      }
      let data: unknown;
      try {
        data = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return this.reply(res, 400, {
          error: 'invalid_json',
          message: 'The body is not valid JSON',
          problems: [],
        });
      }
      const parsed = webhookItemSchema.safeParse(data);
      if (!parsed.success) {
        const problems = parsed.error.issues.flatMap((issue) => {
          const base = issue.path.map(String).join('.');
          if (issue.code === 'unrecognized_keys')
            return issue.keys.map((k) => ({ path: base ? `${base}.${k}` : k, message: 'Unknown field' }));
          return [{ path: base || '(root)', message: issue.message }];
        });
        return this.reply(res, 400, {
          error: 'invalid_body',
          message: `Invalid fields: ${problems.map((p) => p.path).join(', ')}`,
          problems,
        });
      }
      const item = this.toItem(parsed.data);
      const result = await this.ctx.ingest([item]);
      return this.reply(res, 202, {
        accepted: result.inserted === 1,
        duplicate: result.duplicates > 0,
        externalId: item.externalId,
      });
    } catch (error) {
      this.log.warn('webhook request failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      return this.reply(res, 503, { error: 'unavailable', message: 'Lull could not store the item; retry' });
    }
  }

  private toItem(w: WebhookItem): ItemInput {
    const now = this.ctx.now();
    this.counter += 1;
    const externalId =
      w.id ??
      `auto:${now}:${this.counter}:${createHash('sha256').update(`${w.title}\n${w.text}`).digest('hex').slice(0, 12)}`;
    const receivedAtMs =
      w.time === undefined ? now : typeof w.time === 'number' ? w.time : Date.parse(w.time);
    const preview = w.text.replace(/\s+/g, ' ').trim();
    return {
      accountId: this.ctx.account.id,
      source: 'webhook',
      externalId,
      threadKey: w.thread ?? externalId,
      sender: { name: w.from.name, address: w.from.address.toLowerCase() },
      title: w.title,
      preview: preview.length > PREVIEW_MAX_CHARS ? `${preview.slice(0, PREVIEW_MAX_CHARS - 1)}…` : preview,
      receivedAtMs,
      link: w.url ?? '',
      altLink: '',
      hints: Object.fromEntries(HINT_NAMES.map((h) => [h, w.hints?.[h] ?? false])) as Record<
        HintName,
        boolean
      >,
      container: w.channel,
    };
  }
}

function testWebhook(account: Account, secret: string | null): Promise<ConnectionTest> {
  const cfg = account.config.kind === 'webhook' ? account.config.webhook : webhookConfigSchema.parse({});
  if (!secret || secret.length < 16) {
    return Promise.resolve({
      ok: false,
      kind: 'auth',
      message: 'Use a secret of at least 16 characters',
      capabilities: [],
      certificate: null,
    });
  }
  return Promise.resolve({
    ok: true,
    kind: 'ok',
    message: cfg.port
      ? `Will listen on http://127.0.0.1:${cfg.port}/v1/items`
      : 'Will listen on a free port of 127.0.0.1',
    capabilities: [],
    certificate: null,
  });
}

export function makeWebhookSourceModule(
  options: WebhookSourceOptions = {},
): SourceKindModule & { lastCreated: WebhookSource | null } {
  const mod = {
    lastCreated: null as WebhookSource | null,
    create(ctx: SourceContext): WebhookSource {
      const source = new WebhookSource(ctx, options);
      mod.lastCreated = source;
      return source;
    },
    test: (account: Account, secret: string | null) => testWebhook(account, secret),
  };
  return mod;
}

export const webhookSource: SourceKindModule = makeWebhookSourceModule();
