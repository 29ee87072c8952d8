import { Layout } from '../../../ui/layout.tsx';
import type { PageContext } from '../../../ui/context.ts';
import type { ProgrammeListItem } from '../service.ts';
import { ApprovalBadge, ScheduleCss, SubNav } from './common.tsx';

export function ProgrammeListPage({ ctx, items, year, canCreate }: { ctx: PageContext; items: ProgrammeListItem[]; year: number; canCreate: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('prog.title')} wide>
      <ScheduleCss />
      <div class="page-head">
        <h1>
          {t('prog.title')} {year}
        </h1>
        {canCreate && (
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
      {items.length === 0 ? (
        <p class="empty">{t('prog.none')}</p>
      ) : (
        <table class="grid">
          <thead>
            <tr>
              <th scope="col">{t('prog.org')}</th>
              <th scope="col">{t('prog.name')}</th>
              <th scope="col">{t('prog.status')}</th>
              <th scope="col">{t('prog.tasks')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr>
                <td data-label={t('prog.org')}>{p.org_name}</td>
                <td data-label={t('prog.name')}>
                  <a href={`/app/programmes/${p.id}`}>{p.title}</a>
                </td>
                <td data-label={t('prog.status')}>
                  <ApprovalBadge ctx={ctx} approval={p.status} />
                </td>
                <td data-label={t('prog.tasks')}>
                  {t('prog.taskCount', { n: p.tasks })} · {t('prog.doneCount', { n: p.done })} · {t('prog.lateCount', { n: p.late })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
