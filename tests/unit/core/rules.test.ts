import { describe, expect, it } from 'vitest';
import { BreakthroughLog, ContactWindow } from '../../../electron/core/contacts';
import {
  FULL_TRACE_MAX_RULES,
  TRACE_OTHERS_ID,
  compileRules,
  completeSample,
  decide,
  isBreakthrough,
  ruleProblems,
} from '../../../electron/core/rules';
import type { DecideContext } from '../../../electron/core/rules';
import { personKeyOf } from '../../../electron/core/person';
import type { FocusState, ItemInput, Rule } from '../../../electron/core/types';
import { FIXED_NOW_MS, makeItem, makeRule } from '../../support/factories';

const FOCUS_ON: FocusState = {
  on: true,
  untilMs: FIXED_NOW_MS + 3_600_000,
  origin: 'schedule',
  paused: false,
  pausedUntilMs: null,
};
const FOCUS_OFF: FocusState = {
  on: false,
  untilMs: null,
  origin: 'none',
  paused: false,
  pausedUntilMs: null,
};
const PAUSED: FocusState = { ...FOCUS_ON, paused: true, pausedUntilMs: FIXED_NOW_MS + 60_000 };

function ctx(partial: Partial<DecideContext> = {}, item?: ItemInput): DecideContext {
  return {
    focus: FOCUS_ON,
    outsideFocus: 'deliver',
    personKey: item ? personKeyOf(item.sender, item.source) : 'alice@example.com',
    contacts: new ContactWindow(),
    breakthroughs: new BreakthroughLog(),
    ...partial,
  };
}

function run(rules: Rule[], item: ItemInput, c: Partial<DecideContext> = {}) {
  return decide(compileRules(rules), item, ctx(c, item), FIXED_NOW_MS);
}

describe('decide: defaults when no rule matches', () => {
  it('holds during focus', () => {
    expect(run([], makeItem())).toEqual({
      action: 'hold',
      ruleId: 'focus-default',
      reason: 'Held for the next batch: focus is on and no rule lets it through',
      trace: [],
      inFocus: true,
    });
  });

  it('outside focus delivers live, or keeps batching', () => {
    expect(run([], makeItem(), { focus: FOCUS_OFF })).toMatchObject({
      action: 'deliver',
      ruleId: 'outside-focus',
      inFocus: false,
    });
    expect(run([], makeItem(), { focus: FOCUS_OFF, outsideFocus: 'batch' })).toMatchObject({
      action: 'hold',
      ruleId: 'batching',
      inFocus: false,
    });
  });

  it('holds everything while paused, even outside focus', () => {
    expect(run([], makeItem(), { focus: { ...FOCUS_OFF, paused: true, pausedUntilMs: 1 } })).toMatchObject({
      action: 'hold',
      ruleId: 'paused',
    });
  });
});

describe('decide: senders', () => {
  const vips = makeRule({
    id: 'vips',
    name: 'VIPs',
    match: { senders: ['CEO@Acme.com', '@partner.org', 'U123ABC'] },
  });

  it('matches exact addresses case-insensitively, with a readable reason and trace', () => {
    const d = run([vips], makeItem({ sender: { address: 'ceo@acme.com' } }));
    expect(d).toEqual({
      action: 'deliver',
      ruleId: 'vips',
      reason: "Breaks through (rule 'VIPs'): sender ceo@acme.com is on the list",
      trace: [{ ruleId: 'vips', matched: true, note: 'sender ceo@acme.com is on the list' }],
      inFocus: true,
    });
  });

  it('matches @domain and its subdomains, not look-alikes', () => {
    expect(run([vips], makeItem({ sender: { address: 'bob@partner.org' } })).action).toBe('deliver');
    expect(run([vips], makeItem({ sender: { address: 'bob@mail.partner.org' } })).trace[0]?.note).toBe(
      'sender bob@mail.partner.org is in @partner.org',
    );
    expect(run([vips], makeItem({ sender: { address: 'bob@evilpartner.org' } })).action).toBe('hold');
    expect(run([vips], makeItem({ sender: { address: 'partner.org@evil.com' } })).action).toBe('hold');
  });

  it('matches chat user ids and handles', () => {
    expect(run([vips], makeItem({ source: 'slack', sender: { address: 'u123abc' } })).action).toBe('deliver');
    const handles = makeRule({ match: { senders: ['@alice'] } });
    expect(run([handles], makeItem({ source: 'slack', sender: { address: 'alice' } })).action).toBe(
      'deliver',
    );
    expect(run([handles], makeItem({ source: 'slack', sender: { address: '@alice' } })).action).toBe(
      'deliver',
    );
  });

  it('notes a miss', () => {
    expect(run([vips], makeItem()).trace).toEqual([
      { ruleId: 'vips', matched: false, note: 'sender alice@example.com is not on the list' },
    ]);
  });
});

describe('decide: keywords', () => {
  const urgent = makeRule({
    id: 'urgent',
    name: 'Urgent',
    match: { keywords: ['outage', 'prod down', 'Ärger', '緊急'] },
  });

  it('finds whole words and phrases in title or preview, case-insensitively', () => {
    expect(run([urgent], makeItem({ title: 'OUTAGE in eu-west' })).trace[0]).toEqual({
      ruleId: 'urgent',
      matched: true,
      note: "keyword 'outage' found",
    });
    expect(run([urgent], makeItem({ title: 'fyi', preview: 'looks like Prod   down again' })).action).toBe(
      'deliver',
    );
    expect(run([urgent], makeItem({ title: 'outages report' })).action).toBe('hold');
    expect(run([urgent], makeItem({ title: 'production down' })).action).toBe('hold');
  });

  it('does not join a phrase across title and preview', () => {
    expect(run([urgent], makeItem({ title: 'prod', preview: 'down' })).action).toBe('hold');
  });

  it('is Unicode-aware: NFKC, case folding and scripts without spaces', () => {
    expect(run([urgent], makeItem({ title: 'Großer ÄRGER heute' })).action).toBe('deliver');
    // Decomposed Ä (A + combining diaeresis) normalizes to the same word.
    expect(run([urgent], makeItem({ title: 'A\u0308rger' })).action).toBe('deliver');
    // Fullwidth letters fold under NFKC.
    expect(run([urgent], makeItem({ title: 'ｏｕｔａｇｅ' })).action).toBe('deliver');
    expect(run([urgent], makeItem({ title: 'サーバー緊急停止' })).action).toBe('deliver');
    expect(run([urgent], makeItem({ title: 'Ärgerlich' })).action).toBe('hold');
  });

  it('treats regex characters in keywords as plain text', () => {
    const r = makeRule({ match: { keywords: ['a.*b', '(x+)+y'] } });
    expect(run([r], makeItem({ title: 'a.*b' })).action).toBe('deliver');
    expect(run([r], makeItem({ title: 'axxxb' })).action).toBe('hold');
    expect(run([r], makeItem({ title: 'x'.repeat(5000) + '!' })).action).toBe('hold');
  });
});

describe('decide: hints, scopes and AND across fields', () => {
  it('requires every listed hint', () => {
    const r = makeRule({ match: { hints: ['dm', 'mention'] } });
    expect(run([r], makeItem({ hints: { dm: true } })).trace[0]).toEqual({
      ruleId: r.id,
      matched: false,
      note: 'item does not mention you',
    });
    expect(run([r], makeItem({ hints: { dm: true, mention: true } })).action).toBe('deliver');
  });

  it('limits by account, container (case-insensitive) and source', () => {
    const r = makeRule({ match: { accounts: ['work'], containers: ['#Incidents'], sources: ['slack'] } });
    const ok = makeItem({ accountId: 'work', container: '#incidents', source: 'slack' });
    expect(run([r], ok).action).toBe('deliver');
    expect(run([r], { ...ok, accountId: 'home' }).trace[0]?.note).toBe('account home is not in scope');
    expect(run([r], { ...ok, container: '#random' }).trace[0]?.note).toBe('#random is not in scope');
    expect(run([r], { ...ok, source: 'imap' }).trace[0]?.note).toBe('source imap is not in scope');
  });

  it('needs sender AND keyword when a rule lists both', () => {
    const r = makeRule({ match: { senders: ['boss@acme.com'], keywords: ['budget'] } });
    expect(run([r], makeItem({ sender: { address: 'boss@acme.com' }, title: 'hello' })).action).toBe('hold');
    expect(run([r], makeItem({ title: 'budget' })).action).toBe('hold');
    expect(run([r], makeItem({ sender: { address: 'boss@acme.com' }, title: 'budget' })).trace[0]?.note).toBe(
      "sender boss@acme.com is on the list; keyword 'budget' found",
    );
  });

  it('a rule with an empty match matches everything', () => {
    expect(run([makeRule({ action: 'mute' })], makeItem()).trace[0]?.note).toBe('matches every item');
  });
});

describe('decide: order, actions, pause and limits', () => {
  it('the first enabled matching rule wins; disabled rules are not in the trace', () => {
    const off = makeRule({ id: 'off', enabled: false, action: 'mute' });
    const news = makeRule({ id: 'news', name: 'Newsletters', action: 'hold', match: { hints: ['bulk'] } });
    const all = makeRule({ id: 'all', action: 'deliver' });
    const d = run([off, news, all], makeItem({ hints: { bulk: true } }), { focus: FOCUS_OFF });
    expect(d).toMatchObject({ action: 'hold', ruleId: 'news' });
    expect(d.reason).toBe("Held for the next batch by rule 'Newsletters': item is bulk or list mail");
    expect(d.trace.map((s) => s.ruleId)).toEqual(['news']);
    const d2 = run([off, news, all], makeItem());
    expect(d2.trace).toEqual([
      { ruleId: 'news', matched: false, note: 'item is not bulk or list mail' },
      { ruleId: 'all', matched: true, note: 'matches every item' },
    ]);
  });

  it('mute stays mute while paused; deliver becomes hold', () => {
    expect(run([makeRule({ action: 'mute', name: 'Bots' })], makeItem(), { focus: PAUSED })).toMatchObject({
      action: 'mute',
      reason: "Muted by rule 'Bots': matches every item",
    });
    expect(run([makeRule({ name: 'VIPs' })], makeItem(), { focus: PAUSED })).toEqual(
      expect.objectContaining({
        action: 'hold',
        ruleId: 'paused',
        reason: "Held: notifications are paused (rule 'VIPs' would have let it through)",
      }),
    );
  });

  it('outside focus a deliver rule says Delivered, not Breaks through', () => {
    expect(run([makeRule({ name: 'VIPs' })], makeItem(), { focus: FOCUS_OFF }).reason).toBe(
      "Delivered (rule 'VIPs'): matches every item",
    );
  });

  it('limits breakthroughs per person per hour during focus', () => {
    const r = makeRule({ id: 'vip', name: 'VIPs', limitPerHour: 2 });
    const compiled = compileRules([r]);
    const c = ctx();
    const item = makeItem();
    const out: string[] = [];
    for (let i = 0; i < 4; i++) {
      const now = FIXED_NOW_MS + i * 60_000;
      const d = decide(compiled, item, c, now);
      if (isBreakthrough(d)) c.breakthroughs.record(d.ruleId, c.personKey, now);
      out.push(d.ruleId);
    }
    expect(out).toEqual(['vip', 'vip', 'limit', 'limit']);
    const later = decide(compiled, item, c, FIXED_NOW_MS + 61 * 60_000);
    expect(later.ruleId).toBe('vip');
    expect(decide(compiled, item, c, FIXED_NOW_MS + 5 * 60_000).reason).toBe(
      "Held for the next batch: rule 'VIPs' already let alice@example.com through 2 times in the last hour",
    );
    // Another person is not limited.
    expect(
      decide(compiled, item, { ...c, personKey: 'bob@example.com' }, FIXED_NOW_MS + 5 * 60_000).ruleId,
    ).toBe('vip');
    // Outside focus the limit does not apply (it is not a breakthrough).
    expect(decide(compiled, item, { ...c, focus: FOCUS_OFF }, FIXED_NOW_MS + 5 * 60_000).ruleId).toBe('vip');
  });
});

describe('decide: repeat', () => {
  const repeat = makeRule({
    id: 'repeat',
    name: 'Keeps trying',
    match: { repeat: { count: 3, withinMin: 5 } },
  });

  it('breaks through on the Nth contact within the window, counting this item', () => {
    const compiled = compileRules([repeat]);
    const c = ctx();
    const actions: string[] = [];
    for (const min of [0, 2, 4]) {
      const now = FIXED_NOW_MS + min * 60_000;
      c.contacts.record(c.personKey, now);
      actions.push(decide(compiled, makeItem(), c, now).action);
    }
    expect(actions).toEqual(['hold', 'hold', 'deliver']);
    const d = decide(compiled, makeItem(), c, FIXED_NOW_MS + 4 * 60_000);
    expect(d.trace[0]?.note).toBe('alice@example.com contacted you 3 times within 5 min');
    // Outside the window the old contacts no longer count.
    c.contacts.record(c.personKey, FIXED_NOW_MS + 9 * 60_000);
    expect(decide(compiled, makeItem(), c, FIXED_NOW_MS + 9 * 60_000).trace[0]?.note).toBe(
      'alice@example.com contacted you 2 of 3 times within 5 min',
    );
  });

  it('counts one person across sources when the address matches', () => {
    const compiled = compileRules([repeat]);
    const c = ctx();
    const mail = makeItem({ source: 'imap', sender: { address: 'Bob@Acme.com' } });
    const chat = makeItem({ source: 'slack', sender: { address: 'bob@acme.com' } });
    const key = personKeyOf(mail.sender, mail.source);
    expect(personKeyOf(chat.sender, chat.source)).toBe(key);
    for (const m of [0, 1, 2]) c.contacts.record(key, FIXED_NOW_MS + m * 1000);
    expect(decide(compiled, chat, { ...c, personKey: key }, FIXED_NOW_MS + 2000).action).toBe('deliver');
  });

  it('never counts an unknown sender', () => {
    const c = ctx({ personKey: '' });
    for (let i = 0; i < 5; i++) c.contacts.record('', FIXED_NOW_MS);
    expect(decide(compileRules([repeat]), makeItem(), c, FIXED_NOW_MS).action).toBe('hold');
  });
});

describe('decide: large rule sets', () => {
  const many = Array.from({ length: 100 }, (_, i) =>
    makeRule({ id: `r${i}`, match: { senders: [`p${i}@x.com`], keywords: [`word${i}`] } }),
  );

  it('gives the same answer as checking rules one by one', () => {
    const d = run(many, makeItem({ sender: { address: 'p70@x.com' }, title: 'about word70 and word30' }));
    expect(d.ruleId).toBe('r70');
    const d2 = run(many, makeItem({ sender: { address: 'p30@x.com' }, title: 'word30' }));
    expect(d2.ruleId).toBe('r30');
  });

  it('sums up skipped rules in one trace step', () => {
    expect(many.length).toBeGreaterThan(FULL_TRACE_MAX_RULES);
    const d = run(many, makeItem({ sender: { address: 'p70@x.com' }, title: 'word70' }));
    expect(d.trace).toEqual([
      { ruleId: 'r70', matched: true, note: "sender p70@x.com is on the list; keyword 'word70' found" },
      {
        ruleId: TRACE_OTHERS_ID,
        matched: false,
        note: '70 other rules: sender not on their lists and none of their keywords found',
      },
    ]);
    const near = run(many, makeItem({ sender: { address: 'p70@x.com' }, title: 'nothing' }));
    expect(near.ruleId).toBe('focus-default');
    expect(near.trace[0]).toEqual({ ruleId: 'r70', matched: false, note: 'no keyword found' });
  });

  it('lists every rule tried for small sets', () => {
    const few = many.slice(0, 3);
    expect(run(few, makeItem({ sender: { address: 'p2@x.com' }, title: 'word2' })).trace).toEqual([
      { ruleId: 'r0', matched: false, note: 'sender p2@x.com is not on the list' },
      { ruleId: 'r1', matched: false, note: 'sender p2@x.com is not on the list' },
      { ruleId: 'r2', matched: true, note: "sender p2@x.com is on the list; keyword 'word2' found" },
    ]);
  });
});

describe('completeSample', () => {
  it('fills defaults and cleans, so the tester decides like the engine', () => {
    const s = completeSample(
      { sender: { name: 'Boss', address: ' BOSS@Acme.com ' }, title: '  Budget\u0000 ' },
      FIXED_NOW_MS,
    );
    expect(s).toMatchObject({
      accountId: 'sample',
      source: 'demo',
      title: 'Budget',
      receivedAtMs: FIXED_NOW_MS,
      sender: { name: 'Boss', address: 'boss@acme.com' },
      hints: { dm: false, bulk: false },
    });
    expect(
      completeSample({ sender: { name: '', address: '' }, title: 'x', hints: { dm: true } as never }, 0).hints
        .dm,
    ).toBe(true);
  });
});

describe('keyword matcher agrees with a plain token search (property)', () => {
  it('for ASCII and Unicode text alike', async () => {
    const { default: fc } = await import('fast-check');
    const { normalizeText, tokenize } = await import('../../../electron/core/text');
    const vocab = [
      'Outage',
      'prod',
      'DOWN',
      'down',
      'incident',
      'p1',
      'Ärger',
      'café',
      'x',
      '緊急',
      'ｏｕｔａｇｅ',
      'fix-it',
    ];
    const seps = [' ', ', ', '-', '\n', '!', '  ', '/', "'"];
    const textArb = fc
      .array(fc.tuple(fc.constantFrom(...vocab), fc.constantFrom(...seps)), { maxLength: 12 })
      .map((parts) => parts.map(([w, s]) => w + s).join(''));
    const phraseArb = fc
      .array(fc.constantFrom(...vocab), { minLength: 1, maxLength: 3 })
      .map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fc.array(phraseArb, { minLength: 1, maxLength: 5 }), textArb, (phrases, text) => {
        const rules = phrases.map((p, i) => makeRule({ id: `k${i}`, match: { keywords: [p] } }));
        const d = run(rules, makeItem({ title: text, preview: '' }));
        const tokens = tokenize(normalizeText(text));
        const contains = (p: string): boolean => {
          const pt = tokenize(normalizeText(p));
          for (let i = 0; i + pt.length <= tokens.length; i++) {
            if (pt.every((t, j) => tokens[i + j] === t)) return true;
          }
          return false;
        };
        const expected = phrases.findIndex(contains);
        expect(d.ruleId).toBe(expected < 0 ? 'focus-default' : `k${expected}`);
      }),
      { numRuns: 400 },
    );
  });
});

describe('decide agrees with a naive rule-by-rule reference (property)', () => {
  it('for random rule sets and items', async () => {
    const { default: fc } = await import('fast-check');
    const { normalizeText, tokenize } = await import('../../../electron/core/text');
    const addresses = ['a@x.com', 'b@mail.x.com', 'c@y.org', 'u1', 'u2', ''];
    const senderEntries = ['a@x.com', '@x.com', '@mail.x.com', 'U1', '@y.org', 'nobody@z.com'];
    const words = ['alpha', 'beta', 'gamma', 'delta', 'Ärger'];
    const hintNames = ['dm', 'mention', 'bulk'] as const;
    const ruleArb = fc.record({
      enabled: fc.boolean(),
      action: fc.constantFrom('deliver' as const, 'hold' as const, 'mute' as const),
      senders: fc.subarray(senderEntries, { maxLength: 2 }),
      keywords: fc.subarray(['alpha', 'beta gamma', 'ärger', 'delta'], { maxLength: 2 }),
      hints: fc.subarray([...hintNames], { maxLength: 1 }),
      sources: fc.subarray(['imap' as const, 'slack' as const], { maxLength: 1 }),
      repeat: fc.option(fc.record({ count: fc.integer({ min: 1, max: 3 }), withinMin: fc.constant(5) }), {
        nil: null,
      }),
      limitPerHour: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
    });
    const itemArb = fc.record({
      address: fc.constantFrom(...addresses),
      source: fc.constantFrom('imap' as const, 'slack' as const),
      title: fc.array(fc.constantFrom(...words), { maxLength: 5 }).map((w) => w.join(' ')),
      dm: fc.boolean(),
      mention: fc.boolean(),
      bulk: fc.boolean(),
      contacts: fc.integer({ min: 0, max: 3 }),
      breakthroughs: fc.integer({ min: 0, max: 2 }),
      focusOn: fc.boolean(),
      paused: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 40 }), itemArb, (specs, it) => {
        const rules = specs.map((r, i) =>
          makeRule({
            id: `r${i}`,
            enabled: r.enabled,
            action: r.action,
            limitPerHour: r.limitPerHour,
            match: {
              senders: r.senders,
              keywords: r.keywords,
              hints: r.hints,
              sources: r.sources,
              repeat: r.repeat,
            },
          }),
        );
        const item = makeItem({
          source: it.source,
          sender: { address: it.address },
          title: it.title,
          preview: '',
          hints: { dm: it.dm, mention: it.mention, bulk: it.bulk },
        });
        const personKey = personKeyOf(item.sender, item.source);
        const c = ctx({
          personKey,
          focus: { on: it.focusOn, untilMs: null, origin: 'none', paused: it.paused, pausedUntilMs: null },
        });
        for (let i = 0; i < it.contacts; i++) c.contacts.record(personKey, FIXED_NOW_MS);
        const d = decide(compileRules(rules), item, c, FIXED_NOW_MS);

        // Reference: check every enabled rule in order, naively.
        const tokens = tokenize(normalizeText(item.title));
        const hasPhrase = (p: string): boolean => {
          const pt = tokenize(normalizeText(p));
          return tokens.some((_, i) => pt.every((t, j) => tokens[i + j] === t));
        };
        const addr = item.sender.address;
        const senderOk = (e: string): boolean => {
          const s = e.toLowerCase();
          if (s.startsWith('@')) {
            const dom = s.slice(1);
            const at = addr.lastIndexOf('@');
            const ad = at >= 0 ? addr.slice(at + 1) : '';
            return (
              (at >= 0 && (ad === dom || ad.endsWith(`.${dom}`))) ||
              (!dom.includes('.') && (addr === s || addr === dom))
            );
          }
          return addr === s || personKey === s;
        };
        const winner = rules.find((r) => {
          if (!r.enabled) return false;
          const m = r.match;
          if (m.sources.length > 0 && !m.sources.includes(item.source)) return false;
          if (!m.hints.every((h) => item.hints[h])) return false;
          if (m.senders.length > 0 && !m.senders.some(senderOk)) return false;
          if (m.keywords.length > 0 && !m.keywords.some(hasPhrase)) return false;
          if (m.repeat !== null && (personKey === '' ? 0 : it.contacts) < m.repeat.count) return false;
          return true;
        });
        let expected: [string, string];
        if (winner === undefined) {
          expected = it.paused
            ? ['hold', 'paused']
            : it.focusOn
              ? ['hold', 'focus-default']
              : ['deliver', 'outside-focus'];
        } else if (winner.action !== 'deliver') {
          expected = [winner.action, winner.id];
        } else if (it.paused) {
          expected = ['hold', 'paused'];
        } else if (it.focusOn && winner.limitPerHour !== null && winner.limitPerHour <= 0) {
          expected = ['hold', 'limit'];
        } else {
          expected = ['deliver', winner.id];
        }
        expect([d.action, d.ruleId]).toEqual(expected);
        // The trace ends at the winner and names only enabled rules (or the summary step).
        const enabled = new Set(rules.filter((r) => r.enabled).map((r) => r.id));
        for (const s of d.trace) expect(s.ruleId === TRACE_OTHERS_ID || enabled.has(s.ruleId)).toBe(true);
        if (winner !== undefined) expect(d.trace.find((s) => s.matched)?.ruleId).toBe(winner.id);
      }),
      { numRuns: 500 },
    );
  });

  it('an unknown hint name never matches and never throws', () => {
    const r = makeRule({ match: { hints: ['urgent' as never] } });
    expect(run([r], makeItem()).trace[0]).toEqual({
      ruleId: r.id,
      matched: false,
      note: 'item does not have urgent',
    });
  });
});

describe('ruleProblems', () => {
  it('names keywords and senders that can never match', () => {
    const rules = [
      makeRule({ match: { keywords: ['ok', '!!!'] } }),
      makeRule({ match: { senders: ['a@b.c', '@', ' '] } }),
    ];
    expect(ruleProblems(rules)).toEqual([
      "rules[0].match.keywords[1]: '!!!' has no letter or digit, so it can never match",
      "rules[1].match.senders[1]: '@' is not an address, '@domain', user id or handle",
      "rules[1].match.senders[2]: ' ' is not an address, '@domain', user id or handle",
    ]);
    expect(ruleProblems([makeRule({ match: { keywords: ['緊急'], senders: ['@x.org'] } })])).toEqual([]);
  });

  it('a rule whose only keyword can never match, matches nothing (not everything)', () => {
    expect(run([makeRule({ match: { keywords: ['!!!'] } })], makeItem({ title: '!!!' })).ruleId).toBe(
      'focus-default',
    );
  });
});
