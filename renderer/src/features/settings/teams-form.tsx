/** Add Microsoft Teams: a device-code sign-in that finishes outside Lull. */
import { useEffect, useState } from 'react';
import type { AccountInput, ConnectionTest, WireError } from '../../api/types';
import { otherProblems, problemAt, wireErrorOf } from '../../api/errors';
import { useStores } from '../../store/stores';
import { FormProblems } from './field-error';
import { FormButtons, TestResult } from './test-result';
import { TextField } from './text-field';

export function TeamsForm({ onDone }: { onDone: () => void }) {
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
        <TextField
          label="Name"
          value={name}
          onValue={setName}
          errorId="teams-name-err"
          error={problemAt(error, 'name')}
        />
        <TextField
          label="Application (client) id"
          value={clientId}
          onValue={setClientId}
          errorId="teams-client-err"
          error={problemAt(error, 'config.teams.clientId')}
          spellCheck={false}
        />
        <TextField
          label="Tenant"
          value={tenant}
          onValue={setTenant}
          errorId="teams-tenant-err"
          error={problemAt(error, 'config.teams.tenant')}
          spellCheck={false}
        />
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
      <FormButtons
        onTest={() => void stores.accounts.getState().test(input()).then(setTest)}
        onCancel={onDone}
        submitLabel="Sign in to Teams"
        submitDisabled={pending !== null}
      />
    </form>
  );
}
