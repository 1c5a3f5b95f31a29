/**
 * Raises OS notifications and reports what happened as `{ status, reason }` (Mattermost Desktop's
 * shape), so callers and logs can tell "sent" from "held back by the OS's do-not-disturb".
 *
 * Electron's Notification is injected as a factory so this runs in Node tests.
 */
import type { BatchSummary, EventPayload } from '../../shared/contract';
import type { StateAccount as Account } from '../tray/tray-model';
import { attentionNotificationText } from './attention';
import type { DndState } from './dnd';
import type { NotificationText } from './notification-text';
import { batchNotificationText, urgentNotificationText } from './notification-text';
import { burstNotificationText } from './urgent-burst';

export type NotifyResult =
  | { readonly status: 'success'; readonly reason: 'shown' }
  | { readonly status: 'not_sent'; readonly reason: 'os_dnd' | 'unsupported' | 'empty_batch' }
  | { readonly status: 'error'; readonly reason: string };

export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): void;
  show(): void;
}

export interface NotifierDeps {
  readonly isSupported: () => boolean;
  readonly create: (options: NotificationText & { readonly silent: boolean }) => NotificationLike;
  readonly dnd: () => Promise<DndState>;
  readonly sounds: () => boolean;
  /** Click on an urgent item: open it where it lives. */
  readonly openItem: (item: EventPayload<'delivered'>['item']) => void;
  /** Click on a batch summary: open the batch review. */
  readonly openBatch: (batch: BatchSummary) => void;
  /** Click on "an account needs attention": open that account's settings. */
  readonly openAccount: (account: Account) => void;
  /** Click on a burst's summary: open the list of what came through. */
  readonly openDelivered: () => void;
}

export interface Notifier {
  urgent(item: EventPayload<'delivered'>['item']): Promise<NotifyResult>;
  /** One notification for the rest of a burst of urgent items (see urgent-burst.ts). */
  burst(items: readonly EventPayload<'delivered'>['item'][]): Promise<NotifyResult>;
  batch(batch: BatchSummary): Promise<NotifyResult>;
  attention(account: Account): Promise<NotifyResult>;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  // Electron drops click handlers of notifications that were garbage-collected
  // (electron/electron#12690, #16922), so each one is kept until it is clicked or closed.
  const alive = new Set<NotificationLike>();

  async function show(text: NotificationText, onClick: () => void): Promise<NotifyResult> {
    if (!deps.isSupported()) return { status: 'not_sent', reason: 'unsupported' };
    if ((await deps.dnd()) === 'on') return { status: 'not_sent', reason: 'os_dnd' };
    try {
      const n = deps.create({ ...text, silent: !deps.sounds() });
      alive.add(n);
      n.on('click', () => {
        alive.delete(n);
        onClick();
      });
      n.on('close', () => alive.delete(n));
      n.show();
      return { status: 'success', reason: 'shown' };
    } catch (error) {
      return { status: 'error', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  return {
    urgent: (item) => show(urgentNotificationText(item), () => deps.openItem(item)),
    burst: (items) => show(burstNotificationText(items), () => deps.openDelivered()),
    batch: (batch) =>
      batch.itemCount === 0
        ? Promise.resolve({ status: 'not_sent', reason: 'empty_batch' })
        : show(batchNotificationText(batch), () => deps.openBatch(batch)),
    attention: (account) => show(attentionNotificationText(account), () => deps.openAccount(account)),
  };
}
