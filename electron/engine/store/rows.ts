/**
 * Item rows ↔ StoredItem. Hints are a bitmask and the trace compact JSON ([ruleId, 0|1, note] per
 * step), so an item row stays small.
 */
import type {
  Decision,
  HintName,
  Hints,
  ItemState,
  SourceKind,
  StoredItem,
  TraceStep,
} from '../../core/types';
import { HINT_NAMES } from '../../core/types';

/** Fixed bits, not the order of HINT_NAMES: reordering that list must not change stored data. */
const HINT_BITS: Readonly<Record<HintName, number>> = {
  dm: 1,
  mention: 2,
  myThread: 4,
  bulk: 8,
  cc: 16,
  bot: 32,
};

export function hintsToBits(hints: Hints): number {
  let bits = 0;
  for (const name of HINT_NAMES) if (hints[name]) bits |= HINT_BITS[name];
  return bits;
}

export function bitsToHints(bits: number): Hints {
  const out = {} as Record<HintName, boolean>;
  for (const name of HINT_NAMES) out[name] = (bits & HINT_BITS[name]) !== 0;
  return out;
}

type CompactStep = [string, 0 | 1, string];

export function traceToJson(trace: readonly TraceStep[]): string {
  const compact: CompactStep[] = trace.map((s) => [s.ruleId, s.matched ? 1 : 0, s.note]);
  return JSON.stringify(compact);
}

/** A damaged trace never breaks a listing: it reads as empty. */
export function jsonToTrace(json: string): TraceStep[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const out: TraceStep[] = [];
  for (const step of parsed as unknown[]) {
    if (!Array.isArray(step)) continue;
    const [ruleId, matched, note] = step as unknown[];
    out.push({ ruleId: String(ruleId), matched: matched === 1, note: typeof note === 'string' ? note : '' });
  }
  return out;
}

/** Every column of `items`, in the order ITEM_COLUMNS lists them. */
export interface ItemRow {
  readonly id: number;
  readonly account_id: string;
  readonly external_id: string;
  readonly source: string;
  readonly state: string;
  readonly batch_id: number | null;
  readonly done: number;
  readonly snoozed_at_ms: number | null;
  readonly received_at_ms: number;
  readonly ingested_at_ms: number;
  readonly hints: number;
  readonly action: string;
  readonly rule_id: string;
  readonly person_key: string;
  readonly thread_key: string;
  readonly container: string;
  readonly sender_name: string;
  readonly sender_address: string;
  readonly title: string;
  readonly preview: string;
  readonly link: string;
  readonly reason: string;
  readonly trace: string;
}

export const ITEM_COLUMNS =
  'id, account_id, external_id, source, state, batch_id, done, snoozed_at_ms, received_at_ms, ingested_at_ms, hints, ' +
  'action, rule_id, person_key, thread_key, container, sender_name, sender_address, title, preview, link, reason, trace';

export function rowToItem(r: ItemRow): StoredItem {
  const decision: Decision = {
    action: r.action as Decision['action'],
    ruleId: r.rule_id,
    reason: r.reason,
    trace: jsonToTrace(r.trace),
  };
  return {
    id: r.id,
    accountId: r.account_id,
    source: r.source as SourceKind,
    externalId: r.external_id,
    threadKey: r.thread_key,
    sender: { name: r.sender_name, address: r.sender_address },
    title: r.title,
    preview: r.preview,
    receivedAtMs: r.received_at_ms,
    link: r.link,
    hints: bitsToHints(r.hints),
    container: r.container,
    personKey: r.person_key,
    ingestedAtMs: r.ingested_at_ms,
    decision,
    state: r.state as ItemState,
    batchId: r.batch_id,
    done: r.done === 1,
    snoozedAtMs: r.snoozed_at_ms,
  };
}
