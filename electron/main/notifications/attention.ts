/**
 * An account that stops working (sign-in revoked, certificate changed, a folder gone) means mail
 * silently stops arriving, so it is worth one OS notification: when it starts, not on every state
 * update, and not again for the same problem while a flaky network makes it come and go.
 */
import type { EngineState, StateAccount as Account } from '../tray/tray-model';
import { accountsNeedingAttention, attentionLine } from '../tray/tray-model';
import { BODY_MAX, clip, type NotificationText } from './notification-text';

/** The same account and problem is told again only after this long. */
export const ATTENTION_REPEAT_MS = 6 * 60 * 60_000;

/** Returns, for each engine state, the accounts whose problem is new (and not told recently). */
export function createAttentionWatch(): (state: EngineState, nowMs: number) => readonly Account[] {
  let current = new Set<string>();
  const toldAt = new Map<string, number>();
  return (state, nowMs) => {
    const needing = accountsNeedingAttention(state);
    const key = (a: Account): string => `${a.id}\n${a.status.state}`;
    const fresh = needing.filter((a) => {
      if (current.has(key(a))) return false;
      const last = toldAt.get(key(a));
      return last === undefined || nowMs - last >= ATTENTION_REPEAT_MS;
    });
    for (const a of fresh) toldAt.set(key(a), nowMs);
    current = new Set(needing.map(key));
    return fresh;
  };
}

/** "Work mail: sign-in failed" / the account's own words, and what a click does. */
export function attentionNotificationText(account: Account): NotificationText {
  return {
    title: attentionLine(account),
    body: clip(`${account.status.detail} Click to fix it in Settings.`, BODY_MAX),
  };
}
