/**
 * Review slice: the batches and the items of the one being reviewed.
 *
 * Loads with listBatches (+ listItems of the newest) and follows 'batch' events; older batches come a
 * page at a time (beforeId). Actions go to the engine first; the local list only changes once the
 * engine said yes (or, for 'readElsewhere', told that the item is done).
 */
import { createStore } from 'zustand/vanilla';
import type { LullClient } from '../api/client';
import { wireErrorOf } from '../api/errors';
import type { BatchSummary, StoredItemT } from '../api/types';
import { mutable } from '../api/types';

type Undo =
  { kind: 'done'; items: StoredItemT[]; label: string } | { kind: 'rules'; version: number; label: string };

export interface Notice {
  text: string;
  canUndo: boolean;
}

export interface ReviewSlice {
  batches: BatchSummary[];
  /** The last page was full, so the engine may hold older batches. */
  hasOlder: boolean;
  loadingOlder: boolean;
  batchId: number | null;
  items: StoredItemT[];
  loading: boolean;
  loaded: boolean;
  error: string | null;
  notice: Notice | null;
  undoStack: Undo[];
  load(): Promise<void>;
  loadOlder(): Promise<void>;
  selectBatch(id: number): Promise<void>;
  done(items: StoredItemT[]): Promise<void>;
  snooze(items: StoredItemT[]): Promise<void>;
  markRead(items: StoredItemT[]): Promise<void>;
  senderRule(item: StoredItemT, action: 'deliver' | 'mute'): Promise<void>;
  /** The link to open (`alt`: the item's other one), or null. */
  open(item: StoredItemT, alt?: boolean): Promise<string | null>;
  undo(): Promise<void>;
  dismissNotice(): void;
}

const ITEM_LIMIT = 10000;
export const BATCH_PAGE = 50;

export function senderLabel(item: StoredItemT): string {
  return item.sender.name || item.sender.address || 'Unknown sender';
}

export function createReviewSlice(client: LullClient) {
  let loadSeq = 0;
  const store = createStore<ReviewSlice>()((set, get) => {
    const fail = (e: unknown): void => set({ notice: { text: wireErrorOf(e).message, canUndo: false } });
    const removeItems = (ids: Set<number>): void =>
      set((s) => ({ items: s.items.filter((i) => !ids.has(i.id)) }));
    return {
      batches: [],
      hasOlder: false,
      loadingOlder: false,
      batchId: null,
      items: [],
      loading: false,
      loaded: false,
      error: null,
      notice: null,
      undoStack: [],
      async load() {
        set({ loading: true, error: null });
        try {
          const batches = mutable<BatchSummary[]>(await client.listBatches({ limit: BATCH_PAGE }));
          set({ batches, hasOlder: batches.length === BATCH_PAGE });
          const keep = get().batchId;
          const target = keep !== null && batches.some((b) => b.id === keep) ? keep : batches[0]?.id;
          if (target !== undefined) await get().selectBatch(target);
          else set({ items: [], batchId: null });
          set({ loaded: true, loading: false });
        } catch (e) {
          set({ error: wireErrorOf(e).message, loading: false, loaded: true });
        }
      },
      async loadOlder() {
        const oldest = get().batches.at(-1);
        if (!oldest || get().loadingOlder) return;
        set({ loadingOlder: true });
        try {
          const page = mutable<BatchSummary[]>(
            await client.listBatches({ beforeId: oldest.id, limit: BATCH_PAGE }),
          );
          set((s) => {
            const known = new Set(s.batches.map((b) => b.id));
            return {
              batches: [...s.batches, ...page.filter((b) => !known.has(b.id))],
              hasOlder: page.length === BATCH_PAGE,
              loadingOlder: false,
            };
          });
        } catch (e) {
          set({ loadingOlder: false });
          fail(e);
        }
      },
      async selectBatch(id) {
        const seq = ++loadSeq;
        set({ batchId: id, loading: true });
        try {
          const items = mutable<StoredItemT[]>(await client.listItems({ batchId: id, limit: ITEM_LIMIT }));
          if (seq !== loadSeq) return;
          if (typeof performance !== 'undefined') performance.mark('lull:review:data');
          set({ items, loading: false });
        } catch (e) {
          if (seq === loadSeq) set({ error: wireErrorOf(e).message, loading: false });
        }
      },
      async done(items) {
        if (items.length === 0) return;
        try {
          await client.setDone({ ids: items.map((i) => i.id), done: true });
          removeItems(new Set(items.map((i) => i.id)));
          const label = items.length === 1 ? 'Marked done' : `${items.length} marked done`;
          set((s) => ({
            undoStack: [...s.undoStack, { kind: 'done', items, label }],
            notice: { text: label, canUndo: true },
          }));
        } catch (e) {
          fail(e);
        }
      },
      async snooze(items) {
        if (items.length === 0) return;
        try {
          await client.snooze({ ids: items.map((i) => i.id) });
          removeItems(new Set(items.map((i) => i.id)));
          set({
            notice: {
              text:
                items.length === 1
                  ? 'Snoozed to the next batch'
                  : `${items.length} snoozed to the next batch`,
              canUndo: false,
            },
          });
        } catch (e) {
          fail(e);
        }
      },
      async markRead(items) {
        if (items.length === 0) return;
        try {
          const r = await client.markRead({ ids: items.map((i) => i.id) });
          const text =
            r.message ||
            (r.failed ? `${r.marked} marked read, ${r.failed} failed` : `${r.marked} marked read`);
          set({ notice: { text, canUndo: false } });
        } catch (e) {
          fail(e);
        }
      },
      async senderRule(item, action) {
        const address = item.sender.address || item.personKey;
        try {
          const r = await client.addSenderRule({ address, action });
          const label = action === 'deliver' ? `${address} will always come through` : `${address} muted`;
          set((s) => ({
            undoStack: [...s.undoStack, { kind: 'rules', version: r.previousVersion, label }],
            notice: { text: label, canUndo: true },
          }));
        } catch (e) {
          fail(e);
        }
      },
      async open(item, alt = false) {
        try {
          const { link } = await client.openItem(alt ? { id: item.id, alt } : { id: item.id });
          return link || null;
        } catch (e) {
          fail(e);
          return null;
        }
      },
      async undo() {
        const last = get().undoStack.at(-1);
        if (!last) {
          set({ notice: { text: 'Nothing to undo', canUndo: false } });
          return;
        }
        try {
          if (last.kind === 'done') {
            await client.setDone({ ids: last.items.map((i) => i.id), done: false });
            const back = new Map(last.items.map((i) => [i.id, i]));
            set((s) => ({
              items: [...s.items.filter((i) => !back.has(i.id)), ...last.items].sort(
                (a, b) => b.receivedAtMs - a.receivedAtMs,
              ),
            }));
          } else {
            await client.restoreRules({ version: last.version });
          }
          set((s) => ({
            undoStack: s.undoStack.slice(0, -1),
            notice: { text: `Undone: ${last.label}`, canUndo: false },
          }));
        } catch (e) {
          fail(e);
        }
      },
      dismissNotice: () => set({ notice: null }),
    };
  });
  const offBatch = client.on('batch', ({ batch }) => {
    const s = store.getState();
    const wasLatest = s.batchId === null || s.batchId === s.batches[0]?.id;
    store.setState({
      batches: [mutable<BatchSummary>(batch), ...s.batches.filter((b) => b.id !== batch.id)],
    });
    if (wasLatest && s.loaded) void s.selectBatch(batch.id);
  });
  // Read in another mail app: done in the engine, so it leaves the list as a done here would.
  const offRead = client.on('readElsewhere', ({ ids }) => {
    const gone = new Set(ids);
    const { items } = store.getState();
    const left = items.filter((i) => !gone.has(i.id));
    const n = items.length - left.length;
    if (n === 0) return;
    // Said, so an item that vanishes under the user's eyes has a reason.
    const text = n === 1 ? '1 item was read elsewhere' : `${n} items were read elsewhere`;
    store.setState({ items: left, notice: { text, canUndo: false } });
  });
  return {
    store,
    dispose: () => {
      offBatch();
      offRead();
    },
  };
}
