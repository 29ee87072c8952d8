import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/context.ts';
import { DataTable } from '../../ui/data-table.tsx';
import { Badge } from '../../ui/components.tsx';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../lib/vi/index.ts';
import { averageOf, completionOf, type Board, type BoardCounts, type BoardRow } from './board.ts';
import { avgText, MonthsChart, ProgressChart } from './board-charts.tsx';
import type { TaskView } from './service.ts';
import { TASK_STATUSES } from './status.ts';
import { ApprovalBadge, ScheduleCss, TaskTable } from './views.tsx';

/** Rows a dashboard list shows; a late year can have hundreds, and the schedule lists them all. */
export const BOARD_LIST_ROWS = 50;

/** Statuses in the order the table prints them (done first, then what needs attention). */
const SHOWN = ['done', 'done_late', 'on_track', 'late', 'overdue', 'not_started'] as const;

function BoardList({ ctx, tasks, more }: { ctx: PageContext; tasks: TaskView[]; more: string }) {
  if (tasks.length === 0) return <p class="muted">{ctx.t('board.none')}</p>;
  return (
    <>
      <TaskTable ctx={ctx} tasks={tasks.slice(0, BOARD_LIST_ROWS)} showProgramme />
      {tasks.length > BOARD_LIST_ROWS && (
        <p>
          <a href={more}>{ctx.t('board.more', { shown: BOARD_LIST_ROWS, n: tasks.length })}</a>
        </p>
      )}
    </>
  );
}

const rate = (c: BoardCounts) => {
  const v = completionOf(c);
  return v === null ? '' : formatPercent(v, 1);
};

function Filters({ ctx, b }: { ctx: PageContext; b: Board }) {
  const { t } = ctx;
  return (
    <form method="get" action="/app/programmes/dashboard" class="filters board-filters no-print">
      <div class="field">
        <label for="b-year">{t('board.year')}</label>
        <select id="b-year" name="year">
          {b.years.map((y) => (
            <option value={y} selected={y === b.year}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div class="field check">
        <input type="checkbox" id="b-all" name="all" value="1" checked={b.all} />
        <label for="b-all">{t('board.allBranches')}</label>
      </div>
      <button type="submit">{t('board.show')}</button>
    </form>
  );
}

function ProgrammeCell({ ctx, r }: { ctx: PageContext; r: BoardRow }) {
  if (!r.orgId) return <>—</>;
  if (!r.programme)
    return (
      <Badge tone="warn">
        <span class="no-programme">{ctx.t('board.noProgramme')}</span>
      </Badge>
    );
  return (
    <a href={`/app/programmes/${r.programme.id}`}>
      <ApprovalBadge ctx={ctx} approval={r.programme.status} />
    </a>
  );
}

function ByOrg({ ctx, b }: { ctx: PageContext; b: Board }) {
  const { t } = ctx;
  const sched = (o: Record<string, string>) => `/app/schedule?${new URLSearchParams({ year: String(b.year), ...o }).toString()}`;
  const org = (r: BoardRow): Record<string, string> => (r.orgId ? { org: r.orgId } : {});
  const total = b.total;
  return (
    <DataTable
      ctx={ctx}
      class="board-table"
      labelledBy="h-by-org"
      rows={b.rows}
      rowClass={(r) => [r.branch ? 'branch' : '', r.programme || !r.orgId ? '' : 'no-prog'].join(' ').trim() || undefined}
      rowData={(r) => ({ 'data-org': r.orgId })}
      columns={[
        { key: 'org', label: t('prog.org'), rowHeader: true, cell: (r) => (r.orgId ? <a href={sched(org(r))}>{r.orgName}</a> : r.orgName) },
        { key: 'programme', label: t('board.programme'), cell: (r) => <ProgrammeCell ctx={ctx} r={r} /> },
        { key: 'total', label: t('board.total'), class: 'num', cell: (r) => formatNumber(r.total) },
        { key: 'due', label: t('board.due'), class: 'num', cell: (r) => formatNumber(r.due) },
        { key: 'dueDone', label: t('board.doneDue'), class: 'num', cell: (r) => formatNumber(r.dueDone) },
        { key: 'completion', label: t('board.completion'), class: 'num', header: <span aria-describedby="hint-completion">{t('board.completion')}*</span>, cell: (r) => rate(r) },
        { key: 'average', label: t('board.avgProgress'), class: 'num', header: <span aria-describedby="hint-average">{t('board.avgProgress')}**</span>, cell: (r) => avgText(averageOf(r)) },
        ...SHOWN.map((status) => ({
          key: status,
          label: t(`status.${status}`),
          class: 'num',
          cellClass: (r: BoardRow) => ((status === 'late' || status === 'overdue') && r.counts[status] ? 'c-behind' : undefined),
          cell: (r: BoardRow) => (r.counts[status] ? <a href={sched({ ...org(r), status })}>{formatNumber(r.counts[status])}</a> : '0'),
        })),
      ]}
      foot={
        <tr class="total">
          <th scope="row" data-label={t('prog.org')}>
            {t('board.wardTotal')}
          </th>
          <td data-label={t('board.programme')}>
            {formatNumber(b.rows.filter((r) => r.programme).length)}/{formatNumber(b.rows.filter((r) => r.orgId).length)}
          </td>
          <td class="num" data-label={t('board.total')}>
            {formatNumber(total.total)}
          </td>
          <td class="num" data-label={t('board.due')}>
            {formatNumber(total.due)}
          </td>
          <td class="num" data-label={t('board.doneDue')}>
            {formatNumber(total.dueDone)}
          </td>
          <td class="num" data-label={t('board.completion')}>
            {rate(total)}
          </td>
          <td class="num" data-label={t('board.avgProgress')}>
            {avgText(averageOf(total))}
          </td>
          {SHOWN.map((s) => (
            <td class="num" data-label={t(`status.${s}`)}>
              {formatNumber(total.counts[s])}
            </td>
          ))}
        </tr>
      }
    />
  );
}

function Pending({ ctx, b }: { ctx: PageContext; b: Board }) {
  const { t } = ctx;
  return (
    <DataTable
      ctx={ctx}
      labelledBy="h-pending"
      rows={b.pending}
      emptyClass="muted"
      empty={t('board.pendingNone')}
      columns={[
        { key: 'kind', label: t('board.kind'), cell: (p) => (p.kind === 'programme' ? t('board.pendingProgramme') : t('board.pendingTask')) },
        { key: 'item', label: t('board.item'), rowHeader: true, cell: (p) => <a href={p.kind === 'programme' ? `/app/programmes/${p.id}` : `/app/tasks/${p.id}`}>{p.title}</a> },
        { key: 'org', label: t('prog.org'), cell: (p) => p.orgName },
        { key: 'at', label: t('board.submittedAt'), cell: (p) => (p.submittedAt ? formatDateTime(p.submittedAt) : '') },
      ]}
    />
  );
}

/** The monthly chart's figures: statuses down, months across (a real table, scrolled on a phone). */
function MonthTable({ ctx, b }: { ctx: PageContext; b: Board }) {
  const { t } = ctx;
  const sum = (m: Board['months'][number]) => TASK_STATUSES.reduce((s, k) => s + m.counts[k], 0);
  return (
    <div class="month-wrap" tabindex={0} role="region" aria-label={t('board.monthTable')}>
      <table class="month-table">
        <caption>{t('board.monthTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('board.status')}</th>
            {b.months.map((m) => (
              <th scope="col" class="num">
                {t('board.monthN', { m: m.month })}
              </th>
            ))}
            <th scope="col" class="num">
              {t('board.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {SHOWN.map((s) => (
            <tr data-status={s}>
              <th scope="row">{t(`status.${s}`)}</th>
              {b.months.map((m) => (
                <td class="num">{formatNumber(m.counts[s])}</td>
              ))}
              <td class="num">{formatNumber(b.months.reduce((n, m) => n + m.counts[s], 0))}</td>
            </tr>
          ))}
          <tr class="total" data-status="total">
            <th scope="row">{t('board.total')}</th>
            {b.months.map((m) => (
              <td class="num">{formatNumber(sum(m))}</td>
            ))}
            <td class="num">{formatNumber(b.months.reduce((n, m) => n + sum(m), 0))}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export function BoardPage({ ctx, b }: { ctx: PageContext; b: Board }) {
  const { t } = ctx;
  const title = t('board.title', { year: b.year });
  const sched = (o: Record<string, string>) => `/app/schedule?${new URLSearchParams({ year: String(b.year), ...o }).toString()}`;
  const without = b.rows.filter((r) => r.orgId && !r.programme).length;
  return (
    <Layout ctx={ctx} title={title} wide>
      <ScheduleCss />
      <link rel="stylesheet" href="/static/board.css" />
      {ctx.ward && <p class="print-only board-ward">{ctx.ward.name.toLocaleUpperCase('vi')}</p>}
      <h1>{title}</h1>
      <p class="print-only">
        {t('common.onDate')} {formatDate(b.today)}
      </p>
      <nav class="subnav no-print">
        <a href={`/app/programmes?year=${b.year}`}>{t('prog.title')}</a> · <a href={sched({})}>{t('prog.schedule')}</a> · {t('common.onDate')} {formatDate(b.today)}
      </nav>
      <Filters ctx={ctx} b={b} />
      <section class="card">
        <h2 id="h-by-org">{t('board.byOrg')}</h2>
        <p>
          {t('board.asOf', { date: formatDate(b.asOf) })} {without > 0 && <strong>{t('board.orgsWithout', { n: without, year: b.year })}</strong>}
        </p>
        <ByOrg ctx={ctx} b={b} />
        <p class="hint" id="hint-completion">
          * {t('board.completionHint', { date: formatDate(b.asOf) })}
        </p>
        <p class="hint" id="hint-average">
          ** {t('board.avgHint')}
        </p>
      </section>
      <section class="card" id="pending">
        <h2 id="h-pending">
          {t('board.pending')} ({formatNumber(b.pending.length)})
        </h2>
        <Pending ctx={ctx} b={b} />
      </section>
      <section class="card charts" id="charts">
        <h2>{t('board.charts')}</h2>
        {b.total.total === 0 ? (
          <p class="muted">{t('board.noTasks', { year: b.year })}</p>
        ) : (
          <>
            <figure>
              <ProgressChart ctx={ctx} b={b} />
              <figcaption>
                <strong>{t('board.chartProgress')}.</strong> {t('board.chartProgressDesc')}
              </figcaption>
            </figure>
            <figure>
              <MonthsChart ctx={ctx} b={b} />
              <figcaption>
                <strong>{t('board.chartMonths')}.</strong> {t('board.chartMonthsDesc')}
              </figcaption>
            </figure>
            <MonthTable ctx={ctx} b={b} />
          </>
        )}
      </section>
      <section class="card" id="overdue">
        <h2>
          {t('board.overdue')} ({formatNumber(b.overdue.length)})
        </h2>
        <BoardList ctx={ctx} tasks={b.overdue} more={sched({ status: 'overdue' })} />
      </section>
      <section class="card" id="due">
        <h2>
          {t('board.dueThisMonth', { month: b.today.slice(5, 7) + '/' + b.today.slice(0, 4) })} ({formatNumber(b.dueThisMonth.length)})
        </h2>
        <BoardList ctx={ctx} tasks={b.dueThisMonth} more={sched({ month: String(Number(b.today.slice(5, 7))) })} />
      </section>
    </Layout>
  );
}
