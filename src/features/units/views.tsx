import type { ComponentChildren } from 'preact';
import { Layout, Csrf } from '../../ui/layout.tsx';
import { Actions, Badge, Field, FormErrors, Hidden, Select, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { isMessageKey } from '../../platform/i18n/index.ts';
import { formatDate } from '../../lib/vi/index.ts';
import type { UnitNode, UnitParent, UnitRow } from './service.ts';
import { SUB_WARD_KINDS } from './schema.ts';
import type { NamePeriod } from './names.ts';
import { MoveForm, NameHistory, RenameForm } from './unit-forms.tsx';
import { HistoryLink } from '../../ui/history-link.tsx';
import { can } from '../../platform/access.ts';

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
            {canEdit && can(ctx, 'ward.admin') && ours ? (
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

export function UnitTreePage({ ctx, nodes, onDate, wardId, canEdit, provinceAdmin }: { ctx: PageContext; nodes: UnitNode[]; onDate: string; wardId: string; canEdit: boolean; provinceAdmin: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('unit.title')} wide>
      <div class="page-head">
        <h1>{t('unit.title')}</h1>
        <div class="head-actions no-print">
          {provinceAdmin && (
            <a class="button" href="/app/units/province">
              {t('unit.province.link')}
            </a>
          )}
          {canEdit && can(ctx, 'ward.admin') && (
            <a class="button primary" href="/app/units/new">
              {t('unit.new')}
            </a>
          )}
        </div>
      </div>
      <TreeOnDate ctx={ctx} action="/app/units" on={onDate} empty={nodes.length === 0}>
        <UnitBranch ctx={ctx} nodes={nodes} parent={null} wardId={wardId} canEdit={canEdit} />
      </TreeOnDate>
    </Layout>
  );
}

/** The "on date" filter (field `on`, plus `filters` before it) and the card holding a tree as of that date. */
export function TreeOnDate({ ctx, action, on, empty, filters, children }: { ctx: PageContext; action: string; on: string; empty: boolean; filters?: ComponentChildren; children: ComponentChildren }) {
  const { t } = ctx;
  return (
    <>
      <form method="get" action={action} class="filters inline-form no-print">
        {filters}
        <label for="on">{t('common.onDate')}</label>
        <input id="on" name="on" value={formatDate(on)} inputMode="numeric" size={10} placeholder={t('common.dateHint')} />
        <button type="submit">{t('common.filter')}</button>
      </form>
      <section class="card">
        <h2>{t('unit.treeOn', { date: formatDate(on) })}</h2>
        {empty ? <p class="muted">{t('common.none')}</p> : children}
      </section>
    </>
  );
}

/** What differs between the ward's and the province's "add a unit" pages. */
export interface UnitNewOptions {
  title: string;
  action: string;
  cancel: string;
  kinds: readonly string[];
  nameHint: string;
  codeHint?: string;
  /** The ward's page also takes an end date. */
  withEnd: boolean;
}

/** The "add a unit" form (fields kind, parent_id, name, code, valid_from, valid_to): the ward's groups by default. */
export function UnitNewPage({ ctx, form, parents, options }: { ctx: PageContext; form: FormState; parents: Option[]; options?: UnitNewOptions }) {
  const { t } = ctx;
  const o = options ?? { title: t('unit.new'), action: '/app/units', cancel: '/app/units', kinds: SUB_WARD_KINDS, nameHint: 'Tổ dân phố số 11', withEnd: true };
  return (
    <Layout ctx={ctx} title={o.title}>
      <h1>{o.title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={o.action} class="card form">
        <Csrf ctx={ctx} />
        <div class="row">
          <Select ctx={ctx} form={form} name="kind" label={t('unit.kind')} required empty="—" options={o.kinds.map((k) => ({ value: k, label: unitKindLabel(ctx, k) }))} />
          <Select ctx={ctx} form={form} name="parent_id" label={t('unit.parent')} required empty={options ? '—' : undefined} options={parents} />
        </div>
        <div class="row">
          <Field ctx={ctx} form={form} name="name" label={t('unit.name')} required maxLength={120} hint={o.nameHint} />
          <Field ctx={ctx} form={form} name="code" label={t('unit.code')} maxLength={30} hint={o.codeHint} />
          {!o.withEnd && <Field ctx={ctx} form={form} name="valid_from" label={t('unit.validFrom')} date required />}
        </div>
        {o.withEnd && (
          <div class="row">
            <Field ctx={ctx} form={form} name="valid_from" label={t('unit.validFrom')} date required />
            <Field ctx={ctx} form={form} name="valid_to" label={t('unit.validTo')} date />
          </div>
        )}
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href={o.cancel}>{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}

export interface UnitEditForms {
  edit: FormState;
  rename: FormState;
  move: FormState;
  end: FormState;
}

export function UnitEditPage({ ctx, unit, parent, parents, forms, history }: { ctx: PageContext; unit: UnitRow; parent: UnitParent | null; parents: Option[]; forms: UnitEditForms; history: NamePeriod[] }) {
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
      <NameHistory ctx={ctx} history={history} />
      {!unit.valid_to && <RenameForm ctx={ctx} form={forms.rename} action={`/app/units/${unit.id}/rename`} fixHint />}
      {inner && !unit.valid_to && (
        <MoveForm ctx={ctx} form={forms.move} action={`/app/units/${unit.id}/move`} targets={parents} />
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
      <HistoryLink ctx={ctx} id={unit.id} />
    </Layout>
  );
}
