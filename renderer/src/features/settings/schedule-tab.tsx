/** Focus schedule: week grid, an add-block form (the keyboard way), and the time zone. Saved whole. */
import { useMemo, useState } from 'react';
import type { FocusBlockT, SettingsT, WireError } from '../../api/types';
import { otherProblems, problemAt, wireErrorOf } from '../../api/errors';
import { useStores } from '../../store/stores';
import { hhmmToMinutes, minutesToHhmm, WEEKDAYS_LONG } from '../../ui/format';
import { FieldError, FormProblems } from './field-error';
import { SaveRow } from './save-row';
import { TextField } from './text-field';
import { useDebouncedEffect } from './use-debounced';
import { WeekGrid } from './week-grid';

export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

export function ScheduleTab({ settings }: { settings: SettingsT }) {
  const stores = useStores();
  const [blocks, setBlocks] = useState<FocusBlockT[]>(settings.schedule.blocks);
  const [timeZone, setTimeZone] = useState(settings.schedule.timeZone);
  const [error, setError] = useState<WireError | null>(null);
  const [tzError, setTzError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZones(), []);
  const [newDay, setNewDay] = useState(1);
  const [newStart, setNewStart] = useState('09:00');
  const [newEnd, setNewEnd] = useState('12:00');
  const [addError, setAddError] = useState<string | null>(null);

  const dirty = JSON.stringify({ blocks, timeZone }) !== JSON.stringify(settings.schedule);

  // The engine checks the zone with its own rule (previewCadence validates timeZone): its text, live.
  useDebouncedEffect(
    (live) => {
      stores.client.previewCadence({ cadence: settings.batching.cadence, timeZone, count: 1 }).then(
        () => live() && setTzError(null),
        (e: unknown) => live() && setTzError(problemAt(wireErrorOf(e), 'timeZone') ?? null),
      );
    },
    [timeZone],
  );

  const add = (): void => {
    const s = hhmmToMinutes(newStart);
    const e = hhmmToMinutes(newEnd);
    if (s === null || e === null) return setAddError('Use HH:MM (24-hour)');
    if (e <= s) return setAddError('A block must end after it starts');
    setAddError(null);
    setBlocks([...blocks, { weekday: newDay, startMin: s, endMin: e }]);
  };

  const save = async (): Promise<void> => {
    setSaved(false);
    const err = await stores.settings.getState().save({ ...settings, schedule: { timeZone, blocks } });
    setError(err);
    setSaved(err === null);
  };

  const blockProblem = (i: number): string | null => problemAt(error, `schedule.blocks.${i}`);
  return (
    <div className="stack">
      <h2 style={{ marginTop: 0 }}>Focus schedule</h2>
      <WeekGrid
        blocks={blocks}
        onChange={(b) => {
          setBlocks(b);
          setSaved(false);
        }}
        problemFor={blockProblem}
      />
      <fieldset>
        <legend>Add a block</legend>
        <div className="row">
          <label className="field">
            <span>Day</span>
            <select aria-label="Day" value={newDay} onChange={(e) => setNewDay(Number(e.target.value))}>
              {[1, 2, 3, 4, 5, 6, 0].map((d) => (
                <option key={d} value={d}>
                  {WEEKDAYS_LONG[d]}
                </option>
              ))}
            </select>
          </label>
          <TextField label="From" type="time" value={newStart} onValue={setNewStart} errorId="add-err" />
          <TextField label="To" type="time" value={newEnd} onValue={setNewEnd} errorId="add-err" />
          <button type="button" onClick={add} style={{ alignSelf: 'flex-end' }}>
            Add block
          </button>
        </div>
        <FieldError id="add-err" text={addError} />
      </fieldset>
      {blocks.length > 0 ? (
        <details>
          <summary>All blocks as a list ({blocks.length})</summary>
          <ul className="stack" style={{ listStyle: 'none', padding: 0, marginTop: 8 }}>
            {blocks.map((b, i) => (
              <li key={i} className="row">
                <span style={{ width: 220 }}>
                  {WEEKDAYS_LONG[b.weekday]} {minutesToHhmm(b.startMin)}–{minutesToHhmm(b.endMin)}
                </span>
                <button
                  type="button"
                  className="danger"
                  onClick={() => setBlocks(blocks.filter((_, j) => j !== i))}
                  aria-label={`Delete ${WEEKDAYS_LONG[b.weekday]} ${minutesToHhmm(b.startMin)} block`}
                >
                  Delete
                </button>
                <FieldError id={`block-err-${i}`} text={blockProblem(i)} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <TextField
        label="Time zone"
        maxWidth={360}
        list="tz-list"
        value={timeZone}
        onValue={(v) => {
          setTimeZone(v);
          setSaved(false);
        }}
        errorId="tz-err"
        error={tzError ?? problemAt(error, 'schedule.timeZone')}
        spellCheck={false}
      >
        <datalist id="tz-list">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </TextField>
      <FormProblems problems={otherProblems(error, ['schedule.blocks', 'schedule.timeZone'])} />
      <SaveRow
        label="Save schedule"
        onSave={() => void save()}
        saved={saved}
        disabled={!dirty || tzError !== null}
      >
        <button
          type="button"
          disabled={!dirty}
          onClick={() => {
            setBlocks(settings.schedule.blocks);
            setTimeZone(settings.schedule.timeZone);
            setError(null);
          }}
        >
          Revert
        </button>
      </SaveRow>
    </div>
  );
}
