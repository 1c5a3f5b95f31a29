/** Settings slice: loaded with getSettings; saved whole with setSettings, so nothing is ever half-saved. */
import { createStore } from 'zustand/vanilla';
import type { LullClient } from '../api/client';
import { wireErrorOf } from '../api/errors';
import type { SettingsT, WireError } from '../api/types';
import { mutable } from '../api/types';

export interface SettingsSlice {
  settings: SettingsT | null;
  error: string | null;
  load(): Promise<void>;
  /** Saves the whole settings object; returns the engine's error (with field problems) or null. */
  save(next: SettingsT): Promise<WireError | null>;
}

export function createSettingsSlice(client: LullClient) {
  const store = createStore<SettingsSlice>()((set) => ({
    settings: null,
    error: null,
    async load() {
      try {
        set({ settings: mutable<SettingsT>(await client.getSettings({})), error: null });
      } catch (e) {
        set({ error: wireErrorOf(e).message });
      }
    },
    async save(next) {
      try {
        set({ settings: mutable<SettingsT>(await client.setSettings(next)) });
        return null;
      } catch (e) {
        return wireErrorOf(e);
      }
    },
  }));
  return { store, dispose: () => {} };
}
