/**
 * Renderer figures, measured in Debian's Chromium through Playwright against the browser host over a
 * real engine and SQLite file:
 * - batch review with 10,000 items: first render after the data arrives, DOM rows, longest task while
 *   scrolling all of it (PerformanceObserver 'longtask');
 * - renderer JavaScript size (gzip) of dist/renderer;
 * - Status view interactive after the window opens.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import type { ItemInput } from '../../electron/core/types';
import { NO_HINTS } from '../../electron/core/types';
import { Engine } from '../../electron/engine/engine';
import { setLogSink } from '../../electron/engine/log';
import { startHost } from '../../electron/host/host';
import { MemorySecrets } from '../../tests/support/memory-secrets';
import type { BenchResult, BenchSuite } from '../harness';
import { below, info, percentile } from '../harness';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/support/chromium';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'renderer');
const ITEMS = 10_000;

function jsGzipKb(): number {
  const assets = join(DIST, 'assets');
  let bytes = 0;
  for (const f of readdirSync(assets))
    if (f.endsWith('.js')) bytes += gzipSync(readFileSync(join(assets, f)), { level: 9 }).length;
  return bytes / 1024;
}

function items(nowMs: number): ItemInput[] {
  return Array.from({ length: ITEMS }, (_, i) => {
    const person = i % 1500;
    const bulk = person % 10 === 0;
    return {
      accountId: 'bench',
      source: i % 3 === 0 ? 'slack' : 'imap',
      externalId: `bench-${i}`,
      threadKey: `t-${person}-${i % 4}`,
      sender: { name: `Person ${person}`, address: `p${person}@example.com` },
      title: `Subject line number ${i} about the quarterly plan`,
      preview:
        'A realistic preview line of about a hundred characters, the kind of text mail clients show in lists.',
      receivedAtMs: nowMs - (ITEMS - i) * 1000,
      link: `https://mail.example.com/${i}`,
      altLink: '',
      hints: { ...NO_HINTS, bulk },
      container: 'INBOX',
    } satisfies ItemInput;
  });
}

export const suite: BenchSuite = {
  name: 'renderer',
  async run(): Promise<BenchResult[]> {
    if (!existsSync(join(DIST, 'index.html'))) {
      const r = spawnSync('npm', ['run', 'build:renderer'], { cwd: ROOT, stdio: 'ignore' });
      if (r.status !== 0) throw new Error('npm run build:renderer failed');
    }
    const results: BenchResult[] = [below('renderer.js_gzip', jsGzipKb(), 'KB', 250)];

    const dir = join(ROOT, '.tmp', `bench-renderer-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    setLogSink(() => {});
    const engine = await Engine.open({
      dbPath: join(dir, 'lull.db'),
      secrets: new MemorySecrets(),
      autoStartSources: false,
      defaultTimeZone: 'UTC',
    });
    const tmp = join(ROOT, '.tmp', 'playwright');
    mkdirSync(tmp, { recursive: true });
    process.env.TMPDIR = tmp;
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      headless: true,
    });
    const host = await startHost({ engine, staticDir: DIST });
    try {
      // No rules: every one of the items is held and released in one batch.
      await engine.api.setRules({ rules: [] });
      await engine.api.startFocus({ minutes: 120 });
      const all = items(Date.now());
      for (let i = 0; i < all.length; i += 1000) await engine.ingest(all.slice(i, i + 1000));
      const batch = await engine.api.releaseNow({});
      results.push(info('renderer.review_items', batch?.itemCount ?? 0, 'items'));
      const base = host.url.split('#')[0] ?? '';
      const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });

      // Status: from navigation start to the first render with the engine's state.
      const statusMs: number[] = [];
      const bootMs: number[] = [];
      const wsMs: number[] = [];
      for (let run = 0; run < 5; run++) {
        await page.goto('about:blank');
        await page.goto(`${base}#/status&token=${host.token}`);
        const t = await page.waitForFunction(
          () => performance.getEntriesByName('lull:status:interactive')[0]?.startTime ?? 0,
        );
        statusMs.push(Number(await t.jsonValue()));
        const at = await page.evaluate(() => ({
          boot: performance.getEntriesByName('lull:boot')[0]?.startTime ?? 0,
          ws: performance.getEntriesByName('lull:ws:open')[0]?.startTime ?? 0,
        }));
        bootMs.push(at.boot);
        wsMs.push(at.ws);
      }
      results.push(below('renderer.status_interactive_p50', percentile(statusMs, 50), 'ms', 200));
      results.push(info('renderer.status_interactive_max', Math.max(...statusMs), 'ms'));
      // Where the time goes: script start (HTML + JS loaded and parsed), socket open.
      results.push(info('renderer.status_script_start_p50', percentile(bootMs, 50), 'ms'));
      results.push(info('renderer.status_socket_open_p50', percentile(wsMs, 50), 'ms'));
      results.push(info('renderer.machine_load_1min', loadavg()[0] ?? 0, 'load'));

      // Review: the data arrives (listItems resolved), then the first render and the next frame.
      const renderMs: number[] = [];
      let rows = 0;
      for (let run = 0; run < 3; run++) {
        await page.goto('about:blank');
        await page.goto(`${base}#/review&token=${host.token}`);
        const t = await page.waitForFunction(() => {
          const data = performance.getEntriesByName('lull:review:data')[0];
          const painted = performance.getEntriesByName('lull:review:painted')[0];
          return data && painted ? painted.startTime - data.startTime : 0;
        });
        renderMs.push(Number(await t.jsonValue()));
        rows = await page.evaluate(() => document.querySelectorAll('.vrow').length);
      }
      results.push(below('renderer.review_first_render_10k', percentile(renderMs, 50), 'ms', 300));
      results.push(below('renderer.review_dom_rows_10k', rows, 'rows', 150));

      // Baseline: long tasks while the page sits idle for 2 s (machine noise, GC), for comparison.
      const idle = await page.evaluate(async () => {
        const seen: number[] = [];
        const observer = new PerformanceObserver((list) =>
          list.getEntries().forEach((e) => seen.push(e.duration)),
        );
        observer.observe({ type: 'longtask', buffered: false });
        await new Promise((r) => setTimeout(r, 2000));
        observer.disconnect();
        return { count: seen.length, longest: seen.length ? Math.max(...seen) : 0 };
      });
      results.push(info('renderer.review_idle_long_tasks_2s', idle.count, 'tasks'));
      results.push(info('renderer.review_idle_longest_task', idle.longest, 'ms'));

      // Scroll all of it, a frame at a time, watching for long tasks.
      const scroll = await page.evaluate(async () => {
        const longest: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longest.push(e.duration);
        });
        observer.observe({ type: 'longtask', buffered: false });
        const el = document.querySelector<HTMLElement>('[data-testid="review-list"]');
        if (!el) throw new Error('no list');
        const start = performance.now();
        let frames = 0;
        let maxRows = 0;
        while (el.scrollTop + el.clientHeight < el.scrollHeight - 1) {
          el.scrollTop += 900;
          frames += 1;
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          maxRows = Math.max(maxRows, document.querySelectorAll('.vrow').length);
        }
        await new Promise((r) => setTimeout(r, 100));
        observer.disconnect();
        return {
          longest: longest.length ? Math.max(...longest) : 0,
          count: longest.length,
          frames,
          ms: performance.now() - start,
          maxRows,
          height: el.scrollHeight,
        };
      });
      results.push(below('renderer.review_scroll_longest_task', scroll.longest, 'ms', 50));
      results.push(info('renderer.review_scroll_long_tasks', scroll.count, 'tasks'));
      results.push(info('renderer.review_scroll_frames', scroll.frames, 'frames'));
      results.push(info('renderer.review_scroll_avg_frame', scroll.ms / Math.max(1, scroll.frames), 'ms'));
      results.push(below('renderer.review_dom_rows_while_scrolling', scroll.maxRows, 'rows', 150));
      await page.close();
    } finally {
      await browser.close();
      await host.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return results;
  },
};
