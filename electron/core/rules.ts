/**
 * Urgency rules: compiled once into hash sets and one keyword trie, then applied per item.
 *
 * Users never write regular expressions: senders are looked up in maps (exact, or '@domain' and its
 * subdomains), keywords are phrases of word tokens matched by a single token trie over the title and
 * preview. Only rules whose indexed criterion hit (plus rules without senders or keywords) are
 * evaluated, so 500 rules cost about as much as 5.
 */
import type { BreakthroughLog, ContactWindow } from './contacts';
import { cleanItem } from './clean';
import { normalizeText, tokenize } from './text';
import type { Decision, FocusState, HintName, ItemInput, Rule, Sender, SourceKind, TraceStep } from './types';
import { NO_HINTS } from './types';

export interface DecideContext {
  readonly focus: FocusState;
  readonly outsideFocus: 'deliver' | 'batch';
  /** personKeyOf(item.sender, item.source), or a linked identity's key. */
  readonly personKey: string;
  /** Must already include this item: the engine calls contacts.record(personKey, nowMs) before decide. */
  readonly contacts: ContactWindow;
  readonly breakthroughs: BreakthroughLog;
}

/** Built-in decision makers, used as Decision.ruleId when no user rule decided. */
export const BUILTIN_RULE_IDS = ['paused', 'outside-focus', 'focus-default', 'limit', 'batching'] as const;
export type BuiltinRuleId = (typeof BUILTIN_RULE_IDS)[number];

/** Trace step id that stands for many rules skipped at once (large rule sets). */
export const TRACE_OTHERS_ID = '*';
/** Up to this many enabled rules, the trace has a step for every rule tried. */
export const FULL_TRACE_MAX_RULES = 25;

interface TrieNode {
  next: Map<string, TrieNode> | null;
  /** Rules whose phrase ends here, with the phrase as written. */
  hits: { rule: number; phrase: string }[] | null;
}

interface CompiledRule {
  readonly rule: Rule;
  readonly hasSenders: boolean;
  readonly hasKeywords: boolean;
  readonly hints: readonly HintName[];
  readonly accounts: ReadonlySet<string> | null;
  readonly containers: ReadonlySet<string> | null;
  readonly sources: ReadonlySet<SourceKind> | null;
  readonly repeat: { readonly count: number; readonly withinMin: number } | null;
}

export interface CompiledRules {
  /** Enabled rules in order. */
  readonly rules: readonly CompiledRule[];
  readonly exactSenders: ReadonlyMap<string, readonly number[]>;
  readonly domainSenders: ReadonlyMap<string, readonly number[]>;
  readonly trie: TrieNode;
  readonly hasKeywords: boolean;
  /** 1 where some first keyword token has this (length, ASCII first char): a cheap pre-filter. */
  readonly rootSig: Uint8Array;
  /** Rules with neither senders nor keywords: always evaluated. Ascending. */
  readonly unindexed: readonly number[];
}

function addIndex(map: Map<string, number[]>, key: string, rule: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [rule]);
  else if (list[list.length - 1] !== rule) list.push(rule);
}

/** Compile the enabled rules, in order. Disabled rules are left out entirely (and so out of traces). */
export function compileRules(rules: readonly Rule[]): CompiledRules {
  const compiled: CompiledRule[] = [];
  const exactSenders = new Map<string, number[]>();
  const domainSenders = new Map<string, number[]>();
  const trie: TrieNode = { next: null, hits: null };
  let hasKeywords = false;
  const unindexed: number[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const idx = compiled.length;
    let hasSenders = false;
    for (const raw of rule.match.senders) {
      const s = raw.trim().toLowerCase();
      if (s.length === 0) continue;
      hasSenders = true;
      if (s.startsWith('@')) {
        const domain = s.slice(1);
        if (domain.length > 0) addIndex(domainSenders, domain, idx);
        // '@alice' may also be a chat handle.
        if (!domain.includes('.')) {
          addIndex(exactSenders, s, idx);
          addIndex(exactSenders, domain, idx);
        }
      } else {
        addIndex(exactSenders, s, idx);
      }
    }
    let ruleHasKeywords = false;
    for (const phrase of rule.match.keywords) {
      const tokens = tokenize(normalizeText(phrase));
      if (tokens.length === 0) continue;
      ruleHasKeywords = true;
      let node = trie;
      for (const t of tokens) {
        node.next ??= new Map();
        let child = node.next.get(t);
        if (child === undefined) {
          child = { next: null, hits: null };
          node.next.set(t, child);
        }
        node = child;
      }
      node.hits ??= [];
      if (!node.hits.some((h) => h.rule === idx)) node.hits.push({ rule: idx, phrase: phrase.trim() });
    }
    hasKeywords ||= ruleHasKeywords;
    const m = rule.match;
    compiled.push({
      rule,
      hasSenders,
      hasKeywords: ruleHasKeywords,
      hints: [...new Set(m.hints)],
      accounts: m.accounts.length > 0 ? new Set(m.accounts) : null,
      containers: m.containers.length > 0 ? new Set(m.containers.map((c) => c.trim().toLowerCase())) : null,
      sources: m.sources.length > 0 ? new Set(m.sources) : null,
      repeat: m.repeat !== null && m.repeat.count > 0 && m.repeat.withinMin > 0 ? m.repeat : null,
    });
    // A rule that lists senders or keywords which all normalize to nothing can never match.
    const listsSomething = m.senders.length > 0 || m.keywords.length > 0;
    if (!hasSenders && !ruleHasKeywords && !listsSomething) unindexed.push(idx);
  }
  const rootSig = new Uint8Array(64 * 128);
  for (const token of trie.next?.keys() ?? []) {
    const first = token.charCodeAt(0);
    if (first < 128) rootSig[sigIndex(token.length, first)] = 1;
  }
  return { rules: compiled, exactSenders, domainSenders, trie, hasKeywords, rootSig, unindexed };
}

/* ---------- matching ---------- */

interface Hits {
  candidates: number[];
  senderHit: Map<number, string> | null;
  keywordHit: Map<number, string> | null;
  /** Rules hit by the sender or keyword index, in the order found. */
  extra: number[] | null;
}

function addSenderHits(hits: Hits, list: readonly number[], entry: string): void {
  const m = (hits.senderHit ??= new Map());
  for (const r of list) {
    if (!m.has(r)) {
      m.set(r, entry);
      (hits.extra ??= []).push(r);
    }
  }
}

function addKeywordHits(hits: Hits, node: TrieNode): void {
  if (node.hits === null) return;
  for (const h of node.hits) {
    const m = (hits.keywordHit ??= new Map());
    if (!m.has(h.rule)) {
      m.set(h.rule, h.phrase);
      (hits.extra ??= []).push(h.rule);
    }
  }
}

/** ASCII letter or digit. */
function isWordAscii(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** Signature slot of a token: its length (capped) and lower-cased ASCII first char. */
function sigIndex(len: number, firstLower: number): number {
  return (len < 63 ? len : 63) * 128 + firstLower;
}

/**
 * Keyword scan for pure-ASCII text without allocating per word: a token is sliced and looked up
 * only when some keyword starts with its first letter and has its length. Returns false as soon as
 * it meets a non-ASCII character (the caller then takes the Unicode path).
 */
function scanAscii(text: string, c: CompiledRules, hits: Hits): boolean {
  const root = c.trie.next;
  if (root === null) return true;
  const n = text.length;
  let i = 0;
  while (i < n) {
    let ch = text.charCodeAt(i);
    if (ch >= 128) return false;
    if (!isWordAscii(ch)) {
      i++;
      continue;
    }
    const start = i;
    while (i < n) {
      ch = text.charCodeAt(i);
      if (ch >= 128) return false;
      if (!isWordAscii(ch)) break;
      i++;
    }
    const first =
      text.charCodeAt(start) | (text.charCodeAt(start) >= 65 && text.charCodeAt(start) <= 90 ? 32 : 0);
    if (c.rootSig[sigIndex(i - start, first)] === 1) {
      const node = root.get(text.slice(start, i).toLowerCase());
      if (node !== undefined) walkPhraseAscii(node, text, i, hits);
    }
  }
  return true;
}

/** Record a trie node's hits and follow its phrases over the next ASCII tokens. */
function walkPhraseAscii(node: TrieNode, text: string, pos: number, hits: Hits): void {
  let cur: TrieNode | undefined = node;
  let i = pos;
  const n = text.length;
  while (cur !== undefined) {
    addKeywordHits(hits, cur);
    if (cur.next === null) return;
    while (i < n && !isWordAscii(text.charCodeAt(i))) {
      if (text.charCodeAt(i) >= 128) return;
      i++;
    }
    if (i >= n) return;
    const start = i;
    while (i < n && isWordAscii(text.charCodeAt(i))) i++;
    cur = cur.next.get(text.slice(start, i).toLowerCase());
  }
}

function scanUnicode(text: string, c: CompiledRules, hits: Hits): void {
  const root = c.trie.next;
  if (root === null) return;
  const tokens = tokenize(normalizeText(text));
  for (let i = 0; i < tokens.length; i++) {
    let node = root.get(tokens[i] ?? '');
    for (let j = i + 1; node !== undefined; j++) {
      addKeywordHits(hits, node);
      if (node.next === null || j >= tokens.length) break;
      node = node.next.get(tokens[j] ?? '');
    }
  }
}

function collectHits(c: CompiledRules, item: ItemInput, personKey: string): Hits {
  const hits: Hits = { candidates: c.unindexed as number[], senderHit: null, keywordHit: null, extra: null };
  const address = item.sender.address.trim().toLowerCase();
  if (address.length > 0) {
    const exact = c.exactSenders.get(address);
    if (exact !== undefined) addSenderHits(hits, exact, '');
    if (personKey !== address && personKey.length > 0) {
      const byKey = c.exactSenders.get(personKey);
      if (byKey !== undefined) addSenderHits(hits, byKey, '');
    }
    if (c.domainSenders.size > 0) {
      const at = address.lastIndexOf('@');
      if (at >= 0) {
        let domain = address.slice(at + 1);
        while (domain.length > 0) {
          const list = c.domainSenders.get(domain);
          if (list !== undefined) addSenderHits(hits, list, domain);
          const dot = domain.indexOf('.');
          if (dot < 0) break;
          domain = domain.slice(dot + 1);
        }
      }
    }
  }
  if (c.hasKeywords) {
    if (item.title.length > 0 && !scanAscii(item.title, c, hits)) scanUnicode(item.title, c, hits);
    if (item.preview.length > 0 && !scanAscii(item.preview, c, hits)) scanUnicode(item.preview, c, hits);
  }
  const extra = hits.extra;
  if (extra !== null) {
    const sorted = c.unindexed.length > 0 ? [...c.unindexed, ...extra] : extra;
    sorted.sort((a, b) => a - b);
    hits.candidates = sorted.filter((v, i) => i === 0 || sorted[i - 1] !== v);
  }
  return hits;
}

const HINT_TEXT: Readonly<Record<HintName, readonly [yes: string, no: string]>> = {
  dm: ['is a direct message', 'is not a direct message'],
  mention: ['mentions you', 'does not mention you'],
  myThread: ['is in a thread you are in', 'is not in a thread you are in'],
  bulk: ['is bulk or list mail', 'is not bulk or list mail'],
  cc: ['has you in cc', 'does not have you in cc'],
  bot: ['comes from a bot', 'does not come from a bot'],
};

function who(item: ItemInput): string {
  return item.sender.address || item.sender.name || 'the sender';
}

interface Evaluation {
  readonly matched: boolean;
  readonly note: string;
}

function evaluate(
  cr: CompiledRule,
  idx: number,
  item: ItemInput,
  hits: Hits,
  ctx: DecideContext,
  nowMs: number,
): Evaluation {
  const parts: string[] = [];
  if (cr.sources !== null) {
    if (!cr.sources.has(item.source))
      return { matched: false, note: `source ${item.source} is not in scope` };
    parts.push(`source ${item.source}`);
  }
  if (cr.accounts !== null) {
    if (!cr.accounts.has(item.accountId))
      return { matched: false, note: `account ${item.accountId} is not in scope` };
    parts.push(`account ${item.accountId}`);
  }
  if (cr.containers !== null) {
    const container = item.container.trim().toLowerCase();
    if (!cr.containers.has(container)) {
      return { matched: false, note: `${item.container || '(no folder or channel)'} is not in scope` };
    }
    parts.push(`in ${item.container}`);
  }
  for (const h of cr.hints) {
    // A hint name from unvalidated data is simply never set.
    const text = (HINT_TEXT as Partial<Record<string, readonly [string, string]>>)[h] ?? [
      `has ${h}`,
      `does not have ${h}`,
    ];
    if (item.hints[h] !== true) return { matched: false, note: `item ${text[1]}` };
    parts.push(`item ${text[0]}`);
  }
  if (cr.hasSenders) {
    const entry = hits.senderHit?.get(idx);
    if (entry === undefined) return { matched: false, note: `sender ${who(item)} is not on the list` };
    parts.push(entry === '' ? `sender ${who(item)} is on the list` : `sender ${who(item)} is in @${entry}`);
  }
  if (cr.hasKeywords) {
    const phrase = hits.keywordHit?.get(idx);
    if (phrase === undefined) return { matched: false, note: 'no keyword found' };
    parts.push(`keyword '${phrase}' found`);
  }
  if (cr.repeat !== null) {
    const { count, withinMin } = cr.repeat;
    const n = ctx.personKey.length === 0 ? 0 : ctx.contacts.count(ctx.personKey, nowMs - withinMin * 60_000);
    if (n < count) {
      return {
        matched: false,
        note: `${who(item)} contacted you ${n} of ${count} times within ${withinMin} min`,
      };
    }
    parts.push(`${who(item)} contacted you ${n} times within ${withinMin} min`);
  }
  return { matched: true, note: parts.length > 0 ? parts.join('; ') : 'matches every item' };
}

function skippedNote(cr: CompiledRule, item: ItemInput, hits: Hits, idx: number): string {
  if (cr.hasSenders && hits.senderHit?.has(idx) !== true) return `sender ${who(item)} is not on the list`;
  return 'no keyword found';
}

/**
 * Decide one item: the first enabled rule that matches wins; the trace lists the rules tried.
 * With more than FULL_TRACE_MAX_RULES rules, rules ruled out by the sender and keyword index are
 * summed up in one step (ruleId '*') instead of one step each.
 */
export function decide(
  compiled: CompiledRules,
  item: ItemInput,
  ctx: DecideContext,
  nowMs: number,
): Decision {
  const hits = collectHits(compiled, item, ctx.personKey);
  const trace: TraceStep[] = [];
  const full = compiled.rules.length <= FULL_TRACE_MAX_RULES;
  let winner = -1;
  let winnerNote = '';
  let evaluatedCount = 0;
  let next = 0; // next rule index not yet traced (full trace)
  for (const idx of hits.candidates) {
    const cr = compiled.rules[idx];
    if (cr === undefined) continue;
    if (full) {
      for (; next < idx; next++) {
        const skipped = compiled.rules[next];
        if (skipped !== undefined) {
          trace.push({
            ruleId: skipped.rule.id,
            matched: false,
            note: skippedNote(skipped, item, hits, next),
          });
        }
      }
      next = idx + 1;
    }
    evaluatedCount++;
    const ev = evaluate(cr, idx, item, hits, ctx, nowMs);
    trace.push({ ruleId: cr.rule.id, matched: ev.matched, note: ev.note });
    if (ev.matched) {
      winner = idx;
      winnerNote = ev.note;
      break;
    }
  }
  if (full && winner < 0) {
    for (; next < compiled.rules.length; next++) {
      const skipped = compiled.rules[next];
      if (skipped !== undefined) {
        trace.push({ ruleId: skipped.rule.id, matched: false, note: skippedNote(skipped, item, hits, next) });
      }
    }
  } else if (!full) {
    const tried = winner < 0 ? compiled.rules.length : winner + 1;
    const skipped = tried - evaluatedCount;
    if (skipped > 0) {
      trace.push({
        ruleId: TRACE_OTHERS_ID,
        matched: false,
        note: `${skipped} other ${skipped === 1 ? 'rule' : 'rules'}: sender not on their lists and none of their keywords found`,
      });
    }
  }

  const { focus } = ctx;
  const cr = winner >= 0 ? compiled.rules[winner] : undefined;
  if (cr !== undefined) {
    const rule = cr.rule;
    switch (rule.action) {
      case 'mute':
        return {
          action: 'mute',
          ruleId: rule.id,
          reason: `Muted by rule '${rule.name}': ${winnerNote}`,
          trace,
          inFocus: focus.on,
        };
      case 'hold':
        return {
          action: 'hold',
          ruleId: rule.id,
          reason: `Held for the next batch by rule '${rule.name}': ${winnerNote}`,
          trace,
          inFocus: focus.on,
        };
      case 'deliver': {
        if (focus.paused) {
          return {
            action: 'hold',
            ruleId: 'paused',
            reason: `Held: notifications are paused (rule '${rule.name}' would have let it through)`,
            trace,
            inFocus: focus.on,
          };
        }
        const limit = rule.limitPerHour;
        if (
          focus.on &&
          limit !== null &&
          ctx.breakthroughs.count(rule.id, ctx.personKey, nowMs - 3_600_000) >= limit
        ) {
          return {
            action: 'hold',
            ruleId: 'limit',
            reason: `Held for the next batch: rule '${rule.name}' already let ${who(item)} through ${limit} ${limit === 1 ? 'time' : 'times'} in the last hour`,
            trace,
            inFocus: focus.on,
          };
        }
        return {
          action: 'deliver',
          ruleId: rule.id,
          reason: focus.on
            ? `Breaks through (rule '${rule.name}'): ${winnerNote}`
            : `Delivered (rule '${rule.name}'): ${winnerNote}`,
          trace,
          inFocus: focus.on,
        };
      }
    }
  }
  if (focus.paused) {
    return {
      action: 'hold',
      ruleId: 'paused',
      reason: 'Held: notifications are paused',
      trace,
      inFocus: focus.on,
    };
  }
  if (focus.on) {
    return {
      action: 'hold',
      ruleId: 'focus-default',
      reason: 'Held for the next batch: focus is on and no rule lets it through',
      trace,
      inFocus: true,
    };
  }
  if (ctx.outsideFocus === 'deliver') {
    return {
      action: 'deliver',
      ruleId: 'outside-focus',
      reason: 'Delivered: focus is off',
      trace,
      inFocus: false,
    };
  }
  return {
    action: 'hold',
    ruleId: 'batching',
    reason: 'Held for the next batch: batching continues outside focus',
    trace,
    inFocus: false,
  };
}

/**
 * Whether focus was on when a decision was made: recorded since decisions carry inFocus; older
 * stored ones are inferred from the rule that decided ('outside-focus' and 'batching' mean off).
 */
export function decidedInFocus(decision: Decision): boolean {
  return decision.inFocus ?? (decision.ruleId !== 'outside-focus' && decision.ruleId !== 'batching');
}

/**
 * Whether a decision is a breakthrough: a user rule delivered it during focus. The engine logs these
 * (breakthroughs.record(ruleId, personKey, nowMs)) for per-rule hourly limits, and Today counts them.
 */
export function isBreakthrough(decision: Decision): boolean {
  return (
    decision.action === 'deliver' &&
    decidedInFocus(decision) &&
    !(BUILTIN_RULE_IDS as readonly string[]).includes(decision.ruleId)
  );
}

/**
 * A complete item from the few fields the rule tester asks for; the rest get harmless defaults
 * (account 'sample', source 'demo', no hints, received now). Cleaned like any real item.
 */
export function completeSample(
  partial: Partial<ItemInput> & { readonly sender: Sender; readonly title: string },
  nowMs: number,
): ItemInput {
  const raw: ItemInput = {
    accountId: 'sample',
    source: 'demo',
    externalId: 'sample',
    threadKey: 'sample',
    preview: '',
    receivedAtMs: nowMs,
    link: '',
    altLink: '',
    container: '',
    ...partial,
    hints: { ...NO_HINTS, ...partial.hints },
  };
  const cleaned = cleanItem(raw, nowMs);
  if (cleaned.ok) return cleaned.item;
  // A bad id or source in the sample: fall back to the defaults for those, keep the rest.
  const fallback = cleanItem({ ...raw, accountId: 'sample', externalId: 'sample', source: 'demo' }, nowMs);
  return fallback.ok ? fallback.item : raw;
}

/**
 * Problems the schema cannot see: a keyword with no letter or digit, or a sender that is only '@',
 * can never match. Each problem names its path ("rules[2].match.keywords[0]: ..."); [] when fine.
 */
export function ruleProblems(rules: readonly Rule[]): string[] {
  const problems: string[] = [];
  rules.forEach((rule, i) => {
    rule.match.keywords.forEach((k, j) => {
      if (tokenize(normalizeText(k)).length === 0) {
        problems.push(
          `rules[${i}].match.keywords[${j}]: '${k}' has no letter or digit, so it can never match`,
        );
      }
    });
    rule.match.senders.forEach((s, j) => {
      const t = s.trim();
      if (t.length === 0 || t === '@') {
        problems.push(
          `rules[${i}].match.senders[${j}]: '${s}' is not an address, '@domain', user id or handle`,
        );
      }
    });
  });
  return problems;
}
