import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ADDRESS_MAX_CHARS,
  cleanItem,
  LINK_MAX_CHARS,
  truncateCodePoints,
} from '../../../electron/core/clean';
import type { RawItem } from '../../../electron/core/clean';
import {
  NAME_MAX_CHARS,
  PREVIEW_MAX_CHARS,
  SOURCE_KINDS,
  TITLE_MAX_CHARS,
} from '../../../electron/core/types';
import type { ItemInput } from '../../../electron/core/types';
import { FIXED_NOW_MS, makeItem } from '../../support/factories';

function ok(raw: RawItem): ItemInput {
  const r = cleanItem(raw, FIXED_NOW_MS);
  if (!r.ok) throw new Error(r.reason);
  return r.item;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('cleanItem', () => {
  it('keeps a good item as it is', () => {
    const item = makeItem({ link: 'https://mail.example.com/1' });
    expect(ok(item)).toEqual(item);
  });

  it('bounds a 1 MB title by code points, ending in …', () => {
    const item = ok({ ...makeItem(), title: '😀'.repeat(1_000_000) });
    expect([...item.title]).toHaveLength(TITLE_MAX_CHARS);
    expect(item.title.endsWith('😀…')).toBe(true);
    expect(item.title).not.toMatch(LONE_SURROGATE);
  });

  it('strips control characters and bidi overrides, collapsing whitespace', () => {
    const item = ok({
      ...makeItem(),
      title: ' Invoice\u0000\u202E fdp.exe\u2066 \u0085\t\n paid ',
      preview: 'line 1\r\n\r\n\r\n\r\nline\u0007 2\t\tend\u200F',
      sender: { name: 'Eve\u202E\u0001 Evil', address: ' EVE@Example.COM\u200E ' },
      container: 'IN\u0000BOX',
    });
    expect(item.title).toBe('Invoice fdp.exe paid');
    expect(item.preview).toBe('line 1\n\nline 2 end');
    expect(item.sender).toEqual({ name: 'Eve Evil', address: 'eve@example.com' });
    expect(item.container).toBe('IN BOX');
  });

  it('fills defaults for a missing sender, title, time and hints', () => {
    const item = ok({ accountId: 'a', externalId: 'x', source: 'imap' });
    expect(item).toEqual({
      accountId: 'a',
      source: 'imap',
      externalId: 'x',
      threadKey: 'x',
      sender: { name: '(unknown sender)', address: '' },
      title: '(no subject)',
      preview: '',
      receivedAtMs: FIXED_NOW_MS,
      link: '',
      altLink: '',
      hints: { dm: false, mention: false, myThread: false, bulk: false, cc: false, bot: false },
      container: '',
    });
  });

  it('replaces an invalid received time with now', () => {
    for (const t of [NaN, Infinity, -5, 'yesterday', null, 1e20, new Date('nope')]) {
      expect(ok({ ...makeItem(), receivedAtMs: t }).receivedAtMs).toBe(FIXED_NOW_MS);
    }
    expect(ok({ ...makeItem(), receivedAtMs: new Date(1000) }).receivedAtMs).toBe(1000);
  });

  it('keeps only links with safe schemes', () => {
    expect(ok({ ...makeItem(), link: 'javascript:alert(1)' }).link).toBe('');
    expect(ok({ ...makeItem(), link: 'https://x.test/a b' }).link).toBe('');
    expect(ok({ ...makeItem(), link: 'slack://channel?id=C1' }).link).toBe('slack://channel?id=C1');
    expect(ok({ ...makeItem(), altLink: 'javascript:alert(1)' }).altLink).toBe('');
    expect(
      ok({ ...makeItem(), link: 'https://mail.example.com/1', altLink: 'message:%3Ca%40x%3E' }).altLink,
    ).toBe('message:%3Ca%40x%3E');
  });

  it('drops a second link that is the same as the first', () => {
    const link = 'https://mail.example.com/1';
    expect(ok({ ...makeItem(), link, altLink: ` ${link} ` })).toMatchObject({ link, altLink: '' });
  });

  it('makes a second link without a first one the link', () => {
    const altLink = 'message:%3Ca%40x%3E';
    expect(ok({ ...makeItem(), link: '', altLink })).toMatchObject({ link: altLink, altLink: '' });
    expect(ok({ ...makeItem(), link: 'javascript:x', altLink })).toMatchObject({
      link: altLink,
      altLink: '',
    });
  });

  it('drops links longer than LINK_MAX_CHARS, the first and the second', () => {
    const long = `https://x.test/${'a'.repeat(LINK_MAX_CHARS)}`;
    expect(ok({ ...makeItem(), link: long, altLink: long })).toMatchObject({ link: '', altLink: '' });
  });

  it('rejects only unidentifiable items, with a reason', () => {
    expect(cleanItem({ ...makeItem(), accountId: undefined }, 0)).toEqual({
      ok: false,
      reason: 'accountId is missing',
    });
    expect(cleanItem({ ...makeItem(), externalId: 42 }, 0)).toEqual({
      ok: false,
      reason: 'externalId must be text, got number',
    });
    expect(cleanItem({ ...makeItem(), externalId: ' \u0000 ' }, 0)).toEqual({
      ok: false,
      reason: 'externalId is empty',
    });
    expect(cleanItem({ ...makeItem(), source: 'fax' }, 0)).toEqual({
      ok: false,
      reason: `source 'fax' is not one of ${SOURCE_KINDS.join(', ')}`,
    });
    expect(cleanItem(null as unknown as RawItem, 0)).toEqual({ ok: false, reason: 'item is not an object' });
  });

  it('keeps long ids distinct and bounded', () => {
    const a = ok({ ...makeItem(), externalId: `${'x'.repeat(5000)}a` });
    const b = ok({ ...makeItem(), externalId: `${'x'.repeat(5000)}b` });
    expect(a.externalId.length).toBeLessThanOrEqual(1000);
    expect(a.externalId).not.toBe(b.externalId);
  });

  it('survives hostile objects', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(cleanItem(hostile, 0)).toEqual({ ok: false, reason: 'item could not be read: Error' });
  });

  it('property: never throws, and whatever it keeps is bounded and clean', () => {
    const anyValue = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 700 }),
      fc.string({ unit: 'grapheme', maxLength: 50 }),
      fc.constantFrom(...SOURCE_KINDS),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ unit: 'binary' }), fc.boolean())),
      fc.record({
        name: fc.string({ unit: 'binary' }),
        address: fc.string({ unit: 'binary', maxLength: 500 }),
      }),
    );
    const keys = [
      'accountId',
      'source',
      'externalId',
      'threadKey',
      'sender',
      'title',
      'preview',
      'receivedAtMs',
      'link',
      'hints',
      'container',
    ] as const;
    const rawArb = fc.record(
      Object.fromEntries(keys.map((k) => [k, anyValue])) as Record<
        (typeof keys)[number],
        fc.Arbitrary<unknown>
      >,
      {
        requiredKeys: [],
      },
    );
    fc.assert(
      fc.property(rawArb, (raw) => {
        const r = cleanItem(raw, FIXED_NOW_MS);
        if (!r.ok) {
          expect(r.reason.length).toBeGreaterThan(0);
          return;
        }
        const it = r.item;
        expect([...it.title].length).toBeLessThanOrEqual(TITLE_MAX_CHARS);
        expect([...it.preview].length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS);
        expect([...it.sender.name].length).toBeLessThanOrEqual(NAME_MAX_CHARS);
        expect(it.sender.address.length).toBeLessThanOrEqual(ADDRESS_MAX_CHARS * 2);
        for (const s of [it.title, it.sender.name, it.sender.address, it.container]) {
          expect(s).not.toMatch(CONTROL);
          expect(s).not.toMatch(BIDI);
          expect(s).not.toMatch(LONE_SURROGATE);
        }
        expect(it.preview.replace(/\n/g, '')).not.toMatch(CONTROL);
        expect(it.title.length).toBeGreaterThan(0);
        expect(Number.isFinite(it.receivedAtMs)).toBe(true);
        expect(it.sender.address).toBe(it.sender.address.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });
});

describe('truncateCodePoints', () => {
  it('keeps short text and never splits a surrogate pair', () => {
    expect(truncateCodePoints('abc', 3)).toBe('abc');
    expect(truncateCodePoints('abcd', 3)).toBe('ab…');
    expect(truncateCodePoints('😀😀', 2)).toBe('😀😀');
    expect(truncateCodePoints('😀😀😀', 2)).toBe('😀…');
  });
});

describe('fast paths', () => {
  // The rules as they read before the fast paths, restated here as the reference.
  // eslint-disable-next-line no-control-regex
  const CONTROL_ALL = /[\u0000-\u001F\u007F-\u009F]/g;
  // eslint-disable-next-line no-control-regex
  const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
  const BIDI_ALL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
  const LONE_ALL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  const base = (s: string): string => s.slice(0, 65_536).replace(LONE_ALL, '').replace(BIDI_ALL, '');
  const line = (s: string, max: number): string =>
    truncateCodePoints(base(s).replace(CONTROL_ALL, ' ').replace(/\s+/g, ' ').trim(), max);
  const text = (s: string, max: number): string =>
    truncateCodePoints(
      base(s)
        .replace(/\r\n?/g, '\n')
        .replace(/\t/g, ' ')
        .replace(CONTROL_BUT_NEWLINE, '')
        .replace(/[^\S\n]+/g, ' ')
        .replace(/ ?\n ?/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
      max,
    );
  const id = (s: string): string => s.replace(CONTROL_ALL, '').replace(BIDI_ALL, '').trim();
  const address = (s: string): string =>
    truncateCodePoints(
      base(s).replace(CONTROL_ALL, '').replace(/\s+/g, '').toLowerCase(),
      ADDRESS_MAX_CHARS,
    ).replace(/…$/, '');

  it('give what the full rules give, for plain and not-so-plain text alike', () => {
    // Mostly printable ASCII, so the fast paths are taken often, with what makes them step aside.
    const unit = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) },
      { weight: 3, arbitrary: fc.constant(' ') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '\t',
          '\n',
          '\r',
          '\u0000',
          '\u007f',
          '\u00a0',
          'é',
          '\u202e',
          '\ud800',
          '…',
        ),
      },
    );
    const s = (maxLength: number) => fc.string({ unit, maxLength });
    fc.assert(
      fc.property(s(40), s(40), s(40), s(40), s(400), (ext, title, name, addr, preview) => {
        const r = cleanItem(
          makeItem({
            externalId: `x${ext}`,
            title,
            preview,
            sender: { name, address: addr },
            container: title,
          }),
          FIXED_NOW_MS,
        );
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.item.externalId).toBe(id(`x${ext}`));
        const t = line(title, TITLE_MAX_CHARS);
        expect(r.item.title).toBe(t.length > 0 ? t : '(no subject)');
        expect(r.item.preview).toBe(text(preview, PREVIEW_MAX_CHARS));
        expect(r.item.sender.address).toBe(address(addr));
        const n = line(name, NAME_MAX_CHARS);
        expect(r.item.sender.name).toBe(
          n.length === 0 && r.item.sender.address.length === 0 ? '(unknown sender)' : n,
        );
        expect(r.item.container).toBe(line(title, 200));
      }),
      { numRuns: 3000 },
    );
    // At the bounds: a plain field of exactly the maximum stays, one char more is cut.
    const at = 'a'.repeat(PREVIEW_MAX_CHARS);
    expect(ok(makeItem({ preview: at })).preview).toBe(at);
    expect(ok(makeItem({ preview: `${at}b` })).preview).toBe(text(`${at}b`, PREVIEW_MAX_CHARS));
    expect(ok(makeItem({ preview: `${at}b` })).preview).toHaveLength(PREVIEW_MAX_CHARS);
  });
});
