/** First run: choose a schedule preset, add an account or the demo source, and see the first item arrive. */
import { useEffect, useState } from 'react';
import type { StoredItemT } from '../../api/types';
import { mutable } from '../../api/types';
import { wireErrorOf } from '../../api/errors';
import { useSlice, useStores } from '../../store/stores';
import { formatTime } from '../../ui/format';
import { navigate } from '../../ui/router';
import { SourceIcon } from '../../ui/source-icon';
import { PRESETS } from './presets';
import { ErrorNote } from '../../ui/error-note';

export function WelcomeView() {
  const stores = useStores();
  const settings = useSlice('settings', (s) => s.settings);
  const state = useSlice('status', (s) => s.state);
  const [step, setStep] = useState(0);
  const [preset, setPreset] = useState(PRESETS[0]?.id ?? 'manual');
  const [error, setError] = useState<string | null>(null);
  const [first, setFirst] = useState<StoredItemT | null>(null);

  useEffect(() => {
    void stores.settings.getState().load();
  }, [stores]);

  // Step 3: the newest item, looked up again whenever the engine's state changes.
  useEffect(() => {
    if (step !== 2) return;
    let live = true;
    const look = (): void => {
      void stores.client
        .listItems({ limit: 1 })
        .then((items) => live && items[0] && setFirst(mutable<StoredItemT>(items[0])));
    };
    look();
    const off = [
      stores.client.on('state', look),
      stores.client.on('delivered', ({ item }) => live && setFirst(mutable<StoredItemT>(item))),
    ];
    return () => {
      live = false;
      off.forEach((o) => o());
    };
  }, [step, stores]);

  const choose = async (): Promise<void> => {
    const p = PRESETS.find((x) => x.id === preset);
    if (!p || !settings) return;
    const err = await stores.settings.getState().save({
      ...settings,
      schedule: { ...settings.schedule, blocks: p.blocks },
      batching: { ...settings.batching, cadence: p.cadence },
    });
    if (err) setError(err.message);
    else {
      setError(null);
      setStep(1);
    }
  };
  const demo = async (): Promise<void> => {
    try {
      await stores.status.getState().setDemo(true);
      setStep(2);
    } catch (e) {
      setError(wireErrorOf(e).message);
    }
  };

  return (
    <div className="welcome">
      <h1>Welcome to Lull</h1>
      <p className="muted">
        Lull holds email and chat notifications while you focus and releases them together at set times.
        Urgent people and words still come through at once.
      </p>
      <div className="steps" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <span key={i} className={i <= step ? 'done' : ''} />
        ))}
      </div>
      <ErrorNote text={error} />
      {step === 0 ? (
        <section aria-labelledby="w1">
          <h2 id="w1">1. When do you want quiet?</h2>
          <div className="presets" role="radiogroup" aria-labelledby="w1">
            {PRESETS.map((p) => (
              <label key={p.id}>
                <input
                  type="radio"
                  name="preset"
                  value={p.id}
                  checked={preset === p.id}
                  onChange={() => setPreset(p.id)}
                />
                <span>
                  <strong>{p.name}</strong>
                  <br />
                  <span className="muted">{p.detail}</span>
                </span>
              </label>
            ))}
          </div>
          <p className="muted small">You can change all of it later in Settings.</p>
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <button type="button" className="primary" disabled={!settings} onClick={() => void choose()}>
              Continue
            </button>
          </div>
        </section>
      ) : null}
      {step === 1 ? (
        <section aria-labelledby="w2">
          <h2 id="w2">2. Where do notifications come from?</h2>
          <div className="stack">
            <button type="button" onClick={() => navigate('settings', 'accounts')}>
              Add an email, Slack or Teams account…
            </button>
            <button type="button" className="primary" onClick={() => void demo()}>
              Try it with the demo source
            </button>
            <p className="muted small">
              The demo sends sample notifications, clearly marked as demo, so you can see Lull work before
              connecting anything.
            </p>
          </div>
        </section>
      ) : null}
      {step === 2 ? (
        <section aria-labelledby="w3">
          <h2 id="w3">3. Your first item</h2>
          {first ? (
            <div
              className="card row"
              style={{ flexWrap: 'nowrap', alignItems: 'flex-start' }}
              data-testid="first-item"
            >
              <SourceIcon source={first.source} />
              <div style={{ minWidth: 0 }}>
                <div>
                  <strong>{first.sender.name || first.sender.address}</strong>{' '}
                  <span className="muted small">{formatTime(first.receivedAtMs)}</span>
                </div>
                <div>{first.title}</div>
                <div className="muted small">{first.decision.reason}</div>
              </div>
            </div>
          ) : (
            <p className="muted" role="status">
              Waiting for the first notification…
            </p>
          )}
          {first ? (
            <p className="muted small" style={{ marginTop: 10 }}>
              Lull is working. During focus, items like this wait for the next batch; urgent people and words
              still come through.
            </p>
          ) : null}
          <div className="row" style={{ justifyContent: 'flex-end', marginTop: 12 }}>
            <button type="button" className="primary" onClick={() => navigate('status')}>
              Done
            </button>
          </div>
        </section>
      ) : null}
      {state && (state.accounts.length > 0 || state.demo) && step === 0 ? (
        <p className="small" style={{ marginTop: 16 }}>
          <a href="#/status">Skip, I have set up Lull already</a>
        </p>
      ) : null}
    </div>
  );
}
