import { formatDate, formatDateTime } from '../../../lib/vi/index.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { T } from '../../../platform/i18n/index.ts';
import { Layout, Csrf, uploadAction } from '../../../ui/layout.tsx';
import { Actions, Field, FormErrors, Hidden, Select, TextArea, type FormState, type Option, FilePicker } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import { PortalLayout, PortalPager, type PortalCtx } from '../views/layout.tsx';
import { ArticleList, articleHref, formatSize } from '../views/public.tsx';
import { PortalTabs } from '../views/staff.tsx';
import type { ArticleListRow, CategoryRow, FileRow } from '../service.ts';
import { DISCLOSURE_FORMS, DISCLOSURE_KINDS, type DisclosureQuery } from './schema.ts';
import { daysLeft, formsOf, isOnPortal, statusOn, type DisclosureRow } from './service.ts';
import { FilterBar, FilterSelect, Pager, withQuery } from '../../../ui/components.tsx';
import { ListTools, tableColumns } from '../../../ui/office-list.tsx';
import { pageSizeParam } from '../../../platform/list.ts';
import { disclosureColumns, DISCLOSURE_STATES, kindLabel, STATE_KEY, type StaffDisclosureQuery } from './list.ts';
import { HistoryLink } from '../../../ui/history-link.tsx';
import { can } from '../../../platform/access.ts';
import { ATTACHMENTS } from '../files.ts';
import { acceptOf } from '../../../platform/files/index.ts';

const formsLabel = (t: T, row: DisclosureRow) => formsOf(row).map((f) => t(`disclosure.form.${f}` as MessageKey)).join('; ');
const STATUS_KEY = STATE_KEY;

function Status({ t, row, today }: { t: T; row: DisclosureRow; today: string }) {
  const s = statusOn(row, today);
  return (
    <span class={`pm-status ${s}`}>
      {t(STATUS_KEY[s])}
      {s === 'current' ? ` (${t('disclosure.daysLeft', { n: daysLeft(row.ends_on, today) })})` : ''}
    </span>
  );
}

export function DisclosureIndexPage({ ctx, rows, query, today, category, articles, total, page, pageSize }: { ctx: PortalCtx; rows: DisclosureRow[]; query: DisclosureQuery; today: string; category: CategoryRow | undefined; articles: ArticleListRow[]; total: number; page: number; pageSize: number }) {
  const { t } = ctx;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filters: [string, string][] = [
    ['', t('disclosure.showAll')],
    ['dang-cong-khai', t('disclosure.current')],
    ['het-han', t('disclosure.expired')],
  ];
  return (
    <PortalLayout ctx={ctx} section="cong-khai" meta={{ title: t('disclosure.title'), description: t('disclosure.intro'), canonical: page > 1 ? `/cong-khai?trang=${page}` : '/cong-khai' }}>
      <h1 class="pm-section">{t('disclosure.title')}</h1>
      <p class="pm-note">{t('disclosure.intro')}</p>
      <form class="pm-filters" method="get" action="/cong-khai">
        <div class="pm-field">
          <label for="d-status">{t('disclosure.filter')}</label>
          <select id="d-status" name="tinh_trang">
            {filters.map(([v, label]) => (
              <option value={v} selected={(query.tinh_trang ?? '') === v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="pm-field pm-grow">
          <label for="d-kind">{t('disclosure.kind')}</label>
          <select id="d-kind" name="loai">
            <option value="">{t('common.all')}</option>
            {DISCLOSURE_KINDS.map((k) => (
              <option value={k} selected={query.loai === k}>
                {kindLabel(t, k)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('common.filter')}</button>
      </form>
      <DataTable
        ctx={ctx}
        base="pm-table"
        rows={rows}
        empty={t('disclosure.none')}
        columns={[
          {
            key: 'name',
            label: t('disclosure.name'),
            cell: (r) => (
              <>
                <a href={`/cong-khai/${r.slug}`}>{r.title}</a>
                <br />
                <small class="muted">{kindLabel(t, r.kind)}</small>
              </>
            ),
          },
          { key: 'posted_on', label: t('disclosure.postedOn'), cell: (r) => formatDate(r.posted_on) },
          { key: 'forms', label: t('disclosure.forms'), cell: (r) => formsLabel(t, r) },
          {
            key: 'ends_on',
            label: t('disclosure.endsOn'),
            cell: (r) => (
              <>
                {formatDate(r.ends_on)} <small class="muted">({r.duration_days})</small>
              </>
            ),
          },
          { key: 'status', label: t('disclosure.status'), cell: (r) => <Status t={t} row={r} today={today} /> },
        ]}
      />
      {category && articles.length > 0 && (
        <section aria-labelledby="ck-articles">
          <h2 id="ck-articles">{category.name}</h2>
          <ArticleList items={articles} />
          <PortalPager ctx={ctx} page={page} pages={pages} href={(n) => (n > 1 ? `/cong-khai?trang=${n}` : '/cong-khai')} />
        </section>
      )}
    </PortalLayout>
  );
}

export function DisclosurePublicPage({ ctx, row, today, files, article }: { ctx: PortalCtx; row: DisclosureRow; today: string; files: FileRow[]; article: { slug: string; title: string } | null }) {
  const { t } = ctx;
  return (
    <PortalLayout ctx={ctx} section="cong-khai" meta={{ title: row.title, description: kindLabel(t, row.kind), canonical: `/cong-khai/${row.slug}` }}>
      <p class="pm-section">
        <a href="/cong-khai">{t('disclosure.title')}</a>
      </p>
      <h1>{row.title}</h1>
      <table class="pm-table">
        <tbody>
          <tr>
            <th scope="row">{t('disclosure.kind')}</th>
            <td>{kindLabel(t, row.kind)}</td>
          </tr>
          <tr>
            <th scope="row">{t('disclosure.postedOn')}</th>
            <td>{formatDate(row.posted_on)}</td>
          </tr>
          <tr>
            <th scope="row">{t('disclosure.duration')}</th>
            <td>
              {row.duration_days} — {t('disclosure.endsOn').toLowerCase()} {formatDate(row.ends_on)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('disclosure.forms')}</th>
            <td>{formsLabel(t, row)}</td>
          </tr>
          <tr>
            <th scope="row">{t('disclosure.status')}</th>
            <td>
              <Status t={t} row={row} today={today} />
            </td>
          </tr>
        </tbody>
      </table>
      {row.description && (
        <div class="pm-body">
          {row.description.split(/\n{2,}/).map((p) => (
            <p>{p}</p>
          ))}
        </div>
      )}
      {files.length > 0 && (
        <section class="pm-attachments" aria-labelledby="d-files">
          <h2 id="d-files">{t('portal.attachments')}</h2>
          <ul>
            {files.map((f) => (
              <li>
                <a href={`/tep/${f.id}/${encodeURIComponent(f.filename)}`}>{f.caption ?? f.filename}</a> <span class="muted">({formatSize(f.size_bytes)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {article && (
        <p>
          {t('disclosure.article')}: <a href={articleHref(article.slug)}>{article.title}</a>
        </p>
      )}
      <p>
        <a href="/cong-khai">{t('disclosure.more')}</a>
      </p>
    </PortalLayout>
  );
}

// ---- staff ----------------------------------------------------------------------------------

/** The staff's list: filters (kind, state) and sort in the URL, a page of rows, print and Excel of the whole filter (list.ts, D52). */
export function DisclosureListPage({ ctx, rows, total, today, query, wholeQuery = '' }: { ctx: PageContext; rows: DisclosureRow[]; total: number; today: string; query: StaffDisclosureQuery; wholeQuery?: string }) {
  const { t } = ctx;
  const params = { kind: query.kind, state: query.state, sort: query.sort, dir: query.dir, page_size: pageSizeParam(query) };
  return (
    <Layout ctx={ctx} title={t('disclosure.staffTitle')} wide>
      <div class="page-head">
        <h1>{t('disclosure.staffTitle')}</h1>
        {can(ctx, 'portal.publish') && (
          <a class="button primary" href="/app/portal/disclosures/new">
            {t('disclosure.new')}
          </a>
        )}
      </div>
      <PortalTabs ctx={ctx} current="disclosures" />
      <FilterBar ctx={ctx} action="/app/portal/disclosures">
        <FilterSelect ctx={ctx} name="kind" label={t('disclosure.kind')} options={DISCLOSURE_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))} value={query.kind} />
        <FilterSelect ctx={ctx} name="state" label={t('disclosure.status')} options={DISCLOSURE_STATES.map((s) => ({ value: s, label: t(STATE_KEY[s]) }))} value={query.state} />
      </FilterBar>
      <ListTools ctx={ctx} path="/app/portal/disclosures" query={wholeQuery} />
      <DataTable
        ctx={ctx}
        rows={rows}
        empty={t('disclosure.none')}
        columns={tableColumns(t, disclosureColumns(today), {
          name: (r) => <a href={`/app/portal/disclosures/${r.id}`}>{r.title}</a>,
          status: (r) => <Status t={t} row={r} today={today} />,
        })}
        sort={{ current: query, href: (sort, dir) => withQuery('/app/portal/disclosures', { ...params, sort, dir }) }}
      />
      <Pager ctx={ctx} page={query.page} pageSize={query.page_size} total={total} href={(page) => withQuery('/app/portal/disclosures', { ...params, page })} />
    </Layout>
  );
}

export function DisclosureFormPage({ ctx, form, action, title, articles }: { ctx: PageContext; form: FormState; action: string; title: string; articles: Option[] }) {
  const { t } = ctx;
  const chosen = new Set(Array.isArray(form.values.forms) ? (form.values.forms as string[]) : typeof form.values.forms === 'string' ? [form.values.forms] : []);
  const formsErr = form.errors.forms;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {form.values.version !== undefined && <Hidden name="version" value={form.values.version} />}
        <Select ctx={ctx} form={form} name="kind" label={t('disclosure.kind')} required empty="—" options={DISCLOSURE_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))} />
        <Field ctx={ctx} form={form} name="title" label={t('disclosure.name')} required maxLength={250} />
        <TextArea ctx={ctx} form={form} name="description" label={t('disclosure.description')} rows={6} />
        <div class="row">
          <Field ctx={ctx} form={form} name="posted_on" label={t('disclosure.postedOn')} date required />
          <Field ctx={ctx} form={form} name="duration_days" label={t('disclosure.duration')} type="number" hint={t('disclosure.durationHint')} required />
        </div>
        <fieldset class={formsErr ? 'has-error' : undefined} aria-describedby={formsErr ? 'forms-err' : undefined}>
          <legend>{t('disclosure.forms')}</legend>
          {DISCLOSURE_FORMS.map((f) => (
            <div class="field check">
              <input id={`form-${f}`} type="checkbox" name="forms" value={f} checked={chosen.has(f)} />
              <label for={`form-${f}`}>{t(`disclosure.form.${f}` as MessageKey)}</label>
            </div>
          ))}
          {formsErr && (
            <small id="forms-err" class="error">
              {t('disclosure.err.formsRequired')}
            </small>
          )}
        </fieldset>
        <Select ctx={ctx} form={form} name="article_id" label={t('disclosure.article')} empty="—" options={articles} />
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/app/portal/disclosures">{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}

export function DisclosureStaffPage({ ctx, row, today, files, uploadForm }: { ctx: PageContext; row: DisclosureRow; today: string; files: FileRow[]; uploadForm: FormState }) {
  const { t } = ctx;
  const base = `/app/portal/disclosures/${row.id}`;
  return (
    <Layout ctx={ctx} title={row.title} wide>
      <div class="page-head">
        <h1>{row.title}</h1>
        {!row.withdrawn_on && (
          <div class="head-actions">
            {can(ctx, 'portal.publish') && (
              <a class="button" href={`${base}/edit`}>
                {t('disclosure.edit')}
              </a>
            )}
            {isOnPortal(row, today) && (
              <a class="button" href={`/cong-khai/${row.slug}`}>
                {t('portal.action.view')}
              </a>
            )}
          </div>
        )}
      </div>
      <PortalTabs ctx={ctx} current="disclosures" />
      <section class="card">
        <dl class="facts">
          <dt>{t('disclosure.kind')}</dt>
          <dd>{kindLabel(t, row.kind)}</dd>
          <dt>{t('disclosure.postedOn')}</dt>
          <dd>{formatDate(row.posted_on)}</dd>
          <dt>{t('disclosure.duration')}</dt>
          <dd>{row.duration_days}</dd>
          <dt>{t('disclosure.endsOn')}</dt>
          <dd>{formatDate(row.ends_on)}</dd>
          <dt>{t('disclosure.forms')}</dt>
          <dd>{formsLabel(t, row)}</dd>
          <dt>{t('disclosure.status')}</dt>
          <dd>
            <Status t={t} row={row} today={today} />
          </dd>
          <dt>{t('portal.field.updated')}</dt>
          <dd>{formatDateTime(row.updated_at)}</dd>
        </dl>
        {row.description && <p class="pre">{row.description}</p>}
      </section>
      <section class="card">
        <h2>{t('portal.attachments')}</h2>
        <FormErrors ctx={ctx} form={uploadForm} />
        <ul>
          {files.map((f) => (
            <li>
              <a href={`/tep/${f.id}/${encodeURIComponent(f.filename)}`}>{f.caption ?? f.filename}</a> ({formatSize(f.size_bytes)})
              <form method="post" action={`/app/portal/files/${f.id}/delete`} class="inline">
                <Csrf ctx={ctx} />
                <button type="submit" class="link">
                  {t('portal.file.remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
        {!row.withdrawn_on && (
          <form method="post" action={uploadAction(ctx, `${base}/attachments`)} enctype="multipart/form-data" class="form">
            <Csrf ctx={ctx} />
            <div class={'field' + (uploadForm.errors.attachment ? ' has-error' : '')}>
              <label for="d-file">{t('portal.attach.file')}</label>
              <FilePicker ctx={ctx} id="d-file" name="file" required accept={acceptOf(ATTACHMENTS)} invalid={!!uploadForm.errors.attachment} />
              {uploadForm.errors.attachment && <small class="error">{t(uploadForm.errors.attachment as MessageKey)}</small>}
            </div>
            <Field ctx={ctx} form={uploadForm} name="title" label={t('portal.attach.title')} maxLength={200} />
            <button type="submit">{t('portal.attach.add')}</button>
          </form>
        )}
      </section>
      {!row.withdrawn_on && (
        <section class="card danger-zone">
          <form method="post" action={`${base}/withdraw`} class="inline-form">
            <Csrf ctx={ctx} />
            <Hidden name="version" value={row.version} />
            <button type="submit">{t('disclosure.withdraw')}</button>
          </form>
        </section>
      )}
      <HistoryLink ctx={ctx} id={row.id} />
    </Layout>
  );
}
