/**
 * All slices for one client, provided to React through context (tests build their own).
 * After a lost connection comes back, every slice that had loaded reloads: the engine is the truth.
 */
import { createContext, useContext } from 'react';
import type { StoreApi } from 'zustand';
import { useStore } from 'zustand';
import type { ConnectionState, LullClient } from '../api/client';
import type { AccountsSlice } from './accounts';
import { createAccountsSlice } from './accounts';
import type { ReviewSlice } from './review';
import { createReviewSlice } from './review';
import type { RulesSlice } from './rules';
import { createRulesSlice } from './rules';
import type { SettingsSlice } from './settings';
import { createSettingsSlice } from './settings';
import type { StatusSlice } from './status';
import { createStatusSlice } from './status';
import type { TodaySlice } from './today';
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

interface SliceStates {
  status: StatusSlice;
  review: ReviewSlice;
  settings: SettingsSlice;
  rules: RulesSlice;
  accounts: AccountsSlice;
  today: TodaySlice;
}

/** Select from one slice of the current stores, named by its key. */
export function useSlice<K extends keyof SliceStates, U>(name: K, selector: (state: SliceStates[K]) => U): U {
  const slices: { [P in keyof SliceStates]: StoreApi<SliceStates[P]> } = useStores();
  return useStore(slices[name], selector);
}
