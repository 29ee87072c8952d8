// Sections of a unit page (D35): its names by date, the rename form and the move form, shared by the ward's edit page (views.tsx) and the province's unit page (province-views.tsx).
import { Csrf } from '../../ui/layout.tsx';
import { Actions, Field, FormErrors, Hidden, Select, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatDate } from '../../lib/vi/index.ts';
import type { NamePeriod } from './names.ts';

/** A unit's names by date, oldest first. */
export function NameHistory({ ctx, history }: { ctx: PageContext; history: NamePeriod[] }) {
  const { t } = ctx;
  if (history.length === 0) return null;
  return (
    <section class="card">
      <h2 id="unit-names">{t('unit.names')}</h2>
      <table class="grid" aria-labelledby="unit-names">
        <thead>
          <tr>
            <th scope="col">{t('unit.name')}</th>
            <th scope="col">{t('unit.code')}</th>
            <th scope="col">{t('unit.nameFrom')}</th>
            <th scope="col">{t('unit.nameTo')}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr>
              <td data-label={t('unit.name')}>{h.name}</td>
              <td data-label={t('unit.code')}>{h.code ?? ''}</td>
              <td data-label={t('unit.nameFrom')}>{formatDate(h.valid_from)}</td>
              <td data-label={t('unit.nameTo')}>{h.valid_to ? formatDate(h.valid_to) : '…'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The rename-from-a-date form (fields name, code, from, version), posted to `action`; `fixHint` when the page also has the correction form. */
export function RenameForm({ ctx, form, action, fixHint }: { ctx: PageContext; form: FormState; action: string; fixHint?: boolean }) {
  const { t } = ctx;
  return (
    <section class="card">
      <h2>{t('unit.rename')}</h2>
      <p class="hint">
        {t('unit.renameHint')}
        {fixHint && ` ${t('unit.renameFixHint')}`}
      </p>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="form">
        <Csrf ctx={ctx} />
        <Hidden name="version" value={form.values.version} />
        <div class="row">
          <Field ctx={ctx} form={form} name="name" idPrefix="rename-" label={t('unit.newName')} required maxLength={120} />
          <Field ctx={ctx} form={form} name="code" idPrefix="rename-" label={t('unit.newCode')} maxLength={30} />
          <Field ctx={ctx} form={form} name="from" idPrefix="rename-" label={t('common.from')} date required />
        </div>
        <Actions>
          <button type="submit">{t('unit.rename')}</button>
        </Actions>
      </form>
    </section>
  );
}

/** The move-from-a-date form (fields parent_id, from, version), posted to `action`. */
export function MoveForm({ ctx, form, action, targets, hint }: { ctx: PageContext; form: FormState; action: string; targets: Option[]; hint?: string }) {
  const { t } = ctx;
  return (
    <section class="card">
      <h2>{t('unit.move')}</h2>
      {hint && <p class="hint">{hint}</p>}
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="form">
        <Csrf ctx={ctx} />
        <Hidden name="version" value={form.values.version} />
        <div class="row">
          <Select ctx={ctx} form={form} name="parent_id" idPrefix="move-" label={t('unit.newParent')} required empty="—" options={targets} />
          <Field ctx={ctx} form={form} name="from" idPrefix="move-" label={t('common.from')} date required />
        </div>
        <Actions>
          <button type="submit">{t('unit.move')}</button>
        </Actions>
      </form>
    </section>
  );
}
