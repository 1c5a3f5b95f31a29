import type { Account, EngineState } from '../../electron/shared/contract';

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
