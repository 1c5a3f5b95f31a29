/**
 * A child process ingests and releases in a loop and is killed with SIGKILL at random moments,
 * in the middle of an ingest or of a release. After each kill the store is reopened and checked:
 * nothing the child saw committed is lost, no item is in two batches, no batch is empty, and
 * every item is either held or released in exactly one batch.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../electron/engine/store/db';
import { openStore } from '../../../electron/engine/store/store';
import { tempStoreDir } from '../../support/store-fixtures';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CHILD = resolve(ROOT, 'tests', 'support', 'store-crash-child.ts');
const ROUNDS = 8;

interface Committed {
  readonly ids: string[];
  readonly batches: Map<number, number>;
  /** The operation begun (I or L) and not yet reported committed when the child died, or ''. */
  readonly killedDuring: string;
}

/** Runs the child until it has begun `afterMarks` operations of the kind given, then kills it mid-way. */
function runAndKill(
  dbPath: string,
  tag: string,
  kind: 'I' | 'L',
  afterMarks: number,
  delayMs: number,
): Promise<Committed> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, tag], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ids: string[] = [];
    const batches = new Map<number, number>();
    let marks = 0;
    let killed = false;
    let lastBegun = '';
    let buffer = '';
    let stderr = '';
    const kill = (): void => {
      if (killed) return;
      killed = true;
      const doKill = (): void => {
        child.kill('SIGKILL');
      };
      if (delayMs > 0) setTimeout(doKill, delayMs);
      else doKill();
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [op, a, b, c] = line.split(' ');
        if (op === 'C') for (let n = Number(b); n <= Number(c); n++) ids.push(`${a}-${n}`);
        else if (op === 'R') batches.set(Number(a), Number(b));
        if (op === 'I' || op === 'L') lastBegun = op;
        else if (op === 'C' || op === 'R' || op === 'N') lastBegun = '';
        if (op === kind && ++marks >= afterMarks) kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const guard = setTimeout(kill, 20_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL')
        fail(new Error(`child exited by itself (code ${code}): ${stderr.slice(0, 2000)}`));
      else done({ ids, batches, killedDuring: lastBegun });
    });
  });
}

describe('store crash safety', () => {
  const dir = tempStoreDir('store-crash');
  afterAll(() => {
    dir.cleanup();
  });

  it('loses nothing committed and never splits a release when killed mid-ingest or mid-release', async () => {
    const allIds: string[] = [];
    const allBatches = new Map<number, number>();
    const killedDuring: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const kind = round % 2 === 0 ? 'I' : 'L';
      const result = await runAndKill(
        dir.dbPath,
        `r${round}`,
        kind,
        2 + Math.floor(Math.random() * 12),
        Math.floor(Math.random() * 15),
      );
      allIds.push(...result.ids);
      killedDuring.push(result.killedDuring);
      for (const [id, n] of result.batches) allBatches.set(id, n);

      const store = openStore(dir.dbPath);
      try {
        // Every id the child saw committed is there.
        const keys = allIds.map((externalId) => ({ accountId: 'crash-acc', externalId }));
        expect(store.missingExternalIds(keys)).toEqual([]);
        // Every batch the child saw committed is there with its size.
        const batches = new Map(store.listBatches(undefined, 10_000).map((b) => [b.id, b.itemCount]));
        for (const [id, n] of allBatches) expect(batches.get(id)).toBe(n);
      } finally {
        store.close();
      }

      const db = openDb(dir.dbPath);
      try {
        const one = <T>(sql: string): T => db.prepare(sql).get<T>()!;
        expect(one<{ integrity_check: string }>('PRAGMA integrity_check').integrity_check).toBe('ok');
        const counts = one<{
          all: number;
          held: number;
          released: number;
          distinctIds: number;
          loose: number;
        }>(
          `SELECT count(*) AS "all", sum(state = 'held') AS held, sum(state = 'released') AS released,
             count(DISTINCT external_id) AS distinctIds,
             sum((state = 'released') <> (batch_id IS NOT NULL)) AS loose
           FROM items`,
        );
        // held + released = all, each external id once, and released ⇔ in a batch.
        expect(counts.held + counts.released).toBe(counts.all);
        expect(counts.distinctIds).toBe(counts.all);
        expect(counts.loose).toBe(0);
        expect(counts.all).toBeGreaterThanOrEqual(allIds.length);
        // Each batch holds exactly the items it counted, and none is empty.
        const mismatched = db
          .prepare(
            `SELECT b.id, b.item_count, (SELECT count(*) FROM items i WHERE i.batch_id = b.id) AS actual
             FROM batches b WHERE actual <> b.item_count OR actual = 0`,
          )
          .all();
        expect(mismatched).toEqual([]);
        const orphans = one<{ n: number }>(
          'SELECT count(*) AS n FROM items WHERE batch_id IS NOT NULL AND batch_id NOT IN (SELECT id FROM batches)',
        );
        expect(orphans.n).toBe(0);
      } finally {
        db.close();
      }
    }
    // The rounds did real work: commits and releases happened and were checked.
    expect(allIds.length).toBeGreaterThan(500);
    expect(allBatches.size).toBeGreaterThan(2);
    // And at least one kill landed inside an operation (begun, never reported committed).
    expect(killedDuring.filter((k) => k !== '')).not.toEqual([]);
    process.stdout.write(`store crash rounds killed during: ${JSON.stringify(killedDuring)}\n`);
  }, 180_000);
});
