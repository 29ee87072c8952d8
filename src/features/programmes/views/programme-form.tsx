import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Actions, Field, FormErrors, Hidden, Select, type FormState, type Option } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { type SourceRow } from '../../sources/service.ts';
import { SourceChecks } from './common.tsx';

export function ProgrammeFormPage({ ctx, form, action, isNew, orgOptions, sources }: { ctx: PageContext; form: FormState; action: string; isNew: boolean; orgOptions: Option[]; sources: SourceRow[] }) {
  const { t } = ctx;
  const title = isNew ? t('prog.new') : t('prog.edit');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {!isNew && <Hidden name="version" value={form.values.version} />}
        {isNew && (
          <div class="row">
            <Select ctx={ctx} form={form} name="org_id" label={t('prog.org')} required empty="—" options={orgOptions} />
            <Field ctx={ctx} form={form} name="year" label={t('prog.year')} type="number" required />
          </div>
        )}
        <Field ctx={ctx} form={form} name="title" label={t('prog.name')} required maxLength={300} hint={t('prog.nameHint')} />
        <SourceChecks ctx={ctx} form={form} sources={sources} />
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/app/programmes">{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}
