/**
 * Child process for the store crash test: ingests and releases in a loop until it is killed.
 *
 * Usage: node --import tsx tests/support/store-crash-child.ts <dbPath> <runTag>
 * stdout lines (written synchronously: stdout is a pipe):
 *   READY                    the store is open
 *   I <n>                    about to ingest n items
 *   C <tag> <from> <to>      committed: external ids <tag>-<from> … <tag>-<to> are durable
 *   D <count>                a re-send of committed ids was answered as <count> duplicates
 *   L                        about to release
 *   R <batchId> <items>      committed: batch <batchId> holds <items> items
 *   N                        release found nothing held
 */
import { openStore } from '../../electron/engine/store/store';
import type { NewItem } from '../../electron/engine/store/store-types';
import { makeNewItem, STORE_T0 } from './store-fixtures';

const [dbPath, tag] = process.argv.slice(2);
if (!dbPath || !tag) throw new Error('usage: store-crash-child.ts <dbPath> <runTag>');

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const store = openStore(dbPath);
out('READY');
let next = 0;
let clock = STORE_T0;
let lastCommitted: NewItem[] = [];

const item = (n: number): NewItem =>
  makeNewItem({
    accountId: 'crash-acc',
    externalId: `${tag}-${n}`,
    threadKey: `t-${n % 50}`,
    personKey: `p${n % 37}@example.com`,
    ingestedAtMs: clock,
    receivedAtMs: clock,
  });

for (;;) {
  const r = Math.random();
  clock += 1000;
  if (r < 0.65) {
    const n = 1 + Math.floor(Math.random() * 800);
    const items = Array.from({ length: n }, (_, i) => item(next + i));
    out(`I ${n}`);
    const res = store.insertItems(items);
    if (res.inserted.length !== n) throw new Error(`expected ${n} inserted, got ${res.inserted.length}`);
    out(`C ${tag} ${next} ${next + n - 1}`);
    next += n;
    lastCommitted = items;
  } else if (r < 0.75 && lastCommitted.length > 0) {
    const res = store.insertItems(lastCommitted);
    out(`D ${res.duplicates}`);
  } else {
    out('L');
    const res = store.releaseHeld({ atMs: clock, trigger: 'slot', slotMs: clock });
    out(res ? `R ${res.batch.id} ${res.batch.itemCount}` : 'N');
  }
}
