/**
 * Slack Web API calls, paced per method by its tier, with Retry-After honoured in one place.
 *
 * Retry policy, chosen on purpose: the SDK is told `rejectRateLimitedCalls: true`, so a 429 comes back
 * to us instead of the SDK sleeping inside its (shared, paused) queue. We then block that method's
 * bucket for Retry-After, so every caller of that method waits, and the wait shows in the account
 * status. Network errors get only two quick retries from the SDK (not its default ten retries over
 * ~30 minutes): the source has its own reconnect loop and gap fill, and a long hidden retry would keep
 * the account looking "connected" while it is not.
 */
import { WebAPIPlatformError, WebAPIRateLimitedError, WebClient } from '@slack/web-api';
import type { LogLevel, WebAPICallResult } from '@slack/web-api';
import type { Logger } from '../../log';
import type { Clock } from './rate';
import { TokenBucket } from './rate';

/** Per-minute limits of Slack's tiers (https://docs.slack.dev/apis/web-api/rate-limits). */
export const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;
export type Tier = keyof typeof TIER_PER_MINUTE;

/** The tier of each method Lull calls. */
export const METHOD_TIER: Readonly<Record<string, Tier>> = {
  'auth.test': 4,
  'apps.connections.open': 1,
  // Tier 3 for internal (single-workspace) apps, which is what Lull's manifest creates.
  'conversations.history': 3,
  'conversations.replies': 3,
  'conversations.info': 3,
  'users.conversations': 3,
  'users.info': 4,
  'users.profile.get': 4,
  'users.profile.set': 3,
  'dnd.info': 3,
  'dnd.setSnooze': 2,
  'dnd.endSnooze': 2,
};

/** Token errors after which retrying is pointless: the user must sign in again. */
export const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'user_removed_from_team',
  'team_disabled',
  'app_uninstalled',
]);

export class SlackApiError extends Error {
  readonly authFailed: boolean;
  constructor(
    readonly method: string,
    readonly slackCode: string,
  ) {
    super(`Slack ${method} failed: ${slackCode}`);
    this.name = 'SlackApiError';
    this.authFailed = AUTH_ERRORS.has(slackCode);
  }
}

export interface SlackApiOptions {
  readonly slackApiUrl?: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** Called when Slack answers 429, with the wait in ms. */
  readonly onRateLimited?: (method: string, waitMs: number) => void;
  /** HTTP timeout per request. */
  readonly timeoutMs?: number;
}

/** Adapts our logger to @slack/logger. SDK debug output (message bodies) is dropped on purpose. */
export function sdkLogger(log: Logger): {
  debug(...m: unknown[]): void;
  info(...m: unknown[]): void;
  warn(...m: unknown[]): void;
  error(...m: unknown[]): void;
  setLevel(): void;
  getLevel(): LogLevel;
  setName(): void;
} {
  const text = (m: unknown[]): string => m.map((x) => (typeof x === 'string' ? x : String(x))).join(' ');
  return {
    debug: () => undefined,
    info: (...m) => log.debug(text(m)),
    warn: (...m) => log.warn(text(m)),
    error: (...m) => log.warn(text(m)),
    setLevel: () => undefined,
    getLevel: () => 'info' as LogLevel,
    setName: () => undefined,
  };
}

export class SlackApi {
  readonly web: WebClient;
  private readonly buckets = new Map<string, TokenBucket>();
  /** Figures for status and the bench. */
  calls = 0;
  rateLimited = 0;

  constructor(
    token: string,
    private readonly options: SlackApiOptions,
  ) {
    this.web = new WebClient(token, {
      ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 2000 },
      timeout: options.timeoutMs ?? 20_000,
      logger: sdkLogger(options.log),
    });
  }

  bucket(method: string): TokenBucket {
    let b = this.buckets.get(method);
    if (!b) {
      b = TokenBucket.forLimit(TIER_PER_MINUTE[METHOD_TIER[method] ?? 3], this.options.clock);
      this.buckets.set(method, b);
    }
    return b;
  }

  /** One paced call. Throws SlackApiError for `ok: false` answers. */
  async call<T = WebAPICallResult>(method: string, args: Record<string, unknown> = {}): Promise<T> {
    const bucket = this.bucket(method);
    for (let attempt = 0; ; attempt += 1) {
      await bucket.take();
      this.calls += 1;
      try {
        return (await this.web.apiCall(method, args)) as T;
      } catch (error) {
        if (
          error instanceof WebAPIRateLimitedError ||
          (error as { code?: string }).code === 'slack_webapi_rate_limited_error'
        ) {
          const waitMs = Math.max(1, (error as WebAPIRateLimitedError).retryAfter) * 1000;
          this.rateLimited += 1;
          bucket.blockFor(waitMs);
          this.options.onRateLimited?.(method, waitMs);
          if (attempt >= 5) throw new SlackApiError(method, 'ratelimited');
          continue;
        }
        if (
          error instanceof WebAPIPlatformError ||
          (error as { code?: string }).code === 'slack_webapi_platform_error'
        ) {
          const data = (error as WebAPIPlatformError).data;
          throw new SlackApiError(method, String(data.error ?? 'unknown_error'));
        }
        throw error;
      }
    }
  }

  /** Follows response_metadata.next_cursor; each page is paced like any call. */
  async *pages<T = WebAPICallResult>(method: string, args: Record<string, unknown>): AsyncGenerator<T> {
    let cursor: string | undefined;
    for (let page = 0; page < 1000; page += 1) {
      const res = await this.call<T>(method, cursor ? { ...args, cursor } : args);
      yield res;
      cursor = (res as WebAPICallResult).response_metadata?.next_cursor || undefined;
      if (!cursor) return;
    }
  }
}
