import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ItemInput } from '../../../electron/core/types';
import { dispatch } from '../../../electron/shared/dispatch';
import { ValidationError } from '../../../electron/shared/validate';
import type { TestEngine } from '../../support/engine';
import { makeTestEngine } from '../../support/engine';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Monday 2 June 2025, 08:00 UTC: before the default 09:00 focus block. */
const MONDAY_8 = Date.UTC(2025, 5, 2, 8, 0);

let n = 0;
function item(partial: Partial<ItemInput> = {}): ItemInput {
  n += 1;
  return {
    accountId: 'acct',
    source: 'imap',
    externalId: `m-${n}`,
    threadKey: `t-${n}`,
    sender: { name: 'Sam', address: `sam${n}@example.com` },
    title: `Hello ${n}`,
    preview: 'Just checking in.',
    receivedAtMs: MONDAY_8,
    link: 'message:%3Cx%40example.com%3E',
    altLink: '',
    hints: { dm: false, mention: false, myThread: false, bulk: false, cc: false, bot: false },
    container: 'INBOX',
    ...partial,
  };
}

let t: TestEngine;
afterEach(async () => {
  await t.cleanup();
});

async function held(): Promise<number> {
  return (await t.engine.api.getState({})).heldCount;
}

describe('Engine', () => {
  it('delivers outside focus and holds during a scheduled block, with a reason', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.ingest([item()]);
    expect(t.events.some((e) => e.name === 'delivered')).toBe(true);

    t.clock.now = MONDAY_8 + 1.5 * HOUR; // 09:30, inside 09:00-12:00
    await t.engine.tick();
    const state = await t.engine.api.getState({});
    expect(state.focus).toMatchObject({ on: true, origin: 'schedule', untilMs: Date.UTC(2025, 5, 2, 12, 0) });
    await t.engine.ingest([item(), item()]);
    expect(await held()).toBe(2);
    const [first] = await t.engine.api.listItems({ state: 'held' });
    expect(first?.decision.action).toBe('hold');
    expect(first?.decision.reason.length).toBeGreaterThan(5);
  });

  it('lets a whitelisted sender through during focus, and undo removes the rule', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 50 });
    const { previousVersion } = await t.engine.api.addSenderRule({
      address: 'Boss@Example.com',
      action: 'deliver',
    });
    await t.engine.ingest([item({ sender: { name: 'Boss', address: 'boss@example.com' } })]);
    const delivered = t.events.filter((e) => e.name === 'delivered');
    expect(delivered).toHaveLength(1);
    expect(await held()).toBe(0);

    await t.engine.api.restoreRules({ version: previousVersion });
    await t.engine.ingest([item({ sender: { name: 'Boss', address: 'boss@example.com' } })]);
    expect(await held()).toBe(1);
  });

  it('releases every held item once on release now, and never makes an empty batch', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 25 });
    await t.engine.ingest([
      item(),
      item(),
      item({ sender: { name: 'Sam', address: 'same@example.com' } }),
      item({ sender: { name: 'Sam', address: 'same@example.com' } }),
    ]);
    const batch = await t.engine.api.releaseNow({});
    expect(batch).toMatchObject({ itemCount: 4, peopleCount: 3, trigger: 'manual' });
    expect(await held()).toBe(0);
    expect(await t.engine.api.releaseNow({})).toBeNull();
    const items = await t.engine.api.listItems({ batchId: batch?.id ?? -1 });
    expect(items).toHaveLength(4);
    expect(t.events.filter((e) => e.name === 'batch')).toHaveLength(1);
  });

  it('catches up a missed slot once after sleep, then follows the cadence', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ untilMs: MONDAY_8 + 20 * HOUR });
    await t.engine.ingest([item(), item()]);
    t.clock.now = MONDAY_8 + 7 * HOUR + 10 * MIN; // slept through the 09:00, 12:00 and 15:00 slots
    await t.engine.wake();
    await t.engine.tick();
    const batches = await t.engine.api.listBatches({});
    expect(batches).toHaveLength(1);
    expect(batches[0]?.trigger).toBe('catch-up');
    await t.engine.ingest([item()]);
    await t.engine.tick();
    expect(await held()).toBe(1);
  });

  it('releases at the hard cap even when no slot is due', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    const settings = await t.engine.api.getSettings({});
    await t.engine.api.setSettings({
      ...settings,
      batching: {
        ...settings.batching,
        cadence: { kind: 'times', times: ['23:00'] },
        maxWaitMin: 30,
        releaseAtFocusEnd: false,
      },
    });
    await t.engine.api.startFocus({ minutes: 600 });
    await t.engine.ingest([item()]);
    t.clock.now += 31 * MIN;
    await t.engine.tick();
    const [batch] = await t.engine.api.listBatches({});
    expect(batch?.trigger).toBe('cap');
  });

  it('dedupes by account and external id', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 50 });
    const one = item();
    const r1 = await t.engine.ingest([one, one]);
    const r2 = await t.engine.ingest([one]);
    expect(r1.inserted + r2.inserted).toBe(1);
    expect(await held()).toBe(1);
  });

  it('opens an item by its link, or by its second link when asked, through the contract', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    const web = 'https://mail.google.com/mail/u/0/#search/rfc822msgid%3Ax%40example.com';
    await t.engine.ingest([item({ link: web, altLink: 'message:%3Cx%40example.com%3E' }), item()]);
    const items = await t.engine.api.listItems({});
    const both = items.find((i) => i.link === web);
    const plain = items.find((i) => i.link !== web);
    expect(both?.altLink).toBe('message:%3Cx%40example.com%3E');
    expect(plain?.altLink).toBe('');
    const open = (input: unknown) => dispatch(t.engine.api, 'openItem', input);
    expect(await open({ id: both!.id })).toEqual({ link: web });
    expect(await open({ id: both!.id, alt: true })).toEqual({ link: 'message:%3Cx%40example.com%3E' });
    expect(await open({ id: plain!.id, alt: true })).toEqual({ link: '' });
    await expect(open({ id: both!.id, alt: 'yes' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('cleans hostile fields and counts unusable items as rejected', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 50 });
    const huge = 'x'.repeat(1_000_000);
    const r = await t.engine.ingest([
      item({ title: `\u202Egnp.exe\u0000 ${huge}`, receivedAtMs: Number.NaN, sender: undefined as never }),
      item({ externalId: undefined as never }),
    ]);
    expect(r).toMatchObject({ inserted: 1, rejected: 1 });
    const [stored] = await t.engine.api.listItems({});
    expect(stored?.title.length).toBeLessThanOrEqual(501);
    expect(stored?.title.includes('\u202E')).toBe(false);
    expect(stored?.title.includes(String.fromCharCode(0))).toBe(false);
    expect(stored?.receivedAtMs).toBe(MONDAY_8);
    expect(stored?.sender.name.length).toBeGreaterThan(0);
  });

  it('breaks through when the same person tries three times in five minutes', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 50 });
    const from = { name: 'Kim', address: 'kim@example.com' };
    await t.engine.ingest([item({ sender: from })]);
    t.clock.now += MIN;
    await t.engine.ingest([item({ sender: from })]);
    t.clock.now += MIN;
    await t.engine.ingest([item({ sender: from })]);
    const delivered = t.events.filter((e) => e.name === 'delivered');
    expect(delivered).toHaveLength(1);
    expect(await held()).toBe(2);
  });

  it('counts tries by external ids as stored: over-long ids are new once, re-sends never', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 50 });
    const from = { name: 'Kim', address: 'kim@example.com' };
    // Ids past the cleaner's bound are stored cut and hashed; what counts as new is judged on those.
    const long = (k: number): string => `${'x'.repeat(1500)}-${k}`;
    await t.engine.ingest([item({ sender: from, externalId: long(1) })]);
    t.clock.now += MIN;
    await t.engine.ingest([
      item({ sender: from, externalId: long(1) }),
      item({ sender: from, externalId: long(1) }),
    ]);
    t.clock.now += MIN;
    await t.engine.ingest([item({ sender: from, externalId: long(2) })]);
    expect(t.events.filter((e) => e.name === 'delivered')).toHaveLength(0);
    t.clock.now += MIN;
    await t.engine.ingest([item({ sender: from, externalId: long(3) })]);
    expect(t.events.filter((e) => e.name === 'delivered')).toHaveLength(1);
    expect(await held()).toBe(2);
  });

  it('marks items read elsewhere done by their ids as stored, and tells the UI once', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 50 });
    // Over-long and control-laden ids are stored cleaned; the source reports them raw.
    const long = `<${'x'.repeat(1500)}@example.com>`;
    const odd = 'odd\u0007id@example.com';
    await t.engine.ingest([item({ externalId: long }), item({ externalId: odd }), item()]);
    expect(await held()).toBe(3);
    const told: number[] = [];
    t.events.length = 0;
    expect(t.engine.readElsewhere('acct', [long, odd, 'never-seen'])).toBe(2);
    expect(t.engine.readElsewhere('acct', [long])).toBe(0);
    expect(t.engine.readElsewhere('other-account', [odd])).toBe(0);
    for (const e of t.events)
      if (e.name === 'readElsewhere') told.push(...(e.payload as { ids: number[] }).ids);
    const done = (await t.engine.api.listItems({ includeDone: true })).filter((i) => i.done);
    expect(told.sort()).toEqual(done.map((i) => i.id).sort());
    expect(done).toHaveLength(2);
    expect(await held()).toBe(1);
    const batch = await t.engine.api.releaseNow({});
    expect(batch?.itemCount).toBe(1);
  });

  it('mail the source says is read already raises no notification, and is never counted as held', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 }); // outside focus: mail is delivered
    const seen = item();
    const unseen = item();
    await t.engine.ingest([seen, unseen], undefined, { read: new Set([seen.externalId]) });
    const delivered = t.events.filter((e) => e.name === 'delivered');
    expect(delivered.map((e) => (e.payload as { item: { externalId: string } }).item.externalId)).toEqual([
      unseen.externalId,
    ]);
    await t.engine.api.startFocus({ minutes: 50 });
    const heldSeen = item();
    await t.engine.ingest([heldSeen, item()], undefined, { read: new Set([heldSeen.externalId]) });
    expect(await held()).toBe(1);
    const done = (await t.engine.api.listItems({ includeDone: true })).filter((i) => i.done);
    expect(done.map((i) => i.externalId)).toEqual([heldSeen.externalId]);
  });

  it('counts a hand-linked chat handle and email as one person for the repeat rule', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 50 });
    await t.engine.api.linkPeople({ addresses: ['U42KIM', 'kim@example.com'] });
    const chat = { source: 'slack' as const, accountId: 'slack', sender: { name: 'Kim', address: 'U42KIM' } };
    await t.engine.ingest([item(chat)]);
    t.clock.now += MIN;
    await t.engine.ingest([item(chat)]);
    expect(t.events.filter((e) => e.name === 'delivered')).toHaveLength(0);
    t.clock.now += MIN;
    await t.engine.ingest([item({ sender: { name: 'Kim', address: 'kim@example.com' } })]);
    expect(t.events.filter((e) => e.name === 'delivered')).toHaveLength(1);
    const [latest] = await t.engine.api.listItems({ state: 'delivered' });
    expect(latest?.personKey).toBe('kim@example.com');
  });

  it('refuses an invalid cron with the field path and saves nothing', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    const before = await t.engine.api.getSettings({});
    const bad = {
      ...before,
      batching: { ...before.batching, cadence: { kind: 'cron' as const, expr: '61 * * * *' } },
    };
    await expect(t.engine.api.setSettings(bad)).rejects.toBeInstanceOf(ValidationError);
    await expect(dispatch(t.engine.api, 'setSettings', bad)).rejects.toMatchObject({
      problems: [{ path: 'batching.cadence.expr' }],
    });
    expect(await t.engine.api.getSettings({})).toEqual(before);
    const preview = await t.engine.api.previewCadence({
      cadence: { kind: 'every', hours: 3 },
      timeZone: 'UTC',
      count: 5,
    });
    expect(preview.nextMs).toEqual([9, 12, 15, 18, 21].map((h) => Date.UTC(2025, 5, 2, h, 0)));
  });

  it('refuses a rule that can never match, naming the field', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    const before = await t.engine.api.getRules({});
    const bad = {
      id: 'x',
      name: 'Bad',
      enabled: true,
      action: 'deliver' as const,
      limitPerHour: null,
      match: {
        senders: [],
        keywords: ['!!!'],
        hints: [],
        accounts: [],
        containers: [],
        sources: [],
        repeat: null,
      },
    };
    await expect(t.engine.api.setRules({ rules: [bad] })).rejects.toMatchObject({
      problems: [{ path: 'rules.0.match.keywords.0' }],
    });
    expect((await t.engine.api.getRules({})).version).toBe(before.version);
  });

  it('keeps held items, focus and rules across a restart', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 90 });
    await t.engine.api.addSenderRule({ address: 'vip@example.com', action: 'deliver' });
    await t.engine.ingest([item(), item()]);
    await t.reopen();
    const state = await t.engine.api.getState({});
    expect(state.heldCount).toBe(2);
    expect(state.focus).toMatchObject({ on: true, origin: 'manual', untilMs: MONDAY_8 + 90 * MIN });
    const rules = await t.engine.api.getRules({});
    expect(rules.rules.find((r) => r.id === 'vips')?.match.senders).toContain('vip@example.com');
  });

  it('snoozed items come back in the next batch exactly once', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 90 });
    await t.engine.ingest([item(), item()]);
    const first = await t.engine.api.releaseNow({});
    const items = await t.engine.api.listItems({ batchId: first?.id ?? -1 });
    await t.engine.api.snooze({ ids: [items[0]?.id ?? -1] });
    expect(await held()).toBe(1);
    const second = await t.engine.api.releaseNow({});
    expect(second?.itemCount).toBe(1);
    expect(await t.engine.api.releaseNow({})).toBeNull();
  });

  it('pause holds even whitelisted senders; resume lets them through again', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.addSenderRule({ address: 'boss@example.com', action: 'deliver' });
    await t.engine.api.pause({ untilMs: MONDAY_8 + HOUR });
    await t.engine.ingest([item({ sender: { name: 'Boss', address: 'boss@example.com' } })]);
    expect(await held()).toBe(1);
    const [one] = await t.engine.api.listItems({ state: 'held' });
    expect(one?.decision.ruleId).toBe('paused');
    await t.engine.api.resume({});
    await t.engine.ingest([item({ sender: { name: 'Boss', address: 'boss@example.com' } })]);
    expect(t.events.filter((e) => e.name === 'delivered')).toHaveLength(1);
  });

  it('keeps secrets out of the database file', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8, autoStartSources: false });
    const secret = 'hunter2-very-secret-app-password';
    const account = await t.engine.api.addAccount({
      name: 'Work',
      enabled: false,
      config: {
        kind: 'imap',
        imap: { host: 'imap.example.com', port: 993, security: 'tls', username: 'me@example.com' } as never,
      },
      secret,
    });
    expect(t.secrets.entries.get(account.id)).toBe(secret);
    await t.engine.close();
    for (const suffix of ['', '-wal']) {
      if (!existsSync(t.dbPath + suffix)) continue;
      expect(readFileSync(t.dbPath + suffix, 'latin1').includes(secret)).toBe(false);
    }
  });

  it('replays a proposed rule set against stored items', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    await t.engine.api.startFocus({ minutes: 90 });
    await t.engine.ingest([
      item({ sender: { name: 'Ops', address: 'ops@example.com' }, title: 'Outage in eu-west' }),
      item(),
    ]);
    const current = await t.engine.api.getRules({});
    const report = await t.engine.api.replay({
      days: 7,
      rules: [
        ...current.rules,
        {
          id: 'outage',
          name: 'Outages',
          enabled: true,
          action: 'deliver',
          limitPerHour: null,
          match: {
            senders: [],
            keywords: ['outage'],
            hints: [],
            accounts: [],
            containers: [],
            sources: [],
            repeat: null,
          },
        },
      ],
    });
    expect(report.itemsConsidered).toBe(2);
    expect(report.wouldBreakThrough).toBe(1);
    expect(report.changes[0]?.after.ruleId).toBe('outage');
  });

  it('runs the demo source when asked, clearly labelled', async () => {
    t = await makeTestEngine({ startMs: MONDAY_8 });
    const state = await t.engine.api.setDemo({ enabled: true });
    expect(state.demo).toBe(true);
    expect(state.accounts.find((a) => a.id === 'demo')?.name).toBe('Demo');
    const items = await t.engine.api.listItems({ includeDone: true, state: 'delivered' });
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]?.title.startsWith('[Demo]')).toBe(true);
    await t.engine.api.setDemo({ enabled: false });
    expect((await t.engine.api.getState({})).accounts).toHaveLength(0);
  });
});
