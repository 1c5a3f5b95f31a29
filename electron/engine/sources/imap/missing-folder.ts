/**
 * A watched folder the server does not have: deleted or renamed elsewhere, or mistyped in settings.
 * It is not a connection failure, so it must not make the source reconnect (and stop watching the
 * other folders); the source skips it, says so, and looks again later.
 */
import type { ImapFlow } from 'imapflow';
import { folderKey } from '../../../shared/accounts/imap';

export class MissingFolderError extends Error {
  constructor(readonly folder: string) {
    super(`Folder "${folder}" does not exist on the server.`);
    this.name = 'MissingFolderError';
  }
}

/**
 * Whether `error` (from SELECT or STATUS on `folder`) means the folder is not there. Servers word a
 * NO differently (Dovecot "Mailbox doesn't exist", Gmail "[NONEXISTENT] Unknown Mailbox") and a NO
 * can have other causes (permissions, a server fault), so a NO is confirmed with LIST.
 */
export async function isMissingFolder(client: ImapFlow, folder: string, error: unknown): Promise<boolean> {
  if (error instanceof MissingFolderError) return true;
  if (!client.usable) return false;
  const e = (error ?? {}) as { code?: string; responseStatus?: string };
  if (e.code !== 'NotFound' && e.responseStatus !== 'NO') return false;
  const boxes = await client.list().catch(() => null);
  return boxes !== null && missingFrom(boxes, [folder]).length > 0;
}

/** Those of `folders` that LIST did not return. */
export function missingFrom(boxes: readonly { path: string }[], folders: readonly string[]): string[] {
  const paths = new Set(boxes.map((b) => folderKey(b.path)));
  return folders.filter((f) => !paths.has(folderKey(f)));
}

/** The status line for a connection with missing folders. */
export function missingDetail(folders: readonly string[]): string {
  return `${missingSentence(folders)} The other folders are watched; check the folder list in this account's settings.`;
}

/** "Folder "X" does not exist on the server." for one or several. */
export function missingSentence(folders: readonly string[]): string {
  const names = folders.map((f) => `"${f}"`).join(', ');
  const one = folders.length === 1;
  return `Folder${one ? '' : 's'} ${names} ${one ? 'does' : 'do'} not exist on the server.`;
}
