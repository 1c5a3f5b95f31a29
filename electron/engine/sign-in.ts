/**
 * Sign-in flows that end in a new (or refreshed) account: OAuth2 for IMAP (Gmail, Microsoft 365)
 * and Microsoft identity for Teams. `begin` answers as soon as there is something to show the
 * user (the browser URL or a device code); the flow finishes in the background and reports with
 * a 'signIn' event. The secret it yields goes straight to the keychain through the account save.
 */
import { randomUUID } from 'node:crypto';
import type { CommandInput, CommandOutput } from '../shared/contract';
import { commands } from '../shared/contract';
import { parseUnknown, ValidationError } from '../shared/validate';
import type { Logger } from './log';
import { redact } from './log';
import { signInWithBrowser as oauthBrowser } from './oauth/flow';
import { getOAuthProvider } from './oauth/providers';
import type { TeamsEndpoints } from './sources/teams/auth';
import { signInWithBrowser as teamsBrowser, signInWithDeviceCode } from './sources/teams/auth';

type BeginInput = CommandInput<'beginSignIn'>;
type BeginOutput = CommandOutput<'beginSignIn'>;

export interface SignInDeps {
  /** Opens the system browser (the shell's allow-listed helper); absent in browser mode, where the UI opens the URL. */
  readonly openExternal?: ((url: string) => void) | undefined;
  readonly teamsEndpoints?: TeamsEndpoints | undefined;
  readonly log: Logger;
  /** Saves the account with its new secret; returns its id. */
  save(input: BeginInput, secret: string): Promise<string>;
  done(result: { signInId: string; ok: boolean; message: string; accountId: string | null }): void;
}

interface Shown {
  readonly url: string | null;
  readonly userCode: string | null;
  readonly message: string;
}

const SHOW_TIMEOUT_MS = 30_000;

export function beginSignIn(raw: BeginInput, deps: SignInDeps): Promise<BeginOutput> {
  // Defaults filled in (the API may be called directly, not only through dispatch).
  const input = parseUnknown(commands.beginSignIn.input, raw, 'beginSignIn input');
  const signInId = randomUUID();
  let show!: (s: Shown) => void;
  let fail!: (e: unknown) => void;
  const shown = new Promise<Shown>((res, rej) => {
    show = res;
    fail = rej;
  });
  const openBrowser = (url: string): Promise<void> => {
    deps.openExternal?.(url);
    show({ url, userCode: null, message: 'Finish signing in in your browser.' });
    return Promise.resolve();
  };

  let flow: Promise<string>;
  const config = input.config;
  if (config.kind === 'imap') {
    const providerId = config.imap.oauthProvider;
    const provider = providerId ? getOAuthProvider(providerId) : null;
    if (config.imap.auth !== 'oauth2' || !provider) {
      return Promise.reject(
        new ValidationError('beginSignIn input', [
          {
            path: 'config.imap.oauthProvider',
            message: `No OAuth provider "${providerId ?? ''}" is configured`,
          },
        ]),
      );
    }
    flow = oauthBrowser(provider, { openBrowser, loginHint: config.imap.username }).then((tokens) => {
      if (!tokens.refreshToken)
        throw new Error('The provider gave no refresh token; Lull could not stay signed in.');
      return tokens.refreshToken;
    });
  } else if (config.kind === 'teams') {
    const teams = config.teams;
    flow = (
      input.method === 'device-code'
        ? signInWithDeviceCode(
            teams,
            (info) => show({ url: info.verificationUri, userCode: info.userCode, message: info.message }),
            deps.log,
            deps.teamsEndpoints,
          )
        : teamsBrowser(teams, openBrowser, deps.log, deps.teamsEndpoints)
    ).then((r) => r.secret);
  } else {
    return Promise.reject(
      new ValidationError('beginSignIn input', [
        { path: 'config.kind', message: `${config.kind} accounts do not sign in this way` },
      ]),
    );
  }

  flow
    .then(async (secret) => {
      redact.add(secret);
      const accountId = await deps.save(input, secret);
      deps.done({ signInId, ok: true, message: 'Signed in', accountId });
    })
    .catch((error: unknown) => {
      const message = redact.text(error instanceof Error ? error.message : String(error));
      deps.log.warn('sign-in failed', { message });
      fail(error);
      deps.done({ signInId, ok: false, message, accountId: null });
    });

  const timeout = new Promise<never>((_, rej) =>
    setTimeout(() => rej(new Error('The sign-in page did not open in time.')), SHOW_TIMEOUT_MS).unref(),
  );
  return Promise.race([shown, timeout]).then((s) => ({ signInId, ...s }));
}
