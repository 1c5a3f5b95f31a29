/**
 * Urgent rules: an ordered list (drag, or Alt+↑/↓ on a rule's handle, to reorder), each rule's
 * senders, keywords, hints, repeat breakthrough and hourly limit. Live checked by the engine's own
 * schema (via testRule with the draft), saved whole with setRules. The rule tester and replay use the draft.
 */
import { useEffect, useRef, useState } from 'react';
import { HINT_NAMES } from '../../api/names';
import type { HintName } from '../../api/names';
import type { DecisionT, ReplayReport, RuleT, WireError } from '../../api/types';
import { mutable } from '../../api/types';
import { otherProblems, problemAt, wireErrorOf } from '../../api/errors';
import { useSlice, useStores } from '../../store/stores';
import { FieldError, FormProblems } from './field-error';
import { SenderListEditor } from './sender-list-editor';
import { useDebouncedEffect } from './use-debounced';
import { ErrorNote } from '../../ui/error-note';
import { Card } from '../../ui/card';

const HINT_LABEL: Record<string, string> = {
  dm: 'Direct message',
  mention: 'Mentions me',
  myThread: 'My thread',
  bulk: 'Bulk',
  cc: 'Only cc',
  bot: 'From a bot',
};
const ACTION_LABEL = { deliver: 'Deliver now', hold: 'Hold', mute: 'Mute' } as const;

function newRule(): RuleT {
  return {
    id: `rule-${Date.now().toString(36)}`,
    name: 'New rule',
    enabled: true,
    match: { senders: [], keywords: [], hints: [], accounts: [], containers: [], sources: [], repeat: null },
    action: 'deliver',
    limitPerHour: null,
  };
}

/** What the rule matches on, one phrase per criterion; none means it matches every item. */
function criteria(r: RuleT): string[] {
  const parts: string[] = [];
  if (r.match.senders.length)
    parts.push(`${r.match.senders.length} sender${r.match.senders.length === 1 ? '' : 's'}`);
  if (r.match.keywords.length)
    parts.push(
      `keywords: ${r.match.keywords.slice(0, 3).join(', ')}${r.match.keywords.length > 3 ? '…' : ''}`,
    );
  if (r.match.hints.length) parts.push(r.match.hints.map((h) => HINT_LABEL[h] ?? h).join(' + '));
  if (r.match.repeat) parts.push(`${r.match.repeat.count}× in ${r.match.repeat.withinMin} min`);
  const scope = [
    [r.match.sources.length, 'source'],
    [r.match.accounts.length, 'account'],
    [r.match.containers.length, 'channel or folder'],
  ] as const;
  for (const [n, what] of scope) if (n > 0) parts.push(`${n} ${what}${n === 1 ? '' : 's'}`);
  return parts;
}

function summary(r: RuleT): string {
  const parts = criteria(r);
  if (r.limitPerHour) parts.push(`max ${r.limitPerHour}/h`);
  return parts.join(' · ') || 'matches everything';
}

/** A deliver rule that matches everything would let every item through: focus would hold nothing. */
function letsEverythingThrough(r: RuleT): boolean {
  return r.action === 'deliver' && criteria(r).length === 0;
}

export function RulesTab() {
  const stores = useStores();
  const rulesSlice = stores.rules;
  const saved = useSlice('rules', (s) => s.rules);
  const version = useSlice('rules', (s) => s.version);
  const [draft, setDraft] = useState<RuleT[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [invalid, setInvalid] = useState<Record<string, number>>({});
  const [liveError, setLiveError] = useState<WireError | null>(null);
  const [saveError, setSaveError] = useState<WireError | null>(null);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dragOver, setDragOver] = useState<number | null>(null);
  const [announce, setAnnounce] = useState('');
  const [savedMsg, setSavedMsg] = useState(false);
  const handles = useRef(new Map<string, HTMLButtonElement>());
  const refocus = useRef<string | null>(null);

  useEffect(() => {
    void rulesSlice.getState().load();
  }, [rulesSlice]);

  const rules = draft ?? saved;
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(saved);
  const invalidCount = Object.values(invalid).reduce((a, b) => a + b, 0);

  useEffect(() => {
    if (refocus.current) handles.current.get(refocus.current)?.focus();
    refocus.current = null;
  });

  // The engine's own schema, live: testRule validates the draft list before it tries anything.
  useDebouncedEffect(
    (live) => {
      if (!dirty) return setLiveError(null);
      stores.client
        .testRule({ item: { sender: { name: '', address: 'check@example.invalid' }, title: '' }, rules })
        .then(
          () => live() && setLiveError(null),
          (e: unknown) => live() && setLiveError(wireErrorOf(e)),
        );
    },
    [JSON.stringify(rules), dirty],
    300,
  );

  const err = saveError ?? liveError;
  const at = (i: number, path: string): string | null => problemAt(err, `rules.${i}.${path}`);

  const change = (next: RuleT[]): void => {
    setDraft(next);
    setSavedMsg(false);
  };
  const patch = (i: number, p: Partial<RuleT>): void =>
    change(rules.map((r, j) => (j === i ? { ...r, ...p } : r)));
  const patchMatch = (i: number, p: Partial<RuleT['match']>): void =>
    change(rules.map((r, j) => (j === i ? { ...r, match: { ...r.match, ...p } } : r)));
  const move = (from: number, to: number): void => {
    if (to < 0 || to >= rules.length || from === to) return;
    const next = [...rules];
    const [r] = next.splice(from, 1);
    if (!r) return;
    next.splice(to, 0, r);
    change(next);
    refocus.current = r.id;
    setAnnounce(`${r.name} moved to position ${to + 1} of ${rules.length}`);
  };

  const save = async (): Promise<void> => {
    const e = await rulesSlice.getState().save(rules);
    setSaveError(e);
    if (!e) {
      setDraft(null);
      setSavedMsg(true);
    }
  };

  return (
    <div className="stack">
      <h2 style={{ marginTop: 0 }}>Urgent rules</h2>
      <p className="muted small">
        Tried from top to bottom; the first rule that matches decides. Drag a rule by its handle, or focus the
        handle and press Alt+↑ / Alt+↓.
      </p>
      <div className="visually-hidden" aria-live="assertive">
        {announce}
      </div>
      <ol className="ruleList" aria-label="Urgent rules, in order" data-testid="rule-list">
        {rules.map((r, i) => (
          <li
            key={r.id}
            className={`rule${dragFrom === i ? ' dragging' : ''}${dragOver === i && dragFrom !== i ? ' dropTarget' : ''}`}
            draggable
            onDragStart={(e) => {
              setDragFrom(i);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', r.id);
            }}
            onDragOver={(e) => {
              e.preventDefault();
              setDragOver(i);
            }}
            onDrop={(e) => {
              e.preventDefault();
              if (dragFrom !== null) move(dragFrom, i);
              setDragFrom(null);
              setDragOver(null);
            }}
            onDragEnd={() => {
              setDragFrom(null);
              setDragOver(null);
            }}
            data-rule-id={r.id}
          >
            <div className="ruleHead">
              <button
                type="button"
                className="icon grab"
                ref={(el) => {
                  if (el) handles.current.set(r.id, el);
                  else handles.current.delete(r.id);
                }}
                aria-label={`Reorder ${r.name}, position ${i + 1} of ${rules.length}. Alt+Up or Alt+Down moves it.`}
                onKeyDown={(e) => {
                  if (e.altKey && e.key === 'ArrowUp') {
                    e.preventDefault();
                    move(i, i - 1);
                  } else if (e.altKey && e.key === 'ArrowDown') {
                    e.preventDefault();
                    move(i, i + 1);
                  }
                }}
              >
                ⠿
              </button>
              <input
                type="checkbox"
                checked={r.enabled}
                onChange={(e) => patch(i, { enabled: e.target.checked })}
                aria-label={`${r.name} enabled`}
              />
              <span className="name">
                {r.name}
                <span className="muted small">
                  {' '}
                  — {ACTION_LABEL[r.action]} · {summary(r)}
                </span>
                {letsEverythingThrough(r) ? (
                  <span className="warnText small">
                    {' '}
                    ·{' '}
                    {r.enabled
                      ? 'lets every item through: add people or words'
                      : 'add people first, or it lets every item through'}
                  </span>
                ) : null}
                {Object.keys(err?.problems ?? {}).length &&
                err?.problems.some((p) => p.path.startsWith(`rules.${i}.`)) ? (
                  <span className="error"> · has a problem</span>
                ) : null}
              </span>
              <button
                type="button"
                className="icon"
                onClick={() => move(i, i - 1)}
                disabled={i === 0}
                aria-label={`Move ${r.name} up`}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon"
                onClick={() => move(i, i + 1)}
                disabled={i === rules.length - 1}
                aria-label={`Move ${r.name} down`}
              >
                ↓
              </button>
              <button
                type="button"
                aria-expanded={open === r.id}
                onClick={() => setOpen(open === r.id ? null : r.id)}
              >
                {open === r.id ? 'Close' : 'Edit'}
              </button>
            </div>
            {open === r.id ? (
              <div className="ruleBody">
                <div className="row" style={{ alignItems: 'flex-start' }}>
                  <label className="field" style={{ flex: 1 }}>
                    <span>Name</span>
                    <input
                      type="text"
                      value={r.name}
                      onChange={(e) => patch(i, { name: e.target.value })}
                      aria-invalid={at(i, 'name') ? true : undefined}
                      aria-describedby={`r${i}-name-err`}
                    />
                    <FieldError id={`r${i}-name-err`} text={at(i, 'name')} />
                  </label>
                  <label className="field">
                    <span>Action</span>
                    <select
                      value={r.action}
                      onChange={(e) => patch(i, { action: e.target.value as RuleT['action'] })}
                    >
                      <option value="deliver">Deliver now (break through)</option>
                      <option value="hold">Hold for the batch</option>
                      <option value="mute">Mute</option>
                    </select>
                  </label>
                </div>
                <SenderListEditor
                  id={`r${i}-senders`}
                  senders={r.match.senders}
                  onChange={(senders, bad) => {
                    patchMatch(i, { senders });
                    setInvalid((m) => ({ ...m, [r.id]: bad }));
                  }}
                  engineError={at(i, 'match.senders')}
                />
                <label className="field">
                  <span>Keywords (whole words, comma separated)</span>
                  <input
                    type="text"
                    defaultValue={r.match.keywords.join(', ')}
                    onChange={(e) =>
                      patchMatch(i, {
                        keywords: e.target.value
                          .split(',')
                          .map((k) => k.trim())
                          .filter(Boolean),
                      })
                    }
                    aria-invalid={at(i, 'match.keywords') ? true : undefined}
                    aria-describedby={`r${i}-kw-err`}
                  />
                  <FieldError id={`r${i}-kw-err`} text={at(i, 'match.keywords')} />
                </label>
                <fieldset style={{ margin: 0 }}>
                  <legend>Only when the item is</legend>
                  <div className="row">
                    {HINT_NAMES.map((h) => (
                      <label key={h} className="check">
                        <input
                          type="checkbox"
                          checked={r.match.hints.includes(h)}
                          onChange={(e) =>
                            patchMatch(i, {
                              hints: e.target.checked
                                ? [...r.match.hints, h]
                                : r.match.hints.filter((x) => x !== h),
                            })
                          }
                        />
                        {HINT_LABEL[h] ?? h}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <div className="row" style={{ alignItems: 'flex-start' }}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={r.match.repeat !== null}
                      onChange={(e) =>
                        patchMatch(i, { repeat: e.target.checked ? { count: 3, withinMin: 5 } : null })
                      }
                    />
                    Repeat breakthrough
                  </label>
                  {r.match.repeat ? (
                    <>
                      <label className="field">
                        <span>Times</span>
                        <input
                          type="number"
                          style={{ width: 70 }}
                          value={r.match.repeat.count}
                          onChange={(e) =>
                            patchMatch(i, {
                              repeat: {
                                count: Number(e.target.value),
                                withinMin: r.match.repeat?.withinMin ?? 5,
                              },
                            })
                          }
                          aria-invalid={at(i, 'match.repeat.count') ? true : undefined}
                          aria-describedby={`r${i}-rc-err`}
                        />
                        <FieldError id={`r${i}-rc-err`} text={at(i, 'match.repeat.count')} />
                      </label>
                      <label className="field">
                        <span>Within minutes</span>
                        <input
                          type="number"
                          style={{ width: 90 }}
                          value={r.match.repeat.withinMin}
                          onChange={(e) =>
                            patchMatch(i, {
                              repeat: {
                                count: r.match.repeat?.count ?? 3,
                                withinMin: Number(e.target.value),
                              },
                            })
                          }
                          aria-invalid={at(i, 'match.repeat.withinMin') ? true : undefined}
                          aria-describedby={`r${i}-rw-err`}
                        />
                        <FieldError id={`r${i}-rw-err`} text={at(i, 'match.repeat.withinMin')} />
                      </label>
                    </>
                  ) : null}
                  <label className="field">
                    <span>Limit per hour (per sender)</span>
                    <input
                      type="number"
                      style={{ width: 120 }}
                      placeholder="No limit"
                      value={r.limitPerHour ?? ''}
                      onChange={(e) =>
                        patch(i, { limitPerHour: e.target.value === '' ? null : Number(e.target.value) })
                      }
                      aria-invalid={at(i, 'limitPerHour') ? true : undefined}
                      aria-describedby={`r${i}-lim-err`}
                    />
                    <FieldError id={`r${i}-lim-err`} text={at(i, 'limitPerHour')} />
                  </label>
                </div>
                <div className="row">
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      change(rules.filter((_, j) => j !== i));
                      setInvalid((m) => ({ ...m, [r.id]: 0 }));
                    }}
                  >
                    Delete rule
                  </button>
                </div>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      <FormProblems
        problems={otherProblems(
          err,
          rules.map((_, i) => `rules.${i}`),
        )}
      />
      {invalidCount > 0 ? (
        <p className="error">Fix or remove the entries that are not addresses before saving.</p>
      ) : null}
      <div className="row">
        <button
          type="button"
          onClick={() => {
            const r = newRule();
            change([...rules, r]);
            setOpen(r.id);
          }}
        >
          Add rule
        </button>
        <span style={{ flex: 1 }} />
        <button
          type="button"
          disabled={!dirty}
          onClick={() => {
            setDraft(null);
            setSaveError(null);
            setInvalid({});
          }}
        >
          Revert
        </button>
        <button
          type="button"
          className="primary"
          disabled={!dirty || invalidCount > 0 || liveError !== null}
          onClick={() => void save()}
          data-testid="save-rules"
        >
          Save rules
        </button>
        {savedMsg ? (
          <span className="okText" role="status">
            Saved (version {version})
          </span>
        ) : null}
      </div>
      <RuleTester rules={rules} />
      <Replay rules={rules} />
    </div>
  );
}

function RuleTester({ rules }: { rules: RuleT[] }) {
  const stores = useStores();
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [hints, setHints] = useState<string[]>([]);
  const [result, setResult] = useState<DecisionT | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const run = async (): Promise<void> => {
    try {
      const hintsObj = Object.fromEntries(HINT_NAMES.map((h) => [h, hints.includes(h)])) as Record<
        HintName,
        boolean
      >;
      setResult(
        mutable<DecisionT>(
          await stores.client.testRule({
            item: { sender: { name, address }, title, hints: hintsObj },
            rules,
          }),
        ),
      );
      setError(null);
    } catch (e) {
      setResult(null);
      setError(wireErrorOf(e));
    }
  };
  return (
    <Card id="tester-h" title="Rule tester">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div className="row" style={{ alignItems: 'flex-start' }}>
          <label className="field">
            <span>Sender address</span>
            <input
              type="text"
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              aria-describedby="t-addr-err"
            />
            <FieldError id="t-addr-err" text={problemAt(error, 'item.sender.address')} />
          </label>
          <label className="field">
            <span>Sender name</span>
            <input type="text" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field" style={{ flex: 1, minWidth: 200 }}>
            <span>Subject</span>
            <input type="text" value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
        </div>
        <div className="row">
          {HINT_NAMES.map((h) => (
            <label key={h} className="check small">
              <input
                type="checkbox"
                checked={hints.includes(h)}
                onChange={(e) => setHints(e.target.checked ? [...hints, h] : hints.filter((x) => x !== h))}
              />
              {HINT_LABEL[h] ?? h}
            </label>
          ))}
          <span style={{ flex: 1 }} />
          <button type="submit">Test</button>
        </div>
      </form>
      {error ? <FormProblems problems={otherProblems(error, ['item.sender.address'])} /> : null}
      {result ? (
        <div aria-live="polite" data-testid="rule-test-result" style={{ marginTop: 10 }}>
          <div>
            <strong>{ACTION_LABEL[result.action]}</strong> — {result.reason}{' '}
            <span className="muted small">({result.ruleId})</span>
          </div>
          <ol className="trace small">
            {result.trace.map((t, i) => (
              <li key={i} className={t.matched ? 'okText' : 'muted'}>
                {t.matched ? '✓' : '·'} {rules.find((r) => r.id === t.ruleId)?.name ?? t.ruleId}: {t.note}
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </Card>
  );
}

function Replay({ rules }: { rules: RuleT[] }) {
  const stores = useStores();
  const [days, setDays] = useState(7);
  const [report, setReport] = useState<ReplayReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (): Promise<void> => {
    setBusy(true);
    try {
      setReport(mutable<ReplayReport>(await stores.client.replay({ rules, days })));
      setError(null);
    } catch (e) {
      setError(wireErrorOf(e).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card id="replay-h" title="Replay">
      <div className="row">
        <span>What would the last</span>
        <select aria-label="Days to replay" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[1, 7, 14, 30].map((d) => (
            <option key={d} value={d}>
              {d === 1 ? 'day' : `${d} days`}
            </option>
          ))}
        </select>
        <span>have looked like with these rules?</span>
        <button type="button" onClick={() => void run()} disabled={busy}>
          Replay
        </button>
      </div>
      <ErrorNote text={error} />
      {report ? (
        <div style={{ marginTop: 10 }} data-testid="replay-report">
          <p>
            Of {report.itemsConsidered} items: <strong>{report.wouldBreakThrough}</strong> would break
            through, <strong>{report.wouldBeHeld}</strong> would be held,{' '}
            <strong>{report.wouldBeMuted}</strong> muted. {report.changes.length} would change.
          </p>
          {report.changes.length > 0 ? (
            <ul className="small" style={{ maxHeight: 220, overflow: 'auto' }}>
              {report.changes.slice(0, 100).map((c) => (
                <li key={c.item.id}>
                  {c.item.sender.name || c.item.sender.address}: {c.item.title} —{' '}
                  {ACTION_LABEL[c.before.action]} → <strong>{ACTION_LABEL[c.after.action]}</strong>{' '}
                  <span className="muted">({c.after.reason})</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
