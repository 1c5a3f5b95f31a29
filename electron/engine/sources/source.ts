/**
 * The shape every source (imap, slack, teams, webhook, demo) has, and what the engine gives it.
 *
 * Sources deliver at least once: the store dedupes by (account, externalId). A source advances its
 * own cursor only after `ingest` resolved (or with it, in the same transaction), so a crash re-delivers
 * instead of losing.
 */
import type { FocusState, ItemInput, StoredItem } from '../../core/types';
import type { Account, AccountStatus, ConnectionTest } from '../../shared/contract';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import type { OpenItem } from '../store/store-types';

export interface IngestResult {
  readonly inserted: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** External ids of the inserted items that were held (hold-at-server moves only these). */
  readonly held?: readonly string[];
}

export interface IngestOptions {
  /**
   * External ids (as the source gave them) the user already read where they live: stored done,
   * and a delivered one raises no notification.
   */
  readonly read?: ReadonlySet<string>;
}

export interface SourceContext {
  readonly account: Account;
  now(): number;
  /**
   * Durably stores and decides the items; resolves once they are committed. Cursor values given
   * here (same keys as `cursor`) are committed in the same transaction as the items.
   */
  ingest(
    items: readonly ItemInput[],
    cursors?: Readonly<Record<string, string>>,
    opts?: IngestOptions,
  ): Promise<IngestResult>;
  /**
   * The user read these items where they live (another mail app, a phone): Lull marks them done, so
   * no batch brings them again. Returns how many items that changed.
   */
  readElsewhere(externalIds: readonly string[]): number;
  /**
   * The account's recent items that wait for the user (held, or released and not done): what a
   * source checks for read markers it can only ask for (Slack's last_read).
   */
  openItems(): readonly OpenItem[];
  /** Count something that truly cannot become an item, with the reason kept. */
  reject(reason: string, excerpt: string): Promise<void>;
  setStatus(status: AccountStatus): void;
  /** Durable per-account cursor: last UID, last ts per conversation, delta links. */
  readonly cursor: {
    get(key: string): Promise<string | null>;
    set(key: string, value: string): Promise<void>;
  };
  readonly secrets: SecretStore;
  readonly log: Logger;
}

export interface Source {
  start(): Promise<void>;
  /**
   * Polite close: finish in-flight work, log out. `final`: the account goes away (quit, turned off,
   * removed), not just restarting with new settings, so nothing of Lull's may stay on the server.
   */
  stop(opts?: { readonly final?: boolean }): Promise<void>;
  /** After sleep, a wall-clock jump or network return: reconnect now and catch up. */
  wake(): void;
  /** Write-back: mark these items read where they live. */
  markRead?(items: readonly StoredItem[]): Promise<{ marked: number; failed: number }>;
  /** Focus changed: mirror it (Slack DND, Teams presence) or hold mail at the server. */
  onFocusChange?(focus: FocusState, nextReleaseAtMs: number | null): Promise<void>;
  /** These items were released in a batch (hold-at-server moves them back). */
  onRelease?(items: readonly StoredItem[]): Promise<void>;
}

export interface SourceKindModule {
  create(ctx: SourceContext): Source;
  /** Checks settings and credentials without adding the account. */
  test?(account: Account, secret: string | null, log: Logger): Promise<ConnectionTest>;
}

/** A blank status with the given state and detail. */
export function status(
  state: AccountStatus['state'],
  detail = '',
  extra: Partial<AccountStatus> = {},
): AccountStatus {
  return { state, detail, progress: null, retryAtMs: null, certificate: null, ...extra };
}
