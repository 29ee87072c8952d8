import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, sendPage } from '../../platform/http/context.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatNumber } from '../../lib/vi/index.ts';
import { acrossWards, type AcrossView } from './across.ts';
import { listForms } from './forms.ts';

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

function AcrossPage({ ctx, v, forms }: { ctx: PageContext; v: AcrossView; forms: { code: string; name: string }[] }) {
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
    const forms = (await listForms(app.db, actor)).map((f) => ({ code: f.form.code, name: f.form.name }));
    const v = req.query.period ? await acrossWards(app.db, actor, req.auth?.wards ?? [], req.query.form, req.query.period) : { formCode: req.query.form, periodId: '', periodName: '', wards: [], sections: [], indicators: [] };
    return sendPage(req, reply, (ctx) => <AcrossPage ctx={ctx} v={v} forms={forms} />);
  });
}
