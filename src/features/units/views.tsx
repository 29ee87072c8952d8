import { Layout, Csrf } from '../../ui/layout.tsx';
import { Actions, Badge, Field, FormErrors, Hidden, Select, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { isMessageKey } from '../../platform/i18n/index.ts';
import { formatDate } from '../../lib/vi/index.ts';
import type { UnitNode, UnitParent, UnitRow } from './service.ts';
import { SUB_WARD_KINDS } from './schema.ts';

/** "Phường", "Tổ dân phố"… for a kind stored as data. */
export function unitKindLabel(ctx: PageContext, kind: string): string {
  const key = `unit.kind.${kind}`;
  return isMessageKey(key) ? ctx.t(key) : kind;
}

const span = (from: string, to: string | null) => `${formatDate(from)} – ${to ? formatDate(to) : '…'}`;

function UnitBranch({ ctx, nodes, parent, wardId, canEdit }: { ctx: PageContext; nodes: UnitNode[]; parent: string | null; wardId: string; canEdit: boolean }) {
  const { t } = ctx;
  const here = nodes.filter((n) => n.parentId === parent);
  if (here.length === 0) return null;
  return (
    <ul class={parent === null ? 'unit-tree' : undefined}>
      {here.map((u) => {
        const ours = u.ward_id === wardId;
        return (
          <li data-kind={u.kind}>
            <span class="unit-name">{u.name}</span> <Badge tone="info">{unitKindLabel(ctx, u.kind)}</Badge> <small class="muted">{span(u.valid_from, u.valid_to)}</small>
            {u.code && <small class="muted"> · {t('unit.code')}: {u.code}</small>}
            {canEdit && ours ? (
              <>
                {' '}
                <a class="no-print" href={`/app/units/${u.id}/edit`}>
                  {t('common.edit')}
                </a>
              </>
            ) : (
              !ours && <small class="muted"> ({t('unit.readOnly')})</small>
            )}
            <UnitBranch ctx={ctx} nodes={nodes} parent={u.id} wardId={wardId} canEdit={canEdit} />
          </li>
        );
      })}
    </ul>
  );
}

export function UnitTreePage({ ctx, nodes, onDate, wardId, canEdit }: { ctx: PageContext; nodes: UnitNode[]; onDate: string; wardId: string; canEdit: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('unit.title')} wide>
      <div class="page-head">
        <h1>{t('unit.title')}</h1>
        {canEdit && (
          <a class="button primary no-print" href="/app/units/new">
            {t('unit.new')}
          </a>
        )}
      </div>
      <form method="get" action="/app/units" class="filters inline-form no-print">
        <label for="on">{t('common.onDate')}</label>
        <input id="on" name="on" value={formatDate(onDate)} inputMode="numeric" size={10} placeholder={t('common.dateHint')} />
        <button type="submit">{t('common.filter')}</button>
      </form>
      <section class="card">
        <h2>{t('unit.treeOn', { date: formatDate(onDate) })}</h2>
        {nodes.length === 0 ? <p class="muted">{t('common.none')}</p> : <UnitBranch ctx={ctx} nodes={nodes} parent={null} wardId={wardId} canEdit={canEdit} />}
      </section>
    </Layout>
  );
}

export function UnitNewPage({ ctx, form, parents }: { ctx: PageContext; form: FormState; parents: Option[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('unit.new')}>
      <h1>{t('unit.new')}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action="/app/units" class="card form">
        <Csrf ctx={ctx} />
        <div class="row">
          <Select ctx={ctx} form={form} name="kind" label={t('unit.kind')} required empty="—" options={SUB_WARD_KINDS.map((k) => ({ value: k, label: unitKindLabel(ctx, k) }))} />
          <Select ctx={ctx} form={form} name="parent_id" label={t('unit.parent')} required options={parents} />
        </div>
        <div class="row">
          <Field ctx={ctx} form={form} name="name" label={t('unit.name')} required maxLength={120} hint="Tổ dân phố số 11" />
          <Field ctx={ctx} form={form} name="code" label={t('unit.code')} maxLength={30} />
        </div>
        <div class="row">
          <Field ctx={ctx} form={form} name="valid_from" label={t('unit.validFrom')} date required />
          <Field ctx={ctx} form={form} name="valid_to" label={t('unit.validTo')} date />
        </div>
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/app/units">{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}

export interface UnitEditForms {
  edit: FormState;
  move: FormState;
  end: FormState;
}

export function UnitEditPage({ ctx, unit, parent, parents, forms }: { ctx: PageContext; unit: UnitRow; parent: UnitParent | null; parents: Option[]; forms: UnitEditForms }) {
  const { t } = ctx;
  const inner = !unit.is_ward;
  return (
    <Layout ctx={ctx} title={t('unit.edit')}>
      <h1>
        {t('unit.edit')}: {unit.name}
      </h1>
      <p class="lead">
        {unitKindLabel(ctx, unit.kind)} · {span(unit.valid_from, unit.valid_to)}
        {parent && ` · ${t('unit.currentParent', { name: parent.name, date: formatDate(parent.valid_from) })}`}
      </p>
      <section class="card">
        <FormErrors ctx={ctx} form={forms.edit} />
        <form method="post" action={`/app/units/${unit.id}`} class="form">
          <Csrf ctx={ctx} />
          <Hidden name="version" value={forms.edit.values.version} />
          <div class="row">
            <Field ctx={ctx} form={forms.edit} name="name" label={t('unit.name')} required maxLength={120} />
            <Field ctx={ctx} form={forms.edit} name="code" label={t('unit.code')} maxLength={30} />
          </div>
          <Actions>
            <button type="submit" class="primary">
              {t('common.save')}
            </button>
            <a href="/app/units">{t('common.cancel')}</a>
          </Actions>
        </form>
      </section>
      {inner && !unit.valid_to && (
        <section class="card">
          <h2>{t('unit.move')}</h2>
          <FormErrors ctx={ctx} form={forms.move} />
          <form method="post" action={`/app/units/${unit.id}/move`} class="form">
            <Csrf ctx={ctx} />
            <Hidden name="version" value={forms.move.values.version} />
            <div class="row">
              <Select ctx={ctx} form={forms.move} name="parent_id" label={t('unit.newParent')} required empty="—" options={parents} />
              <Field ctx={ctx} form={forms.move} name="from" label={t('common.from')} date required />
            </div>
            <Actions>
              <button type="submit">{t('unit.move')}</button>
            </Actions>
          </form>
        </section>
      )}
      {inner && !unit.valid_to && (
        <section class="card danger-zone">
          <h2>{t('unit.end')}</h2>
          <p class="hint">{t('unit.endHint')}</p>
          <FormErrors ctx={ctx} form={forms.end} />
          <form method="post" action={`/app/units/${unit.id}/end`} class="inline-form">
            <Csrf ctx={ctx} />
            <Hidden name="version" value={forms.end.values.version} />
            <Field ctx={ctx} form={forms.end} name="valid_to" label={t('unit.validTo')} date required />
            <button type="submit">{t('unit.end')}</button>
          </form>
        </section>
      )}
      <p>
        <a href={`/app/audit?entity=${unit.id}`}>{t('unit.history')}</a>
      </p>
    </Layout>
  );
}
