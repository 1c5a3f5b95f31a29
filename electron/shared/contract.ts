/**
 * The one typed contract between UI and engine.
 *
 * Every command the UI may send and every event the engine may push is a zod schema here; types are
 * inferred from them. Both transports (Electron IPC via preload, WebSocket via the browser host) carry
 * exactly these shapes, and both ends validate with `parseUnknown`.
 */
import { z } from 'zod';
import type * as core from '../core/types';
import { HINT_NAMES, SOURCE_KINDS } from '../core/types';
import { imapConfigSchema } from './accounts/imap';
import { demoConfigSchema, slackConfigSchema, teamsConfigSchema, webhookConfigSchema } from './accounts/chat';

const id = z.string().min(1).max(200);
const timeMs = z.number().int().min(0).max(8.64e15);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour)');

export const sourceKindSchema = z.enum(SOURCE_KINDS);
export const hintNameSchema = z.enum(HINT_NAMES);
export const hintsSchema = z.object(
  Object.fromEntries(HINT_NAMES.map((h) => [h, z.boolean()])) as Record<core.HintName, z.ZodBoolean>,
);

export const senderSchema = z.object({ name: z.string().max(1000), address: z.string().max(1000) });

export const itemInputSchema = z.object({
  accountId: id,
  source: sourceKindSchema,
  externalId: z.string().min(1).max(2000),
  threadKey: z.string().max(2000),
  sender: senderSchema,
  title: z.string(),
  preview: z.string(),
  receivedAtMs: z.number(),
  link: z.string().max(4000),
  altLink: z.string().max(4000),
  hints: hintsSchema,
  container: z.string().max(1000),
});

export const decisionActionSchema = z.enum(['deliver', 'hold', 'mute']);
export const traceStepSchema = z.object({ ruleId: z.string(), matched: z.boolean(), note: z.string() });
export const decisionSchema = z.object({
  action: decisionActionSchema,
  ruleId: z.string(),
  reason: z.string(),
  trace: z.array(traceStepSchema),
  inFocus: z.boolean().optional(),
});

export const storedItemSchema = itemInputSchema.extend({
  id: z.number().int(),
  personKey: z.string(),
  ingestedAtMs: timeMs,
  decision: decisionSchema,
  state: z.enum(['held', 'delivered', 'muted', 'released']),
  batchId: z.number().int().nullable(),
  done: z.boolean(),
  snoozedAtMs: timeMs.nullable(),
});

/* ---------- settings ---------- */

export const focusBlockSchema = z
  .object({
    weekday: z.number().int().min(0).max(6),
    startMin: z.number().int().min(0).max(1439),
    endMin: z.number().int().min(1).max(1440),
  })
  .refine((b) => b.endMin > b.startMin, { message: 'A block must end after it starts', path: ['endMin'] });

export const timeZoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Unknown time zone (use an IANA name such as Europe/Berlin)' },
);

export const focusScheduleSchema = z.object({
  timeZone: timeZoneSchema,
  blocks: z.array(focusBlockSchema).max(200),
});

export const cadenceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('every'),
    hours: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  }),
  z.object({ kind: z.literal('times'), times: z.array(hhmm).min(1, 'Add at least one time').max(48) }),
  z.object({ kind: z.literal('cron'), expr: z.string().min(1, 'Enter a cron expression').max(200) }),
]);

export const batchingSchema = z.object({
  cadence: cadenceSchema,
  releaseAtFocusEnd: z.boolean(),
  outsideFocus: z.enum(['deliver', 'batch']),
  maxWaitMin: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60),
});

export const generalSchema = z.object({
  startAtLogin: z.boolean(),
  sounds: z.boolean(),
  retentionDays: z.number().int().min(1).max(3650),
  globalShortcut: z.string().max(100),
  theme: z.enum(['system', 'light', 'dark']),
});

export const settingsSchema = z.object({
  schedule: focusScheduleSchema,
  batching: batchingSchema,
  general: generalSchema,
});

/* ---------- rules ---------- */

export const ruleMatchSchema = z.object({
  senders: z.array(z.string().trim().min(1).max(320)).max(20000),
  keywords: z.array(z.string().trim().min(1).max(200)).max(5000),
  hints: z.array(hintNameSchema).max(HINT_NAMES.length),
  accounts: z.array(id).max(100),
  containers: z.array(z.string().min(1).max(1000)).max(1000),
  sources: z.array(sourceKindSchema).max(SOURCE_KINDS.length),
  repeat: z
    .object({
      count: z.number().int().min(2).max(100),
      withinMin: z
        .number()
        .int()
        .min(1)
        .max(24 * 60),
    })
    .nullable(),
});

export const ruleSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1, 'Give the rule a name').max(200),
  enabled: z.boolean(),
  match: ruleMatchSchema,
  action: decisionActionSchema,
  limitPerHour: z.number().int().min(1).max(1000).nullable(),
});

export const ruleListSchema = z
  .array(ruleSchema)
  .max(1000)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, {
    message: 'Rule ids must be unique',
  });

export const ruleSetSchema = z.object({ version: z.number().int().min(0), rules: ruleListSchema });

/* ---------- accounts ---------- */

export const accountConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('imap'), imap: imapConfigSchema }),
  z.object({ kind: z.literal('slack'), slack: slackConfigSchema }),
  z.object({ kind: z.literal('teams'), teams: teamsConfigSchema }),
  z.object({ kind: z.literal('webhook'), webhook: webhookConfigSchema }),
  z.object({ kind: z.literal('demo'), demo: demoConfigSchema }),
]);

export const accountStatusSchema = z.object({
  state: z.enum([
    'connecting',
    'connected',
    'catching-up',
    'auth-failed',
    'offline',
    'tls-untrusted',
    'disabled',
    'error',
  ]),
  /** For a person: server text, "retrying in 30 s", "catching up 120/500". Never a secret. */
  detail: z.string(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  retryAtMs: timeMs.nullable(),
  /** For tls-untrusted: the certificate the user may pin. */
  certificate: z.object({ sha256: z.string(), issuer: z.string(), subject: z.string() }).nullable(),
});

export const accountSchema = z.object({
  id,
  name: z.string().trim().min(1, 'Give the account a name').max(200),
  enabled: z.boolean(),
  config: accountConfigSchema,
  status: accountStatusSchema,
});

export const accountInputSchema = z.object({
  name: z.string().trim().min(1, 'Give the account a name').max(200),
  enabled: z.boolean().default(true),
  config: accountConfigSchema,
  /** Password, app password or token: goes straight to the keychain, never stored elsewhere. */
  secret: z.string().max(20000).optional(),
});

export const connectionTestSchema = z.object({
  ok: z.boolean(),
  kind: z.enum([
    'ok',
    'dns',
    'refused',
    'timeout',
    'tls',
    'auth',
    'scopes',
    'plain-not-allowed',
    'no-keychain',
    'error',
  ]),
  message: z.string(),
  capabilities: z.array(z.string()),
  /** IMAP: the folders the server lets us select, INBOX first, to pick the ones to watch from. */
  folders: z.array(z.string()).max(2000).optional(),
  certificate: z.object({ sha256: z.string(), issuer: z.string(), subject: z.string() }).nullable(),
});

/** IMAP settings worked out from an address, for the account form to fill in (and the user to check). */
export const serverSuggestionSchema = z.object({
  name: z.string(),
  host: z.string(),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['tls', 'starttls']),
  /** The OAuth2 provider id this server signs in with (offered only if it is configured). */
  oauthProvider: z.string().nullable(),
  note: z.string().nullable(),
  helpUrl: z.string().nullable(),
  /** known: Lull's list of providers; srv: the domain's DNS names the server; mx: its mail is hosted there. */
  source: z.enum(['known', 'srv', 'mx']),
});
export type ServerSuggestion = z.infer<typeof serverSuggestionSchema>;

/* ---------- state, batches, stats ---------- */

export const focusStateSchema = z.object({
  on: z.boolean(),
  untilMs: timeMs.nullable(),
  origin: z.enum(['schedule', 'manual', 'none']),
  paused: z.boolean(),
  pausedUntilMs: timeMs.nullable(),
});

export const batchSummarySchema = z.object({
  id: z.number().int(),
  releasedAtMs: timeMs,
  trigger: z.enum(['slot', 'focus-end', 'manual', 'catch-up', 'cap']),
  itemCount: z.number().int(),
  peopleCount: z.number().int(),
  threadCount: z.number().int(),
});

export const heldBySourceSchema = z.object(
  Object.fromEntries(SOURCE_KINDS.map((k) => [k, z.number().int()])) as Record<core.SourceKind, z.ZodNumber>,
);

export const engineStateSchema = z.object({
  nowMs: timeMs,
  focus: focusStateSchema,
  heldCount: z.number().int(),
  heldBySource: heldBySourceSchema,
  nextReleaseAtMs: timeMs.nullable(),
  /** End of the current or next scheduled focus block, for "until the block ends". */
  blockEndMs: timeMs.nullable(),
  lastBatch: batchSummarySchema.nullable(),
  accounts: z.array(accountSchema),
  demo: z.boolean(),
});

export const itemFilterSchema = z.object({
  batchId: z.number().int().optional(),
  state: z.enum(['held', 'delivered', 'muted', 'released']).optional(),
  source: sourceKindSchema.optional(),
  accountId: id.optional(),
  text: z.string().max(200).optional(),
  includeDone: z.boolean().optional(),
  /** Paging: items with id below this. */
  beforeId: z.number().int().optional(),
  limit: z.number().int().min(1).max(10000).default(200),
});

export const statsSchema = z.object({
  days: z.array(
    z.object({ day: z.string(), interruptionsAvoided: z.number().int(), breakthroughs: z.number().int() }),
  ),
  breakthroughsByRule: z.array(z.object({ ruleId: z.string(), name: z.string(), count: z.number().int() })),
  averageWaitMin: z.number(),
});

export const replayChangeSchema = z.object({
  item: storedItemSchema,
  before: decisionSchema,
  after: decisionSchema,
});

export const replayReportSchema = z.object({
  itemsConsidered: z.number().int(),
  wouldBreakThrough: z.number().int(),
  wouldBeHeld: z.number().int(),
  wouldBeMuted: z.number().int(),
  changes: z.array(replayChangeSchema),
});

/* ---------- commands ---------- */

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const ids = z.object({ ids: z.array(z.number().int()).min(1).max(10000) });

/** Every command: name → input and output schema. The preload exposes one method per entry. */
export const commands = {
  getState: { input: empty, output: engineStateSchema },
  startFocus: {
    input: z.union([
      z
        .object({
          minutes: z
            .number()
            .int()
            .min(1)
            .max(24 * 60),
        })
        .strict(),
      z.object({ untilMs: timeMs }).strict(),
      z.object({ untilBlockEnd: z.literal(true) }).strict(),
    ]),
    output: engineStateSchema,
  },
  endFocus: { input: empty, output: engineStateSchema },
  pause: { input: z.object({ untilMs: timeMs.nullable() }).strict(), output: engineStateSchema },
  resume: { input: empty, output: engineStateSchema },
  releaseNow: { input: empty, output: batchSummarySchema.nullable() },
  listBatches: {
    input: z.object({
      beforeId: z.number().int().optional(),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    output: z.array(batchSummarySchema),
  },
  listItems: { input: itemFilterSchema, output: z.array(storedItemSchema) },
  setDone: { input: ids.extend({ done: z.boolean() }), output: ok },
  snooze: { input: ids, output: ok },
  markRead: {
    input: ids,
    output: z.object({ marked: z.number().int(), failed: z.number().int(), message: z.string() }),
  },
  /** `alt`: the item's other link (the mail app for webmail mail); empty when it has none. */
  openItem: {
    input: z.object({ id: z.number().int(), alt: z.boolean().optional() }),
    output: z.object({ link: z.string() }),
  },
  getSettings: { input: empty, output: settingsSchema },
  setSettings: { input: settingsSchema, output: settingsSchema },
  previewCadence: {
    input: z.object({
      cadence: cadenceSchema,
      timeZone: timeZoneSchema,
      count: z.number().int().min(1).max(20).default(5),
    }),
    output: z.object({ nextMs: z.array(timeMs) }),
  },
  getRules: { input: empty, output: ruleSetSchema },
  setRules: { input: z.object({ rules: ruleListSchema }), output: ruleSetSchema },
  /** One click: a whitelist (deliver) or mute rule for this sender; returns the new set and the one to undo to. */
  addSenderRule: {
    input: z.object({ address: z.string().trim().min(1).max(320), action: z.enum(['deliver', 'mute']) }),
    output: z.object({ rules: ruleSetSchema, previousVersion: z.number().int() }),
  },
  /** Restore an earlier rules version (undo). */
  restoreRules: { input: z.object({ version: z.number().int().min(0) }), output: ruleSetSchema },
  testRule: {
    input: z.object({
      item: itemInputSchema.partial().extend({ sender: senderSchema, title: z.string() }),
      rules: ruleListSchema.optional(),
    }),
    output: decisionSchema,
  },
  replay: {
    input: z.object({ rules: ruleListSchema, days: z.number().int().min(1).max(90) }),
    output: replayReportSchema,
  },
  stats: { input: z.object({ days: z.number().int().min(1).max(90).default(7) }), output: statsSchema },
  listAccounts: { input: empty, output: z.array(accountSchema) },
  addAccount: { input: accountInputSchema, output: accountSchema },
  updateAccount: { input: accountInputSchema.extend({ id }), output: accountSchema },
  removeAccount: { input: z.object({ id }), output: ok },
  testAccount: { input: accountInputSchema.extend({ id: id.optional() }), output: connectionTestSchema },
  /** Pin the certificate the last connection attempt saw for this account. */
  trustCertificate: { input: z.object({ id, sha256: z.string().min(1).max(200) }), output: accountSchema },
  /** Server settings for an email address, or null when none are known for its domain. */
  suggestImapServer: {
    input: z.object({ address: z.string().trim().max(320) }),
    output: z.object({ server: serverSuggestionSchema.nullable() }),
  },
  /** The OAuth2 providers configured for IMAP sign-in (none unless client ids are configured). */
  listOAuthProviders: {
    input: empty,
    output: z.array(z.object({ id: z.string(), name: z.string(), imapHost: z.string().nullable() })),
  },
  /**
   * Starts an OAuth sign-in (IMAP with OAuth2, Teams). Answers with what to show (URL or device code);
   * the account is saved when the flow finishes, reported by the 'signIn' event.
   */
  beginSignIn: {
    input: z.object({
      name: z.string().trim().min(1, 'Give the account a name').max(200),
      config: accountConfigSchema,
      method: z.enum(['browser', 'device-code']).default('browser'),
      /** Signing in again to an existing account. */
      accountId: id.optional(),
    }),
    output: z.object({
      signInId: z.string(),
      url: z.string().nullable(),
      userCode: z.string().nullable(),
      message: z.string(),
    }),
  },
  /** One person across sources: these addresses and handles are the same person from now on. */
  linkPeople: {
    input: z.object({ addresses: z.array(z.string().trim().min(1).max(320)).min(2).max(50) }),
    output: z.object({ personKey: z.string() }),
  },
  setDemo: { input: z.object({ enabled: z.boolean() }), output: engineStateSchema },
} as const;

export type CommandName = keyof typeof commands;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
/** Inputs are accepted read-only too, so callers can pass the engine's own models back. */
export type CommandInput<K extends CommandName> = DeepReadonly<z.input<(typeof commands)[K]['input']>>;
/** Outputs are read-only data: the engine hands out its own immutable models. */
export type CommandOutput<K extends CommandName> = DeepReadonly<z.output<(typeof commands)[K]['output']>>;
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** The API both transports implement and the engine serves. */
export type LullApi = { [K in CommandName]: (input: CommandInput<K>) => Promise<CommandOutput<K>> };

/* ---------- events ---------- */

export const events = {
  state: engineStateSchema,
  delivered: z.object({ item: storedItemSchema }),
  batch: z.object({ batch: batchSummarySchema }),
  /** Items the user read in another mail app, now done in Lull too. */
  readElsewhere: z.object({ ids: z.array(z.number().int()) }),
  signIn: z.object({
    signInId: z.string(),
    ok: z.boolean(),
    message: z.string(),
    accountId: z.string().nullable(),
  }),
} as const;
export type EventName = keyof typeof events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EventPayload<K extends EventName> = DeepReadonly<z.output<(typeof events)[K]>>;
export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/** An error as it crosses a transport: a code, a message for people, and field problems if any. */
export const wireErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  problems: z.array(z.object({ path: z.string(), message: z.string() })).default([]),
});
export type WireError = z.infer<typeof wireErrorSchema>;

/* ---------- inferred types, checked against core ---------- */

export type EngineState = z.infer<typeof engineStateSchema>;
export type BatchSummary = z.infer<typeof batchSummarySchema>;
export type Account = z.infer<typeof accountSchema>;
export type AccountInput = z.input<typeof accountInputSchema>;
export type AccountStatus = z.infer<typeof accountStatusSchema>;
export type AccountConfig = z.infer<typeof accountConfigSchema>;
export type ConnectionTest = z.infer<typeof connectionTestSchema>;
export type Stats = z.infer<typeof statsSchema>;
export type ReplayReport = z.infer<typeof replayReportSchema>;
export type ItemFilter = z.input<typeof itemFilterSchema>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;
/* Compile-time proof that the schemas and core's types describe the same data. */
export type ContractMatchesCore = [
  Assert<Same<z.infer<typeof itemInputSchema>, DeepMutable<core.ItemInput>>>,
  Assert<Same<z.infer<typeof decisionSchema>, DeepMutable<core.Decision>>>,
  Assert<Same<z.infer<typeof storedItemSchema>, DeepMutable<core.StoredItem>>>,
  Assert<Same<z.infer<typeof settingsSchema>, DeepMutable<core.Settings>>>,
  Assert<Same<z.infer<typeof ruleSchema>, DeepMutable<core.Rule>>>,
  Assert<Same<z.infer<typeof focusStateSchema>, DeepMutable<core.FocusState>>>,
];
