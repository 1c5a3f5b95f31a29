/**
 * The contract's commands, served by the engine. Inputs arrive validated by `dispatch`; here we add
 * the checks zod cannot make (cron syntax, time zones for node-cron, rule references).
 */
import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import { nextSlots, validateCadence } from '../core/cadence';
import { EMPTY_MATCH } from '../core/defaults';
import { replay } from '../core/replay';
import { compileRules, completeSample, decide, ruleProblems } from '../core/rules';
import type { Cadence, Rule, Settings } from '../core/types';
import { DAY_MS } from '../core/tz';
import type { Account, CommandInput, LullApi } from '../shared/contract';
import { accountInputSchema, settingsSchema } from '../shared/contract';
import { parseUnknown, ValidationError } from '../shared/validate';
import type { Engine } from './engine';
import { beginSignIn } from './sign-in';
import { listOAuthProviders } from './oauth/providers';
import { DEMO_ACCOUNT_ID } from './sources/demo';
import { suggestServer } from './sources/imap/discover';
import type { StoredAccount } from './store/store-types';

const FAR_FUTURE_MS = 10 * 365 * DAY_MS;
const VIP_RULE_ID = 'vips';
const MUTED_RULE_ID = 'muted-senders';

/** Cadence errors as field problems, so the settings form can show them inline. */
function checkCadence(cadence: Cadence, timeZone: string, path: string): void {
  const error = validateCadence(cadence, timeZone);
  if (error)
    throw new ValidationError('cadence', [
      { path: cadence.kind === 'cron' ? `${path}.expr` : path, message: error },
    ]);
  // node-cron runs the timer: it must agree that the expression is valid.
  if (cadence.kind === 'cron' && !cron.validate(cadence.expr)) {
    throw new ValidationError('cadence', [
      { path: `${path}.expr`, message: 'node-cron cannot run this expression' },
    ]);
  }
}

export function createApi(engine: Engine): LullApi {
  const state = () => Promise.resolve(engine.state());

  const saveAccount = async (id: string, input: CommandInput<'addAccount'>): Promise<Account> => {
    const parsed = parseUnknown(accountInputSchema, input, 'account');
    const config = parsed.config;
    if (config.kind === 'imap' && config.imap.security === 'plain') {
      const local = ['localhost', '127.0.0.1', '::1'].includes(config.imap.host.toLowerCase());
      if (!local)
        throw new ValidationError('account', [
          { path: 'config.imap.security', message: 'Plain (unencrypted) IMAP is allowed only for localhost' },
        ]);
      if (!config.imap.plainConfirmed)
        throw new ValidationError('account', [
          { path: 'config.imap.plainConfirmed', message: 'Confirm that you want an unencrypted connection' },
        ]);
    }
    // The secret goes to the keychain first: if there is no keychain, nothing is saved at all.
    if (parsed.secret !== undefined && parsed.secret !== '')
      await engine.accounts.setSecret(id, parsed.secret);
    const stored: StoredAccount = { id, name: parsed.name, enabled: parsed.enabled, config };
    engine.store.upsertAccount(stored);
    await engine.accounts.start(stored);
    engine.stateChanged();
    return engine.accounts.withStatus(stored);
  };

  const ruleWithSender = (rules: readonly Rule[], address: string, action: 'deliver' | 'mute'): Rule[] => {
    const id = action === 'deliver' ? VIP_RULE_ID : MUTED_RULE_ID;
    const existing = rules.find((r) => r.id === id);
    const key = address.toLowerCase();
    if (existing) {
      const senders = existing.match.senders.some((s) => s.toLowerCase() === key)
        ? existing.match.senders
        : [...existing.match.senders, key];
      return rules.map((r) => (r.id === id ? { ...r, enabled: true, match: { ...r.match, senders } } : r));
    }
    const rule: Rule = {
      id,
      name: action === 'deliver' ? 'Always let through' : 'Muted senders',
      enabled: true,
      action,
      limitPerHour: null,
      match: { ...EMPTY_MATCH, senders: [key] },
    };
    // The whitelist goes first (it should win); mutes go after it.
    return action === 'deliver'
      ? [rule, ...rules]
      : [...rules.filter((r) => r.id === VIP_RULE_ID), rule, ...rules.filter((r) => r.id !== VIP_RULE_ID)];
  };

  const saveRules = (rules: readonly Rule[]) => {
    // What zod cannot see: a keyword with no letters, a sender that is only '@'.
    const problems = ruleProblems(rules).map((p) => {
      const at = p.indexOf(': ');
      return { path: p.slice(0, at).replace(/\[(\d+)\]/g, '.$1'), message: p.slice(at + 2) };
    });
    if (problems.length > 0) throw new ValidationError('rules', problems);
    const set = engine.store.saveRules(rules, engine.now());
    engine.applyRules(set);
    return set;
  };

  const api: LullApi = {
    getState: state,

    async startFocus(input) {
      const now = engine.now();
      let untilMs: number;
      if ('minutes' in input) untilMs = now + input.minutes * 60_000;
      else if ('untilMs' in input) untilMs = input.untilMs;
      else {
        const end = engine.blockEndMs(now);
        if (end === null)
          throw new ValidationError('startFocus input', [
            { path: 'untilBlockEnd', message: 'No focus block is scheduled' },
          ]);
        untilMs = end;
      }
      if (untilMs <= now)
        throw new ValidationError('startFocus input', [
          { path: 'untilMs', message: 'The end must be in the future' },
        ]);
      engine.setOverrides({ ...engine.getOverrides(), manualUntilMs: untilMs, endedBlockUntilMs: null });
      await engine.tick();
      return engine.state();
    },

    async endFocus() {
      const now = engine.now();
      const focus = engine.focusState(now);
      const o = engine.getOverrides();
      const blockEnd = focus.on && focus.origin === 'schedule' ? focus.untilMs : null;
      engine.setOverrides({ ...o, manualUntilMs: null, endedBlockUntilMs: blockEnd ?? o.endedBlockUntilMs });
      if (focus.on && engine.getSettings().batching.releaseAtFocusEnd && !focus.paused)
        await engine.release('focus-end', null);
      await engine.tick();
      return engine.state();
    },

    async pause({ untilMs }) {
      engine.setOverrides({
        ...engine.getOverrides(),
        pausedUntilMs: untilMs ?? engine.now() + FAR_FUTURE_MS,
      });
      await engine.tick();
      return engine.state();
    },

    async resume() {
      engine.setOverrides({ ...engine.getOverrides(), pausedUntilMs: null });
      await engine.tick();
      return engine.state();
    },

    releaseNow: () => engine.release('manual', null),

    listBatches: ({ beforeId, limit }) => Promise.resolve(engine.store.listBatches(beforeId, limit ?? 50)),
    listItems: (filter) => Promise.resolve(engine.store.listItems(filter)),

    async setDone({ ids, done }) {
      engine.store.setDone(ids, done);
      if (done) {
        // Done in Lull touches the server only for accounts where the user chose that.
        const items = engine.store.getItems(ids).filter((item) => {
          const account = engine.accounts.get(item.accountId);
          return account?.config.kind === 'imap' && account.config.imap.markReadOnDone;
        });
        if (items.length > 0) await engine.accounts.markRead(items);
      }
      return { ok: true as const };
    },

    async snooze({ ids }) {
      engine.store.snooze(ids, engine.now());
      await engine.tick();
      engine.stateChanged();
      return { ok: true as const };
    },

    async markRead({ ids }) {
      const items = engine.store.getItems(ids);
      const r = await engine.accounts.markRead(items);
      const missing = ids.length - items.length;
      const failed = r.failed + missing;
      return {
        marked: r.marked,
        failed,
        message:
          failed === 0
            ? `Marked ${r.marked} read`
            : `Marked ${r.marked} read; ${failed} could not be marked (account offline or not found)`,
      };
    },

    openItem({ id, alt }) {
      const item = engine.store.getItems([id])[0];
      if (!item)
        return Promise.reject(
          new ValidationError('openItem input', [{ path: 'id', message: 'No such item' }]),
        );
      return Promise.resolve({ link: alt ? item.altLink : item.link });
    },

    getSettings: () => Promise.resolve(engine.getSettings()),

    async setSettings(input) {
      const next: Settings = parseUnknown(settingsSchema, input, 'settings');
      checkCadence(next.batching.cadence, next.schedule.timeZone, 'batching.cadence');
      engine.applySettings(next);
      await engine.tick();
      engine.stateChanged();
      return engine.getSettings();
    },

    previewCadence({ cadence, timeZone, count }) {
      checkCadence(cadence, timeZone, 'cadence');
      return Promise.resolve({ nextMs: nextSlots(cadence, timeZone, engine.now(), count ?? 5) });
    },

    getRules: () => Promise.resolve(engine.getRules()),
    setRules: ({ rules }) => Promise.resolve(saveRules(rules)),

    addSenderRule({ address, action }) {
      const previousVersion = engine.getRules().version;
      const rules = saveRules(ruleWithSender(engine.getRules().rules, address, action));
      return Promise.resolve({ rules, previousVersion });
    },

    restoreRules({ version }) {
      const old = engine.store.getRuleSetVersion(version);
      if (!old)
        return Promise.reject(
          new ValidationError('restoreRules input', [
            { path: 'version', message: `No rules version ${version}` },
          ]),
        );
      return Promise.resolve(saveRules(old.rules));
    },

    testRule({ item, rules }) {
      const now = engine.now();
      const sample = completeSample(item, now);
      const compiled = rules ? compileRules(rules) : engine.compiledRules();
      // The tester answers "what happens during focus", which is when a rule matters.
      const focus = {
        on: true,
        untilMs: null,
        origin: 'manual' as const,
        paused: false,
        pausedUntilMs: null,
      };
      const personKey = engine.personKey(sample);
      return Promise.resolve(decide(compiled, sample, engine.decideContext(personKey, focus), now));
    },

    replay({ rules, days }) {
      const items = engine.store.iterateItemsSince(engine.now() - days * DAY_MS);
      return Promise.resolve(
        replay(items, rules, { outsideFocus: engine.getSettings().batching.outsideFocus, maxChanges: 200 }),
      );
    },

    stats({ days }) {
      const names = new Map(engine.getRules().rules.map((r) => [r.id, r.name]));
      return Promise.resolve(
        engine.store.stats(
          engine.now() - (days ?? 7) * DAY_MS,
          engine.getSettings().schedule.timeZone,
          names,
        ),
      );
    },

    listAccounts: () => Promise.resolve(engine.accounts.list()),
    addAccount: (input) => saveAccount(randomUUID(), input),

    async updateAccount({ id, ...input }) {
      if (!engine.accounts.get(id))
        throw new ValidationError('updateAccount input', [{ path: 'id', message: 'No such account' }]);
      return saveAccount(id, input);
    },

    async removeAccount({ id }) {
      await engine.accounts.remove(id);
      engine.stateChanged();
      return { ok: true as const };
    },

    testAccount: ({ id, ...input }) =>
      engine.accounts.test(id ?? null, parseUnknown(accountInputSchema, input, 'account')),

    async trustCertificate({ id, sha256 }) {
      const account = engine.accounts.get(id);
      if (!account || account.config.kind !== 'imap') {
        throw new ValidationError('trustCertificate input', [
          { path: 'id', message: 'No such IMAP account' },
        ]);
      }
      const next: StoredAccount = {
        ...account,
        config: { kind: 'imap', imap: { ...account.config.imap, pinnedCertSha256: sha256 } },
      };
      engine.store.upsertAccount(next);
      await engine.accounts.start(next);
      return engine.accounts.withStatus(next);
    },

    listOAuthProviders: () => Promise.resolve(listOAuthProviders()),

    suggestImapServer: async ({ address }) => ({ server: await suggestServer(address, engine.mailDns) }),

    beginSignIn(input) {
      return beginSignIn(input, {
        openExternal: engine.openExternal,
        teamsEndpoints: engine.teamsEndpoints,
        log: engine.log,
        save: async (begin, secret) => {
          const id = begin.accountId ?? randomUUID();
          await saveAccount(id, { name: begin.name, enabled: true, config: begin.config, secret });
          return id;
        },
        done: (result) => engine.emit('signIn', result),
      });
    },

    linkPeople({ addresses }) {
      const normalized = addresses.map((a) => a.trim().toLowerCase());
      // Join onto a person key one of them already has, so earlier links and history stay valid.
      const personKey =
        normalized.map((a) => engine.store.personKeyFor(a)).find((k): k is string => k !== null) ??
        normalized.find((a) => a.includes('@')) ??
        normalized[0] ??
        '';
      for (const address of normalized) engine.linkPerson(address, personKey);
      return Promise.resolve({ personKey });
    },

    async setDemo({ enabled }) {
      engine.setDemoFlag(enabled);
      if (enabled) {
        const demo: StoredAccount = {
          id: DEMO_ACCOUNT_ID,
          name: 'Demo',
          enabled: true,
          config: { kind: 'demo', demo: { perMinute: 2 } },
        };
        engine.store.upsertAccount(demo);
        await engine.accounts.start(demo);
      } else {
        await engine.accounts.remove(DEMO_ACCOUNT_ID);
      }
      return engine.state();
    },
  };
  return alwaysAsync(api);
}

/** Every command rejects instead of throwing, whichever way its body fails. */
function alwaysAsync(api: LullApi): LullApi {
  const wrapped: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(api) as [string, (input: unknown) => Promise<unknown>][]) {
    wrapped[name] = async (input) => fn(input);
  }
  return wrapped as unknown as LullApi;
}
