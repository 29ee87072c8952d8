// Report forms: the office's list and the editor (name, period type, cut-off day, a table of
// section rows and one of indicator rows, with blank rows to add), the versions, hide/show.
import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Actions, Badge, Field, FormErrors, Hidden, PageHead, Select, type FormState } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import { formatDateTime } from '../../../lib/vi/index.ts';
import { resolveMessage } from '../../../platform/i18n/index.ts';
import { PERIOD_TYPES } from '../periods.ts';
import { AGGREGATES, INDICATOR_TYPES, SOURCES, type FormSpec } from '../schema.ts';
import type { FormView } from '../forms.ts';
import type { FormVersionRow } from '../repo.ts';
import { formName, ReportsNav } from './list.tsx';
import { can } from '../../../platform/access.ts';

/** Blank rows offered under each table of the editor. */
export const BLANK_ROWS = 3;

export function FormListPage({ ctx, forms }: { ctx: PageContext; forms: FormView[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('report.forms')} wide>
      <PageHead title={t('report.forms')}>
        {can(ctx, 'ward.office') && (
          <a class="button primary" href="/app/reports/forms/new">
            {t('report.newForm')}
          </a>
        )}
      </PageHead>
      <ReportsNav ctx={ctx} office />
      <DataTable
        ctx={ctx}
        rows={forms}
        caption={t('report.formList')}
        columns={[
          { key: 'name', label: t('report.form'), rowHeader: true, cell: (f) => <a href={`/app/reports/forms/${f.form.id}`}>{formName(ctx, f.form)}</a> },
          { key: 'type', label: t('report.periodType'), cell: (f) => t(`report.periodType.${f.form.period_type as 'year'}`) },
          { key: 'counts', label: t('report.sections'), cell: (f) => `${f.spec.sections.length} / ${f.spec.indicators.length} ${t('report.indicators').toLocaleLowerCase('vi')}` },
          { key: 'version', label: t('report.versions'), cell: (f) => t('report.formVersion', { n: f.current.number }) },
          { key: 'state', label: t('report.state'), cell: (f) => (f.builtIn ? <Badge tone="info">{t('report.builtIn')}</Badge> : f.form.active ? <Badge tone="ok">{t('common.active')}</Badge> : <Badge tone="muted">{t('report.hidden')}</Badge>) },
        ]}
      />
    </Layout>
  );
}

/** The editor's values from a form (parallel row fields, as the editor posts them). */
export function formValues(f: FormView | null): Record<string, unknown> {
  if (!f) return { period_type: 'year', section_max_length: [] };
  const spec: FormSpec = f.spec;
  return {
    name: f.form.name,
    period_type: f.form.period_type,
    cutoff_day: f.form.cutoff_day ?? '',
    version: f.form.version,
    section_code: spec.sections.map((s) => s.code),
    section_title: spec.sections.map((s) => s.title),
    section_guidance: spec.sections.map((s) => s.guidance),
    section_max_length: spec.sections.map((s) => String(s.max_length)),
    indicator_code: spec.indicators.map((i) => i.code),
    indicator_name: spec.indicators.map((i) => i.name),
    indicator_unit: spec.indicators.map((i) => i.unit),
    indicator_type: spec.indicators.map((i) => i.type),
    indicator_aggregate: spec.indicators.map((i) => i.aggregate),
    indicator_source: spec.indicators.map((i) => i.source ?? ''),
  };
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/**
 * The rows of a table as typed, plus blank ones; each non-blank row's index among the non-blank rows
 * (FormInput drops blank rows, so its errors `sections.<k>.<field>` count only those).
 */
function rowsOf(values: Record<string, unknown>, prefix: string, fields: readonly string[]): { cells: Record<string, string>; k: number | null }[] {
  const cols = Object.fromEntries(fields.map((f) => [f, list(values[`${prefix}_${f}`])]));
  const n = Math.max(0, ...Object.values(cols).map((c) => c.length));
  let k = 0;
  const rows = Array.from({ length: n }, (_, i) => {
    const cells = Object.fromEntries(fields.map((f) => [f, cols[f]?.[i] ?? '']));
    const blank = ['code', 'title', 'name'].every((f) => (cells[f] ?? '').trim() === '');
    return { cells, k: blank ? null : k++ };
  });
  return [...rows.filter((r) => r.k !== null), ...Array.from({ length: BLANK_ROWS }, () => ({ cells: {} as Record<string, string>, k: null }))];
}

function Cell({ ctx, form, prefix, field, k, i, label, value, children }: { ctx: PageContext; form: FormState; prefix: 'section' | 'indicator'; field: string; k: number | null; i: number; label: string; value: string; children?: preact.ComponentChildren }) {
  const err = k === null ? undefined : form.errors[`${prefix}s.${k}.${field}`];
  const id = `f-${prefix}-${i}-${field}`;
  return (
    <td class={err ? 'has-error' : undefined}>
      <label class="sr-only" for={id}>
        {label} — {ctx.t('report.row', { n: i + 1 })}
      </label>
      {children ? (
        <select id={id} name={`${prefix}_${field}`} aria-invalid={err ? 'true' : undefined}>
          {children}
        </select>
      ) : (
        <input id={id} name={`${prefix}_${field}`} value={value} size={field === 'code' || field === 'max_length' || field === 'unit' ? 8 : 24} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined} />
      )}
      {err && (
        <small id={`${id}-err`} class="error">
          {resolveMessage(ctx.locale, err)}
        </small>
      )}
    </td>
  );
}

const opts = (values: readonly string[], current: string, label: (v: string) => string) =>
  values.map((v) => (
    <option value={v} selected={v === current}>
      {label(v)}
    </option>
  ));

/** The editor of a form (`form` null: a new one). */
export function FormEditPage({ ctx, f, versions, state, action }: { ctx: PageContext; f: FormView | null; versions: FormVersionRow[]; state: FormState; action: string }) {
  const { t } = ctx;
  const title = f ? `${t('report.editForm')}: ${f.form.name}` : t('report.newForm');
  const sections = rowsOf(state.values, 'section', ['code', 'title', 'guidance', 'max_length']);
  const indicators = rowsOf(state.values, 'indicator', ['code', 'name', 'unit', 'type', 'aggregate', 'source']);
  const general = (k: string) =>
    state.errors[k] && (
      <p class="error" role="alert">
        {resolveMessage(ctx.locale, state.errors[k])}
      </p>
    );
  return (
    <Layout ctx={ctx} title={title} wide>
      <h1>{title}</h1>
      <ReportsNav ctx={ctx} office />
      {f?.builtIn && <p class="notice">{t('report.builtInHint')}</p>}
      <FormErrors ctx={ctx} form={state} />
      {/* The row tables are wider than a form column: the card takes the page's width, its first fields stay a form column. */}
      <form method="post" action={action} class="card">
        <Csrf ctx={ctx} />
        {f && <Hidden name="version" value={state.values.version ?? f.form.version} />}
        <div class="form">
          <Field ctx={ctx} form={state} name="name" label={t('report.form')} required maxLength={200} />
          <div class="row">
            <Select ctx={ctx} form={state} name="period_type" label={t('report.periodType')} required options={PERIOD_TYPES.map((p) => ({ value: p, label: t(`report.periodType.${p}`) }))} />
            <Field ctx={ctx} form={state} name="cutoff_day" label={t('report.cutoff')} type="number" hint={t('report.cutoffHelp')} />
          </div>
        </div>
        <p class="muted">{t('report.rowsHint')}</p>
        <h2 id="sec-h">{t('report.sections')}</h2>
        {general('sections')}
        <div>
          <table class="grid" aria-labelledby="sec-h">
            <thead>
              <tr>
                <th scope="col">{t('report.code')}</th>
                <th scope="col">{t('report.sectionTitle')}</th>
                <th scope="col">{t('report.guidance')}</th>
                <th scope="col">{t('report.maxLength')}</th>
              </tr>
            </thead>
            <tbody>
              {sections.map((r, i) => (
                <tr>
                  {(['code', 'title', 'guidance', 'max_length'] as const).map((field) => (
                    <Cell ctx={ctx} form={state} prefix="section" field={field} k={r.k} i={i} label={t(field === 'code' ? 'report.code' : field === 'title' ? 'report.sectionTitle' : field === 'guidance' ? 'report.guidance' : 'report.maxLength')} value={r.cells[field] ?? (field === 'max_length' ? '' : '')} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2 id="ind-h">{t('report.indicators')}</h2>
        {general('indicators')}
        <div>
          <table class="grid" aria-labelledby="ind-h">
            <thead>
              <tr>
                <th scope="col">{t('report.code')}</th>
                <th scope="col">{t('report.indicator')}</th>
                <th scope="col">{t('report.unit')}</th>
                <th scope="col">{t('report.type')}</th>
                <th scope="col">{t('report.aggregate')}</th>
                <th scope="col">{t('report.source')}</th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((r, i) => (
                <tr>
                  <Cell ctx={ctx} form={state} prefix="indicator" field="code" k={r.k} i={i} label={t('report.code')} value={r.cells.code ?? ''} />
                  <Cell ctx={ctx} form={state} prefix="indicator" field="name" k={r.k} i={i} label={t('report.indicator')} value={r.cells.name ?? ''} />
                  <Cell ctx={ctx} form={state} prefix="indicator" field="unit" k={r.k} i={i} label={t('report.unit')} value={r.cells.unit ?? ''} />
                  <Cell ctx={ctx} form={state} prefix="indicator" field="type" k={r.k} i={i} label={t('report.type')} value="">
                    {opts(INDICATOR_TYPES, r.cells.type ?? 'integer', (v) => t(`report.type.${v as 'integer'}`))}
                  </Cell>
                  <Cell ctx={ctx} form={state} prefix="indicator" field="aggregate" k={r.k} i={i} label={t('report.aggregate')} value="">
                    {opts(AGGREGATES, r.cells.aggregate ?? 'sum', (v) => t(`report.aggregate.${v as 'sum'}`))}
                  </Cell>
                  <Cell ctx={ctx} form={state} prefix="indicator" field="source" k={r.k} i={i} label={t('report.source')} value="">
                    {opts(['', ...SOURCES], r.cells.source ?? '', (v) => (v ? t(`report.source.${v as 'tasks_done'}`) : t('report.source.none')))}
                  </Cell>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/app/reports/forms">{t('common.cancel')}</a>
        </Actions>
      </form>
      {f && !f.builtIn && (
        <form method="post" action={`/app/reports/forms/${f.form.id}/active`} class="inline-form no-print">
          <Csrf ctx={ctx} />
          <Hidden name="active" value={f.form.active ? '0' : '1'} />
          <button type="submit">{t(f.form.active ? 'report.hide' : 'report.unhide')}</button>
        </form>
      )}
      {versions.length > 0 && (
        <section aria-labelledby="ver-h">
          <h2 id="ver-h">{t('report.versions')}</h2>
          <ul>
            {versions.map((v) => (
              <li>{t('report.versionAt', { n: v.number, when: formatDateTime(v.created_at) })}</li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
