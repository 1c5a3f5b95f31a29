import { describe, expect, it } from 'vitest';
import { LullError } from '../../../../renderer/src/api/errors';
import { createIpcClient } from '../../../../renderer/src/api/ipc-transport';
import type { WindowLull } from '../../../../renderer/src/api/window-lull';
import { makeState } from '../support/factories';

describe('ipc transport', () => {
  it('unwraps the preload’s result envelope and turns a failure into LullError with its problems', async () => {
    const listeners: ((p: unknown) => void)[] = [];
    const bridge = {
      getState: () => Promise.resolve({ ok: true, value: makeState({ heldCount: 2 }) }),
      setRules: () =>
        Promise.resolve({
          ok: false,
          error: {
            code: 'EVALIDATION',
            message: 'Invalid',
            problems: [{ path: 'rules.0.name', message: 'Give the rule a name' }],
          },
        }),
      on: (_name: string, l: (p: unknown) => void) => {
        listeners.push(l);
        return () => undefined;
      },
    } as unknown as WindowLull;
    const client = createIpcClient(bridge);
    expect((await client.getState({})).heldCount).toBe(2);
    const err = await client.setRules({ rules: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LullError);
    expect((err as LullError).wire.problems[0]).toEqual({
      path: 'rules.0.name',
      message: 'Give the rule a name',
    });
    const seen: number[] = [];
    client.on('state', (s) => seen.push(s.heldCount));
    listeners[0]?.(makeState({ heldCount: 9 }));
    expect(seen).toEqual([9]);
    const states: string[] = [];
    client.onConnection((s) => states.push(s));
    expect(states).toEqual(['open']);
  });
});
