/**
 * Contract names the UI needs at run time, without loading zod into the first chunk (the Status
 * window must be interactive fast). Each list is a Record over the contract's own type, so adding
 * or removing a command, event, source or hint in contract.ts fails the type check here.
 */
import type { CommandName, EventName } from '../../../electron/shared/contract';
import type { EngineState, StoredItemT } from './types';

export type SourceKind = keyof EngineState['heldBySource'];
export type HintName = keyof StoredItemT['hints'];

const COMMANDS: Record<CommandName, true> = {
  getState: true,
  startFocus: true,
  endFocus: true,
  pause: true,
  resume: true,
  releaseNow: true,
  listBatches: true,
  listItems: true,
  setDone: true,
  snooze: true,
  markRead: true,
  openItem: true,
  getSettings: true,
  setSettings: true,
  previewCadence: true,
  getRules: true,
  setRules: true,
  addSenderRule: true,
  restoreRules: true,
  testRule: true,
  replay: true,
  stats: true,
  listAccounts: true,
  addAccount: true,
  updateAccount: true,
  removeAccount: true,
  testAccount: true,
  trustCertificate: true,
  linkPeople: true,
  listOAuthProviders: true,
  suggestImapServer: true,
  beginSignIn: true,
  setDemo: true,
};
const EVENTS: Record<EventName, true> = {
  state: true,
  delivered: true,
  batch: true,
  readElsewhere: true,
  signIn: true,
};
const SOURCES: Record<SourceKind, true> = { imap: true, slack: true, teams: true, webhook: true, demo: true };
const HINTS: Record<HintName, true> = {
  dm: true,
  mention: true,
  myThread: true,
  bulk: true,
  cc: true,
  bot: true,
};

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];
export const SOURCE_KINDS = Object.keys(SOURCES) as SourceKind[];
export const HINT_NAMES = Object.keys(HINTS) as HintName[];
