import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatNumber } from '../../lib/vi/index.ts';
import { acrossWards, requestAcrossWards, type AcrossRequestResult, type AcrossView } from './across.ts';
import { Csrf } from '../../ui/layout.tsx';
import { parseInput, date, optLongText } from '../../platform/validation.ts';
import { FORM_ROUTE } from '../../platform/http/forms.ts';
import { listForms } from './forms.ts';
import { parsePeriod } from './periods.ts';
import { ValidationError } from '../../platform/errors.ts';

const AcrossQuery = z.object({
  form: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(100).regex(/^[a-z][a-z0-9_]*$/u).default('annual')),
  period: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(10).regex(/^[0-9SQsq]+$/u).optional()),
});

/** A value of its type for the page: "1.234", "85,5%", "Có"/"Không", "—" when none. */
export function showValue(t: PageContext['t'], type: string, v: number | null): string {
  if (v === null) return '—';
  if (type === 'boolean') return v >= 1 ? t('report.yes') : t('report.no');
  if (type === 'percent') return `${formatNumber(v, Number.isInteger(v) ? 0 : 1)}%`;
  return formatNumber(v, Number.isInteger(v) ? 0 : 2);
}

const AcrossRequestBody = z.object({
  form: z.string().max(100).regex(/^[a-z][a-z0-9_]*$/u, 'report.err.form'),
  period: z.string().max(10).regex(/^[0-9SQsq]+$/u, 'report.err.period'),
  due_on: date(),
  note: optLongText(2000),
});

/** The office of a higher unit asks every ward it reaches for the report (one request per ward). */
function AcrossRequestForm({ ctx, v, results }: { ctx: PageContext; v: AcrossView; results: AcrossRequestResult[] | null }) {
  const { t } = ctx;
  return (
    <section class="card">
      <h2>{t('report.acrossRequest')}</h2>
      {results && (
        <ul>
          {results.map((r) => (
            <li>
              {r.ward.name}: {r.requestId ? t('report.acrossRequested') : t(r.reason as Parameters<typeof t>[0])}
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/app/reports/across/request" class="form">
        <Csrf ctx={ctx} />
        <input type="hidden" name="form" value={v.formCode} />
        <input type="hidden" name="period" value={v.periodId} />
        <div class="field">
          <label for="f-due_on">{t('report.due')}</label>
          <input id="f-due_on" name="due_on" required placeholder={t('common.dateHint')} inputMode="numeric" />
        </div>
        <div class="field">
          <label for="f-note">{t('report.note')}</label>
          <textarea id="f-note" name="note" rows={2} maxLength={2000}></textarea>
        </div>
        <button type="submit">{t('report.acrossRequest')}</button>
      </form>
    </section>
  );
}

function AcrossPage({ ctx, v, forms, results = null, canRequest = false }: { ctx: PageContext; v: AcrossView; forms: { code: string; name: string }[]; results?: AcrossRequestResult[] | null; canRequest?: boolean }) {
  const { t } = ctx;
  const title = t('report.across');
  const found = v.wards.filter((w) => w.rollup);
  return (
    <Layout ctx={ctx} title={title} wide>
      <h1>{title}</h1>
      <form method="get" action="/app/reports/across" class="card form filters">
        <div class="row">
          <div class="field">
            <label for="f-form">{t('report.form')}</label>
            <select id="f-form" name="form">
              {forms.map((f) => (
                <option value={f.code} selected={f.code === v.formCode}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-period">{t('report.periodId')}</label>
            <input id="f-period" name="period" value={v.periodId} maxLength={10} required />
          </div>
        </div>
        <button type="submit">{t('report.show')}</button>
      </form>
      {v.periodId && (
        <>
          <h2>
            {v.periodName}: {t('report.acrossCount', { n: found.length, total: v.wards.length })}
          </h2>
          <ul>
            {v.wards.map((w) => (
              <li>
                {w.ward.name}: {w.rollup ? w.ward.id === ctx.ward?.id ? <a href={`/app/reports/${w.rollup.request.id}/rollup`}>{w.rollup.request.title}</a> : w.rollup.request.title : <span class="muted">{t('report.acrossNone')}</span>}
              </li>
            ))}
          </ul>
          {canRequest && <AcrossRequestForm ctx={ctx} v={v} results={results} />}
          {v.indicators.length > 0 && (
            <div class="table-wrap">
              <table class="data">
                <caption>{t('report.indicators')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('report.indicator')}</th>
                    <th scope="col">{t('report.unit')}</th>
                    {found.map((w) => (
                      <th scope="col">{w.ward.name}</th>
                    ))}
                    <th scope="col">{t('report.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.indicators.map((i) => (
                    <tr>
                      <th scope="row">{i.spec.name}</th>
                      <td>{i.spec.unit}</td>
                      {i.values.map((x) => (
                        <td class="num">{showValue(t, i.spec.type, x.value)}</td>
                      ))}
                      <td class="num">
                        <strong>{showValue(t, i.spec.type, i.total)}</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {v.sections.map((s) => (
            <section class="card">
              <h2>{s.spec.title}</h2>
              {s.parts.map((p) => (
                <>
                  <h3>{p.ward.name}</h3>
                  {p.text ? p.text.split(/\n{2,}/u).map((para) => <p class="pre-line">{para}</p>) : <p class="muted">—</p>}
                </>
              ))}
            </section>
          ))}
        </>
      )}
    </Layout>
  );
}

/** The roll-up across the wards a user reaches: `/app/reports/across?form=annual&period=2016`. */
export function acrossRoutes(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  app.get('/app/reports/across', { config: { access: ['admin', 'standing', 'office'] }, schema: { querystring: AcrossQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    if (req.query.period && !parsePeriod(req.query.period)) throw new ValidationError({ period: 'report.err.period' });
    const forms = (await listForms(app.db, actor)).map((f) => ({ code: f.form.code, name: f.form.name }));
    const v = req.query.period ? await acrossWards(app.db, actor, req.auth?.wards ?? [], req.query.form, req.query.period) : { formCode: req.query.form, periodId: '', periodName: '', wards: [], sections: [], indicators: [] };
    const canRequest = actor.roles.has('admin') || actor.roles.has('office');
    return sendPage(req, reply, (ctx) => <AcrossPage ctx={ctx} v={v} forms={forms} canRequest={canRequest} />);
  });

  app.post('/app/reports/across/request', { config: { access: ['admin', 'office'] }, ...FORM_ROUTE }, async (req, reply) => {
    const actor = actorOf(req);
    const input = parseInput(AcrossRequestBody, req.body, req.locale);
    const wards = req.auth?.wards ?? [];
    const results = await requestAcrossWards(app.db, actor, wards, { formCode: input.form, periodId: input.period, dueOn: input.due_on, note: input.note });
    const forms = (await listForms(app.db, actor)).map((f) => ({ code: f.form.code, name: f.form.name }));
    const v = await acrossWards(app.db, actor, wards, input.form, input.period);
    // Nothing asked anywhere (every ward refused, or none reachable): the page says why, with a 4xx.
    const status = results.some((r) => r.requestId) ? 200 : results.every((r) => r.reason === 'report.err.alreadyRequested') && results.length ? 409 : 400;
    return sendPage(req, reply, (ctx) => <AcrossPage ctx={ctx} v={v} forms={forms} results={results} canRequest />, status);
  });
}
