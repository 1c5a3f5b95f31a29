import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/engine/store/store';
import { tempDir } from '../../support/temp';

const root = resolve(import.meta.dirname, '..', '..', '..');
const child = join(root, 'tests/support/engine-crash-child.ts');
const tmp = tempDir('engine-crash');
afterAll(() => tmp.cleanup());

/** Runs the child until it has committed something, then SIGKILLs it after a random delay. */
function runAndKill(dbPath: string, startMs: number, first: number, killAfterMs: number): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, dbPath, String(startMs), String(first)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let committed = first - 1;
    let timer: NodeJS.Timeout | null = null;
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const m = /^C (\d+)$/.exec(line.trim());
        if (m) committed = Math.max(committed, Number(m[1]));
      }
      timer ??= setTimeout(() => p.kill('SIGKILL'), killAfterMs);
    });
    p.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL')
        reject(new Error(`child exited on its own (${code}): ${stderr.slice(-2000)}`));
      else resolvePromise(committed);
    });
  });
}

describe('Engine under SIGKILL', () => {
  it('loses no committed item and releases none twice across 8 crashes', async () => {
    const dbPath = join(tmp.dir, 'lull.db');
    let start = Date.UTC(2025, 5, 2, 8, 0);
    let first = 0;
    const committed: [number, number][] = [];
    for (let round = 0; round < 8; round++) {
      const killAfter = 20 + Math.floor(Math.random() * 400);
      const upTo = await runAndKill(dbPath, start, first, killAfter);
      committed.push([first, upTo]);
      // The next round starts after everything this one may have written, clock and ids alike.
      // Two days apart keeps every item inside the 30-day retention.
      first = upTo + 1000;
      start += 2 * 86_400_000;
    }

    const store = openStore(dbPath);
    try {
      const all = [...store.iterateItemsSince(0)];
      const ids = new Set(all.map((i) => i.externalId));
      expect(ids.size).toBe(all.length); // no item twice
      expect(all.length).toBeGreaterThan(0);
      // Every item a round reported as committed is there.
      const missing: string[] = [];
      for (const [from, to] of committed)
        for (let i = from; i <= to; i++) if (!ids.has(`item-${i}`)) missing.push(`item-${i}`);
      expect(missing).toEqual([]);
      // Each batch's recorded size equals the items that carry its id, and no batch is empty.
      const batches = store.listBatches(undefined, 10_000);
      const released = all.filter((i) => i.state === 'released');
      for (const b of batches) {
        expect(b.itemCount).toBeGreaterThan(0);
        expect(released.filter((i) => i.batchId === b.id)).toHaveLength(b.itemCount);
      }
      expect(batches.reduce((sum, b) => sum + b.itemCount, 0)).toBe(released.length);
      for (const i of all) expect(i.state === 'released').toBe(i.batchId !== null);
      expect(batches.length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});
