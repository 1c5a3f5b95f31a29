/** Today: interruptions avoided, breakthroughs by rule, and the average wait, as small SVG charts. */
import { useEffect } from 'react';
import type { Stats } from '../../api/types';
import { useSlice, useStores } from '../../store/stores';
import { PagePlaceholder } from '../../ui/page-placeholder';
import { Card } from '../../ui/card';

export function TodayView() {
  const stores = useStores();
  const stats = useSlice('today', (s) => s.stats);
  const error = useSlice('today', (s) => s.error);
  useEffect(() => {
    void stores.today.getState().load();
  }, [stores]);

  if (!stats) {
    return <PagePlaceholder title="Today" text={error ?? 'Loading…'} />;
  }
  const today = stats.days.at(-1) ?? { day: '', interruptionsAvoided: 0, breakthroughs: 0 };
  const week = stats.days.reduce((n, d) => n + d.interruptionsAvoided, 0);
  return (
    <div className="page stack" style={{ gap: 14 }}>
      <h1>Today</h1>
      <div className="grid2">
        <Card id="avoided-h" title="Interruptions avoided">
          <div className="stat" data-testid="avoided-today">
            {today.interruptionsAvoided}
          </div>
          <div className="muted small">
            today · {week} in the last {stats.days.length} days
          </div>
        </Card>
        <Card id="wait-h" title="Average wait">
          <div className="stat">{formatWait(stats.averageWaitMin)}</div>
          <WaitGauge minutes={stats.averageWaitMin} />
        </Card>
      </div>
      <Card id="days-h" title={`The last ${stats.days.length} days`}>
        <DaysChart days={stats.days} />
      </Card>
      <Card id="rules-h" title="Breakthroughs by rule">
        <RulesChart rows={stats.breakthroughsByRule} />
      </Card>
    </div>
  );
}

function formatWait(min: number): string {
  if (!Number.isFinite(min) || min < 0) return '—';
  if (min < 1) return '< 1 min';
  if (min < 60) return `${Math.round(min)} min`;
  return `${Math.floor(min / 60)} h ${Math.round(min % 60)} min`;
}

function WaitGauge({ minutes }: { minutes: number }) {
  const max = 240;
  const w = Math.max(0, Math.min(1, minutes / max)) * 200;
  return (
    <svg
      className="chart"
      width="220"
      height="28"
      role="img"
      aria-label={`Average wait ${formatWait(minutes)} on a scale to 4 hours`}
    >
      <rect x="0" y="6" width="200" height="8" rx="4" fill="var(--chip)" />
      <rect className="bar" x="0" y="6" width={w} height="8" rx="4" />
      <text x="0" y="26">
        0
      </text>
      <text x="186" y="26">
        4 h
      </text>
    </svg>
  );
}

function DaysChart({ days }: { days: Stats['days'] }) {
  const max = Math.max(1, ...days.map((d) => Math.max(d.interruptionsAvoided, d.breakthroughs)));
  const colW = 56;
  const h = 110;
  const label = days
    .map((d) => `${d.day}: ${d.interruptionsAvoided} avoided, ${d.breakthroughs} broke through`)
    .join('; ');
  return (
    <div>
      <svg className="chart" width={days.length * colW + 10} height={h + 30} role="img" aria-label={label}>
        {days.map((d, i) => {
          const a = (d.interruptionsAvoided / max) * h;
          const b = (d.breakthroughs / max) * h;
          const x = i * colW + 10;
          return (
            <g key={d.day}>
              <rect className="bar" x={x} y={h - a} width={18} height={a} rx="2" />
              <rect className="bar2" x={x + 20} y={h - b} width={18} height={b} rx="2" />
              <text x={x} y={h + 14}>
                {shortDay(d.day)}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="row small muted">
        <svg width="10" height="10" aria-hidden="true">
          <rect className="bar" width="10" height="10" fill="var(--accent)" />
        </svg>
        Avoided
        <svg width="10" height="10" aria-hidden="true">
          <rect width="10" height="10" fill="var(--warn)" />
        </svg>
        Broke through
      </div>
    </div>
  );
}

function shortDay(day: string): string {
  const d = new Date(`${day}T12:00:00`);
  return Number.isNaN(d.getTime()) ? day.slice(5) : d.toLocaleDateString([], { weekday: 'short' });
}

function RulesChart({ rows }: { rows: Stats['breakthroughsByRule'] }) {
  if (rows.length === 0) return <p className="muted">Nothing broke through.</p>;
  const max = Math.max(1, ...rows.map((r) => r.count));
  const rowH = 22;
  return (
    <svg
      className="chart"
      width="100%"
      height={rows.length * rowH + 4}
      role="img"
      aria-label={rows.map((r) => `${r.name}: ${r.count}`).join('; ')}
      viewBox={`0 0 520 ${rows.length * rowH + 4}`}
      preserveAspectRatio="xMinYMin meet"
    >
      {rows.map((r, i) => (
        <g key={r.ruleId}>
          <text x="0" y={i * rowH + 15} style={{ fontSize: 12 }}>
            {r.name.length > 28 ? `${r.name.slice(0, 27)}…` : r.name}
          </text>
          <rect className="bar2" x="190" y={i * rowH + 4} width={(r.count / max) * 290} height="14" rx="3" />
          <text x={196 + (r.count / max) * 290} y={i * rowH + 15} style={{ fontSize: 12 }}>
            {r.count}
          </text>
        </g>
      ))}
    </svg>
  );
}
