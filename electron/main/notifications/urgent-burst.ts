/**
 * Urgent notifications one by one, except in a burst. Outside focus every delivered item alerts, so
 * a catch-up after sleep (a night's mail arriving at once) would stack dozens of them. A burst is
 * items each within BURST_GAP_MS of the one before: its first BURST_SHOWN alert as they come, and
 * the rest are told in one summary once the burst has gone quiet.
 */
import type { EventPayload } from '../../shared/contract';
import type { NotificationText } from './notification-text';
import { BODY_MAX, clip } from './notification-text';

type DeliveredItem = EventPayload<'delivered'>['item'];

export const BURST_GAP_MS = 2000;
export const BURST_SHOWN = 2;
/** A burst that never goes quiet (an item every second for an hour) is still told this often. */
export const BURST_MAX_WAIT_MS = 10_000;

export interface UrgentBurstDeps {
  readonly showOne: (item: DeliveredItem) => void;
  readonly showSummary: (items: readonly DeliveredItem[]) => void;
  readonly now: () => number;
  /** Runs fn after ms; returns a cancel. */
  readonly schedule: (fn: () => void, ms: number) => () => void;
}

export function createUrgentBurst(deps: UrgentBurstDeps): (item: DeliveredItem) => void {
  let lastAtMs = -Infinity;
  let shownInBurst = 0;
  let rest: DeliveredItem[] = [];
  let restSinceMs = 0;
  let cancel: (() => void) | null = null;

  const flush = (): void => {
    cancel?.();
    cancel = null;
    const items = rest;
    rest = [];
    if (items.length === 1) deps.showOne(items[0] as DeliveredItem);
    else if (items.length > 1) deps.showSummary(items);
  };

  return (item) => {
    const now = deps.now();
    if (now - lastAtMs > BURST_GAP_MS) shownInBurst = 0;
    lastAtMs = now;
    if (shownInBurst < BURST_SHOWN && rest.length === 0) {
      shownInBurst += 1;
      deps.showOne(item);
      return;
    }
    if (rest.length === 0) restSinceMs = now;
    rest.push(item);
    if (now - restSinceMs >= BURST_MAX_WAIT_MS) return flush();
    cancel?.();
    cancel = deps.schedule(flush, BURST_GAP_MS);
  };
}

function senderOf(item: DeliveredItem): string {
  return item.sender.name.trim() || item.sender.address.trim() || 'Unknown sender';
}

/** "12 more came through" / "Ada Lovelace, Grace Hopper and 10 others". */
export function burstNotificationText(items: readonly DeliveredItem[]): NotificationText {
  const names = [...new Set(items.map(senderOf))];
  const named = names.slice(0, 2).join(', ');
  const others = names.length - 2;
  const who = others > 0 ? `${named} and ${others} ${others === 1 ? 'other' : 'others'}` : named;
  return {
    title: `${items.length} more came through`,
    body: clip(`From ${who}. Click to see them.`, BODY_MAX),
  };
}
