/**
 * The object the preload exposes as `window.lull`: one named method per contract command, each on
 * its own channel, plus `on(event, listener)` for contract events. Nothing generic (no
 * `invoke(channel)`), so a compromised page can reach exactly the contract and no other channel.
 *
 * Built by a factory taking ipcRenderer, so tests run it with a fake.
 */
import type { CommandName, EventName } from '../shared/contract';
import { COMMAND_NAMES, EVENT_NAMES } from '../shared/contract';
import type { WindowLull } from '../shared/window-lull';
import { commandChannel, EVENT_CHANNEL } from '../shared/window-lull';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
}

const eventNames: ReadonlySet<string> = new Set(EVENT_NAMES);

export function buildLullBridge(ipcRenderer: IpcRendererLike): WindowLull {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  // One ipcRenderer listener for all events, attached while anyone listens. The IpcRendererEvent
  // (which exposes the sender) never reaches the page: only the payload does.
  const onMessage = (_event: unknown, message: unknown): void => {
    if (typeof message !== 'object' || message === null) return;
    const { name, payload } = message as { name?: unknown; payload?: unknown };
    if (typeof name !== 'string' || !eventNames.has(name)) return;
    for (const l of listeners.get(name as EventName) ?? []) l(payload);
  };
  let attached = false;

  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name: CommandName) => [
      name,
      (input: unknown) => ipcRenderer.invoke(commandChannel(name), input),
    ]),
  );

  const on = (name: EventName, listener: (payload: never) => void): (() => void) => {
    if (!eventNames.has(name)) throw new Error(`Unknown event: ${String(name).slice(0, 100)}`);
    if (typeof listener !== 'function') throw new Error('on(event, listener): listener must be a function');
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    const l = listener as (payload: unknown) => void;
    set.add(l);
    if (!attached) {
      ipcRenderer.on(EVENT_CHANNEL, onMessage);
      attached = true;
    }
    return () => {
      set.delete(l);
      if (attached && [...listeners.values()].every((s) => s.size === 0)) {
        ipcRenderer.removeListener(EVENT_CHANNEL, onMessage);
        attached = false;
      }
    };
  };

  return Object.freeze({ ...commands, on }) as unknown as WindowLull;
}
