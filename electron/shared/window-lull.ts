/**
 * What the preload exposes as `window.lull`, and the IPC channel names both sides use.
 *
 * One method per contract command (no generic `invoke`). Results come back as a `WireResult`
 * envelope rather than a rejected promise, because contextBridge drops every property of an
 * Error except its message, and the UI needs `code` and field `problems`.
 */
import type {
  CommandInput,
  CommandName,
  CommandOutput,
  EventName,
  EventPayload,
  WireError,
} from './contract';

export type WireResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

export type WindowLullCommands = {
  readonly [K in CommandName]: (input: CommandInput<K>) => Promise<WireResult<CommandOutput<K>>>;
};

export interface WindowLullEvents {
  /** Subscribe to one contract event; returns the unsubscribe function. */
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
}

export type WindowLull = WindowLullCommands & WindowLullEvents;

/** The invoke channel for one command. */
export function commandChannel(name: CommandName): string {
  return `lull:cmd:${name}`;
}

/** The one channel main pushes contract events on: `{ name, payload }`. */
export const EVENT_CHANNEL = 'lull:event';
