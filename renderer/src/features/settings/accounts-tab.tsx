/** Accounts: status per account, the demo source, and forms to add IMAP, Slack and Teams. */
import { useEffect, useState } from 'react';
import { slackSecretSchema } from '../../../../electron/shared/accounts/chat';
import slackManifest from '../../../../electron/shared/slack-manifest.json';
import { parseUnknown, ValidationError } from '../../../../electron/shared/validate';
import type { Account, AccountInput, ConnectionTest, WireError } from '../../api/types';
import { otherProblems, problemAt, wireErrorOf } from '../../api/errors';
import { isWireError } from '../../store/accounts';
import { useSlice, useStores } from '../../store/stores';
import { accountInput } from '../status/account-fix';
import { FieldError, FormProblems } from './field-error';

const STATE_LABEL: Record<string, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  'catching-up': 'Catching up',
  'auth-failed': 'Sign-in failed',
  offline: 'Offline',
  'tls-untrusted': 'Untrusted certificate',
  disabled: 'Off',
  error: 'Error',
};
const KIND_LABEL: Record<string, string> = {
  imap: 'Email (IMAP)',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  webhook: 'Webhook',
  demo: 'Demo',
};

export function AccountsTab({ editId }: { editId: string | null }) {
  const stores = useStores();
  const accounts = useSlice(
    (s) => s.accounts,
    (s) => s.accounts,
  );
  const demo = useSlice(
    (s) => s.status,
    (s) => s.state?.demo ?? false,
  );
  const [adding, setAdding] = useState<'imap' | 'slack' | 'teams' | null>(editId ? 'imap' : null);
  const [editing, setEditing] = useState<string | null>(editId);
  const [rowError, setRowError] = useState<Record<string, string>>({});
  const editAccount = accounts.find((a) => a.id === editing) ?? null;

  const setErr = (id: string, e: WireError | null): void =>
    setRowError((m) => ({ ...m, [id]: e ? e.message : '' }));

  return (
    <div className="stack">
      <h2 style={{ marginTop: 0 }}>Accounts</h2>
      {accounts.length === 0 ? <p className="muted">No accounts yet.</p> : null}
      <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="account-list">
        {accounts.map((a) => (
          <li key={a.id} className="card">
            <div className="row">
              <strong>{a.name}</strong>
              <span className="muted small">{KIND_LABEL[a.config.kind]}</span>
              <span
                className={`small ${a.status.state === 'connected' ? 'okText' : a.status.state === 'connecting' || a.status.state === 'catching-up' ? 'muted' : 'warnText'}`}
              >
                {STATE_LABEL[a.status.state] ?? a.status.state}
                {a.status.progress ? ` ${a.status.progress.done}/${a.status.progress.total}` : ''}
              </span>
              <span style={{ flex: 1 }} />
              {a.config.kind === 'imap' ? (
                <button
                  type="button"
                  onClick={() => {
                    setEditing(a.id);
                    setAdding('imap');
                  }}
                >
                  Edit
                </button>
              ) : null}
              <button
                type="button"
                onClick={() =>
                  void stores.accounts
                    .getState()
                    .update(accountInput(a, !a.enabled))
                    .then((e) => setErr(a.id, e))
                }
              >
                {a.enabled ? 'Turn off' : 'Turn on'}
              </button>
              <button
                type="button"
                className="danger"
                onClick={() =>
                  void stores.accounts
                    .getState()
                    .remove(a.id)
                    .then((e) => setErr(a.id, e))
                }
              >
                Remove
              </button>
            </div>
            {a.status.detail ? <div className="muted small">{a.status.detail}</div> : null}
            {a.status.state === 'tls-untrusted' && a.status.certificate ? (
              <div className="row small" style={{ marginTop: 6 }}>
                <span className="selectable">
                  {a.status.certificate.subject}, issued by {a.status.certificate.issuer}, SHA-256{' '}
                  {a.status.certificate.sha256}
                </span>
                <button
                  type="button"
                  onClick={() =>
                    void stores.accounts
                      .getState()
                      .trust(a.id, a.status.certificate?.sha256 ?? '')
                      .then((e) => setErr(a.id, e))
                  }
                >
                  Trust this certificate
                </button>
              </div>
            ) : null}
            {rowError[a.id] ? (
              <div className="error" role="alert">
                {rowError[a.id]}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <section className="card">
        <label className="check">
          <input
            type="checkbox"
            checked={demo}
            onChange={(e) => void stores.status.getState().setDemo(e.target.checked)}
            data-testid="demo-toggle"
          />
          <span>
            <strong>Demo source</strong>{' '}
            <span className="muted">
              — sample notifications (clearly labelled, not real mail or chat) to see Lull work
            </span>
          </span>
        </label>
      </section>
      <div className="row">
        <span>Add:</span>
        <button
          type="button"
          aria-pressed={adding === 'imap' && !editing}
          onClick={() => {
            setEditing(null);
            setAdding('imap');
          }}
        >
          Email (IMAP)
        </button>
        <button
          type="button"
          aria-pressed={adding === 'slack'}
          onClick={() => {
            setEditing(null);
            setAdding('slack');
          }}
        >
          Slack
        </button>
        <button
          type="button"
          aria-pressed={adding === 'teams'}
          onClick={() => {
            setEditing(null);
            setAdding('teams');
          }}
        >
          Microsoft Teams
        </button>
      </div>
      {adding === 'imap' ? (
        <ImapForm
          key={editing ?? 'new'}
          existing={editAccount}
          onDone={() => {
            setAdding(null);
            setEditing(null);
          }}
        />
      ) : null}
      {adding === 'slack' ? <SlackForm onDone={() => setAdding(null)} /> : null}
      {adding === 'teams' ? <TeamsForm onDone={() => setAdding(null)} /> : null}
    </div>
  );
}

function TestResult({
  result,
  onTrust,
}: {
  result: ConnectionTest | WireError;
  onTrust?: (sha: string) => void;
}) {
  if (isWireError(result)) {
    return (
      <div className="error" role="alert" data-testid="connection-test">
        {result.message}
      </div>
    );
  }
  return (
    <div role="status" data-testid="connection-test" className="card" style={{ padding: '8px 10px' }}>
      <div className={result.ok ? 'okText' : 'error'}>
        <strong>{result.ok ? 'Connected' : `Failed (${result.kind})`}</strong>: {result.message}
      </div>
      {result.capabilities.length > 0 ? (
        <div className="muted small">Server offers: {result.capabilities.join(' ')}</div>
      ) : null}
      {result.certificate ? (
        <div className="small row" style={{ marginTop: 4 }}>
          <span className="selectable">
            Certificate: {result.certificate.subject}, issued by {result.certificate.issuer}, SHA-256{' '}
            {result.certificate.sha256}
          </span>
          {onTrust && !result.ok ? (
            <button type="button" onClick={() => onTrust(result.certificate?.sha256 ?? '')}>
              Trust this certificate
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function ImapForm({ existing, onDone }: { existing: Account | null; onDone: () => void }) {
  const stores = useStores();
  const cfg = existing?.config.kind === 'imap' ? existing.config.imap : null;
  const [name, setName] = useState(existing?.name ?? '');
  const [host, setHost] = useState(cfg?.host ?? '');
  const [port, setPort] = useState(String(cfg?.port ?? 993));
  const [security, setSecurity] = useState<'tls' | 'starttls' | 'plain'>(cfg?.security ?? 'tls');
  const [plainConfirmed, setPlainConfirmed] = useState(cfg?.plainConfirmed ?? false);
  const [username, setUsername] = useState(cfg?.username ?? '');
  const [password, setPassword] = useState('');
  const [folders, setFolders] = useState((cfg?.folders ?? ['INBOX']).join(', '));
  const [holdAtServer, setHoldAtServer] = useState(cfg?.holdAtServer ?? false);
  const [markReadOnDone, setMarkReadOnDone] = useState(cfg?.markReadOnDone ?? false);
  const [pinned, setPinned] = useState<string | null>(cfg?.pinnedCertSha256 ?? null);
  const [error, setError] = useState<WireError | null>(null);
  const [test, setTest] = useState<ConnectionTest | WireError | null>(null);
  const [busy, setBusy] = useState(false);

  const input = (): AccountInput => ({
    name: name.trim() || host.trim(),
    enabled: existing?.enabled ?? true,
    config: {
      kind: 'imap',
      imap: {
        host: host.trim(),
        port: Number(port),
        security,
        plainConfirmed,
        username,
        auth: 'password',
        oauthProvider: null,
        folders: folders
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean),
        pinnedCertSha256: pinned,
        holdAtServer,
        markReadOnDone,
        recentWindowMin: cfg?.recentWindowMin ?? 60,
      },
    },
    ...(password ? { secret: password } : {}),
  });
  const p = (path: string): string | null =>
    problemAt(error, path) ?? (isWireError(test) ? problemAt(test, path) : null);

  const runTest = async (): Promise<void> => {
    setBusy(true);
    setTest(null);
    const r = await stores.accounts.getState().test(existing ? { ...input(), id: existing.id } : input());
    setTest(r);
    setBusy(false);
  };
  const save = async (): Promise<void> => {
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
    'secret',
  ];
  const inv = (path: string) => (p(path) ? true : undefined);

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
        <label className="field">
          <span>Name</span>
          <input
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Work mail"
            aria-invalid={inv('name')}
            aria-describedby="imap-name-err"
          />
          <FieldError id="imap-name-err" text={p('name')} />
        </label>
        <label className="field">
          <span>Server</span>
          <input
            type="text"
            value={host}
            onChange={(e) => setHost(e.target.value)}
            placeholder="imap.example.com"
            aria-invalid={inv('config.imap.host')}
            aria-describedby="imap-host-err"
            spellCheck={false}
          />
          <FieldError id="imap-host-err" text={p('config.imap.host')} />
        </label>
        <label className="field">
          <span>Port</span>
          <input
            type="number"
            value={port}
            onChange={(e) => setPort(e.target.value)}
            aria-invalid={inv('config.imap.port')}
            aria-describedby="imap-port-err"
          />
          <FieldError id="imap-port-err" text={p('config.imap.port')} />
        </label>
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
        <label className="field">
          <span>Username</span>
          <input
            type="text"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            aria-invalid={inv('config.imap.username')}
            aria-describedby="imap-user-err"
            spellCheck={false}
          />
          <FieldError id="imap-user-err" text={p('config.imap.username')} />
        </label>
        <label className="field">
          <span>Password or app password</span>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            placeholder={existing ? 'Unchanged' : ''}
            aria-invalid={inv('secret')}
            aria-describedby="imap-pass-err"
          />
          <FieldError id="imap-pass-err" text={p('secret')} />
        </label>
        <label className="field">
          <span>Folders (comma separated)</span>
          <input
            type="text"
            value={folders}
            onChange={(e) => setFolders(e.target.value)}
            aria-invalid={inv('config.imap.folders')}
            aria-describedby="imap-folders-err"
          />
          <FieldError id="imap-folders-err" text={p('config.imap.folders')} />
        </label>
      </div>
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
      <label className="check">
        <input type="checkbox" checked={holdAtServer} onChange={(e) => setHoldAtServer(e.target.checked)} />{' '}
        Hold mail at the server during focus (other mail apps stay quiet too)
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={markReadOnDone}
          onChange={(e) => setMarkReadOnDone(e.target.checked)}
        />{' '}
        Mark read on the server when I mark an item done
      </label>
      {pinned ? <div className="small muted selectable">Trusted certificate: {pinned}</div> : null}
      {test ? <TestResult result={test} onTrust={(sha) => setPinned(sha)} /> : null}
      <FormProblems problems={otherProblems(error, fields)} />
      <div className="row">
        <button type="button" onClick={() => void runTest()} disabled={busy}>
          Test connection
        </button>
        <span style={{ flex: 1 }} />
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {existing ? 'Save' : 'Add account'}
        </button>
      </div>
    </form>
  );
}

function SlackForm({ onDone }: { onDone: () => void }) {
  const stores = useStores();
  const [name, setName] = useState('Slack');
  const [userToken, setUserToken] = useState('');
  const [appToken, setAppToken] = useState('');
  const [local, setLocal] = useState<ValidationError | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [test, setTest] = useState<ConnectionTest | WireError | null>(null);
  const [copied, setCopied] = useState(false);
  const manifest = JSON.stringify(slackManifest, null, 2);

  const build = (): AccountInput | null => {
    try {
      const secret = parseUnknown(
        slackSecretSchema,
        { userToken: userToken.trim(), appToken: appToken.trim() },
        'Slack tokens',
      );
      setLocal(null);
      return {
        name,
        enabled: true,
        config: { kind: 'slack', slack: { teamId: null, teamName: null, channels: [], mirrorFocus: false } },
        secret: JSON.stringify(secret),
      };
    } catch (e) {
      if (e instanceof ValidationError) setLocal(e);
      return null;
    }
  };
  const tokenProblem = (field: string): string | null =>
    local?.problems.find((p) => p.path === field)?.message ?? null;
  return (
    <form
      className="card stack"
      aria-label="Add Slack"
      onSubmit={(e) => {
        e.preventDefault();
        const input = build();
        if (input)
          void stores.accounts
            .getState()
            .add(input)
            .then((err) => (err ? setError(err) : onDone()));
      }}
    >
      <h3 style={{ margin: 0 }}>Add Slack</h3>
      <ol className="small" style={{ margin: 0, paddingLeft: 18 }}>
        <li>
          At api.slack.com/apps choose <em>Create New App → From an app manifest</em>, pick your workspace and
          paste this manifest.
        </li>
        <li>
          Install the app to your workspace; copy the <em>User OAuth Token</em> (xoxp-…).
        </li>
        <li>
          Under <em>Basic Information → App-Level Tokens</em>, create one with connections:write (xapp-…).
        </li>
      </ol>
      <div className="manifest" tabIndex={0} aria-label="Slack app manifest">
        {manifest}
      </div>
      <div className="row">
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(manifest).then(() => setCopied(true));
          }}
        >
          Copy manifest
        </button>
        {copied ? <span className="okText small">Copied</span> : null}
      </div>
      <div className="grid2">
        <label className="field">
          <span>Name</span>
          <input
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-describedby="slack-name-err"
          />
          <FieldError id="slack-name-err" text={problemAt(error, 'name')} />
        </label>
        <label className="field">
          <span>User OAuth Token (xoxp-…)</span>
          <input
            type="password"
            value={userToken}
            onChange={(e) => setUserToken(e.target.value)}
            aria-invalid={tokenProblem('userToken') ? true : undefined}
            aria-describedby="slack-user-err"
          />
          <FieldError id="slack-user-err" text={tokenProblem('userToken')} />
        </label>
        <label className="field">
          <span>App-Level Token (xapp-…)</span>
          <input
            type="password"
            value={appToken}
            onChange={(e) => setAppToken(e.target.value)}
            aria-invalid={tokenProblem('appToken') ? true : undefined}
            aria-describedby="slack-app-err"
          />
          <FieldError id="slack-app-err" text={tokenProblem('appToken')} />
        </label>
      </div>
      {test ? <TestResult result={test} /> : null}
      <FormProblems problems={otherProblems(error, ['name'])} />
      <div className="row">
        <button
          type="button"
          onClick={() => {
            const input = build();
            if (input) void stores.accounts.getState().test(input).then(setTest);
          }}
        >
          Test connection
        </button>
        <span style={{ flex: 1 }} />
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Add Slack
        </button>
      </div>
    </form>
  );
}

function TeamsForm({ onDone }: { onDone: () => void }) {
  const stores = useStores();
  const [name, setName] = useState('Teams');
  const [clientId, setClientId] = useState('');
  const [tenant, setTenant] = useState('common');
  const [error, setError] = useState<WireError | null>(null);
  const [test, setTest] = useState<ConnectionTest | WireError | null>(null);
  const [pending, setPending] = useState<{
    signInId: string;
    url: string | null;
    userCode: string | null;
    message: string;
  } | null>(null);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const input = (): AccountInput => ({
    name,
    enabled: true,
    config: {
      kind: 'teams',
      teams: { clientId: clientId.trim(), tenant: tenant.trim(), mirrorFocus: false },
    },
  });
  // The sign-in finishes outside Lull (a code at microsoft.com); the engine reports it as an event.
  useEffect(() => {
    if (!pending) return;
    return stores.client.on('signIn', (ev) => {
      if (ev.signInId !== pending.signInId) return;
      setOutcome({ ok: ev.ok, message: ev.message });
      setPending(null);
      if (ev.ok) void stores.accounts.getState().load();
    });
  }, [pending, stores]);
  const begin = async (): Promise<void> => {
    setOutcome(null);
    try {
      const i = input();
      const r = await stores.client.beginSignIn({ name: i.name, config: i.config, method: 'device-code' });
      setPending({ ...r });
      setError(null);
    } catch (e) {
      setError(wireErrorOf(e));
    }
  };
  return (
    <form
      className="card stack"
      aria-label="Add Microsoft Teams"
      onSubmit={(e) => {
        e.preventDefault();
        void begin();
      }}
    >
      <h3 style={{ margin: 0 }}>Add Microsoft Teams</h3>
      <p className="small muted">
        Sign-in uses your organisation's Microsoft account with delegated permissions only; Lull shows a code
        to enter at microsoft.com/devicelogin.
      </p>
      <div className="grid2">
        <label className="field">
          <span>Name</span>
          <input
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-describedby="teams-name-err"
          />
          <FieldError id="teams-name-err" text={problemAt(error, 'name')} />
        </label>
        <label className="field">
          <span>Application (client) id</span>
          <input
            type="text"
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
            aria-describedby="teams-client-err"
            spellCheck={false}
          />
          <FieldError id="teams-client-err" text={problemAt(error, 'config.teams.clientId')} />
        </label>
        <label className="field">
          <span>Tenant</span>
          <input
            type="text"
            value={tenant}
            onChange={(e) => setTenant(e.target.value)}
            aria-describedby="teams-tenant-err"
            spellCheck={false}
          />
          <FieldError id="teams-tenant-err" text={problemAt(error, 'config.teams.tenant')} />
        </label>
      </div>
      {test ? <TestResult result={test} /> : null}
      {pending ? (
        <div className="card" role="status" style={{ padding: '8px 10px' }}>
          <div>{pending.message}</div>
          {pending.userCode ? (
            <div style={{ marginTop: 4 }}>
              Code: <strong className="selectable">{pending.userCode}</strong>
              {pending.url ? <span className="muted selectable"> at {pending.url}</span> : null}
            </div>
          ) : null}
        </div>
      ) : null}
      {outcome ? (
        <div className={outcome.ok ? 'okText' : 'error'} role="alert">
          {outcome.message}
        </div>
      ) : null}
      <FormProblems
        problems={otherProblems(error, ['name', 'config.teams.clientId', 'config.teams.tenant'])}
      />
      <div className="row">
        <button type="button" onClick={() => void stores.accounts.getState().test(input()).then(setTest)}>
          Test connection
        </button>
        <span style={{ flex: 1 }} />
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={pending !== null}>
          Sign in to Teams
        </button>
      </div>
    </form>
  );
}
