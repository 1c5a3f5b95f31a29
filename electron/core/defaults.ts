/**
 * First-run settings, rules and schedule presets.
 */
import type { FocusBlock, Rule, RuleMatch, Settings } from './types';

const WEEKDAYS = [1, 2, 3, 4, 5];

function blocks(days: readonly number[], ranges: readonly (readonly [string, string])[]): FocusBlock[] {
  const min = (hhmm: string): number => {
    const [h, m] = hhmm.split(':');
    return Number(h) * 60 + Number(m);
  };
  return days.flatMap((weekday) => ranges.map(([s, e]) => ({ weekday, startMin: min(s), endMin: min(e) })));
}

/** Mon–Fri 09:00–12:00 and 13:30–17:00, batches every 3 hours, released at focus end too. */
export function defaultSettings(timeZone: string): Settings {
  return {
    schedule: {
      timeZone,
      blocks: blocks(WEEKDAYS, [
        ['09:00', '12:00'],
        ['13:30', '17:00'],
      ]),
    },
    batching: {
      cadence: { kind: 'every', hours: 3 },
      releaseAtFocusEnd: true,
      outsideFocus: 'deliver',
      maxWaitMin: 240,
    },
    general: {
      startAtLogin: false,
      sounds: true,
      retentionDays: 30,
      globalShortcut: 'CommandOrControl+Shift+L',
      theme: 'system',
    },
  };
}

export const EMPTY_MATCH: RuleMatch = {
  senders: [],
  keywords: [],
  hints: [],
  accounts: [],
  containers: [],
  sources: [],
  repeat: null,
};

/**
 * Starter rules, in order: newsletters are held (even outside focus), VIPs break through (empty
 * and off until the user adds people), someone trying three times in five minutes breaks through
 * (at most 3 an hour), and direct messages that mention an outage break through.
 */
export function defaultRules(): Rule[] {
  return [
    {
      id: 'newsletters',
      name: 'Newsletters and lists',
      enabled: true,
      match: { ...EMPTY_MATCH, hints: ['bulk'] },
      action: 'hold',
      limitPerHour: null,
    },
    {
      id: 'vips',
      name: 'VIPs',
      enabled: false,
      match: { ...EMPTY_MATCH },
      action: 'deliver',
      limitPerHour: null,
    },
    {
      id: 'repeat',
      name: 'Someone keeps trying',
      enabled: true,
      match: { ...EMPTY_MATCH, repeat: { count: 3, withinMin: 5 } },
      action: 'deliver',
      limitPerHour: 3,
    },
    {
      id: 'direct-urgent',
      name: 'Urgent direct messages',
      enabled: true,
      match: { ...EMPTY_MATCH, hints: ['dm'], keywords: ['urgent', 'outage', 'asap', 'emergency', 'down'] },
      action: 'deliver',
      limitPerHour: 6,
    },
  ];
}

export interface SchedulePreset {
  readonly id: string;
  readonly name: string;
  readonly blocks: readonly FocusBlock[];
}

/** Named weekly schedules offered on first run (zone chosen separately). */
export const SCHEDULE_PRESETS: readonly SchedulePreset[] = [
  {
    id: 'workday',
    name: 'Workday mornings and afternoons (Mon–Fri 09:00–12:00, 13:30–17:00)',
    blocks: blocks(WEEKDAYS, [
      ['09:00', '12:00'],
      ['13:30', '17:00'],
    ]),
  },
  {
    id: 'mornings',
    name: 'Deep-work mornings (Mon–Fri 08:00–12:00)',
    blocks: blocks(WEEKDAYS, [['08:00', '12:00']]),
  },
  {
    id: 'maker',
    name: 'Maker schedule (Mon–Fri 09:00–17:00)',
    blocks: blocks(WEEKDAYS, [['09:00', '17:00']]),
  },
  {
    id: 'evenings-off',
    name: 'Quiet evenings (every day 19:00–24:00)',
    blocks: blocks([0, 1, 2, 3, 4, 5, 6], [['19:00', '24:00']]),
  },
  { id: 'none', name: 'No schedule (focus only when I start it)', blocks: [] },
];
