import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { StatusView } from './features/status/status-view';
import { useSlice, useStores } from './store/stores';
import { navigate, parseHash, useHash } from './ui/router';
import type { View } from './ui/router';

// Status is what the tray opens, so it is in the first chunk; the other views load on demand
// (and are fetched in the background once Status is up).
const loadReview = () => import('./features/review/review-view');
const loadSettings = () => import('./features/settings/settings-view');
const loadToday = () => import('./features/today/today-view');
const loadWelcome = () => import('./features/first-run/welcome-view');
const ReviewView = lazy(() => loadReview().then((m) => ({ default: m.ReviewView })));
const SettingsView = lazy(() => loadSettings().then((m) => ({ default: m.SettingsView })));
const TodayView = lazy(() => loadToday().then((m) => ({ default: m.TodayView })));
const WelcomeView = lazy(() => loadWelcome().then((m) => ({ default: m.WelcomeView })));

const NAV: { view: View; label: string }[] = [
  { view: 'status', label: 'Status' },
  { view: 'review', label: 'Review' },
  { view: 'today', label: 'Today' },
  { view: 'settings', label: 'Settings' },
];

function useConnection() {
  const { connection } = useStores();
  return useSyncExternalStore(connection.subscribe, connection.get);
}

export function App() {
  const stores = useStores();
  const route = parseHash(useHash());
  const state = useSlice('status', (s) => s.state);
  const theme = useSlice('settings', (s) => s.settings?.general.theme ?? 'system');
  const held = state?.heldCount ?? 0;
  const connection = useConnection();

  useEffect(() => {
    if (!stores.status.getState().state) void stores.status.getState().load();
    void stores.settings.getState().load();
    void stores.accounts.getState().load();
    const t = setTimeout(() => void Promise.all([loadReview(), loadSettings(), loadToday()]), 300);
    return () => clearTimeout(t);
  }, [stores]);

  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);

  // No view asked for: first run if nothing is connected yet, else Status.
  useEffect(() => {
    if (route.view || !state) return;
    navigate(state.accounts.length === 0 && !state.demo ? 'welcome' : 'status');
  }, [route.view, state]);

  const view = route.view ?? 'status';
  if (view === 'welcome') {
    return (
      <main className="main" id="main">
        <Suspense fallback={null}>
          <WelcomeView />
        </Suspense>
      </main>
    );
  }
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Lull">
        <div className="brand">
          <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
            <circle cx="9" cy="9" r="8" fill="var(--accent)" />
            <path
              d="M5 10c1.5 1.5 6.5 1.5 8 0"
              stroke="var(--accent-text)"
              strokeWidth="1.6"
              fill="none"
              strokeLinecap="round"
            />
          </svg>
          Lull
        </div>
        {NAV.map((n) => (
          <a key={n.view} href={`#/${n.view}`} aria-current={view === n.view ? 'page' : undefined}>
            <span>{n.label}</span>
            {n.view === 'status' && held > 0 ? (
              <span className="badge" aria-label={`${held} held`}>
                {held}
              </span>
            ) : null}
          </a>
        ))}
        <div className="spacer" />
        <div className="conn" role="status" aria-live="polite">
          {connection === 'open' ? '' : connection === 'connecting' ? 'Reconnecting…' : 'Disconnected'}
        </div>
      </nav>
      <main className="main" id="main">
        <Suspense fallback={null}>
          {view === 'review' ? <ReviewView batchId={route.sub ? Number(route.sub) : null} /> : null}
          {view === 'status' ? <StatusView /> : null}
          {view === 'settings' ? <SettingsView tab={route.sub} /> : null}
          {view === 'today' ? <TodayView /> : null}
        </Suspense>
      </main>
    </div>
  );
}
