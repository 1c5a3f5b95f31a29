/**
 * Hold at the server: during focus, new non-urgent mail moves from INBOX to `Lull/Held`, so phones
 * and other clients stay quiet too; at release (and on every start, and when the feature is turned
 * off) everything there goes back.
 *
 * The way back is crash-safe: a message found in INBOX already (same Message-ID, e.g. a COPY that
 * landed before a crash stopped its EXPUNGE) is only deleted from Lull/Held, never copied twice.
 */
import type { ImapFlow, ListResponse } from 'imapflow';
import { messageIds } from './message';

export const HELD_PATH = ['Lull', 'Held'] as const;

export interface ReturnHooks {
  /** Use COPY + STORE \Deleted + UID EXPUNGE even when MOVE exists (the fallback path). */
  readonly forceCopy?: boolean;
  /** Called after COPY, before the EXPUNGE: the crash window tests aim at. */
  readonly afterCopy?: () => Promise<void> | void;
}

/** The held folder's path with the server's delimiter, created if missing. */
export async function ensureHeldFolder(client: ImapFlow): Promise<string> {
  const existing = await findHeldFolder(client);
  if (existing) return existing;
  const created = await client.mailboxCreate([...HELD_PATH]);
  return created.path;
}

export async function findHeldFolder(client: ImapFlow): Promise<string | null> {
  return heldFolderIn(await client.list());
}

/** The held folder's path in a LIST result, or null. */
export function heldFolderIn(list: readonly ListResponse[]): string | null {
  const found = list.find((m) => m.path.split(m.delimiter || '/').join('/') === HELD_PATH.join('/'));
  return found ? found.path : null;
}

/** Moves these INBOX UIDs (INBOX must be selected) into Lull/Held. */
export async function moveToHeld(
  client: ImapFlow,
  uids: readonly number[],
  heldPath: string,
): Promise<number> {
  if (uids.length === 0) return 0;
  const r = await client.messageMove(uids.join(','), heldPath, { uid: true });
  return r ? uids.length : 0;
}

async function moveBack(client: ImapFlow, uids: readonly number[], hooks: ReturnHooks): Promise<void> {
  if (uids.length === 0) return;
  const set = uids.join(',');
  if (!hooks.forceCopy && client.capabilities.has('MOVE')) {
    await client.messageMove(set, 'INBOX', { uid: true });
    return;
  }
  await client.messageCopy(set, 'INBOX', { uid: true });
  await hooks.afterCopy?.();
  // STORE \Deleted + UID EXPUNGE (UIDPLUS), so only these messages go.
  await client.messageDelete(set, { uid: true });
}

/**
 * Everything in Lull/Held back to INBOX, each message there exactly once. Leaves INBOX selected.
 * Returns how many messages went back (moved or found there already).
 */
export async function returnAllHeld(client: ImapFlow, hooks: ReturnHooks = {}): Promise<number> {
  const held = await findHeldFolder(client);
  if (!held) return 0;
  const box = await client.mailboxOpen(held);
  if (box.exists === 0) {
    await client.mailboxOpen('INBOX');
    return 0;
  }
  const entries: { uid: number; id: string | null }[] = [];
  for await (const m of client.fetch('1:*', { uid: true, envelope: true })) {
    entries.push({ uid: m.uid, id: messageIds(m.envelope?.messageId)[0] ?? null });
  }
  await client.mailboxOpen('INBOX');
  const already = new Set<number>();
  for (const e of entries) {
    if (!e.id) continue;
    const hits = await client.search({ header: { 'message-id': e.id } }, { uid: true });
    if (hits && hits.length > 0) already.add(e.uid);
  }
  await client.mailboxOpen(held);
  const dupes = entries.filter((e) => already.has(e.uid)).map((e) => e.uid);
  if (dupes.length > 0) await client.messageDelete(dupes.join(','), { uid: true });
  await moveBack(
    client,
    entries.filter((e) => !already.has(e.uid)).map((e) => e.uid),
    hooks,
  );
  await client.mailboxOpen('INBOX');
  return entries.length;
}
