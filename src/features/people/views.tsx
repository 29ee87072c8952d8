import { Layout, Csrf } from '../../ui/layout.tsx';
import { Actions, Badge, Field, FilterBar, FilterSelect, FormErrors, Hidden, PageHead, Pager, SearchField, Select, TextArea, withQuery, dateValue, type FormState, type Option } from '../../ui/components.tsx';
import type { PageContext } from '../../ui/context.ts';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { pageSizeParam } from '../../platform/list.ts';
import { formatDate } from '../../lib/vi/index.ts';
import type { PersonDetail, PersonListItem } from './service.ts';
import { postsLabel, printedPost } from './service.ts';
import type { PeopleQuery } from './schema.ts';
import { ListTools, tableColumns } from '../../ui/office-list.tsx';
import { peopleColumns } from './list.ts';
import { HistoryLink } from '../../ui/history-link.tsx';
import { KeptPart } from '../../ui/kept-part.tsx';
import { canOpen } from '../../platform/access.ts';
import { DIRECTORY_WRITERS } from '../../platform/auth/roles.ts';

const span = (from: string, to: string | null) => `${formatDate(from)} – ${to ? formatDate(to) : '…'}`;

/** The people list's page around its kept parts (list-page.tsx, D78): its head, then the filters, the bulk-end form, the table and pager. */
export function PeopleListPage({ ctx, canCreate, canImport = false, bulkOrg }: { ctx: PageContext; canCreate: boolean; canImport?: boolean; bulkOrg?: BulkOrg | undefined }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('person.title')} wide>
      <PageHead title={t('person.title')}>
        {canCreate && canOpen(ctx, DIRECTORY_WRITERS, 'write') && (
          <a class="button primary" href="/app/people/new">
            {t('person.new')}
          </a>
        )}
        {canImport && (
          <>
            <a class="button" href="/app/people/import">
              {t('import.link')}
            </a>
            <a class="button" href="/app/people/export.xlsx">
              {t('import.export')}
            </a>
          </>
        )}
      </PageHead>
      <KeptPart />
      {bulkOrg && (
        // The bulk end of memberships (D59): the rows' boxes belong to this form (form="bulk-end").
        <form id="bulk-end" method="post" action="/app/people/memberships/end" class="bulk no-print">
          <Csrf ctx={ctx} />
          <input type="hidden" name="org" value={bulkOrg.id} />
          <p class="muted">{t('membership.bulk.hint', { org: bulkOrg.name })}</p>
          <button type="submit">{t('membership.bulk.button')}</button>
        </form>
      )}
      <KeptPart />
    </Layout>
  );
}

/** An organization whose current members the list offers to end at once (D59). */
export interface BulkOrg {
  id: string;
  name: string;
}

/** The people list's filters and its print and Excel links: the page's first kept part (nothing of one user in it). */
export function PeopleFilters({ ctx, query, onDate, orgOptions, wholeQuery }: { ctx: Pick<PageContext, 't'>; query: PeopleQuery; onDate: string; orgOptions: Option[]; wholeQuery: string }) {
  const { t } = ctx;
  return (
    <>
      <FilterBar ctx={ctx} action="/app/people">
        <SearchField ctx={ctx} value={query.q} hint={t('person.searchHint')} />
        <FilterSelect ctx={ctx} name="org" label={t('position.org')} options={orgOptions} value={query.org} />
        <div class="field">
          <label for="on">{t('common.onDate')}</label>
          <input id="on" name="on" value={query.on ? formatDate(query.on) : ''} placeholder={formatDate(onDate)} inputMode="numeric" size={10} />
        </div>
        <div class="field check">
          <input id="ended" name="ended" type="checkbox" value="1" checked={query.ended === '1'} />
          <label for="ended">{t('person.showEnded')}</label>
        </div>
      </FilterBar>
      <ListTools ctx={ctx} path="/app/people" query={wholeQuery} />
    </>
  );
}

/**
 * The people list's table and pager: the page's second kept part (boxes for the bulk end when
 * `bulkOrgId`). `byBirth`: the birth-date column sorts (a reader who does not read every birth date
 * gets the list by name whatever is asked, personal.ts `allowedPeopleSort`, so no link is offered).
 */
export function PeopleTable({ ctx, items, total, query, onDate, bulkOrgId, byBirth }: { ctx: Pick<PageContext, 't'>; items: PersonListItem[]; total: number; query: PeopleQuery; onDate: string; bulkOrgId: string | null; byBirth: boolean }) {
  const { t } = ctx;
  const params = { q: query.q, org: query.org, on: query.on, ended: query.ended === '1' ? '1' : undefined, sort: query.sort, dir: query.dir, page_size: pageSizeParam(query) };
  // The columns of the office list (list.ts): the page, the print view and the Excel file show the same ones.
  const columns: Column<PersonListItem>[] = tableColumns(t, peopleColumns(onDate), {
    name: (p) => (
      <>
        <a href={`/app/people/${p.id}${query.on ? `?on=${query.on}` : ''}`}>{p.full_name}</a>
        {p.ended_on && (
          <>
            {' '}
            <Badge tone="muted">{t('common.ended')}</Badge>
          </>
        )}
      </>
    ),
    posts: (p) => postsLabel(p.posts) || <span class="muted">—</span>,
  }, byBirth ? {} : { birth_date: { sortable: false } });
  return (
    <>
      <DataTable
        ctx={ctx}
        select={bulkOrgId ? { form: 'bulk-end', name: 'ids', value: (p) => p.id, label: (p) => t('bulk.choose', { item: p.full_name }) } : undefined}
        columns={columns}
        rows={items}
        caption={t('person.postsOn', { date: formatDate(onDate) })}
        sort={{ current: query, default: { key: 'name', dir: 'asc' }, href: (sort, dir) => withQuery('/app/people', { ...params, sort, dir }) }}
      />
      <Pager ctx={ctx} page={query.page} pageSize={query.page_size} total={total} href={(page) => withQuery('/app/people', { ...params, page })} />
    </>
  );
}

export function PersonPage({ ctx, detail, unitName, endForm }: { ctx: PageContext; detail: PersonDetail; unitName: string | null; endForm: FormState }) {
  const { t } = ctx;
  const { person, posts, postsOn, memberships, onDate, canEdit } = detail;
  return (
    <Layout ctx={ctx} title={person.full_name} wide>
      <div class="page-head">
        <h1>{person.full_name}</h1>
        {canEdit && canOpen(ctx, DIRECTORY_WRITERS, 'write') && !person.ended_on && (
          <div class="head-actions">
            <a class="button" href={`/app/people/${person.id}/edit`}>
              {t('person.edit')}
            </a>
            <a class="button" href={`/app/people/${person.id}/positions/new`}>
              {t('position.new')}
            </a>
            <a class="button" href={`/app/people/${person.id}/memberships/new`}>
              {t('membership.new')}
            </a>
            {ctx.roles.has('admin') && (
              <a class="button" href={`/app/users/invite?person_id=${person.id}`}>
                {t('invite.new')}
              </a>
            )}
          </div>
        )}
      </div>
      {person.ended_on && (
        <p class="notice warn">
          {t('person.ended', { date: formatDate(person.ended_on) })}
          {person.end_reason ? ` — ${person.end_reason}` : ''}
        </p>
      )}
      <section class="card">
        <form method="get" action={`/app/people/${person.id}`} class="filters inline-form">
          <h2 id="posts-on">{t('person.postsOn', { date: formatDate(onDate) })}</h2>
          <label for="on" class="sr-only">
            {t('common.onDate')}
          </label>
          <input id="on" name="on" value={formatDate(onDate)} inputMode="numeric" size={10} />
          <button type="submit">{t('common.filter')}</button>
        </form>
        {postsOn.length ? (
          <ul class="posts-on">
            {postsOn.map((p) => (
              <li>
                {printedPost(p)}
                {p.abbreviation && <span class="muted"> ({printedPost(p, true)})</span>}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('common.none')}</p>
        )}
      </section>
      <section class="card">
        <dl class="facts">
          <dt>{t('person.gender')}</dt>
          <dd>{person.gender ? t(person.gender === 'nam' ? 'person.gender.nam' : 'person.gender.nu') : '—'}</dd>
          <dt>{t('person.birthDate')}</dt>
          <dd>{person.personal_hidden ? t('person.personalHidden') : person.birth_date ? formatDate(person.birth_date) : '—'}</dd>
          <dt>{t('person.phone')}</dt>
          <dd>{person.personal_hidden ? t('person.personalHidden') : (person.phone ?? '—')}</dd>
          <dt>{t('person.email')}</dt>
          <dd>{person.personal_hidden ? t('person.personalHidden') : (person.email ?? '—')}</dd>
          <dt>{t('person.unit')}</dt>
          <dd>{unitName ?? '—'}</dd>
          {person.note && (
            <>
              <dt>{t('person.note')}</dt>
              <dd class="pre">{person.note}</dd>
            </>
          )}
        </dl>
      </section>
      <section class="card">
        <h2>{t('person.posts')}</h2>
        <DataTable
          ctx={ctx}
          rows={posts}
          empty={t('common.none')}
          emptyClass="muted"
          columns={[
            {
              key: 'title',
              label: t('position.name'),
              cell: (p) => (
                <>
                  {printedPost(p)} {!p.end_on && <Badge tone="ok">{t('position.current')}</Badge>}
                </>
              ),
            },
            { key: 'org', label: t('position.org'), cell: (p) => p.org_name },
            { key: 'abbreviation', label: t('position.abbreviation'), cell: (p) => (p.abbreviation ? printedPost(p, true) : '') },
            { key: 'span', label: t('position.start'), header: `${t('position.start')} – ${t('position.end')}`, cell: (p) => span(p.start_on, p.end_on) },
          ]}
          actions={
            canEdit && canOpen(ctx, DIRECTORY_WRITERS, 'write')
              ? (p) => (
                  <>
                    <a href={`/app/positions/${p.id}/edit`}>{t('common.edit')}</a>
                    {!p.end_on && <EndSpanForm ctx={ctx} action={`/app/positions/${p.id}/end`} version={p.version} label={t('position.endIt')} />}
                  </>
                )
              : undefined
          }
        />
      </section>
      <section class="card">
        <h2>{t('person.memberships')}</h2>
        <DataTable
          ctx={ctx}
          rows={memberships}
          empty={t('common.none')}
          emptyClass="muted"
          columns={[
            { key: 'org', label: t('membership.org'), cell: (m) => m.org_name },
            { key: 'no', label: t('membership.no'), cell: (m) => m.member_no ?? '' },
            { key: 'span', label: t('membership.start'), header: `${t('membership.start')} – ${t('membership.end')}`, cell: (m) => span(m.start_on, m.end_on) },
          ]}
          actions={
            canEdit && canOpen(ctx, DIRECTORY_WRITERS, 'write')
              ? (m) => (
                  <>
                    <a href={`/app/memberships/${m.id}/edit`}>{t('common.edit')}</a>
                    {!m.end_on && <EndSpanForm ctx={ctx} action={`/app/memberships/${m.id}/end`} version={m.version} label={t('common.end')} />}
                  </>
                )
              : undefined
          }
        />
      </section>
      <HistoryLink ctx={ctx} id={person.id} />
      {canEdit && !person.ended_on && (
        <section class="card danger-zone">
          <h2>{t('person.end')}</h2>
          <FormErrors ctx={ctx} form={endForm} />
          <form method="post" action={`/app/people/${person.id}/end`} class="inline-form">
            <Csrf ctx={ctx} />
            <Hidden name="version" value={person.version} />
            <Field ctx={ctx} form={endForm} name="ended_on" label={t('person.endedOn')} date required />
            <Field ctx={ctx} form={endForm} name="reason" label={t('person.endReason')} maxLength={300} />
            <button type="submit">{t('person.end')}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

function EndSpanForm({ ctx, action, version, label }: { ctx: PageContext; action: string; version: number; label: string }) {
  return (
    <details class="end-span">
      <summary>{label}</summary>
      <form method="post" action={action} class="inline-form">
        <Csrf ctx={ctx} />
        <Hidden name="version" value={version} />
        <label>
          {ctx.t('position.end')} <input name="end_on" required inputMode="numeric" placeholder={ctx.t('common.dateHint')} size={10} />
        </label>
        <button type="submit">{ctx.t('common.save')}</button>
      </form>
    </details>
  );
}

export function PersonFormPage({ ctx, form, action, title, unitOptions, orgOptions, isNew, personId }: { ctx: PageContext; form: FormState; action: string; title: string; unitOptions: Option[]; orgOptions: Option[]; isNew: boolean; personId?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {!isNew && <Hidden name="version" value={form.values.version} />}
        <Field ctx={ctx} form={form} name="full_name" label={t('person.fullName')} required maxLength={120} autocomplete="off" />
        <div class="row">
          <Select ctx={ctx} form={form} name="gender" label={t('person.gender')} empty="—" options={[{ value: 'nam', label: t('person.gender.nam') }, { value: 'nu', label: t('person.gender.nu') }]} />
          <Field ctx={ctx} form={form} name="birth_date" label={t('person.birthDate')} date />
        </div>
        <div class="row">
          <Field ctx={ctx} form={form} name="phone" label={t('person.phone')} type="tel" maxLength={20} />
          <Field ctx={ctx} form={form} name="email" label={t('person.email')} type="email" maxLength={200} />
        </div>
        <Select ctx={ctx} form={form} name="unit_id" label={t('person.unit')} empty="—" options={unitOptions} />
        <TextArea ctx={ctx} form={form} name="note" label={t('person.note')} />
        {isNew && (
          <fieldset>
            <legend>{t('person.memberships')}</legend>
            <div class="row">
              <Select ctx={ctx} form={form} name="membership_org_id" label={t('membership.org')} empty="—" options={orgOptions} />
              <Field ctx={ctx} form={form} name="membership_start_on" label={t('membership.start')} date />
            </div>
          </fieldset>
        )}
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href={personId ? `/app/people/${personId}` : '/app/people'}>{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}

export function PositionFormPage({ ctx, form, action, title, orgOptions, personId, personName, isNew }: { ctx: PageContext; form: FormState; action: string; title: string; orgOptions: Option[]; personId: string; personName: string; isNew: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{personName}</p>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {!isNew && <Hidden name="version" value={form.values.version} />}
        <Select ctx={ctx} form={form} name="org_id" label={t('position.org')} required empty="—" options={orgOptions} />
        <Field ctx={ctx} form={form} name="title" label={t('position.name')} required maxLength={150} hint="Bí thư Đảng ủy, Chủ tịch UBND phường…" />
        <div class="row">
          <Field ctx={ctx} form={form} name="abbreviation" label={t('position.abbreviation')} maxLength={60} hint="PBTĐU, CT UBND…" />
          <Field ctx={ctx} form={form} name="rank" label={t('position.rank')} type="number" hint={t('position.rankHint')} />
        </div>
        <div class="row">
          <Field ctx={ctx} form={form} name="start_on" label={t('position.start')} date required />
          <Field ctx={ctx} form={form} name="end_on" label={t('position.end')} date />
        </div>
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href={`/app/people/${personId}`}>{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}

export function MembershipFormPage({ ctx, form, action, orgOptions, personId, personName, isNew = true }: { ctx: PageContext; form: FormState; action: string; orgOptions: Option[]; personId: string; personName: string; isNew?: boolean }) {
  const { t } = ctx;
  const title = isNew ? t('membership.new') : t('membership.edit');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{personName}</p>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {!isNew && <Hidden name="version" value={form.values.version} />}
        <Select ctx={ctx} form={form} name="org_id" label={t('membership.org')} required empty="—" options={orgOptions} />
        <Field ctx={ctx} form={form} name="member_no" label={t('membership.no')} maxLength={40} />
        <div class="row">
          <Field ctx={ctx} form={form} name="start_on" label={t('membership.start')} date required />
          <Field ctx={ctx} form={form} name="end_on" label={t('membership.end')} date />
        </div>
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href={`/app/people/${personId}`}>{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}

export { dateValue };
