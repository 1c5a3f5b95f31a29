import type { CadenceT, FocusBlockT } from '../../api/types';

export interface SchedulePreset {
  id: string;
  name: string;
  detail: string;
  blocks: FocusBlockT[];
  cadence: CadenceT;
}

const weekdays = (startMin: number, endMin: number): FocusBlockT[] =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMin, endMin }));

export const PRESETS: SchedulePreset[] = [
  {
    id: 'mornings',
    name: 'Quiet mornings',
    detail: 'Focus Monday to Friday 9:00–12:00; a batch every 2 hours.',
    blocks: weekdays(540, 720),
    cadence: { kind: 'every', hours: 2 },
  },
  {
    id: 'workday',
    name: 'Whole workday',
    detail: 'Focus Monday to Friday 9:00–17:00; batches at 10:00, 12:30, 15:00 and 17:00.',
    blocks: weekdays(540, 1020),
    cadence: { kind: 'times', times: ['10:00', '12:30', '15:00', '17:00'] },
  },
  {
    id: 'two-blocks',
    name: 'Two deep-work blocks',
    detail: 'Focus 9:00–11:30 and 13:30–16:00 on weekdays; a batch every hour.',
    blocks: [...weekdays(540, 690), ...weekdays(810, 960)],
    cadence: { kind: 'every', hours: 1 },
  },
  {
    id: 'manual',
    name: 'No schedule yet',
    detail: 'Start focus yourself from the tray; batches every 2 hours.',
    blocks: [],
    cadence: { kind: 'every', hours: 2 },
  },
];
