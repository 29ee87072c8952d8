// One request: its header, the completeness board per organization with the totals and rates, the
// rates of each organization across periods, and the office's actions.
import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Badge, Hidden, PageHead, type FormState } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import { formatDate, formatDateTime, formatPercent } from '../../../lib/vi/index.ts';
import { resolveMessage } from '../../../platform/i18n/index.ts';
import { orgLabel, type OrgRow } from '../../orgs/service.ts';
import type { BoardLine, Rates } from '../board.ts';
import type { RequestDetail } from '../load.ts';
import { ReportsNav, StateBadge } from './list.tsx';

/** A rate as a percentage, one decimal when it is not whole ("66,7%", "100%"); "—" when nothing is expected yet. */
export const rate = (r: number | null) => (r === null ? '—' : formatPercent(r, Number.isInteger(Math.round(r * 1000) / 10) ? 0 : 1));

function Totals({ ctx, rates, asked }: { ctx: PageContext; rates: Rates; asked: number }) {
  const { t } = ctx;
  return (
    <dl class="facts">
      <dt>{t('report.asked')}</dt>
      <dd>{asked}</dd>
      <dt>{t('report.expected')}</dt>
      <dd>{rates.expected}</dd>
      <dt>{t('report.received')}</dt>
      <dd>{rates.received}</dd>
      <dt>{t('report.onTime')}</dt>
      <dd>{rates.onTime}</dd>
      <dt>{t('report.reportingRate')}</dt>
      <dd>{rate(rates.reportingRate)}</dd>
      <dt>{t('report.onTimeRate')}</dt>
      <dd>{rate(rates.onTimeRate)}</dd>
    </dl>
  );
}

/** A one-button form posting the request's version (close, reopen). */
function VersionButton({ ctx, action, version, label }: { ctx: PageContext; action: string; version: number; label: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <Csrf ctx={ctx} />
      <Hidden name="version" value={version} />
      <button type="submit">{label}</button>
    </form>
  );
}

/**
 * The request page. `orgs`: every organization of the ward (the office's "add organizations" list);
 * `form`: the add-organizations form's state, `notice`: a refused action's message.
 */
export function RequestPage({ ctx, d, orgs, form, notice }: { ctx: PageContext; d: RequestDetail; orgs: OrgRow[]; form?: FormState; notice?: string }) {
  const { t } = ctx;
  const r = d.request;
  const base = `/app/reports/${r.id}`;
  const name = (id: string) => {
    const o = d.orgs.get(id);
    return o ? orgLabel(o) : '';
  };
  const asked = new Set(d.board.lines.map((l) => l.submission.org_id));
  const addable = orgs.filter((o) => !asked.has(o.id));
  const err = form?.errors.org_ids ?? form?.errors._;
  return (
    <Layout ctx={ctx} title={r.title} wide>
      <PageHead title={r.title}>
        <Badge tone={r.status === 'open' ? 'info' : 'muted'}>{t(r.status === 'open' ? 'report.requestStatus.open' : 'report.requestStatus.closed')}</Badge>
      </PageHead>
      <ReportsNav ctx={ctx} office={d.canReview} />
      <dl class="facts">
        <dt>{t('report.form')}</dt>
        <dd>{d.formName}</dd>
        <dt>{t('report.period')}</dt>
        <dd>
          {d.periodName} — {t('report.range', { start: formatDate(r.period_start), end: formatDate(r.period_end) })}
        </dd>
        <dt>{t('report.due')}</dt>
        <dd>{formatDate(r.due_on)}</dd>
        <dt>{t('report.issuedBy')}</dt>
        <dd>{d.issuer ? d.issuer.name : ''}</dd>
        {d.meeting && (
          <>
            <dt>{t('report.meeting')}</dt>
            <dd>
              <a href={`/app/meetings/${d.meeting.id}`}>
                {formatDate(d.meeting.starts_at)} · {d.meeting.title}
              </a>
            </dd>
          </>
        )}
      </dl>
      {r.note && <p class="pre">{r.note}</p>}
      {notice && (
        <div class="form-errors" role="alert">
          <p>{resolveMessage(ctx.locale, notice)}</p>
        </div>
      )}

      <section aria-labelledby="board-h">
        <h2 id="board-h">{t('report.board')}</h2>
        <DataTable
          ctx={ctx}
          rows={d.board.lines}
          labelledBy="board-h"
          empty={t('report.none')}
          columns={[
            { key: 'org', label: t('report.org'), rowHeader: true, cell: (l: BoardLine) => name(l.submission.org_id) },
            { key: 'state', label: t('report.state'), cell: (l) => <StateBadge ctx={ctx} line={l} /> },
            { key: 'at', label: t('report.receivedAt'), cell: (l) => (l.submission.first_submitted_at ? formatDateTime(l.submission.first_submitted_at) : '') },
            { key: 'rev', label: t('report.revision'), cell: (l) => (l.submission.revision ? String(l.submission.revision) : '') },
            { key: 'open', label: t('report.mine'), cell: (l) => <a href={`/app/reports/submissions/${l.submission.id}`}>{d.writable.has(l.submission.id) && r.status === 'open' && ['pending', 'draft', 'returned'].includes(l.state) ? t('report.write') : t('report.open')}<span class="sr-only"> — {name(l.submission.org_id)}</span></a> },
          ]}
        />
        <Totals ctx={ctx} rates={d.board.rates} asked={d.board.lines.length} />
      </section>

      <section aria-labelledby="rates-h">
        <h2 id="rates-h">{t('report.ratesAcross')}</h2>
        <DataTable
          ctx={ctx}
          rows={d.board.lines.map((l) => ({ org: l.submission.org_id, rates: d.orgRates.get(l.submission.org_id) }))}
          labelledBy="rates-h"
          columns={[
            { key: 'org', label: t('report.org'), rowHeader: true, cell: (x) => name(x.org) },
            { key: 'expected', label: t('report.expected'), cell: (x) => String(x.rates?.expected ?? 0) },
            { key: 'received', label: t('report.received'), cell: (x) => String(x.rates?.received ?? 0) },
            { key: 'onTime', label: t('report.onTime'), cell: (x) => String(x.rates?.onTime ?? 0) },
            { key: 'rate', label: t('report.reportingRate'), cell: (x) => rate(x.rates?.reportingRate ?? null) },
            { key: 'onTimeRate', label: t('report.onTimeRate'), cell: (x) => rate(x.rates?.onTimeRate ?? null) },
          ]}
        />
      </section>

      {d.canReview && (
        <section aria-labelledby="office-h" class="no-print">
          <h2 id="office-h">{t('common.actions')}</h2>
          <p>
            <a class="button" href={`${base}/rollup`}>
              {t('report.rollup')}
            </a>{' '}
            <VersionButton ctx={ctx} action={`${base}/${r.status === 'open' ? 'close' : 'reopen'}`} version={r.version} label={t(r.status === 'open' ? 'report.close' : 'report.reopen')} />
          </p>
          {r.status === 'open' && (
            <form method="post" action={`${base}/orgs`} class="card form">
              <Csrf ctx={ctx} />
              <Hidden name="version" value={r.version} />
              {addable.length === 0 ? (
                <p class="muted">{t('report.allAsked')}</p>
              ) : (
                <fieldset class={'checks' + (err ? ' has-error' : '')}>
                  <legend>{t('report.chooseOrgs')}</legend>
                  {addable.map((o) => (
                    <label class="check">
                      <input type="checkbox" name="org_ids" value={o.id} /> {o.name}
                    </label>
                  ))}
                  {err && <small class="error">{resolveMessage(ctx.locale, err)}</small>}
                </fieldset>
              )}
              {addable.length > 0 && <button type="submit">{t('report.addOrgs')}</button>}
            </form>
          )}
        </section>
      )}
    </Layout>
  );
}
