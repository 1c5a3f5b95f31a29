/**
 * The words of Lull (shared/DESIGN.md §2) as plain immutable data.
 *
 * core owns these types; electron/shared/contract.ts mirrors them as zod schemas and is checked
 * against them at compile time, so the two cannot drift.
 */

export const SOURCE_KINDS = ['imap', 'slack', 'teams', 'webhook', 'demo'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const HINT_NAMES = ['dm', 'mention', 'myThread', 'bulk', 'cc', 'bot'] as const;
export type HintName = (typeof HINT_NAMES)[number];
export type Hints = Readonly<Record<HintName, boolean>>;
/** Every hint off: what an item carries when its source knows nothing about it. */
export const NO_HINTS: Hints = Object.freeze({
  dm: false,
  mention: false,
  myThread: false,
  bulk: false,
  cc: false,
  bot: false,
});

export interface Sender {
  /** Display name, may be empty. */
  readonly name: string;
  /** Email address, chat user id or handle; lower-cased by the cleaner. May be empty. */
  readonly address: string;
}

/** One notification as a source reports it, before the engine decides. */
export interface ItemInput {
  readonly accountId: string;
  readonly source: SourceKind;
  /** Stable per account: Message-ID/UID for mail, channel+ts for Slack. Dedupe key with accountId. */
  readonly externalId: string;
  readonly threadKey: string;
  readonly sender: Sender;
  readonly title: string;
  /** Plain text, bounded (PREVIEW_MAX_CHARS). */
  readonly preview: string;
  readonly receivedAtMs: number;
  /** Where it lives: https, mailto, message, slack or msteams URL. May be empty. */
  readonly link: string;
  /**
   * Another place to open it, same schemes; empty when there is none. Mail at a webmail provider
   * opens in the browser by `link` and in the mail app by this `message:` URL.
   */
  readonly altLink: string;
  readonly hints: Hints;
  /** Folder (mail) or channel (chat) for rule scopes. */
  readonly container: string;
}

export const TITLE_MAX_CHARS = 500;
export const PREVIEW_MAX_CHARS = 300;
export const NAME_MAX_CHARS = 200;

export type DecisionAction = 'deliver' | 'hold' | 'mute';

export interface TraceStep {
  readonly ruleId: string;
  readonly matched: boolean;
  /** Why it matched or not, for a person: "sender not in list", "keyword 'outage' found". */
  readonly note: string;
}

export interface Decision {
  readonly action: DecisionAction;
  /** The rule that decided, or a built-in: 'paused', 'outside-focus', 'focus-default', 'limit', 'batching'. */
  readonly ruleId: string;
  /** A sentence a person can read. */
  readonly reason: string;
  readonly trace: readonly TraceStep[];
  /** Whether focus was on when it was decided. Absent in decisions stored before it was recorded. */
  readonly inFocus?: boolean;
}

export type ItemState = 'held' | 'delivered' | 'muted' | 'released';

/** An item as stored: input, its decision and where it is in its life. */
export interface StoredItem extends ItemInput {
  readonly id: number;
  readonly personKey: string;
  readonly ingestedAtMs: number;
  readonly decision: Decision;
  readonly state: ItemState;
  readonly batchId: number | null;
  readonly done: boolean;
  /** Snoozed items go back to held and are released with the next batch. */
  readonly snoozedAtMs: number | null;
}

/* ---------- focus ---------- */

/** A weekly window in the schedule's time zone. weekday 0 = Sunday. Minutes from local midnight; endMin may be 1440. */
export interface FocusBlock {
  readonly weekday: number;
  readonly startMin: number;
  readonly endMin: number;
}

export interface FocusSchedule {
  /** IANA zone, e.g. 'Europe/Berlin'. */
  readonly timeZone: string;
  readonly blocks: readonly FocusBlock[];
}

/** Runtime focus state kept by the engine (manual focus, ended-early, pause). */
export interface FocusOverrides {
  /** Manual focus until this time, or null. */
  readonly manualUntilMs: number | null;
  /** The scheduled block ending at this time was ended early by the user. */
  readonly endedBlockUntilMs: number | null;
  /** Pause: hold everything, even urgent. null = not paused; Infinity not allowed, use a far time. */
  readonly pausedUntilMs: number | null;
}

export interface FocusState {
  readonly on: boolean;
  readonly untilMs: number | null;
  readonly origin: 'schedule' | 'manual' | 'none';
  readonly paused: boolean;
  readonly pausedUntilMs: number | null;
}

/* ---------- batching ---------- */

export type Cadence =
  | { readonly kind: 'every'; readonly hours: 1 | 2 | 3 | 4 }
  | { readonly kind: 'times'; readonly times: readonly string[] } // 'HH:MM', local to schedule time zone
  | { readonly kind: 'cron'; readonly expr: string }; // node-cron syntax, 5 or 6 fields

export interface BatchingSettings {
  readonly cadence: Cadence;
  readonly releaseAtFocusEnd: boolean;
  /** Outside focus: deliver live (default) or keep batching. */
  readonly outsideFocus: 'deliver' | 'batch';
  /** Hard cap: no item waits longer than this. */
  readonly maxWaitMin: number;
}

export type ReleaseTrigger = 'slot' | 'focus-end' | 'manual' | 'catch-up' | 'cap';

/* ---------- rules ---------- */

export interface RuleMatch {
  /** Exact addresses, '@domain', chat user ids or handles. Any one matches. */
  readonly senders: readonly string[];
  /** Whole-word, case-insensitive phrases in title or preview. Any one matches. */
  readonly keywords: readonly string[];
  /** Every listed hint must be set on the item. */
  readonly hints: readonly HintName[];
  /** Scopes: empty = any. */
  readonly accounts: readonly string[];
  readonly containers: readonly string[];
  readonly sources: readonly SourceKind[];
  /** Repeat breakthrough: the same person N times within M minutes (this item included). */
  readonly repeat: { readonly count: number; readonly withinMin: number } | null;
}

export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly match: RuleMatch;
  readonly action: DecisionAction;
  /** At most K breakthroughs per hour per sender from this rule; null = no limit. */
  readonly limitPerHour: number | null;
}

export interface RuleSet {
  readonly version: number;
  readonly rules: readonly Rule[];
}

/* ---------- settings ---------- */

export interface GeneralSettings {
  readonly startAtLogin: boolean;
  readonly sounds: boolean;
  readonly retentionDays: number;
  readonly globalShortcut: string;
  readonly theme: 'system' | 'light' | 'dark';
}

export interface Settings {
  readonly schedule: FocusSchedule;
  readonly batching: BatchingSettings;
  readonly general: GeneralSettings;
}
