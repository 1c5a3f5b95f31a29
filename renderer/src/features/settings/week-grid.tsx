/**
 * The focus schedule as a week grid: drag on empty space to draw a block, drag its edges to resize,
 * select it and press Delete (or its ×) to remove it. Keyboard: focus a block, ↑/↓ move it by 15
 * minutes, Shift+↑/↓ change its end, Alt+↑/↓ its start, Delete removes. The form below adds blocks.
 */
import { useRef, useState } from 'react';
import type { FocusBlockT } from '../../api/types';
import { minutesToHhmm, WEEKDAYS, WEEKDAYS_LONG } from '../../ui/format';

const HOUR_PX = 18;
const SNAP_MIN = 15;
const DAY_ORDER = [1, 2, 3, 4, 5, 6, 0];

type Drag =
  | { kind: 'draw'; weekday: number; anchorMin: number; curMin: number }
  | { kind: 'resize'; index: number; edge: 'start' | 'end'; curMin: number };

const snap = (min: number): number => Math.max(0, Math.min(1440, Math.round(min / SNAP_MIN) * SNAP_MIN));

export function WeekGrid({
  blocks,
  onChange,
  problemFor,
}: {
  blocks: FocusBlockT[];
  onChange: (next: FocusBlockT[]) => void;
  problemFor: (index: number) => string | null;
}) {
  const [drag, setDrag] = useState<Drag | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const cols = useRef<(HTMLDivElement | null)[]>([]);

  const minuteAt = (weekday: number, clientY: number): number => {
    const el = cols.current[weekday];
    if (!el) return 0;
    const rect = el.getBoundingClientRect();
    return snap(((clientY - rect.top) / (rect.height || 1)) * 1440);
  };

  const update = (index: number, patch: Partial<FocusBlockT>): void => {
    onChange(blocks.map((b, i) => (i === index ? { ...b, ...patch } : b)));
  };
  const remove = (index: number): void => {
    onChange(blocks.filter((_, i) => i !== index));
    setSelected(null);
  };

  const onPointerDownCol = (weekday: number, e: React.PointerEvent): void => {
    if (e.button !== 0 || e.target !== e.currentTarget) return;
    const min = minuteAt(weekday, e.clientY);
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    setDrag({ kind: 'draw', weekday, anchorMin: min, curMin: min });
  };
  const onPointerMove = (weekday: number, e: React.PointerEvent): void => {
    if (!drag) return;
    const wd = drag.kind === 'draw' ? drag.weekday : (blocks[drag.index]?.weekday ?? weekday);
    setDrag({ ...drag, curMin: minuteAt(wd, e.clientY) });
  };
  const onPointerUp = (): void => {
    if (!drag) return;
    if (drag.kind === 'draw') {
      const start = Math.min(drag.anchorMin, drag.curMin);
      let end = Math.max(drag.anchorMin, drag.curMin);
      if (end - start < SNAP_MIN) end = Math.min(1440, start + 60); // a click makes a one-hour block
      if (end > start) {
        onChange([...blocks, { weekday: drag.weekday, startMin: start, endMin: end }]);
        setSelected(blocks.length);
      }
    } else {
      const b = blocks[drag.index];
      if (b) {
        if (drag.edge === 'start')
          update(drag.index, { startMin: Math.min(drag.curMin, b.endMin - SNAP_MIN) });
        else update(drag.index, { endMin: Math.max(drag.curMin, b.startMin + SNAP_MIN) });
      }
    }
    setDrag(null);
  };

  const onBlockKey = (index: number, e: React.KeyboardEvent): void => {
    const b = blocks[index];
    if (!b) return;
    const step = e.key === 'ArrowUp' ? -SNAP_MIN : e.key === 'ArrowDown' ? SNAP_MIN : 0;
    if (e.key === 'Delete' || e.key === 'Backspace') {
      remove(index);
    } else if (step !== 0 && e.shiftKey) {
      update(index, { endMin: Math.max(b.startMin + SNAP_MIN, Math.min(1440, b.endMin + step)) });
    } else if (step !== 0 && e.altKey) {
      update(index, { startMin: Math.max(0, Math.min(b.endMin - SNAP_MIN, b.startMin + step)) });
    } else if (step !== 0) {
      if (b.startMin + step < 0 || b.endMin + step > 1440) return;
      update(index, { startMin: b.startMin + step, endMin: b.endMin + step });
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      const pos = DAY_ORDER.indexOf(b.weekday) + (e.key === 'ArrowLeft' ? -1 : 1);
      const wd = DAY_ORDER[pos];
      if (wd === undefined) return;
      update(index, { weekday: wd });
    } else return;
    e.preventDefault();
  };

  const shown = (b: FocusBlockT, i: number): { start: number; end: number } => {
    if (drag?.kind === 'resize' && drag.index === i) {
      return drag.edge === 'start'
        ? { start: Math.min(drag.curMin, b.endMin - SNAP_MIN), end: b.endMin }
        : { start: b.startMin, end: Math.max(drag.curMin, b.startMin + SNAP_MIN) };
    }
    return { start: b.startMin, end: b.endMin };
  };

  return (
    <div>
      <div
        className="week"
        onPointerUp={onPointerUp}
        onPointerLeave={() => drag?.kind === 'draw' && onPointerUp()}
        data-testid="week-grid"
      >
        <div className="dayHead" aria-hidden="true" />
        {DAY_ORDER.map((wd) => (
          <div key={wd} className="dayHead">
            {WEEKDAYS[wd]}
          </div>
        ))}
        <div className="hours" style={{ height: 24 * HOUR_PX }} aria-hidden="true">
          {[3, 6, 9, 12, 15, 18, 21].map((h) => (
            <span key={h} className="hourLabel" style={{ top: h * HOUR_PX }}>
              {String(h).padStart(2, '0')}
            </span>
          ))}
        </div>
        {DAY_ORDER.map((wd) => (
          <div
            key={wd}
            ref={(el) => {
              cols.current[wd] = el;
            }}
            className="dayCol"
            style={{ height: 24 * HOUR_PX, backgroundSize: `100% ${HOUR_PX * 3}px` }}
            data-weekday={wd}
            onPointerDown={(e) => onPointerDownCol(wd, e)}
            onPointerMove={(e) => onPointerMove(wd, e)}
          >
            {blocks.map((b, i) => {
              if (b.weekday !== wd) return null;
              const { start, end } = shown(b, i);
              const label = `${WEEKDAYS_LONG[wd]} ${minutesToHhmm(start)} to ${minutesToHhmm(end)}`;
              return (
                <div
                  key={i}
                  className="block"
                  role="button"
                  tabIndex={0}
                  aria-label={`Focus block ${WEEKDAYS_LONG[wd]} ${minutesToHhmm(start)}–${minutesToHhmm(end)}`}
                  aria-describedby="week-grid-help"
                  aria-pressed={selected === i}
                  aria-invalid={problemFor(i) ? true : undefined}
                  title={problemFor(i) ?? label}
                  style={{ top: (start / 60) * HOUR_PX, height: Math.max(8, ((end - start) / 60) * HOUR_PX) }}
                  onFocus={() => setSelected(i)}
                  onClick={() => setSelected(i)}
                  onKeyDown={(e) => onBlockKey(i, e)}
                >
                  <span
                    className="grip top"
                    aria-hidden="true"
                    onPointerDown={(e) => {
                      e.stopPropagation();
                      cols.current[wd]?.setPointerCapture?.(e.pointerId);
                      setDrag({ kind: 'resize', index: i, edge: 'start', curMin: b.startMin });
                    }}
                  />
                  {minutesToHhmm(start)}–{minutesToHhmm(end)}
                  <span
                    className="grip bottom"
                    aria-hidden="true"
                    onPointerDown={(e) => {
                      e.stopPropagation();
                      cols.current[wd]?.setPointerCapture?.(e.pointerId);
                      setDrag({ kind: 'resize', index: i, edge: 'end', curMin: b.endMin });
                    }}
                  />
                </div>
              );
            })}
            {drag?.kind === 'draw' && drag.weekday === wd ? (
              <div
                className="blockDraft"
                style={{
                  top: (Math.min(drag.anchorMin, drag.curMin) / 60) * HOUR_PX,
                  height: (Math.abs(drag.curMin - drag.anchorMin) / 60) * HOUR_PX,
                }}
              />
            ) : null}
          </div>
        ))}
      </div>
      <p id="week-grid-help" className="muted small" style={{ marginTop: 6 }}>
        Drag on a day to draw a block; drag a block's top or bottom edge to resize it. With the keyboard: Tab
        to a block, arrows move it, Shift+arrows change its end, Alt+arrows its start, Delete removes it.
      </p>
      {selected !== null && blocks[selected] ? (
        <div className="row small">
          Selected: {WEEKDAYS_LONG[blocks[selected].weekday]} {minutesToHhmm(blocks[selected].startMin)}–
          {minutesToHhmm(blocks[selected].endMin)}
          <button type="button" className="danger" onClick={() => remove(selected)}>
            Delete block
          </button>
        </div>
      ) : null}
    </div>
  );
}
