/**
 * How far back a new account looks on its first connect: older mail never becomes items (no flood).
 * Only a new account is asked, so the value is always one of these choices.
 */
const CHOICES: readonly { minutes: number; label: string }[] = [
  { minutes: 0, label: 'None: only mail that arrives from now on' },
  { minutes: 60, label: 'The last hour' },
  { minutes: 24 * 60, label: 'The last 24 hours' },
  { minutes: 3 * 24 * 60, label: 'The last 3 days' },
  { minutes: 7 * 24 * 60, label: 'The last week' },
];

export function RecentWindowField({
  minutes,
  onMinutes,
}: {
  minutes: number;
  onMinutes: (m: number) => void;
}) {
  return (
    <label className="field" style={{ maxWidth: 360 }}>
      <span>Also bring in mail from before now</span>
      <select
        value={String(minutes)}
        onChange={(e) => onMinutes(Number(e.target.value))}
        aria-describedby="imap-recent-hint"
      >
        {CHOICES.map((c) => (
          <option key={c.minutes} value={String(c.minutes)}>
            {c.label}
          </option>
        ))}
      </select>
      <span id="imap-recent-hint" className="small muted">
        Mail older than this stays in your mailbox; Lull leaves it alone.
      </span>
    </label>
  );
}
