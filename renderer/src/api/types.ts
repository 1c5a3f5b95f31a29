/** Contract types the UI uses, in one place. All inferred from electron/shared/contract.ts. */
import type { z } from 'zod';
import type {
  decisionSchema,
  ruleSchema,
  settingsSchema,
  storedItemSchema,
  focusBlockSchema,
  cadenceSchema,
  itemInputSchema,
} from '../../../electron/shared/contract';

import type { DeepReadonly } from '../../../electron/shared/contract';

export type {
  Account,
  AccountInput,
  AccountStatus,
  AccountConfig,
  BatchSummary,
  CommandInput,
  CommandOutput,
  ConnectionTest,
  EngineState,
  ReplayReport,
  Stats,
  WireError,
  DeepReadonly,
} from '../../../electron/shared/contract';

export type StoredItemT = z.infer<typeof storedItemSchema>;
export type DecisionT = z.infer<typeof decisionSchema>;
export type RuleT = z.infer<typeof ruleSchema>;
export type SettingsT = z.infer<typeof settingsSchema>;
export type FocusBlockT = z.infer<typeof focusBlockSchema>;
export type CadenceT = z.infer<typeof cadenceSchema>;
export type ItemInputT = z.infer<typeof itemInputSchema>;

/**
 * The engine hands out deep read-only data; the UI keeps it in React/zustand state, which it never
 * mutates either. This only drops the `readonly` markers so the same values can be sent back as inputs.
 */
export function mutable<T>(value: DeepReadonly<T>): T {
  return value as T;
}
