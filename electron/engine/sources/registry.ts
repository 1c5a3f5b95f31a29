/** Which module runs each kind of account. Each source adds its own line. */
import type { SourceKind } from '../../core/types';
import type { SourceKindModule } from './source';
import { demoSource } from './demo';
import { imapSource } from './imap';
import { slackSource } from './slack/slack-source';
import { teamsSource } from './teams/teams-source';
import { webhookSource } from './webhook/webhook-source';

export const sourceModules: Partial<Record<SourceKind, SourceKindModule>> = {
  demo: demoSource,
  imap: imapSource,
  slack: slackSource,
  teams: teamsSource,
  webhook: webhookSource,
};
