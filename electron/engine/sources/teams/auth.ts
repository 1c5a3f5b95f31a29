/**
 * Microsoft sign-in for the Teams source: msal-node public client, delegated permissions only.
 *
 * The MSAL token cache is the account's keychain entry (serialized by MSAL, encrypted at rest by the
 * OS keychain): loaded before every MSAL cache access and written back when it changed. Every token
 * in it is registered with the log redactor.
 *
 * Scopes, the fewest that work (all user-consentable unless noted):
 * - User.Read: who "me" is (id, UPN) for mentions and "not my own message".
 * - Chat.Read: list the user's chats and read their messages (1:1, group, meeting chats).
 * - User.ReadBasic.All: a sender's UPN, so a colleague in Teams and in mail is one person.
 * - Presence.ReadWrite: only with focus mirroring (set/clear the preferred presence).
 * - ChannelMessage.Read.All: only when channels are chosen; needs admin consent, hence opt-in.
 * offline_access, openid and profile are added by MSAL.
 */
import { InteractionRequiredAuthError, PublicClientApplication } from '@azure/msal-node';
import type {
  AccountInfo,
  Configuration,
  ICachePlugin,
  INetworkModule,
  NetworkResponse,
} from '@azure/msal-node';
import { Agent, fetch as undiciFetch } from 'undici';
import type { TeamsConfig } from '../../../shared/accounts/chat';
import type { Logger } from '../../log';
import { redact } from '../../log';

export interface TeamsEndpoints {
  /** Default https://login.microsoftonline.com */
  readonly authorityHost?: string;
  /** Default https://graph.microsoft.com */
  readonly graphBaseUrl?: string;
  /** Extra trusted CA (PEM) for both; tests use a CA made at test time. */
  readonly ca?: string;
}

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export function teamsScopes(config: TeamsConfig): string[] {
  return [
    'User.Read',
    'Chat.Read',
    'User.ReadBasic.All',
    ...(config.mirrorFocus ? ['Presence.ReadWrite'] : []),
    ...(config.channels.length > 0 ? ['ChannelMessage.Read.All'] : []),
  ];
}

/** fetch that trusts the extra CA when one is given; the platform's fetch otherwise. */
export function makeFetch(endpoints: TeamsEndpoints): FetchLike {
  // A request that hangs must not hold a poll (or stop()) forever.
  const timed = (init?: RequestInit): RequestInit => ({ signal: AbortSignal.timeout(30_000), ...init });
  if (!endpoints.ca) return (url, init) => fetch(url, timed(init));
  const dispatcher = new Agent({ connect: { ca: endpoints.ca } });
  // undici's fetch and Node's global fetch differ only in their type declarations.
  const viaUndici = undiciFetch as unknown as (url: string, init: object) => Promise<Response>;
  return (url, init) => viaUndici(url, { ...timed(init), dispatcher });
}

/** MSAL's network calls through our fetch (only needed for an extra CA). */
function networkClient(fetchFn: FetchLike): INetworkModule {
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options?: { headers?: Record<string, string>; body?: string },
  ): Promise<NetworkResponse<T>> => {
    const res = await fetchFn(url, {
      method,
      headers: options?.headers ?? {},
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k.toLowerCase()] = v;
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { error: 'invalid_response', error_description: text.slice(0, 200) };
    }
    return { headers, body: body as T, status: res.status };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** Registers every token in a serialized MSAL cache with the log redactor. */
export function redactCache(serialized: string | null): void {
  if (!serialized) return;
  try {
    const cache = JSON.parse(serialized) as Record<string, Record<string, { secret?: string }> | undefined>;
    for (const section of ['AccessToken', 'RefreshToken', 'IdToken']) {
      for (const entry of Object.values(cache[section] ?? {})) redact.add(entry.secret);
    }
  } catch {
    /* not a cache: nothing to register */
  }
}

export class SignInRequiredError extends Error {
  readonly code = 'ESIGNIN';
  constructor(detail: string) {
    super(`Microsoft sign-in is needed again: ${detail}`);
    this.name = 'SignInRequiredError';
  }
}

/** Where the serialized cache lives: the account's keychain entry (or, during sign-in, memory). */
export interface CacheStore {
  load(): Promise<string | null>;
  save(serialized: string): Promise<void>;
}

export class TeamsAuth {
  readonly pca: PublicClientApplication;
  readonly scopes: string[];

  constructor(
    readonly config: TeamsConfig,
    private readonly store: CacheStore,
    endpoints: TeamsEndpoints,
    log: Logger,
  ) {
    const host = endpoints.authorityHost ?? 'https://login.microsoftonline.com';
    const plugin: ICachePlugin = {
      beforeCacheAccess: async (ctx) => {
        const serialized = await this.store.load();
        redactCache(serialized);
        if (serialized) ctx.tokenCache.deserialize(serialized);
      },
      afterCacheAccess: async (ctx) => {
        if (!ctx.cacheHasChanged) return;
        const serialized = ctx.tokenCache.serialize();
        redactCache(serialized);
        await this.store.save(serialized);
      },
    };
    const configuration: Configuration = {
      auth: {
        clientId: config.clientId,
        authority: `${host}/${config.tenant || 'common'}`,
        ...(endpoints.authorityHost ? { knownAuthorities: [new URL(host).host] } : {}),
      },
      cache: { cachePlugin: plugin },
      system: {
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: 1, // Warning
          loggerCallback: (_level, message) => log.debug(message),
        },
        ...(endpoints.ca ? { networkClient: networkClient(makeFetch(endpoints)) } : {}),
      },
    };
    this.pca = new PublicClientApplication(configuration);
    this.scopes = teamsScopes(config);
  }

  async account(): Promise<AccountInfo | null> {
    const accounts = await this.pca.getTokenCache().getAllAccounts();
    return accounts[0] ?? null;
  }

  /** A valid access token from the cache, refreshed as needed; SignInRequiredError when that cannot work. */
  /** The last token, reused until 5 minutes before it expires (no keychain read per request). */
  private cached: { token: string; expiresAtMs: number } | null = null;

  invalidate(): void {
    this.cached = null;
  }

  async token(forceRefresh = false): Promise<string> {
    if (!forceRefresh && this.cached && this.cached.expiresAtMs - 5 * 60_000 > Date.now())
      return this.cached.token;
    const account = await this.account();
    if (!account) throw new SignInRequiredError('no signed-in account in the keychain');
    try {
      const result = await this.pca.acquireTokenSilent({ account, scopes: this.scopes, forceRefresh });
      redact.add(result.accessToken);
      this.cached = {
        token: result.accessToken,
        expiresAtMs: result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000,
      };
      return result.accessToken;
    } catch (error) {
      if (error instanceof InteractionRequiredAuthError) throw new SignInRequiredError(error.errorCode);
      const code = (error as { errorCode?: string }).errorCode ?? '';
      if (code === 'invalid_grant' || code === 'no_tokens_found') throw new SignInRequiredError(code);
      throw error;
    }
  }
}

/** An in-memory cache store: sign-in produces the serialized cache that becomes the account's secret. */
export function memoryCacheStore(initial: string | null = null): CacheStore & { value: string | null } {
  const store = {
    value: initial,
    load: () => Promise.resolve(store.value),
    save: (s: string) => {
      store.value = s;
      return Promise.resolve();
    },
  };
  return store;
}

export interface SignInResult {
  /** The serialized MSAL cache: pass it as the account's secret (it goes to the keychain). */
  readonly secret: string;
  readonly username: string;
}

/** Device code flow: `onCode` shows the user the code and URL (the message MSAL gets from Microsoft). */
export async function signInWithDeviceCode(
  config: TeamsConfig,
  onCode: (info: { message: string; userCode: string; verificationUri: string }) => void,
  log: Logger,
  endpoints: TeamsEndpoints = {},
): Promise<SignInResult> {
  const store = memoryCacheStore();
  const auth = new TeamsAuth(config, store, endpoints, log);
  const result = await auth.pca.acquireTokenByDeviceCode({
    scopes: auth.scopes,
    deviceCodeCallback: (r) =>
      onCode({ message: r.message, userCode: r.userCode, verificationUri: r.verificationUri }),
  });
  if (!result || !store.value) throw new SignInRequiredError('the device code sign-in did not finish');
  return { secret: store.value, username: result.account?.username ?? '' };
}

/**
 * Authorization code + PKCE with a loopback redirect (msal-node runs the http://localhost listener).
 * `openBrowser` opens the system browser (the shell's allow-listed openExternal).
 */
export async function signInWithBrowser(
  config: TeamsConfig,
  openBrowser: (url: string) => Promise<void>,
  log: Logger,
  endpoints: TeamsEndpoints = {},
): Promise<SignInResult> {
  const store = memoryCacheStore();
  const auth = new TeamsAuth(config, store, endpoints, log);
  const result = await auth.pca.acquireTokenInteractive({
    scopes: auth.scopes,
    openBrowser,
    successTemplate: '<h1>Signed in to Lull</h1><p>You can close this window.</p>',
    errorTemplate: '<h1>Sign-in failed</h1><p>Return to Lull and try again.</p>',
  });
  if (!store.value) throw new SignInRequiredError('the browser sign-in did not finish');
  return { secret: store.value, username: result.account?.username ?? '' };
}
