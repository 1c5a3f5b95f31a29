/**
 * Batch review: the latest batch and the history, grouped by person then thread, bulk last.
 * Keyboard-first (j/k/o/O/e/s/u/?), virtualized so 10,000 items stay smooth.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { StoredItemT } from '../../api/types';
import { senderLabel } from '../../store/review';
import { useSlice, useStores } from '../../store/stores';
import { formatDayTime, formatTime, plural } from '../../ui/format';
import { openInLabel, openLink } from '../../ui/open-link';
import { SourceIcon, sourceName } from '../../ui/source-icon';
import { BatchList } from './batch-list';
import { groupItems, ROW_HEIGHT } from './group';
import type { ReviewRow } from './group';

const KEYS: [string, string][] = [
  ['j / ↓', 'Next item'],
  ['k / ↑', 'Previous item'],
  ['o / Enter', 'Open where it lives'],
  ['Shift+O', 'Open it the other way (mail app or browser), where it has one'],
  ['e', 'Done'],
  ['r', 'Mark read on the server'],
  ['s', 'Snooze to the next batch'],
  ['u', 'Undo'],
  ['?', 'Show these keys'],
];

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** `batchId` (from #/review/<id>, as the shell's batch notification opens it) picks that batch. */
export function ReviewView({ batchId: wanted = null }: { batchId?: number | null } = {}) {
  const stores = useStores();
  const review = stores.review;
  const { batches, batchId, items, loaded, error, notice } = useSlice(
    'review',
    useShallow((s) => ({
      batches: s.batches,
      batchId: s.batchId,
      items: s.items,
      loaded: s.loaded,
      error: s.error,
      notice: s.notice,
    })),
  );
  const engine = useSlice('status', (s) => s.state);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void review
      .getState()
      .load()
      .then(() => {
        if (wanted !== null && Number.isInteger(wanted) && review.getState().batchId !== wanted)
          void review.getState().selectBatch(wanted);
      });
  }, [review, wanted]);

  // The head counts what is still in the list: items leave it as they are done, snoozed or read elsewhere.
  const grouped = useMemo(() => groupItems(items), [items]);
  const rows = grouped.rows;
  const itemRows = useMemo(
    () => rows.flatMap((r, index) => (r.kind === 'item' ? [{ index, item: r.item }] : [])),
    [rows],
  );
  const selectedPos = itemRows.findIndex((r) => r.item.id === selectedId);
  const selected = selectedPos >= 0 ? (itemRows[selectedPos]?.item ?? null) : null;

  // Keep a selection: the first item, or the neighbour of one that left the list.
  const lastPos = useRef(0);
  useEffect(() => {
    if (selectedPos >= 0) lastPos.current = selectedPos;
    else if (itemRows.length > 0)
      setSelectedId(itemRows[Math.min(lastPos.current, itemRows.length - 1)]?.item.id ?? null);
  }, [selectedPos, itemRows]);

  // The virtualizer lives in VirtualRows so a scroll frame re-renders only the rows, not this view.
  const scrollToRef = useRef<((index: number) => void) | null>(null);

  // Marks for bench/suites/renderer.ts: committed, and the next frame (painted).
  useLayoutEffect(() => {
    if (items.length === 0 || typeof performance === 'undefined') return;
    performance.mark('lull:review:rendered');
    requestAnimationFrame(() => setTimeout(() => performance.mark('lull:review:painted'), 0));
  }, [items]);

  const move = useCallback(
    (delta: number) => {
      if (itemRows.length === 0) return;
      const pos = Math.max(0, Math.min(itemRows.length - 1, (selectedPos < 0 ? 0 : selectedPos) + delta));
      const row = itemRows[pos];
      if (!row) return;
      setSelectedId(row.item.id);
      scrollToRef.current?.(row.index);
    },
    [itemRows, selectedPos],
  );

  const act = useCallback(
    async (
      what: 'open' | 'openAlt' | 'done' | 'snooze' | 'read' | 'allow' | 'mute',
      item: StoredItemT | null = selected,
    ) => {
      if (!item) return;
      const s = review.getState();
      if (what === 'open' || what === 'openAlt') {
        if (what === 'openAlt' && item.altLink === '') return;
        const link = await s.open(item, what === 'openAlt');
        if (link && !openLink(link))
          review.setState({ notice: { text: 'This item has no link Lull may open', canUndo: false } });
      } else if (what === 'done') await s.done([item]);
      else if (what === 'snooze') await s.snooze([item]);
      else if (what === 'read') await s.markRead([item]);
      else await s.senderRule(item, what === 'allow' ? 'deliver' : 'mute');
    },
    [review, selected],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (help) {
        if (e.key === 'Escape' || e.key === '?') {
          setHelp(false);
          e.preventDefault();
        }
        return;
      }
      const inButton = e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement;
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          if (e.key === 'ArrowDown' && e.target !== listRef.current) return;
          move(1);
          break;
        case 'k':
        case 'ArrowUp':
          if (e.key === 'ArrowUp' && e.target !== listRef.current) return;
          move(-1);
          break;
        case 'o':
          void act('open');
          break;
        case 'O':
          void act('openAlt');
          break;
        case 'Enter':
          if (inButton) return;
          void act('open');
          break;
        case 'e':
          void act('done');
          break;
        case 's':
          void act('snooze');
          break;
        case 'r':
          void act('read');
          break;
        case 'u':
          void review.getState().undo();
          break;
        case '?':
          setHelp(true);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act, move, review, help]);

  const batch = batches.find((b) => b.id === batchId) ?? null;
  const isLatest = batch !== null && batch.id === batches[0]?.id;
  const openItem = useCallback((item: StoredItemT) => void act('open', item), [act]);

  return (
    <div className="review">
      <BatchList />
      <section className="reviewMain" aria-label="Batch review">
        <div className="reviewHead">
          <h1>
            {batch ? (isLatest ? 'Latest batch' : `Batch of ${formatDayTime(batch.releasedAtMs)}`) : 'Review'}
          </h1>
          {batch ? (
            <span className="muted" data-testid="review-counts">
              {plural(items.length, 'item')} · {plural(grouped.people, 'person', 'people')} ·{' '}
              {plural(grouped.threads, 'thread')}
            </span>
          ) : null}
          <span style={{ flex: 1 }} />
          <div className="row" role="toolbar" aria-label="Actions on the selected item">
            <button
              type="button"
              disabled={!selected}
              onClick={() => void act('open')}
              title="Open where it lives (o)"
            >
              Open
            </button>
            {selected && selected.altLink !== '' ? (
              <button
                type="button"
                onClick={() => void act('openAlt')}
                title="Open it the other way (Shift+O)"
              >
                {openInLabel(selected.altLink)}
              </button>
            ) : null}
            <button type="button" disabled={!selected} onClick={() => void act('done')} title="Done (e)">
              Done
            </button>
            <button
              type="button"
              disabled={!selected}
              onClick={() => void act('read')}
              title="Mark read on the server (r)"
            >
              Mark read
            </button>
            <button
              type="button"
              disabled={!selected}
              onClick={() => void act('snooze')}
              title="Snooze to the next batch (s)"
            >
              Snooze
            </button>
            <button
              type="button"
              disabled={!selected}
              onClick={() => void act('allow')}
              title="Add a rule that always delivers this sender"
            >
              Always let through
            </button>
            <button
              type="button"
              disabled={!selected}
              onClick={() => void act('mute')}
              title="Add a rule that mutes this sender"
            >
              Mute sender
            </button>
            <button
              type="button"
              className="icon"
              onClick={() => setHelp(true)}
              aria-label="Keyboard shortcuts"
              title="Keyboard shortcuts (?)"
            >
              ?
            </button>
          </div>
        </div>
        {error ? (
          <p className="error" role="alert" style={{ padding: '8px 18px' }}>
            {error}
          </p>
        ) : null}
        {loaded && items.length === 0 ? (
          <EmptyState
            nextMs={engine?.nextReleaseAtMs ?? null}
            held={engine?.heldCount ?? 0}
            hasBatch={batch !== null}
          />
        ) : (
          <div
            ref={listRef}
            className="list"
            role="listbox"
            tabIndex={0}
            aria-label={batch ? `Items in this batch, ${items.length}` : 'Items'}
            aria-activedescendant={selected ? `item-${selected.id}` : undefined}
            data-testid="review-list"
          >
            <VirtualRows
              rows={rows}
              scrollElement={listRef}
              scrollToRef={scrollToRef}
              selectedId={selectedId}
              onSelect={setSelectedId}
              onOpen={openItem}
            />
          </div>
        )}
      </section>
      {notice ? (
        <div className="toast" role="status">
          <span>{notice.text}</span>
          {notice.canUndo ? (
            <button type="button" onClick={() => void review.getState().undo()}>
              Undo
            </button>
          ) : null}
          <button
            type="button"
            className="icon"
            aria-label="Dismiss"
            onClick={() => review.getState().dismissNotice()}
          >
            ×
          </button>
        </div>
      ) : null}
      {help ? <KeysDialog onClose={() => setHelp(false)} /> : null}
    </div>
  );
}

const VirtualRows = memo(function VirtualRows({
  rows,
  scrollElement,
  scrollToRef,
  selectedId,
  onSelect,
  onOpen,
}: {
  rows: ReviewRow[];
  scrollElement: RefObject<HTMLDivElement | null>;
  scrollToRef: RefObject<((index: number) => void) | null>;
  selectedId: number | null;
  onSelect: (id: number) => void;
  onOpen: (item: StoredItemT) => void;
}) {
  // Stable per `rows`: the virtualizer recomputes every row's offset (O(n)) whenever these change,
  // which must not happen on each scroll frame.
  const estimateSize = useCallback((i: number) => ROW_HEIGHT[rows[i]?.kind ?? 'item'], [rows]);
  const getItemKey = useCallback((i: number) => rows[i]?.key ?? i, [rows]);
  // TanStack Virtual returns functions React Compiler cannot memoize; this component is not compiled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollElement.current,
    estimateSize,
    overscan: 6,
    getItemKey,
    // Batch scroll updates into one render per frame instead of a synchronous render per scroll event.
    useFlushSync: false,
  });
  useEffect(() => {
    scrollToRef.current = (index) => virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [scrollToRef, virtualizer]);
  return (
    <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="presentation">
      {virtualizer.getVirtualItems().map((v) => {
        const row = rows[v.index];
        if (!row) return null;
        return (
          <div
            key={v.key}
            className="vrow"
            role="presentation"
            style={{ height: v.size, transform: `translateY(${v.start}px)` }}
          >
            <Row
              row={row}
              selected={row.kind === 'item' && row.item.id === selectedId}
              onSelect={onSelect}
              onOpen={onOpen}
            />
          </div>
        );
      })}
    </div>
  );
});

const Row = memo(function Row({
  row,
  selected,
  onSelect,
  onOpen,
}: {
  row: ReviewRow;
  selected: boolean;
  onSelect: (id: number) => void;
  onOpen: (item: StoredItemT) => void;
}) {
  if (row.kind === 'section') {
    return (
      <div
        className="personRow muted"
        aria-hidden="true"
        style={{ fontSize: 11, textTransform: 'uppercase', letterSpacing: 0.4 }}
      >
        {row.label}
      </div>
    );
  }
  if (row.kind === 'person') {
    return (
      <div className="personRow" aria-hidden="true">
        <span>{row.label}</span>
        <span className="badge">{row.count}</span>
      </div>
    );
  }
  if (row.kind === 'thread') {
    return (
      <div className="threadRow" aria-hidden="true">
        Thread · {row.label} ({row.count})
      </div>
    );
  }
  const item = row.item;
  return (
    <div
      id={`item-${item.id}`}
      className="itemRow"
      role="option"
      aria-selected={selected}
      data-row="item"
      onClick={() => onSelect(item.id)}
      onDoubleClick={() => onOpen(item)}
    >
      <SourceIcon source={item.source} />
      <div style={{ minWidth: 0 }}>
        <div className="title">{item.title || '(no subject)'}</div>
        <div className="preview">
          <span style={{ color: 'var(--text)' }}>{senderLabel(item)}</span>
          {item.preview ? ` — ${item.preview}` : ''}
        </div>
        <div className="reason">{item.decision.reason}</div>
      </div>
      <div className="meta">
        <div>{formatTime(item.receivedAtMs)}</div>
        <div>{sourceName(item.source)}</div>
      </div>
    </div>
  );
});

function EmptyState({ nextMs, held, hasBatch }: { nextMs: number | null; held: number; hasBatch: boolean }) {
  return (
    <div className="empty" data-testid="review-empty">
      <h2>{hasBatch ? 'All done in this batch' : 'Nothing to review yet'}</h2>
      <p>
        While you focus, Lull holds mail and chat that is not urgent. They are released together as a batch,
        grouped by person and thread, and appear here.
      </p>
      <p>
        {nextMs !== null
          ? `The next batch comes ${formatDayTime(nextMs)}`
          : 'No batch is scheduled right now'}
        {held > 0 ? ` with ${plural(held, 'item')} held so far.` : '.'}
      </p>
    </div>
  );
}

function KeysDialog({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div className="overlay" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="keys-title"
        className="card"
        style={{ boxShadow: 'var(--shadow)', minWidth: 300 }}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id="keys-title" style={{ marginTop: 0 }}>
          Keyboard
        </h2>
        <div className="keys">
          {KEYS.map(([k, what]) => (
            <div key={k} style={{ display: 'contents' }}>
              <kbd>{k}</kbd>
              <span>{what}</span>
            </div>
          ))}
        </div>
        <div className="row" style={{ justifyContent: 'flex-end', marginTop: 12 }}>
          <button ref={closeRef} type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
