/**
 * How items are packed into rows, so a million of them stay small.
 *
 * - Hints are a bitmask with fixed bits.
 * - A decision is stored once in `decisions` and referenced by id. Its body is compact JSON
 *   `[action, ruleId, reason, [[ruleId, 0|1, note], …], subst, inFocus 0|1]` (bodies stored before
 *   inFocus was recorded end at subst). Reasons and notes often name the
 *   sender ("sender ada@example.com is not on the list"); with subst = 1 every occurrence of the
 *   sender (address, else name) is replaced by MARK, so items from different people share one body.
 *   The replacement is exact and reversible, and skipped when the text already contains MARK.
 * - person_key and thread_key are NULL when they equal sender_address and external_id.
 */
import type { Decision, HintName, Hints, Sender, TraceStep } from '../../core/types';
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

const hintsByBits = new Map<number, Hints>();

/** Hints for a bitmask: one shared frozen object per combination (there are 64). */
export function bitsToHints(bits: number): Hints {
  let hints = hintsByBits.get(bits);
  if (!hints) {
    const out = {} as Record<HintName, boolean>;
    for (const name of HINT_NAMES) out[name] = (bits & HINT_BITS[name]) !== 0;
    hints = Object.freeze(out);
    hintsByBits.set(bits, hints);
  }
  return hints;
}

const MARK = '\u0001';
/** Shorter names are too likely to occur by chance inside other words to be worth replacing. */
const MIN_SUBST_CHARS = 3;

/** Who a decision's text names: the address, else the display name (as core's rules do). */
export function senderToken(sender: Sender): string {
  return sender.address || sender.name;
}

function replaceAll(text: string, from: string, to: string): string {
  return text.includes(from) ? text.split(from).join(to) : text;
}

/** The decision's body JSON for `decisions.body`, with the sender replaced by MARK where it occurs. */
export function encodeDecision(d: Decision, sender: Sender): string {
  const token = senderToken(sender);
  let subst: 0 | 1 = 0;
  if (token.length >= MIN_SUBST_CHARS && !d.reason.includes(MARK)) {
    let names = d.reason.includes(token);
    let marked = false;
    for (const s of d.trace) {
      if (s.note.includes(MARK)) marked = true;
      else if (!names && s.note.includes(token)) names = true;
    }
    if (names && !marked) subst = 1;
  }
  // Built by hand (one call per item, on the ingest path): the same text as JSON.stringify of
  // [action, ruleId, reason, [[ruleId, 0|1, note], …], subst, inFocus?].
  let steps = '';
  for (const s of d.trace) {
    const note = subst ? replaceAll(s.note, token, MARK) : s.note;
    steps += `${steps ? ',' : ''}[${JSON.stringify(s.ruleId)},${s.matched ? 1 : 0},${JSON.stringify(note)}]`;
  }
  const reason = subst ? replaceAll(d.reason, token, MARK) : d.reason;
  const inFocus = d.inFocus === undefined ? '' : d.inFocus ? ',1' : ',0';
  return `[${JSON.stringify(d.action)},${JSON.stringify(d.ruleId)},${JSON.stringify(reason)},[${steps}],${subst}${inFocus}]`;
}

/** A decoded body: ready to share (frozen) when it names no sender, else filled in per item. */
export interface DecisionTemplate {
  readonly subst: boolean;
  readonly decision: Decision;
}

const BROKEN: DecisionTemplate = Object.freeze({
  subst: false,
  decision: Object.freeze({
    action: 'hold' as const,
    ruleId: 'unknown',
    reason: 'The stored decision could not be read.',
    trace: Object.freeze([]),
  }),
});

/** A damaged body never breaks a listing: it reads as an 'unknown' decision. */
export function decodeDecision(body: string): DecisionTemplate {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return BROKEN;
  }
  if (!Array.isArray(parsed)) return BROKEN;
  const [action, ruleId, reason, steps, subst, inFocus] = parsed as unknown[];
  const trace: TraceStep[] = [];
  if (Array.isArray(steps)) {
    for (const step of steps as unknown[]) {
      if (!Array.isArray(step)) continue;
      const [id, matched, note] = step as unknown[];
      trace.push(
        Object.freeze({
          ruleId: String(id),
          matched: matched === 1,
          note: typeof note === 'string' ? note : '',
        }),
      );
    }
  }
  const decision: Decision = Object.freeze({
    action: action === 'deliver' || action === 'mute' ? action : 'hold',
    ruleId: typeof ruleId === 'string' ? ruleId : 'unknown',
    reason: typeof reason === 'string' ? reason : '',
    trace: Object.freeze(trace),
    inFocus: inFocus === 0 || inFocus === 1 ? inFocus === 1 : undefined,
  });
  return { subst: subst === 1, decision };
}

/** The item's decision: the shared frozen one, or a copy with the sender put back. */
export function decisionFor(t: DecisionTemplate, sender: Sender): Decision {
  if (!t.subst) return t.decision;
  const token = senderToken(sender);
  const d = t.decision;
  return {
    action: d.action,
    ruleId: d.ruleId,
    reason: replaceAll(d.reason, MARK, token),
    trace: d.trace.map((s) => ({
      ruleId: s.ruleId,
      matched: s.matched,
      note: replaceAll(s.note, MARK, token),
    })),
    inFocus: d.inFocus,
  };
}
