/**
 * Parsing a pasted list of senders: addresses, '@domain', chat user ids or handles.
 * Accepts "Name <a@b.c>" forms, commas, semicolons, newlines; reports invalid entries and duplicates.
 */
export interface ParsedSenders {
  /** Unique valid entries, lower-cased, in the order first seen. */
  valid: string[];
  invalid: string[];
  duplicates: string[];
}

const EMAIL = /^[^\s@<>(),;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const DOMAIN = /^@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
/** Slack/Teams user ids and handles: no spaces, no '@' inside. */
const CHAT_ID = /^@?[a-z0-9][a-z0-9._-]{1,79}$/i;

export function classifySender(entry: string): 'email' | 'domain' | 'chat' | 'invalid' {
  if (EMAIL.test(entry)) return 'email';
  if (DOMAIN.test(entry)) return 'domain';
  if (!entry.includes('@', 1) && CHAT_ID.test(entry)) return 'chat';
  return 'invalid';
}

export function splitSenders(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\n,;]+/)) {
    const part = raw.trim();
    if (!part) continue;
    const angle = /<([^>]+)>/.exec(part);
    if (angle?.[1]) {
      out.push(angle[1].trim());
      continue;
    }
    for (const word of part.split(/\s+/)) if (word) out.push(word.replace(/^mailto:/i, ''));
  }
  return out;
}

export function parseSenders(text: string): ParsedSenders {
  const seen = new Set<string>();
  const valid: string[] = [];
  const invalid: string[] = [];
  const duplicates: string[] = [];
  for (const entry of splitSenders(text)) {
    const norm = entry.toLowerCase();
    if (classifySender(norm) === 'invalid') {
      invalid.push(entry);
      continue;
    }
    if (seen.has(norm)) {
      if (!duplicates.includes(norm)) duplicates.push(norm);
      continue;
    }
    seen.add(norm);
    valid.push(norm);
  }
  return { valid, invalid, duplicates };
}
