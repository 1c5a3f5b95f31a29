/** The batch history beside the review: newest first, older pages on request. */
import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useSlice, useStores } from '../../store/stores';
import { formatDayTime, plural } from '../../ui/format';

const TRIGGER: Record<string, string> = {
  slot: 'Scheduled',
  'focus-end': 'Focus ended',
  manual: 'Released now',
  'catch-up': 'Catch-up',
  cap: 'Wait limit',
};

export function BatchList() {
  const review = useStores().review;
  const { batches, batchId, hasOlder, loadingOlder } = useSlice(
    'review',
    useShallow((s) => ({
      batches: s.batches,
      batchId: s.batchId,
      hasOlder: s.hasOlder,
      loadingOlder: s.loadingOlder,
    })),
  );
  const navRef = useRef<HTMLElement>(null);

  const loadOlder = async (): Promise<void> => {
    const shown = batches.length;
    await review.getState().loadOlder();
    // Keyboard users land on the first batch that just arrived (or the last one, once the button is
    // gone) instead of losing focus; after a failure focus stays on the button.
    const list = navRef.current?.querySelectorAll<HTMLButtonElement>('button[data-batch]');
    if (!list) return;
    if (list.length > shown) list[shown]?.focus();
    else if (!review.getState().hasOlder) list[list.length - 1]?.focus();
  };

  return (
    <nav className="batches" aria-label="Batches" ref={navRef}>
      <h2 style={{ margin: '4px 8px 8px' }}>Batches</h2>
      {batches.length === 0 ? (
        <p className="muted small" style={{ padding: '0 8px' }}>
          No batches yet.
        </p>
      ) : null}
      {batches.map((b, i) => (
        <button
          key={b.id}
          type="button"
          data-batch={b.id}
          aria-current={b.id === batchId ? 'true' : undefined}
          onClick={() => void review.getState().selectBatch(b.id)}
        >
          <div>{i === 0 ? 'Latest' : formatDayTime(b.releasedAtMs)}</div>
          <div className="muted small">
            {i === 0 ? `${formatDayTime(b.releasedAtMs)} · ` : ''}
            {plural(b.itemCount, 'item')} · {TRIGGER[b.trigger] ?? b.trigger}
          </div>
        </button>
      ))}
      {hasOlder ? (
        <button
          type="button"
          className="olderBatches"
          aria-busy={loadingOlder || undefined}
          onClick={() => void loadOlder()}
        >
          {loadingOlder ? 'Loading older batches…' : 'Load older batches'}
        </button>
      ) : null}
    </nav>
  );
}
