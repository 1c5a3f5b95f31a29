/**
 * LullClient over the browser host's WebSocket.
 *
 * Wire: `{id, cmd, payload}` → `{id, ok, result}` or `{id, ok: false, error}`; events arrive as
 * `{event, payload}`. The per-run token travels as a WebSocket subprotocol, never in a URL the
 * server could log. It reconnects with backoff; calls made while down wait for the next connection.
 */
import type { CommandName, EventName, EventPayload, WireError } from '../../../electron/shared/contract';
import { LullError } from './errors';
import { COMMAND_NAMES, EVENT_NAMES } from './names';
import type { ConnectionState, LullClient } from './client';
import { EventHub } from './client';

export const WS_PATH = '/lull';
export const WS_PROTOCOL = 'lull.v1';
export const tokenProtocol = (token: string): string => `lull.token.${token}`;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface WsClientOptions {
  url: string;
  token: string;
  /** For tests: a WebSocket constructor. */
  WebSocketImpl?: typeof WebSocket;
  /** Backoff cap. */
  maxDelayMs?: number;
}

export function createWsClient(options: WsClientOptions): LullClient & { close(): void } {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const hub = new EventHub();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  const pending = new Map<number, Pending>();
  const queue: { id: number; msg: string }[] = [];
  const sentOn = new Map<number, WebSocket>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const setState = (s: ConnectionState): void => {
    if (s === state) return;
    state = s;
    for (const l of [...connectionListeners]) l(s);
  };

  const connect = (): void => {
    if (closed) return;
    setState('connecting');
    const ws = new Impl(options.url, [WS_PROTOCOL, tokenProtocol(options.token)]);
    socket = ws;
    ws.onopen = () => {
      if (typeof performance !== 'undefined') performance.mark('lull:ws:open');
      attempt = 0;
      setState('open');
      for (const q of queue.splice(0)) {
        sentOn.set(q.id, ws);
        ws.send(q.msg);
      }
    };
    ws.onmessage = (ev: MessageEvent) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (!msg || typeof msg !== 'object') return;
      const m = msg as {
        id?: unknown;
        ok?: unknown;
        result?: unknown;
        error?: WireError;
        event?: unknown;
        payload?: unknown;
      };
      if (typeof m.id === 'number') {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.ok === true) p.resolve(m.result);
        else p.reject(new LullError(m.error ?? { code: 'EERROR', message: 'Unknown error', problems: [] }));
      } else if (typeof m.event === 'string' && (EVENT_NAMES as string[]).includes(m.event)) {
        hub.emit(m.event as EventName, m.payload as EventPayload<EventName>);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Requests in flight on a dead socket cannot be answered; the caller may retry.
      for (const [id, p] of pending) {
        if (sentOn.get(id) === ws) {
          pending.delete(id);
          p.reject(
            new LullError({ code: 'EDISCONNECTED', message: 'Lost the connection to Lull', problems: [] }),
          );
        }
      }
      if (closed) {
        setState('closed');
        return;
      }
      setState('connecting');
      const delayMs = Math.min(options.maxDelayMs ?? 3000, 150 * 2 ** attempt);
      attempt += 1;
      timer = setTimeout(connect, delayMs);
    };
  };

  const call = (cmd: CommandName, payload: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, {
        resolve: (v) => {
          sentOn.delete(id);
          resolve(v);
        },
        reject: (e) => {
          sentOn.delete(id);
          reject(e);
        },
      });
      const msg = JSON.stringify({ id, cmd, payload: payload ?? {} });
      if (socket && socket.readyState === 1) {
        sentOn.set(id, socket);
        socket.send(msg);
      } else {
        queue.push({ id, msg });
      }
    });

  connect();

  const commands = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, (input: unknown) => call(name, input)]),
  );
  return {
    ...commands,
    on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void {
      return hub.on(event, listener);
    },
    onConnection(listener: (s: ConnectionState) => void): () => void {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  } as LullClient & { close(): void };
}
