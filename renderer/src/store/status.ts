/** Status slice: the engine's state, loaded once with getState and then followed through 'state' events. */
import { createStore } from 'zustand/vanilla';
import type { CommandInput, EngineState, StoredItemT } from '../api/types';
import { mutable } from '../api/types';
import type { LullClient } from '../api/client';
import { wireErrorOf } from '../api/errors';

export interface StatusSlice {
  state: EngineState | null;
  /** Local clock minus engine clock, so countdowns tick between events. */
  skewMs: number;
  error: string | null;
  busy: string | null;
  /** Urgent items delivered while this window was open, newest first. */
  delivered: StoredItemT[];
  load(): Promise<void>;
  run(label: string, fn: () => Promise<unknown>): Promise<void>;
  startFocus(input: CommandInput<'startFocus'>): Promise<void>;
  endFocus(): Promise<void>;
  pause(untilMs: number | null): Promise<void>;
  resume(): Promise<void>;
  releaseNow(): Promise<void>;
  setDemo(enabled: boolean): Promise<void>;
}

function mergeDelivered(current: StoredItemT[], more: StoredItemT[]): StoredItemT[] {
  const seen = new Set(current.map((i) => i.id));
  return [...current, ...more.filter((i) => !seen.has(i.id))]
    .sort((a, b) => b.ingestedAtMs - a.ingestedAtMs)
    .slice(0, 20);
}

function isEngineState(v: unknown): v is EngineState {
  return !!v && typeof v === 'object' && 'focus' in v && 'heldCount' in v;
}

export function createStatusSlice(client: LullClient) {
  const store = createStore<StatusSlice>()((set, get) => ({
    state: null,
    skewMs: 0,
    error: null,
    busy: null,
    delivered: [],
    async load() {
      try {
        const state = mutable<EngineState>(await client.getState({}));
        set({ state, skewMs: Date.now() - state.nowMs, error: null });
        // The Status window is created fresh each time the tray opens it: show what came through
        // lately, then follow 'delivered' events.
        void client.listItems({ state: 'delivered', limit: 5 }).then(
          (items) => set((s) => ({ delivered: mergeDelivered(s.delivered, mutable<StoredItemT[]>(items)) })),
          () => undefined,
        );
      } catch (e) {
        set({ error: wireErrorOf(e).message });
      }
    },
    async run(label, fn) {
      set({ busy: label, error: null });
      try {
        const result = await fn();
        if (isEngineState(result))
          set({ state: mutable<EngineState>(result), skewMs: Date.now() - result.nowMs });
      } catch (e) {
        set({ error: wireErrorOf(e).message });
      } finally {
        set({ busy: null });
      }
    },
    startFocus: (input) => get().run('focus', () => client.startFocus(input)),
    endFocus: () => get().run('end', () => client.endFocus({})),
    pause: (untilMs) => get().run('pause', () => client.pause({ untilMs })),
    resume: () => get().run('resume', () => client.resume({})),
    releaseNow: () =>
      get().run('release', async () => {
        await client.releaseNow({});
        return client.getState({});
      }),
    setDemo: (enabled) => get().run('demo', () => client.setDemo({ enabled })),
  }));
  const unsubscribe = [
    client.on('state', (s) =>
      store.setState({ state: mutable<EngineState>(s), skewMs: Date.now() - s.nowMs }),
    ),
    client.on('delivered', ({ item: it }) =>
      store.setState((s) => {
        const item = mutable<StoredItemT>(it);
        return { delivered: [item, ...s.delivered.filter((d) => d.id !== item.id)].slice(0, 20) };
      }),
    ),
  ];
  return { store, dispose: () => unsubscribe.forEach((u) => u()) };
}
