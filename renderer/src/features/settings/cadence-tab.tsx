/** Cadence: presets, fixed times or cron, with the engine's live preview of the next five releases. */
import type { InputHTMLAttributes, ReactNode } from 'react';
import { useState } from 'react';
import type { CadenceT, SettingsT, WireError } from '../../api/types';
import { otherProblems, problemAt, wireErrorOf } from '../../api/errors';
import { useStores } from '../../store/stores';
import { formatDayTime } from '../../ui/format';
import { CheckField } from './check-field';
import { FieldError, FormProblems } from './field-error';
import { SaveRow } from './save-row';
import { TextField } from './text-field';
import { useDebouncedEffect } from './use-debounced';

type Kind = CadenceT['kind'];

function timesOf(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

export function CadenceTab({ settings }: { settings: SettingsT }) {
  const stores = useStores();
  const start = settings.batching.cadence;
  const [kind, setKind] = useState<Kind>(start.kind);
  const [hours, setHours] = useState<1 | 2 | 3 | 4>(start.kind === 'every' ? start.hours : 2);
  const [times, setTimes] = useState(start.kind === 'times' ? start.times.join(', ') : '09:00, 12:30, 16:00');
  const [expr, setExpr] = useState(start.kind === 'cron' ? start.expr : '0 9-17/2 * * 1-5');
  const [atFocusEnd, setAtFocusEnd] = useState(settings.batching.releaseAtFocusEnd);
  const [outside, setOutside] = useState(settings.batching.outsideFocus);
  const [maxWait, setMaxWait] = useState(String(settings.batching.maxWaitMin));
  const [preview, setPreview] = useState<number[] | null>(null);
  const [previewError, setPreviewError] = useState<WireError | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [saved, setSaved] = useState(false);

  const cadence: CadenceT =
    kind === 'every'
      ? { kind, hours }
      : kind === 'times'
        ? { kind, times: timesOf(times) }
        : { kind, expr: expr.trim() };
  const key = JSON.stringify(cadence);

  useDebouncedEffect(
    (live) => {
      stores.client.previewCadence({ cadence, timeZone: settings.schedule.timeZone, count: 5 }).then(
        (r) => {
          if (!live()) return;
          setPreview([...r.nextMs]);
          setPreviewError(null);
        },
        (e: unknown) => {
          if (!live()) return;
          setPreview(null);
          setPreviewError(wireErrorOf(e));
        },
      );
    },
    [key, settings.schedule.timeZone],
  );

  const fieldPath = kind === 'every' ? 'cadence.hours' : kind === 'times' ? 'cadence.times' : 'cadence.expr';
  const cadenceError = previewError
    ? (problemAt(previewError, fieldPath) ?? problemAt(previewError, 'cadence') ?? previewError.message)
    : null;
  const saveProblem = (p: string): string | null => problemAt(error, `batching.${p}`);
  const maxWaitNum = Number(maxWait);

  const save = async (): Promise<void> => {
    setSaved(false);
    const err = await stores.settings.getState().save({
      ...settings,
      batching: {
        cadence,
        releaseAtFocusEnd: atFocusEnd,
        outsideFocus: outside,
        maxWaitMin: Number.isFinite(maxWaitNum) ? maxWaitNum : NaN,
      },
    });
    setError(err);
    setSaved(err === null);
  };

  return (
    <div className="stack">
      <h2 style={{ marginTop: 0 }}>When batches come</h2>
      <fieldset>
        <legend>Cadence</legend>
        <div className="stack">
          <KindRadio kind="every" current={kind} onPick={setKind} label="Every">
            <select
              aria-label="Hours between batches"
              value={hours}
              disabled={kind !== 'every'}
              onChange={(e) => setHours(Number(e.target.value) as 1 | 2 | 3 | 4)}
            >
              {[1, 2, 3, 4].map((h) => (
                <option key={h} value={h}>
                  {h === 1 ? '1 hour' : `${h} hours`}
                </option>
              ))}
            </select>
          </KindRadio>
          <KindRadio kind="times" current={kind} onPick={setKind} label="At fixed times" />
          {kind === 'times' ? (
            <CadenceInput
              label="Fixed times (HH:MM, comma separated)"
              value={times}
              onValue={setTimes}
              invalid={cadenceError !== null}
            />
          ) : null}
          <KindRadio kind="cron" current={kind} onPick={setKind} label="Cron expression" />
          {kind === 'cron' ? (
            <CadenceInput
              label="Cron expression"
              value={expr}
              onValue={setExpr}
              invalid={cadenceError !== null}
              spellCheck={false}
              style={{ maxWidth: 360, fontFamily: 'ui-monospace, monospace' }}
              data-testid="cron-input"
            />
          ) : null}
          <FieldError id="cadence-err" text={cadenceError} />
          <div aria-live="polite">
            {preview ? (
              <>
                <div className="muted small">Next releases</div>
                <ol className="preview5" data-testid="cadence-preview">
                  {preview.map((ms) => (
                    <li key={ms}>{formatDayTime(ms)}</li>
                  ))}
                </ol>
              </>
            ) : null}
          </div>
        </div>
      </fieldset>
      <CheckField checked={atFocusEnd} onCheck={setAtFocusEnd}>
        Also release when a focus block ends
      </CheckField>
      <label className="field" style={{ maxWidth: 360 }}>
        <span>Outside focus</span>
        <select value={outside} onChange={(e) => setOutside(e.target.value as 'deliver' | 'batch')}>
          <option value="deliver">Deliver as they arrive</option>
          <option value="batch">Keep batching</option>
        </select>
      </label>
      <TextField
        label="Longest wait (minutes)"
        type="number"
        min={5}
        maxWidth={200}
        value={maxWait}
        onValue={setMaxWait}
        errorId="maxwait-err"
        error={saveProblem('maxWaitMin')}
      />
      <FormProblems problems={otherProblems(error, ['batching.maxWaitMin'])} />
      <SaveRow
        onSave={() => void save()}
        saved={saved}
        disabled={cadenceError !== null || preview === null}
        testId="save-cadence"
      />
    </div>
  );
}

function KindRadio({
  kind,
  current,
  onPick,
  label,
  children,
}: {
  kind: Kind;
  current: Kind;
  onPick: (kind: Kind) => void;
  label: string;
  children?: ReactNode;
}) {
  return (
    <label className="check">
      <input type="radio" name="cadence" checked={current === kind} onChange={() => onPick(kind)} /> {label}
      {children}
    </label>
  );
}

/** The text box under a cadence choice; its error is the shared one below the choices. */
function CadenceInput({
  label,
  value,
  onValue,
  invalid,
  style = { maxWidth: 360 },
  ...rest
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  invalid: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  return (
    <input
      type="text"
      aria-label={label}
      value={value}
      onChange={(e) => onValue(e.target.value)}
      aria-invalid={invalid ? true : undefined}
      aria-describedby="cadence-err"
      style={style}
      {...rest}
    />
  );
}
