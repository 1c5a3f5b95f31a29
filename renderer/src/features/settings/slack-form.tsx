/** Add Slack: the app manifest to paste, then the user and app-level tokens. */
import { useState } from 'react';
import { slackSecretSchema } from '../../../../electron/shared/accounts/chat';
import slackManifest from '../../../../electron/shared/slack-manifest.json';
import { parseUnknown, ValidationError } from '../../../../electron/shared/validate';
import type { AccountInput, ConnectionTest, WireError } from '../../api/types';
import { otherProblems, problemAt } from '../../api/errors';
import { useStores } from '../../store/stores';
import { FormProblems } from './field-error';
import { FormButtons, TestResult } from './test-result';
import { TextField } from './text-field';

export function SlackForm({ onDone }: { onDone: () => void }) {
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
        <TextField
          label="Name"
          value={name}
          onValue={setName}
          errorId="slack-name-err"
          error={problemAt(error, 'name')}
        />
        <TextField
          label="User OAuth Token (xoxp-…)"
          type="password"
          value={userToken}
          onValue={setUserToken}
          errorId="slack-user-err"
          error={tokenProblem('userToken')}
        />
        <TextField
          label="App-Level Token (xapp-…)"
          type="password"
          value={appToken}
          onValue={setAppToken}
          errorId="slack-app-err"
          error={tokenProblem('appToken')}
        />
      </div>
      {test ? <TestResult result={test} /> : null}
      <FormProblems problems={otherProblems(error, ['name'])} />
      <FormButtons
        onTest={() => {
          const input = build();
          if (input) void stores.accounts.getState().test(input).then(setTest);
        }}
        onCancel={onDone}
        submitLabel="Add Slack"
      />
    </form>
  );
}
