/**
 * The one API the UI talks to, whatever carries it (Electron IPC or the browser host's WebSocket).
 *
 * Components and stores only ever see a `LullClient`; they never know the transport.
 */
import type { EventName, EventPayload, LullApi } from '../../../electron/shared/contract';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface LullClient extends LullApi {
  /** Subscribe to one contract event; returns the unsubscribe function. */
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** Transport state; IPC is always 'open'. The listener is called at once with the current state. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/** A listener registry per event name, shared by both transports. */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const l = listener as (payload: never) => void;
    set.add(l);
    return () => void set.delete(l);
  }

  emit<K extends EventName>(event: K, payload: EventPayload<K>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      (listener as (payload: EventPayload<K>) => void)(payload);
    }
  }
}
