/**
 * Realistic sample notifications for the demo source. Every one is labelled as demo: the account is
 * named "Demo", titles start with "[Demo]", and links point at example.com.
 */
import type { HintName, ItemInput, SourceKind } from '../../../core/types';

interface Person {
  readonly name: string;
  readonly address: string;
}

const PEOPLE: readonly Person[] = [
  { name: 'Maya Chen', address: 'maya.chen@example.com' },
  { name: 'Jonas Weber', address: 'jonas@example.org' },
  { name: 'Priya Raman', address: 'priya@example.com' },
  { name: 'Tom Okafor', address: 'tom.okafor@example.net' },
  { name: 'Lena Novak', address: 'lena@example.com' },
];
const BOSS: Person = { name: 'Ada Park (CEO)', address: 'ada@example.com' };
const NEWSLETTERS: readonly Person[] = [
  { name: 'Product Weekly', address: 'news@weekly.example.com' },
  { name: 'Design Digest', address: 'digest@example.org' },
];

const THREADS: readonly { title: string; preview: string }[] = [
  {
    title: 'Q3 roadmap draft',
    preview: 'I pushed the draft to the shared folder, can you look at section 2 before Thursday?',
  },
  { title: 'Lunch on Friday?', preview: 'The new ramen place opened around the corner. 12:30 works for me.' },
  {
    title: 'Re: flaky integration test',
    preview: 'Looks like the retry masks a real race in the session cache. I have a fix.',
  },
  {
    title: 'Design review notes',
    preview: 'Summary: we keep the tray menu short and move pause into a submenu.',
  },
  {
    title: 'Invoice #4821',
    preview: 'Please find the invoice for October attached. Payment terms are 30 days.',
  },
  {
    title: 'Offsite agenda',
    preview: 'Day one is planning, day two is hacking. Bring ideas for the demo session.',
  },
];
const URGENT: readonly { title: string; preview: string }[] = [
  {
    title: 'Production outage: checkout failing',
    preview: 'Error rate is at 40% since 10:02. Need you on the bridge now.',
  },
  {
    title: 'Can you call me?',
    preview: 'Need a decision on the contract before the client meeting in 20 minutes.',
  },
];

/** Deterministic pseudo-random numbers, so a demo session can be replayed in tests. */
export function makeRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length) % list.length] as T;
}

function hints(on: readonly HintName[]): Record<HintName, boolean> {
  return {
    dm: on.includes('dm'),
    mention: on.includes('mention'),
    myThread: on.includes('myThread'),
    bulk: on.includes('bulk'),
    cc: on.includes('cc'),
    bot: on.includes('bot'),
  };
}

/** The n-th demo notification. About 1 in 12 is urgent, 1 in 5 a newsletter, a third are chat. */
export function demoItem(accountId: string, n: number, nowMs: number, random: () => number): ItemInput {
  const roll = random();
  const chat = random() < 0.35;
  const source: SourceKind = 'demo';
  const id = `demo-${nowMs.toString(36)}-${n}`;
  const link = `https://example.com/lull-demo/${id}`;
  if (roll < 0.08) {
    const u = pick(URGENT, random);
    return {
      accountId,
      source,
      externalId: id,
      threadKey: `demo-urgent-${n}`,
      sender: BOSS,
      title: `[Demo] ${u.title}`,
      preview: u.preview,
      receivedAtMs: nowMs,
      link,
      altLink: '',
      hints: hints(chat ? ['dm'] : []),
      container: chat ? 'Demo chat' : 'Demo inbox',
    };
  }
  if (roll < 0.28) {
    const p = pick(NEWSLETTERS, random);
    return {
      accountId,
      source,
      externalId: id,
      threadKey: `demo-news-${p.address}-${n}`,
      sender: p,
      title: `[Demo] ${p.name}: this week in review`,
      preview: 'Five stories we think you will like, plus the tools our readers loved this month.',
      receivedAtMs: nowMs,
      link,
      altLink: '',
      hints: hints(['bulk']),
      container: 'Demo inbox',
    };
  }
  const person = pick(PEOPLE, random);
  const t = pick(THREADS, random);
  return {
    accountId,
    source,
    externalId: id,
    threadKey: `demo-thread-${t.title}`,
    sender: person,
    title: `[Demo] ${t.title}`,
    preview: t.preview,
    receivedAtMs: nowMs,
    link,
    altLink: '',
    hints: hints(chat ? (random() < 0.3 ? ['mention'] : ['dm']) : random() < 0.2 ? ['cc'] : []),
    container: chat ? 'Demo chat' : 'Demo inbox',
  };
}
