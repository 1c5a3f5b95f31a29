/**
 * The cleaner: turns whatever a source reported into a bounded, safe ItemInput.
 *
 * It never throws. Fields are cleaned rather than refused; only an item that cannot be identified
 * (no account or external id, unknown source) is rejected, with a reason the engine keeps.
 */
import type { Hints, ItemInput, Sender, SourceKind } from './types';
import { HINT_NAMES, NAME_MAX_CHARS, PREVIEW_MAX_CHARS, SOURCE_KINDS, TITLE_MAX_CHARS } from './types';
import { hash53 } from './hash';

export const ADDRESS_MAX_CHARS = 320;
export const ID_MAX_CHARS = 1000;
export const CONTAINER_MAX_CHARS = 200;
export const LINK_MAX_CHARS = 2048;
export const UNKNOWN_SENDER_NAME = '(unknown sender)';
export const NO_SUBJECT = '(no subject)';

export type CleanResult = { ok: true; item: ItemInput } | { ok: false; reason: string };

/** Raw input: any ItemInput field may be missing or of any type. */
export type RawItem = { readonly [K in keyof ItemInput]?: unknown };

/** Work on at most this much of a huge field; the rest could only be cut off anyway. */
const PRECUT_CHARS = 65_536;
// Bidi embeddings/overrides/isolates, LRM/RLM, ALM: they can make text read differently than it is.
const BIDI_RE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL_RE = /[\u0000-\u001F\u007F-\u009F]/g;
// Everything but \n; \t becomes a space first.
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE_RE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Whitespace, controls, bidi controls and lone surrogates have no place in a link.
const UNSAFE_IN_LINK_RE =
  // eslint-disable-next-line no-control-regex
  /[\s\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uD800-\uDFFF]/;
const SAFE_LINK_RE = /^(https?:\/\/|mailto:|message:|slack:|msteams:)/i;

/** Cut to at most max code points, ending in '…' when cut. Never splits a surrogate pair. */
export function truncateCodePoints(s: string, max: number): string {
  if (s.length <= max) return s;
  let count = 0;
  let i = 0;
  while (i < s.length) {
    if (count === max - 1) {
      // Is there more than one code point left?
      const c = s.codePointAt(i) ?? 0;
      const width = c > 0xffff ? 2 : 1;
      if (i + width >= s.length) return s;
      return `${s.slice(0, i)}…`;
    }
    const c = s.codePointAt(i) ?? 0;
    i += c > 0xffff ? 2 : 1;
    count++;
  }
  return s;
}

function baseClean(s: string): string {
  return s.slice(0, PRECUT_CHARS).replace(LONE_SURROGATE_RE, '').replace(BIDI_RE, '');
}

/*
 * Fast paths: most fields are short printable ASCII that every rule below would leave as it is.
 * They are recognised with one regex and returned unchanged (the tests hold each fast path to the
 * full rules).
 */
/** Printable ASCII words separated by single spaces: nothing to clean in a line or a text. */
const PLAIN_LINE_RE = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
/** Printable ASCII, no space at either end: nothing to clean in an id. */
const PLAIN_ID_RE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
/** Printable ASCII without spaces: an address only needs lower-casing. */
const PLAIN_ADDRESS_RE = /^[\x21-\x7e]+$/;

/** One line: no control characters at all, whitespace collapsed, trimmed, bounded. */
export function cleanLine(s: string, max: number): string {
  if (s.length <= max && PLAIN_LINE_RE.test(s)) return s;
  const line = baseClean(s).replace(CONTROL_ALL_RE, ' ').replace(/\s+/g, ' ').trim();
  return truncateCodePoints(line, max);
}

/** Plain text that may keep line breaks (at most one blank line in a row). */
export function cleanText(s: string, max: number): string {
  if (s.length <= max && PLAIN_LINE_RE.test(s)) return s;
  const text = baseClean(s)
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL_BUT_NEWLINE_RE, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return truncateCodePoints(text, max);
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return null;
}

/**
 * Identity fields are kept exact when they fit (they are dedupe keys); a longer one keeps its head
 * plus a hash of the whole, so two long ids still differ.
 */
function boundId(s: string): string {
  if (s.length <= ID_MAX_CHARS && PLAIN_ID_RE.test(s)) return s;
  const clean = s.replace(CONTROL_ALL_RE, '').replace(BIDI_RE, '').trim();
  if (clean.length <= ID_MAX_CHARS) return clean;
  return `${clean.slice(0, ID_MAX_CHARS - 20).replace(/[\uD800-\uDBFF]$/, '')}#${hash53(clean).toString(16)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function cleanSender(raw: unknown): Sender {
  let name = '';
  let address = '';
  if (isRecord(raw)) {
    name = cleanLine(str(raw['name']) ?? '', NAME_MAX_CHARS);
    address = cleanAddress(str(raw['address']) ?? '');
  } else if (typeof raw === 'string') {
    // A bare string: an address if it looks like one, else a name.
    if (/^\S+@\S+$/.test(raw.trim())) address = cleanAddress(raw);
    else name = cleanLine(raw, NAME_MAX_CHARS);
  }
  if (name.length === 0 && address.length === 0) name = UNKNOWN_SENDER_NAME;
  return { name, address };
}

function cleanAddress(s: string): string {
  if (s.length <= ADDRESS_MAX_CHARS && PLAIN_ADDRESS_RE.test(s)) return s.toLowerCase();
  const a = baseClean(s).replace(CONTROL_ALL_RE, '').replace(/\s+/g, '').toLowerCase();
  return truncateCodePoints(a, ADDRESS_MAX_CHARS).replace(/…$/, '');
}

function cleanHints(raw: unknown): Hints {
  const out = {} as Record<(typeof HINT_NAMES)[number], boolean>;
  for (const h of HINT_NAMES) out[h] = isRecord(raw) && raw[h] === true;
  return out;
}

function cleanTime(raw: unknown, nowMs: number): number {
  let v: number | null = null;
  if (typeof raw === 'number') v = raw;
  else if (raw instanceof Date) v = raw.getTime();
  // Date's own range: ±8.64e15 ms.
  if (v === null || !Number.isFinite(v) || v <= 0 || v > 8.64e15) return nowMs;
  return Math.floor(v);
}

function cleanLink(raw: unknown): string {
  const s = typeof raw === 'string' ? raw.trim() : '';
  if (s.length === 0 || s.length > LINK_MAX_CHARS || UNSAFE_IN_LINK_RE.test(s)) return '';
  return SAFE_LINK_RE.test(s) ? s : '';
}

/** An external id as the cleaner stores it (see cleanItem), or null when nothing of it is left. */
export function cleanExternalId(raw: string): string | null {
  const id = boundId(raw);
  return id.length > 0 ? id : null;
}

function requiredId(raw: unknown, field: string): string | { reason: string } {
  if (raw === undefined || raw === null) return { reason: `${field} is missing` };
  if (typeof raw !== 'string') return { reason: `${field} must be text, got ${typeof raw}` };
  const id = boundId(raw);
  if (id.length === 0) return { reason: `${field} is empty` };
  return id;
}

/** Clean one raw item. Never throws; rejects only unidentifiable items. */
export function cleanItem(raw: RawItem, nowMs: number): CleanResult {
  try {
    if (!isRecord(raw)) return { ok: false, reason: 'item is not an object' };
    const accountId = requiredId(raw.accountId, 'accountId');
    if (typeof accountId !== 'string') return { ok: false, reason: accountId.reason };
    const externalId = requiredId(raw.externalId, 'externalId');
    if (typeof externalId !== 'string') return { ok: false, reason: externalId.reason };
    const source = raw.source;
    if (typeof source !== 'string' || !(SOURCE_KINDS as readonly string[]).includes(source)) {
      const shown = typeof source === 'string' ? `'${cleanLine(source, 40)}'` : String(typeof source);
      return { ok: false, reason: `source ${shown} is not one of ${SOURCE_KINDS.join(', ')}` };
    }
    const threadRaw = str(raw.threadKey);
    const threadKey = threadRaw !== null && threadRaw.trim().length > 0 ? boundId(threadRaw) : externalId;
    const title = cleanLine(str(raw.title) ?? '', TITLE_MAX_CHARS);
    const link = cleanLink(raw.link);
    const altLink = cleanLink(raw.altLink);
    const item: ItemInput = {
      accountId,
      source: source as SourceKind,
      externalId,
      threadKey: threadKey.length > 0 ? threadKey : externalId,
      sender: cleanSender(raw.sender),
      title: title.length > 0 ? title : NO_SUBJECT,
      preview: cleanText(str(raw.preview) ?? '', PREVIEW_MAX_CHARS),
      receivedAtMs: cleanTime(raw.receivedAtMs, nowMs),
      // A second link on its own is the item's link; one that repeats the first is none.
      link: link || altLink,
      altLink: link === '' || altLink === link ? '' : altLink,
      hints: cleanHints(raw.hints),
      container: cleanLine(str(raw.container) ?? '', CONTAINER_MAX_CHARS),
    };
    return { ok: true, item };
  } catch (error) {
    // Hostile input (a throwing getter, a Proxy): refuse it rather than crash the engine.
    return { ok: false, reason: `item could not be read: ${error instanceof Error ? error.name : 'error'}` };
  }
}
