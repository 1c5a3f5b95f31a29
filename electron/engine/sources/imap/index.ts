/** The IMAP source kind: see imap-source.ts. */
import type { SourceKindModule } from '../source';
import { ImapSource } from './imap-source';
import { testImapConnection } from './test-connection';

export const imapSource: SourceKindModule = {
  create: (ctx) => new ImapSource(ctx),
  test: (account, secret, log) => testImapConnection(account, secret, log),
};

export { ImapSource } from './imap-source';
export { testImapConnection } from './test-connection';
