/**
 * Runs one Source per enabled account and keeps each account's live status.
 * Secrets go to the SecretStore before an account is saved, so a missing keychain never leaves
 * an account without its credentials, and never leaves a secret anywhere else.
 */
import type { FocusState, ItemInput, StoredItem } from '../core/types';
import type { Account, AccountConfig, AccountStatus, ConnectionTest } from '../shared/contract';
import type { Logger } from './log';
import { redact } from './log';
import type { SecretStore } from './secrets/secret-store';
import type { IngestOptions, IngestResult, Source, SourceKindModule } from './sources/source';
import { status } from './sources/source';
import type { CursorWrite, OpenItem, Store, StoredAccount } from './store/store-types';

export interface AccountsDeps {
  readonly store: Store;
  readonly secrets: SecretStore;
  readonly modules: Readonly<Partial<Record<Account['config']['kind'], SourceKindModule>>>;
  readonly log: Logger;
  now(): number;
  ingest(
    items: readonly ItemInput[],
    cursors?: readonly CursorWrite[],
    opts?: IngestOptions,
  ): Promise<IngestResult>;
  readElsewhere(accountId: string, externalIds: readonly string[]): number;
  openItems(accountId: string): readonly OpenItem[];
  onStatusChange(): void;
  /** Focus as the engine last saw it (null before its first tick), for a source that starts mid-focus. */
  focus(): { readonly focus: FocusState; readonly nextReleaseAtMs: number | null } | null;
}

export class Accounts {
  private readonly running = new Map<string, Source>();
  private readonly statuses = new Map<string, AccountStatus>();

  constructor(private readonly deps: AccountsDeps) {}

  list(): Account[] {
    return this.deps.store.listAccounts().map((a) => this.withStatus(a));
  }

  withStatus(a: StoredAccount): Account {
    const live = this.statuses.get(a.id);
    return { ...a, status: a.enabled ? (live ?? status('connecting')) : status('disabled', 'Turned off') };
  }

  get(id: string): StoredAccount | undefined {
    return this.deps.store.listAccounts().find((a) => a.id === id);
  }

  source(id: string): Source | undefined {
    return this.running.get(id);
  }

  async startAll(): Promise<void> {
    await Promise.all(this.deps.store.listAccounts().map((a) => this.start(a)));
  }

  async start(account: StoredAccount): Promise<void> {
    await this.stop(account.id, !account.enabled);
    if (!account.enabled) return;
    const module = this.deps.modules[account.config.kind];
    if (!module) {
      this.setStatus(account.id, status('error', `This build has no ${account.config.kind} source`));
      return;
    }
    const log = this.deps.log.child({ account: account.id, kind: account.config.kind });
    const source = module.create({
      account: this.withStatus(account),
      now: () => this.deps.now(),
      ingest: (items, cursors, opts) =>
        this.deps.ingest(
          items,
          cursors && Object.entries(cursors).map(([key, value]) => ({ accountId: account.id, key, value })),
          opts,
        ),
      readElsewhere: (externalIds) => this.deps.readElsewhere(account.id, externalIds),
      openItems: () => this.deps.openItems(account.id),
      reject: (reason, excerpt) => {
        this.deps.store.addRejected({
          accountId: account.id,
          atMs: this.deps.now(),
          reason,
          excerpt: excerpt.slice(0, 500),
        });
        return Promise.resolve();
      },
      setStatus: (s) => this.setStatus(account.id, { ...s, detail: redact.text(s.detail) }),
      cursor: {
        get: (key) => Promise.resolve(this.deps.store.getCursor(account.id, key)),
        set: (key, value) => Promise.resolve(this.deps.store.setCursor(account.id, key, value)),
      },
      secrets: this.deps.secrets,
      log,
    });
    this.running.set(account.id, source);
    try {
      await source.start();
    } catch (error) {
      log.error('source failed to start', { error });
      this.setStatus(
        account.id,
        status('error', redact.text(error instanceof Error ? error.message : String(error))),
      );
    }
    // Focus changes reach running sources only; one that starts during focus (Lull restarted, an
    // account added or turned on) must hear that focus is already on, e.g. to hold at the server.
    const current = this.deps.focus();
    if (current?.focus.on) {
      try {
        await source.onFocusChange?.(current.focus, current.nextReleaseAtMs);
      } catch (error) {
        log.warn('focus mirroring failed', { error });
      }
    }
  }

  /** `final`: the account is turned off, removed, or Lull quits (see Source.stop). */
  async stop(id: string, final = false): Promise<void> {
    const source = this.running.get(id);
    if (!source) return;
    this.running.delete(id);
    try {
      await source.stop({ final });
    } catch (error) {
      this.deps.log.warn('source failed to stop cleanly', { account: id, error });
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id, true)));
  }

  wakeAll(): void {
    for (const source of this.running.values()) source.wake();
  }

  async focusChanged(focus: FocusState, nextReleaseAtMs: number | null): Promise<void> {
    await Promise.all(
      [...this.running.entries()].map(async ([id, s]) => {
        try {
          await s.onFocusChange?.(focus, nextReleaseAtMs);
        } catch (error) {
          this.deps.log.warn('focus mirroring failed', { account: id, error });
        }
      }),
    );
  }

  async released(items: readonly StoredItem[]): Promise<void> {
    for (const [id, group] of groupByAccount(items)) {
      try {
        await this.running.get(id)?.onRelease?.(group);
      } catch (error) {
        this.deps.log.warn('release write-back failed', { account: id, error });
      }
    }
  }

  async markRead(items: readonly StoredItem[]): Promise<{ marked: number; failed: number }> {
    let marked = 0;
    let failed = 0;
    for (const [id, group] of groupByAccount(items)) {
      const source = this.running.get(id);
      if (!source?.markRead) {
        failed += group.length;
        continue;
      }
      try {
        const r = await source.markRead(group);
        marked += r.marked;
        failed += r.failed;
      } catch (error) {
        this.deps.log.warn('mark read failed', { account: id, error });
        failed += group.length;
      }
    }
    return { marked, failed };
  }

  /** Keychain first; throws SecretStoreUnavailableError where there is none (nothing else is written). */
  async setSecret(id: string, secret: string): Promise<void> {
    redact.add(secret);
    await this.deps.secrets.set(id, secret);
  }

  async remove(id: string): Promise<void> {
    await this.stop(id, true);
    this.deps.store.deleteAccount(id);
    this.statuses.delete(id);
    try {
      await this.deps.secrets.delete(id);
    } catch (error) {
      this.deps.log.warn('could not delete the secret from the keychain', { account: id, error });
    }
  }

  /** Test settings (and a new secret, or the stored one) without saving anything. */
  async test(
    id: string | null,
    input: { name: string; enabled: boolean; config: AccountConfig; secret?: string | undefined },
  ): Promise<ConnectionTest> {
    const module = this.deps.modules[input.config.kind];
    if (!module?.test) {
      return {
        ok: true,
        kind: 'ok',
        message: `Nothing to test for ${input.config.kind}`,
        capabilities: [],
        certificate: null,
      };
    }
    let secret = input.secret ?? null;
    if (secret) redact.add(secret);
    else if (id) {
      try {
        secret = await this.deps.secrets.get(id);
      } catch (error) {
        return {
          ok: false,
          kind: 'no-keychain',
          message: error instanceof Error ? error.message : String(error),
          capabilities: [],
          certificate: null,
        };
      }
    }
    const account: Account = {
      id: id ?? 'test',
      name: input.name,
      enabled: input.enabled,
      config: input.config,
      status: status('connecting'),
    };
    try {
      return await module.test(account, secret, this.deps.log.child({ test: input.config.kind }));
    } catch (error) {
      return {
        ok: false,
        kind: 'error',
        message: redact.text(error instanceof Error ? error.message : String(error)),
        capabilities: [],
        certificate: null,
      };
    }
  }

  private setStatus(id: string, s: AccountStatus): void {
    this.statuses.set(id, s);
    this.deps.onStatusChange();
  }
}

function groupByAccount(items: readonly StoredItem[]): Map<string, StoredItem[]> {
  const groups = new Map<string, StoredItem[]>();
  for (const item of items) {
    const list = groups.get(item.accountId) ?? [];
    list.push(item);
    groups.set(item.accountId, list);
  }
  return groups;
}
