/**
 * A real engine on a real SQLite file, served by the browser host, for one Playwright test.
 *
 * Run with tsx. Prints one JSON line `{ready, url, token, port}` on stdout, then answers JSON-line
 * requests on stdin: `{id, op: 'call'|'ingest'|'events'|'restart'|'close', ...}`. The engine's events are
 * recorded so a test can check, for example, that a 'delivered' event happened.
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { Engine } from '../../../electron/engine/engine';
import { setLogSink } from '../../../electron/engine/log';
import type { Host } from '../../../electron/host/host';
import { startHost } from '../../../electron/host/host';
import type { ItemInput } from '../../../electron/core/types';
import { dispatch, toWireError } from '../../../electron/shared/dispatch';
import { loopbackOnlyDns } from '../../support/dns-server';
import { MemorySecrets } from '../../support/memory-secrets';

const dataDir = process.env.LULL_E2E_DIR ?? join(process.cwd(), '.tmp', 'e2e', String(process.pid));
mkdirSync(dataDir, { recursive: true });
setLogSink(() => {});

const engine = await Engine.open({
  dbPath: join(dataDir, 'lull.db'),
  secrets: new MemorySecrets(),
  defaultTimeZone: process.env.LULL_E2E_TZ ?? 'UTC',
  mailDns: loopbackOnlyDns(), // tests reach loopback only
});
const events: { name: string; payload: unknown; atMs: number }[] = [];
engine.on((name, payload) => events.push({ name, payload, atMs: Date.now() }));

const staticDir = join(process.cwd(), 'dist', 'renderer');
let host: Host = await startHost({ engine, staticDir, port: Number(process.env.LULL_E2E_PORT ?? 0) });
const write = (msg: unknown): void => void process.stdout.write(`${JSON.stringify(msg)}\n`);
write({ ready: true, url: host.url, token: host.token, port: host.port });

type Req = { id: number; op: string; cmd?: string; payload?: unknown; items?: ItemInput[]; downMs?: number };
const handle = async (req: Req): Promise<unknown> => {
  switch (req.op) {
    case 'call':
      return dispatch(engine.api, req.cmd, req.payload ?? {});
    case 'ingest':
      return engine.ingest(req.items ?? []);
    case 'events':
      return events;
    case 'restart': {
      // The same run restarting its host: same port and token, the page must reconnect by itself.
      const { port, token } = host;
      await host.close();
      await new Promise((r) => setTimeout(r, req.downMs ?? 1500));
      host = await startHost({ engine, staticDir, port, token });
      return { url: host.url };
    }
    case 'close':
      await host.close();
      await engine.close();
      setTimeout(() => process.exit(0), 10);
      return { closed: true };
    default:
      throw new Error(`unknown op ${req.op}`);
  }
};

createInterface({ input: process.stdin }).on('line', (line) => {
  let req: Req;
  try {
    req = JSON.parse(line) as Req;
  } catch {
    return;
  }
  handle(req).then(
    (result) => write({ id: req.id, ok: true, result }),
    (error: unknown) => write({ id: req.id, ok: false, error: toWireError(error) }),
  );
});
process.stdin.on(
  'end',
  () =>
    void host
      .close()
      .then(() => engine.close())
      .finally(() => process.exit(0)),
);
