/**
 * Test factories: complete, valid domain objects from a partial. Shared by every test suite; keep
 * the defaults stable (other suites rely on them).
 */
import { defaultSettings, EMPTY_MATCH } from '../../electron/core/defaults';
import { personKeyOf } from '../../electron/core/person';
import type {
  Decision,
  Hints,
  ItemInput,
  Rule,
  RuleMatch,
  Settings,
  StoredItem,
} from '../../electron/core/types';
import { NO_HINTS } from '../../electron/core/types';
import type { ImapConfig } from '../../electron/shared/accounts/imap';

/** The fixed "now" of the tests: Wednesday 2025-06-04 10:00:00 UTC. */
export const FIXED_NOW_MS = Date.UTC(2025, 5, 4, 10, 0, 0);

export { NO_HINTS };

type ItemPartial = Partial<Omit<ItemInput, 'hints' | 'sender'>> & {
  readonly hints?: Partial<Hints>;
  readonly sender?: Partial<ItemInput['sender']>;
};

let seq = 0;

/** An email from alice@example.com, received at FIXED_NOW_MS, with a unique external id. */
export function makeItem(partial: ItemPartial = {}): ItemInput {
  seq++;
  const { hints, sender, ...rest } = partial;
  return {
    accountId: 'acct-mail',
    source: 'imap',
    externalId: `<msg-${seq}@example.com>`,
    threadKey: `thread-${seq}`,
    title: 'Quarterly numbers',
    preview: 'Here are the numbers for the quarter.',
    receivedAtMs: FIXED_NOW_MS,
    link: '',
    altLink: '',
    container: 'INBOX',
    ...rest,
    sender: { name: 'Alice Example', address: 'alice@example.com', ...sender },
    hints: { ...NO_HINTS, ...hints },
  };
}

type RulePartial = Partial<Omit<Rule, 'match'>> & { readonly match?: Partial<RuleMatch> };

/** An enabled 'deliver' rule with an empty match (matches everything) and no limit. */
export function makeRule(partial: RulePartial = {}): Rule {
  seq++;
  const { match, ...rest } = partial;
  return {
    id: `rule-${seq}`,
    name: `Rule ${seq}`,
    enabled: true,
    action: 'deliver',
    limitPerHour: null,
    ...rest,
    match: { ...EMPTY_MATCH, ...match },
  };
}

type SettingsPartial = {
  readonly schedule?: Partial<Settings['schedule']>;
  readonly batching?: Partial<Settings['batching']>;
  readonly general?: Partial<Settings['general']>;
};

/** These settings with no weekly focus blocks, so what a test sees does not depend on the time of day. */
export function withoutFocusBlocks<T extends { readonly schedule: object }>(settings: T): T {
  return { ...settings, schedule: { ...settings.schedule, blocks: [] } };
}

/** defaultSettings('Europe/Berlin') with parts replaced. */
export function makeSettings(partial: SettingsPartial = {}): Settings {
  const base = defaultSettings(partial.schedule?.timeZone ?? 'Europe/Berlin');
  return {
    schedule: { ...base.schedule, ...partial.schedule },
    batching: { ...base.batching, ...partial.batching },
    general: { ...base.general, ...partial.general },
  };
}

export function makeDecision(partial: Partial<Decision> = {}): Decision {
  return {
    action: 'hold',
    ruleId: 'focus-default',
    reason: 'Held for the next batch: focus is on and no rule lets it through',
    trace: [],
    ...partial,
  };
}

type StoredPartial = Partial<Omit<StoredItem, 'hints' | 'sender'>> & {
  readonly hints?: Partial<Hints>;
  readonly sender?: Partial<ItemInput['sender']>;
};

/** A held item (focus-default decision), ingested when received, with its sender's person key. */
export function makeStoredItem(partial: StoredPartial = {}): StoredItem {
  const item = makeItem(partial);
  const { hints: _h, sender: _s, ...rest } = partial;
  return {
    ...item,
    id: seq,
    personKey: personKeyOf(item.sender, item.source),
    ingestedAtMs: item.receivedAtMs,
    decision: makeDecision(),
    state: 'held',
    batchId: null,
    done: false,
    snoozedAtMs: null,
    ...rest,
  };
}

/** IMAP account settings with every field filled in; a test changes what it is about. */
export function makeImapConfig(partial: Partial<ImapConfig> = {}): ImapConfig {
  return {
    host: 'imap.example.com',
    port: 993,
    security: 'tls',
    plainConfirmed: false,
    username: 'me',
    auth: 'password',
    oauthProvider: null,
    folders: ['INBOX'],
    pinnedCertSha256: null,
    holdAtServer: false,
    markReadOnDone: false,
    recentWindowMin: 0,
    address: 'me@example.com',
    pollIntervalSec: 60,
    ...partial,
  };
}
