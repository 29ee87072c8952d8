import { Layout } from '../../ui/layout.tsx';
import { Pager, withQuery, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { DataTable } from '../../ui/data-table.tsx';
import { pageSizeParam } from '../../platform/list.ts';
import { formatDate, formatDateTime } from '../../lib/vi/index.ts';
import { actionLabel, entityTypeLabel, knownActions, knownEntityTypes, type AuditItem } from './service.ts';
import { showChanges, type AuditNames, type ShownChange } from './fields.ts';
import type { AuditQuery } from './schema.ts';
import { ListTools } from '../../ui/office-list.tsx';

function Choice({ id, label, value, options, all }: { id: string; label: string; value: string | null; options: Option[]; all: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Changes({ ctx, item, names }: { ctx: PageContext; item: AuditItem; names: AuditNames }) {
  const { t } = ctx;
  const changes = showChanges(t, item.entity_type, item.changes, names);
  if (changes.length === 0) return <span class="muted">—</span>;
  // A creation has no "before", a removal no "after": show only the columns that say something.
  const hasBefore = changes.some((c) => c.before !== undefined);
  const hasAfter = changes.some((c) => c.after !== undefined);
  return (
    <details>
      <summary>{t('audit.details')}</summary>
      <DataTable
        ctx={ctx}
        rows={changes}
        columns={[
          { key: 'field', label: t('audit.field'), cell: (c) => c.label },
          ...(hasBefore ? [{ key: 'before', label: t('audit.before'), class: 'pre', cell: (c: ShownChange) => (c.hidden ? <span class="muted">{t('audit.personalHidden')}</span> : (c.before ?? '')) }] : []),
          ...(hasAfter ? [{ key: 'after', label: t('audit.after'), class: 'pre', cell: (c: ShownChange) => (c.hidden ? <span class="muted">{t('audit.personalHidden')}</span> : (c.after ?? '')) }] : []),
        ]}
      />
    </details>
  );
}

export function AuditPage({ ctx, items, total, names, query, userOptions, wholeQuery = '' }: { ctx: PageContext; items: AuditItem[]; total: number; names: AuditNames; query: AuditQuery; userOptions: Option[]; wholeQuery?: string }) {
  const { t } = ctx;
  const params = {
    actor: query.actor,
    who: query.who,
    type: query.type,
    entity: query.entity,
    action: query.action,
    from: query.from ? formatDate(query.from) : null,
    to: query.to ? formatDate(query.to) : null,
    page_size: pageSizeParam(query),
    sort: query.sort,
    dir: query.dir,
  };
  // Keyset for the next page (D11): deep pages of a long log cost no offset scan.
  const last = items.at(-1);
  const nextCursor = last ? `${last.at}~${last.id}` : undefined;
  const actionOptions: Option[] = knownActions().map((a) => ({ value: a, label: actionLabel(t, a) })).sort((a, b) => a.label.localeCompare(b.label, ctx.locale));
  if (query.action && !actionOptions.some((o) => o.value === query.action)) actionOptions.push({ value: query.action, label: query.action });
  const typeOptions: Option[] = knownEntityTypes().map((e) => ({ value: e, label: entityTypeLabel(t, e) })).sort((a, b) => a.label.localeCompare(b.label, ctx.locale));
  if (query.type && !typeOptions.some((o) => o.value === query.type)) typeOptions.push({ value: query.type, label: query.type });
  return (
    <Layout ctx={ctx} title={t('audit.title')} wide>
      <h1>{t('audit.title')}</h1>
      <form method="get" action="/app/audit" class="filters" role="search">
        <Choice id="actor" label={t('audit.actor')} value={query.actor} options={userOptions} all={t('common.all')} />
        <div class="field">
          <label for="who">{t('audit.who')}</label>
          <input id="who" name="who" type="search" value={query.who ?? ''} maxLength={100} placeholder={t('audit.whoHint')} />
        </div>
        <Choice id="type" label={t('audit.entity')} value={query.type} options={typeOptions} all={t('common.all')} />
        <Choice id="action" label={t('audit.action')} value={query.action} options={actionOptions} all={t('common.all')} />
        <div class="field">
          <label for="from">{t('common.from')}</label>
          <input id="from" name="from" value={params.from ?? ''} placeholder={t('common.dateHint')} inputMode="numeric" size={10} />
        </div>
        <div class="field">
          <label for="to">{t('common.to')}</label>
          <input id="to" name="to" value={params.to ?? ''} placeholder={t('common.dateHint')} inputMode="numeric" size={10} />
        </div>
        {query.entity && <input type="hidden" name="entity" value={query.entity} />}
        <button type="submit">{t('common.filter')}</button>
      </form>
      {query.entity && (
        <p class="notice">
          {t('audit.oneEntity')} <a href={withQuery('/app/audit', { ...params, entity: null })}>{t('audit.allEntities')}</a>
        </p>
      )}
      <ListTools ctx={ctx} path="/app/audit" query={wholeQuery} />
      <DataTable
        ctx={ctx}
        rows={items}
        sort={{ current: query, default: { key: 'at', dir: 'desc' }, href: (sort, dir) => withQuery('/app/audit', { ...params, sort, dir, page: undefined }) }}
        columns={[
          { key: 'at', label: t('audit.at'), sortable: true, cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time> },
          { key: 'actor', label: t('audit.actor'), sortable: true, cell: (e) => e.actor_label },
          { key: 'action', label: t('audit.action'), sortable: true, cell: (e) => actionLabel(t, e.action) },
          {
            key: 'entity',
            label: t('audit.entity'),
            sortable: true,
            cell: (e) => (e.entity_id && e.entity_id !== query.entity ? <a href={withQuery('/app/audit', { entity: e.entity_id })}>{entityTypeLabel(t, e.entity_type)}</a> : entityTypeLabel(t, e.entity_type)),
          },
          { key: 'summary', label: t('audit.summary'), cell: (e) => e.summary ?? '' },
          { key: 'details', label: t('audit.details'), cell: (e) => <Changes ctx={ctx} item={e} names={names} /> },
        ]}
      />
      <Pager ctx={ctx} page={query.page} pageSize={query.page_size} total={total} href={(page) => withQuery('/app/audit', { ...params, page, after: page === query.page + 1 && !query.sort ? nextCursor : undefined })} />
    </Layout>
  );
}
