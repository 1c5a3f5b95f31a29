import { describe, expect, it } from 'vitest';
import type { IpcRendererLike } from '../../../../electron/preload/bridge';
import { buildLullBridge } from '../../../../electron/preload/bridge';
import { COMMAND_NAMES } from '../../../../electron/shared/contract';
import { EVENT_CHANNEL } from '../../../../electron/shared/window-lull';

type Listener = (event: unknown, message: unknown) => void;

function fakeIpcRenderer() {
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke: (channel, ...args) => {
      invoked.push([channel, args]);
      return Promise.resolve({ ok: true, value: channel });
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const emit = (message: unknown) => {
    for (const l of listeners.get(EVENT_CHANNEL) ?? []) l({ sender: 'secret ipc event' }, message);
  };
  return { ipc, invoked, listeners, emit };
}

describe('window.lull bridge', () => {
  it('exposes exactly one method per contract command, plus on', () => {
    const lull = buildLullBridge(fakeIpcRenderer().ipc);
    expect(Object.keys(lull).sort()).toEqual([...COMMAND_NAMES, 'on'].sort());
    for (const key of Object.keys(lull))
      expect(typeof (lull as unknown as Record<string, unknown>)[key]).toBe('function');
    expect(lull).not.toHaveProperty('invoke');
    expect(lull).not.toHaveProperty('send');
    expect(Object.isFrozen(lull)).toBe(true);
  });

  it('each method invokes its own channel with the input only', async () => {
    const fake = fakeIpcRenderer();
    const lull = buildLullBridge(fake.ipc);
    expect(await lull.startFocus({ minutes: 25 })).toEqual({ ok: true, value: 'lull:cmd:startFocus' });
    await lull.getState({});
    expect(fake.invoked).toEqual([
      ['lull:cmd:startFocus', [{ minutes: 25 }]],
      ['lull:cmd:getState', [{}]],
    ]);
  });

  it('delivers contract events by name, payload only, and detaches when nobody listens', () => {
    const fake = fakeIpcRenderer();
    const lull = buildLullBridge(fake.ipc);
    const got: unknown[] = [];
    const off = lull.on('batch', (p) => got.push(p));
    const off2 = lull.on('state', () => got.push('state'));
    fake.emit({ name: 'batch', payload: { batch: { id: 1 } } });
    fake.emit({ name: 'delivered', payload: {} });
    fake.emit({ name: 'nope', payload: {} });
    fake.emit('garbage');
    expect(got).toEqual([{ batch: { id: 1 } }]);
    expect(fake.listeners.get(EVENT_CHANNEL)?.size).toBe(1);
    off();
    expect(fake.listeners.get(EVENT_CHANNEL)?.size).toBe(1);
    off2();
    expect(fake.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it('refuses unknown events and non-function listeners', () => {
    const lull = buildLullBridge(fakeIpcRenderer().ipc);
    expect(() => lull.on('secrets' as 'state', () => {})).toThrow(/Unknown event/);
    expect(() => lull.on('state', 'x' as unknown as () => void)).toThrow(/listener must be a function/);
  });
});
