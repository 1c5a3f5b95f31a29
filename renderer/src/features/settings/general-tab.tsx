/** General: start at login, sounds, theme, shortcut, retention, and holding mail at the server. */
import { useState } from 'react';
import type { SettingsT, WireError } from '../../api/types';
import { otherProblems, problemAt } from '../../api/errors';
import { useSlice, useStores } from '../../store/stores';
import { ErrorNote } from '../../ui/error-note';
import { CheckField } from './check-field';
import { FormProblems } from './field-error';
import { SaveRow } from './save-row';
import { TextField } from './text-field';

export function GeneralTab({ settings }: { settings: SettingsT }) {
  const stores = useStores();
  const accounts = useSlice('accounts', (s) => s.accounts);
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
      <CheckField checked={g.startAtLogin} onCheck={(v) => setG({ ...g, startAtLogin: v })}>
        Start Lull when I log in
      </CheckField>
      <CheckField checked={g.sounds} onCheck={(v) => setG({ ...g, sounds: v })}>
        Play a sound for urgent items and batches
      </CheckField>
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
      <TextField
        label="Focus shortcut"
        maxWidth={240}
        value={g.globalShortcut}
        onValue={(v) => setG({ ...g, globalShortcut: v })}
        placeholder="e.g. CommandOrControl+Shift+L"
        errorId="gs-err"
        error={p('globalShortcut')}
      />
      <TextField
        label="Keep items for (days)"
        type="number"
        maxWidth={240}
        value={retention}
        onValue={setRetention}
        errorId="ret-err"
        error={p('retentionDays')}
        data-testid="retention"
      />
      <FormProblems problems={otherProblems(error, ['general.globalShortcut', 'general.retentionDays'])} />
      <SaveRow onSave={() => void save()} saved={saved} />
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
        <ErrorNote text={holdError} />
      </fieldset>
    </div>
  );
}
