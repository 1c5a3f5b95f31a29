/**
 * Slack messages the user read in another Slack client (the phone, the desktop app) while Lull held
 * them. Socket Mode sends no read-marker events, so Lull asks conversations.info for each
 * conversation's `last_read` (the calling user's read marker) and compares its items' ts with it.
 * Thread replies are left out: opening a channel moves its marker past replies nobody opened.
 */
import type { SlackApi } from './api';

/** Conversations asked per check: conversations.info is Tier 3 (50 a minute), shared with gap fill. */
export const READ_CHECK_MAX_CONVERSATIONS = 20;

interface OpenItem {
  readonly externalId: string;
  readonly threadKey: string;
}

const TS = /^\d+\.\d+$/;

/**
 * a ≤ b for Slack timestamps, compared as text so it is exact for any number of digits: the
 * seconds by length then value, the fraction padded to the same length.
 */
export function tsAtMost(a: string, b: string): boolean {
  const [as = '', af = ''] = a.split('.');
  const [bs = '', bf = ''] = b.split('.');
  if (as.length !== bs.length) return as.length < bs.length;
  if (as !== bs) return as < bs;
  const width = Math.max(af.length, bf.length);
  return af.padEnd(width, '0') <= bf.padEnd(width, '0');
}

/** "C123:1700000000.000100" → channel and ts; null for anything else. */
function parseId(id: string): { channel: string; ts: string } | null {
  const at = id.lastIndexOf(':');
  if (at <= 0) return null;
  const ts = id.slice(at + 1);
  return TS.test(ts) ? { channel: id.slice(0, at), ts } : null;
}

/**
 * When each conversation's marker was last asked: the next check asks those it asked longest ago
 * first, so with more than READ_CHECK_MAX_CONVERSATIONS waiting, every one gets its turn.
 */
export type AskedAt = Map<string, number>;

/** The external ids of `open` that are at or before their conversation's read marker. */
export async function readInSlack(
  api: SlackApi,
  open: readonly OpenItem[],
  askedAt: AskedAt,
  nowMs: number,
): Promise<string[]> {
  const byChannel = new Map<string, { externalId: string; ts: string }[]>();
  for (const item of open) {
    const id = parseId(item.externalId);
    // A reply's thread key names its parent; a channel message is its own thread.
    if (!id || item.threadKey !== item.externalId) continue;
    const list = byChannel.get(id.channel);
    if (list) list.push({ externalId: item.externalId, ts: id.ts });
    else byChannel.set(id.channel, [{ externalId: item.externalId, ts: id.ts }]);
  }
  // Forget conversations with nothing waiting, so the map stays as small as what waits.
  for (const channel of askedAt.keys()) if (!byChannel.has(channel)) askedAt.delete(channel);
  const turn = [...byChannel]
    .sort(([a], [b]) => (askedAt.get(a) ?? -1) - (askedAt.get(b) ?? -1))
    .slice(0, READ_CHECK_MAX_CONVERSATIONS);
  const read: string[] = [];
  for (const [channel, items] of turn) {
    askedAt.set(channel, nowMs);
    const res = await api.call<{ channel?: { last_read?: string } }>('conversations.info', { channel });
    const lastRead = res.channel?.last_read;
    if (!lastRead || !TS.test(lastRead)) continue;
    for (const item of items) if (tsAtMost(item.ts, lastRead)) read.push(item.externalId);
  }
  return read;
}
