import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogRecord } from '../../../../electron/engine/log';
import { createLogger, setLogSink } from '../../../../electron/engine/log';
import type { IpcMainLike, SenderEvent } from '../../../../electron/main/ipc/register-ipc';
import { forwardEvents, registerIpc, UNTRUSTED_SENDER } from '../../../../electron/main/ipc/register-ipc';
import { COMMAND_NAMES } from '../../../../electron/shared/contract';
import type { WireResult } from '../../../../electron/shared/window-lull';
import { commandChannel, EVENT_CHANNEL } from '../../../../electron/shared/window-lull';
import type { TestEngine } from '../../../support/engine';
import { makeTestEngine } from '../../../support/engine';

type Handler = (event: SenderEvent, payload: unknown) => Promise<WireResult<unknown>>;

/** An ipcMain that keeps its handlers so the test can invoke them as a renderer would. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = (channel: string, frame: unknown, payload?: unknown): Promise<WireResult<unknown>> => {
    const h = handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h({ senderFrame: frame }, payload);
  };
  return { ipcMain, handlers, invoke };
}

const trustedFrame = { url: 'lull://app/index.html#/status' };
const strangerFrame = { url: 'lull://app/index.html#/status' }; // same URL, not one of our frames

describe('registerIpc', () => {
  let t: TestEngine;
  let logs: LogRecord[];
  let ipc: ReturnType<typeof fakeIpcMain>;
  let unregister: () => void;

  beforeEach(async () => {
    logs = [];
    setLogSink((r) => logs.push(r));
    t = await makeTestEngine();
    ipc = fakeIpcMain();
    unregister = registerIpc({
      ipcMain: ipc.ipcMain,
      engine: t.engine,
      isTrustedFrame: (frame) => frame === trustedFrame,
      log: createLogger({ component: 'ipc' }),
    });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('registers exactly one channel per contract command', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('runs a good payload from a trusted frame on the real engine', async () => {
    const result = await ipc.invoke(commandChannel('startFocus'), trustedFrame, { minutes: 25 });
    expect(result.ok).toBe(true);
    const state = result.ok ? (result.value as { focus: { on: boolean; untilMs: number } }) : null;
    expect(state?.focus.on).toBe(true);
    expect(state?.focus.untilMs).toBe(t.clock.now + 25 * 60_000);
    const again = await ipc.invoke(commandChannel('getState'), trustedFrame, {});
    expect(again.ok && (again.value as { focus: { on: boolean } }).focus.on).toBe(true);
  });

  it('refuses an untrusted frame without touching the engine', async () => {
    for (const frame of [strangerFrame, null, undefined]) {
      const result = await ipc.invoke(commandChannel('startFocus'), frame, { minutes: 25 });
      expect(result).toEqual({
        ok: false,
        error: { code: UNTRUSTED_SENDER, message: 'Refused: not a Lull window.', problems: [] },
      });
    }
    expect((await t.engine.api.getState({})).focus.on).toBe(false);
    expect(logs.filter((l) => l.msg === 'dropped IPC from an untrusted frame')).toHaveLength(3);
  });

  it('answers a bad payload with a validation error naming the field', async () => {
    const result = await ipc.invoke(commandChannel('startFocus'), trustedFrame, { minutes: -5 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('EVALIDATION');
    expect(result.error.message).toMatch(/startFocus input/);
    expect(result.error.problems.length).toBeGreaterThan(0);
    expect((await t.engine.api.getState({})).focus.on).toBe(false);
  });

  it('answers an extra key in a strict payload with a validation error', async () => {
    const result = await ipc.invoke(commandChannel('endFocus'), trustedFrame, { __proto__x: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'EVALIDATION' } });
  });

  it('forwards engine events to the windows on the event channel', async () => {
    const sent: [string, unknown][] = [];
    const stop = forwardEvents(t.engine, (channel, message) => sent.push([channel, message]));
    await t.engine.api.startFocus({ minutes: 50 });
    // State events are coalesced by the engine (100 ms), so wait for the first one.
    await vi.waitFor(() => expect(sent.length).toBeGreaterThan(0));
    stop();
    const [channel, message] = sent[0]!;
    expect(channel).toBe(EVENT_CHANNEL);
    expect(message).toMatchObject({ name: 'state', payload: { focus: { on: true } } });
  });
});
