/** Today slice: loaded with stats, refreshed (debounced) when a batch or a breakthrough happens. */
import { createStore } from 'zustand/vanilla';
import type { LullClient } from '../api/client';
import { wireErrorOf } from '../api/errors';
import type { Stats } from '../api/types';
import { mutable } from '../api/types';

export interface TodaySlice {
  stats: Stats | null;
  error: string | null;
  load(): Promise<void>;
}

export function createTodaySlice(client: LullClient) {
  const store = createStore<TodaySlice>()((set) => ({
    stats: null,
    error: null,
    async load() {
      try {
        set({ stats: mutable<Stats>(await client.stats({ days: 7 })), error: null });
      } catch (e) {
        set({ error: wireErrorOf(e).message });
      }
    },
  }));
  let timer: ReturnType<typeof setTimeout> | null = null;
  const refresh = (): void => {
    if (store.getState().stats === null) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void store.getState().load(), 500);
  };
  const unsubscribe = [client.on('batch', refresh), client.on('delivered', refresh)];
  return {
    store,
    dispose: () => {
      if (timer) clearTimeout(timer);
      unsubscribe.forEach((u) => u());
    },
  };
}
