// The dashboard: open, due this week, breached, on-time rate and median working days to reply, and the same by
// month, right and channel, drawn with Chart.js (only the parts used are registered, to keep the bundle small).
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import { PeriodReportCard } from '../components/Evidence.tsx';
import { useApi } from '../hooks.ts';
import { channelLabel, useT } from '../i18n.ts';
import { rightLabel, useReference } from '../reference.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend);
Chart.defaults.font.family =
  '"Noto Sans CJK SC", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

interface Tally {
  received: number;
  replied: number;
  onTime: number;
}
interface Stats {
  open: number;
  dueThisWeek: number;
  breached: number;
  onTimeRate: number | null;
  medianWorkingDays: number | null;
  byRight: Record<string, Tally>;
  byChannel: Record<string, Tally>;
  byMonth: ({ month: string } & Tally)[];
}

const COLORS = {
  received: '#3e7cb1',
  replied: '#57ae5b',
  onTime: '#1f6f3f',
  other: ['#3e7cb1', '#f0b429', '#8662c7', '#e12d39'],
};

function ChartCanvas({ config, label }: { config: ConstructorParameters<typeof Chart>[1]; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <canvas ref={canvas} role="img" aria-label={label}>
      {label}
    </canvas>
  );
}

export function Dashboard({ me }: { me: { roles: string[] } }) {
  const t = useT();
  const ref = useReference();
  const { data, error } = useApi<Stats>('/api/stats?months=6');
  if (error)
    return (
      <p className="alert error" role="alert">
        {error.message}
      </p>
    );
  if (!data) return <p className="muted">{t('loading')}</p>;
  const pct = data.onTimeRate === null ? '—' : `${Math.round(data.onTimeRate * 100)}%`;
  const rights = Object.entries(data.byRight).sort((a, b) => b[1].received - a[1].received);
  const channels = Object.entries(data.byChannel);
  const bar = (labels: string[], tallies: Tally[], horizontal = false) => ({
    type: 'bar' as const,
    data: {
      labels,
      datasets: [
        { label: t('receivedN'), data: tallies.map((x) => x.received), backgroundColor: COLORS.received },
        { label: t('repliedN'), data: tallies.map((x) => x.replied), backgroundColor: COLORS.replied },
        { label: t('onTimeN'), data: tallies.map((x) => x.onTime), backgroundColor: COLORS.onTime },
      ],
    },
    options: {
      indexAxis: horizontal ? ('y' as const) : ('x' as const),
      responsive: true,
      maintainAspectRatio: false,
      animation: false as const,
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: 'bottom' as const } },
    },
  });
  return (
    <section>
      <header className="page-head">
        <h1>{t('dashTitle')}</h1>
      </header>
      <div className="kpis">
        <div className="card kpi">
          <span>{t('kOpen')}</span>
          <strong>{data.open}</strong>
        </div>
        <div className="card kpi amber">
          <span>{t('kDueWeek')}</span>
          <strong>{data.dueThisWeek}</strong>
        </div>
        <div className={`card kpi ${data.breached > 0 ? 'breached' : ''}`}>
          <span>{t('kBreached')}</span>
          <strong>{data.breached}</strong>
        </div>
        <div className="card kpi">
          <span>{t('kOnTime')}</span>
          <strong>{pct}</strong>
        </div>
        <div className="card kpi">
          <span>{t('kMedian')}</span>
          <strong>{data.medianWorkingDays ?? '—'}</strong>
        </div>
      </div>
      <div className="charts">
        <div className="card chart wide">
          <h2>{t('byMonth')}</h2>
          <div className="chart-box">
            <ChartCanvas
              label={t('byMonth')}
              config={bar(
                data.byMonth.map((m) => m.month),
                data.byMonth,
              )}
            />
          </div>
        </div>
        <div className="card chart">
          <h2>{t('byRight')}</h2>
          <div className="chart-box">
            <ChartCanvas
              label={t('byRight')}
              config={bar(
                rights.map(([r]) => rightLabel(ref, t.lang, r)),
                rights.map(([, x]) => x),
                true,
              )}
            />
          </div>
        </div>
        <div className="card chart">
          <h2>{t('byChannel')}</h2>
          <div className="chart-box">
            <ChartCanvas
              label={t('byChannel')}
              config={{
                type: 'doughnut',
                data: {
                  labels: channels.map(([c]) => channelLabel(t.lang, c)),
                  datasets: [{ data: channels.map(([, x]) => x.received), backgroundColor: COLORS.other }],
                },
                options: {
                  responsive: true,
                  maintainAspectRatio: false,
                  animation: false,
                  plugins: { legend: { position: 'bottom' } },
                },
              }}
            />
          </div>
        </div>
      </div>
      {me.roles.some((r) => r === 'privacy_officer' || r === 'admin') && <PeriodReportCard />}
    </section>
  );
}
