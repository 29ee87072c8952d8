import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Actions, Field, FormErrors, Hidden, Select, TextArea, type FormState, type Option } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { type SourceRow } from '../../sources/service.ts';
import { MONTH_FIELDS } from '../schema.ts';
import { ScheduleCss, Checks, SourceChecks } from './common.tsx';

export interface TaskFormProps {
  ctx: PageContext;
  form: FormState;
  action: string;
  title: string;
  year: number;
  isNew: boolean;
  people: Option[];
  orgs: Option[];
  sources: SourceRow[];
  back: string;
}

export function TaskFormPage({ ctx, form, action, title, year, isNew, people, orgs, sources, back }: TaskFormProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title} wide>
      <ScheduleCss />
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {!isNew && <Hidden name="version" value={form.values.version} />}
        <fieldset>
          <legend>{t('six.work')}</legend>
          <Field ctx={ctx} form={form} name="title" label={t('task.title')} required maxLength={500} />
          <TextArea ctx={ctx} form={form} name="description" label={t('task.description')} rows={3} />
        </fieldset>
        <fieldset>
          <legend>
            {t('six.owner')}, {t('six.responsibility')}
          </legend>
          <div class="row">
            <Select ctx={ctx} form={form} name="owner_person_id" label={t('task.owner')} empty="—" options={people} />
            <Select ctx={ctx} form={form} name="lead_org_id" label={t('task.lead')} empty="—" options={orgs} />
          </div>
          <details class="coord">
            <summary>{t('task.coordinating')}</summary>
            <Checks ctx={ctx} form={form} name="coordinating_org_ids" label={t('task.coordinating')} options={orgs} />
          </details>
        </fieldset>
        <fieldset>
          <legend>{t('six.time')}</legend>
          <div class="row">
            <Field ctx={ctx} form={form} name="start_on" label={t('task.start')} date />
            <Field ctx={ctx} form={form} name="due_on" label={t('task.due')} date />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('six.progress')}</legend>
          <p class="hint">{t('task.milestonesHint')}</p>
          <div class="months">
            {MONTH_FIELDS.map((f, i) => (
              <Field ctx={ctx} form={form} name={f} label={`${t('task.month', { n: i + 1 })}/${year}`} maxLength={6} />
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('six.result')}</legend>
          <Select ctx={ctx} form={form} name="result_kind" label={t('task.resultKind')} empty="—" options={[{ value: 'indicator', label: t('task.resultKind.indicator') }, { value: 'deliverable', label: t('task.resultKind.deliverable') }]} />
          <div class="row">
            <Field ctx={ctx} form={form} name="target_value" label={t('task.target')} maxLength={20} />
            <Field ctx={ctx} form={form} name="target_unit" label={t('task.unit')} maxLength={40} hint={t('task.unitHint')} />
          </div>
          <Field ctx={ctx} form={form} name="deliverable" label={t('task.deliverable')} maxLength={500} />
        </fieldset>
        <SourceChecks ctx={ctx} form={form} sources={sources} />
        <fieldset>
          <legend>{t('task.origin')}</legend>
          <div class="row">
            <Select ctx={ctx} form={form} name="origin_kind" label={t('task.origin')} options={[{ value: 'programme', label: t('task.origin.programme') }, { value: 'conclusion', label: t('task.origin.conclusion') }, { value: 'target', label: t('task.origin.target') }]} />
            <Field ctx={ctx} form={form} name="origin_note" label={t('task.originNote')} maxLength={300} />
          </div>
        </fieldset>
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href={back}>{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}
