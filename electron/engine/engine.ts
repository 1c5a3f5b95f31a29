/**
 * The Engine: wires core (decisions, schedule, planning), the store, the scheduler and the sources.
 *
 * Its public API is async so it can move into a utility process unchanged. Every UI command goes
 * through `api` (see engine-api.ts); sources come in through `ingest`.
 */
import { cadenceToCron } from '../core/cadence';
import { cleanExternalId, cleanItem } from '../core/clean';
import { BreakthroughLog, ContactWindow } from '../core/contacts';
import { defaultRules, defaultSettings } from '../core/defaults';
import { personKeyOf } from '../core/person';
import type { latestDueSlot } from '../core/plan';
import { nextReleaseAtMs, planRelease } from '../core/plan';
import type { CompiledRules } from '../core/rules';
import { compileRules, decide, isBreakthrough } from '../core/rules';
import { blockEndsBetween, currentOrNextBlock, focusStateAt, nextFocusChangeMs } from '../core/schedule';
import { DAY_MS, HOUR_MS } from '../core/tz';
import type {
  Decision,
  DecisionAction,
  FocusOverrides,
  FocusState,
  ItemInput,
  ItemState,
  ReleaseTrigger,
  RuleSet,
  Settings,
  SourceKind,
} from '../core/types';
import type {
  BatchSummary,
  EngineState,
  EventListener,
  EventName,
  EventPayload,
  LullApi,
} from '../shared/contract';
import { Accounts } from './accounts';
import { createApi } from './engine-api';
import type { Logger } from './log';
import { createLogger } from './log';
import { Scheduler } from './scheduler/scheduler';
import type { SecretStore } from './secrets/secret-store';
import { systemDns, type MailDns } from './sources/imap/discover';
import { sourceModules } from './sources/registry';
import type { IngestOptions, IngestResult, SourceKindModule } from './sources/source';
import type { TeamsEndpoints } from './sources/teams/auth';
import { openStore } from './store/store';
import type { CursorWrite, NewItem, Store } from './store/store-types';

export interface EngineOptions {
  readonly dbPath: string;
  /** The OS keychain in the app; tests may pass the real keychain or one for the test session. */
  readonly secrets: SecretStore;
  readonly now?: () => number;
  readonly sources?: Partial<Record<SourceKind, SourceKindModule>>;
  readonly log?: Logger;
  /** Start account sources on open (default true). */
  readonly autoStartSources?: boolean;
  /** Heartbeat for due releases and clock jumps (default 15 s). */
  readonly schedulerTickMs?: number;
  /** Time zone for new installs (default: the system's). */
  readonly defaultTimeZone?: string;
  /** Opens a URL in the system browser for sign-in (the shell's allow-listed helper). */
  readonly openExternal?: (url: string) => void;
  /** Microsoft identity and Graph endpoints (tests point them at emulators). */
  readonly teamsEndpoints?: TeamsEndpoints;
  /** DNS for IMAP server discovery (tests point it at a local server). */
  readonly mailDns?: MailDns;
}

const FOCUS_KEY = 'focus.overrides';
const DEMO_KEY = 'demo.enabled';
const NO_OVERRIDES: FocusOverrides = { manualUntilMs: null, endedBlockUntilMs: null, pausedUntilMs: null };
/** The longest repeat window a rule may have; contacts older than this can be forgotten. */
const CONTACT_MEMORY_MS = DAY_MS;

/** Addresses whose link (or lack of one) is remembered; cleared when full. */
const LINK_CACHE_MAX = 50_000;
/** Open items a source may check for read markers at once (Slack asks per conversation). */
const OPEN_ITEMS_MAX = 1000;

const stateOf: Record<DecisionAction, ItemState> = { deliver: 'delivered', hold: 'held', mute: 'muted' };

/** The decided item, field by field (a spread of the input is slower on the ingest path). */
function newItem(item: ItemInput, personKey: string, nowMs: number, decision: Decision): NewItem {
  return {
    accountId: item.accountId,
    source: item.source,
    externalId: item.externalId,
    threadKey: item.threadKey,
    sender: item.sender,
    title: item.title,
    preview: item.preview,
    receivedAtMs: item.receivedAtMs,
    link: item.link,
    altLink: item.altLink,
    hints: item.hints,
    container: item.container,
    personKey,
    ingestedAtMs: nowMs,
    decision,
    state: stateOf[decision.action],
  };
}

/** External ids as the store keeps them (see cleanItem). */
function cleanIds(raw: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const id of raw) {
    const clean = cleanExternalId(id);
    if (clean !== null) out.add(clean);
  }
  return out;
}

export class Engine {
  readonly api: LullApi;
  /** @internal used by engine-api.ts */
  readonly store: Store;
  /** @internal */
  readonly accounts: Accounts;
  /** @internal */
  readonly log: Logger;
  readonly now: () => number;
  /** @internal */
  readonly openExternal: ((url: string) => void) | undefined;
  /** @internal */
  readonly teamsEndpoints: TeamsEndpoints | undefined;
  readonly mailDns: MailDns;

  private settings: Settings;
  private rules: RuleSet;
  private compiled: CompiledRules;
  private overrides: FocusOverrides;
  private lastFocus: FocusState | null = null;
  private readonly contacts = new ContactWindow();
  private readonly breakthroughs = new BreakthroughLog();
  private readonly listeners = new Set<EventListener>();
  private readonly scheduler: Scheduler;
  private readonly inFlight = new Set<Promise<unknown>>();
  private stateTimer: NodeJS.Timeout | null = null;
  private lastPruneMs = 0;
  private closed = false;

  private constructor(
    store: Store,
    private readonly options: EngineOptions,
  ) {
    this.store = store;
    this.now = options.now ?? Date.now;
    this.openExternal = options.openExternal;
    this.teamsEndpoints = options.teamsEndpoints;
    this.mailDns = options.mailDns ?? systemDns();
    this.log = options.log ?? createLogger({ component: 'engine' });
    const tz = options.defaultTimeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    this.settings = store.getSettings() ?? defaultSettings(tz);
    if (!store.getSettings()) store.setSettings(this.settings);
    this.rules = store.getRuleSet() ?? store.saveRules(defaultRules(), this.now());
    this.compiled = compileRules(this.rules.rules);
    this.overrides = { ...NO_OVERRIDES, ...(store.getKv(FOCUS_KEY) as Partial<FocusOverrides> | null) };
    this.accounts = new Accounts({
      store,
      secrets: options.secrets,
      modules: { ...sourceModules, ...options.sources },
      log: this.log,
      now: () => this.now(),
      ingest: (items, cursors, opts) => this.ingest(items, cursors, opts),
      readElsewhere: (accountId, externalIds) => this.readElsewhere(accountId, externalIds),
      // Two days back is what "read in Slack since" is worth asking about; older ones wait for done.
      openItems: (accountId) => this.store.openItems(accountId, this.now() - 2 * DAY_MS, OPEN_ITEMS_MAX),
      onStatusChange: () => this.stateChanged(),
      focus: () =>
        this.lastFocus ? { focus: this.lastFocus, nextReleaseAtMs: this.nextReleaseAt(this.now()) } : null,
    });
    this.scheduler = new Scheduler({
      cronExprs: cadenceToCron(this.settings.batching.cadence),
      timeZone: this.settings.schedule.timeZone,
      heartbeatMs: options.schedulerTickMs ?? 15_000,
      now: () => this.now(),
      onTick: () => void this.tick(),
      onClockJump: (jumpMs) => {
        this.log.info('wall clock jumped; treating as wake', { jumpMs });
        void this.wake();
      },
      log: this.log,
    });
    this.api = createApi(this);
  }

  /** Opens the store (migrating it), warms the repeat window, starts the scheduler and sources. */
  static async open(options: EngineOptions): Promise<Engine> {
    const store = openStore(options.dbPath);
    const engine = new Engine(store, options);
    engine.warmContacts();
    engine.scheduler.start();
    await engine.tick();
    if (options.autoStartSources !== false) await engine.accounts.startAll();
    return engine;
  }

  /* ---------- events ---------- */

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** @internal */
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch (error) {
        this.log.warn('event listener threw', { event: name, error });
      }
    }
  }

  /** State events are coalesced: a burst of ingests sends one state update per 100 ms. */
  stateChanged(): void {
    if (this.stateTimer || this.closed) return;
    this.stateTimer = setTimeout(() => {
      this.stateTimer = null;
      if (!this.closed) this.emit('state', this.state());
    }, 100);
    this.stateTimer.unref();
  }

  /* ---------- ingest ---------- */

  /**
   * Cleans, decides and durably stores items, and writes the given cursors in the same transaction.
   * Resolves after the commit. Duplicates (same account and external id) are skipped by the store.
   */
  ingest(
    raw: readonly ItemInput[],
    cursors?: readonly CursorWrite[],
    opts?: IngestOptions,
  ): Promise<IngestResult> {
    return this.track(Promise.resolve().then(() => this.ingestNow(raw, cursors, opts?.read)));
  }

  private ingestNow(
    raw: readonly ItemInput[],
    cursors: readonly CursorWrite[] | undefined,
    readRaw: ReadonlySet<string> | undefined,
  ): IngestResult {
    if (this.closed) throw new Error('The engine is closed');
    const now = this.now();
    const focus = this.focusState(now);
    let rejected = 0;
    const items: ItemInput[] = [];
    for (const input of raw) {
      const cleaned = cleanItem(input, now);
      if (cleaned.ok) {
        items.push(cleaned.item);
        continue;
      }
      rejected += 1;
      this.store.addRejected({
        accountId: typeof input.accountId === 'string' ? input.accountId.slice(0, 200) : '',
        atMs: now,
        reason: cleaned.reason,
        excerpt: safeExcerpt(input),
      });
    }
    // Asked with the cleaned ids: those are what the store keeps (a long id is cut and hashed).
    const fresh = new Set(
      this.store.missingExternalIds(items.map((i) => ({ accountId: i.accountId, externalId: i.externalId }))),
    );
    this.loadLinks(items);
    const rows: NewItem[] = [];
    const seen = new Set<string>();
    const context = {
      focus,
      outsideFocus: this.settings.batching.outsideFocus,
      personKey: '',
      contacts: this.contacts,
      breakthroughs: this.breakthroughs,
    };
    for (const item of items) {
      const key = `${item.accountId}\u0000${item.externalId}`;
      const isNew = fresh.has(key) && !seen.has(key);
      seen.add(key);
      const personKey = this.personKey(item);
      // Only a first delivery counts as a try: a source re-sending after a reconnect is not a person trying again.
      // Recorded before deciding: core's repeat rule counts this item too.
      if (isNew) this.contacts.record(personKey, now);
      context.personKey = personKey;
      const decision = decide(this.compiled, item, context, now);
      if (isNew && isBreakthrough(decision)) this.breakthroughs.record(decision.ruleId, personKey, now);
      rows.push(newItem(item, personKey, now, decision));
    }
    const { inserted, duplicates } = this.store.insertItems(rows, cursors);
    // Read elsewhere already: no notification, and done (in its own statement: rare, off the hot path).
    const read = readRaw && readRaw.size > 0 ? cleanIds(readRaw) : null;
    for (const item of inserted)
      if (item.state === 'delivered' && !read?.has(item.externalId)) this.emit('delivered', { item });
    if (read) {
      const byAccount = new Map<string, string[]>();
      for (const item of items) {
        if (!read.has(item.externalId)) continue;
        const ids = byAccount.get(item.accountId);
        if (ids) ids.push(item.externalId);
        else byAccount.set(item.accountId, [item.externalId]);
      }
      for (const [accountId, ids] of byAccount) this.readElsewhere(accountId, ids);
    }
    if (inserted.length > 0) {
      this.stateChanged();
      this.scheduleNextWake(now);
    }
    return {
      inserted: inserted.length,
      duplicates,
      rejected,
      held: inserted.filter((i) => i.state === 'held').map((i) => i.externalId),
    };
  }

  /**
   * Items the user already read in another mail app become done here too: a held one leaves the
   * count and comes with the next batch unseen, a released one leaves the review list.
   */
  readElsewhere(accountId: string, externalIds: readonly string[]): number {
    if (this.closed) return 0;
    const ids = this.store.doneElsewhere(accountId, [...cleanIds(externalIds)]);
    if (ids.length === 0) return 0;
    this.log.info('read elsewhere', { account: accountId, items: ids.length });
    this.emit('readElsewhere', { ids });
    this.stateChanged();
    return ids.length;
  }

  /** Linked identities are few and read on every item: keep them in memory. */
  private readonly links = new Map<string, string | null>();

  /** Looks up the links of a batch's senders not cached yet, in one query instead of one per sender. */
  private loadLinks(items: readonly ItemInput[]): void {
    const missing: string[] = [];
    for (const item of items) {
      const address = item.sender.address.trim().toLowerCase();
      if (!this.links.has(address)) missing.push(address);
    }
    if (missing.length === 0) return;
    if (this.links.size + missing.length > LINK_CACHE_MAX) this.links.clear();
    const found = this.store.personKeysFor(missing);
    for (const address of missing) this.links.set(address, found.get(address) ?? null);
  }

  /** The person behind an item: a linked identity, else the normalized address. */
  personKey(item: Pick<ItemInput, 'sender' | 'source'>): string {
    const address = item.sender.address.trim().toLowerCase();
    let linked = this.links.get(address);
    if (linked === undefined) {
      if (this.links.size >= LINK_CACHE_MAX) this.links.clear();
      linked = this.store.personKeyFor(address);
      this.links.set(address, linked);
    }
    return linked ?? personKeyOf(item.sender, item.source);
  }

  /** @internal */
  linkPerson(address: string, personKey: string): void {
    this.store.linkPerson(address, personKey);
    this.links.set(address.trim().toLowerCase(), personKey);
  }

  /* ---------- focus ---------- */

  focusState(nowMs = this.now()): FocusState {
    return focusStateAt(this.settings.schedule, this.overrides, nowMs);
  }

  /** @internal */
  setOverrides(next: FocusOverrides): void {
    this.overrides = next;
    this.store.setKv(FOCUS_KEY, next);
  }

  /** @internal */
  getOverrides(): FocusOverrides {
    return this.overrides;
  }

  /** End of the block running now or the next one, for "focus until the block ends". */
  blockEndMs(nowMs = this.now()): number | null {
    return currentOrNextBlock(this.settings.schedule, nowMs)?.endMs ?? null;
  }

  /* ---------- settings and rules ---------- */

  getSettings(): Settings {
    return this.settings;
  }

  /** @internal The cadence is validated by the caller. */
  applySettings(next: Settings): void {
    const cadenceChanged =
      JSON.stringify(next.batching.cadence) !== JSON.stringify(this.settings.batching.cadence) ||
      next.schedule.timeZone !== this.settings.schedule.timeZone;
    this.store.setSettings(next);
    this.settings = next;
    if (cadenceChanged) {
      this.scheduler.reschedule(cadenceToCron(next.batching.cadence), next.schedule.timeZone);
    }
  }

  getRules(): RuleSet {
    return this.rules;
  }

  /** @internal */
  applyRules(next: RuleSet): void {
    this.rules = next;
    this.compiled = compileRules(next.rules);
  }

  /** @internal for the rule tester */
  compiledRules(): CompiledRules {
    return this.compiled;
  }

  /** @internal */
  decideContext(personKey: string, focus: FocusState): Parameters<typeof decide>[2] {
    return {
      focus,
      outsideFocus: this.settings.batching.outsideFocus,
      personKey,
      contacts: this.contacts,
      breakthroughs: this.breakthroughs,
    };
  }

  /* ---------- releases ---------- */

  /**
   * Checks what is due and releases it. Safe to call any time and any number of times: the release
   * ledger in the store makes every slot release at most once.
   */
  tick(): Promise<void> {
    return this.track(Promise.resolve().then(() => this.tickNow()));
  }

  private async tickNow(): Promise<void> {
    if (this.closed) return;
    const now = this.now();
    let o = this.overrides;
    // Expired overrides are cleared, so "focus ended" happens once even across restarts.
    if (o.pausedUntilMs !== null && o.pausedUntilMs <= now) o = { ...o, pausedUntilMs: null };
    if (o.endedBlockUntilMs !== null && o.endedBlockUntilMs <= now) o = { ...o, endedBlockUntilMs: null };
    const manualEnded = o.manualUntilMs !== null && o.manualUntilMs <= now;
    if (manualEnded) o = { ...o, manualUntilMs: null };
    if (o !== this.overrides) this.setOverrides(o);

    const focus = this.focusState(now);
    if (!focus.paused) {
      if (manualEnded && this.settings.batching.releaseAtFocusEnd && !focus.on) {
        await this.release('focus-end', null);
      }
      const plan = planRelease({
        ...this.planInput(now),
        lastSlotMs: this.store.lastSlotMs(),
        heldCount: this.store.heldCount(),
        oldestHeldAtMs: this.store.oldestHeldAtMs(),
        maxWaitMin: this.settings.batching.maxWaitMin,
      });
      if (plan.release) {
        const trigger =
          plan.trigger === 'slot' && plan.slotMs !== null && this.isBlockEnd(plan.slotMs)
            ? 'focus-end'
            : plan.trigger;
        await this.release(trigger, plan.slotMs);
      }
    }
    if (now - this.lastPruneMs > HOUR_MS) this.prune(now);

    const changed = JSON.stringify(focus) !== JSON.stringify(this.lastFocus);
    this.lastFocus = focus;
    if (changed) {
      this.stateChanged();
      await this.accounts.focusChanged(focus, this.nextReleaseAt(now));
    }
    this.scheduleNextWake(now);
  }

  /** @internal One transaction in the store; then the batch event and the sources' write-back. */
  async release(trigger: ReleaseTrigger, slotMs: number | null): Promise<BatchSummary | null> {
    const result = this.store.releaseHeld({ atMs: this.now(), trigger, slotMs });
    if (!result) return null;
    this.log.info('batch released', { batch: result.batch.id, items: result.batch.itemCount, trigger });
    this.emit('batch', { batch: result.batch });
    this.stateChanged();
    await this.accounts.released(result.items);
    return result.batch;
  }

  private planInput(now: number): Parameters<typeof latestDueSlot>[0] {
    return {
      cadence: this.settings.batching.cadence,
      timeZone: this.settings.schedule.timeZone,
      schedule: this.settings.schedule,
      releaseAtFocusEnd: this.settings.batching.releaseAtFocusEnd,
      lastSlotMs: this.store.lastSlotMs(),
      nowMs: now,
    };
  }

  private isBlockEnd(slotMs: number): boolean {
    return (
      this.settings.batching.releaseAtFocusEnd &&
      blockEndsBetween(this.settings.schedule, slotMs - 1, slotMs).includes(slotMs)
    );
  }

  nextReleaseAt(now = this.now()): number | null {
    return nextReleaseAtMs({
      cadence: this.settings.batching.cadence,
      timeZone: this.settings.schedule.timeZone,
      schedule: this.settings.schedule,
      releaseAtFocusEnd: this.settings.batching.releaseAtFocusEnd,
      nowMs: now,
      oldestHeldAtMs: this.store.oldestHeldAtMs(),
      maxWaitMin: this.settings.batching.maxWaitMin,
    });
  }

  private scheduleNextWake(now: number): void {
    const candidates = [
      this.nextReleaseAt(now),
      nextFocusChangeMs(this.settings.schedule, this.overrides, now),
    ].filter((v): v is number => v !== null);
    this.scheduler.wakeAt(candidates.length > 0 ? Math.min(...candidates) : null);
  }

  private prune(now: number): void {
    this.lastPruneMs = now;
    const removed = this.store.prune(now - this.settings.general.retentionDays * DAY_MS);
    if (removed > 0) this.log.info('pruned old items', { removed });
    this.contacts.prune(now - CONTACT_MEMORY_MS);
    this.breakthroughs.prune(now - HOUR_MS);
  }

  private warmContacts(): void {
    const now = this.now();
    for (const item of this.store.iterateItemsSince(now - CONTACT_MEMORY_MS)) {
      this.contacts.record(item.personKey, item.ingestedAtMs);
      if (isBreakthrough(item.decision) && item.ingestedAtMs >= now - HOUR_MS) {
        this.breakthroughs.record(item.decision.ruleId, item.personKey, item.ingestedAtMs);
      }
    }
  }

  /* ---------- state ---------- */

  state(): EngineState {
    const now = this.now();
    return {
      nowMs: now,
      focus: this.focusState(now),
      heldCount: this.store.heldCount(),
      heldBySource: this.store.heldBySource(),
      nextReleaseAtMs: this.nextReleaseAt(now),
      blockEndMs: this.blockEndMs(now),
      lastBatch: this.store.lastBatch(),
      accounts: this.accounts.list(),
      demo: this.store.getKv(DEMO_KEY) === true,
    };
  }

  /** @internal */
  setDemoFlag(on: boolean): void {
    this.store.setKv(DEMO_KEY, on);
  }

  /* ---------- lifecycle ---------- */

  /** After sleep, a wall-clock jump or the network coming back: release what is due, reconnect sources. */
  async wake(): Promise<void> {
    this.accounts.wakeAll();
    await this.tick();
  }

  /** Waits for in-flight writes, stops sources politely, closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.scheduler.stop();
    await this.accounts.stopAll();
    await Promise.allSettled([...this.inFlight]);
    this.closed = true;
    if (this.stateTimer) clearTimeout(this.stateTimer);
    this.listeners.clear();
    this.store.close();
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    const done = (): void => void this.inFlight.delete(p);
    p.then(done, done);
    return p;
  }
}

function safeExcerpt(input: unknown): string {
  try {
    return JSON.stringify(input).slice(0, 500);
  } catch {
    return '(not serializable)';
  }
}
