/**
 * `npm run dev:web`: the browser host with Vite's dev server as middleware (hot reload).
 * Data lives in .tmp/dev-data unless LULL_DATA_DIR says otherwise.
 */
import { join } from 'node:path';
import { createServer as createVite } from 'vite';
import type { Plugin } from 'vite';
import { openEngineAt } from './open-engine';
import { startHost } from './host';

/** Vite's React refresh preamble is an inline script; allow it in dev only, never in the build. */
const devCsp: Plugin = {
  name: 'lull-dev-csp',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
};

const dataDir = process.env.LULL_DATA_DIR ?? join(process.cwd(), '.tmp', 'dev-data');
const engine = await openEngineAt(dataDir);
let vite: Awaited<ReturnType<typeof createVite>> | null = null;
const host = await startHost({
  engine,
  port: Number(process.env.LULL_PORT ?? 0),
  dev: (req, res, next) => (vite ? vite.middlewares(req, res, next) : next()),
  onServer: (server) => {
    void createVite({
      configFile: join(process.cwd(), 'renderer', 'vite.config.ts'),
      server: { middlewareMode: true, hmr: { server } },
      appType: 'spa',
      plugins: [devCsp],
    }).then((v) => {
      vite = v;
    });
  },
});
process.stdout.write(`Lull dev host: ${host.url}\n`);
const stop = (): void => {
  void Promise.all([host.close(), vite?.close()])
    .then(() => engine.close())
    .finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
