/**
 * All slices for one client, provided to React through context (tests build their own).
 * After a lost connection comes back, every slice that had loaded reloads: the engine is the truth.
 */
import { createContext, useContext } from 'react';
import type { StoreApi } from 'zustand';
import { useStore } from 'zustand';
import type { ConnectionState, LullClient } from '../api/client';
import { createAccountsSlice } from './accounts';
import { createReviewSlice } from './review';
import { createRulesSlice } from './rules';
import { createSettingsSlice } from './settings';
import { createStatusSlice } from './status';
import { createTodaySlice } from './today';

export function createStores(client: LullClient) {
  const status = createStatusSlice(client);
  const review = createReviewSlice(client);
  const settings = createSettingsSlice(client);
  const rules = createRulesSlice(client);
  const accounts = createAccountsSlice(client);
  const today = createTodaySlice(client);
  let connection: ConnectionState = 'connecting';
  const connectionListeners = new Set<() => void>();
  let everOpen = false;
  const stopConnection = client.onConnection((s) => {
    const cameBack = s === 'open' && everOpen && connection !== 'open';
    if (s === 'open') everOpen = true;
    connection = s;
    connectionListeners.forEach((l) => l());
    if (cameBack) {
      void status.store.getState().load();
      void accounts.store.getState().load();
      if (review.store.getState().loaded) void review.store.getState().load();
      if (settings.store.getState().settings) void settings.store.getState().load();
      if (rules.store.getState().version !== null) void rules.store.getState().load();
      if (today.store.getState().stats) void today.store.getState().load();
    }
  });
  return {
    client,
    status: status.store,
    review: review.store,
    settings: settings.store,
    rules: rules.store,
    accounts: accounts.store,
    today: today.store,
    connection: {
      get: () => connection,
      subscribe: (l: () => void) => {
        connectionListeners.add(l);
        return () => void connectionListeners.delete(l);
      },
    },
    dispose() {
      stopConnection();
      [status, review, settings, rules, accounts, today].forEach((s) => s.dispose());
    },
  };
}

export type Stores = ReturnType<typeof createStores>;

export const StoresContext = createContext<Stores | null>(null);

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresContext missing');
  return stores;
}

/** Select from one slice of the current stores. */
export function useSlice<T, U>(pick: (s: Stores) => StoreApi<T>, selector: (state: T) => U): U {
  return useStore(pick(useStores()), selector);
}
