/**
 * Slack's message markup turned into a plain preview.
 *
 * https://docs.slack.dev/messaging/formatting-message-text: user mentions `<@U123>` (or `<@U123|name>`),
 * channels `<#C123|name>`, specials `<!here>`, user groups `<!subteam^S1|@team>`, dates
 * `<!date^…|fallback>`, links `<url|label>`; `&`, `<` and `>` arrive as entities. Emoji codes stay.
 */
import { PREVIEW_MAX_CHARS } from '../../../core/types';

const TOKEN = /<([^<>]+)>/g;

/** User ids mentioned in the text, so their names can be looked up before formatting. */
export function mentionedUserIds(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)) if (m[1]) ids.add(m[1]);
  return [...ids];
}

/** Channel ids referenced without a label (`<#C123>`), to look up. */
export function referencedChannelIds(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(/<#([CGD][A-Z0-9]+)>/g)) if (m[1]) ids.add(m[1]);
  return [...ids];
}

export interface Names {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
}

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Markup to plain text, whitespace collapsed, bounded to PREVIEW_MAX_CHARS. */
export function slackToPlain(text: string, names: Names, max = PREVIEW_MAX_CHARS): string {
  const out = text.replace(TOKEN, (_all, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('@')) {
      const name = names.user(target.slice(1)) ?? (label || target.slice(1));
      return `@${name.replace(/^@/, '')}`;
    }
    if (target.startsWith('#')) {
      const name = label || names.channel(target.slice(1)) || target.slice(1);
      return `#${name}`;
    }
    if (target.startsWith('!')) {
      const special = target.slice(1);
      if (label) return label;
      if (special.startsWith('subteam^')) return '@group';
      return `@${special.split('^')[0] ?? special}`;
    }
    if (label) return label;
    return target.replace(/^mailto:/, '');
  });
  const plain = decodeEntities(out).replace(/\s+/g, ' ').trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}
