/** Add or edit an IMAP account: server, sign-in, folders, and the test that can pin a certificate. */
import { useEffect, useState } from 'react';
import type { Account, AccountInput, ConnectionTest, OAuthProviderT, WireError } from '../../api/types';
import { otherProblems, problemAt } from '../../api/errors';
import { isWireError } from '../../store/accounts';
import { useStores } from '../../store/stores';
import { CheckField } from './check-field';
import { FieldError, FormProblems } from './field-error';
import { FolderListEditor, parseFolders } from './folder-list-editor';
import { ServerSuggestionNote, useSuggestedServer } from './server-suggestion';
import { SignInStatus, useSignIn } from './sign-in';
import { RecentWindowField } from './recent-window-field';
import { FormButtons, TestResult } from './test-result';
import { TextField } from './text-field';

export function ImapForm({ existing, onDone }: { existing: Account | null; onDone: () => void }) {
  const stores = useStores();
  const cfg = existing?.config.kind === 'imap' ? existing.config.imap : null;
  const [name, setName] = useState(existing?.name ?? '');
  const [host, setHost] = useState(cfg?.host ?? '');
  const [port, setPort] = useState(String(cfg?.port ?? 993));
  const [security, setSecurity] = useState<'tls' | 'starttls' | 'plain'>(cfg?.security ?? 'tls');
  const [plainConfirmed, setPlainConfirmed] = useState(cfg?.plainConfirmed ?? false);
  const [username, setUsername] = useState(cfg?.username ?? '');
  const [password, setPassword] = useState('');
  const [address, setAddress] = useState(cfg?.address ?? '');
  // '' is a password; otherwise the id of the OAuth2 provider to sign in with.
  const [provider, setProvider] = useState(cfg?.auth === 'oauth2' ? (cfg.oauthProvider ?? '') : '');
  const [providers, setProviders] = useState<readonly OAuthProviderT[]>([]);
  const [folders, setFolders] = useState((cfg?.folders ?? ['INBOX']).join('\n'));
  const [holdAtServer, setHoldAtServer] = useState(cfg?.holdAtServer ?? false);
  const [markReadOnDone, setMarkReadOnDone] = useState(cfg?.markReadOnDone ?? false);
  const [recentWindowMin, setRecentWindowMin] = useState(cfg?.recentWindowMin ?? 60);
  const [pinned, setPinned] = useState<string | null>(cfg?.pinnedCertSha256 ?? null);
  const [error, setError] = useState<WireError | null>(null);
  const [test, setTest] = useState<ConnectionTest | WireError | null>(null);
  const [busy, setBusy] = useState(false);
  const signIn = useSignIn(onDone);
  useEffect(() => {
    let live = true;
    stores.client
      .listOAuthProviders({})
      .then((list) => live && setProviders(list))
      .catch(() => undefined); // no providers to offer: password sign-in only
    return () => {
      live = false;
    };
  }, [stores]);
  // A new account's server settings follow the address, until the user types a server of their own.
  const suggested = useSuggestedServer({
    address: username.includes('@') ? username : address,
    enabled: existing === null,
    current: { host, provider, password },
    providers,
    fill: (next) => {
      setHost(next.host);
      setPort(String(next.port));
      setSecurity(next.security);
      if (next.provider !== null) setProvider(next.provider);
    },
  });
  const oauth = provider !== '';
  const providerName = providers.find((x) => x.id === provider)?.name ?? provider;

  const input = (): AccountInput => ({
    name: name.trim() || suggested.name || host.trim(),
    enabled: existing?.enabled ?? true,
    config: {
      kind: 'imap',
      imap: {
        // Settings this form does not show (poll interval, my address…) are kept, not reset.
        ...cfg,
        host: host.trim(),
        port: Number(port),
        security,
        plainConfirmed,
        username,
        auth: oauth ? 'oauth2' : 'password',
        oauthProvider: oauth ? provider : null,
        folders: parseFolders(folders),
        pinnedCertSha256: pinned,
        holdAtServer,
        markReadOnDone,
        recentWindowMin,
        address: address.trim(),
      },
    },
    ...(password && !oauth ? { secret: password } : {}),
  });
  const p = (path: string): string | null =>
    problemAt(error, path) ??
    problemAt(signIn.error, path) ??
    (isWireError(test) ? problemAt(test, path) : null);

  const runTest = async (): Promise<void> => {
    setBusy(true);
    setTest(null);
    const r = await stores.accounts.getState().test(existing ? { ...input(), id: existing.id } : input());
    setTest(r);
    setBusy(false);
  };
  /** OAuth2: the account is saved when the browser sign-in finishes (a 'signIn' event). */
  const startSignIn = (): Promise<void> => {
    const i = input();
    return signIn.begin({
      name: i.name,
      config: i.config,
      method: 'browser',
      ...(existing ? { accountId: existing.id } : {}),
    });
  };
  const chooseProvider = (id: string): void => {
    setProvider(id);
    const host = providers.find((x) => x.id === id)?.imapHost;
    if (!host) return;
    setHost(host);
    setPort('993');
    setSecurity('tls');
  };
  const save = async (): Promise<void> => {
    if (oauth && !existing) return startSignIn();
    setBusy(true);
    const e = existing
      ? await stores.accounts.getState().update({ ...input(), id: existing.id })
      : await stores.accounts.getState().add(input());
    setBusy(false);
    setError(e);
    if (!e) onDone();
  };
  const fields = [
    'name',
    'config.imap.host',
    'config.imap.port',
    'config.imap.username',
    'config.imap.folders',
    'config.imap.plainConfirmed',
    'config.imap.oauthProvider',
    'config.imap.address',
    'secret',
  ];

  return (
    <form
      className="card stack"
      aria-label={existing ? `Edit ${existing.name}` : 'Add an email account'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 style={{ margin: 0 }}>{existing ? `Edit ${existing.name}` : 'Add an email account (IMAP)'}</h3>
      <div className="grid2">
        <TextField
          label="Name"
          value={name}
          onValue={setName}
          placeholder={suggested.name || 'Work mail'}
          errorId="imap-name-err"
          error={p('name')}
        />
        <TextField
          label="Server"
          value={host}
          onValue={setHost}
          placeholder="imap.example.com"
          errorId="imap-host-err"
          error={p('config.imap.host')}
          spellCheck={false}
        />
        <TextField
          label="Port"
          type="number"
          value={port}
          onValue={setPort}
          errorId="imap-port-err"
          error={p('config.imap.port')}
        />
        <label className="field">
          <span>Security</span>
          <select
            value={security}
            onChange={(e) => {
              const s = e.target.value as 'tls' | 'starttls' | 'plain';
              setSecurity(s);
              if (s === 'tls' && port === '143') setPort('993');
              if (s !== 'tls' && port === '993') setPort('143');
            }}
          >
            <option value="tls">TLS</option>
            <option value="starttls">STARTTLS</option>
            <option value="plain">None (localhost only)</option>
          </select>
        </label>
        <TextField
          label="Username"
          value={username}
          onValue={setUsername}
          autoComplete="username"
          errorId="imap-user-err"
          error={p('config.imap.username')}
          spellCheck={false}
        />
        {providers.length > 0 || oauth ? (
          <label className="field">
            <span>Sign in with</span>
            <select
              value={provider}
              onChange={(e) => chooseProvider(e.target.value)}
              aria-describedby="imap-provider-err"
            >
              <option value="">Password or app password</option>
              {providers.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name} (browser sign-in)
                </option>
              ))}
              {oauth && !providers.some((x) => x.id === provider) ? (
                <option value={provider}>{provider} (not configured)</option>
              ) : null}
            </select>
            <FieldError id="imap-provider-err" text={p('config.imap.oauthProvider')} />
          </label>
        ) : null}
        {username.includes('@') && !address ? null : (
          <TextField
            label="Your email address"
            value={address}
            onValue={setAddress}
            placeholder="you@example.com"
            autoComplete="email"
            title="To tell mail you were only cc'd on, and replies in threads you wrote in"
            errorId="imap-address-err"
            error={p('config.imap.address')}
            spellCheck={false}
          />
        )}
        {oauth ? null : (
          <TextField
            label="Password or app password"
            type="password"
            value={password}
            onValue={setPassword}
            autoComplete="current-password"
            placeholder={existing ? 'Unchanged' : ''}
            errorId="imap-pass-err"
            error={p('secret')}
          />
        )}
      </div>
      {suggested.suggestion ? (
        <ServerSuggestionNote
          suggestion={suggested.suggestion}
          host={host}
          providers={providers}
          provider={provider}
          onUse={suggested.use}
        />
      ) : null}
      <FolderListEditor
        id="imap-folders"
        text={folders}
        onText={setFolders}
        serverFolders={test && !isWireError(test) ? (test.folders ?? []) : []}
        error={p('config.imap.folders')}
      />
      {/* It only applies to the first connect, so an account that has one already is not asked. */}
      {existing ? null : <RecentWindowField minutes={recentWindowMin} onMinutes={setRecentWindowMin} />}
      {security === 'plain' ? (
        <label className="check">
          <input
            type="checkbox"
            checked={plainConfirmed}
            onChange={(e) => setPlainConfirmed(e.target.checked)}
            aria-describedby="imap-plain-err"
          />
          I understand the password is sent unencrypted (only for a server on this computer)
          <FieldError id="imap-plain-err" text={p('config.imap.plainConfirmed')} />
        </label>
      ) : null}
      <CheckField checked={holdAtServer} onCheck={setHoldAtServer}>
        Hold mail at the server during focus (other mail apps stay quiet too)
      </CheckField>
      {holdAtServer ? (
        <div className="small muted" style={{ marginTop: -6, paddingLeft: 24 }}>
          New mail waits in the folder Lull/Held and goes back to the inbox with each batch, when focus ends,
          and when Lull quits or this account is turned off.
        </div>
      ) : null}
      <CheckField checked={markReadOnDone} onCheck={setMarkReadOnDone}>
        Mark read on the server when I mark an item done
      </CheckField>
      {pinned ? (
        <div className="row small">
          <span className="muted selectable">Trusted certificate: {pinned}</span>
          {/* A pin made by mistake, or one no longer needed, can be taken back; it applies on Save. */}
          <button type="button" onClick={() => setPinned(null)}>
            Stop trusting it
          </button>
        </div>
      ) : null}
      {test ? <TestResult result={test} onTrust={(sha) => setPinned(sha)} /> : null}
      <SignInStatus pending={signIn.pending} outcome={signIn.outcome} />
      {oauth && existing ? (
        <div className="row small">
          <span className="muted">Signed out, or the sign-in was revoked?</span>
          <button type="button" onClick={() => void startSignIn()} disabled={signIn.pending !== null}>
            Sign in again with {providerName}
          </button>
        </div>
      ) : null}
      <FormProblems problems={otherProblems(error ?? signIn.error, fields)} />
      <FormButtons
        onTest={() => void runTest()}
        testDisabled={busy}
        onCancel={onDone}
        submitLabel={existing ? 'Save' : oauth ? `Sign in with ${providerName}` : 'Add account'}
        submitDisabled={busy || signIn.pending !== null}
      />
    </form>
  );
}
