import { Layout } from '../../../ui/layout.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import { FilterSelect, Pager, withQuery, type Option } from '../../../ui/components.tsx';
import { ListTools, tableColumns } from '../../../ui/office-list.tsx';
import { pageSizeParam } from '../../../platform/list.ts';
import type { ProgrammeListItem } from '../service.ts';
import { PROGRAMME_STATUSES } from '../schema.ts';
import { programmeColumns, type ProgrammeListPageQuery } from '../lists.ts';
import { ApprovalBadge, ScheduleCss, SubNav } from './common.tsx';
import { canOpen } from '../../../platform/access.ts';
import { PROG_WRITERS } from '../access.ts';

/** The programmes of a year: filters (year, organization, approval state) and the sort in the URL, a page of rows, print and Excel of the whole filter. */
export function ProgrammeListPage({ ctx, items, total, year, query, orgOptions, canCreate, wholeQuery = '' }: { ctx: PageContext; items: ProgrammeListItem[]; total: number; year: number; query: ProgrammeListPageQuery; orgOptions: Option[]; canCreate: boolean; wholeQuery?: string }) {
  const { t } = ctx;
  const params = { year, org: query.org, status: query.status, sort: query.sort, dir: query.dir, page_size: pageSizeParam(query) };
  return (
    <Layout ctx={ctx} title={t('prog.title')} wide>
      <ScheduleCss />
      <div class="page-head">
        <h1>
          {t('prog.title')} {year}
        </h1>
        {canCreate && canOpen(ctx, PROG_WRITERS, 'write') && (
          <a class="button primary" href={`/app/programmes/new?year=${year}`}>
            {t('prog.new')}
          </a>
        )}
      </div>
      <SubNav ctx={ctx} year={year} />
      <form method="get" action="/app/programmes" class="filters no-print" role="search">
        <div class="field">
          <label for="year">{t('prog.year')}</label>
          <input id="year" name="year" type="number" value={String(year)} min={2000} max={2100} />
        </div>
        <FilterSelect ctx={ctx} name="org" label={t('prog.org')} options={orgOptions} value={query.org} />
        <FilterSelect ctx={ctx} name="status" label={t('prog.status')} options={PROGRAMME_STATUSES.map((s) => ({ value: s, label: t(`approval.${s}`) }))} value={query.status} />
        <button type="submit">{t('common.filter')}</button>
      </form>
      <ListTools ctx={ctx} path="/app/programmes" query={wholeQuery} />
      <DataTable
        ctx={ctx}
        rows={items}
        empty={t('prog.none')}
        columns={tableColumns(t, programmeColumns, {
          name: (p) => <a href={`/app/programmes/${p.id}`}>{p.title}</a>,
          status: (p) => <ApprovalBadge ctx={ctx} approval={p.status} />,
        })}
        sort={{ current: query, default: { key: 'org', dir: 'asc' }, href: (sort, dir) => withQuery('/app/programmes', { ...params, sort, dir }) }}
      />
      <Pager ctx={ctx} page={query.page} pageSize={query.page_size} total={total} href={(page) => withQuery('/app/programmes', { ...params, page })} />
    </Layout>
  );
}
