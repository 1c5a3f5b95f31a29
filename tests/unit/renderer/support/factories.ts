/** Contract-shaped data for component tests; fixed times, override what the test is about. */
import type { EngineState } from '../../../../electron/shared/contract';
import type { BatchSummary, RuleT, SettingsT, StoredItemT } from '../../../../renderer/src/api/types';

export const NOW_MS = Date.UTC(2026, 0, 7, 10, 0);

export function makeState(partial: Partial<EngineState> = {}): EngineState {
  return {
    nowMs: NOW_MS,
    focus: { on: false, untilMs: null, origin: 'none', paused: false, pausedUntilMs: null },
    heldCount: 0,
    heldBySource: { imap: 0, slack: 0, teams: 0, webhook: 0, demo: 0 },
    nextReleaseAtMs: NOW_MS + 2 * 3_600_000,
    blockEndMs: null,
    lastBatch: null,
    accounts: [],
    demo: false,
    ...partial,
  };
}

let seq = 0;
export function makeItem(partial: Partial<StoredItemT> & { bulk?: boolean } = {}): StoredItemT {
  seq += 1;
  const { bulk, ...rest } = partial;
  return {
    id: seq,
    accountId: 'acc',
    source: 'imap',
    externalId: `x-${seq}`,
    threadKey: `t-${seq}`,
    sender: { name: 'Ann Example', address: 'ann@example.com' },
    title: `Subject ${seq}`,
    preview: 'Preview',
    receivedAtMs: NOW_MS - seq * 1000,
    link: 'https://mail.example.com/1',
    altLink: '',
    hints: { dm: false, mention: false, myThread: false, bulk: bulk ?? false, cc: false, bot: false },
    container: 'INBOX',
    personKey: partial.sender?.address ?? 'ann@example.com',
    ingestedAtMs: NOW_MS,
    decision: {
      action: 'hold',
      ruleId: 'focus-default',
      reason: 'Held for the next batch: focus is on',
      trace: [],
    },
    state: 'released',
    batchId: 1,
    done: false,
    snoozedAtMs: null,
    ...rest,
  };
}

export function makeBatch(partial: Partial<BatchSummary> = {}): BatchSummary {
  return {
    id: 1,
    releasedAtMs: NOW_MS - 60_000,
    trigger: 'manual',
    itemCount: 1,
    peopleCount: 1,
    threadCount: 1,
    ...partial,
  };
}

export function makeSettings(): SettingsT {
  return {
    schedule: { timeZone: 'UTC', blocks: [{ weekday: 1, startMin: 540, endMin: 720 }] },
    batching: {
      cadence: { kind: 'every', hours: 2 },
      releaseAtFocusEnd: true,
      outsideFocus: 'deliver',
      maxWaitMin: 240,
    },
    general: { startAtLogin: false, sounds: true, retentionDays: 30, globalShortcut: '', theme: 'system' },
  };
}

export function makeRule(partial: Partial<RuleT> = {}): RuleT {
  return {
    id: 'r1',
    name: 'Rule',
    enabled: true,
    match: { senders: [], keywords: [], hints: [], accounts: [], containers: [], sources: [], repeat: null },
    action: 'deliver',
    limitPerHour: null,
    ...partial,
  };
}

export function makeRules(): { version: number; rules: RuleT[] } {
  return {
    version: 3,
    rules: [
      makeRule({ id: 'a', name: 'Alpha' }),
      makeRule({ id: 'b', name: 'Bravo' }),
      makeRule({ id: 'c', name: 'Charlie' }),
    ],
  };
}
