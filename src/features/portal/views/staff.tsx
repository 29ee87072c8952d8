// Editorial pages of the working app (/app/portal).
import type { ComponentChildren } from 'preact';
import { Layout, Csrf, uploadAction } from '../../../ui/layout.tsx';
import { Actions, Badge, Field, FilterBar, FilterSelect, FormErrors, Hidden, PageHead, Pager, SearchField, Select, TextArea, withQuery, type FormState, type Option, FilePicker } from '../../../ui/components.tsx';
import type { PageContext } from '../../../ui/context.ts';
import { DataTable } from '../../../ui/data-table.tsx';
import { hasAnyRole } from '../../../ui/context.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { resolveMessage } from '../../../platform/i18n/index.ts';
import { formatDateTime, formatNumber } from '../../../lib/vi/index.ts';
import type { ArticleDetail, ArticleRow, CategoryRow, RevisionRow } from '../service.ts';
import { STAFF_PAGE_SIZE } from '../service.ts';
import { ARTICLE_STATUSES, PORTAL_APPROVERS } from '../schema.ts';
import type { DiffLine } from '../diff.ts';
import { articleHref, formatSize, imageSrc } from './public.tsx';
import { ListTools, tableColumns } from '../../../ui/office-list.tsx';
import { ARTICLE_BULK_FORM, ArticleBulkBar } from '../bulk.tsx';
import { pageSizeParam } from '../../../platform/list.ts';
import { articleColumns, type StaffArticleQuery, type StaffArticleRow } from '../staff-list.ts';
import { HistoryLink } from '../../../ui/history-link.tsx';
import { can } from '../../../platform/access.ts';
import { MdToolbar, PreviewBlock } from './editor.tsx';
import { ATTACHMENTS } from '../files.ts';
import { acceptOf } from '../../../platform/files/index.ts';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

type Tab = 'articles' | 'categories' | 'disclosures' | 'site';

export function PortalTabs({ ctx, current }: { ctx: PageContext; current: Tab }) {
  const approver = hasAnyRole(ctx, PORTAL_APPROVERS);
  const tabs: [Tab, string, MessageKey][] = [
    ['articles', '/app/portal', 'portal.staff.articles'],
    ['categories', '/app/portal/categories', 'portal.staff.categories'],
    ...(approver ? ([['disclosures', '/app/portal/disclosures', 'portal.disclosures']] as [Tab, string, MessageKey][]) : []),
    ...(can(ctx, 'portal.edit') ? ([['site', '/app/portal/site', 'portal.site.link']] as [Tab, string, MessageKey][]) : []),
  ];
  return (
    <nav class="tabs" aria-label={ctx.t('nav.portal')}>
      {tabs.map(([k, href, key]) => (
        <a href={href} aria-current={k === current ? 'page' : undefined}>
          {ctx.t(key)}
        </a>
      ))}
      <a href="/">{ctx.t('portal.staff.openPublic')}</a>
    </nav>
  );
}

export function statusKey(a: Pick<ArticleRow, 'status' | 'published_at'>, now = new Date().toISOString()): MessageKey {
  if (a.status === 'published' && a.published_at && a.published_at > now) return 'portal.status.scheduled';
  return `portal.status.${a.status}` as MessageKey;
}

const TONE: Record<string, 'ok' | 'warn' | 'bad' | 'muted' | 'info'> = { draft: 'muted', submitted: 'info', returned: 'warn', published: 'ok', unpublished: 'bad' };

function StatusBadge({ ctx, a }: { ctx: PageContext; a: Pick<ArticleRow, 'status' | 'published_at'> }) {
  const key = statusKey(a);
  return <Badge tone={key === 'portal.status.scheduled' ? 'info' : (TONE[a.status] ?? 'muted')}>{ctx.t(key)}</Badge>;
}

/** The staff's article list: filters and sort in the URL, a page of rows, print and Excel of the whole filter (staff-list.ts, D52). */
export function ArticleListPage({ ctx, rows, total, query, categories, wholeQuery = '' }: { ctx: PageContext; rows: StaffArticleRow[]; total: number; query: StaffArticleQuery; categories: CategoryRow[]; wholeQuery?: string }) {
  const { t } = ctx;
  const params = { q: query.q, status: query.status, category: query.category, sort: query.sort, dir: query.dir, page_size: pageSizeParam(query, { size: STAFF_PAGE_SIZE, maxSize: 200 }) };
  const bulk = can(ctx, 'portal.publish'); // publish or unpublish several (D59)
  return (
    <Layout ctx={ctx} title={t('portal.staff.title')} wide>
      <PageHead title={t('portal.staff.title')}>
        {can(ctx, 'portal.edit') && (
          <a class="button primary" href="/app/portal/articles/new">
            {t('portal.staff.new')}
          </a>
        )}
      </PageHead>
      <PortalTabs ctx={ctx} current="articles" />
      <FilterBar ctx={ctx} action="/app/portal">
        <SearchField ctx={ctx} value={query.q} />
        <FilterSelect ctx={ctx} name="status" label={t('portal.field.status')} options={ARTICLE_STATUSES.map((s) => ({ value: s, label: t(`portal.status.${s}` as MessageKey) }))} value={query.status} />
        <FilterSelect ctx={ctx} name="category" label={t('portal.category')} options={categories.map((c) => ({ value: c.id, label: c.name }))} value={query.category} />
      </FilterBar>
      <ListTools ctx={ctx} path="/app/portal" query={wholeQuery} />
      <DataTable
        ctx={ctx}
        rows={rows}
        columns={tableColumns(t, articleColumns, {
          title: (a) => <a href={`/app/portal/articles/${a.id}`}>{a.title}</a>,
          status: (a) => <StatusBadge ctx={ctx} a={a} />,
        })}
        sort={{ current: query, default: { key: 'updated', dir: 'desc' }, href: (sort, dir) => withQuery('/app/portal', { ...params, sort, dir }) }}
        {...(bulk ? { select: { form: ARTICLE_BULK_FORM, name: 'ids', value: (a: StaffArticleRow) => a.id, label: (a: StaffArticleRow) => t('bulk.choose', { item: a.title }) } } : {})}
      />
      {bulk && rows.length > 0 && <ArticleBulkBar ctx={ctx} />}
      <Pager ctx={ctx} page={query.page} pageSize={query.page_size} total={total} href={(page) => withQuery('/app/portal', { ...params, page })} />
    </Layout>
  );
}

/** The article form; `preview` (sanitized HTML from renderMarkdown) shows the body as readers will see it. */
export function ArticleFormPage({ ctx, form, action, title, categories, cancel, preview }: { ctx: PageContext; form: FormState; action: string; title: string; categories: Option[]; cancel: string; preview?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      {preview !== undefined && <PreviewBlock ctx={ctx} title={str(form.values.title)} html={preview} />}
      <script src="/static/editor.js" defer></script>
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {form.values.version !== undefined && <Hidden name="version" value={form.values.version} />}
        <Select ctx={ctx} form={form} name="category_id" label={t('portal.category')} options={categories} required empty="—" />
        <Field ctx={ctx} form={form} name="title" label={t('portal.field.title')} required maxLength={250} />
        <TextArea ctx={ctx} form={form} name="summary" label={t('portal.field.summary')} rows={3} />
        <MdToolbar ctx={ctx} target="body_md" />
        <TextArea ctx={ctx} form={form} name="body_md" label={t('portal.field.body')} rows={18} />
        <p class="hint">{t('portal.field.bodyHint')}</p>
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <button type="submit" formaction={`${action}/preview#preview`} formnovalidate>
            {t('portal.editor.preview')}
          </button>
          <a href={cancel}>{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}

function StepForm({ ctx, action, version, label, children, primary }: { ctx: PageContext; action: string; version: number; label: string; children?: ComponentChildren; primary?: boolean }) {
  return (
    <form method="post" action={action} class="inline-form step">
      <Csrf ctx={ctx} />
      <Hidden name="version" value={version} />
      {children}
      <button type="submit" class={primary ? 'primary' : undefined}>
        {label}
      </button>
    </form>
  );
}

/** `portalBase`: where the ward's portal answers ('' this host, an origin, null none: portalBaseOf). */
export function ArticleDetailPage({ ctx, d, categories, form, uploadForm, portalBase = '' }: { ctx: PageContext; d: ArticleDetail; categories: CategoryRow[]; form: FormState; uploadForm: FormState; portalBase?: string | null }) {
  const { t } = ctx;
  const a = d.article;
  const base = `/app/portal/articles/${a.id}`;
  const live = a.status === 'published' && a.published_at !== null && a.published_at <= new Date().toISOString();
  // The state rule (d.canEdit) and the rule the edit page and the writes apply (portal.edit, the ward's own roles).
  const canEdit = d.canEdit && can(ctx, 'portal.edit');
  const canSubmit = canEdit && ['draft', 'returned', 'unpublished'].includes(a.status);
  const images = d.files.filter((f) => f.kind === 'image');
  const attachments = d.files.filter((f) => f.kind === 'attachment');
  return (
    <Layout ctx={ctx} title={a.title} wide>
      <div class="page-head">
        <h1>{a.title}</h1>
        <div class="head-actions">
          {canEdit && (
            <a class="button" href={`${base}/edit`}>
              {t('portal.staff.edit')}
            </a>
          )}
          {live && portalBase !== null && (
            <a class="button" href={portalBase + articleHref(a.slug)}>
              {t('portal.action.view')}
            </a>
          )}
        </div>
      </div>
      <PortalTabs ctx={ctx} current="articles" />
      <section class="card">
        <dl class="facts">
          <dt>{t('portal.field.status')}</dt>
          <dd>
            <StatusBadge ctx={ctx} a={a} />
            {statusKey(a) === 'portal.status.scheduled' && a.published_at && <> {t('portal.scheduledFor', { at: formatDateTime(a.published_at) })}</>}
          </dd>
          <dt>{t('portal.category')}</dt>
          <dd>{categories.find((c) => c.id === a.category_id)?.name ?? ''}</dd>
          <dt>{t('portal.field.author')}</dt>
          <dd>{a.author_label}</dd>
          <dt>{t('portal.field.published')}</dt>
          <dd>{a.published_at ? formatDateTime(a.published_at) : '—'}</dd>
          <dt>{t('portal.views')}</dt>
          <dd>{formatNumber(d.views)}</dd>
        </dl>
        {a.review_note && (
          <div class="notice warn">
            <strong>{t('portal.returnedNote')}:</strong> <span class="pre">{a.review_note}</span>
          </div>
        )}
      </section>
      <section class="card">
        <h2>{t('portal.workflow')}</h2>
        <FormErrors ctx={ctx} form={form} />
        {canSubmit && <StepForm ctx={ctx} action={`${base}/submit`} version={a.version} label={t('portal.action.submit')} primary={!d.canApprove} />}
        {d.canApprove && a.status !== 'published' && (
          <StepForm ctx={ctx} action={`${base}/publish`} version={a.version} label={t('portal.action.publish')} primary>
            <Field ctx={ctx} form={form} name="publish_at" label={t('portal.field.publishAt')} hint={t('portal.field.publishAtHint')} maxLength={20} />
          </StepForm>
        )}
        {d.canApprove && a.status === 'submitted' && (
          <StepForm ctx={ctx} action={`${base}/return`} version={a.version} label={t('portal.action.return')}>
            <TextArea ctx={ctx} form={form} name="note" label={t('portal.field.note')} rows={2} />
          </StepForm>
        )}
        {d.canApprove && a.status === 'published' && <StepForm ctx={ctx} action={`${base}/unpublish`} version={a.version} label={t('portal.action.unpublish')} />}
      </section>
      <section class="card">
        <h2>{t('portal.filesOf')}</h2>
        <FormErrors ctx={ctx} form={uploadForm} />
        {images.length + attachments.length > 0 && (
          <ul class="files">
            {images.map((f) => (
              <li>
                <img src={imageSrc(f.id, 480)} alt={f.alt ?? ''} width={160} loading="lazy" /> {f.alt}
                {f.caption ? ` — ${f.caption}` : ''}
                {canEdit && <RemoveFile ctx={ctx} id={f.id} />}
              </li>
            ))}
            {attachments.map((f) => (
              <li>
                <a href={`/tep/${f.id}/${encodeURIComponent(f.filename)}`}>{f.caption ?? f.filename}</a> ({formatSize(f.size_bytes)}){canEdit && <RemoveFile ctx={ctx} id={f.id} />}
              </li>
            ))}
          </ul>
        )}
        {canEdit && (
          <div class="row">
            <form method="post" action={uploadAction(ctx, `${base}/images`)} enctype="multipart/form-data" class="form">
              <Csrf ctx={ctx} />
              <UploadField ctx={ctx} form={uploadForm} name="file" label={t('portal.image.file')} accept="image/*" />
              <Field ctx={ctx} form={uploadForm} name="alt" label={t('portal.image.alt')} required maxLength={250} />
              <Field ctx={ctx} form={uploadForm} name="caption" label={t('portal.image.caption')} maxLength={300} />
              <button type="submit">{t('portal.image.add')}</button>
            </form>
            <form method="post" action={uploadAction(ctx, `${base}/attachments`)} enctype="multipart/form-data" class="form">
              <Csrf ctx={ctx} />
              <UploadField ctx={ctx} form={uploadForm} name="attachment" label={t('portal.attach.file')} accept={acceptOf(ATTACHMENTS)} />
              <Field ctx={ctx} form={uploadForm} name="title" label={t('portal.attach.title')} maxLength={200} />
              <button type="submit">{t('portal.attach.add')}</button>
            </form>
          </div>
        )}
      </section>
      <section class="card">
        <h2>{t('portal.field.body')}</h2>
        {a.summary && (
          <p>
            <strong>{a.summary}</strong>
          </p>
        )}
        {/* Sanitized on save (text.ts renderMarkdown): the same HTML the public page shows. */}
        <div class="article-preview" dangerouslySetInnerHTML={{ __html: a.body_html }} />
      </section>
      <section class="card">
        <h2>{t('portal.revisions')}</h2>
        <ul>
          {d.revisions.map((r) => (
            <li>
              <a href={`${base}/revisions/${r.rev_no}`}>{t('portal.revision', { n: r.rev_no })}</a> — {r.actor_label}, {formatDateTime(r.created_at)}
            </li>
          ))}
        </ul>
        <HistoryLink ctx={ctx} id={a.id} />
      </section>
    </Layout>
  );
}

function UploadField({ ctx, form, name, label, accept }: { ctx: PageContext; form: FormState; name: string; label: string; accept: string }) {
  const err = form.errors[name === 'attachment' ? 'attachment' : 'file'];
  const id = 'f-' + name;
  return (
    <div class={'field' + (err ? ' has-error' : '')}>
      <label for={id}>{label}</label>
      <FilePicker ctx={ctx} id={id} name="file" accept={accept} required invalid={!!err} describedBy={err ? id + '-err' : undefined} />
      {err && (
        <small id={id + '-err'} class="error">
          {resolveMessage(ctx.locale, err)}
        </small>
      )}
    </div>
  );
}

function RemoveFile({ ctx, id }: { ctx: PageContext; id: string }) {
  return (
    <form method="post" action={`/app/portal/files/${id}/delete`} class="inline">
      <Csrf ctx={ctx} />
      <button type="submit" class="link">
        {ctx.t('portal.file.remove')}
      </button>
    </form>
  );
}

export function RevisionPage({ ctx, article, rev, prev, lines }: { ctx: PageContext; article: ArticleRow; rev: RevisionRow; prev: RevisionRow | null; lines: DiffLine[] }) {
  const { t } = ctx;
  const changed = lines.some((l) => l.op !== 'same');
  return (
    <Layout ctx={ctx} title={t('portal.revision', { n: rev.rev_no })} wide>
      <h1>
        {t('portal.revision', { n: rev.rev_no })} — {article.title}
      </h1>
      <p class="lead">
        {rev.actor_label}, {formatDateTime(rev.created_at)}
      </p>
      <h2>{t('portal.diff')}</h2>
      {!prev ? (
        <p>{t('portal.diff.first')}</p>
      ) : !changed ? (
        <p>{t('portal.diff.none')}</p>
      ) : (
        <pre class="diff">
          {lines.map((l) => (l.op === 'add' ? <ins>{'+ ' + l.text + '\n'}</ins> : l.op === 'del' ? <del>{'- ' + l.text + '\n'}</del> : '  ' + l.text + '\n'))}
        </pre>
      )}
      <p>
        <a href={`/app/portal/articles/${article.id}`}>{t('common.back')}</a>
      </p>
    </Layout>
  );
}

/** The text a revision is compared by: title, summary and body, one block per line. */
export function revisionText(r: Pick<RevisionRow, 'title' | 'summary' | 'body_md'>): string {
  return [`# ${r.title}`, r.summary ?? '', '', r.body_md].join('\n');
}

export function CategoryListPage({ ctx, categories }: { ctx: PageContext; categories: CategoryRow[] }) {
  const { t } = ctx;
  const approver = can(ctx, 'portal.publish'); // the rule of the category forms (write intent)
  return (
    <Layout ctx={ctx} title={t('portal.staff.categories')}>
      <div class="page-head">
        <h1>{t('portal.staff.categories')}</h1>
        {approver && (
          <a class="button primary" href="/app/portal/categories/new">
            {t('portal.cat.new')}
          </a>
        )}
      </div>
      <PortalTabs ctx={ctx} current="categories" />
      <DataTable
        ctx={ctx}
        rows={categories}
        columns={[
          { key: 'name', label: t('portal.cat.name'), cell: (c) => (approver ? <a href={`/app/portal/categories/${c.id}/edit`}>{c.name}</a> : c.name) },
          { key: 'slug', label: t('portal.cat.slug'), cell: (c) => `/chuyen-muc/${c.slug}` },
          { key: 'sort_order', label: t('portal.cat.sortOrder'), cell: (c) => c.sort_order },
          { key: 'on_home', label: t('portal.cat.onHome'), cell: (c) => (c.on_home ? t('common.yes') : t('common.no')) },
        ]}
      />
    </Layout>
  );
}

export function CategoryFormPage({ ctx, form, action, title }: { ctx: PageContext; form: FormState; action: string; title: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FormErrors ctx={ctx} form={form} />
      <form method="post" action={action} class="card form">
        <Csrf ctx={ctx} />
        {form.values.version !== undefined && <Hidden name="version" value={form.values.version} />}
        <Field ctx={ctx} form={form} name="name" label={t('portal.cat.name')} required maxLength={120} />
        <Field ctx={ctx} form={form} name="slug" label={t('portal.cat.slug')} maxLength={80} />
        <Field ctx={ctx} form={form} name="description" label={t('portal.cat.description')} maxLength={300} />
        <Field ctx={ctx} form={form} name="sort_order" label={t('portal.cat.sortOrder')} type="number" />
        <Select ctx={ctx} form={form} name="on_home" label={t('portal.cat.onHome')} options={[{ value: '1', label: t('common.yes') }, { value: '0', label: t('common.no') }]} />
        <Actions>
          <button type="submit" class="primary">
            {t('common.save')}
          </button>
          <a href="/app/portal/categories">{t('common.cancel')}</a>
        </Actions>
      </form>
    </Layout>
  );
}
