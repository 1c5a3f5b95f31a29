/** Accounts: status per account, the demo source, and forms to add IMAP, Slack and Teams. */
import { useState } from 'react';
import type { WireError } from '../../api/types';
import { useSlice, useStores } from '../../store/stores';
import { accountInput } from '../status/account-fix';
import { ImapForm } from './imap-form';
import { SlackForm } from './slack-form';
import { TeamsForm } from './teams-form';

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
type AddKind = 'imap' | 'slack' | 'teams';
const ADD_KINDS: [AddKind, string][] = [
  ['imap', 'Email (IMAP)'],
  ['slack', 'Slack'],
  ['teams', 'Microsoft Teams'],
];
const KIND_LABEL: Record<string, string> = {
  imap: 'Email (IMAP)',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  webhook: 'Webhook',
  demo: 'Demo',
};

export function AccountsTab({ editId }: { editId: string | null }) {
  const stores = useStores();
  const accounts = useSlice('accounts', (s) => s.accounts);
  const demo = useSlice('status', (s) => s.state?.demo ?? false);
  const [adding, setAdding] = useState<AddKind | null>(editId ? 'imap' : null);
  const [editing, setEditing] = useState<string | null>(editId);
  const [rowError, setRowError] = useState<Record<string, string>>({});
  const editAccount = accounts.find((a) => a.id === editing) ?? null;

  // Row actions report their error under the account they act on.
  const act = (id: string, run: Promise<WireError | null>): void =>
    void run.then((e) => setRowError((m) => ({ ...m, [id]: e ? e.message : '' })));
  const startAdding = (kind: AddKind): void => {
    setEditing(null);
    setAdding(kind);
  };

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
                onClick={() => act(a.id, stores.accounts.getState().update(accountInput(a, !a.enabled)))}
              >
                {a.enabled ? 'Turn off' : 'Turn on'}
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => act(a.id, stores.accounts.getState().remove(a.id))}
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
                    act(a.id, stores.accounts.getState().trust(a.id, a.status.certificate?.sha256 ?? ''))
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
        {ADD_KINDS.map(([kind, label]) => (
          <button
            key={kind}
            type="button"
            aria-pressed={adding === kind && !editing}
            onClick={() => startAdding(kind)}
          >
            {label}
          </button>
        ))}
      </div>
      {/* Editing waits for the account to be loaded: the form takes its fields from it once, when it mounts. */}
      {adding === 'imap' && (!editing || editAccount) ? (
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
