/**
 * The browser host over a real engine and SQLite file: static files with CSP, the token, Origin and
 * Host checks, no CORS, the {id, cmd, payload} protocol with wire errors, and pushed events.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Host } from '../../../electron/host/host';
import { startHost, WS_PATH, WS_PROTOCOL } from '../../../electron/host/host';
import type { TestEngine } from '../../support/engine';
import { makeTestEngine } from '../../support/engine';
import { makeItem } from '../../support/factories';
import { tempDir } from '../../support/temp';

let te: TestEngine;
let host: Host;
let cleanupStatic: () => void;

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(opts: { token?: string; origin?: string; host?: string } = {}): Promise<WebSocket> {
  const origin = opts.origin ?? `http://127.0.0.1:${host.port}`;
  const ws = new WebSocket(
    `ws://127.0.0.1:${host.port}${WS_PATH}`,
    [WS_PROTOCOL, `lull.token.${opts.token ?? host.token}`],
    {
      origin,
      headers: opts.host ? { host: opts.host } : {},
    },
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(
  ws: WebSocket,
  id: number,
  cmd: string,
  payload: unknown,
): Promise<{ id: number; ok: boolean; result?: unknown; error?: { code: string; problems: unknown[] } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const msg = JSON.parse((data as Buffer).toString('utf8')) as { id?: number };
      if (msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg as never);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, cmd, payload }));
  });
}

beforeEach(async () => {
  te = await makeTestEngine();
  const s = tempDir('host-static');
  cleanupStatic = s.cleanup;
  mkdirSync(join(s.dir, 'assets'));
  writeFileSync(join(s.dir, 'index.html'), '<!doctype html><title>Lull</title>');
  writeFileSync(join(s.dir, 'assets', 'a.js'), 'export {};');
  host = await startHost({ engine: te.engine, staticDir: s.dir });
});

afterEach(async () => {
  await host.close();
  await te.cleanup();
  cleanupStatic();
});

describe('browser host', () => {
  it('listens on 127.0.0.1 with the token in the fragment', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[0-9a-f]{48}$`));
  });

  it('serves the renderer with a CSP and no CORS headers; refuses other hosts and traversal', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect((await get('/assets/a.js')).headers['content-type']).toMatch(/javascript/);
    expect((await get('/', { Host: 'evil.example' })).status).toBe(421);
    expect((await get('/', { Host: `attacker.example:${host.port}` })).status).toBe(421);
    expect((await get('/../../package.json')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    const pre = await get('/', { Origin: 'http://evil.example' });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a wrong token, a foreign Origin and a rebinding Host on the socket', async () => {
    await expect(connect({ token: 'wrong' })).rejects.toThrow('HTTP 401');
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ origin: 'null' })).rejects.toThrow('HTTP 403');
    await expect(connect({ host: `evil.example:${host.port}` })).rejects.toThrow('HTTP 421');
  });

  it('answers commands by id with results or wire errors, and pushes events', async () => {
    const ws = await connect();
    const state = await call(ws, 1, 'getState', {});
    expect(state).toMatchObject({ id: 1, ok: true, result: { heldCount: 0 } });
    const unknown = await call(ws, 2, 'dropTables', {});
    expect(unknown).toMatchObject({ id: 2, ok: false, error: { code: 'EUNKNOWNCOMMAND' } });
    const bad = await call(ws, 3, 'startFocus', { minutes: -5 });
    expect(bad.ok).toBe(false);
    expect(bad.error?.code).toBe('EVALIDATION');
    expect(bad.error?.problems.length).toBeGreaterThan(0);

    const events: string[] = [];
    ws.on('message', (d) => {
      const msg = JSON.parse((d as Buffer).toString('utf8')) as { event?: string };
      if (msg.event) events.push(msg.event);
    });
    await call(ws, 4, 'startFocus', { minutes: 30 });
    await te.engine.ingest([makeItem({ receivedAtMs: te.clock.now })]);
    await expect.poll(() => events.includes('state'), { timeout: 3000 }).toBe(true);
    ws.close();
  });
});
