/**
 * `npm start` without Electron: open the engine at a data dir and serve it on 127.0.0.1.
 * Usage: tsx electron/host/cli.ts [--data <dir>] [--port <n>]
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { openEngineAt } from './open-engine';
import { startHost } from './host';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = arg('data') ?? process.env.LULL_DATA_DIR ?? join(homedir(), '.local', 'share', 'lull');
const port = Number(arg('port') ?? 0);
const engine = await openEngineAt(dataDir).catch((error: unknown) => {
  // A damaged, locked or too-new database: its error names the file. Nothing was overwritten.
  process.stderr.write(`Lull could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
const host = await startHost({ engine, port });
process.stdout.write(
  `Lull is running in browser mode. Open this address (it contains this run's key):\n${host.url}\n`,
);

const stop = (): void => {
  void host
    .close()
    .then(() => engine.close())
    .finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
