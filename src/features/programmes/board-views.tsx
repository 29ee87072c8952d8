import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/context.ts';
import { DataTable } from '../../ui/data-table.tsx';
import { formatDate, formatNumber, formatPercent } from '../../lib/vi/index.ts';
import type { Board } from './board.ts';
import type { TaskView } from './service.ts';
import { ScheduleCss, TaskTable } from './views.tsx';

/** Rows a dashboard list shows; a late year can have hundreds, and the schedule lists them all. */
export const BOARD_LIST_ROWS = 50;

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

type ByOrgRow = { g: Board['byOrg'][number]; org: Record<string, string> };

export function BoardPage({ ctx, b }: { ctx: PageContext; b: Board }) {
  const { t } = ctx;
  const title = t('board.title', { year: b.year });
  const sched = (o: Record<string, string>) => `/app/schedule?${new URLSearchParams({ year: String(b.year), ...o }).toString()}`;
  return (
    <Layout ctx={ctx} title={title} wide>
      <ScheduleCss />
      <h1>{title}</h1>
      <nav class="subnav no-print">
        <a href={`/app/programmes?year=${b.year}`}>{t('prog.title')}</a> · <a href={sched({})}>{t('prog.schedule')}</a> · {t('common.onDate')} {formatDate(b.today)}
      </nav>
      <section class="card">
        <h2>{t('board.byOrg')}</h2>
        <DataTable
          ctx={ctx}
          rows={b.byOrg.map((g) => ({ g, org: (g.orgId ? { org: g.orgId } : {}) as Record<string, string> }))}
          columns={[
            { key: 'org', label: t('prog.org'), rowHeader: true, cell: ({ g, org }) => <a href={sched(org)}>{g.orgName}</a> },
            { key: 'total', label: t('board.total'), cell: ({ g }) => formatNumber(g.total) },
            ...(['done', 'done_late', 'on_track', 'late', 'overdue'] as const).map((status) => ({
              key: status,
              label: t(`status.${status}`),
              cellClass: ({ g }: ByOrgRow) => ((status === 'late' || status === 'overdue') && g.counts[status] ? 'c-behind' : undefined),
              cell: ({ g, org }: ByOrgRow) => <a href={sched({ ...org, status })}>{formatNumber(g.counts[status])}</a>,
            })),
            {
              key: 'completion',
              label: t('board.completion'),
              cell: ({ g }) => (
                <>
                  <meter min={0} max={1} value={g.completion} aria-hidden="true" /> {formatPercent(g.completion)}
                </>
              ),
            },
          ]}
        />
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
