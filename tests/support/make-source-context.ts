import type { ItemInput } from '../../electron/core/types';
import type { Account, AccountConfig, AccountStatus } from '../../electron/shared/contract';
import { createLogger } from '../../electron/engine/log';
import type { IngestResult, SourceContext } from '../../electron/engine/sources/source';
import { status } from '../../electron/engine/sources/source';
import { MemorySecrets } from './memory-secrets';

export interface RecordingContext extends SourceContext {
  readonly items: ItemInput[];
  readonly statuses: AccountStatus[];
  readonly cursors: Map<string, string>;
  /** External ids the source reported as read elsewhere, in order. */
  readonly readIds: string[];
  readonly secrets: MemorySecrets;
  readonly lastStatus: () => AccountStatus | undefined;
  /** Resolves once at least n items were ingested (or rejects after timeoutMs). */
  waitForItems(n: number, timeoutMs?: number): Promise<ItemInput[]>;
  waitForStatus(state: AccountStatus['state'], timeoutMs?: number): Promise<AccountStatus>;
}

/** A SourceContext that records what a source does; dedupes by externalId like the store. */
export function makeSourceContext(partial: {
  config: AccountConfig;
  id?: string;
  now?: () => number;
}): RecordingContext {
  const items: ItemInput[] = [];
  const statuses: AccountStatus[] = [];
  const cursors = new Map<string, string>();
  const readIds: string[] = [];
  const seen = new Set<string>();
  const account: Account = {
    id: partial.id ?? 'acct-1',
    name: 'Test account',
    enabled: true,
    config: partial.config,
    status: status('connecting'),
  };
  const waitFor = <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = (): void => {
        const v = check();
        if (v !== undefined) return resolve(v);
        if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
        setTimeout(tick, 10);
      };
      tick();
    });
  const ctx: RecordingContext = {
    account,
    now: partial.now ?? (() => Date.now()),
    items,
    statuses,
    cursors,
    readIds,
    secrets: new MemorySecrets(),
    ingest(batch: readonly ItemInput[]): Promise<IngestResult> {
      let inserted = 0;
      let duplicates = 0;
      for (const item of batch) {
        if (seen.has(item.externalId)) duplicates += 1;
        else {
          seen.add(item.externalId);
          items.push(item);
          inserted += 1;
        }
      }
      return Promise.resolve({ inserted, duplicates, rejected: 0 });
    },
    openItems: () =>
      items.map((i) => ({ externalId: i.externalId, threadKey: i.threadKey, receivedAtMs: i.receivedAtMs })),
    readElsewhere: (externalIds) => {
      readIds.push(...externalIds);
      return externalIds.length;
    },
    reject: () => Promise.resolve(),
    setStatus: (s) => {
      statuses.push(s);
    },
    cursor: {
      get: (key) => Promise.resolve(cursors.get(key) ?? null),
      set: (key, value) => {
        cursors.set(key, value);
        return Promise.resolve();
      },
    },
    log: createLogger({ test: true }),
    lastStatus: () => statuses.at(-1),
    waitForItems: (n, timeoutMs = 10_000) =>
      waitFor(() => (items.length >= n ? items : undefined), timeoutMs, `${n} items`),
    waitForStatus: (state, timeoutMs = 10_000) =>
      waitFor(
        () => {
          const s = statuses.at(-1);
          return s?.state === state ? s : undefined;
        },
        timeoutMs,
        `status ${state}`,
      ),
  };
  return ctx;
}
