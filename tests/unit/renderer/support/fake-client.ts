/**
 * An in-memory LullClient for component tests: every command answers from plain data (or the
 * test's own handler), records its calls, and the test can push contract events.
 */
import type { ConnectionState, LullClient } from '../../../../renderer/src/api/client';
import { EventHub } from '../../../../renderer/src/api/client';
import type { CommandName, EventName, EventPayload, LullApi } from '../../../../electron/shared/contract';
import { COMMAND_NAMES } from '../../../../renderer/src/api/names';
import { makeRules, makeSettings, makeState } from './factories';

export type FakeClient = LullClient & {
  calls: { cmd: CommandName; input: unknown }[];
  emit<K extends EventName>(event: K, payload: EventPayload<K>): void;
  setConnection(state: ConnectionState): void;
  callsOf(cmd: CommandName): unknown[];
};

export function makeFakeClient(
  handlers: Partial<{ [K in CommandName]: (input: never) => unknown }> = {},
): FakeClient {
  const hub = new EventHub();
  const calls: { cmd: CommandName; input: unknown }[] = [];
  const connection = new Set<(s: ConnectionState) => void>();
  let conn: ConnectionState = 'open';
  const defaults: Partial<Record<CommandName, (input: never) => unknown>> = {
    getState: () => makeState(),
    getSettings: () => makeSettings(),
    getRules: () => makeRules(),
    listAccounts: () => [],
    listOAuthProviders: () => [],
    suggestImapServer: () => ({ server: null }),
    listBatches: () => [],
    listItems: () => [],
    stats: () => ({ days: [], breakthroughsByRule: [], averageWaitMin: 0 }),
    previewCadence: () => ({ nextMs: [1, 2, 3, 4, 5].map((h) => Date.UTC(2026, 0, 5, 8 + h)) }),
    setDone: () => ({ ok: true }),
    snooze: () => ({ ok: true }),
    markRead: (input: { ids: number[] }) => ({
      marked: input.ids.length,
      failed: 0,
      message: `Marked ${input.ids.length} read`,
    }),
    testRule: () => ({
      action: 'hold',
      ruleId: 'focus-default',
      reason: 'Held for the next batch',
      trace: [],
    }),
  };
  const api = Object.fromEntries(
    COMMAND_NAMES.map((cmd) => [
      cmd,
      async (input: unknown) => {
        calls.push({ cmd, input });
        const h = (handlers[cmd] ?? defaults[cmd]) as ((input: unknown) => unknown) | undefined;
        if (!h) throw new Error(`fake client: no handler for ${cmd}`);
        return await h(input);
      },
    ]),
  ) as unknown as LullApi;
  return {
    ...api,
    calls,
    callsOf: (cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.input),
    on: (event, listener) => hub.on(event, listener),
    emit: (event, payload) => hub.emit(event, payload),
    onConnection: (l) => {
      connection.add(l);
      l(conn);
      return () => void connection.delete(l);
    },
    setConnection: (s) => {
      conn = s;
      connection.forEach((l) => l(s));
    },
  };
}
