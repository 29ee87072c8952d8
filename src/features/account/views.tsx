import { Layout, Csrf } from '../../ui/layout.tsx';
import { Field, FormErrors, Hidden, Actions, type FormState } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { MailModeForm } from '../notifications/index.ts';

export function LoginPage({ ctx, form, message, next }: { ctx: PageContext; form: FormState; message?: string | undefined; next: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.title')}>
      <section class="narrow card">
        <h1>{t('auth.title')}</h1>
        {message && (
          <p class="form-errors" role="alert">
            {message}
          </p>
        )}
        <form method="post" action="/login">
          <Csrf ctx={ctx} />
          <Hidden name="next" value={next} />
          <Field ctx={ctx} form={form} name="username" label={t('auth.username')} required autocomplete="username" maxLength={100} />
          <Field ctx={ctx} form={form} name="password" label={t('auth.password')} type="password" required autocomplete="current-password" maxLength={200} />
          <Actions>
            <button type="submit" class="primary">
              {t('auth.submit')}
            </button>
          </Actions>
        </form>
      </section>
    </Layout>
  );
}

export function AccountPage({ ctx, form, mail }: { ctx: PageContext; form: FormState; mail?: { mode: 'now' | 'digest' | 'off'; email: string | null } }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('nav.account')}>
      <h1>{t('nav.account')}</h1>
      <p>
        {ctx.user?.displayName} ({ctx.user?.username}) · {[...ctx.roles].map((r) => t(`role.${r}`)).join(', ')}
      </p>
      <section class="narrow card">
        <h2>{t('auth.changePassword')}</h2>
        <FormErrors ctx={ctx} form={form} />
        <form method="post" action="/app/account/password">
          <Csrf ctx={ctx} />
          <Field ctx={ctx} form={form} name="current" label={t('auth.currentPassword')} type="password" required autocomplete="current-password" />
          <Field ctx={ctx} form={form} name="next" label={t('auth.newPassword')} type="password" required autocomplete="new-password" hint={t('auth.weak')} />
          <Field ctx={ctx} form={form} name="repeat" label={t('auth.newPassword2')} type="password" required autocomplete="new-password" />
          <Actions>
            <button type="submit" class="primary">
              {t('common.save')}
            </button>
          </Actions>
        </form>
      </section>
      {mail && <MailModeForm ctx={ctx} mode={mail.mode} email={mail.email} />}
    </Layout>
  );
}
