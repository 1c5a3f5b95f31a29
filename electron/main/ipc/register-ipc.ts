/**
 * Every ipcMain handler Lull has: one per contract command, on its own channel.
 *
 * Each handler first drops calls from any frame that is not the main frame of one of Lull's own
 * windows (GitHub Desktop's pattern), then validates the payload against the contract and runs it
 * through `dispatch`. Results cross as a `WireResult` envelope so error codes and field problems
 * survive contextBridge.
 *
 * ipcMain and the engine are parameters so this is unit-tested with a fake ipcMain, fake frames
 * and a real Engine.
 */
import type { Logger } from '../../engine/log';
import type { CommandName, EventListener, LullApi } from '../../shared/contract';
import { COMMAND_NAMES } from '../../shared/contract';
import { dispatch, toWireError } from '../../shared/dispatch';
import type { WireResult } from '../../shared/window-lull';
import { commandChannel, EVENT_CHANNEL } from '../../shared/window-lull';

export interface SenderEvent {
  readonly senderFrame: unknown;
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: SenderEvent, payload: unknown) => Promise<WireResult<unknown>>,
  ): void;
  removeHandler(channel: string): void;
}

export interface RegisterIpcDeps {
  readonly ipcMain: IpcMainLike;
  readonly engine: { readonly api: LullApi };
  readonly isTrustedFrame: (frame: unknown) => boolean;
  readonly log: Logger;
  /** Called after a command succeeded, e.g. so the shell applies new settings (shortcut, login item). */
  readonly afterCommand?: (name: CommandName, value: unknown) => void;
}

export const UNTRUSTED_SENDER = 'EUNTRUSTEDSENDER';

/** Registers one handler per command; returns a function that removes them all. */
export function registerIpc(deps: RegisterIpcDeps): () => void {
  const { ipcMain, engine, isTrustedFrame, log } = deps;
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), async (event, payload) => {
      if (!isTrustedFrame(event.senderFrame)) {
        log.warn('dropped IPC from an untrusted frame', { command: name });
        return {
          ok: false,
          error: { code: UNTRUSTED_SENDER, message: 'Refused: not a Lull window.', problems: [] },
        };
      }
      try {
        const value = await dispatch(engine.api, name, payload);
        deps.afterCommand?.(name, value);
        return { ok: true, value };
      } catch (error) {
        const wire = toWireError(error);
        if (wire.code !== 'EVALIDATION') log.error('command failed', { command: name, error });
        return { ok: false, error: wire };
      }
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
  };
}

export interface EventSource {
  on(listener: EventListener): () => void;
}

/** Pushes every engine event to the open windows on the one event channel; returns unsubscribe. */
export function forwardEvents(
  engine: EventSource,
  broadcast: (channel: string, message: unknown) => void,
): () => void {
  return engine.on((name, payload) => broadcast(EVENT_CHANNEL, { name, payload }));
}
