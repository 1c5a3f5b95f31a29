import { describe, expect, it, vi } from 'vitest';
import { takeToken } from '../../../../renderer/src/api/connect';
import { createWsClient, tokenProtocol, WS_PROTOCOL } from '../../../../renderer/src/api/ws-transport';
import { LullError } from '../../../../renderer/src/api/errors';
import { makeState } from '../support/factories';

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  reply(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

describe('ws transport', () => {
  it('offers the token as a subprotocol, queues until open, answers by id, rejects with the wire error', async () => {
    FakeSocket.all = [];
    const client = createWsClient({
      url: 'ws://127.0.0.1:1/lull',
      token: 'abc',
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    });
    const ws = FakeSocket.all[0] as FakeSocket;
    expect(ws.protocols).toEqual([WS_PROTOCOL, tokenProtocol('abc')]);
    const state = client.getState({});
    const bad = client.setRules({ rules: [] });
    expect(ws.sent).toEqual([]);
    ws.open();
    expect(ws.sent).toEqual([
      { id: 1, cmd: 'getState', payload: {} },
      { id: 2, cmd: 'setRules', payload: { rules: [] } },
    ]);
    ws.reply({
      id: 2,
      ok: false,
      error: { code: 'EVALIDATION', message: 'bad', problems: [{ path: 'rules', message: 'x' }] },
    });
    ws.reply({ id: 1, ok: true, result: makeState({ heldCount: 4 }) });
    expect((await state).heldCount).toBe(4);
    const err = await bad.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LullError);
    expect((err as LullError).wire.problems).toEqual([{ path: 'rules', message: 'x' }]);
    client.close();
  });

  it('delivers events, reconnects after a drop and fails calls lost with the old socket', async () => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    const client = createWsClient({
      url: 'ws://h/lull',
      token: 't',
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    });
    const states: string[] = [];
    client.onConnection((s) => states.push(s));
    const seen: number[] = [];
    client.on('state', (s) => seen.push(s.heldCount));
    const first = FakeSocket.all[0] as FakeSocket;
    first.open();
    first.reply({ event: 'state', payload: makeState({ heldCount: 7 }) });
    first.reply({ event: 'not-an-event', payload: {} });
    expect(seen).toEqual([7]);
    const lost = client.getState({});
    first.close();
    await expect(lost).rejects.toMatchObject({ wire: { code: 'EDISCONNECTED' } });
    vi.advanceTimersByTime(200);
    const second = FakeSocket.all[1] as FakeSocket;
    expect(second).toBeDefined();
    second.open();
    expect(states).toEqual(['connecting', 'open', 'connecting', 'open']);
    client.close();
    vi.useRealTimers();
  });

  it('takes the token out of the fragment and leaves the route', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    } as Storage;
    const replaced: string[] = [];
    const history = {
      replaceState: (_a: unknown, _b: string, url: string) => void replaced.push(url),
    } as unknown as History;
    expect(
      takeToken({ hash: '#/review&token=abc123', pathname: '/', search: '' } as Location, storage, history),
    ).toBe('abc123');
    expect(replaced).toEqual(['/#/review']);
    expect(takeToken({ hash: '#token=zz', pathname: '/', search: '' } as Location, storage, history)).toBe(
      'zz',
    );
    expect(replaced[1]).toBe('/');
    expect(takeToken({ hash: '#/status', pathname: '/', search: '' } as Location, storage, history)).toBe(
      'zz',
    );
  });
});
