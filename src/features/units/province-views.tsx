// Pages of a province administrator (D35): the units under the province on a date, adding a ward
// or residential group, and one unit's page (names by date, rename from a date, move from a date).
// Same look as the ward's unit pages (views.tsx).
import { Layout } from '../../ui/layout.tsx';
import { Badge, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { formatDate } from '../../lib/vi/index.ts';
import type { UnitNode, UnitRow } from './service.ts';
import type { NamePeriod } from './names.ts';
import { MoveForm, NameHistory, RenameForm } from './unit-forms.tsx';
import { PROVINCE_ADD_KINDS } from './schema.ts';
import { TreeOnDate, UnitNewPage, unitKindLabel } from './views.tsx';

const BASE = '/app/units/province';
const span = (from: string, to: string | null) => `${formatDate(from)} – ${to ? formatDate(to) : '…'}`;

function Branch({ ctx, nodes, parent, on }: { ctx: PageContext; nodes: UnitNode[]; parent: string | null; on: string }) {
  const here = nodes.filter((n) => n.parentId === parent);
  if (here.length === 0) return null;
  return (
    <ul class={parent === null ? 'unit-tree' : undefined}>
      {here.map((u) => (
        <li data-kind={u.kind}>
          <a class="unit-name" href={`${BASE}/${u.id}?on=${formatDate(on)}`}>
            {u.name}
          </a>{' '}
          <Badge tone="info">{unitKindLabel(ctx, u.kind)}</Badge> <small class="muted">{span(u.valid_from, u.valid_to)}</small>
          {u.code && (
            <small class="muted">
              {' '}
              · {ctx.t('unit.code')}: {u.code}
            </small>
          )}
          <Branch ctx={ctx} nodes={nodes} parent={u.id} on={on} />
        </li>
      ))}
    </ul>
  );
}

/** The units under the province on a date; a chooser when the administrator holds several provinces. */
export function ProvinceTreePage({ ctx, roots, root, on, nodes }: { ctx: PageContext; roots: UnitRow[]; root: UnitRow; on: string; nodes: UnitNode[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('unit.province.title')} wide>
      <div class="page-head">
        <h1>{t('unit.province.title')}</h1>
        <a class="button primary no-print" href={`${BASE}/new?root=${root.id}`}>
          {t('unit.province.new')}
        </a>
      </div>
      <p class="lead">{t('unit.province.lead')}</p>
      <TreeOnDate
        ctx={ctx}
        action={BASE}
        on={on}
        empty={nodes.length === 0}
        filters={
          roots.length > 1 ? (
            <>
              <label for="root">{t('unit.province.root')}</label>
              <select id="root" name="root">
                {roots.map((r) => (
                  <option value={r.id} selected={r.id === root.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <input type="hidden" name="root" value={root.id} />
          )
        }
      >
        <Branch ctx={ctx} nodes={nodes} parent={null} on={on} />
      </TreeOnDate>
    </Layout>
  );
}

/** Adding a ward, commune or residential group under the province, a district or a ward. */
export function ProvinceNewPage({ ctx, form, parents }: { ctx: PageContext; form: FormState; parents: Option[] }) {
  const { t } = ctx;
  const options = { title: t('unit.province.new'), action: BASE, cancel: BASE, kinds: PROVINCE_ADD_KINDS, nameHint: t('unit.province.nameHint'), codeHint: t('unit.province.codeHint'), withEnd: false };
  return <UnitNewPage ctx={ctx} form={form} parents={parents} options={options} />;
}

export interface ProvinceUnitForms {
  rename: FormState;
  move: FormState;
}

/** One unit of the province: where it sits, its names by date, rename and move from a date. */
export function ProvinceUnitPage({ ctx, unit, on, parent, history, targets, forms }: { ctx: PageContext; unit: UnitRow; on: string; parent: { name: string; valid_from: string } | null; history: NamePeriod[]; targets: Option[]; forms: ProvinceUnitForms }) {
  const { t } = ctx;
  // The name it had on the day asked for (today by default); unit.name is the latest one.
  const then = history.find((h) => h.valid_from <= on && (h.valid_to === null || h.valid_to >= on)) ?? { name: unit.name, code: unit.code };
  const movable = unit.ward_id === null ? !['tinh', 'thanh_pho'].includes(unit.kind) : true;
  return (
    <Layout ctx={ctx} title={then.name}>
      <p class="no-print">
        <a href={`${BASE}?on=${formatDate(on)}`}>{t('unit.province.back')}</a>
      </p>
      <h1>{then.name}</h1>
      <p class="lead">
        {t('unit.nameOn', { date: formatDate(on) })} · {unitKindLabel(ctx, unit.kind)} · {span(unit.valid_from, unit.valid_to)}
        {then.code && ` · ${t('unit.code')}: ${then.code}`}
        {parent && ` · ${t('unit.currentParent', { name: parent.name, date: formatDate(parent.valid_from) })}`}
      </p>
      <NameHistory ctx={ctx} history={history} />
      {!unit.valid_to && <RenameForm ctx={ctx} form={forms.rename} action={`${BASE}/${unit.id}/rename`} />}
      {!unit.valid_to && movable && (
        <MoveForm ctx={ctx} form={forms.move} action={`${BASE}/${unit.id}/move`} targets={targets} hint={t('unit.province.moveHint')} />
      )}
    </Layout>
  );
}
