/** Server settings looked up from the address being typed, for a new IMAP account. */
import { useState } from 'react';
import type { OAuthProviderT, ServerSuggestion } from '../../api/types';
import { useStores } from '../../store/stores';
import { useDebouncedEffect } from './use-debounced';

/** The answer for `address` once its lookup is done (null before); looked up once typing pauses. */
function useServerLookup(
  address: string,
  enabled: boolean,
): { readonly address: string; readonly server: ServerSuggestion | null } | null {
  const stores = useStores();
  const [found, setFound] = useState<{ address: string; server: ServerSuggestion | null } | null>(null);
  const wanted = enabled && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address.trim()) ? address.trim() : '';
  useDebouncedEffect(
    (live) => {
      if (!wanted) return;
      stores.client
        .suggestImapServer({ address: wanted })
        .then((r) => live() && setFound({ address: wanted, server: r.server }))
        .catch(() => undefined); // no suggestion: the fields stay as typed
    },
    [wanted, stores],
    400,
  );
  return found && found.address === wanted ? found : null;
}

/**
 * Fills the form from each new suggestion while what is there came from the previous one (or is
 * empty); never over what the user typed or chose. `fill.provider` is null for "leave it".
 */
export function useSuggestedServer(opts: {
  address: string;
  enabled: boolean;
  current: { host: string; provider: string; password: string };
  providers: readonly OAuthProviderT[];
  fill: (next: {
    host: string;
    port: number;
    security: ServerSuggestion['security'];
    provider: string | null;
  }) => void;
}): { suggestion: ServerSuggestion | null; use: () => void; name: string } {
  const found = useServerLookup(opts.address, opts.enabled);
  const suggestion = found?.server ?? null;
  const [seen, setSeen] = useState<typeof found>(null);
  const [auto, setAuto] = useState<{ host: string; provider: string } | null>(null);
  const { host, provider, password } = opts.current;
  const apply = (next: ServerSuggestion): void => {
    const offered = opts.providers.some((x) => x.id === next.oauthProvider) ? (next.oauthProvider ?? '') : '';
    // How to sign in is the user's once they typed a password or picked a provider themselves.
    const chosen = provider === '' ? password !== '' : provider !== auto?.provider;
    opts.fill({
      host: next.host,
      port: next.port,
      security: next.security,
      provider: chosen ? null : offered,
    });
    setAuto({ host: next.host, provider: chosen ? '' : offered });
  };
  if (found && found !== seen) {
    // Adjusting state while rendering (React's pattern for state derived from a change), so the
    // fields never show a frame of the old values.
    setSeen(found);
    if (found.server && (host.trim() === '' || host === auto?.host)) apply(found.server);
    else if (!found.server && auto && host === auto.host) {
      // An address with no known server: what the last suggestion filled in would be wrong now.
      opts.fill({ host: '', port: 993, security: 'tls', provider: provider === auto.provider ? '' : null });
      setAuto(null);
    }
  }
  let name = '';
  if (suggestion && host === suggestion.host) {
    const domain = opts.address
      .slice(opts.address.lastIndexOf('@') + 1)
      .trim()
      .toLowerCase();
    name = suggestion.source === 'known' ? suggestion.name : domain;
  }
  return { suggestion, use: () => suggestion && apply(suggestion), name };
}

const SOURCE: Record<ServerSuggestion['source'], string> = {
  known: '',
  srv: ' (from DNS)',
  mx: ' (from where its mail is hosted)',
};

/** What was filled in and why, what to know to sign in, and a way back to it after an edit. */
export function ServerSuggestionNote({
  suggestion,
  host,
  providers,
  provider,
  onUse,
}: {
  suggestion: ServerSuggestion;
  host: string;
  providers: readonly OAuthProviderT[];
  provider: string;
  onUse: () => void;
}) {
  const s = suggestion;
  const used = host.trim().toLowerCase() === s.host;
  const oauth = s.oauthProvider ? providers.find((p) => p.id === s.oauthProvider) : undefined;
  return (
    <div className="small" role="note" aria-label="Suggested server settings">
      <strong>{s.name}</strong>
      {used
        ? `: server ${s.host} filled in${SOURCE[s.source]}.`
        : `: its server is ${s.host}, port ${s.port}${SOURCE[s.source]}.`}
      {s.note ? <span className="muted"> {s.note}</span> : null}
      {oauth && provider === oauth.id ? (
        <span className="muted"> Sign in with {oauth.name} is selected.</span>
      ) : null}
      {s.oauthProvider && !oauth ? (
        <span className="muted">
          {' '}
          Browser sign-in needs a client id in Lull's configuration (see the README).
        </span>
      ) : null}
      {s.helpUrl && /^https:\/\//.test(s.helpUrl) ? (
        <>
          {' '}
          <a href={s.helpUrl} target="_blank" rel="noreferrer">
            Open {new URL(s.helpUrl).hostname}
          </a>
        </>
      ) : null}
      {used ? null : (
        <>
          {' '}
          <button type="button" className="link" onClick={onUse}>
            Use these settings
          </button>
        </>
      )}
    </div>
  );
}
