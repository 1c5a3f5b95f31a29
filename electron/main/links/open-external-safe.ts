/**
 * The one way Lull opens a link outside itself (Electron security checklist: shell.openExternal
 * only through an allow-list). Everything else is refused and logged.
 */
import { domainToUnicode } from 'node:url';
import type { Logger } from '../../engine/log';

export const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set([
  'https:',
  'mailto:',
  'message:',
  'slack:',
  'msteams:',
]);
const MAX_URL_CHARS = 4000;

export type LinkCheck =
  { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

/** Decides whether `raw` may be handed to the OS; returns the normalised URL to open. */
export function checkExternalUrl(raw: string): LinkCheck {
  if (raw.length > MAX_URL_CHARS) return { ok: false, reason: 'too long' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol))
    return { ok: false, reason: `scheme ${url.protocol} not allowed` };
  if (url.protocol === 'https:') {
    if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials in URL' };
    if (url.hostname === '') return { ok: false, reason: 'no host' };
    const spoof = lookalikeLabel(url.hostname);
    if (spoof !== null) return { ok: false, reason: `lookalike host label ${spoof}` };
  }
  return { ok: true, url: url.href };
}

const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE_SCRIPTS = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u;

/**
 * A host label that mixes Latin with a script whose letters look Latin ("аpple" with a Cyrillic а):
 * the classic IDN homograph. Whole-script labels (a Cyrillic domain) are allowed.
 */
function lookalikeLabel(hostname: string): string | null {
  for (const label of hostname.split('.')) {
    if (!label.startsWith('xn--')) continue;
    const unicode = domainToUnicode(label);
    const letters = [...unicode].filter((c) => /\p{L}/u.test(c));
    const latin = letters.some((c) => LATIN.test(c));
    const confusable = letters.some((c) => CONFUSABLE_SCRIPTS.test(c));
    if (unicode === '' || (latin && confusable)) return label;
  }
  return null;
}

export interface OpenExternalDeps {
  readonly openExternal: (url: string) => Promise<void>;
  readonly log: Logger;
}

/** Opens `raw` with the OS if the allow-list permits it; refusals are logged, never thrown. */
export async function openExternalSafe(raw: string, deps: OpenExternalDeps): Promise<LinkCheck> {
  const check = checkExternalUrl(raw);
  if (!check.ok) {
    // The URL itself may carry a token; log only its scheme and the reason.
    deps.log.warn('refused to open link', { reason: check.reason, scheme: schemeOf(raw) });
    return check;
  }
  try {
    await deps.openExternal(check.url);
    return check;
  } catch (error) {
    deps.log.warn('the OS could not open a link', { error, scheme: schemeOf(raw) });
    return { ok: false, reason: 'the OS could not open it' };
  }
}

function schemeOf(raw: string): string {
  return /^\s*([a-z][a-z0-9+.-]{0,30}):/i.exec(raw)?.[1]?.toLowerCase() ?? '(none)';
}
