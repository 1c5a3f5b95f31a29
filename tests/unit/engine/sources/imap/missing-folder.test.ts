import type { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import {
  MissingFolderError,
  isMissingFolder,
  missingDetail,
  missingFrom,
} from '../../../../../electron/engine/sources/imap/missing-folder';

/** What isMissingFolder reads of a client: whether it is usable, and LIST. */
function client(paths: string[] | Error, usable = true): ImapFlow {
  const list = () =>
    paths instanceof Error ? Promise.reject(paths) : Promise.resolve(paths.map((path) => ({ path })));
  return { usable, list } as unknown as ImapFlow;
}

const no = { responseStatus: 'NO', responseText: 'Permission denied' };

describe('isMissingFolder', () => {
  it('counts a NO as missing only when LIST confirms the folder is not there', async () => {
    expect(await isMissingFolder(client(['INBOX', 'Work']), 'Gone', no)).toBe(true);
    // The folder exists: the NO had another cause (permissions, a server fault).
    expect(await isMissingFolder(client(['INBOX', 'Work']), 'Work', no)).toBe(false);
    expect(await isMissingFolder(client(['INBOX']), 'inbox', no)).toBe(false);
    expect(await isMissingFolder(client(['INBOX']), 'Gone', { code: 'NotFound' })).toBe(true);
  });

  it('never calls a connection failure or an unconfirmed NO a missing folder', async () => {
    expect(await isMissingFolder(client(['INBOX']), 'Gone', { code: 'ECONNRESET' })).toBe(false);
    expect(await isMissingFolder(client(['INBOX']), 'Gone', new Error('Socket closed'))).toBe(false);
    expect(await isMissingFolder(client(['INBOX'], false), 'Gone', no)).toBe(false);
    expect(await isMissingFolder(client(new Error('LIST failed')), 'Gone', no)).toBe(false);
    expect(await isMissingFolder(client(['INBOX'], false), 'Gone', new MissingFolderError('Gone'))).toBe(
      true,
    );
  });
});

describe('missingDetail', () => {
  it('names each missing folder, in one sentence for one or several', () => {
    expect(missingDetail(['Gone'])).toMatch(
      /^Folder "Gone" does not exist on the server\. The other folders/,
    );
    expect(missingDetail(['Gone', 'Lost'])).toMatch(/^Folders "Gone", "Lost" do not exist on the server\./);
  });
});

describe('missingFrom', () => {
  it('keeps the folders LIST did not return, INBOX in any case', () => {
    const boxes = [{ path: 'INBOX' }, { path: 'Work' }, { path: 'work/2026' }];
    expect(missingFrom(boxes, ['inbox', 'Work', 'work', 'Gone', 'work/2026'])).toEqual(['work', 'Gone']);
  });
});
