/** Add or edit an IMAP account: server, sign-in, folders, and the test that can pin a certificate. */
import { useState } from 'react';
import type { Account, AccountInput, ConnectionTest, WireError } from '../../api/types';
import { otherProblems, problemAt } from '../../api/errors';
import { isWireError } from '../../store/accounts';
import { useStores } from '../../store/stores';
import { CheckField } from './check-field';
import { FieldError, FormProblems } from './field-error';
import { FolderListEditor, parseFolders } from './folder-list-editor';
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
  const [folders, setFolders] = useState((cfg?.folders ?? ['INBOX']).join('\n'));
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
        folders: parseFolders(folders),
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
          placeholder="Work mail"
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
      </div>
      <FolderListEditor
        id="imap-folders"
        text={folders}
        onText={setFolders}
        serverFolders={test && !isWireError(test) ? (test.folders ?? []) : []}
        error={p('config.imap.folders')}
      />
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
      <CheckField checked={markReadOnDone} onCheck={setMarkReadOnDone}>
        Mark read on the server when I mark an item done
      </CheckField>
      {pinned ? <div className="small muted selectable">Trusted certificate: {pinned}</div> : null}
      {test ? <TestResult result={test} onTrust={(sha) => setPinned(sha)} /> : null}
      <FormProblems problems={otherProblems(error, fields)} />
      <FormButtons
        onTest={() => void runTest()}
        testDisabled={busy}
        onCancel={onDone}
        submitLabel={existing ? 'Save' : 'Add account'}
        submitDisabled={busy}
      />
    </form>
  );
}
