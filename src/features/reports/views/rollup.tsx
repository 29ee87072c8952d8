// The ward roll-up of a request: each section (as edited, or assembled) with its parts per
// organization, the indicators per organization with their total, who is missing, the office's edit
// form and the export links.
import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Actions, FormErrors, Hidden, PageHead, emptyForm, type FormState } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { formatDate } from '../../../lib/vi/index.ts';
import { resolveMessage } from '../../../platform/i18n/index.ts';
import type { RollupView } from '../rollup.ts';
import { formatTotal } from '../export.ts';
import { ReportsNav } from './list.tsx';
import { showValue } from './submission.tsx';

/** The roll-up page; `form`: the office's edit form state (refused: what was typed and its messages), `canEdit`: the office. */
/**
 * The roll-up. Reading: each section's text once (the parts per organization only when the office
 * edited it, to compare), the indicators, the exports. Editing (`editing`, the office, `?edit=1` or a
 * refused save): the form in place of the texts, so the page never carries a section three times.
 */
export function RollupPage({ ctx, v, form, canEdit, number = null, editing = false }: { ctx: PageContext; v: RollupView; form?: FormState; canEdit: boolean; number?: { number_text: string; issued_on: string } | null; editing?: boolean }) {
  const { t } = ctx;
  const r = v.request;
  const base = `/app/reports/${r.id}`;
  // The edit form starts from the text to export (edited, or assembled from the parts).
  const edit = form ?? emptyForm({ version: v.version, ...Object.fromEntries(v.sections.map((s) => [`sections.${s.spec.code}`, s.text])) });
  return (
    <Layout ctx={ctx} title={`${t('report.rollup')} — ${r.title}`} wide>
      <PageHead title={`${t('report.rollup')} — ${r.title}`} />
      <ReportsNav ctx={ctx} office={canEdit} />
      <dl class="facts">
        <dt>{t('report.issuedBy')}</dt>
        <dd>{v.issuer.name}</dd>
        <dt>{t('report.period')}</dt>
        <dd>
          {v.periodName} — {t('report.range', { start: formatDate(r.period_start), end: formatDate(r.period_end) })}
        </dd>
        <dt>{t('report.rolledUp')}</dt>
        <dd>{v.orgs.map((o) => o.name).join('; ') || t('report.noneShort')}</dd>
      </dl>
      <p class="no-print">
        <a href={base}>{t('report.back')}</a>
      </p>
      {v.missing.length > 0 && (
        <p class="notice" role="status">
          {t('report.rollupMissing', { orgs: v.missing.map((m) => `${m.name} (${t(`report.status.${m.status as 'pending'}`)})`).join('; ') })}
        </p>
      )}
      {v.orgs.length === 0 && <p class="empty">{t('report.rollupNone')}</p>}
      <nav aria-labelledby="exports-h" class="no-print">
        <h2 id="exports-h">{t('report.exports')}</h2>
        <p>{number ? t('report.export.issued', { number: number.number_text, date: formatDate(number.issued_on) }) : t('report.export.draft')}</p>
        {canEdit && !number && v.orgs.length > 0 && (
          <form method="post" action={`${base}/rollup/issue`} class="inline-form">
            <Csrf ctx={ctx} />
            <button type="submit">{t('report.export.issue')}</button>
          </form>
        )}
        <ul>
          <li>
            <a href={`${base}/rollup.docx`}>{t('report.exportDocx')}</a>
          </li>
          <li>
            <a href={`${base}/rollup.pdf`}>{t('report.exportPdf')}</a>
          </li>
          <li>
            <a href={`${base}/rollup.xlsx`}>{t('report.exportXlsx')}</a>
          </li>
        </ul>
      </nav>
      {canEdit && !editing && (
        <p class="no-print">
          <a class="button" href={`${base}/rollup?edit=1#edit`}>
            {t('report.rollupEdit')}
          </a>
        </p>
      )}
      {!editing && v.sections.map((s) => (
        <section aria-labelledby={`sec-${s.spec.code}`}>
          <h2 id={`sec-${s.spec.code}`}>
            {s.spec.title}
            {s.edited ? ` (${t('report.edited')})` : ''}
          </h2>
          <p class="pre">{s.text}</p>
          {s.edited && s.parts.length > 0 && (
            <details>
              <summary>{t('report.parts')}</summary>
              {s.parts.map((p) => (
                <div>
                  <h3>
                    <a href={`/app/reports/submissions/${p.submissionId}`}>{p.orgName}</a>
                  </h3>
                  <p class="pre">{p.text}</p>
                </div>
              ))}
            </details>
          )}
        </section>
      ))}
      {v.indicators.length > 0 && (
        <section aria-labelledby="ind-h">
          <h2 id="ind-h">{t('report.indicators')}</h2>
          <div class="scroll-x">
            <table class="grid">
              <thead>
                <tr>
                  <th scope="col">{t('report.indicator')}</th>
                  <th scope="col">{t('report.unit')}</th>
                  {v.orgs.map((o) => (
                    <th scope="col">
                      <abbr title={o.name}>{o.short}</abbr>
                    </th>
                  ))}
                  <th scope="col">{t('report.total')}</th>
                </tr>
              </thead>
              <tbody>
                {v.indicators.map((ind) => (
                  <tr>
                    <th scope="row">{ind.spec.name}</th>
                    <td>{ind.spec.unit}</td>
                    {v.orgs.map((o) => {
                      const x = ind.values.find((y) => y.orgId === o.id);
                      const shown = showValue(ctx, ind.spec, x?.value);
                      if (!x || !ind.spec.source || x.computed === null) return <td>{shown}</td>;
                      // ● the record's figure as it stands; ✎ a figure the organization changed (the record's beside it).
                      const same = x.value === x.computed;
                      return (
                        <td>
                          <a href={`/app/reports/submissions/${x.submissionId}#source-${ind.spec.source}`} title={t('report.computed', { value: showValue(ctx, ind.spec, x.computed) })}>
                            {shown || '—'} {same ? '●' : `✎ (${t('report.systemValue', { value: showValue(ctx, ind.spec, x.computed) })})`}
                          </a>
                        </td>
                      );
                    })}
                    <td>
                      <strong>{formatTotal(ind)}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted">{t('report.editedHint')}</p>
        </section>
      )}
      {canEdit && editing && (
        <form method="post" action={`${base}/rollup`} class="card form no-print" id="edit">
          <h2>{t('report.rollupEdit')}</h2>
          <p class="muted">{t('report.rollupBlankHint')}</p>
          <Csrf ctx={ctx} />
          <Hidden name="version" value={edit.values.version ?? v.version} />
          <FormErrors ctx={ctx} form={edit} />
          {v.sections.map((s) => {
            const name = `sections.${s.spec.code}`;
            const err = edit.errors[name];
            return (
              <div class={'field' + (err ? ' has-error' : '')}>
                <label for={`f-${name}`}>{s.spec.title}</label>
                <textarea id={`f-${name}`} name={name} rows={6} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `f-${name}-err` : undefined}>
                  {String(edit.values[name] ?? '')}
                </textarea>
                {err && (
                  <small id={`f-${name}-err`} class="error">
                    {resolveMessage(ctx.locale, err)}
                  </small>
                )}
              </div>
            );
          })}
          <Actions>
            <button type="submit" class="primary">
              {t('common.save')}
            </button>
          </Actions>
        </form>
      )}
    </Layout>
  );
}
