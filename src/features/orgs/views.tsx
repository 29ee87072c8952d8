import { Layout, Csrf } from '../../ui/layout.tsx';
import { Actions, Badge, Field, FilterBar, FilterSelect, FormErrors, Hidden, PageHead, Select, withQuery, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { DataTable } from '../../ui/data-table.tsx';
import { isMessageKey } from '../../platform/i18n/index.ts';
import { formatDate } from '../../lib/vi/index.ts';
import { ORG_KINDS, ORG_RELATIONS, postName, type OrgDetail, type OrgRow, type OrgTreeItem, type RelationRow } from './service.ts';
import type { OrgListQuery } from './schema.ts';
import { ListTools } from '../../ui/office-list.tsx';
import { HistoryLink } from '../../ui/history-link.tsx';
import { canOpen } from '../../platform/access.ts';
import { DIRECTORY_WRITERS } from '../../platform/auth/roles.ts';

/** "Đảng ủy", "Chi hội, chi đoàn"… for a kind stored as data. */
export function kindLabel(ctx: PageContext, kind: string): string {
  const key = `org.kind.${kind}`;
  return isMessageKey(key) ? ctx.t(key) : kind;
}

export const kindOptions = (ctx: PageContext, kinds: readonly string[] = ORG_KINDS): Option[] => kinds.map((k) => ({ value: k, label: kindLabel(ctx, k) }));

const span = (from: string, to: string | null) => `${formatDate(from)} – ${to ? formatDate(to) : '…'}`;

/** Indentation that needs no stylesheet (and prints): a branch mark per level. */
export function Indent({ depth }: { depth: number }) {
  if (depth === 0) return null;
  return (
    <span class="tree-indent" aria-hidden="true">
      {'\u00a0\u00a0\u00a0\u00a0'.repeat(depth - 1)}└{'\u00a0'}
    </span>
  );
}

function OrgStatus({ ctx, org }: { ctx: PageContext; org: Pick<OrgTreeItem, 'ended' | 'valid_to'> }) {
  const { t } = ctx;
  if (org.ended && org.valid_to) return <Badge tone="muted">{t('org.endedOn', { date: formatDate(org.valid_to) })}</Badge>;
  if (org.valid_to) return <Badge tone="warn">{t('org.activeUntil', { date: formatDate(org.valid_to) })}</Badge>;
  return <Badge tone="ok">{t('common.active')}</Badge>;
}

function OrgTable({ ctx, items, caption, query }: { ctx: PageContext; items: OrgTreeItem[]; caption: string; query?: OrgListQuery }) {
  const { t } = ctx;
  const params = { kind: query?.kind, ended: query?.ended === '1' ? '1' : undefined };
  return (
    <DataTable
      ctx={ctx}
      rows={items}
      sort={query ? { current: query, href: (sort, dir) => withQuery('/app/orgs', { ...params, sort, dir }) } : undefined}
      class="org-tree"
      caption={caption}
      showCaption
      rowData={(o) => ({ 'data-depth': o.depth })}
      rowClass={(o) => (o.ended ? 'ended' : undefined)}
      columns={[
        {
          key: 'name',
          label: t('org.name'),
          sortable: true,
          cell: (o) => (
            <>
              <Indent depth={o.depth} />
              <a href={`/app/orgs/${o.id}`}>{o.name}</a>
            </>
          ),
        },
        { key: 'short_name', label: t('org.shortName'), sortable: true, cell: (o) => o.short_name ?? '' },
        { key: 'kind', label: t('org.kind'), sortable: true, cell: (o) => kindLabel(ctx, o.kind) },
        { key: 'unit', label: t('org.unit'), sortable: true, cell: (o) => o.unitName ?? '' },
        { key: 'status', label: t('org.status'), sortable: true, cell: (o) => <OrgStatus ctx={ctx} org={o} /> },
      ]}
    />
  );
}

export function OrgListPage({ ctx, items, query, canCreate, canTemplate = false, wholeQuery = '' }: { ctx: PageContext; items: OrgTreeItem[]; query: OrgListQuery; canCreate: boolean; canTemplate?: boolean; wholeQuery?: string }) {
  const { t } = ctx;
  // A ward without any organization yet: the template is the way in, said prominently (once).
  const startHere = canTemplate && items.length === 0 && !query.kind && query.ended !== '1';
  return (
    <Layout ctx={ctx} title={t('org.title')} wide>
      <PageHead title={t('org.title')}>
        {canTemplate && !startHere && (
          <a class="button no-print" href="/app/orgs/template">
            {t('org.template.link')}
          </a>
        )}
        {canCreate && canOpen(ctx, DIRECTORY_WRITERS, 'write') && (
          <a class={startHere ? 'button no-print' : 'button primary no-print'} href="/app/orgs/new">
            {t('org.new')}
          </a>
        )}
      </PageHead>
      {startHere && (
        <section class="card no-print">
          <p class="lead">{t('org.template.emptyLead')}</p>
          <p>
            <a class="button primary" href="/app/orgs/template">
              {t('org.template.link')}
            </a>
          </p>
        </section>
      )}
      <FilterBar ctx={ctx} action="/app/orgs">
        <FilterSelect ctx={ctx} name="kind" label={t('org.kind')} options={kindOptions(ctx)} value={query.kind} />
        <div class="field check">
          <input id="ended" name="ended" type="checkbox" value="1" checked={query.ended === '1'} />
          <label for="ended">{t('org.showEnded')}</label>
        </div>
      </FilterBar>
      <ListTools ctx={ctx} path="/app/orgs" query={wholeQuery} />
      {items.length === 0 ? <p class="empty">{t('common.noResults')}</p> : <OrgTable ctx={ctx} items={items} query={query} caption={t('org.listCaption', { ward: ctx.ward?.name ?? '' })} />}
      <p class="muted">{t('common.total', { n: items.length })}</p>
    </Layout>
  );
}

/** A person holding posts in the organization (what the organization page shows of them). */
export interface PostHolder {
  person: { id: string; full_name: string };
  posts: { title: string; start_on: string; rank: number; org_id: string }[];
}

export interface OrgPageData {
  detail: OrgDetail;
  onDate: string;
  holders: PostHolder[];
  peopleTotal: number;
  relationOptions: Option[];
}

function relationLabel(ctx: PageContext, r: RelationRow, orgId: string): { label: string; otherId: string; otherName: string } {
  const out = r.org_id === orgId;
  const key = out ? `org.relation.${r.relation}` : `org.relationIn.${r.relation}`;
  return { label: isMessageKey(key) ? ctx.t(key) : r.relation, otherId: out ? r.related_org_id : r.org_id, otherName: out ? r.related_org_name : r.org_name };
}

export function OrgPage({ ctx, data, endForm, relationForm }: { ctx: PageContext; data: OrgPageData; endForm: FormState; relationForm: FormState }) {
  const { t } = ctx;
  const { detail, onDate, holders, peopleTotal, relationOptions } = data;
  const { org, parent, unitName, children, relations, permissions: can, today } = detail;
  const ended = org.valid_to !== null && org.valid_to < today;
  return (
    <Layout ctx={ctx} title={org.name} wide>
      <div class="page-head">
        <h1>{org.name}</h1>
        <div class="head-actions no-print">
          {can.canEdit && canOpen(ctx, DIRECTORY_WRITERS, 'write') && (
            <a class="button" href={`/app/orgs/${org.id}/edit`}>
              {t('org.edit')}
            </a>
          )}
          {can.canAddChild && canOpen(ctx, DIRECTORY_WRITERS, 'write') && !ended && (
            <a class="button" href={`/app/orgs/new?parent=${org.id}`}>
              {t('org.newChild')}
            </a>
          )}
        </div>
      </div>
      {org.valid_to && <p class={ended ? 'notice warn' : 'notice'}>{t(ended ? 'org.ended' : 'org.activeUntil', { date: formatDate(org.valid_to) })}</p>}
      <section class="card">
        <dl class="facts">
          <dt>{t('org.kind')}</dt>
          <dd>{kindLabel(ctx, org.kind)}</dd>
          <dt>{t('org.shortName')}</dt>
          <dd>{org.short_name ?? '—'}</dd>
          <dt>{t('org.parent')}</dt>
          <dd>{parent ? <a href={`/app/orgs/${parent.id}`}>{parent.name}</a> : '—'}</dd>
          <dt>{t('org.higherBody')}</dt>
          <dd>{org.higher_body ?? '—'}</dd>
          <dt>{t('org.unit')}</dt>
          <dd>{unitName ?? '—'}</dd>
          <dt>{t('org.validity')}</dt>
          <dd>{span(org.valid_from, org.valid_to)}</dd>
        </dl>
      </section>
      <section class="card">
        <form method="get" action={`/app/orgs/${org.id}`} class="filters inline-form no-print">
          <label for="on">{t('common.onDate')}</label>
          <input id="on" name="on" value={formatDate(onDate)} inputMode="numeric" size={10} />
          <button type="submit">{t('common.filter')}</button>
        </form>
        <h2 id="posts-on">{t('org.postsOn', { date: formatDate(onDate) })}</h2>
        <DataTable
          ctx={ctx}
          rows={holders}
          labelledBy="posts-on"
          empty={t('common.none')}
          emptyClass="muted"
          columns={[
            { key: 'name', label: t('person.fullName'), cell: (h) => <a href={withQuery(`/app/people/${h.person.id}`, { on: onDate })}>{h.person.full_name}</a> },
            { key: 'post', label: t('position.name'), cell: (h) => h.posts.map((p) => postName(p.title, org)).join(', ') },
            { key: 'start', label: t('position.start'), cell: (h) => h.posts.map((p) => formatDate(p.start_on)).join(', ') },
          ]}
        />
        <p>
          {t('org.peopleOn', { date: formatDate(onDate), n: peopleTotal })}{' '}
          {peopleTotal > 0 && <a href={withQuery('/app/people', { org: org.id, on: onDate })}>{t('org.peopleList')}</a>}
        </p>
      </section>
      <section class="card">
        <h2>{t('org.children')}</h2>
        {children.length === 0 ? <p class="muted">{t('common.none')}</p> : <OrgTable ctx={ctx} items={children} caption={t('org.childrenOf', { name: org.name })} />}
      </section>
      <section class="card">
        <h2 id="relations">{t('org.relations')}</h2>
        <DataTable
          ctx={ctx}
          rows={relations.map((r) => ({ r, ...relationLabel(ctx, r, org.id) }))}
          labelledBy="relations"
          empty={t('common.none')}
          emptyClass="muted"
          columns={[
            { key: 'kind', label: t('org.relation.kind'), cell: (x) => x.label },
            { key: 'other', label: t('org.relation.other'), cell: (x) => <a href={`/app/orgs/${x.otherId}`}>{x.otherName}</a> },
            { key: 'validity', label: t('org.validity'), cell: (x) => span(x.r.valid_from, x.r.valid_to) },
          ]}
          actions={
            can.canRelate
              ? ({ r }) =>
                  !r.valid_to && (
                    <details class="end-span">
                      <summary>{t('org.relation.end')}</summary>
                      <form method="post" action={`/app/org-relations/${r.id}/end?back=${org.id}`} class="inline-form">
                        <Csrf ctx={ctx} />
                        <label>
                          {t('common.to')} <input name="valid_to" required inputMode="numeric" placeholder={t('common.dateHint')} size={10} />
                        </label>
                        <button type="submit">{t('common.save')}</button>
                      </form>
                    </details>
                  )
              : undefined
          }
        />
        {can.canRelate && (
          <details class="no-print" open={Object.keys(relationForm.errors).length > 0}>
            <summary>{t('org.relation.add')}</summary>
            <FormErrors ctx={ctx} form={relationForm} />
            <form method="post" action={`/app/orgs/${org.id}/relations`} class="form">
              <Csrf ctx={ctx} />
              <div class="row">
                <Select ctx={ctx} form={relationForm} name="relation" label={t('org.relation.kind')} required empty="—" options={ORG_RELATIONS.map((r) => ({ value: r, label: t(`org.relation.${r}`) }))} />
                <Select ctx={ctx} form={relationForm} name="related_org_id" label={t('org.relation.other')} required empty="—" options={relationOptions} />
              </div>
              <div class="row">
                <Field ctx={ctx} form={relationForm} name="valid_from" label={t('common.from')} date required />
                <Field ctx={ctx} form={relationForm} name="valid_to" label={t('common.to')} date />
              </div>
              <Actions>
                <button type="submit">{t('org.relation.add')}</button>
              </Actions>
            </form>
          </details>
        )}
      </section>
      <HistoryLink ctx={ctx} id={org.id} class="no-print" />
      {can.canEnd && !org.valid_to && (
        <section class="card danger-zone no-print">
          <h2>{t('org.end')}</h2>
          <p class="hint">{t('org.endHint')}</p>
          <FormErrors ctx={ctx} form={endForm} />
          <form method="post" action={`/app/orgs/${org.id}/end`} class="inline-form">
            <Csrf ctx={ctx} />
            <Hidden name="version" value={org.version} />
            <Field ctx={ctx} form={endForm} name="valid_to" label={t('org.validTo')} date required />
            <button type="submit">{t('org.end')}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

export function OrgFormPage({
  ctx,
  form,
  action,
  title,
  kinds,
  parents,
  units,
  isNew,
  back,
}: {
  ctx: PageContext;
  form: FormState;
  action: string;
  title: string;
  kinds: readonly string[];
  parents: Pick<OrgRow, 'id' | 'name'>[];
  units: Option[];
  isNew: boolean;
  back: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {!isNew && <Hidden name="version" value={form.values.version} />}
        <Field ctx={ctx} form={form} name="name" label={t('org.name')} required maxLength={200} autocomplete="off" />
        <div class="row">
          <Field ctx={ctx} form={form} name="short_name" label={t('org.shortName')} maxLength={60} />
          <Select ctx={ctx} form={form} name="kind" label={t('org.kind')} required empty="—" options={kindOptions(ctx, kinds)} />
        </div>
        <div class="row">
          <Select ctx={ctx} form={form} name="parent_id" label={t('org.parent')} empty="—" options={parents.map((p) => ({ value: p.id, label: p.name }))} />
          <Select ctx={ctx} form={form} name="unit_id" label={t('org.unit')} required empty="—" options={units} />
        </div>
        <Field ctx={ctx} form={form} name="higher_body" label={t('org.higherBody')} maxLength={200} hint="Hội LHPN quận Hai Bà Trưng…" />
        <div class="row">
          <Field ctx={ctx} form={form} name="sort_order" label={t('org.sortOrder')} type="number" />
          <Field ctx={ctx} form={form} name="valid_from" label={t('org.validFrom')} date required />
          {isNew && <Field ctx={ctx} form={form} name="valid_to" label={t('org.validTo')} date />}
        </div>
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
