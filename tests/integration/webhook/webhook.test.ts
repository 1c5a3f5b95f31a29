import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWebhookSourceModule } from '../../../electron/engine/sources/webhook/webhook-source';
import { makeTestEngine } from '../../support/engine';
import type { TestEngine } from '../../support/engine';

const SECRET = 'webhook-secret-0123456789abcdef';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

function post(
  port: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
  path = '/v1/items',
  method = 'POST',
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let t: TestEngine;
let port = 0;

async function addWebhook(extra: Record<string, unknown> = {}): Promise<void> {
  await t.engine.api.addAccount({
    name: 'CI hook',
    config: { kind: 'webhook', webhook: { port: 0, maxBodyBytes: 4096, perMinute: 600, ...extra } },
    secret: SECRET,
  });
  const deadline = Date.now() + 5000;
  while (port === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

beforeEach(async () => {
  port = 0;
  t = await makeTestEngine({
    sources: {
      webhook: makeWebhookSourceModule({
        onListening: (p) => {
          port = p;
        },
      }),
    },
  });
});
afterEach(async () => {
  await t.cleanup();
});

describe('webhook source through the engine', () => {
  it('turns a valid POST into an item with a Decision', async () => {
    await addWebhook();
    const r = await post(
      port,
      JSON.stringify({
        id: 'build-512',
        title: 'Deploy failed',
        text: 'main #512\nred',
        from: { name: 'CI', address: 'CI@Example.com' },
        url: 'https://ci.example/512',
        hints: { bot: true },
      }),
    );
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ accepted: true, duplicate: false, externalId: 'build-512' });
    const again = await post(port, JSON.stringify({ id: 'build-512', title: 'Deploy failed' }));
    expect(again.body).toMatchObject({ accepted: false, duplicate: true });
    const items = await t.engine.api.listItems({ source: 'webhook' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      title: 'Deploy failed',
      preview: 'main #512 red',
      sender: { address: 'ci@example.com' },
      link: 'https://ci.example/512',
      container: 'webhook',
    });
    expect(items[0]!.hints.bot).toBe(true);
    expect(['deliver', 'hold', 'mute']).toContain(items[0]!.decision.action);
    expect(items[0]!.decision.reason.length).toBeGreaterThan(0);
  });

  it('answers 400 naming every bad field', async () => {
    await addWebhook();
    const r = await post(
      port,
      JSON.stringify({
        title: '',
        url: 'javascript:alert(1)',
        hints: { urgent: true },
        colour: 'red',
        time: 'yesterday',
      }),
    );
    expect(r.status).toBe(400);
    const paths = (r.body.problems as { path: string }[]).map((p) => p.path).sort();
    expect(paths).toEqual(['colour', 'hints.urgent', 'time', 'title', 'url']);
    expect(r.body.message).toContain('title');
    const notJson = await post(port, '{"title": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('invalid_json');
    expect(await t.engine.api.listItems({ source: 'webhook' })).toHaveLength(0);
  });

  it('answers 401 to a wrong or missing secret', async () => {
    await addWebhook();
    const body = JSON.stringify({ title: 'x' });
    expect((await post(port, body, { authorization: 'Bearer wrong-secret' })).status).toBe(401);
    expect((await post(port, body, { authorization: `Bearer ${SECRET}x` })).status).toBe(401);
    expect((await post(port, body, { authorization: '' })).status).toBe(401);
    expect(await t.engine.api.listItems({ source: 'webhook' })).toHaveLength(0);
  });

  it('refuses oversized bodies with 413, other hosts with 403, other methods with 405', async () => {
    await addWebhook();
    const big = JSON.stringify({ title: 'big', text: 'x'.repeat(5000) });
    expect((await post(port, big)).status).toBe(413);
    expect((await post(port, JSON.stringify({ title: 'x' }), { host: 'evil.example:80' })).status).toBe(403);
    expect((await post(port, '', {}, '/v1/items', 'GET')).status).toBe(405);
    expect((await post(port, JSON.stringify({ title: 'x' }), { 'content-type': 'text/plain' })).status).toBe(
      415,
    );
  });

  it('rate-limits with 429 and Retry-After', async () => {
    await addWebhook({ perMinute: 5 });
    const body = JSON.stringify({ title: 'ping' });
    const statuses: number[] = [];
    let retryAfter: unknown;
    for (let i = 0; i < 4; i += 1) {
      const r = await post(port, body);
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers['retry-after'];
    }
    expect(statuses[0]).toBe(202);
    expect(statuses.slice(1)).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('listens only on 127.0.0.1', async () => {
    await addWebhook();
    const account = (await t.engine.api.listAccounts({}))[0]!;
    expect(account.status.detail).toBe(`Listening on http://127.0.0.1:${port}/v1/items`);
  });
});
