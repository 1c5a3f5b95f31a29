import { NO_HINTS } from '../../electron/core/types';
import type { Account, BatchSummary, EngineState, EventPayload } from '../../electron/shared/contract';

type StoredItem = EventPayload<'delivered'>['item'];

/** A fixed "now" for shell tests: Wed 2026-11-25 10:00 UTC. */
export const SHELL_NOW_MS = Date.UTC(2026, 10, 25, 10, 0);

/** An EngineState: not focusing, nothing held, one healthy demo account; override what the test is about. */
export function makeEngineState(partial: Partial<EngineState> = {}): EngineState {
  return {
    nowMs: SHELL_NOW_MS,
    focus: { on: false, untilMs: null, origin: 'none', paused: false, pausedUntilMs: null },
    heldCount: 0,
    heldBySource: { imap: 0, slack: 0, teams: 0, webhook: 0, demo: 0 },
    nextReleaseAtMs: null,
    blockEndMs: null,
    lastBatch: null,
    accounts: [makeAccount()],
    demo: false,
    ...partial,
  };
}

export function makeAccount(partial: Partial<Account> = {}): Account {
  return {
    id: 'acc-demo',
    name: 'Demo',
    enabled: true,
    config: { kind: 'demo', demo: { perMinute: 2 } },
    status: { state: 'connected', detail: '', progress: null, retryAtMs: null, certificate: null },
    ...partial,
  };
}

/** A stored item that was delivered at once by an urgent rule. */
export function makeDeliveredItem(partial: Partial<StoredItem> = {}): StoredItem {
  return {
    id: 1,
    accountId: 'acc-demo',
    source: 'imap',
    externalId: '<1@example.com>',
    threadKey: 't1',
    sender: { name: 'Ada Lovelace', address: 'ada@example.com' },
    title: 'Server down',
    preview: 'The build farm is on fire.',
    receivedAtMs: SHELL_NOW_MS,
    link: 'https://mail.example.com/1',
    altLink: '',
    hints: NO_HINTS,
    container: 'INBOX',
    personKey: 'ada@example.com',
    ingestedAtMs: SHELL_NOW_MS,
    decision: { action: 'deliver', ruleId: 'vip', reason: 'Ada is on your urgent list.', trace: [] },
    state: 'delivered',
    batchId: null,
    done: false,
    snoozedAtMs: null,
    ...partial,
  };
}

export function makeBatchSummary(partial: Partial<BatchSummary> = {}): BatchSummary {
  return {
    id: 7,
    releasedAtMs: SHELL_NOW_MS,
    trigger: 'slot',
    itemCount: 12,
    peopleCount: 5,
    threadCount: 2,
    ...partial,
  };
}
