import { Layout } from '../../../ui/layout.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable, type TableSelection } from '../../../ui/data-table.tsx';
import { FilterSelect, Pager, withQuery, type Option } from '../../../ui/components.tsx';
import { ListTools, tableColumns } from '../../../ui/office-list.tsx';
import { pageSizeParam } from '../../../platform/list.ts';
import type { TaskView } from '../service.ts';
import { TASK_STATUSES } from '../status.ts';
import { taskColumns, type TaskListQuery } from '../lists.ts';
import { ScheduleCss, StatusBadge, SubNav } from './common.tsx';

export interface TaskListData {
  items: TaskView[];
  total: number;
  year: number;
  query: TaskListQuery;
  orgOptions: Option[];
  programmeOptions: Option[];
  /** The page's query string without paging (for the print and Excel links). */
  wholeQuery: string;
  /** Whether to link the bulk approval (`mayApproveSome`). */
  approvals?: boolean | undefined;
}

/**
 * The ward's tasks across programmes: filters (year, lead organization, status, due month,
 * programme) and the sort in the URL, a page of rows, print and Excel of the whole filter.
 * `select`: a checkbox column for bulk commands (the forms helper's bulk approve/return), optional.
 */
export function TaskListPage({ ctx, d, select, bulk }: { ctx: PageContext; d: TaskListData; select?: TableSelection<TaskView>; bulk?: preact.ComponentChildren }) {
  const { t } = ctx;
  const { query, year } = d;
  const params = { year, org: query.org, status: query.status, month: query.month, programme: query.programme, sort: query.sort, dir: query.dir, page_size: pageSizeParam(query) };
  const months: Option[] = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: t('task.month', { n: i + 1 }) }));
  return (
    <Layout ctx={ctx} title={t('list.tasks.title')} wide>
      <ScheduleCss />
      <div class="page-head">
        <h1>
          {t('list.tasks.title')} {year}
        </h1>
      </div>
      <SubNav ctx={ctx} year={year} approvals={d.approvals} />
      <form method="get" action="/app/tasks" class="filters no-print" role="search">
        <div class="field">
          <label for="year">{t('prog.year')}</label>
          <input id="year" name="year" type="number" value={String(year)} min={2000} max={2100} />
        </div>
        <FilterSelect ctx={ctx} name="org" label={t('task.lead')} options={d.orgOptions} value={query.org} />
        <FilterSelect ctx={ctx} name="status" label={t('task.status')} options={TASK_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} value={query.status} />
        <FilterSelect ctx={ctx} name="month" label={t('list.task.dueMonth')} options={months} value={query.month ? String(query.month) : null} />
        <FilterSelect ctx={ctx} name="programme" label={t('list.task.programme')} options={d.programmeOptions} value={query.programme} />
        <button type="submit">{t('common.filter')}</button>
      </form>
      <ListTools ctx={ctx} path="/app/tasks" query={d.wholeQuery} />
      {bulk}
      <DataTable
        ctx={ctx}
        rows={d.items}
        empty={t('list.task.none')}
        columns={tableColumns(t, taskColumns, {
          title: (r) => <a href={`/app/tasks/${r.id}`}>{r.title}</a>,
          programme: (r) => (r.programme_id ? <a href={`/app/programmes/${r.programme_id}`}>{r.programme_title}</a> : ''),
          status: (r) => <StatusBadge ctx={ctx} status={r.status} />,
        })}
        {...(select ? { select } : {})}
        sort={{ current: query, href: (sort, dir) => withQuery('/app/tasks', { ...params, sort, dir }) }}
      />
      <Pager ctx={ctx} page={query.page} pageSize={query.page_size} total={d.total} href={(page) => withQuery('/app/tasks', { ...params, page })} />
    </Layout>
  );
}
