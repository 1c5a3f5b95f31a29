/** Settings, in tabs; the route's sub part picks the tab (#/settings/rules, #/settings/accounts:<id>). */
import { useEffect } from 'react';
import { useSlice, useStores } from '../../store/stores';
import { navigate } from '../../ui/router';
import { AccountsTab } from './accounts-tab';
import { CadenceTab } from './cadence-tab';
import { GeneralTab } from './general-tab';
import { RulesTab } from './rules-tab';
import { ScheduleTab } from './schedule-tab';
import { ErrorNote } from '../../ui/error-note';

const TABS = [
  { id: 'schedule', label: 'Focus schedule' },
  { id: 'cadence', label: 'Batches' },
  { id: 'rules', label: 'Urgent rules' },
  { id: 'accounts', label: 'Accounts' },
  { id: 'general', label: 'General' },
] as const;

export function SettingsView({ tab }: { tab: string | null }) {
  const stores = useStores();
  const settings = useSlice('settings', (s) => s.settings);
  const error = useSlice('settings', (s) => s.error);
  const [tabId, arg] = (tab ?? 'schedule').split(':');
  const current = TABS.find((t) => t.id === tabId)?.id ?? 'schedule';

  useEffect(() => {
    void stores.settings.getState().load();
  }, [stores]);

  const onKey = (e: React.KeyboardEvent, i: number): void => {
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    const t = TABS[(next + TABS.length) % TABS.length];
    if (t) {
      navigate('settings', t.id);
      requestAnimationFrame(() => document.getElementById(`tab-${t.id}`)?.focus());
    }
  };

  return (
    <div className="page">
      <h1>Settings</h1>
      <div className="tabs" role="tablist" aria-label="Settings">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={current === t.id}
            aria-controls="settings-panel"
            tabIndex={current === t.id ? 0 : -1}
            onClick={() => navigate('settings', t.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="settings-panel" role="tabpanel" aria-labelledby={`tab-${current}`}>
        <ErrorNote text={error} />
        {!settings ? <p className="muted">Loading…</p> : null}
        {settings && current === 'schedule' ? <ScheduleTab settings={settings} /> : null}
        {settings && current === 'cadence' ? <CadenceTab settings={settings} /> : null}
        {current === 'rules' ? <RulesTab /> : null}
        {current === 'accounts' ? <AccountsTab editId={arg ?? null} /> : null}
        {settings && current === 'general' ? <GeneralTab settings={settings} /> : null}
      </div>
    </div>
  );
}
