// The footer settings page of the public site (/app/portal/site): responsible body, address,
// phone, e-mail. docs/DESIGN.md D55, D57.
import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Actions, Field, FormErrors, Hidden, type FormState } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { PortalTabs } from './staff.tsx';

/** The footer form (a save redirects with ?ok=saved: the layout's one-time notice). */
export function SiteFooterPage({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('portal.site.title')}>
      <h1>{t('portal.site.title')}</h1>
      <PortalTabs ctx={ctx} current="site" />
      <p class="hint">{t('portal.site.intro')}</p>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action="/app/portal/site" class="card form">
        <Csrf ctx={ctx} />
        <Hidden name="version" value={form.values.version} />
        <Field ctx={ctx} form={form} name="footer_body" label={t('portal.footer.body')} maxLength={200} />
        <Field ctx={ctx} form={form} name="footer_address" label={t('portal.footer.address')} maxLength={300} />
        <Field ctx={ctx} form={form} name="footer_phone" label={t('portal.footer.phone')} maxLength={40} type="tel" />
        <Field ctx={ctx} form={form} name="footer_email" label={t('portal.footer.email')} maxLength={200} type="email" />
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/">{t('portal.staff.openPublic')}</a>
        </Actions>
      </form>
    </Layout>
  );
}
