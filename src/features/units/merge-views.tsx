import { Layout, Csrf } from '../../ui/layout.tsx';
import { Actions, Field, FormErrors, Hidden, Select, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatDate } from '../../lib/vi/index.ts';
import type { MergePreview } from './merge.ts';
import { wardTableLabel } from '../../db/ward-tables.ts';

/**
 * The merge page of a province administrator (D36): pick the ward that ends, the ward it joins and
 * the day (GET, fields `from`, `into`, `on`); with all three the page previews the records that
 * would move, per table, and offers the confirm button (POST /app/units/merge).
 */
export function MergePage({ ctx, form, wards, preview }: { ctx: PageContext; form: FormState; wards: Option[]; preview: MergePreview | null }) {
  const { t } = ctx;
  const v = form.values;
  return (
    <Layout ctx={ctx} title={t('merge.title')}>
      <h1>{t('merge.title')}</h1>
      <p class="muted">{t('merge.hint')}</p>
      <FormErrors ctx={ctx} form={form} />
      {wards.length < 2 && <p class="notice">{t('merge.noGrant')}</p>}
      {wards.length >= 2 && (
        <form method="get" action="/app/units/merge" class="card form">
          <div class="row">
            <Select ctx={ctx} form={form} name="from" label={t('merge.from')} required empty="—" options={wards} />
            <Select ctx={ctx} form={form} name="into" label={t('merge.into')} required empty="—" options={wards} />
          </div>
          <div class="row">
            <Field ctx={ctx} form={form} name="on" label={t('merge.on')} date required />
          </div>
          <Actions>
            <button type="submit">{t('merge.preview')}</button>
            <a href="/app/units">{t('common.cancel')}</a>
          </Actions>
        </form>
      )}
      {preview && (
        <section class="card">
          <h2>
            {preview.from} → {preview.into} ({formatDate(preview.on)})
          </h2>
          <p>{t('merge.counts', { total: String(preview.total) })}</p>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('merge.table')}</th>
                <th scope="col" class="num">
                  {t('merge.rows')}
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(preview.counts).map(([table, n]) => (
                <tr>
                  <td>{wardTableLabel(table, ctx.locale === 'en' ? 'en' : 'vi')}</td>
                  <td class="num">{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.notes.accounts.length === 0 ? (
            <p>{t('merge.noAccounts', { into: preview.into })}</p>
          ) : (
            <>
              <p>{t('merge.accounts', { into: preview.into })}</p>
              <ul class="merge-accounts">
                {preview.notes.accounts.map((a) => (
                  <li>
                    {a.username} ({a.roles.length ? a.roles.map((r) => t(`role.${r}`)).join(', ') : t('merge.homeOnly')}) — {a.displayName}
                  </li>
                ))}
              </ul>
            </>
          )}
          {preview.notes.duplicates.length > 0 && (
            <div class="notice" role="alert">
              <p>{t('merge.duplicates', { into: preview.into })}</p>
              <ul class="merge-duplicates">
                {preview.notes.duplicates.map((d) => (
                  <li>{t(d.kind === 'group' ? 'merge.dupGroup' : 'merge.dupOrg', { name: d.name, count: String(d.count) })}</li>
                ))}
              </ul>
            </div>
          )}
          <form method="post" action="/app/units/merge">
            <Csrf ctx={ctx} />
            <Hidden name="from" value={v.from} />
            <Hidden name="into" value={v.into} />
            <Hidden name="on" value={formatDate(preview.on)} />
            <Actions>
              <button type="submit" class="primary">
                {t('merge.confirm')}
              </button>
            </Actions>
          </form>
        </section>
      )}
    </Layout>
  );
}
