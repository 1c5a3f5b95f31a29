/**
 * The Electron shell, measured on the real app (needs the Electron binary; on Linux run under a
 * display, e.g. `xvfb-run -a npm run bench -- shell`).
 *
 * - shell.start-to-tray.cold / .warm: process launch until the tray has its first model applied
 *   (the e2e hook's trayReadyAtMs), on a fresh profile; warm is the second launch. Goal: warm < 1 s.
 * - shell.windows-at-start: BrowserWindows right after start. Goal: 0 (no hidden renderer).
 * - shell.idle.rss-total: sum of workingSetSize over every Electron process (app.getAppMetrics)
 *   after 5 s idle with no window. Goal: < 150 MB.
 * - shell.idle.cpu-avg: summed percentCPUUsage over all processes, sampled each second for 10 s.
 *   Goal: < 1 %.
 *
 * Where no binary is installed it emits one `shell.skipped` info line saying so: none of the
 * figures above can be measured without Electron, and none is made up.
 *
 * Measured everywhere, in plain Node (the engine hosting question: the engine runs in the main
 * process, so whatever it does on the event loop delays the tray and IPC):
 * - shell.in-process-engine.loop-delay.max / .p99: event-loop delay (perf_hooks, 1 ms resolution)
 *   while a real engine on a real SQLite file ingests 2,000 items in batches of 50 during focus,
 *   releases them, and serves 200 getState and 20 listItems(200) calls. A utilityProcess host
 *   would be worth it if this blocked the loop long enough for a tray click to feel late (~100 ms).
 * - shell.in-process-engine.<step>.max: the longest single step (ingest of 50, release of all held,
 *   getState, listItems of 200); SQLite calls are synchronous, so this is time the loop is held.
 */
import { spawnSync } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron as electron } from '@playwright/test';
import type { BenchResult, BenchSuite } from '../harness';
import { below, info } from '../harness';
import { setLogSink } from '../../electron/engine/log';
import { electronBinary } from '../../tests/e2e-electron/electron-binary';
import { makeTestEngine } from '../../tests/support/engine';
import { makeItem } from '../../tests/support/factories';

const root = resolve(import.meta.dirname, '../..');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Hook {
  trayReadyAtMs: number;
}

async function launchOnce(binary: string, dataDir: string) {
  const startedAtMs = Date.now();
  const app = await electron.launch({
    executablePath: binary,
    args: [root, '--hidden'],
    env: { ...process.env, LULL_DATA_DIR: dataDir, LULL_E2E: '1' },
  });
  let readyAtMs: number | null = null;
  while (readyAtMs === null) {
    readyAtMs = await app.evaluate(
      () => (globalThis as { __lullShell?: Hook }).__lullShell?.trayReadyAtMs ?? null,
    );
    if (readyAtMs === null) await sleep(5);
  }
  return { app, startToTrayMs: readyAtMs - startedAtMs };
}

/** Event-loop delay on this process while a real in-process engine works. */
async function inProcessEngineFigures(): Promise<BenchResult[]> {
  setLogSink(() => {});
  const t = await makeTestEngine({ startMs: Date.now() });
  try {
    await t.engine.api.startFocus({ minutes: 90 });
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    // Each step runs in its own macrotask, as socket events and IPC calls do in the app; the
    // histogram then sees how long each one held the loop.
    const took: Record<string, number[]> = { ingest50: [], releaseNow: [], getState: [], listItems200: [] };
    const step = async (kind: string, work: () => Promise<unknown>): Promise<void> => {
      await new Promise((r) => setImmediate(r));
      const t0 = performance.now();
      await work();
      took[kind]?.push(performance.now() - t0);
    };
    for (let i = 0; i < 40; i++) {
      await step('ingest50', () =>
        t.engine.ingest(Array.from({ length: 50 }, (_, j) => makeItem({ threadKey: `t-${i}-${j % 7}` }))),
      );
    }
    await step('releaseNow', () => t.engine.api.releaseNow({}));
    for (let i = 0; i < 200; i++) await step('getState', () => t.engine.api.getState({}));
    for (let i = 0; i < 20; i++) await step('listItems200', () => t.engine.api.listItems({ limit: 200 }));
    await sleep(20); // let the sampling timer record the last step
    h.disable();
    const ms = (ns: number): number => ns / 1e6;
    return [
      info('shell.in-process-engine.loop-delay.max', ms(h.max), 'ms'),
      info('shell.in-process-engine.loop-delay.p99', ms(h.percentile(99)), 'ms'),
      ...Object.entries(took).map(([kind, samples]) =>
        info(`shell.in-process-engine.${kind}.max`, Math.max(...samples), 'ms'),
      ),
    ];
  } finally {
    await t.cleanup();
  }
}

export const suite: BenchSuite = {
  name: 'shell',
  async run(): Promise<BenchResult[]> {
    const engineFigures = await inProcessEngineFigures();
    const binary = electronBinary();
    if (!binary) {
      return [
        info(
          'shell.skipped',
          0,
          'no Electron binary installed here: start-to-tray, idle RSS/CPU and windows-at-start not measurable',
        ),
        ...engineFigures,
      ];
    }
    const build = spawnSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'pipe' });
    if (build.status !== 0)
      throw new Error(`build-electron failed: ${build.stderr.toString().slice(0, 300)}`);

    const dataDir = mkdtempSync(join(root, '.tmp', 'bench-shell-'));
    const results: BenchResult[] = [...engineFigures];
    try {
      const cold = await launchOnce(binary, dataDir);
      results.push(info('shell.start-to-tray.cold', cold.startToTrayMs, 'ms'));
      await cold.app.close();

      const warm = await launchOnce(binary, dataDir);
      const app = warm.app;
      results.push(below('shell.start-to-tray.warm', warm.startToTrayMs, 'ms', 1000));
      const windows = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
      results.push(below('shell.windows-at-start', windows, 'windows', 1));

      await sleep(5_000);
      const metrics = () =>
        app.evaluate(({ app: a }) =>
          a
            .getAppMetrics()
            .map((m) => ({ type: m.type, kb: m.memory.workingSetSize, cpu: m.cpu.percentCPUUsage })),
        );
      await metrics(); // percentCPUUsage counts from the previous call
      const cpuSamples: number[] = [];
      let last: Awaited<ReturnType<typeof metrics>> = [];
      for (let i = 0; i < 10; i++) {
        await sleep(1_000);
        last = await metrics();
        cpuSamples.push(last.reduce((sum, m) => sum + m.cpu, 0));
      }
      const rssMb = last.reduce((sum, m) => sum + m.kb, 0) / 1024;
      results.push(below('shell.idle.rss-total', rssMb, 'MB', 150));
      results.push(info('shell.idle.processes', last.length, last.map((m) => m.type).join('+')));
      results.push(
        below('shell.idle.cpu-avg', cpuSamples.reduce((a, b) => a + b, 0) / cpuSamples.length, '%', 1),
      );
      await app.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return results;
  },
};
