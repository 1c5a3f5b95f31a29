/** Status (what the tray opens): focus with a countdown, what is held, the next batch, the buttons. */
import { useEffect, useRef } from 'react';
import { SOURCE_KINDS } from '../../api/names';
import { useSlice, useStores } from '../../store/stores';
import { formatCountdown, formatDayTime, plural } from '../../ui/format';
import { SourceIcon, sourceName } from '../../ui/source-icon';
import { useNow } from '../../ui/use-now';
import { AccountFix, HEALTHY } from './account-fix';
import { ErrorNote } from '../../ui/error-note';
import { PagePlaceholder } from '../../ui/page-placeholder';
import { Card } from '../../ui/card';

export function StatusView() {
  const stores = useStores();
  const state = useSlice('status', (s) => s.state);
  const skewMs = useSlice('status', (s) => s.skewMs);
  const busy = useSlice('status', (s) => s.busy);
  const error = useSlice('status', (s) => s.error);
  const delivered = useSlice('status', (s) => s.delivered);
  const now = useNow(1000) - skewMs;
  const marked = useRef(false);

  useEffect(() => {
    if (state && !marked.current) {
      marked.current = true;
      performance.mark('lull:status:interactive');
    }
  }, [state]);

  if (!state) {
    return <PagePlaceholder title="Status" text={error ?? 'Connecting to Lull…'} />;
  }
  const st = stores.status.getState();
  const f = state.focus;
  const problems = state.accounts.filter((a) => !HEALTHY.has(a.status.state) || !a.enabled);
  const focusLabel = f.paused ? 'Paused' : f.on ? 'Focus on' : 'Focus off';
  const countdownTo = f.paused ? f.pausedUntilMs : f.on ? f.untilMs : null;
  const sources = SOURCE_KINDS.filter((k) => state.heldBySource[k] > 0);
  const disabled = busy !== null;

  return (
    <div className="page stack" style={{ gap: 14 }}>
      <h1>Status</h1>
      <ErrorNote text={error} />
      <section className="card focusCard" aria-labelledby="focus-h">
        <div>
          <div className="row">
            <span className={`dot ${f.paused ? 'paused' : f.on ? 'on' : ''}`} aria-hidden="true" />
            <h2 id="focus-h" style={{ margin: 0 }} data-testid="focus-state">
              {focusLabel}
            </h2>
            {f.on && !f.paused ? (
              <span className="muted">{f.origin === 'schedule' ? 'scheduled block' : 'manual'}</span>
            ) : null}
          </div>
          <div className="muted small" style={{ marginTop: 4 }}>
            {f.paused
              ? f.pausedUntilMs
                ? `Everything is held, even urgent items, until ${formatDayTime(f.pausedUntilMs, now)}.`
                : 'Everything is held, even urgent items, until you resume.'
              : f.on
                ? 'Only urgent items come through.'
                : state.blockEndMs
                  ? 'Items come through as they arrive.'
                  : 'No focus block is scheduled.'}
          </div>
        </div>
        {countdownTo !== null ? (
          <div className="countdown" role="timer" aria-label={`${formatCountdown(countdownTo - now)} left`}>
            {formatCountdown(countdownTo - now)}
          </div>
        ) : null}
      </section>

      <div className="row" role="group" aria-label="Focus">
        <button
          type="button"
          className={f.on ? '' : 'primary'}
          disabled={disabled}
          onClick={() => void st.startFocus({ minutes: 25 })}
        >
          Focus 25 min
        </button>
        <button type="button" disabled={disabled} onClick={() => void st.startFocus({ minutes: 50 })}>
          50 min
        </button>
        <button type="button" disabled={disabled} onClick={() => void st.startFocus({ minutes: 90 })}>
          90 min
        </button>
        <button
          type="button"
          disabled={disabled || state.blockEndMs === null}
          onClick={() => void st.startFocus({ untilBlockEnd: true })}
        >
          Until the block ends{state.blockEndMs ? ` (${formatDayTime(state.blockEndMs, now)})` : ''}
        </button>
        <button type="button" disabled={disabled || !f.on} onClick={() => void st.endFocus()}>
          End focus
        </button>
      </div>

      <div className="grid2">
        <Card id="held-h" title="Held">
          <div className="stat" data-testid="held-count">
            {state.heldCount}
          </div>
          <div className="bysrc small" aria-label="Held by source">
            {sources.length === 0 ? <span className="muted">Nothing held.</span> : null}
            {sources.map((k) => (
              <div key={k} data-testid={`held-${k}`}>
                <SourceIcon source={k} /> {sourceName(k)} <strong>{state.heldBySource[k]}</strong>
              </div>
            ))}
          </div>
          <div className="row" style={{ marginTop: 10 }}>
            <button
              type="button"
              disabled={disabled || state.heldCount === 0}
              onClick={() => void st.releaseNow()}
            >
              Release now{state.heldCount > 0 ? ` (${state.heldCount})` : ''}
            </button>
          </div>
        </Card>
        <Card id="next-h" title="Next batch">
          <div className="stat" style={{ fontSize: 20 }} data-testid="next-batch">
            {state.nextReleaseAtMs !== null ? formatDayTime(state.nextReleaseAtMs, now) : 'Not scheduled'}
          </div>
          {state.lastBatch ? (
            <p className="muted small" style={{ marginTop: 6 }}>
              Last: {plural(state.lastBatch.itemCount, 'item')} at{' '}
              {formatDayTime(state.lastBatch.releasedAtMs, now)} · <a href="#/review">Review it</a>
            </p>
          ) : null}
          <div className="row" style={{ marginTop: 10 }}>
            {f.paused ? (
              <button type="button" disabled={disabled} onClick={() => void st.resume()}>
                Resume
              </button>
            ) : (
              <>
                <button
                  type="button"
                  disabled={disabled}
                  onClick={() => void st.pause(Date.now() - skewMs + 3_600_000)}
                >
                  Pause 1 hour
                </button>
                <button type="button" disabled={disabled} onClick={() => void st.pause(tomorrowMorning(now))}>
                  Pause until tomorrow
                </button>
              </>
            )}
          </div>
        </Card>
      </div>

      {delivered.length > 0 ? (
        <Card id="delivered-h" title="Came through">
          <ul
            className="stack"
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
            data-testid="delivered-list"
          >
            {delivered.slice(0, 5).map((item) => (
              <li key={item.id} className="row" style={{ flexWrap: 'nowrap' }}>
                <SourceIcon source={item.source} />
                <span style={{ minWidth: 0 }}>
                  <strong>{item.sender.name || item.sender.address}</strong>: {item.title}
                  <span className="muted small"> — {item.decision.reason}</span>
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card id="acc-h" title="Accounts">
        {state.accounts.length === 0 ? (
          <p className="muted">
            No accounts yet. <a href="#/settings/accounts">Add one</a> or{' '}
            <a href="#/welcome">start with the demo</a>.
          </p>
        ) : problems.length === 0 ? (
          <p className="okText">{plural(state.accounts.length, 'account')}, all working.</p>
        ) : (
          problems.map((a) => <AccountFix key={a.id} account={a} />)
        )}
        {state.demo ? (
          <p className="muted small">Demo source on: sample notifications, not real mail or chat.</p>
        ) : null}
      </Card>
    </div>
  );
}

function tomorrowMorning(nowMs: number): number {
  const d = new Date(nowMs);
  d.setDate(d.getDate() + 1);
  d.setHours(8, 0, 0, 0);
  return d.getTime();
}
