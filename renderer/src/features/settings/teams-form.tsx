/** Add Microsoft Teams: a device-code sign-in that finishes outside Lull. */
import { useState } from 'react';
import type { AccountInput, ConnectionTest, WireError } from '../../api/types';
import { otherProblems, problemAt } from '../../api/errors';
import { useStores } from '../../store/stores';
import { FormProblems } from './field-error';
import { SignInStatus, useSignIn } from './sign-in';
import { FormButtons, TestResult } from './test-result';
import { TextField } from './text-field';

export function TeamsForm({ onDone }: { onDone: () => void }) {
  const stores = useStores();
  const [name, setName] = useState('Teams');
  const [clientId, setClientId] = useState('');
  const [tenant, setTenant] = useState('common');
  const [test, setTest] = useState<ConnectionTest | WireError | null>(null);
  // The sign-in finishes outside Lull (a code at microsoft.com); the engine reports it as an event.
  const { pending, outcome, error, begin: beginSignIn } = useSignIn();
  const input = (): AccountInput => ({
    name,
    enabled: true,
    config: {
      kind: 'teams',
      teams: { clientId: clientId.trim(), tenant: tenant.trim(), mirrorFocus: false },
    },
  });
  const begin = (): Promise<void> => {
    const i = input();
    return beginSignIn({ name: i.name, config: i.config, method: 'device-code' });
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
      <SignInStatus pending={pending} outcome={outcome} />
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
