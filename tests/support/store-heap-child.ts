/**
 * Heap probe for the store bench: opens a store, runs the engine's read paths over it (listings with
 * filters, stats, a full iterate), and prints the JS heap as JSON. Run in a fresh process so nothing
 * from generating the store is counted.
 *
 * Usage: node --expose-gc --import tsx tests/support/store-heap-child.ts <dbPath> <nowMs>
 */
import { openStore } from '../../electron/engine/store/store';

const [dbPath, nowArg] = process.argv.slice(2);
if (!dbPath || !nowArg) throw new Error('usage: store-heap-child.ts <dbPath> <nowMs>');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const nowMs = Number(nowArg);
const heapMb = (): number => process.memoryUsage().heapUsed / 1024 / 1024;

gc();
const baseMb = heapMb();
const store = openStore(dbPath, { now: () => nowMs });
let peakMb = heapMb();
const sample = (): void => {
  peakMb = Math.max(peakMb, heapMb());
};
for (const filter of [
  {},
  { source: 'teams' as const },
  { text: 'budget' },
  { state: 'released' as const },
  { limit: 10_000 },
]) {
  store.listItems(filter);
  sample();
}
store.stats(nowMs - 7 * 86_400_000, 'Europe/Berlin', new Map());
sample();
let items = 0;
for (const _ of store.iterateItemsSince(0)) {
  if (++items % 50_000 === 0) sample();
}
store.heldCount();
store.listBatches(undefined, 500);
gc();
const afterMb = heapMb();
store.close();
process.stdout.write(`${JSON.stringify({ baseMb, peakMb, afterMb, items })}\n`);
