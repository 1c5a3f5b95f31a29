/**
 * The words of Lull's OS notifications, as pure functions of contract data.
 */
import type { BatchSummary, EventPayload } from '../../shared/contract';

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

type DeliveredItem = EventPayload<'delivered'>['item'];

const TITLE_MAX = 120;
export const BODY_MAX = 240;

/** One line, at most `max` characters (an ellipsis marks a cut). */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Ada Lovelace — Server down" / reason it broke through. */
export function urgentNotificationText(item: DeliveredItem): NotificationText {
  const sender = item.sender.name.trim() || item.sender.address.trim() || 'Unknown sender';
  const title = item.title.trim() || '(no subject)';
  return {
    title: clip(`${sender} — ${title}`, TITLE_MAX),
    body: clip(item.decision.reason || 'Delivered now.', BODY_MAX),
  };
}

/** "12 held · 5 people · 2 threads". */
export function batchSummaryLine(batch: BatchSummary): string {
  return [
    `${batch.itemCount} held`,
    plural(batch.peopleCount, 'person', 'people'),
    plural(batch.threadCount, 'thread', 'threads'),
  ].join(' · ');
}

const TRIGGER_TEXT: Record<BatchSummary['trigger'], string> = {
  slot: 'Scheduled batch',
  'focus-end': 'Focus ended',
  manual: 'Released now',
  'catch-up': 'Missed while away',
  cap: 'Waited long enough',
};

/** One notification per batch; the body says why it came now and what a click does. */
export function batchNotificationText(batch: BatchSummary): NotificationText {
  return { title: batchSummaryLine(batch), body: `${TRIGGER_TEXT[batch.trigger]}. Click to review.` };
}
