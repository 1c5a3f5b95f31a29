/**
 * Chat sources against the local Slack emulator, through the real engine where a Decision is the goal.
 *
 * - chat.slack.event-to-decision.p95: a Socket Mode envelope until ingest resolved (decided + committed).
 * - chat.slack.storm.*: 100 forced reconnects (refresh_requested and abrupt closes) while 1,000 events
 *   are posted; lost = posted messages never stored, duplicated = stored more than once.
 * - chat.slack.gapfill.*: 1 hour offline across 300 DMs, on a simulated clock shared by the emulator
 *   (which enforces Slack's tier limits with 429s) and the source.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchResult, BenchSuite } from '../harness';
import { below, info, percentile } from '../harness';
import { Engine } from '../../electron/engine/engine';
import { setLogSink } from '../../electron/engine/log';
import type { SlackSource } from '../../electron/engine/sources/slack/slack-source';
import { makeSlackSourceModule } from '../../electron/engine/sources/slack/slack-source';
import type { SourceKindModule } from '../../electron/engine/sources/source';
import type { Clock } from '../../electron/engine/sources/slack/rate';
import { slackConfigSchema } from '../../electron/shared/accounts/chat';
import { MemorySecrets } from '../../tests/support/memory-secrets';
import { makeSourceContext } from '../../tests/support/make-source-context';
import { SlackEmulator } from '../../tests/support/slack-emulator';
import { tempDir } from '../../tests/support/temp';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) return false;
    await sleep(5);
  }
  return true;
}

interface Rig {
  emu: SlackEmulator;
  engine: Engine;
  ingested: Map<string, number>;
  onIngest: ((preview: string) => void) | null;
  close(): Promise<void>;
}

/** Emulator + real engine on a SQLite file in .tmp + a Slack account added through the API. */
async function rig(clientPingTimeoutMs: number): Promise<Rig> {
  const emu = await new SlackEmulator({ enforceTiers: false }).start();
  emu
    .addUser({ id: 'UANNA', name: 'Anna', email: 'anna@example.com' })
    .addChannel({ id: 'DANNA', name: 'DANNA', type: 'im', user: 'UANNA' });
  const { dir, cleanup } = tempDir('bench-chat');
  const inner = makeSlackSourceModule({ slackApiUrl: emu.apiUrl, clientPingTimeoutMs });
  const r: Rig = {
    emu,
    engine: null as unknown as Engine,
    ingested: new Map(),
    onIngest: null,
    async close() {
      await r.engine.close();
      await emu.stop();
      cleanup();
    },
  };
  const timed: SourceKindModule = {
    create: (ctx) =>
      inner.create({
        ...ctx,
        ingest: async (items) => {
          const result = await ctx.ingest(items);
          for (const i of items) {
            r.ingested.set(i.preview, (r.ingested.get(i.preview) ?? 0) + 1);
            r.onIngest?.(i.preview);
          }
          return result;
        },
      }),
  };
  r.engine = await Engine.open({
    dbPath: join(dir, 'lull.db'),
    secrets: new MemorySecrets(),
    sources: { slack: timed },
    autoStartSources: false,
    schedulerTickMs: 60_000,
    defaultTimeZone: 'UTC',
  });
  await r.engine.api.addAccount({
    name: 'Bench Slack',
    config: { kind: 'slack', slack: slackConfigSchema.parse({}) },
    secret: emu.secret,
  });
  if (!(await until(() => emu.sockets.size === 1, 10_000))) throw new Error('Slack source did not connect');
  return r;
}

async function eventToDecision(): Promise<BenchResult[]> {
  const r = await rig(5000);
  try {
    const samples: number[] = [];
    for (let i = 0; i < 330; i += 1) {
      const text = `latency ${i}`;
      const done = new Promise<number>((resolve) => {
        r.onIngest = (p) => {
          if (p === text) resolve(performance.now());
        };
      });
      const sent = performance.now();
      r.emu.post('DANNA', { user: 'UANNA', text });
      const at = await done;
      if (i >= 30) samples.push(at - sent); // the first ones warm the name caches and SQLite
    }
    const stored = await r.engine.api.listItems({ source: 'slack', limit: 1000 });
    const decided = stored.filter((s) => s.decision.ruleId.length > 0).length;
    return [
      below('chat.slack.event-to-decision.p95', percentile(samples, 95), 'ms', 100),
      info('chat.slack.event-to-decision.p50', percentile(samples, 50), 'ms'),
      info('chat.slack.event-to-decision.items-decided', decided, 'items'),
    ];
  } finally {
    await r.close();
  }
}

async function reconnectStorm(): Promise<BenchResult[]> {
  // clientPingTimeout is also the SDK's reconnect delay unit: 100 ms keeps 100 reconnects quick
  // without pong timeouts of its own under load.
  const r = await rig(100);
  try {
    const total = 1000;
    const reconnects = 100;
    const source = () =>
      r.engine.accounts.source((r.engine.accounts.list()[0] ?? { id: '' }).id) as SlackSource | undefined;
    const started = performance.now();
    let forced = 0;
    for (let i = 0; i < total; i += 1) {
      // Every tenth message, alternate a refresh_requested frame and an abrupt close.
      if (i % (total / reconnects) === 5) {
        // Force each reconnect on a live connection, so all 100 are real ones.
        await until(() => r.emu.sockets.size === 1, 10_000);
        if (forced % 2 === 0) r.emu.disconnectFrame('refresh_requested');
        else r.emu.dropSockets();
        forced += 1;
      }
      // Some envelopes arrive twice, as Slack's at-least-once delivery allows.
      r.emu.post('DANNA', { user: 'UANNA', text: `storm ${i}` }, { duplicate: i % 7 === 0 });
      // About 20 s of sending: reconnects every 200 ms, so events arrive both live and in gaps.
      await sleep(20);
    }
    await until(() => [...Array(total).keys()].every((i) => r.ingested.has(`storm ${i}`)), 120_000);
    await sleep(300);
    const stored = await r.engine.api.listItems({ source: 'slack', limit: 5000 });
    const counts = new Map<string, number>();
    for (const s of stored) counts.set(s.preview, (counts.get(s.preview) ?? 0) + 1);
    let lost = 0;
    let duplicated = 0;
    for (let i = 0; i < total; i += 1) {
      const n = counts.get(`storm ${i}`) ?? 0;
      if (n === 0) lost += 1;
      if (n > 1) duplicated += n - 1;
    }
    const stats = source()?.stats;
    return [
      below('chat.slack.storm.lost', lost, 'events', 1),
      below('chat.slack.storm.duplicated', duplicated, 'events', 1),
      info('chat.slack.storm.reconnects', forced, 'reconnects'),
      info('chat.slack.storm.connections-opened', r.emu.connectionsOpened, 'connections'),
      info('chat.slack.storm.envelopes-received', stats?.events ?? 0, 'envelopes'),
      info('chat.slack.storm.dropped-duplicate-envelopes', stats?.duplicates ?? 0, 'envelopes'),
      info('chat.slack.storm.history-messages-read', stats?.historyMessages ?? 0, 'messages'),
      info('chat.slack.storm.elapsed', performance.now() - started, 'ms'),
    ];
  } finally {
    await r.close();
  }
}

/** Simulated time: sleeping moves the clock instead of waiting. */
function simulatedClock(startMs: number): Clock & { t: number } {
  const c = {
    t: startMs,
    now: () => c.t,
    sleep: async (ms: number) => {
      const wake = c.t + Math.max(0, ms);
      await Promise.resolve();
      c.t = Math.max(c.t, wake);
    },
  };
  return c;
}

async function gapFill(): Promise<BenchResult[]> {
  const start = Date.UTC(2025, 5, 2, 8, 0);
  const clock = simulatedClock(start);
  const emu = await new SlackEmulator({ clock, enforceTiers: true }).start();
  const conversations = 300;
  try {
    for (let i = 0; i < conversations; i += 1) {
      emu.addUser({ id: `U${i}`, name: `Person ${i}`, email: `p${i}@example.com` });
      emu.addChannel({ id: `D${i}`, name: `D${i}`, type: 'im', user: `U${i}` });
    }
    const ctx = makeSourceContext({
      config: { kind: 'slack', slack: slackConfigSchema.parse({}) },
      now: () => clock.now(),
    });
    await ctx.secrets.set(ctx.account.id, emu.secret);
    const lastSeen = (start / 1000).toFixed(6);
    ctx.cursors.set('since', lastSeen);
    ctx.cursors.set('conversations', JSON.stringify([...Array(conversations).keys()].map((i) => `D${i}`)));
    for (let i = 0; i < conversations; i += 1) ctx.cursors.set(`ts:D${i}`, lastSeen);
    // One hour offline: 1 to 3 messages in every conversation.
    let posted = 0;
    for (let minute = 1; minute <= 60; minute += 1) {
      clock.t = start + minute * 60_000;
      for (let i = minute % 5; i < conversations; i += 5) {
        for (let k = 0; k < 1 + (i % 3) && posted < 10_000; k += 1) {
          emu.post(`D${i}`, { user: `U${i}`, text: `while away ${i}.${minute}.${k}` }, { live: false });
          posted += 1;
        }
      }
    }
    const offlineEnd = clock.t;
    const calls0 = emu.callLog.length;
    const source = makeSlackSourceModule({
      slackApiUrl: emu.apiUrl,
      clock,
      clientPingTimeoutMs: 5000,
    }).create(ctx) as SlackSource;
    await source.start();
    const ok = await until(() => ctx.items.length >= posted, 120_000);
    const simulatedMin = (clock.t - offlineEnd) / 60_000;
    const calls = emu.callLog.length - calls0;
    const history = emu.callLog.slice(calls0).filter((c) => c.method === 'conversations.history').length;
    await source.stop();
    // Tier 3 allows 50 calls a minute: the least time 300 history calls can take is about 5 minutes.
    const floorMin = Math.max(0, (history - 50) / 50);
    return [
      below('chat.slack.gapfill.429s', emu.rateLimitedAnswers, 'answers', 1),
      below('chat.slack.gapfill.lost', ok ? 0 : posted - ctx.items.length, 'messages', 1),
      info('chat.slack.gapfill.messages', posted, 'messages'),
      info('chat.slack.gapfill.calls', calls, 'calls'),
      info('chat.slack.gapfill.history-calls', history, 'calls'),
      info('chat.slack.gapfill.simulated-time', simulatedMin, 'min'),
      info('chat.slack.gapfill.tier3-floor', floorMin, 'min'),
    ];
  } finally {
    await emu.stop();
  }
}

export const suite: BenchSuite = {
  name: 'chat',
  async run() {
    setLogSink(() => undefined);
    return [...(await eventToDecision()), ...(await reconnectStorm()), ...(await gapFill())];
  },
};
