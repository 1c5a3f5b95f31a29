/** Accounts slice: loaded with listAccounts, then follows the accounts inside 'state' events. */
import { createStore } from 'zustand/vanilla';
import type { LullClient } from '../api/client';
import { wireErrorOf } from '../api/errors';
import type { Account, AccountInput, ConnectionTest, WireError } from '../api/types';
import { mutable } from '../api/types';

export interface AccountsSlice {
  accounts: Account[];
  error: string | null;
  load(): Promise<void>;
  add(input: AccountInput): Promise<WireError | null>;
  update(input: AccountInput & { id: string }): Promise<WireError | null>;
  remove(id: string): Promise<WireError | null>;
  test(input: AccountInput & { id?: string }): Promise<ConnectionTest | WireError>;
  trust(id: string, sha256: string): Promise<WireError | null>;
}

export function isWireError(v: unknown): v is WireError {
  return !!v && typeof v === 'object' && 'code' in v && 'problems' in v;
}

/** Runs an account change; the engine's error comes back as a value for the form to show. */
async function attempt(run: () => Promise<void>): Promise<WireError | null> {
  try {
    await run();
    return null;
  } catch (e) {
    return wireErrorOf(e);
  }
}

export function createAccountsSlice(client: LullClient) {
  const store = createStore<AccountsSlice>()((set) => {
    const upsert = (a: Account): void =>
      set((s) => ({
        accounts: s.accounts.some((x) => x.id === a.id)
          ? s.accounts.map((x) => (x.id === a.id ? a : x))
          : [...s.accounts, a],
      }));
    return {
      accounts: [],
      error: null,
      async load() {
        try {
          set({ accounts: mutable<Account[]>(await client.listAccounts({})), error: null });
        } catch (e) {
          set({ error: wireErrorOf(e).message });
        }
      },
      add: (input) => attempt(async () => upsert(mutable<Account>(await client.addAccount(input)))),
      update: (input) => attempt(async () => upsert(mutable<Account>(await client.updateAccount(input)))),
      remove: (id) =>
        attempt(async () => {
          await client.removeAccount({ id });
          set((s) => ({ accounts: s.accounts.filter((a) => a.id !== id) }));
        }),
      async test(input) {
        try {
          return mutable<ConnectionTest>(await client.testAccount(input));
        } catch (e) {
          return wireErrorOf(e);
        }
      },
      trust: (id, sha256) =>
        attempt(async () => upsert(mutable<Account>(await client.trustCertificate({ id, sha256 })))),
    };
  });
  const unsubscribe = client.on('state', (state) =>
    store.setState({ accounts: mutable<Account[]>(state.accounts) }),
  );
  return { store, dispose: unsubscribe };
}
