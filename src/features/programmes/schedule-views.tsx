import { Layout } from '../../ui/layout.tsx';
import { withQuery, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatDate } from '../../lib/vi/index.ts';
import { TASK_STATUSES } from './status.ts';
import { cellText, STATUS_KEYS, type Schedule, type ScheduleQuery } from './schedule.ts';
import { StatusBadge } from './views.tsx';

export const cellWords = (ctx: PageContext) => ({ plan: ctx.t('sched.plan'), actual: ctx.t('sched.actual'), done: ctx.t('sched.doneWord'), behind: ctx.t('sched.behindWord') });

export function scheduleParams(q: ScheduleQuery, year: number): Record<string, string | number | undefined> {
  return { year, org: q.org ?? undefined, source: q.source ?? undefined, owner: q.owner ?? undefined, status: q.status, month: q.month, programme: q.programme ?? undefined };
}

function FilterSelect({ ctx, name, label, options, value }: { ctx: PageContext; name: string; label: string; options: Option[]; value: string | number | null | undefined }) {
  return (
    <div class="field">
      <label for={`s-${name}`}>{label}</label>
      <select id={`s-${name}`} name={name}>
        <option value="">{ctx.t('common.all')}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === String(value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SchedulePage({ ctx, s, query, orgName, orgs, sources, owners }: { ctx: PageContext; s: Schedule; query: ScheduleQuery; orgName: string | null; orgs: Option[]; sources: Option[]; owners: Option[] }) {
  const { t } = ctx;
  const words = cellWords(ctx);
  const title = t('sched.title', { year: s.year });
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  let lastOrg: string | null = null;
  return (
    <Layout ctx={ctx} title={title} wide>
      <link rel="stylesheet" href="/static/schedule.css" />
      <div class="page-head">
        <h1>
          {title} — {orgName ?? t('sched.wardWide')}
        </h1>
        <div class="head-actions no-print">
          <a class="button" href={withQuery('/app/schedule.xlsx', scheduleParams(query, s.year))}>
            {t('sched.xlsx')}
          </a>
        </div>
      </div>
      <nav class="subnav no-print">
        <a href={`/app/programmes?year=${s.year}`}>{t('prog.title')}</a> · <a href={`/app/programmes/dashboard?year=${s.year}`}>{t('prog.dashboard')}</a> · <span>{t('sched.printHint')}</span>
      </nav>
      <form method="get" action="/app/schedule" class="filters no-print">
        <div class="field">
          <label for="s-year">{t('prog.year')}</label>
          <input id="s-year" name="year" type="number" value={String(s.year)} min={2000} max={2100} />
        </div>
        <FilterSelect ctx={ctx} name="org" label={t('prog.org')} options={orgs} value={query.org} />
        <FilterSelect ctx={ctx} name="source" label={t('sched.source')} options={sources} value={query.source} />
        <FilterSelect ctx={ctx} name="status" label={t('task.status')} options={TASK_STATUSES.map((x) => ({ value: x, label: t(STATUS_KEYS[x]) }))} value={query.status} />
        <FilterSelect ctx={ctx} name="owner" label={t('task.owner')} options={owners} value={query.owner} />
        <FilterSelect ctx={ctx} name="month" label={t('task.month', { n: '' }).trim()} options={months.map((m) => ({ value: String(m), label: t('task.month', { n: m }) }))} value={query.month} />
        <button type="submit">{t('common.filter')}</button>
      </form>
      <ul class="st-legend">
        <li>{t('sched.legend')}</li>
        {(['done', 'ok', 'behind', 'plan'] as const).map((k) => (
          <li>
            <span class={`swatch c-${k}`} aria-hidden="true"></span> {t(`sched.legend.${k}`)}
          </li>
        ))}
      </ul>
      <p class="muted">
        {t('sched.count', { n: s.rows.length })} · {t('common.onDate')} {formatDate(s.today)}
      </p>
      {s.rows.length === 0 ? (
        <p class="empty">{t('sched.empty')}</p>
      ) : (
        <div class="sched-wrap" tabindex={0} role="region" aria-label={title}>
          <table class="sched">
            <thead>
              <tr>
                <th scope="col" class="col-task">
                  {t('sched.task')}
                </th>
                {months.map((m) => (
                  <th scope="col" class={query.month === m ? 'current' : undefined}>
                    {t('sched.month', { n: m })}
                  </th>
                ))}
                <th scope="col">{t('task.status')}</th>
              </tr>
            </thead>
            <tbody>
              {s.rows.flatMap((r, i) => {
                const orgRow =
                  !query.org && r.depth === 0 && r.task.programme_org_name !== lastOrg ? (
                    <tr class="org">
                      <td colSpan={14}>{(lastOrg = r.task.programme_org_name ?? r.task.lead_name ?? '—')}</td>
                    </tr>
                  ) : null;
                const row = (
                  <tr class={r.depth ? 'sub' : undefined} id={`r-${r.task.id}`} data-row={i}>
                    <th scope="row" class="col-task">
                      <a href={`/app/tasks/${r.task.id}`}>{r.task.title}</a>
                      <span class="meta">
                        {r.task.owner_name ?? '—'} · {r.task.lead_short ?? r.task.lead_name ?? '—'}
                        {r.task.due_on ? ` · ${formatDate(r.task.due_on)}` : ''}
                      </span>
                    </th>
                    {r.cells.map((c) => {
                      const text = cellText(c, words);
                      const cls = `c c-${c.tone === 'none' ? (c.inSpan ? 'span' : 'none') : c.tone}`;
                      return (
                        <td class={cls} data-month={c.month}>
                          {text}
                        </td>
                      );
                    })}
                    <td>
                      <StatusBadge ctx={ctx} status={r.task.status} />
                    </td>
                  </tr>
                );
                return orgRow ? [orgRow, row] : [row];
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
