// The reports room's list of requests and the office's request form.
import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Actions, Badge, Checks, Field, FilterBar, FilterSelect, FormErrors, PageHead, Pager, Select, TextArea, withQuery, type FormState, type Option } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import { formatDate } from '../../../lib/vi/index.ts';
import { resolveMessage } from '../../../platform/i18n/index.ts';
import { PERIOD_TYPES, periodName, periodsOfYear, type PeriodType } from '../periods.ts';
import type { BoardLine, BoardState } from '../board.ts';
import type { FormView } from '../forms.ts';
import type { RequestListItem } from '../load.ts';
import type { RequestListQuery } from '../schema.ts';
import type { OrgRow } from '../../orgs/service.ts';
import { can } from '../../../platform/access.ts';

const TONE: Record<BoardState, 'ok' | 'warn' | 'bad' | 'muted' | 'info'> = { pending: 'muted', draft: 'info', submitted: 'warn', returned: 'bad', accepted: 'ok' };

/** An organization's state on the board, with "trễ hạn" beside it when overdue or received late. */
export function StateBadge({ ctx, line }: { ctx: PageContext; line: Pick<BoardLine, 'state' | 'overdue' | 'late'> }) {
  const { t } = ctx;
  return (
    <>
      <Badge tone={TONE[line.state]}>{t(`report.status.${line.state}`)}</Badge>
      {line.overdue && (
        <>
          {' '}
          <Badge tone="bad">{t('report.status.overdue')}</Badge>
        </>
      )}
      {line.late && (
        <>
          {' '}
          <Badge tone="warn">{t('report.status.late')}</Badge>
        </>
      )}
    </>
  );
}

/** The room's sub-navigation: requests for everyone, forms for the office. */
export function ReportsNav({ ctx, office }: { ctx: PageContext; office: boolean }) {
  const { t } = ctx;
  return (
    <nav class="subnav no-print" aria-label={t('report.title')}>
      <a href="/app/reports">{t('report.requests')}</a>
      {office && (
        <>
          {' '}
          · <a href="/app/reports/forms">{t('report.forms')}</a>
        </>
      )}
      {ctx.wards.length > 1 && ['admin', 'office', 'standing'].some((r) => ctx.roles.has(r as 'admin')) && (
        <>
          {' '}
          · <a href="/app/reports/across">{t('report.across')}</a>
        </>
      )}
    </nav>
  );
}

export const formName = (ctx: PageContext, f: { name: string; name_en: string | null }) => (ctx.locale === 'en' && f.name_en ? f.name_en : f.name);

/**
 * The requests the actor may see. `own`: the actor reads as a head or member (its organizations'
 * lines only), so each row shows its organization's state and the link to write the report.
 */
export function ReportListPage({ ctx, items, total, query, forms, office, own, canWrite }: { ctx: PageContext; items: RequestListItem[]; total: number; query: RequestListQuery; forms: FormView[]; office: boolean; own: boolean; canWrite: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('report.title')} wide>
      <PageHead title={t('report.title')}>
        {office && can(ctx, 'ward.office') && (
          <a class="button primary" href="/app/reports/new">
            {t('report.newRequest')}
          </a>
        )}
      </PageHead>
      <ReportsNav ctx={ctx} office={office} />
      <FilterBar ctx={ctx} action="/app/reports">
        <div class="field">
          <label for="year">{t('report.year')}</label>
          <input id="year" name="year" type="number" min={1900} max={2100} value={query.year ?? ''} />
        </div>
        <FilterSelect ctx={ctx} name="form" label={t('report.form')} options={forms.map((f) => ({ value: f.form.id, label: formName(ctx, f.form) }))} value={query.form} />
      </FilterBar>
      <DataTable
        ctx={ctx}
        rows={items}
        caption={t('report.requests')}
        empty={t('report.none')}
        columns={[
          { key: 'title', label: t('report.requests'), rowHeader: true, cell: (r) => <a href={`/app/reports/${r.request.id}`}>{r.request.title}</a> },
          { key: 'period', label: t('report.period'), cell: (r) => r.periodName },
          { key: 'due', label: t('report.due'), cell: (r) => formatDate(r.request.due_on) },
          {
            key: 'board',
            label: t('report.board'),
            cell: (r) => (
              <>
                {t('report.receivedOf', { n: r.board.lines.filter((l) => l.received).length, total: r.board.lines.length })}
                {r.board.counts.overdue > 0 && (
                  <>
                    {' '}
                    <Badge tone="bad">{t('report.overdueN', { n: r.board.counts.overdue })}</Badge>
                  </>
                )}
                {r.board.counts.late > 0 && (
                  <>
                    {' '}
                    <Badge tone="warn">{t('report.lateN', { n: r.board.counts.late })}</Badge>
                  </>
                )}
                {r.request.status === 'closed' && (
                  <>
                    {' '}
                    <Badge tone="muted">{t('report.requestStatus.closed')}</Badge>
                  </>
                )}
              </>
            ),
          },
          ...(own
            ? [
                {
                  key: 'mine',
                  label: t('report.mine'),
                  cell: (r: RequestListItem) =>
                    r.board.lines.map((l) => (
                      <p>
                        <StateBadge ctx={ctx} line={l} />{' '}
                        <a href={`/app/reports/submissions/${l.submission.id}`}>{canWrite && r.request.status === 'open' && ['pending', 'draft', 'returned'].includes(l.state) ? t('report.write') : t('report.open')}</a>
                      </p>
                    )),
                },
              ]
            : []),
        ]}
      />
      <Pager ctx={ctx} page={query.page} pageSize={30} total={total} href={(page) => withQuery('/app/reports', { year: query.year, form: query.form, page })} />
    </Layout>
  );
}

export interface RequestFormOptions {
  forms: FormView[];
  orgs: OrgRow[];
  meetings: { id: string; title: string; starts_at: string }[];
  /** The year whose periods the picker offers. */
  year: number;
}

/** The period picker's options: only the chosen form's type when a form is chosen, else every type in groups. */
function periodOptions(ctx: PageContext, o: RequestFormOptions, formId: string, current: string) {
  const chosen = o.forms.find((f) => f.form.id === formId);
  const types = chosen ? [chosen.form.period_type as PeriodType] : PERIOD_TYPES;
  return types.map((type) => (
    <optgroup label={ctx.t(`report.periodType.${type}`)}>
      {periodsOfYear(type, o.year).map((p) => (
        <option value={p.id} selected={p.id === current}>
          {periodName(p, ctx.locale)} ({p.id})
        </option>
      ))}
    </optgroup>
  ));
}

/** The office's request form: form, period (year + period of the form's type), due date, issuer, organizations, meeting, note. */
export function RequestFormPage({ ctx, form, options }: { ctx: PageContext; form: FormState; options: RequestFormOptions }) {
  const { t } = ctx;
  const orgOptions: Option[] = options.orgs.map((o) => ({ value: o.id, label: o.name }));
  const formId = String(form.values.form_id ?? '');
  const periodErr = form.errors.period_id;
  return (
    <Layout ctx={ctx} title={t('report.newRequest')}>
      <h1>{t('report.newRequest')}</h1>
      <ReportsNav ctx={ctx} office />
      <form method="get" action="/app/reports/new" class="filters no-print">
        <div class="field">
          <label for="pick-form">{t('report.form')}</label>
          <select id="pick-form" name="form">
            {options.forms.map((f) => (
              <option value={f.form.id} selected={f.form.id === formId}>
                {formName(ctx, f.form)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="pick-year">{t('report.year')}</label>
          <input id="pick-year" name="year" type="number" min={1900} max={2100} value={options.year} />
        </div>
        <button type="submit">{t('report.showPeriods')}</button>
      </form>
      <p class="muted">{t('report.pickHint')}</p>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action="/app/reports" class="card form">
        <Csrf ctx={ctx} />
        <Select ctx={ctx} form={form} name="form_id" label={t('report.form')} required options={options.forms.map((f) => ({ value: f.form.id, label: formName(ctx, f.form) }))} />
        <div class={'field' + (periodErr ? ' has-error' : '')}>
          <label for="f-period_id">
            {t('report.period')}
            <span class="req"> *</span>
          </label>
          <select id="f-period_id" name="period_id" required aria-invalid={periodErr ? 'true' : undefined} aria-describedby={periodErr ? 'f-period_id-err' : undefined}>
            {periodOptions(ctx, options, formId, String(form.values.period_id ?? ''))}
          </select>
          {periodErr && (
            <small id="f-period_id-err" class="error">
              {resolveMessage(ctx.locale, periodErr)}
            </small>
          )}
        </div>
        <Field ctx={ctx} form={form} name="due_on" label={t('report.due')} required date />
        <Field ctx={ctx} form={form} name="title" label={t('report.requestTitle')} maxLength={300} />
        <Select ctx={ctx} form={form} name="issuer_org_id" label={t('report.issuer')} required options={orgOptions} />
        <Checks ctx={ctx} form={form} name="org_ids" label={t('report.orgs')} options={orgOptions} />
        <Select ctx={ctx} form={form} name="meeting_id" label={t('report.meeting')} empty={t('report.noneShort')} options={options.meetings.map((m) => ({ value: m.id, label: `${formatDate(m.starts_at)} · ${m.title}`.slice(0, 160) }))} />
        <TextArea ctx={ctx} form={form} name="note" label={t('report.note')} rows={3} />
        <Actions>
          <button type="submit" class="primary">
            {t('report.newRequest')}
          </button>
          <a href="/app/reports">{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}
