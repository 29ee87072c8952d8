import { Layout, Csrf } from '../../../ui/layout.tsx';
import { Actions, Field, FormErrors, Hidden, Select, TextArea, noteFieldError, uniqueId, type FormState, type Option } from '../../../ui/components.tsx';
import { resolveMessage } from '../../../platform/i18n/index.ts';
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
  /** Owner choices: the lead organization's people first, then the others (narrowed by `owner_q` when searched). */
  people: { first: Option[]; others: Option[] };
  orgs: Option[];
  /** A line shown above the form after an aid (milestones spread, owners found). */
  notice?: string | undefined;
  sources: SourceRow[];
  back: string;
}

/** The owner picker: a select grouped "people of the lead organization" / "other people". */
function OwnerSelect({ ctx, form, people }: { ctx: PageContext; form: FormState; people: TaskFormProps['people'] }) {
  const name = 'owner_person_id';
  const err = form.errors[name];
  const id = uniqueId(ctx, 'f-' + name);
  noteFieldError(form, name, id, ctx.t('task.owner'), err);
  const current = String(form.values[name] ?? '');
  const opt = (o: Option) => (
    <option value={o.value} selected={o.value === current}>
      {o.label}
    </option>
  );
  return (
    <div class={'field' + (err ? ' has-error' : '')}>
      <label for={id}>{ctx.t('task.owner')}</label>
      <select id={id} name={name} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? id + '-err' : undefined}>
        <option value="">—</option>
        {people.first.length > 0 && <optgroup label={ctx.t('task.ownerLeadGroup')}>{people.first.map(opt)}</optgroup>}
        {people.first.length > 0 ? <optgroup label={ctx.t('task.ownerOthers')}>{people.others.map(opt)}</optgroup> : people.others.map(opt)}
      </select>
      {err && (
        <small id={id + '-err'} class="error">
          {resolveMessage(ctx.locale, err)}
        </small>
      )}
    </div>
  );
}

/** The owner search: a box and a button posting the form as typed (nothing saved), answered with the select narrowed. */
function OwnerSearch({ ctx, form }: { ctx: PageContext; form: FormState }) {
  const id = uniqueId(ctx, 'f-owner_q');
  return (
    <div class="field owner-search">
      <label for={id}>{ctx.t('task.ownerSearch')}</label>
      <span class="inline">
        <input id={id} name="owner_q" type="search" value={String(form.values.owner_q ?? '')} maxLength={100} aria-describedby={id + '-hint'} />
        <button type="submit" name="intent" value="owner" formnovalidate>
          {ctx.t('task.ownerFind')}
        </button>
      </span>
      <small id={id + '-hint'} class="hint">
        {ctx.t('task.ownerSearchHint')}
      </small>
    </div>
  );
}

export function TaskFormPage({ ctx, form, action, title, year, isNew, people, orgs, sources, back, notice }: TaskFormProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title} wide>
      <ScheduleCss />
      <h1>{title}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {/* Enter in any box saves (the first submit button is the default), not the search or the spread. */}
        <button type="submit" name="intent" value="save" class="sr-only" tabindex={-1} aria-hidden="true">
          {t('common.save')}
        </button>
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
            <Select ctx={ctx} form={form} name="lead_org_id" label={t('task.lead')} empty="—" options={orgs} />
            <OwnerSelect ctx={ctx} form={form} people={people} />
          </div>
          <OwnerSearch ctx={ctx} form={form} />
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
          <p class="spread">
            <button type="submit" name="intent" value="spread" formnovalidate aria-describedby="spread-hint">
              {t('task.spread')}
            </button>{' '}
            <small id="spread-hint" class="hint">
              {t('task.spreadHint')}
            </small>
          </p>
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
          <button type="submit" class="primary" name="intent" value="save">
            {t('common.save')}
          </button>
          {isNew && (
            <button type="submit" name="intent" value="again">
              {t('task.saveAgain')}
            </button>
          )}
          <a href={back}>{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}
