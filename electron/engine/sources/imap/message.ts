/**
 * One fetched message → one ItemInput. Best effort on hostile input: every field is decoded as well
 * as it can be and never throws for a malformed header; the core's cleaner bounds lengths later.
 */
import { createHash } from 'node:crypto';
import libmime from 'libmime';
import { decode as decodeCharset } from 'libmime/lib/charset';
import type { FetchMessageObject, MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { Hints, ItemInput } from '../../../core/types';
import { htmlToText, squash } from './html-text';

/** Headers fetched with every message (BODY.PEEK[HEADER.FIELDS (...)]). */
export const HEADER_FIELDS = [
  'from',
  'subject',
  'to',
  'cc',
  'message-id',
  'in-reply-to',
  'references',
  'list-id',
  'list-unsubscribe',
  'precedence',
  'auto-submitted',
] as const;

/** Bytes of the text part fetched for the preview (partial fetch). */
export const PREVIEW_FETCH_BYTES = 2048;
export const PREVIEW_CHARS = 200;
/** Long fields are cut here already, so a 1 MB subject does not travel further than needed. */
const FIELD_CAP = 4000;

export interface TextPartRef {
  readonly part: string;
  readonly html: boolean;
  readonly encoding: string;
  readonly charset: string;
}

export interface ParseContext {
  readonly accountId: string;
  readonly folder: string;
  readonly host: string;
  /** The sign-in name: a webmail link names the account with it, so it opens in that one. */
  readonly user: string;
  /** My addresses, lower case. */
  readonly me: ReadonlySet<string>;
  /** Message-IDs (normalised) of mail I sent. */
  readonly sentIds: ReadonlySet<string>;
}

type Headers = Readonly<Record<string, readonly string[]>>;

/**
 * Header lines by lower-case name, values trimmed and unfolded, in order: libmime.decodeHeaders'
 * rules (from the first non-empty line to the next empty one; a line starting with space or tab
 * continues the one before), without its regex match per line. Lines that are not headers are
 * left out (libmime files them under '', which nothing reads). Never throws.
 */
export function parseHeaderBlock(raw: Buffer | undefined): Headers {
  const out = Object.create(null) as Record<string, string[]>;
  if (!raw || raw.length === 0) return out;
  // Lines are read off the bytes one by one: a kept value then holds on to its own line only,
  // not to the whole block (values live until their page is stored).
  let at = 0;
  while (at < raw.length && (raw[at] === CR || raw[at] === LF)) at++; // empty lines before the block
  while (at < raw.length) {
    let end = lineEnd(raw, at);
    if (end === at) break; // an empty line ends the block
    let line = raw.toString('latin1', at, end);
    at = nextLine(raw, end);
    while (at < raw.length && (raw[at] === SP || raw[at] === HT)) {
      end = lineEnd(raw, at);
      line = `${line} ${raw.toString('latin1', at, end).replace(FOLDED_INDENT, '')}`;
      at = nextLine(raw, end);
    }
    line = line.trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const list = out[key];
    if (list) list.push(value);
    else out[key] = [value];
  }
  return out;
}

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;
const FOLDED_INDENT = /^[ \t]+/;

/** Index of the CR or LF that ends the line starting at `from` (or the end). */
function lineEnd(raw: Buffer, from: number): number {
  let i = from;
  while (i < raw.length && raw[i] !== CR && raw[i] !== LF) i++;
  return i;
}

/** Past the line break at `at`: CRLF, LF or a lone CR. */
function nextLine(raw: Buffer, at: number): number {
  if (raw[at] === CR) return raw[at + 1] === LF ? at + 2 : at + 1;
  return raw[at] === LF ? at + 1 : at;
}

/** RFC 2047 words decoded; raw 8-bit treated as UTF-8; never throws. */
export function decodeHeaderText(value: string | undefined): string {
  if (!value) return '';
  let text = value;
  // Headers were read as 'binary' (latin1) to keep bytes: re-read raw 8-bit bytes as UTF-8.
  if (/[\x80-\xff]/.test(text)) {
    const utf8 = Buffer.from(text, 'binary').toString('utf8');
    // Not valid UTF-8: most likely Latin-1/Windows-1252 raw bytes, which the binary string already is.
    if (!utf8.includes('\uFFFD')) text = utf8;
  }
  if (text.includes('=?')) {
    try {
      text = libmime.decodeWords(text);
    } catch {
      /* keep undecoded text */
    }
  }
  return stripControls(text);
}

/** For text that is already Unicode (e.g. from ENVELOPE): only encoded-words left are decoded. */
function decodeWordsOnly(value: string): string {
  if (!value.includes('=?')) return stripControls(value);
  try {
    return stripControls(libmime.decodeWords(value));
  } catch {
    return stripControls(value);
  }
}

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function stripControls(text: string): string {
  return CONTROLS.test(text) ? text.replace(CONTROLS_ALL, '') : text;
}

function cap(text: string): string {
  return text.length > FIELD_CAP ? text.slice(0, FIELD_CAP) : text;
}

/** Message-IDs in a header value, without angle brackets. */
const ANGLE_ID = /<([^<>\s]{1,990})>/g;

export function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const ids: string[] = [];
  if (value.includes('<')) {
    ANGLE_ID.lastIndex = 0;
    for (let m = ANGLE_ID.exec(value); m; m = ANGLE_ID.exec(value)) if (m[1]) ids.push(m[1]);
  }
  if (ids.length > 0) return ids;
  const bare = value.trim().split(/\s+/)[0] ?? '';
  return bare && bare.includes('@') && bare.length < 990 ? [bare] : [];
}

function first<T>(list: readonly T[] | undefined): T | undefined {
  return list && list.length > 0 ? list[0] : undefined;
}

const ADDRESS = /[^\s<>,;:"()]+@[^\s<>,;:"()]+/g;

function addressList(value: string | undefined): string[] {
  if (!value || !value.includes('@')) return [];
  const out: string[] = [];
  ADDRESS.lastIndex = 0;
  for (let m = ADDRESS.exec(value); m; m = ADDRESS.exec(value)) out.push(m[0].toLowerCase());
  return out;
}

function dateMs(value: Date | string | undefined, fallback: number): number {
  const ms = value ? new Date(value).getTime() : NaN;
  return Number.isFinite(ms) ? ms : fallback;
}

/** Is one of my addresses among the ENVELOPE's addresses or those in the raw header? */
function mentionsMe(
  envelope: readonly MessageAddressObject[] | undefined,
  header: string | undefined,
  me: ReadonlySet<string>,
): boolean {
  for (const a of envelope ?? []) if (me.has((a.address ?? '').toLowerCase())) return true;
  for (const a of addressList(header)) if (me.has(a)) return true;
  return false;
}

function parseFromHeader(value: string | undefined): MessageAddressObject {
  if (!value) return {};
  const angle = /^(.*)<([^<>]*)>\s*$/.exec(value.trim());
  if (angle) return { name: (angle[1] ?? '').trim().replace(/^"|"$/g, ''), address: (angle[2] ?? '').trim() };
  const addr = addressList(value)[0];
  return { name: '', address: addr ?? value.trim() };
}

/** The part to preview: first text/plain that is not an attachment, else the first text/html. */
export function pickTextPart(node: MessageStructureObject | undefined): TextPartRef | null {
  if (!node) return null;
  const found: { html: TextPartRef | null } = { html: null };
  return walkParts(node, 0, found) ?? found.html;
}

/** Depth first: the first plain text part; the first html part is kept in `found` on the way. */
function walkParts(
  n: MessageStructureObject,
  depth: number,
  found: { html: TextPartRef | null },
): TextPartRef | null {
  if (depth > 30) return null;
  const type = (n.type || '').toLowerCase();
  if (n.childNodes && n.childNodes.length > 0) {
    for (const c of n.childNodes) {
      const plain = walkParts(c, depth + 1, found);
      if (plain) return plain;
    }
    return null;
  }
  if (type === 'message/rfc822') return null;
  if ((n.disposition || '').toLowerCase() === 'attachment') return null;
  const ref: TextPartRef = {
    part: n.part || '1',
    html: type === 'text/html',
    encoding: (n.encoding || '7bit').toLowerCase(),
    charset: n.parameters?.charset || 'utf-8',
  };
  if (type === 'text/plain' || type === 'text' || type === '') return ref;
  if (type === 'text/html' && !found.html) found.html = ref;
  return null;
}

/** Transfer-decodes and charset-decodes a (possibly cut-off) part, then reduces it to a preview. */
export function previewFromPart(buf: Buffer | undefined, ref: TextPartRef | null): string {
  if (!buf || !ref) return '';
  let bytes: Buffer = buf;
  try {
    if (ref.encoding === 'base64') {
      const clean = buf.toString('latin1').replace(/[^A-Za-z0-9+/]/g, '');
      bytes = Buffer.from(clean.slice(0, clean.length - (clean.length % 4)), 'base64');
    } else if (ref.encoding === 'quoted-printable') {
      const text = buf
        .toString('latin1')
        .replace(/=\r?\n/g, '')
        .replace(/=[0-9A-F]?$/i, '');
      bytes = Buffer.from(
        text.replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      );
    }
  } catch {
    bytes = buf;
  }
  let text: string;
  try {
    text = decodeCharset(bytes, ref.charset);
  } catch {
    text = bytes.toString('utf8');
  }
  // A multibyte sequence cut by the partial fetch shows as U+FFFD at the very end: drop it.
  text = text.replace(/\uFFFD+$/, '');
  if (ref.html) text = htmlToText(text);
  const flat = squash(stripControls(text));
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export interface Parsed {
  readonly item: ItemInput;
  readonly messageId: string | null;
  /** References + In-Reply-To: for "my thread" when the Sent folder is read later. */
  readonly replyIds: readonly string[];
}

function webmailLink(host: string, user: string, messageId: string): string | null {
  const h = host.toLowerCase();
  if (h === 'imap.gmail.com' || h === 'imap.googlemail.com') {
    // authuser, not /u/0/: with several Google accounts signed in, u/0 is whichever came first, where
    // the search finds nothing. Gmail's IMAP user name is the account's address.
    const account = user.includes('@') ? `?authuser=${encodeURIComponent(user)}` : '';
    return `https://mail.google.com/mail/${account}#search/rfc822msgid%3A${encodeURIComponent(messageId)}`;
  }
  if (h === 'imap.fastmail.com')
    return `https://app.fastmail.com/mail/search:msgid%3A${encodeURIComponent(messageId)}`;
  return null;
}

/**
 * Builds the item. externalId is the Message-ID when there is one, so a UIDVALIDITY change, a move
 * to Lull/Held and back, or the same mail in two folders never makes a second item; otherwise a
 * hash of date, sender, subject and size, which is just as stable across UIDs.
 */
export function messageToItem(
  msg: FetchMessageObject,
  textPart: Buffer | undefined,
  ref: TextPartRef | null,
  ctx: ParseContext,
): Parsed {
  const h = parseHeaderBlock(msg.headers);
  const env = msg.envelope ?? {};

  const rawSubject = first(h.subject);
  const subject = cap(
    rawSubject !== undefined ? decodeHeaderText(rawSubject) : stripControls(env.subject ?? ''),
  );

  // The raw From header keeps the bytes (decoded here with libmime); the server's ENVELOPE is the fallback.
  const envFrom = first(env.from);
  const rawFrom = first(h.from);
  const parsedFrom = rawFrom !== undefined ? parseFromHeader(rawFrom) : null;
  const name = cap(
    parsedFrom ? decodeHeaderText(parsedFrom.name ?? '') : decodeWordsOnly(envFrom?.name ?? ''),
  );
  const address = cap(stripControls(envFrom?.address || parsedFrom?.address || '').trim());

  // The server's ENVELOPE first: with duplicate headers it is the server's choice that other clients see.
  const messageId = first(messageIds(env.messageId)) ?? first(messageIds(first(h['message-id']))) ?? null;
  const inReplyTo = messageIds(first(h['in-reply-to']) ?? env.inReplyTo);
  const references = messageIds(first(h.references));

  const internal = msg.internalDate ? new Date(msg.internalDate).getTime() : NaN;
  // The Date header is parsed only when it is needed: parsing a date string is costly per message.
  const receivedAtMs = Number.isFinite(internal) ? internal : dateMs(env.date, 0);

  let externalId = messageId;
  if (!externalId) {
    const date = dateMs(env.date, NaN);
    externalId = `h:${sha(`${Number.isFinite(date) ? date : receivedAtMs}\n${address}\n${rawSubject ?? env.subject ?? ''}\n${msg.size ?? 0}`)}`;
  }
  const threadKey = first(references) ?? first(inReplyTo) ?? externalId;

  const meInTo = ctx.me.size > 0 && mentionsMe(env.to, first(h.to), ctx.me);
  const meInCc = ctx.me.size > 0 && mentionsMe(env.cc, first(h.cc), ctx.me);
  const replyIds = references.length === 0 ? inReplyTo : [...references, ...inReplyTo];
  const precedence = (first(h.precedence) ?? '').trim().toLowerCase();
  const autoSubmitted = (first(h['auto-submitted']) ?? '').trim().toLowerCase();

  const hints: Hints = {
    dm: false,
    mention: false,
    myThread: ctx.sentIds.size > 0 && replyIds.some((id) => ctx.sentIds.has(id)),
    bulk:
      h['list-id'] !== undefined ||
      h['list-unsubscribe'] !== undefined ||
      ['bulk', 'list', 'junk'].includes(precedence),
    cc: meInCc && !meInTo,
    bot: autoSubmitted !== '' && autoSubmitted !== 'no',
  };

  // The webmail link first where the provider has one; the mail app's message: URL either way.
  const appLink = messageId ? `message:${encodeURIComponent(`<${messageId}>`)}` : '';
  const webLink = messageId ? webmailLink(ctx.host, ctx.user, messageId) : null;
  const link = webLink ?? appLink;
  const altLink = webLink !== null ? appLink : '';

  return {
    messageId,
    replyIds,
    item: {
      accountId: ctx.accountId,
      source: 'imap',
      externalId: externalId.slice(0, 2000),
      threadKey: threadKey.slice(0, 2000),
      sender: { name, address },
      title: subject,
      preview: previewFromPart(textPart, ref),
      receivedAtMs,
      // The engine's cleaner bounds both (LINK_MAX_CHARS).
      link,
      altLink,
      hints,
      container: ctx.folder,
    },
  };
}
