/**
 * The tray as a pure function of engine state: icon, tooltip and menu.
 *
 * The Electron adapter (tray-presenter.ts) only applies what this returns. Menu actions are
 * relative ("pause for an hour") and resolved at click time by `resolveTrayAction`, so the menu
 * does not change as time passes and is not rebuilt every minute.
 */
import type { CommandInput, EventPayload } from '../../shared/contract';
import { formatClock, tomorrowAtMs } from './local-time';

/** Engine state as the shell receives it (deeply read-only). */
export type EngineState = EventPayload<'state'>;
export type StateAccount = EngineState['accounts'][number];
type Account = StateAccount;

export const TRAY_ICON_KEYS = ['idle', 'focus', 'focus-held', 'paused', 'attention'] as const;
export type TrayIconKey = (typeof TRAY_ICON_KEYS)[number];

export type TrayAction =
  | { readonly kind: 'focus'; readonly minutes: 25 | 50 | 90 }
  | { readonly kind: 'focus-until-block-end' }
  | { readonly kind: 'end-focus' }
  | { readonly kind: 'release-now' }
  | { readonly kind: 'review-last-batch'; readonly batchId: number }
  | { readonly kind: 'pause-hour' }
  | { readonly kind: 'pause-tomorrow' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'open-status' }
  | { readonly kind: 'open-settings'; readonly section: SettingsSection }
  | { readonly kind: 'quit' };

/** A settings tab, or one account's form in it (`accounts:<id>`, as the renderer's routes have it). */
export type SettingsSection = 'general' | 'accounts' | `accounts:${string}`;

export type MenuItemSpec =
  | { readonly type: 'separator'; readonly id: string }
  | {
      readonly type: 'normal';
      readonly id: string;
      readonly label: string;
      readonly enabled: boolean;
      readonly action: TrayAction;
    };

export interface TrayModel {
  readonly icon: TrayIconKey;
  readonly tooltip: string;
  /** Shown next to the icon where the OS supports it (macOS): the held count during focus. */
  readonly title: string;
  readonly menu: readonly MenuItemSpec[];
}

export interface TrayModelOptions {
  readonly locale?: string;
  /** IANA zone for clock times; the system zone when absent. */
  readonly timeZone?: string;
}

/** When "Pause until tomorrow" ends, local time. */
export const PAUSE_UNTIL_TOMORROW_MIN = 8 * 60;

const ATTENTION_STATES: ReadonlySet<Account['status']['state']> = new Set([
  'auth-failed',
  'tls-untrusted',
  'error',
]);

/** Enabled accounts a person has to do something about. */
export function accountsNeedingAttention(state: EngineState): readonly Account[] {
  return state.accounts.filter((a) => a.enabled && ATTENTION_STATES.has(a.status.state));
}

export function trayIcon(state: EngineState): TrayIconKey {
  if (accountsNeedingAttention(state).length > 0) return 'attention';
  if (state.focus.paused) return 'paused';
  if (state.focus.on) return state.heldCount > 0 ? 'focus-held' : 'focus';
  return 'idle';
}

const ATTENTION_TEXT: Record<string, string> = {
  'auth-failed': 'sign-in failed',
  'tls-untrusted': 'certificate not trusted',
  error: 'needs attention',
};

export function attentionLine(account: Account): string {
  return `${account.name}: ${ATTENTION_TEXT[account.status.state] ?? 'needs attention'}`;
}

export function trayTooltip(state: EngineState, nowMs: number, opts: TrayModelOptions = {}): string {
  const locale = opts.locale ?? 'en-GB';
  const clock = (atMs: number): string => formatClock(atMs, nowMs, locale, opts.timeZone);
  const lines: string[] = [];
  const f = state.focus;
  if (f.paused) lines.push(f.pausedUntilMs === null ? 'Paused' : `Paused until ${clock(f.pausedUntilMs)}`);
  else if (f.on) lines.push(f.untilMs === null ? 'Focus on' : `Focus until ${clock(f.untilMs)}`);
  else lines.push('Not focusing');
  lines.push(`${state.heldCount} held`);
  if (state.nextReleaseAtMs !== null) lines.push(`next batch ${clock(state.nextReleaseAtMs)}`);
  const attention = accountsNeedingAttention(state);
  const head = `Lull: ${lines.join(' · ')}`;
  return attention.length === 0 ? head : `${head}\n${attention.map(attentionLine).join('\n')}`;
}

function item(id: string, label: string, enabled: boolean, action: TrayAction): MenuItemSpec {
  return { type: 'normal', id, label, enabled, action };
}

export function trayMenu(state: EngineState, nowMs: number): readonly MenuItemSpec[] {
  const f = state.focus;
  const menu: MenuItemSpec[] = [];
  for (const account of accountsNeedingAttention(state)) {
    menu.push(
      item(`attention:${account.id}`, `⚠ ${attentionLine(account)}…`, true, {
        kind: 'open-settings',
        section: `accounts:${account.id}`,
      }),
    );
  }
  if (menu.length > 0) menu.push({ type: 'separator', id: 'sep-attention' });
  menu.push(
    item('open-status', 'Open Status', true, { kind: 'open-status' }),
    { type: 'separator', id: 'sep-status' },
    item('focus-25', 'Focus for 25 min', true, { kind: 'focus', minutes: 25 }),
    item('focus-50', 'Focus for 50 min', true, { kind: 'focus', minutes: 50 }),
    item('focus-90', 'Focus for 90 min', true, { kind: 'focus', minutes: 90 }),
    item('focus-block', 'Focus until the block ends', state.blockEndMs !== null && state.blockEndMs > nowMs, {
      kind: 'focus-until-block-end',
    }),
    item('end-focus', 'End focus', f.on, { kind: 'end-focus' }),
    { type: 'separator', id: 'sep-focus' },
    item('release-now', `Release now (${state.heldCount} held)`, state.heldCount > 0, {
      kind: 'release-now',
    }),
    state.lastBatch === null
      ? item('review-last', 'Review last batch', false, { kind: 'open-status' })
      : item('review-last', 'Review last batch', true, {
          kind: 'review-last-batch',
          batchId: state.lastBatch.id,
        }),
    { type: 'separator', id: 'sep-batch' },
  );
  if (f.paused) menu.push(item('resume', 'Resume', true, { kind: 'resume' }));
  menu.push(
    item('pause-hour', 'Pause for 1 hour', true, { kind: 'pause-hour' }),
    item('pause-tomorrow', 'Pause until tomorrow', true, { kind: 'pause-tomorrow' }),
    { type: 'separator', id: 'sep-pause' },
    item('settings', 'Settings…', true, { kind: 'open-settings', section: 'general' }),
    item('quit', 'Quit Lull', true, { kind: 'quit' }),
  );
  return menu;
}

/** The whole tray for one engine state. */
export function trayModel(state: EngineState, nowMs: number, opts: TrayModelOptions = {}): TrayModel {
  const icon = trayIcon(state);
  return {
    icon,
    tooltip: trayTooltip(state, nowMs, opts),
    title: state.focus.on && state.heldCount > 0 ? String(state.heldCount) : '',
    menu: trayMenu(state, nowMs),
  };
}

/** What a clicked action means, resolved at click time. */
export type ResolvedTrayAction =
  | { readonly kind: 'command'; readonly name: 'startFocus'; readonly input: CommandInput<'startFocus'> }
  | { readonly kind: 'command'; readonly name: 'pause'; readonly input: CommandInput<'pause'> }
  | {
      readonly kind: 'command';
      readonly name: 'endFocus' | 'resume' | 'releaseNow';
      readonly input: Record<string, never>;
    }
  | { readonly kind: 'window'; readonly window: 'status' }
  | { readonly kind: 'window'; readonly window: 'review'; readonly batchId: number }
  | { readonly kind: 'window'; readonly window: 'settings'; readonly section: SettingsSection }
  | { readonly kind: 'quit' };

export function resolveTrayAction(action: TrayAction, nowMs: number, timeZone?: string): ResolvedTrayAction {
  switch (action.kind) {
    case 'focus':
      return { kind: 'command', name: 'startFocus', input: { minutes: action.minutes } };
    case 'focus-until-block-end':
      return { kind: 'command', name: 'startFocus', input: { untilBlockEnd: true } };
    case 'end-focus':
      return { kind: 'command', name: 'endFocus', input: {} };
    case 'release-now':
      return { kind: 'command', name: 'releaseNow', input: {} };
    case 'resume':
      return { kind: 'command', name: 'resume', input: {} };
    case 'pause-hour':
      return { kind: 'command', name: 'pause', input: { untilMs: nowMs + 60 * 60_000 } };
    case 'pause-tomorrow':
      return {
        kind: 'command',
        name: 'pause',
        input: { untilMs: tomorrowAtMs(nowMs, PAUSE_UNTIL_TOMORROW_MIN, timeZone) },
      };
    case 'review-last-batch':
      return { kind: 'window', window: 'review', batchId: action.batchId };
    case 'open-status':
      return { kind: 'window', window: 'status' };
    case 'open-settings':
      return { kind: 'window', window: 'settings', section: action.section };
    case 'quit':
      return { kind: 'quit' };
    default:
      return assertNever(action);
  }
}

function assertNever(x: never): never {
  throw new Error(`Unexpected: ${JSON.stringify(x)}`);
}
