import { renderToString } from 'preact-render-to-string';
import { Layout } from '../../ui/layout.tsx';
import { withQuery, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { KeptPart } from '../../ui/kept-part.tsx';
import { formatDate, formatNumber } from '../../lib/vi/index.ts';
import { TASK_STATUSES } from './status.ts';
import { cellText, cellWords, rowOrg, STATUS_KEYS, type OrgGroup, type Schedule, type SchedulePageQuery, type ScheduleQuery, type ScheduleRow } from './schedule.ts';
import { ScheduleCss, StatusBadge } from './views.tsx';
import { canOpen } from '../../platform/access.ts';
import { BOARD_READERS } from './access.ts';
import { carriedFrom, coordinatingText, rowNotes, type SchedulePaper } from './schedule-paper.ts';
import { PaperFoot, PaperHead } from './schedule-print.tsx';

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

interface ScheduleProps {
  ctx: PageContext;
  s: Schedule;
  /** How many rows this page shows (all of them with `all=1`); the rows themselves are filled in by `withParts` (ui/kept-part.tsx, D77). */
  shown: number;
  /** Rows of the whole schedule, every page (default: `s.rows.length`). */
  total?: number;
  page: number;
  pages: number;
  /** Every organization of the whole schedule with its row count. */
  groups: OrgGroup[];
  query: SchedulePageQuery;
  orgName: string | null;
  orgs: Option[];
  sources: Option[];
  owners: Option[];
  /** The letterhead and signature of the print view (`all=1`); none on the paged screen view. */
  paper?: SchedulePaper | null;
}

/** Consecutive rows of one organization: one <tbody> each, headed by the organization's name. */
function bodiesOf(rows: readonly ScheduleRow[], grouped: boolean): { org: string | null; rows: ScheduleRow[] }[] {
  const out: { org: string | null; rows: ScheduleRow[] }[] = [];
  for (const r of rows) {
    const org = grouped ? rowOrg(r.task).name : null;
    const last = out.at(-1);
    if (last && (r.depth > 0 || last.org === org)) last.rows.push(r);
    else out.push({ org, rows: [r] });
  }
  return out;
}

export function SchedulePage({ ctx, s, shown, total, page, pages, groups, query, orgName, orgs, sources, owners, paper }: ScheduleProps) {
  const { t } = ctx;
  const title = t('sched.title', { year: s.year });
  const scope = orgName ?? t('sched.wardWide');
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  const params = scheduleParams(query, s.year);
  const here = (o: Record<string, string | number | undefined>) => withQuery('/app/schedule', { ...params, ...o });
  const grouped = !query.org;
  const mm = (m: number) => String(m).padStart(2, '0');
  // The month the phone view opens on (the script scrolls there; #thang-MM without it).
  const thisMonth = s.today.startsWith(`${s.year}-`) ? Number(s.today.slice(5, 7)) : null;
  const pager =
    pages > 1 ? (
      <nav class="pager no-print" aria-label={t('common.page', { n: page, total: pages })}>
        {page > 1 ? (
          <a href={here({ page: page - 1 })} rel="prev">
            {t('common.prev')}
          </a>
        ) : (
          <span />
        )}
        <span>{t('common.page', { n: page, total: pages })}</span>
        {page < pages ? (
          <a href={here({ page: page + 1 })} rel="next">
            {t('common.next')}
          </a>
        ) : (
          <span />
        )}
      </nav>
    ) : null;
  return (
    <Layout ctx={ctx} title={title} wide>
      <ScheduleCss />
      <script src="/static/schedule.js" defer></script>
      {query.all && paper && <PaperHead ctx={ctx} paper={paper} year={s.year} scope={scope} />}
      <div class={query.all && paper ? 'page-head no-print' : 'page-head'}>
        <h1>
          {title} — {scope}
        </h1>
        <div class="head-actions no-print">
          <a class="button" href={withQuery('/app/schedule.xlsx', params)}>
            {t('sched.xlsx')}
          </a>
          {query.all ? (
            <>
              <button type="button" class="button print-button" data-print hidden>
                {t('sched.print')}
              </button>
              <a class="button" href={here({})}>
                {t('sched.showPaged')}
              </a>
            </>
          ) : (
            <a class="button" href={here({ all: '1' })}>
              {pages > 1 ? t('sched.showAll', { n: total ?? s.rows.length }) : t('sched.printView')}
            </a>
          )}
        </div>
      </div>
      <nav class="subnav no-print">
        <a href={`/app/programmes?year=${s.year}`}>{t('prog.title')}</a> ·{' '}
        {canOpen(ctx, BOARD_READERS) && (
          <>
            <a href={`/app/programmes/dashboard?year=${s.year}`}>{t('prog.dashboard')}</a> ·{' '}
          </>
        )}
        <span>{t('sched.printHint')}</span>
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
        {query.all && <input type="hidden" name="all" value="1" />}
        <button type="submit">{t('common.filter')}</button>
      </form>
      <ul class="st-legend">
        <li>{t('sched.legend')}</li>
        {(['done', 'ok', 'behind', 'plan'] as const).map((k) => (
          <li>
            <span class={`swatch c-${k}`} aria-hidden="true"></span> {t(`sched.legend.${k}`)}
          </li>
        ))}
        <li>
          <span class="swatch c-span" aria-hidden="true"></span> {t('sched.legend.inSpan')}
        </li>
      </ul>
      <p class="muted">
        {t('sched.count', { n: total ?? s.rows.length })}
        {pages > 1 && ` · ${t('common.page', { n: page, total: pages })}`} · {t('common.onDate')} {formatDate(s.today)}
      </p>
      {grouped && groups.length > 1 && (
        <nav class="sched-orgs no-print" aria-label={t('sched.byOrg')}>
          <span>{t('sched.byOrg')}:</span>
          <ul>
            {groups.map((g) => (
              <li>{g.orgId ? <a href={withQuery('/app/schedule', { ...params, org: g.orgId })}>{g.name}</a> : g.name} ({formatNumber(g.rows)})</li>
            ))}
          </ul>
        </nav>
      )}
      {thisMonth && shown > 0 && (
        <p class="this-month no-print">
          <a href={`#thang-${mm(thisMonth)}`}>{t('sched.thisMonth', { n: thisMonth })}</a>
        </p>
      )}
      {shown === 0 ? (
        <p class="empty">{t('sched.empty')}</p>
      ) : (
        <div class="sched-wrap" tabindex={0} role="region" aria-label={title} data-month={thisMonth ?? undefined}>
          <table class="sched">
            <caption class="sr-only">
              {title} — {scope}
              {pages > 1 ? ` (${t('common.page', { n: page, total: pages })})` : ''}. {t('sched.legend')}
            </caption>
            <thead>
              <tr>
                <th scope="col" class="col-task">
                  {t('sched.task')}
                </th>
                <th scope="col" class="col-coord">
                  {t('sched.coordinating')}
                </th>
                {months.map((m) => (
                  <th scope="col" id={`thang-${mm(m)}`} class={[query.month === m ? 'current' : '', thisMonth === m ? 'now' : ''].filter(Boolean).join(' ') || undefined}>
                    <span aria-hidden="true">{t('sched.month', { n: m })}</span>
                    <span class="sr-only">{t('task.month', { n: m })}</span>
                  </th>
                ))}
                <th scope="col">{t('task.status')}</th>
                <th scope="col" class="col-notes">
                  {t('sched.notes')}
                </th>
              </tr>
            </thead>
            <KeptPart />
          </table>
        </div>
      )}
      {query.all && paper && <PaperFoot ctx={ctx} paper={paper} />}
      {pager}
    </Layout>
  );
}

/** The table's row groups (one <tbody> per organization when `grouped`): they depend on the rows, the year and the language only. */
function ScheduleBodies({ ctx, rows, grouped, year }: { ctx: PageContext; rows: readonly ScheduleRow[]; grouped: boolean; year: number }) {
  const { t } = ctx;
  const words = cellWords(t);
  const notesOf = (r: ScheduleRow) => rowNotes(r.task, year, t, formatDate, formatNumber);
  return (
    <>
      {bodiesOf(rows, grouped).map((b) => (
        <tbody>
          {b.org !== null && (
            <tr class="org">
              <th scope="rowgroup" colSpan={16}>
                {b.org}
              </th>
            </tr>
          )}
          {b.rows.map((r) => (
            <tr class={r.depth ? 'sub' : undefined} id={`r-${r.task.id}`}>
              <th scope="row" class="col-task">
                <a href={`/app/tasks/${r.task.id}`}>{r.task.title}</a>
                <span class="meta">
                  {r.task.owner_name ?? '—'} · {r.task.lead_short ?? r.task.lead_name ?? '—'}
                  {r.task.due_on ? ` · ${formatDate(r.task.due_on)}` : ''}
                </span>
              </th>
              <td class="col-coord">{coordinatingText(r.task)}</td>
              {r.cells.map((c) => {
                const from = c.month === 1 ? carriedFrom(r.task.start_on, year) : null;
                return (
                  <td class={`c c-${c.tone === 'none' ? (c.inSpan ? 'span' : 'none') : c.tone}`} data-month={c.month}>
                    {from && <span class="from">{t('sched.from', { m: from.m, y: from.y })}</span>}
                    {cellText(c, words)}
                  </td>
                );
              })}
              <td>
                <StatusBadge ctx={ctx} status={r.task.status} />
              </td>
              <td class="col-notes">{notesOf(r)}</td>
            </tr>
          ))}
        </tbody>
      ))}
    </>
  );
}

/** The table's row groups as HTML (every row given, no keeping): the print view's worker renders them (D77). */
export function scheduleBodiesHtml(ctx: PageContext, rows: readonly ScheduleRow[], grouped: boolean, year: number): string {
  return renderToString(<ScheduleBodies ctx={ctx} rows={rows} grouped={grouped} year={year} />);
}

// Rendered row groups per rows list, as UTF-8: a kept page's rows (schedule-kept.ts) are one shared
// list while the year's stamp is unchanged, so its HTML is kept with it (collected with the list).
const keptBodies = new WeakMap<readonly ScheduleRow[], Map<string, Buffer>>();

/** The row groups of `rows` as UTF-8, rendered once per rows list, grouping, year and language and kept with the list (D77). */
export function keptScheduleBodies(ctx: PageContext, rows: readonly ScheduleRow[], grouped: boolean, year: number): Buffer {
  const key = `${ctx.locale}|${grouped ? 1 : 0}|${year}`;
  let byKey = keptBodies.get(rows);
  if (!byKey) keptBodies.set(rows, (byKey = new Map()));
  let bodies = byKey.get(key);
  if (bodies === undefined) {
    bodies = Buffer.from(scheduleBodiesHtml(ctx, rows, grouped, year));
    byKey.set(key, bodies);
  }
  return bodies;
}
