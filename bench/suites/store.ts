/**
 * Store figures: batched ingest rate, single durable ingest latency, the held summary and the release
 * with 10,000 held, newest-200 queries in a 1,000,000-item store, bytes per item, and JS heap with it open.
 *
 * The 1M-item store is generated once per run into .tmp/bench-store/ through the real insertItems and
 * releaseHeld (big transactions), so its rows, indexes and batches look like a month of real use.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SourceKind } from '../../electron/core/types';
import { NO_HINTS } from '../../electron/core/types';
import { openStore } from '../../electron/engine/store/store';
import type { NewItem, Store } from '../../electron/engine/store/store-types';
import type { BenchResult } from '../harness';
import { atLeast, below, info, percentile } from '../harness';

const DIR = resolve(import.meta.dirname, '..', '..', '.tmp', 'bench-store');
const BIG_ITEMS = Number(process.env.LULL_BENCH_STORE_ITEMS ?? 1_000_000);
const DAY_MS = 86_400_000;
const T0 = Date.UTC(2025, 5, 2, 8, 0);

/* ---------- realistic items (deterministic) ---------- */

let rng = 0x2545f491;
function rand(): number {
  // xorshift32: fast and repeatable, so every run measures the same data.
  rng ^= rng << 13;
  rng ^= rng >>> 17;
  rng ^= rng << 5;
  return (rng >>> 0) / 0x1_0000_0000;
}
function pick<T>(list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}
function hex(n: number): string {
  let s = '';
  while (s.length < n)
    s += Math.floor(rand() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, n);
}

const WORDS = (
  'budget review planning release deploy incident customer invoice meeting agenda draft design roadmap hiring ' +
  'quarter metrics launch feedback contract renewal security patch outage vendor schedule report update sprint ' +
  'migration database backup travel expenses offsite workshop onboarding proposal pricing analytics dashboard'
).split(' ');
const CAPITALISED = WORDS.map((w) => w.charAt(0).toUpperCase() + w.slice(1));
const PEOPLE = Array.from({ length: 400 }, (_, i) => ({
  name: `${pick(['Ada', 'Grace', 'Linus', 'Margaret', 'Alan', 'Barbara', 'Ken', 'Radia', 'Dennis', 'Frances'])} ${pick(['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Turing', 'Liskov', 'Thompson', 'Perlman', 'Ritchie', 'Allen'])}`,
  address: `person${i}@${pick(['example.com', 'corp.example.org', 'mail.example.net'])}`,
}));
const ACCOUNTS: readonly { id: string; source: SourceKind }[] = [
  { id: '3f1c2a9e-8b47-4d2a-9c1e-5a7b3d9e2f10', source: 'imap' },
  { id: '7a2d4e6f-1b3c-4e5d-8f9a-0b1c2d3e4f5a', source: 'imap' },
  { id: 'c9e8d7f6-a5b4-4c3d-9e2f-1a0b9c8d7e6f', source: 'slack' },
  { id: '0f1e2d3c-4b5a-4697-8877-665544332211', source: 'teams' },
];

/** Built with join, so it is one flat string like text from a parser (not a chain of concatenations). */
function sentence(minChars: number): string {
  const words: string[] = [];
  let length = -1;
  while (length < minChars) {
    const w = pick(words.length === 0 ? CAPITALISED : WORDS);
    words.push(w);
    length += w.length + 1;
  }
  return words.join(' ');
}

let seq = 0;
/**
 * ~60-char title, ~200-char preview, real-looking ids, links and a 4-step trace. Passed through JSON
 * like an item parsed from a source, so its strings are flat (not chains of concatenations, which the
 * binding would have to flatten first).
 */
function realisticItem(atMs: number, state: NewItem['state']): NewItem {
  return JSON.parse(JSON.stringify(buildItem(atMs, state))) as NewItem;
}

function buildItem(atMs: number, state: NewItem['state']): NewItem {
  seq++;
  const account =
    rand() < 0.55 ? ACCOUNTS[0]! : rand() < 0.4 ? ACCOUNTS[2]! : rand() < 0.7 ? ACCOUNTS[1]! : ACCOUNTS[3]!;
  const person = pick(PEOPLE);
  const mail = account.source === 'imap';
  const externalId = mail
    ? `<CA+${hex(24)}@mail.example.com>`
    : `C0${hex(8).toUpperCase()}:${Math.floor(atMs / 1000)}.${hex(6)}`;
  const thread = rand() < 0.5 ? externalId : `thread-${Math.floor(seq / 7)}`;
  const action = state === 'held' ? 'hold' : state === 'muted' ? 'mute' : 'deliver';
  const ruleId =
    state === 'delivered'
      ? rand() < 0.9
        ? 'outside-focus'
        : 'vip'
      : state === 'muted'
        ? 'newsletters'
        : 'focus-default';
  return {
    accountId: account.id,
    source: account.source,
    externalId,
    threadKey: thread,
    sender: mail ? person : { name: person.name, address: `u${hex(9)}` },
    title: sentence(56).slice(0, 64),
    preview: sentence(196).slice(0, 200),
    receivedAtMs: atMs - Math.floor(rand() * 60_000),
    link: mail
      ? `message://%3C${externalId.slice(1, -1)}%3E`
      : `https://acme.slack.com/archives/C0${hex(8)}/p${Math.floor(atMs / 1000)}${hex(6)}`,
    altLink: '',
    hints: { ...NO_HINTS, dm: !mail && rand() < 0.3, bulk: mail && rand() < 0.2, cc: mail && rand() < 0.1 },
    container: mail ? 'INBOX' : `#${pick(WORDS)}`,
    personKey: mail ? person.address : `${account.source}:u${hex(9)}`,
    ingestedAtMs: atMs,
    decision: {
      action,
      ruleId,
      reason:
        action === 'hold'
          ? 'Held for the next batch: focus block until 12:00'
          : action === 'mute'
            ? "Muted by rule 'Newsletters'"
            : 'Delivered: focus is off',
      trace: [
        {
          ruleId: 'vip',
          matched: ruleId === 'vip',
          note: ruleId === 'vip' ? 'sender is on the list' : 'sender is not on the list',
        },
        { ruleId: 'outage', matched: false, note: 'no keyword found' },
        { ruleId: 'repeat', matched: false, note: 'contacted you 1 of 3 times within 5 min' },
        {
          ruleId: 'newsletters',
          matched: ruleId === 'newsletters',
          note: ruleId === 'newsletters' ? 'item is bulk mail' : 'item is not bulk mail',
        },
      ],
    },
    state,
  };
}

function stateMix(): NewItem['state'] {
  const r = rand();
  return r < 0.6 ? 'held' : r < 0.9 ? 'delivered' : 'muted';
}

/* ---------- helpers ---------- */

function freshPath(name: string): string {
  mkdirSync(DIR, { recursive: true });
  const p = join(DIR, name);
  for (const suffix of ['', '-wal', '-shm']) rmSync(p + suffix, { force: true });
  return p;
}

function fileBytes(path: string): number {
  return statSync(path).size;
}

function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

function timeIt(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/* ---------- figures ---------- */

function ingestFigures(): BenchResult[] {
  const store = openStore(freshPath('ingest.db'));
  try {
    const total = 100_000;
    const chunk = 1_000;
    const items = Array.from({ length: total }, (_, i) =>
      realisticItem(T0 + i * 100, i >= total - 10_000 ? 'held' : rand() < 0.5 ? 'delivered' : 'muted'),
    );
    let ms = 0;
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < total; i += chunk) {
      const part = items.slice(i, i + chunk);
      ms += timeIt(() => store.insertItems(part));
    }
    const cpu = process.cpuUsage(cpu0);
    const rate = total / (ms / 1000);
    // CPU time shows what the same work costs on a core of its own (this machine is shared).
    const cpuRate = total / ((cpu.user + cpu.system) / 1e6);

    const samples: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      const one = [realisticItem(T0 + DAY_MS + i, 'delivered')];
      samples.push(timeIt(() => store.insertItems(one)));
    }
    // What every state update reads with 10,000 waiting: the count, the count per source, the oldest wait.
    const summaryMs: number[] = [];
    for (let i = 0; i < 50; i++) {
      summaryMs.push(
        timeIt(() => {
          store.heldCount();
          store.heldBySource();
          store.oldestHeldAtMs();
        }),
      );
    }
    // Three releases of 10,000 held items (the first are the last 10,000 ingested above); the median counts.
    const releaseMs: number[] = [];
    const releaseCpuMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      if (round > 0) {
        const more = Array.from({ length: 10_000 }, (_, i) =>
          realisticItem(T0 + (2 + round) * DAY_MS + i, 'held'),
        );
        for (let i = 0; i < more.length; i += chunk) store.insertItems(more.slice(i, i + chunk));
      }
      const held = store.heldCount();
      let released = 0;
      const c0 = process.cpuUsage();
      releaseMs.push(
        timeIt(() => {
          released =
            store.releaseHeld({ atMs: T0 + (3 + round) * DAY_MS, trigger: 'manual', slotMs: null })?.batch
              .itemCount ?? 0;
        }),
      );
      const c = process.cpuUsage(c0);
      releaseCpuMs.push((c.user + c.system) / 1000);
      if (held !== 10_000 || released !== 10_000)
        throw new Error(`release bench expected 10000 held, had ${held}, released ${released}`);
    }
    return [
      atLeast('store.ingest.batched', rate, 'items/s', 50_000),
      info('store.ingest.batched.per-cpu-second', cpuRate, 'items/s'),
      below('store.ingest.single.p99', percentile(samples, 99), 'ms', 5),
      info('store.ingest.single.p50', percentile(samples, 50), 'ms'),
      below('store.held-summary.10k-held', median(summaryMs), 'ms', 5),
      below('store.release.10k', median(releaseMs), 'ms', 100),
      info('store.release.10k.cpu', median(releaseCpuMs), 'ms'),
    ];
  } finally {
    store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(DIR, 'ingest.db') + suffix, { force: true });
  }
}

function buildBigStore(path: string): { ms: number; batchId: number } {
  const store = openStore(path);
  const t0 = performance.now();
  const chunk = 5_000;
  const spanMs = 30 * DAY_MS;
  let midBatch = 0;
  try {
    for (let i = 0; i < BIG_ITEMS; i += chunk) {
      const n = Math.min(chunk, BIG_ITEMS - i);
      const items: NewItem[] = [];
      for (let k = 0; k < n; k++)
        items.push(realisticItem(T0 + Math.floor(((i + k) / BIG_ITEMS) * spanMs), stateMix()));
      store.insertItems(items);
      const at = T0 + Math.floor(((i + n) / BIG_ITEMS) * spanMs);
      const released = store.releaseHeld({ atMs: at, trigger: 'slot', slotMs: at });
      if (released && i >= BIG_ITEMS / 2 && midBatch === 0) midBatch = released.batch.id;
    }
  } finally {
    store.close();
  }
  return { ms: performance.now() - t0, batchId: midBatch };
}

function bigStoreFigures(): BenchResult[] {
  const path = freshPath('big.db');
  const built = buildBigStore(path);
  const results: BenchResult[] = [
    info('store.big.build', built.ms / 1000, 's'),
    info('store.big.items', BIG_ITEMS, 'items'),
  ];
  // close() checkpointed the WAL into the main file, so its size is the store's size.
  results.push(below('store.size.per-item', fileBytes(path) / BIG_ITEMS, 'bytes', 1024));

  const store: Store = openStore(path, { now: () => T0 + 30 * DAY_MS });
  try {
    const filters: [string, Parameters<Store['listItems']>[0]][] = [
      ['newest', {}],
      ['source', { source: 'teams' }],
      ['account', { accountId: ACCOUNTS[1]!.id }],
      ['batch', { batchId: built.batchId, includeDone: true }],
      ['text', { text: 'budget review' }],
      ['source+text', { source: 'slack', text: 'outage' }],
      ['state.released', { state: 'released' }],
    ];
    for (const [name, filter] of filters) {
      for (let i = 0; i < 3; i++) store.listItems(filter);
      const samples: number[] = [];
      let count = 0;
      for (let i = 0; i < 20; i++) samples.push(timeIt(() => (count = store.listItems(filter).length)));
      if (count === 0) throw new Error(`filter ${name} matched nothing`);
      results.push(below(`store.query.newest200.${name}`, median(samples), 'ms', 10));
    }
    // The worst case for text: no row matches, so LIKE scans every item (no full-text index, see 0010).
    results.push(
      info(
        'store.query.text.no-match.full-scan',
        timeIt(() => store.listItems({ text: 'zqxj-nothing' })),
        'ms',
      ),
    );
    const since = T0 + 23 * DAY_MS;
    results.push(
      info(
        'store.stats.7d',
        timeIt(() => store.stats(since, 'Europe/Berlin', new Map([['vip', 'VIPs']]))),
        'ms',
      ),
    );
    let seen = 0;
    results.push(
      info(
        'store.iterate.7d',
        timeIt(() => {
          for (const _ of store.iterateItemsSince(since)) seen++;
        }),
        'ms',
      ),
    );
    results.push(info('store.iterate.7d.items', seen, 'items'));
  } finally {
    store.close();
  }
  const heap = heapProbe(path, T0 + 30 * DAY_MS);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  // The goal is held against the peak while listing, computing stats and iterating all 1M items.
  results.push(below('store.heap.1m-items.peak', heap.peakMb, 'MB', 80));
  results.push(info('store.heap.1m-items.after', heap.afterMb, 'MB'));
  if (heap.items !== BIG_ITEMS)
    throw new Error(`heap probe iterated ${heap.items} items, expected ${BIG_ITEMS}`);
  return results;
}

/** Opens the store in a fresh Node process, runs listings, stats and a full iterate, and reports its JS heap. */
function heapProbe(
  path: string,
  nowMs: number,
): { baseMb: number; peakMb: number; afterMb: number; items: number } {
  const root = resolve(import.meta.dirname, '..', '..');
  const out = execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      join(root, 'tests', 'support', 'store-heap-child.ts'),
      path,
      String(nowMs),
    ],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
    baseMb: number;
    peakMb: number;
    afterMb: number;
    items: number;
  };
}

export const suite = {
  name: 'store',
  run(): Promise<BenchResult[]> {
    const results = [...ingestFigures(), ...bigStoreFigures()];
    return Promise.resolve(results);
  },
};
