/** General: start at login, sounds, theme, shortcut, retention, and holding mail at the server. */
import { useState } from 'react';
import type { SettingsT, WireError } from '../../api/types';
import { otherProblems, problemAt } from '../../api/errors';
import { useSlice, useStores } from '../../store/stores';
import { FieldError, FormProblems } from './field-error';

export function GeneralTab({ settings }: { settings: SettingsT }) {
  const stores = useStores();
  const accounts = useSlice(
    (s) => s.accounts,
    (s) => s.accounts,
  );
  const [g, setG] = useState(settings.general);
  const [retention, setRetention] = useState(String(settings.general.retentionDays));
  const [error, setError] = useState<WireError | null>(null);
  const [saved, setSaved] = useState(false);
  const [holdError, setHoldError] = useState<string | null>(null);
  const imap = accounts.filter((a) => a.config.kind === 'imap');
  const p = (f: string): string | null => problemAt(error, `general.${f}`);

  const save = async (): Promise<void> => {
    setSaved(false);
    const err = await stores.settings.getState().save({
      ...settings,
      general: { ...g, retentionDays: retention.trim() === '' ? NaN : Number(retention) },
    });
    setError(err);
    setSaved(!err);
  };

  return (
    <div className="stack">
      <h2 style={{ marginTop: 0 }}>General</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={g.startAtLogin}
          onChange={(e) => setG({ ...g, startAtLogin: e.target.checked })}
        />{' '}
        Start Lull when I log in
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={g.sounds}
          onChange={(e) => setG({ ...g, sounds: e.target.checked })}
        />{' '}
        Play a sound for urgent items and batches
      </label>
      <label className="field" style={{ maxWidth: 240 }}>
        <span>Appearance</span>
        <select
          value={g.theme}
          onChange={(e) => setG({ ...g, theme: e.target.value as SettingsT['general']['theme'] })}
        >
          <option value="system">Follow the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <label className="field" style={{ maxWidth: 240 }}>
        <span>Focus shortcut</span>
        <input
          type="text"
          value={g.globalShortcut}
          onChange={(e) => setG({ ...g, globalShortcut: e.target.value })}
          placeholder="e.g. CommandOrControl+Shift+L"
          aria-invalid={p('globalShortcut') ? true : undefined}
          aria-describedby="gs-err"
        />
        <FieldError id="gs-err" text={p('globalShortcut')} />
      </label>
      <label className="field" style={{ maxWidth: 240 }}>
        <span>Keep items for (days)</span>
        <input
          type="number"
          value={retention}
          onChange={(e) => setRetention(e.target.value)}
          aria-invalid={p('retentionDays') ? true : undefined}
          aria-describedby="ret-err"
          data-testid="retention"
        />
        <FieldError id="ret-err" text={p('retentionDays')} />
      </label>
      <FormProblems problems={otherProblems(error, ['general.globalShortcut', 'general.retentionDays'])} />
      <div className="row">
        <button type="button" className="primary" onClick={() => void save()}>
          Save
        </button>
        {saved ? (
          <span className="okText" role="status">
            Saved
          </span>
        ) : null}
      </div>
      <fieldset>
        <legend>Hold mail at the server</legend>
        <p className="small muted">
          During focus, new mail is moved out of the inbox on the server so your phone and other mail apps
          stay quiet too; it moves back with each batch.
        </p>
        {imap.length === 0 ? <p className="muted small">No email accounts yet.</p> : null}
        {imap.map((a) =>
          a.config.kind === 'imap' ? (
            <label key={a.id} className="check">
              <input
                type="checkbox"
                checked={a.config.imap.holdAtServer}
                onChange={(e) => {
                  if (a.config.kind !== 'imap') return;
                  void stores.accounts
                    .getState()
                    .update({
                      id: a.id,
                      name: a.name,
                      enabled: a.enabled,
                      config: { kind: 'imap', imap: { ...a.config.imap, holdAtServer: e.target.checked } },
                    })
                    .then((err) => setHoldError(err ? err.message : null));
                }}
              />
              {a.name}
            </label>
          ) : null,
        )}
        {holdError ? (
          <p className="error" role="alert">
            {holdError}
          </p>
        ) : null}
      </fieldset>
    </div>
  );
}
