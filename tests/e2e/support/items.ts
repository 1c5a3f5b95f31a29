import type { ItemInput } from '../../../electron/core/types';

let seq = 0;
const NO_HINTS = { dm: false, mention: false, myThread: false, bulk: false, cc: false, bot: false };

/** A mail-like item received now; accountId 'e2e' (the engine stores items for unknown accounts too). */
export function e2eItem(p: {
  from: string;
  name?: string;
  title: string;
  preview?: string;
  thread?: string;
  bulk?: boolean;
  accountId?: string;
}): ItemInput {
  seq += 1;
  return {
    accountId: p.accountId ?? 'e2e',
    source: 'imap',
    externalId: `e2e-${Date.now()}-${seq}`,
    threadKey: p.thread ?? `thread-${seq}`,
    sender: { name: p.name ?? '', address: p.from },
    title: p.title,
    preview: p.preview ?? 'Preview text of the message',
    receivedAtMs: Date.now(),
    link: `https://mail.example.com/m/${seq}`,
    altLink: '',
    hints: { ...NO_HINTS, bulk: p.bulk ?? false },
    container: 'INBOX',
  };
}
