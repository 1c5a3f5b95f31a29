/** Message → item decoding, on generated hostile input (no server: headers and parts as IMAP returns them). */
import fc from 'fast-check';
import type { FetchMessageObject } from 'imapflow';
import libmime from 'libmime';
import { describe, expect, it } from 'vitest';
import { htmlToText, squash } from '../../../../../electron/engine/sources/imap/html-text';
import {
  decodeHeaderText,
  messageIds,
  messageToItem,
  parseHeaderBlock,
  pickTextPart,
  previewFromPart,
  type ParseContext,
} from '../../../../../electron/engine/sources/imap/message';
import { hostileCases } from '../../../../support/hostile-mail';

const ctx: ParseContext = {
  accountId: 'acc',
  folder: 'INBOX',
  host: 'mail.example.com',
  user: 'me@example.com',
  me: new Set(['me@example.com']),
  sentIds: new Set(['sent-1@x']),
};

/** Splits a raw message the way BODY.PEEK[HEADER.FIELDS] and BODY.PEEK[1] return it. */
function fetched(raw: string, uid = 1): { msg: FetchMessageObject; body: Buffer } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at >= 0 ? raw.slice(0, at + 2) : raw;
  const body = at >= 0 ? raw.slice(at).replace(/^\r?\n\r?\n/, '') : '';
  return {
    msg: {
      seq: uid,
      uid,
      headers: Buffer.from(head, 'latin1'),
      internalDate: new Date(1_700_000_000_000),
      size: raw.length,
    },
    body: Buffer.from(body, 'latin1'),
  };
}

describe('parseHeaderBlock', () => {
  /** libmime.decodeHeaders, the reference, without the entries it files under '' for non-header lines. */
  function reference(raw: Buffer): Record<string, string[]> {
    const all = libmime.decodeHeaders(raw.toString('latin1')) as Record<string, string[]>;
    delete all[''];
    return all;
  }

  it('reads folded, repeated and odd header blocks exactly as libmime does', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        'Subject',
        'FROM',
        'to',
        'X-Odd Name',
        'references',
        ' Cc',
        'a:b',
        '__proto__',
        'constructor',
      ),
      fc.constantFrom(':', ': ', '::', ' : '),
      fc.constantFrom('\r\n', '\n', '\r', '\r\n ', '\r\n\t', '\n  ', '\r\n\r\n', '\r\n\u00a0'),
      fc.constantFrom(' ', '\t', '=?utf-8?q?caf=C3=A9?=', '<id@x>', 'ä', '\u00ff', '\u0000', 'plain text'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const raw = Buffer.from(pieces.join(''), 'latin1');
        expect(parseHeaderBlock(raw)).toEqual(reference(raw));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps repeated headers in order and unfolds continuation lines', () => {
    const raw = Buffer.from(
      'Received: a\r\nSubject: one\r\n  two\r\n\tthree\r\nreceived: b\r\n\r\n',
      'latin1',
    );
    expect(parseHeaderBlock(raw)).toEqual({ received: ['a', 'b'], subject: ['one two three'] });
    expect(parseHeaderBlock(Buffer.alloc(0))).toEqual({});
    expect(parseHeaderBlock(undefined)).toEqual({});
  });
});

describe('messageToItem on hostile input', () => {
  for (const k of hostileCases()) {
    it(`never throws: ${k.name}`, () => {
      const { msg, body } = fetched(k.raw);
      const { item } = messageToItem(
        msg,
        body,
        { part: '1', html: false, encoding: '7bit', charset: 'utf-8' },
        ctx,
      );
      expect(item.externalId.length).toBeGreaterThan(0);
      expect(item.title.length).toBeLessThanOrEqual(4000);
      if (k.externalId) expect(item.externalId).toBe(k.externalId);
      if (typeof k.title === 'string') expect(item.title).toBe(k.title);
      else if (k.title) expect(item.title).toMatch(k.title);
      expect(item.title).not.toContain('\u0000');
    });
  }

  it('gives a message without Message-ID a stable content hash id', () => {
    const raw = hostileCases().find((c) => c.name === 'no Message-ID')?.raw ?? '';
    const a = messageToItem(fetched(raw, 1).msg, undefined, null, ctx).item;
    const b = messageToItem(fetched(raw, 99).msg, undefined, null, { ...ctx }).item;
    expect(a.externalId).toMatch(/^h:[0-9a-f]{32}$/);
    expect(b.externalId).toBe(a.externalId);
  });

  it('hints: bulk from List-Unsubscribe or Precedence, cc only when not in To, my thread from Sent ids', () => {
    const item = (headers: string) =>
      messageToItem(fetched(`${headers}\r\n\r\nx`).msg, undefined, null, ctx).item;
    expect(item('From: a@x\r\nList-Unsubscribe: <mailto:u@x>').hints.bulk).toBe(true);
    expect(item('From: a@x\r\nPrecedence: bulk').hints.bulk).toBe(true);
    expect(item('From: a@x\r\nPrecedence: first-class').hints.bulk).toBe(false);
    expect(item('From: a@x\r\nTo: b@x\r\nCc: Me <ME@example.com>').hints.cc).toBe(true);
    expect(item('From: a@x\r\nTo: me@example.com\r\nCc: me@example.com').hints.cc).toBe(false);
    const reply = item('From: a@x\r\nIn-Reply-To: <sent-1@x>\r\nMessage-ID: <r@x>');
    expect(reply.hints.myThread).toBe(true);
    expect(reply.threadKey).toBe('sent-1@x');
    expect(reply.link).toBe('message:%3Cr%40x%3E');
    expect(reply.altLink).toBe('');
  });

  it('links webmail first where the provider has one, and the mail app second', () => {
    const at = (host: string, headers: string) =>
      messageToItem(fetched(`${headers}\r\n\r\n`).msg, undefined, null, { ...ctx, host }).item;
    const gmail = at('imap.gmail.com', 'Message-ID: <g@x>');
    // In the signed-in account, whichever Google account the browser lists first.
    expect(gmail.link).toBe(
      'https://mail.google.com/mail/?authuser=me%40example.com#search/rfc822msgid%3Ag%40x',
    );
    expect(gmail.altLink).toBe('message:%3Cg%40x%3E');
    const noAddress = messageToItem(fetched('Message-ID: <g@x>\r\n\r\n').msg, undefined, null, {
      ...ctx,
      host: 'imap.googlemail.com',
      user: 'legacy-name',
    }).item;
    expect(noAddress.link).toBe('https://mail.google.com/mail/#search/rfc822msgid%3Ag%40x');
    const fastmail = at('imap.fastmail.com', 'Message-ID: <f@x>');
    expect(fastmail.link).toBe('https://app.fastmail.com/mail/search:msgid%3Af%40x');
    expect(fastmail.altLink).toBe('message:%3Cf%40x%3E');
    expect(at('mail.example.org', 'Message-ID: <o@x>')).toMatchObject({
      link: 'message:%3Co%40x%3E',
      altLink: '',
    });
    // No Message-ID: nothing to find the message by, in either place.
    expect(at('imap.gmail.com', 'Subject: none')).toMatchObject({ link: '', altLink: '' });
  });
});

describe('decoding helpers', () => {
  it('decodes RFC 2047 words, raw UTF-8 and raw Latin-1', () => {
    expect(decodeHeaderText('=?ISO-8859-1?Q?Andr=E9?= Pirard')).toBe('André Pirard');
    expect(decodeHeaderText(Buffer.from('Grüße', 'utf8').toString('latin1'))).toBe('Grüße');
    expect(decodeHeaderText(Buffer.from('Grüße', 'latin1').toString('latin1'))).toBe('Grüße');
  });

  it('previews base64 and quoted-printable parts cut mid-way, HTML reduced to text', () => {
    const b64 = Buffer.from(Buffer.from('Héllo wörld '.repeat(50)).toString('base64').slice(0, 101));
    expect(previewFromPart(b64, { part: '1', html: false, encoding: 'base64', charset: 'utf-8' })).toMatch(
      /^Héllo wörld Héllo/,
    );
    expect(
      previewFromPart(Buffer.from('caf=C3=A9 =\r\nau lait =C3'), {
        part: '1',
        html: false,
        encoding: 'quoted-printable',
        charset: 'utf-8',
      }),
    ).toBe('café au lait');
    expect(
      previewFromPart(Buffer.from('x'.repeat(500)), {
        part: '1',
        html: false,
        encoding: '7bit',
        charset: 'utf-8',
      }),
    ).toHaveLength(200);
    expect(
      squash(htmlToText('<style>a{}</style><p>Hi&amp;bye</p><script>evil()</script>&#x1F600;<a href="x')),
    ).toBe('Hi&bye 😀');
  });

  it('picks text/plain over html, skips attachments', () => {
    const bs = {
      type: 'multipart/mixed',
      childNodes: [
        {
          part: '1',
          type: 'multipart/alternative',
          childNodes: [
            { part: '1.1', type: 'text/html' },
            { part: '1.2', type: 'text/plain', parameters: { charset: 'koi8-r' } },
          ],
        },
        { part: '2', type: 'text/plain', disposition: 'attachment' },
      ],
    };
    expect(pickTextPart(bs)).toMatchObject({ part: '1.2', html: false, charset: 'koi8-r' });
    expect(
      pickTextPart({ type: 'multipart/alternative', childNodes: [{ part: '1', type: 'text/html' }] }),
    ).toMatchObject({ part: '1', html: true });
    expect(messageIds('<a@x> junk <b@y>')).toEqual(['a@x', 'b@y']);
  });
});
