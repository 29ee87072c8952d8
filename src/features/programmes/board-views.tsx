import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/context.ts';
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
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">{t('prog.org')}</th>
              <th scope="col">{t('board.total')}</th>
              <th scope="col">{t('status.done')}</th>
              <th scope="col">{t('status.done_late')}</th>
              <th scope="col">{t('status.on_track')}</th>
              <th scope="col">{t('status.late')}</th>
              <th scope="col">{t('status.overdue')}</th>
              <th scope="col">{t('board.completion')}</th>
            </tr>
          </thead>
          <tbody>
            {b.byOrg.map((g) => {
              const org: Record<string, string> = g.orgId ? { org: g.orgId } : {};
              return (
                <tr>
                  <th scope="row">
                    <a href={sched(org)}>{g.orgName}</a>
                  </th>
                  <td data-label={t('board.total')}>{formatNumber(g.total)}</td>
                  <td data-label={t('status.done')}>
                    <a href={sched({ ...org, status: 'done' })}>{formatNumber(g.counts.done)}</a>
                  </td>
                  <td data-label={t('status.done_late')}>
                    <a href={sched({ ...org, status: 'done_late' })}>{formatNumber(g.counts.done_late)}</a>
                  </td>
                  <td data-label={t('status.on_track')}>
                    <a href={sched({ ...org, status: 'on_track' })}>{formatNumber(g.counts.on_track)}</a>
                  </td>
                  <td data-label={t('status.late')} class={g.counts.late ? 'c-behind' : undefined}>
                    <a href={sched({ ...org, status: 'late' })}>{formatNumber(g.counts.late)}</a>
                  </td>
                  <td data-label={t('status.overdue')} class={g.counts.overdue ? 'c-behind' : undefined}>
                    <a href={sched({ ...org, status: 'overdue' })}>{formatNumber(g.counts.overdue)}</a>
                  </td>
                  <td data-label={t('board.completion')}>
                    <meter min={0} max={1} value={g.completion} aria-hidden="true" /> {formatPercent(g.completion)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
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
