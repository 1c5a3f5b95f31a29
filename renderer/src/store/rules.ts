/** Rules slice: the ordered urgency list, loaded with getRules and saved whole with setRules. */
import { createStore } from 'zustand/vanilla';
import type { LullClient } from '../api/client';
import { wireErrorOf } from '../api/errors';
import type { RuleT, WireError } from '../api/types';
import { mutable } from '../api/types';

export interface RulesSlice {
  version: number | null;
  rules: RuleT[];
  error: string | null;
  load(): Promise<void>;
  save(rules: RuleT[]): Promise<WireError | null>;
}

export function createRulesSlice(client: LullClient) {
  const store = createStore<RulesSlice>()((set) => ({
    version: null,
    rules: [],
    error: null,
    async load() {
      try {
        const r = await client.getRules({});
        set({ version: r.version, rules: mutable<RuleT[]>(r.rules), error: null });
      } catch (e) {
        set({ error: wireErrorOf(e).message });
      }
    },
    async save(rules) {
      try {
        const r = await client.setRules({ rules });
        set({ version: r.version, rules: mutable<RuleT[]>(r.rules) });
        return null;
      } catch (e) {
        return wireErrorOf(e);
      }
    },
  }));
  return { store, dispose: () => {} };
}
