/**
 * Who a sender is, as one key across sources: an email address is the same person in mail and chat
 * (when the chat source reports the email), anything else is scoped to its source.
 */
import type { Sender, SourceKind } from './types';

/**
 * The person key: the lower-cased email address as is (no +tag or dot folding: those can be different
 * people), `${source}:${handle}` for a chat id or handle, or '' when the sender has no address at all
 * ('' never counts towards repeat rules).
 */
export function personKeyOf(sender: Sender, source: SourceKind): string {
  const address = sender.address.trim().toLowerCase();
  if (address.length === 0) return '';
  const at = address.lastIndexOf('@');
  if (at > 0 && at < address.length - 1) return address;
  return `${source}:${address}`;
}
