/**
 * OAuth2 providers from configuration, never hard-coded in the flow.
 *
 * Endpoints for Google and Microsoft are known; their client ids come from the environment
 * (LULL_OAUTH_GOOGLE_CLIENT_ID, LULL_OAUTH_MICROSOFT_CLIENT_ID) or from a JSON file named by
 * LULL_OAUTH_PROVIDERS (an array of providers, which may also add new ones, e.g. a test server).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseUnknown } from '../../shared/validate';

export const oauthProviderSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  authorizeUrl: z.url(),
  tokenUrl: z.url(),
  revokeUrl: z.url().nullable().default(null),
  clientId: z.string().min(1).max(500),
  /** Desktop apps are public clients; some providers still hand out a (non-secret) secret. */
  clientSecret: z.string().max(500).nullable().default(null),
  scopes: z.array(z.string().min(1).max(500)).max(20),
  /** IMAP host this provider signs in to, to pick it automatically. */
  imapHost: z.string().max(253).nullable().default(null),
  extraAuthParams: z.record(z.string(), z.string()).default({}),
});
export type OAuthProvider = z.infer<typeof oauthProviderSchema>;

const KNOWN: readonly Omit<OAuthProvider, 'clientId'>[] = [
  {
    id: 'google',
    name: 'Google',
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revokeUrl: 'https://oauth2.googleapis.com/revoke',
    clientSecret: null,
    scopes: ['https://mail.google.com/'],
    imapHost: 'imap.gmail.com',
    extraAuthParams: { access_type: 'offline', prompt: 'consent' },
  },
  {
    id: 'microsoft',
    name: 'Microsoft 365',
    authorizeUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    revokeUrl: null,
    clientSecret: null,
    scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'offline_access'],
    imapHost: 'outlook.office365.com',
    extraAuthParams: {},
  },
];

let override: Map<string, OAuthProvider> | null = null;

/** Reads providers from the environment (see the file comment). */
export function loadOAuthProviders(env: NodeJS.ProcessEnv = process.env): Map<string, OAuthProvider> {
  const out = new Map<string, OAuthProvider>();
  for (const k of KNOWN) {
    const clientId = env[`LULL_OAUTH_${k.id.toUpperCase()}_CLIENT_ID`];
    if (clientId) out.set(k.id, { ...k, clientId });
  }
  const file = env.LULL_OAUTH_PROVIDERS;
  if (file) {
    const list = parseUnknown(
      z.array(oauthProviderSchema),
      JSON.parse(readFileSync(file, 'utf8')) as unknown,
      `OAuth providers in ${file}`,
    );
    for (const p of list) out.set(p.id, p);
  }
  return out;
}

/** The app (or a test) sets the providers it loaded; otherwise they come from the environment. */
export function configureOAuthProviders(providers: readonly OAuthProvider[] | null): void {
  override = providers ? new Map(providers.map((p) => [p.id, oauthProviderSchema.parse(p)])) : null;
}

export function getOAuthProvider(id: string): OAuthProvider | null {
  return (override ?? loadOAuthProviders()).get(id) ?? null;
}

/** What the settings form may show of the configured providers: never a client id or secret. */
export function listOAuthProviders(): { id: string; name: string; imapHost: string | null }[] {
  return [...(override ?? loadOAuthProviders()).values()].map((p) => ({
    id: p.id,
    name: p.name,
    imapHost: p.imapHost,
  }));
}
