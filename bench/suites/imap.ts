/**
 * IMAP figures against a real Dovecot on 127.0.0.1 (../shared/recipes/dovecot.md):
 * - detection latency APPEND → Decision via IDLE (50 samples), next to a bare imapflow IDLE client
 *   watching the same mailbox in the same run: Dovecot's ~450 ms notify delay is the floor;
 * - catch-up of 5,000 new messages after downtime, end to end (fetch, decide, store), and the ratio
 *   to a bare imapflow fetch of the same fields from the same server. This machine's speed drifts by
 *   2× within a minute, so the two contenders take turns (bare, ours, bare, five rounds, each round
 *   on a fresh mailbox) and the medians are compared. Both are compared warm: the bare client's
 *   timed fetches come after an untimed one, so Lull's come after an untimed round too (its own
 *   code's first run, reported on its own as the cold figure); the ratio of the fastest rounds is
 *   reported next to it, as the machine's slow spells make the medians' ratio depend on luck;
 * - RSS growth over idle during a 20,000-message catch-up.
 * Secrets come from an in-memory store: the keychain is not the subject here.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ImapFlow } from 'imapflow';
import { Engine } from '../../electron/engine/engine';
import { createLogger, setLogSink } from '../../electron/engine/log';
import { MemorySecretStore } from '../../electron/engine/secrets/keytar-store';
import { FETCH_QUERY } from '../../electron/engine/sources/imap/imap-source';
import type { ImapConfig } from '../../electron/shared/accounts/imap';
import { makeRawMessage, startDovecot, type DovecotServer } from '../../tests/support/dovecot';
import { plainConfig } from '../../tests/integration/imap/helpers';
import { withoutFocusBlocks } from '../../tests/support/factories';
import { atLeast, below, info, percentile, type BenchResult, type BenchSuite } from '../harness';

const TMP = resolve(import.meta.dirname, '../../.tmp/bench-imap');

function config(server: DovecotServer, user: string): ImapConfig {
  return plainConfig(server, { username: user, address: `${user}@example.com`, pollIntervalSec: 60 });
}

async function until<T>(fn: () => T | null | undefined | false, timeoutMs: number, pollMs = 5): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('bench timed out');
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function openEngine(name: string, secrets: MemorySecretStore): Promise<Engine> {
  return Engine.open({ dbPath: join(TMP, `${name}.db`), secrets, log: createLogger({ bench: 'imap' }) });
}

/**
 * The default weekday focus blocks would make the figures depend on the time of day (inside them
 * mail is held and no delivered event fires), so the bench's engines run with none.
 */
async function clearFocusBlocks(engine: Engine): Promise<void> {
  await engine.api.setSettings(withoutFocusBlocks(engine.getSettings()));
}

async function bareClient(server: DovecotServer, user: string): Promise<ImapFlow> {
  const c = new ImapFlow({
    host: '127.0.0.1',
    port: server.imapPort,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: `pw-${user}` },
    logger: false,
    autoIdleDelay: 100,
  });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

/**
 * Samples are spaced 700 ms apart for both contenders. Dovecot 2.3 delays IDLE notifications by
 * 500 ms counted from the previous one: with closer spacing a client that never leaves IDLE sees
 * mail sooner (measured: ~250 ms at 250 ms spacing) while one that re-enters IDLE after fetching
 * waits the full delay, so the "floor" would be an artefact of the spacing.
 */
const SPACING_MS = 700;

/** APPEND → EXISTS at a bare imapflow client in IDLE: what Dovecot itself allows (its notify delay). */
async function dovecotFloor(server: DovecotServer, samples: number): Promise<number[]> {
  const watcher = await bareClient(server, 'floor');
  await watcher.mailboxOpen('INBOX');
  let existsAt = 0;
  watcher.on('exists', () => (existsAt = performance.now()));
  const writer = await bareClient(server, 'floor');
  await new Promise((r) => setTimeout(r, 300));
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    existsAt = 0;
    const t0 = performance.now();
    await writer.append('INBOX', makeRawMessage({ subject: `floor ${i}`, messageId: `floor-${i}@bench` }));
    const t = await until(() => existsAt || null, 10_000, 1);
    out.push(t - t0);
    await new Promise((r) => setTimeout(r, SPACING_MS));
  }
  await writer.logout();
  await watcher.logout();
  return out;
}

async function latency(server: DovecotServer): Promise<BenchResult[]> {
  const floor = await dovecotFloor(server, 50);
  const secrets = new MemorySecretStore();
  const engine = await openEngine('latency', secrets);
  await clearFocusBlocks(engine);
  const decided = new Map<string, number>();
  engine.on((name, payload) => {
    if (name === 'delivered')
      decided.set((payload as { item: { externalId: string } }).item.externalId, performance.now());
  });
  const account = await engine.api.addAccount({
    name: 'bench',
    enabled: true,
    config: { kind: 'imap', imap: config(server, 'lat') },
    secret: 'pw-lat',
  });
  await until(
    () => engine.accounts.list().find((a) => a.id === account.id)?.status.state === 'connected',
    20_000,
  );
  const writer = await bareClient(server, 'lat');
  await new Promise((r) => setTimeout(r, 300));
  const ours: number[] = [];
  for (let i = 0; i < 50; i++) {
    const id = `lat-${i}@bench`;
    // different senders: the repeat rule is not what is measured
    const raw = makeRawMessage({ from: `p${i}@example.com`, subject: `latency ${i}`, messageId: id });
    const t0 = performance.now();
    await writer.append('INBOX', raw);
    const tDecided = await until(() => decided.get(id), 10_000, 1);
    ours.push(tDecided - t0);
    await new Promise((r) => setTimeout(r, SPACING_MS));
  }
  await writer.logout();
  await engine.close();
  const p50 = percentile(ours, 50);
  const floor50 = percentile(floor, 50);
  return [
    info('imap.detect.append-to-decision.p50', p50, 'ms'),
    below('imap.detect.append-to-decision.p95', percentile(ours, 95), 'ms', 1000),
    info('imap.detect.dovecot-floor.p50', floor50, 'ms'),
    info('imap.detect.dovecot-floor.p95', percentile(floor, 95), 'ms'),
    below('imap.detect.p50-over-floor', p50 - floor50, 'ms', 100),
  ];
}

function seed(server: DovecotServer, user: string, n: number, tag: string): void {
  server.seedMaildir(
    user,
    'INBOX',
    (function* () {
      for (let i = 0; i < n; i++) {
        yield makeRawMessage({
          from: `Sender ${i % 500} <s${i % 500}@example.com>`,
          subject: `${tag} message ${i}`,
          messageId: `${tag}-${i}@bench`,
          body: `Hello,\r\nthis is message ${i} of the ${tag} run.\r\n`,
        });
      }
    })(),
  );
}

interface CatchUp {
  readonly seconds: number;
  readonly peakRss: number;
  readonly idleRss: number;
  /** Bare imapflow fetches of the same mailbox right before and right after ours, in seconds. */
  readonly bareSeconds: readonly number[];
}

/**
 * Milliseconds from t0 until lastUid reaches n. lastUid advances only in the transaction that stores
 * a page, so this is "all n decided and stored". It is checked right after each page's commit (its
 * 'delivered' events fire synchronously after it), so the end is as exact as the bare fetch's; a
 * 10 ms poll alone added ~5 ms on average. The poll stays for a last page with nothing delivered.
 */
async function allStored(engine: Engine, accountId: string, n: number, t0: number): Promise<number> {
  const done = (): boolean => Number(engine.store.getCursor(accountId, 'imap:INBOX:lastUid') ?? 0) >= n;
  let endMs = 0;
  let checking = false;
  const off = engine.on((name) => {
    if (name !== 'delivered' || checking || endMs) return;
    checking = true;
    queueMicrotask(() => {
      checking = false;
      if (!endMs && done()) endMs = performance.now();
    });
  });
  try {
    await until(() => endMs || (done() && (endMs = performance.now())), 300_000, 10);
  } finally {
    off();
  }
  return endMs - t0;
}

/** Engine down, n messages arrive, engine up: time until all n are decided and stored. */
async function catchUp(server: DovecotServer, user: string, n: number, sampleRss: boolean): Promise<CatchUp> {
  const secrets = new MemorySecretStore();
  let engine = await openEngine(`catchup-${user}`, secrets);
  await clearFocusBlocks(engine);
  const account = await engine.api.addAccount({
    name: 'bench',
    enabled: true,
    config: { kind: 'imap', imap: config(server, user) },
    secret: `pw-${user}`,
  });
  await until(
    () => engine.accounts.list().find((a) => a.id === account.id)?.status.state === 'connected',
    20_000,
  );
  await engine.close();
  seed(server, user, n, user);
  // Index the new files and fill Dovecot's cache outside the timed parts, the same for both contenders.
  await bareFetch(server, user);
  const bareBefore = await bareFetch(server, user);

  (globalThis as { gc?: () => void }).gc?.();
  const idleRss = process.memoryUsage().rss;
  let peakRss = idleRss;
  const sampler = sampleRss
    ? setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20)
    : null;
  const t0 = performance.now();
  engine = await openEngine(`catchup-${user}`, secrets);
  const seconds = (await allStored(engine, account.id, n, t0)) / 1000;
  if (sampler) clearInterval(sampler);
  await engine.close();
  const bareAfter = await bareFetch(server, user);
  return { seconds, peakRss, idleRss, bareSeconds: [bareBefore, bareAfter] };
}

/** The same fields fetched by a bare imapflow client (connect, select, fetch), nothing else: seconds. */
async function bareFetch(server: DovecotServer, user: string): Promise<number> {
  const t0 = performance.now();
  const c = await bareClient(server, user);
  await c.mailboxOpen('INBOX');
  let n = 0;
  for await (const _m of c.fetch('1:*', FETCH_QUERY)) n++;
  const seconds = (performance.now() - t0) / 1000;
  await c.logout();
  if (n === 0) throw new Error(`bare fetch found no mail for ${user}`);
  return seconds;
}

function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export const suite: BenchSuite = {
  name: 'imap',
  async run() {
    rmSync(TMP, { recursive: true, force: true });
    mkdirSync(TMP, { recursive: true });
    setLogSink(() => undefined);
    const rounds = ['c5k1', 'c5k2', 'c5k3', 'c5k4', 'c5k5'];
    const server = await startDovecot({
      users: Object.fromEntries(['floor', 'lat', 'c5k0', ...rounds, 'c20k'].map((u) => [u, `pw-${u}`])),
    });
    try {
      const results = await latency(server);
      const cold = await catchUp(server, 'c5k0', 5000, false);
      const ours: number[] = [];
      const bare: number[] = [];
      for (const user of rounds) {
        const round = await catchUp(server, user, 5000, false);
        ours.push(round.seconds);
        bare.push(...round.bareSeconds);
      }
      results.push(
        atLeast('imap.catchup-5k.end-to-end', 5000 / median(ours), 'msg/s', 2000),
        info('imap.catchup-5k.bare-imapflow-fetch', 5000 / median(bare), 'msg/s'),
        below('imap.catchup-5k.time-ratio-to-bare-imapflow', median(ours) / median(bare), 'x', 1.5),
        // This machine has spells in which the same bare fetch takes ~1.8× the CPU time (350 vs 650
        // ms), and they strike bare rounds more often than Lull's, so the medians' ratio swings with
        // luck (1.22–1.70 in one day's runs). The fastest round of each is the cost without them.
        info('imap.catchup-5k.time-ratio-fastest-rounds', Math.min(...ours) / Math.min(...bare), 'x'),
        info('imap.catchup-5k.cold-first-round.time-ratio', cold.seconds / median(cold.bareSeconds), 'x'),
      );
      const twenty = await catchUp(server, 'c20k', 20_000, true);
      results.push(
        info('imap.catchup-20k.end-to-end', 20_000 / twenty.seconds, 'msg/s'),
        below(
          'imap.catchup-20k.rss-growth-over-idle',
          (twenty.peakRss - twenty.idleRss) / 1024 / 1024,
          'MB',
          50,
        ),
      );
      return results;
    } finally {
      await server.stop();
    }
  },
};
