import { Layout } from '../../../ui/layout.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import type { ProgrammeListItem } from '../service.ts';
import { ApprovalBadge, ScheduleCss, SubNav } from './common.tsx';
import { canOpen } from '../../../platform/access.ts';
import { PROG_WRITERS } from '../access.ts';

export function ProgrammeListPage({ ctx, items, year, canCreate }: { ctx: PageContext; items: ProgrammeListItem[]; year: number; canCreate: boolean }) {
  const { t } = ctx;
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
      <form method="get" action="/app/programmes" class="filters">
        <div class="field">
          <label for="year">{t('prog.year')}</label>
          <input id="year" name="year" type="number" value={String(year)} min={2000} max={2100} />
        </div>
        <button type="submit">{t('common.filter')}</button>
      </form>
      <DataTable
        ctx={ctx}
        rows={items}
        empty={t('prog.none')}
        columns={[
          { key: 'org', label: t('prog.org'), cell: (p) => p.org_name },
          { key: 'name', label: t('prog.name'), cell: (p) => <a href={`/app/programmes/${p.id}`}>{p.title}</a> },
          { key: 'status', label: t('prog.status'), cell: (p) => <ApprovalBadge ctx={ctx} approval={p.status} /> },
          { key: 'tasks', label: t('prog.tasks'), cell: (p) => `${t('prog.taskCount', { n: p.tasks })} · ${t('prog.doneCount', { n: p.done })} · ${t('prog.lateCount', { n: p.late })}` },
        ]}
      />
    </Layout>
  );
}
