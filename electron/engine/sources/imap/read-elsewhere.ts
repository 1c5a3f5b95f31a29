/**
 * Mail the user read in another mail app (a phone, webmail) while Lull held it. IMAP tells us in
 * three ways: new mail that is \Seen already, a FLAGS update while we IDLE, and with CONDSTORE a
 * FETCH CHANGEDSINCE after a reconnect or a changed STATUS. All three end here: their external ids.
 */
import type { FetchMessageObject, FetchQueryObject, ImapFlow } from 'imapflow';
import { messageToItem, type ParseContext } from './message';

export const SEEN = '\\Seen';

/** Lull's own "mark read" comes back as a FLAGS update too; it is not the user reading elsewhere. */
const OWN_MARK_MS = 10 * 60_000;

export function isSeen(m: Pick<FetchMessageObject, 'flags'>): boolean {
  return m.flags?.has(SEEN) === true;
}

/**
 * External ids of the \Seen messages in `range` (UIDs, or sequence numbers without `uid`), worked
 * out exactly as the catch-up's items (`query` holds the same id fields). With `changedSince` only
 * messages whose flags changed after that mod-sequence come back (CONDSTORE).
 */
export async function seenIds(
  client: ImapFlow,
  range: string,
  query: FetchQueryObject,
  ctx: ParseContext,
  opts: { readonly uid: boolean; readonly changedSince?: bigint },
): Promise<string[]> {
  const ids: string[] = [];
  for await (const m of client.fetch(range, { ...query, flags: true }, opts)) {
    if (!isSeen(m)) continue;
    try {
      ids.push(messageToItem(m, undefined, null, ctx).item.externalId);
    } catch {
      // A message that cannot be parsed never became an item either.
    }
  }
  return ids;
}

/** External ids Lull marked read itself, remembered for a while so their FLAGS update is not taken as the user's. */
export class OwnMarks {
  private readonly at = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  add(externalIds: readonly string[]): void {
    const t = this.now();
    for (const id of externalIds) this.at.set(id, t);
  }

  /** The ids that are not Lull's own recent marks. */
  others(externalIds: readonly string[]): string[] {
    const t = this.now();
    for (const [id, when] of this.at) if (t - when > OWN_MARK_MS) this.at.delete(id);
    return externalIds.filter((id) => !this.at.has(id));
  }
}
