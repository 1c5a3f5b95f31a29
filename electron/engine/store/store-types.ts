/**
 * The store's API, as the engine uses it. Synchronous (SQLite is in-process); the engine is async around it.
 * Implemented in store.ts over libsql (better-sqlite3's API), using only what both bindings share.
 */
import type {
  Decision,
  ItemInput,
  ItemState,
  ReleaseTrigger,
  Rule,
  RuleSet,
  Settings,
  StoredItem,
  SourceKind,
} from '../../core/types';
import type { AccountConfig, BatchSummary, ItemFilter, Stats } from '../../shared/contract';

export interface NewItem extends ItemInput {
  readonly personKey: string;
  readonly ingestedAtMs: number;
  readonly decision: Decision;
  readonly state: ItemState;
}

export interface CursorWrite {
  readonly accountId: string;
  readonly key: string;
  readonly value: string;
}

export interface StoredAccount {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly config: AccountConfig;
}

/** An item that waits for the user (held, or released and not done): what read markers are checked against. */
export interface OpenItem {
  readonly externalId: string;
  readonly threadKey: string;
  readonly receivedAtMs: number;
}

export interface ReleaseArgs {
  readonly atMs: number;
  readonly trigger: ReleaseTrigger;
  /** The cadence or focus-end slot this release settles in the ledger; null for manual and cap. */
  readonly slotMs: number | null;
}

export interface Store {
  readonly path: string;
  close(): void;

  /**
   * One transaction. Skips (account, externalId) duplicates. Returns what was inserted, with ids.
   * Cursors given here are written in the same transaction, so a source's position never runs ahead
   * of (or behind) the items it stands for.
   */
  insertItems(
    items: readonly NewItem[],
    cursors?: readonly CursorWrite[],
  ): { inserted: StoredItem[]; duplicates: number };
  /**
   * Which of these are not stored yet, as `${accountId}\u0000${externalId}` keys. The engine uses it so a
   * source re-sending an item does not count as the person trying again.
   */
  missingExternalIds(keys: readonly { accountId: string; externalId: string }[]): string[];
  addRejected(r: { accountId: string; atMs: number; reason: string; excerpt: string }): void;
  countRejected(): number;

  /**
   * One transaction: every held item goes into one new batch, and the ledger records slotMs (if any).
   * The batch's counts are of the items not done. Returns null (and creates no batch, leaving any done
   * items held) when nothing undone is held; the ledger slot is still recorded.
   */
  releaseHeld(args: ReleaseArgs): { batch: BatchSummary; items: StoredItem[] } | null;
  /** The newest slot the ledger has settled, or null. */
  lastSlotMs(): number | null;

  /** Held items not done (a held item read elsewhere is done and waits unseen for the next batch). */
  heldCount(): number;
  heldBySource(): Record<SourceKind, number>;
  /** ingestedAtMs of the oldest held item not done, for the hard cap. */
  oldestHeldAtMs(): number | null;

  listItems(filter: ItemFilter): StoredItem[];
  getItems(ids: readonly number[]): StoredItem[];
  listBatches(beforeId: number | undefined, limit: number): BatchSummary[];
  lastBatch(): BatchSummary | null;
  setDone(ids: readonly number[], done: boolean): void;
  /**
   * Marks done this account's held and released items with these (cleaned) external ids that are
   * not done yet: the user read them in another mail app. Returns the ids of the items it changed.
   */
  doneElsewhere(accountId: string, externalIds: readonly string[]): number[];
  /** This account's held and released items not done, ingested since sinceMs, newest first. */
  openItems(accountId: string, sinceMs: number, limit: number): OpenItem[];
  /** Released items go back to held, to be released with the next batch. */
  snooze(ids: readonly number[], atMs: number): void;
  /** Items ingested at or after sinceMs, oldest first, paged from SQLite (never all in memory). */
  iterateItemsSince(sinceMs: number): IterableIterator<StoredItem>;

  getSettings(): Settings | null;
  setSettings(settings: Settings): void;
  getRuleSet(): RuleSet | null;
  /** Saves a new version and returns it. */
  saveRules(rules: readonly Rule[], atMs: number): RuleSet;
  getRuleSetVersion(version: number): RuleSet | null;

  listAccounts(): StoredAccount[];
  upsertAccount(account: StoredAccount): void;
  deleteAccount(id: string): void;
  getCursor(accountId: string, key: string): string | null;
  setCursor(accountId: string, key: string, value: string): void;

  /** Small engine state (focus overrides, demo on/off) as JSON values. */
  getKv(key: string): unknown;
  setKv(key: string, value: unknown): void;

  /** People across sources: a linked address maps to a person key. */
  linkPerson(address: string, personKey: string): void;
  personKeyFor(address: string): string | null;
  /** The linked person keys of these addresses (lower-cased), in one query; unlinked ones are absent. */
  personKeysFor(addresses: readonly string[]): Map<string, string>;

  stats(sinceMs: number, timeZone: string, ruleNames: ReadonlyMap<string, string>): Stats;
  /** Deletes released/delivered/muted items received before olderThanMs; returns how many. */
  prune(olderThanMs: number): number;
}
