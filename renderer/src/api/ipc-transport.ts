/** LullClient over Electron IPC: `window.lull` from the preload, one method per contract command. */
import type { CommandName, EventName, EventPayload } from '../../../electron/shared/contract';
import { LullError } from './errors';
import { COMMAND_NAMES } from './names';
import type { ConnectionState, LullClient } from './client';
import type { WindowLull, WireResult } from './window-lull';

export function createIpcClient(bridge: WindowLull): LullClient {
  const call = async (name: CommandName, input: unknown): Promise<unknown> => {
    const method = bridge[name] as (input: unknown) => Promise<WireResult<unknown>>;
    const result = await method(input ?? {});
    if (!result.ok) throw new LullError(result.error);
    return result.value;
  };
  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, (input: unknown) => call(name, input)]),
  );
  return {
    ...commands,
    on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
      return bridge.on(event, listener);
    },
    onConnection(listener: (state: ConnectionState) => void): () => void {
      listener('open');
      return () => {};
    },
  } as LullClient;
}
