import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HINT_NAMES } from '../../../../electron/core/types';
import type { Decision, Hints } from '../../../../electron/core/types';
import {
  bitsToHints,
  decisionFor,
  decodeDecision,
  encodeDecision,
  hintsToBits,
} from '../../../../electron/engine/store/codec';

describe('hints', () => {
  it('round-trips every combination through the bitmask', () => {
    for (let bits = 0; bits < 1 << HINT_NAMES.length; bits++) {
      const hints = bitsToHints(bits);
      expect(hintsToBits(hints)).toBe(bits);
    }
    const some: Hints = { dm: true, mention: false, myThread: true, bulk: false, cc: false, bot: true };
    expect(bitsToHints(hintsToBits(some))).toEqual(some);
  });

  it('shares one frozen object per combination', () => {
    expect(bitsToHints(5)).toBe(bitsToHints(5));
    expect(Object.isFrozen(bitsToHints(5))).toBe(true);
  });
});

describe('decisions', () => {
  const ada = { name: 'Ada', address: 'ada@example.com' };
  const bob = { name: 'Bob', address: 'bob@example.com' };
  const about = (who: string): Decision => ({
    action: 'mute',
    ruleId: 'r1',
    reason: `Muted: ${who} is on the list`,
    trace: [
      { ruleId: 'vip', matched: false, note: `sender ${who} is not on the list` },
      { ruleId: 'r1', matched: true, note: 'matches every item' },
    ],
  });

  it('gives two senders with the same decision one body', () => {
    expect(encodeDecision(about(ada.address), ada)).toBe(encodeDecision(about(bob.address), bob));
  });

  it('puts the sender back exactly', () => {
    const body = encodeDecision(about(ada.address), ada);
    expect(decisionFor(decodeDecision(body), ada)).toEqual(about(ada.address));
    expect(decisionFor(decodeDecision(body), bob)).toEqual(about(bob.address));
  });

  it('uses the name when there is no address', () => {
    const nameOnly = { name: 'Grace Hopper', address: '' };
    const body = encodeDecision(about('Grace Hopper'), nameOnly);
    expect(body).not.toContain('Grace');
    expect(decisionFor(decodeDecision(body), nameOnly)).toEqual(about('Grace Hopper'));
  });

  it('leaves text that already holds the marker, or very short names, untouched', () => {
    const marked = { ...about(ada.address), reason: 'x\u0001y by ada@example.com' };
    expect(decisionFor(decodeDecision(encodeDecision(marked, ada)), ada)).toEqual(marked);
    const short = { name: 'Al', address: '' };
    const d = about('Al');
    expect(decisionFor(decodeDecision(encodeDecision(d, short)), short)).toEqual(d);
  });

  it('shares a frozen decision when it names no sender', () => {
    const d: Decision = { action: 'hold', ruleId: 'focus-default', reason: 'Held', trace: [] };
    const t = decodeDecision(encodeDecision(d, ada));
    expect(decisionFor(t, ada)).toBe(decisionFor(t, bob));
    expect(Object.isFrozen(decisionFor(t, ada))).toBe(true);
  });

  it('reads a damaged body as an unknown decision instead of throwing', () => {
    expect(decodeDecision('{not json').decision.ruleId).toBe('unknown');
    expect(decodeDecision('42').decision.ruleId).toBe('unknown');
  });

  it('keeps whether focus was on, and reads bodies stored before that as unknown', () => {
    const inFocus = encodeDecision({ ...about(ada.address), inFocus: true }, ada);
    const off = encodeDecision({ ...about(ada.address), inFocus: false }, ada);
    expect(inFocus).not.toBe(off);
    expect(decisionFor(decodeDecision(inFocus), bob).inFocus).toBe(true);
    expect(decisionFor(decodeDecision(off), bob).inFocus).toBe(false);
    const older = '["mute","r1","Muted",[],0]';
    expect(decodeDecision(older).decision).toMatchObject({
      action: 'mute',
      ruleId: 'r1',
      inFocus: undefined,
    });
  });

  it('writes the same body text as JSON.stringify of the packed form, and round-trips it', () => {
    // The body is the interning key on disk: its text must not drift from what older versions wrote.
    const MARK = '\u0001';
    const reference = (d: Decision, token: string): string => {
      const subst =
        token.length >= 3 &&
        !d.reason.includes(MARK) &&
        !d.trace.some((s) => s.note.includes(MARK)) &&
        (d.reason.includes(token) || d.trace.some((s) => s.note.includes(token)));
      const text = (t: string): string => (subst ? t.split(token).join(MARK) : t);
      return JSON.stringify([
        d.action,
        d.ruleId,
        text(d.reason),
        d.trace.map((s) => [s.ruleId, s.matched ? 1 : 0, text(s.note)]),
        subst ? 1 : 0,
        ...(d.inFocus === undefined ? [] : [d.inFocus ? 1 : 0]),
      ]);
    };
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('ada@example.com', 'Ada', MARK, '"', '\\', '\n', '\u2028', '\ud800'),
    );
    const textArb = fc.array(piece, { maxLength: 5 }).map((p) => p.join(''));
    const decision = fc.record({
      action: fc.constantFrom('deliver' as const, 'hold' as const, 'mute' as const),
      ruleId: textArb,
      reason: textArb,
      trace: fc.array(fc.record({ ruleId: textArb, matched: fc.boolean(), note: textArb }), { maxLength: 4 }),
      inFocus: fc.constantFrom(undefined, true, false),
    });
    const sender = fc.record({
      name: fc.constantFrom('', 'Ada', 'Al'),
      address: fc.constantFrom('', 'ada@example.com'),
    });
    fc.assert(
      fc.property(decision, sender, (d, who) => {
        const body = encodeDecision(d, who);
        expect(body).toBe(reference(d, who.address || who.name));
        expect(decisionFor(decodeDecision(body), who)).toEqual(d);
      }),
      { numRuns: 2000 },
    );
  });
});
