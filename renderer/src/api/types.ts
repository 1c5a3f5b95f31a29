/**
 * Contract types the UI uses, in one place. The contract's own inferred types are re-exported; the
 * rest are read off its command table. Type-only imports, so zod stays out of the bundle.
 */
import type { z } from 'zod';
import type { commands, DeepReadonly } from '../../../electron/shared/contract';

export type {
  Account,
  AccountInput,
  AccountStatus,
  AccountConfig,
  BatchSummary,
  CommandInput,
  CommandOutput,
  ConnectionTest,
  ServerSuggestion,
  EngineState,
  ReplayReport,
  Stats,
  WireError,
  DeepReadonly,
} from '../../../electron/shared/contract';

/** A command's output as plain (not read-only) data. */
type Output<K extends keyof typeof commands> = z.output<(typeof commands)[K]['output']>;

export type SettingsT = Output<'getSettings'>;
export type RuleT = Output<'getRules'>['rules'][number];
export type StoredItemT = Output<'listItems'>[number];
export type DecisionT = StoredItemT['decision'];
export type FocusBlockT = SettingsT['schedule']['blocks'][number];
export type CadenceT = SettingsT['batching']['cadence'];
export type OAuthProviderT = Output<'listOAuthProviders'>[number];

/**
 * The engine hands out deep read-only data; the UI keeps it in React/zustand state, which it never
 * mutates either. This only drops the `readonly` markers so the same values can be sent back as inputs.
 */
export function mutable<T>(value: DeepReadonly<T>): T {
  return value as T;
}
