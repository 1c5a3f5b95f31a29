/**
 * Core decisions per second on one core: 500 rules holding 5,000 whitelisted senders and 200
 * keywords, over a realistic mix of items (most from strangers, some VIPs, some keywords, bulk mail).
 * Each decision includes what the engine does around it: person key, contact record, decide.
 */
import type { BenchSuite } from '../harness';
import { atLeast, info } from '../harness';
import { cleanItem } from '../../electron/core/clean';
import { BreakthroughLog, ContactWindow } from '../../electron/core/contacts';
import { defaultSettings, EMPTY_MATCH } from '../../electron/core/defaults';
import { focusStateAt } from '../../electron/core/schedule';
import { personKeyOf } from '../../electron/core/person';
import { compileRules, decide, isBreakthrough } from '../../electron/core/rules';
import type { DecideContext } from '../../electron/core/rules';
import type { FocusState, HintName, ItemInput, Rule, SourceKind } from '../../electron/core/types';

const NOW = Date.UTC(2025, 5, 4, 10);

/** User + system CPU time of this process, in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Deterministic PRNG so every run measures the same work. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the quarterly report meeting tomorrow please review attached invoice project update deadline team lunch friday notes draft proposal budget schedule call agenda feedback release build deploy customer ticket sprint planning design roadmap hiring interview offer contract renewal security patch'.split(
    ' ',
  );

function buildRules(rand: () => number): { rules: Rule[]; senders: string[]; keywords: string[] } {
  const rules: Rule[] = [];
  const senders: string[] = [];
  const keywords: string[] = [];
  const empty = EMPTY_MATCH;
  for (let i = 0; i < 500; i++) {
    const s: string[] = [];
    for (let j = 0; j < 10; j++) {
      const addr = j === 9 && i % 10 === 0 ? `@corp${i}.example` : `person${i}-${j}@company${i % 50}.example`;
      s.push(addr);
      if (!addr.startsWith('@')) senders.push(addr);
    }
    const k: string[] = [];
    if (i < 100) {
      // 200 keywords: single words and two-word phrases.
      k.push(`urgent${i}`, i % 2 === 0 ? `incident ${i}` : `sev${i} outage`);
      keywords.push(...k);
    }
    const hints: HintName[] = i % 50 === 7 ? ['dm'] : [];
    rules.push({
      id: `r${i}`,
      name: `Rule ${i}`,
      enabled: i % 25 !== 3,
      match: { ...empty, senders: s, keywords: k, hints },
      action: i % 7 === 0 ? 'hold' : i % 11 === 0 ? 'mute' : 'deliver',
      limitPerHour: i % 3 === 0 ? 5 : null,
    });
  }
  // A few hint-only and repeat rules, as users have.
  rules.unshift({
    id: 'news',
    name: 'Newsletters',
    enabled: true,
    match: { ...empty, hints: ['bulk'] },
    action: 'hold',
    limitPerHour: null,
  });
  rules.push({
    id: 'repeat',
    name: 'Repeat',
    enabled: true,
    match: { ...empty, repeat: { count: 3, withinMin: 5 } },
    action: 'deliver',
    limitPerHour: 3,
  });
  void rand;
  return { rules, senders, keywords };
}

function buildItems(rand: () => number, senders: string[], keywords: string[], n: number): ItemInput[] {
  const items: ItemInput[] = [];
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)] as T;
  const sentence = (words: number): string => Array.from({ length: words }, () => pick(WORDS)).join(' ');
  const sources: SourceKind[] = ['imap', 'imap', 'imap', 'slack', 'teams'];
  for (let i = 0; i < n; i++) {
    const r = rand();
    const source = pick(sources);
    let address: string;
    if (r < 0.15) address = pick(senders);
    else if (r < 0.2)
      address = `someone${Math.floor(rand() * 1000)}@mail.corp${Math.floor(rand() * 50) * 10}.example`;
    else if (source === 'imap') address = `stranger${Math.floor(rand() * 5000)}@example.org`;
    else address = `u${Math.floor(rand() * 100000)}`;
    let title = sentence(4 + Math.floor(rand() * 6));
    const preview = sentence(15 + Math.floor(rand() * 20));
    if (rand() < 0.08) title = `${title} ${pick(keywords)} ${sentence(2)}`;
    if (rand() < 0.05) title = `Ré: ${title} — Größe`;
    items.push({
      accountId: `acct${i % 3}`,
      source,
      externalId: `id-${i}`,
      threadKey: `t-${i % 500}`,
      sender: { name: 'Some Body', address },
      title,
      preview,
      receivedAtMs: NOW,
      link: '',
      altLink: '',
      hints: {
        dm: rand() < 0.2,
        mention: rand() < 0.1,
        myThread: rand() < 0.1,
        bulk: rand() < 0.15,
        cc: rand() < 0.2,
        bot: false,
      },
      container: source === 'imap' ? 'INBOX' : '#general',
    });
  }
  return items;
}

export const suite: BenchSuite = {
  name: 'core',
  run() {
    const rand = rng(42);
    const { rules, senders, keywords } = buildRules(rand);
    const t0 = performance.now();
    const compiled = compileRules(rules);
    const compileMs = performance.now() - t0;
    const items = buildItems(rand, senders, keywords, 20_000);
    const focus: FocusState = {
      on: true,
      untilMs: NOW + 3_600_000,
      origin: 'schedule',
      paused: false,
      pausedUntilMs: null,
    };
    const contacts = new ContactWindow();
    const breakthroughs = new BreakthroughLog();
    let delivered = 0;
    // Items arrive every 20 ms of simulated time: a busy inbox, so contact windows stay realistic.
    const pass = (startMs: number): void => {
      let now = startMs;
      for (const item of items) {
        now += 20;
        const personKey = personKeyOf(item.sender, item.source);
        contacts.record(personKey, now);
        const ctx: DecideContext = { focus, outsideFocus: 'deliver', personKey, contacts, breakthroughs };
        const d = decide(compiled, item, ctx, now);
        if (isBreakthrough(d)) {
          breakthroughs.record(d.ruleId, personKey, now);
          delivered++;
        }
      }
    };
    // Warm up, then measure whole passes for about a second.
    pass(NOW);
    let n = 0;
    let now = NOW + 1;
    // CPU time of this process, not wall time: "on one core" even when the machine is shared.
    const start = cpuMs();
    let elapsed = 0;
    while (elapsed < 1500) {
      now += items.length * 20;
      pass(now);
      n += items.length;
      elapsed = cpuMs() - start;
    }
    const perSec = (n / elapsed) * 1000;

    // The cleaner runs on every ingested item before the decision.
    let cleaned = 0;
    const cleanStart = cpuMs();
    while (cpuMs() - cleanStart < 500) {
      for (const item of items) if (cleanItem(item, NOW).ok) cleaned++;
    }
    const cleanPerSec = (cleaned / (cpuMs() - cleanStart)) * 1000;

    // Focus state is asked on every ingest; the schedule expansion is memoized.
    const settings = defaultSettings('Europe/Berlin');
    const overrides = { manualUntilMs: null, endedBlockUntilMs: null, pausedUntilMs: null };
    const focusStart = cpuMs();
    const focusCalls = 20_000;
    for (let i = 0; i < focusCalls; i++) focusStateAt(settings.schedule, overrides, NOW + i * 30_000);
    const focusUs = ((cpuMs() - focusStart) * 1000) / focusCalls;

    return Promise.resolve([
      atLeast('core.decisions', perSec, 'items/s', 300_000),
      info('core.clean', cleanPerSec, 'items/s'),
      info('core.focus_state', focusUs, 'us/call'),
      info('core.compile_rules', compileMs, 'ms'),
      info('core.breakthrough_share', (delivered / (n + items.length)) * 100, '%'),
    ]);
  },
};
