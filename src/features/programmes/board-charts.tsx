// The dashboard's charts (docs/DESIGN.md D51): server-side SVG, readable without JavaScript, each
// with a <title> and a <desc> (role="img"), its figures as text beside the marks and in a data
// table on the page, and marks that stay apart in black and white (grey levels and hatching, not
// colour alone) so a printed page reads as well as the screen.
import type { PageContext } from '../../ui/context.ts';
import { formatNumber } from '../../lib/vi/index.ts';
import { averageOf, type Board } from './board.ts';
import { TASK_STATUSES, type TaskStatus } from './status.ts';

/** Average progress as the dashboard prints it everywhere: "45,5%" (one decimal), "" for none. */
export const avgText = (v: number | null): string => (v === null ? '' : `${formatNumber(Math.round(v * 10) / 10, 1)}%`);

/** How each status is drawn: a fill (a colour of a distinct grey level, or a pattern) for screen and paper alike. */
const FILL: Record<TaskStatus, string> = {
  done: '#1f5f1f',
  done_late: 'url(#pat-done-late)',
  on_track: '#a9c6e8',
  not_started: '#ffffff',
  late: 'url(#pat-late)',
  overdue: 'url(#pat-overdue)',
};

function Patterns() {
  return (
    <defs>
      <pattern id="pat-done-late" width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#cfe8cf" />
        <circle cx="3" cy="3" r="1.4" fill="#1f5f1f" />
      </pattern>
      <pattern id="pat-late" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#f7d4cf" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#7a1212" stroke-width="2" />
      </pattern>
      <pattern id="pat-overdue" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="5" height="5" fill="#7a1212" />
        <line x1="0" y1="0" x2="0" y2="5" stroke="#000" stroke-width="2" />
        <line x1="0" y1="0" x2="5" y2="0" stroke="#000" stroke-width="2" />
      </pattern>
    </defs>
  );
}

/** Progress per organization as horizontal bars (organizations with tasks this year). */
export function ProgressChart({ ctx, b }: { ctx: PageContext; b: Board }) {
  const rows = b.rows.filter((r) => r.total > 0);
  if (rows.length === 0) return null;
  const W = 560;
  const labelW = 190;
  const barW = 300;
  const rowH = 24;
  const top = 22;
  const H = top + rows.length * rowH + 8;
  const title = ctx.t('board.chartProgress');
  return (
    <svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby="ch-progress-t ch-progress-d" font-family="sans-serif" font-size="12">
      <title id="ch-progress-t">{title}</title>
      <desc id="ch-progress-d">{ctx.t('board.chartProgressDesc')}</desc>
      {[0, 50, 100].map((p) => (
        <g>
          <line x1={labelW + (barW * p) / 100} y1={top - 4} x2={labelW + (barW * p) / 100} y2={H - 6} stroke="#999" stroke-width="1" stroke-dasharray={p ? '3 3' : undefined} />
          <text x={labelW + (barW * p) / 100} y={top - 8} text-anchor="middle" fill="#333">{`${p}%`}</text>
        </g>
      ))}
      {rows.map((r, i) => {
        const v = averageOf(r) ?? 0;
        const y = top + i * rowH;
        return (
          <g class="bar" data-org={r.orgId}>
            <text x={labelW - 6} y={y + 16} text-anchor="end" fill="#000">{r.shortName}</text>
            <rect x={labelW} y={y + 4} width={Math.max(0, (barW * Math.min(v, 100)) / 100)} height={rowH - 8} fill="#4d4d4d" stroke="#000" stroke-width="0.5" />
            <text class="v" x={labelW + (barW * Math.min(v, 100)) / 100 + 4} y={y + 16} fill="#000">{avgText(averageOf(r))}</text>
          </g>
        );
      })}
    </svg>
  );
}

/** Tasks by month of deadline, stacked by status, with each month's total above its column. */
export function MonthsChart({ ctx, b }: { ctx: PageContext; b: Board }) {
  const totals = b.months.map((m) => TASK_STATUSES.reduce((s, k) => s + m.counts[k], 0));
  const max = Math.max(...totals);
  if (max === 0) return null;
  const W = 560;
  const left = 36;
  const plotW = W - left - 8;
  const top = 20;
  const plotH = 200;
  const slot = plotW / 12;
  const barW = slot * 0.64;
  const legendTop = top + plotH + 30;
  const H = legendTop + 2 * 20 + 6;
  const scale = (v: number) => (plotH * v) / max;
  const title = ctx.t('board.chartMonths');
  return (
    <svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-labelledby="ch-months-t ch-months-d" font-family="sans-serif" font-size="12">
      <title id="ch-months-t">{title}</title>
      <desc id="ch-months-d">{ctx.t('board.chartMonthsDesc')}</desc>
      <Patterns />
      {[0, Math.round(max / 2), max].map((v) => (
        <g>
          <line x1={left} y1={top + plotH - scale(v)} x2={W - 8} y2={top + plotH - scale(v)} stroke="#bbb" stroke-width="1" stroke-dasharray={v ? '3 3' : undefined} />
          <text x={left - 4} y={top + plotH - scale(v) + 4} text-anchor="end" fill="#333">{formatNumber(v)}</text>
        </g>
      ))}
      {b.months.map((m, i) => {
        const x = left + i * slot + (slot - barW) / 2;
        let y = top + plotH;
        return (
          <g class="month" data-month={m.month}>
            {TASK_STATUSES.filter((s) => m.counts[s] > 0).map((s) => {
              const h = scale(m.counts[s]);
              y -= h;
              return <rect x={x} y={y} width={barW} height={h} fill={FILL[s]} stroke="#000" stroke-width="0.6" />;
            })}
            {totals[i] ? (
              <text class="v" x={x + barW / 2} y={y - 4} text-anchor="middle" fill="#000">
                {formatNumber(totals[i] ?? 0)}
              </text>
            ) : null}
            <text x={x + barW / 2} y={top + plotH + 16} text-anchor="middle" fill="#000">
              {ctx.t('board.monthN', { m: m.month })}
            </text>
          </g>
        );
      })}
      {TASK_STATUSES.map((s, i) => {
        const x = left + (i % 3) * 175;
        const y = legendTop + Math.floor(i / 3) * 20;
        return (
          <g>
            <rect x={x} y={y} width="16" height="12" fill={FILL[s]} stroke="#000" stroke-width="0.6" />
            <text x={x + 22} y={y + 11} fill="#000">{ctx.t(`status.${s}`)}</text>
          </g>
        );
      })}
    </svg>
  );
}
