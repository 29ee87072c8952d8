import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso, toNumber } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runCommand, type CommandTx } from '../../platform/command.ts';
import { requireAccess, requireThat, writingActor } from '../../platform/access.ts';
import { AppError, conflict, forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import { vnDayEnd, vnDayStart } from '../../lib/vi/index.ts';
import { toLimitOffset } from '../../platform/list.ts';
import { notifyArticle } from './handoff.ts';
import {
  articleRow,
  categoryRows,
  filesOf,
  latestIn,
  publishedBySlug,
  publishedPage,
  relatedArticles,
  revisionRows,
  searchArticles,
  siteForHost,
  siteOfWard,
  slugTaken,
  type ArticleListRow,
  type ArticleRow,
  type CategoryRow,
  type FileRow,
  type RevisionRow,
  type SearchHit,
  type SiteRow,
} from './repo.ts';
import { articleTextColumns, plainText, queryExactTokens, queryTerms, renderMarkdown, slugify, snippet, type Segment } from './text.ts';
import { articleHref } from './views/public.tsx';
import { withThumbs } from './site.ts';
import { PORTAL_APPROVERS, type ArticleInput, type ArticleStatus, type ArticleUpdateInput, type CategoryInput, type CategoryUpdateInput, type PublishInput, type ReturnInput, type SearchQuery } from './schema.ts';

export type { ArticleListRow, ArticleRow, CategoryRow, FileRow, RevisionRow, SiteRow } from './repo.ts';

export const PUBLIC_PAGE_SIZE = 10;
export const STAFF_PAGE_SIZE = 30;

type AuditActor = Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>;

export const isApprover = (actor: Pick<Actor, 'roles'>): boolean => PORTAL_APPROVERS.some((r) => actor.roles.has(r));

// ---- public reading -------------------------------------------------------------------------

/**
 * Where the ward's portal answers: '' (a relative link, this host) when its site has no host of its
 * own, the site's configured origin (`origin`, i.e. siteOrigin) when it has one — never a URL made
 * from the request's Host (tenancy.test.ts) — and null when the ward has no portal site (D54).
 */
export async function portalBaseOf(q: Queryable, wardId: string, origin: (site: { host: string | null }) => string): Promise<string | null> {
  const site = await siteOfWard(q, wardId);
  if (!site) return null;
  return site.host ? origin(site) : '';
}

export function siteFor(q: Queryable, host: string): Promise<SiteRow | undefined> {
  return siteForHost(q, host.toLowerCase());
}

export function listCategories(q: Queryable, wardId: string): Promise<CategoryRow[]> {
  return categoryRows(q, wardId);
}

export interface HomeData {
  latest: ArticleListRow[];
  blocks: { category: CategoryRow; items: ArticleListRow[] }[];
}

export async function homeData(q: Queryable, wardId: string, categories: CategoryRow[], now = nowIso()): Promise<HomeData> {
  const [latest, ...blocks] = await Promise.all([
    latestIn(q, wardId, now, null, 7).then((rows) => withThumbs(q, wardId, rows)),
    ...categories.filter((c) => c.on_home).map(async (category) => ({ category, items: await withThumbs(q, wardId, await latestIn(q, wardId, now, category.id, 4)) })),
  ]);
  return { latest: latest as ArticleListRow[], blocks: blocks as HomeData['blocks'] };
}

export async function categoryPage(q: Queryable, wardId: string, categoryId: string | undefined, page: number, now = nowIso()) {
  const found = await publishedPage(q, wardId, now, { ...(categoryId ? { categoryId } : {}), ...toLimitOffset({ page, page_size: PUBLIC_PAGE_SIZE }) });
  return { ...found, rows: await withThumbs(q, wardId, found.rows) };
}

export interface PublicArticle {
  article: NonNullable<Awaited<ReturnType<typeof publishedBySlug>>>;
  views: number;
  images: FileRow[];
  attachments: FileRow[];
  related: ArticleListRow[];
}

export async function publicArticle(q: Queryable, wardId: string, slug: string, now = nowIso()): Promise<PublicArticle | null> {
  const article = await publishedBySlug(q, wardId, slug, now);
  if (!article) return null;
  const [files, related] = await Promise.all([filesOf(q, wardId, 'article', [article.id]), relatedArticles(q, wardId, article.category_id, article.id, article.published_at as string)]);
  return {
    article,
    views: toNumber(article.view_count),
    images: files.filter((f) => f.kind === 'image'),
    attachments: files.filter((f) => f.kind === 'attachment'),
    related,
  };
}

/** A published article as other rooms cite it: `url` is its public path on the portal (/bai-viet/…). */
export interface PublishedArticleRef {
  id: string;
  title: string;
  summary: string | null;
  published_at: string;
  url: string;
}

/**
 * The articles of ward `wardId` published in [from, to) (ISO UTC instants) whose publication time
 * has come by `now`, oldest first, with their public URL: what a report over a period cites.
 * Read-only; one query.
 */
export async function publishedBetween(q: Queryable, wardId: string, from: string, to: string, now = nowIso()): Promise<PublishedArticleRef[]> {
  const rows = await q
    .selectFrom('article')
    .select(['id', 'slug', 'title', 'summary', 'published_at'])
    .where('ward_id', '=', wardId)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .where('published_at', '>=', from)
    .where('published_at', '<', to)
    .orderBy('published_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, title: r.title, summary: r.summary, published_at: r.published_at as string, url: articleHref(r.slug) }));
}

export interface SearchResultItem extends Omit<SearchHit, 'body_text'> {
  titleMarked: Segment[];
  snippet: Segment[];
}

export async function searchPortal(q: Queryable, wardId: string, categories: CategoryRow[], query: SearchQuery, now = nowIso()) {
  const terms = queryTerms(query.q);
  const exact = queryExactTokens(query.q);
  const category = categories.find((c) => c.slug === query.chuyen_muc) ?? null;
  const from = query.tu ? vnDayStart(query.tu) : null;
  const to = query.den ? vnDayEnd(query.den) : null;
  const { hits, total, more } = await searchArticles(q, wardId, now, { terms, exact, categoryId: category?.id ?? null, from, to, ...toLimitOffset({ page: query.trang, page_size: PUBLIC_PAGE_SIZE }) });
  const items: SearchResultItem[] = hits.map(({ body_text, ...h }) => ({
    ...h,
    titleMarked: snippet(h.title, terms, 1000),
    snippet: snippet([h.summary ?? '', body_text].join(' ').trim(), terms),
  }));
  return { items, total, more, terms, category };
}

// ---- staff side: articles -------------------------------------------------------------------

export interface ArticleDetail {
  article: ArticleRow;
  revisions: RevisionRow[];
  files: FileRow[];
  canEdit: boolean;
  canApprove: boolean;
  views: number;
}

export async function getArticle(q: Queryable, actor: Actor, id: string): Promise<ArticleDetail> {
  const article = await articleRow(q, actor.wardId, id);
  if (!article) throw notFound();
  const [revisions, files, writer] = await Promise.all([revisionRows(q, actor.wardId, id), filesOf(q, actor.wardId, 'article', [id]), writingActor(q, actor)]); // writer: offer only what the commands allow
  return { article, revisions, files, canEdit: canEdit(writer, article.status as ArticleStatus), canApprove: isApprover(writer), views: article.view_count };
}

/** Editors change drafts and returned or withdrawn articles; approvers change any. */
function canEdit(actor: Actor, status: ArticleStatus): boolean {
  if (isApprover(actor)) return true;
  return actor.roles.has('editor') && (status === 'draft' || status === 'returned' || status === 'unpublished');
}

export async function uniqueSlug(q: Queryable, table: 'article' | 'disclosure' | 'portal_category', wardId: string, base: string, exceptId: string | null): Promise<string> {
  let slug = base;
  for (let i = 2; await slugTaken(q, table, wardId, slug, exceptId); i++) slug = `${base}-${i}`;
  return slug;
}

async function assertCategory(q: Queryable, wardId: string, categoryId: string): Promise<void> {
  const c = await q.selectFrom('portal_category').select('id').where('ward_id', '=', wardId).where('id', '=', categoryId).executeTakeFirst();
  if (!c) throw new ValidationError({ category_id: 'portal.err.unknownCategory' });
}

export interface NewArticle extends ArticleInput {
  status?: ArticleStatus;
  published_at?: string | null;
  view_count?: number;
  slug?: string;
  created_at?: string;
}

/** Inserts an article and its first revision, with its audit row (no access checks: services, demo, bench). */
export async function insertArticle(q: CommandTx, actor: AuditActor, input: NewArticle): Promise<string> {
  const id = newId();
  const now = input.created_at ?? nowIso();
  const slug = await uniqueSlug(q, 'article', actor.wardId, input.slug ?? slugify(input.title), null);
  const bodyText = plainText(input.body_md);
  const row = {
    id,
    ward_id: actor.wardId,
    category_id: input.category_id,
    slug,
    title: input.title,
    summary: input.summary,
    body_md: input.body_md,
    body_html: renderMarkdown(input.body_md),
    ...articleTextColumns(input.title, input.summary, bodyText),
    status: input.status ?? 'draft',
    published_at: input.published_at ?? null,
    view_count: input.view_count ?? 0,
    cover_image_id: null,
    author_user_id: actor.userId,
    author_label: actor.label,
    review_note: null,
    submitted_at: null,
    rev_no: 1,
    created_at: now,
    updated_at: now,
  };
  await q.insertInto('article').values(row).execute();
  await insertRevision(q, actor, id, 1, input, now);
  await writeAudit(q, actor, { action: 'article.create', entityType: 'article', entityId: id, summary: input.title, after: { ...row, body_html: undefined, body_text: undefined, search_text: undefined, title_text: undefined } });
  return id;
}

function insertRevision(q: CommandTx, actor: AuditActor, articleId: string, revNo: number, input: ArticleInput, at = nowIso()) {
  return q
    .insertInto('article_revision')
    .values({ id: newId(), ward_id: actor.wardId, article_id: articleId, rev_no: revNo, category_id: input.category_id, title: input.title, summary: input.summary, body_md: input.body_md, actor_user_id: actor.userId, actor_label: actor.label, created_at: at })
    .execute();
}

export async function createArticle(db: Db, actor: Actor, input: ArticleInput): Promise<string> {
  return runCommand(db, actor, 'article.create', async ({ trx }) => {
    await requireAccess(trx, actor, 'portal.edit');
    await assertCategory(trx, actor.wardId, input.category_id);
    return insertArticle(trx, actor, input);
  });
}

export async function updateArticle(db: Db, actor: Actor, id: string, input: ArticleUpdateInput): Promise<void> {
  await runCommand(db, actor, 'article.update', async ({ trx }) => {
    const before = await articleRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    requireThat(canEdit(actor, before.status as ArticleStatus));
    await assertCategory(trx, actor.wardId, input.category_id);
    const { version, ...content } = input;
    const changed = content.title !== before.title || content.summary !== before.summary || content.body_md !== before.body_md || content.category_id !== before.category_id;
    // The address stays fixed once an article has been out in public.
    const slug = before.published_at ? before.slug : await uniqueSlug(trx, 'article', actor.wardId, slugify(content.title), id);
    const revNo = changed ? before.rev_no + 1 : before.rev_no;
    const bodyText = plainText(content.body_md);
    const res = await trx
      .updateTable('article')
      .set((eb) => ({
        ...content,
        slug,
        body_html: renderMarkdown(content.body_md),
        ...articleTextColumns(content.title, content.summary, bodyText),
        rev_no: revNo,
        updated_at: nowIso(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    if (changed) await insertRevision(trx, actor, id, revNo, content);
    await writeAudit(trx, actor, { action: 'article.update', entityType: 'article', entityId: id, summary: content.title, before: pickContent(before), after: { ...content, slug, rev_no: revNo } });
  });
}

const pickContent = (a: ArticleRow) => ({ category_id: a.category_id, title: a.title, summary: a.summary, body_md: a.body_md, slug: a.slug, status: a.status, published_at: a.published_at, rev_no: a.rev_no });

/** One step of the editorial flow: checks the state, moves it, writes the audit row. */
async function transition(
  db: Db,
  actor: Actor,
  id: string,
  version: number,
  step: { action: string; from: readonly ArticleStatus[]; approverOnly: boolean; set: (a: ArticleRow) => Partial<ArticleRow>; summary?: string },
): Promise<ArticleRow> {
  return runCommand(db, actor, step.action, async ({ trx }) => {
    const before = await articleRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    requireThat(step.approverOnly ? isApprover(actor) : canEdit(actor, before.status as ArticleStatus));
    if (!step.from.includes(before.status as ArticleStatus)) throw new AppError(409, 'portal.err.badState');
    const changes = step.set(before);
    const res = await trx
      .updateTable('article')
      .set((eb) => ({ ...changes, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: step.action, entityType: 'article', entityId: id, summary: step.summary ?? before.title, before: { status: before.status, published_at: before.published_at }, after: changes });
    await notifyArticle(trx, actor, step.action, { ...before, ...changes });
    return { ...before, ...changes };
  });
}

export function submitArticle(db: Db, actor: Actor, id: string, version: number) {
  return transition(db, actor, id, version, { action: 'article.submit', from: ['draft', 'returned', 'unpublished'], approverOnly: false, set: () => ({ status: 'submitted', submitted_at: nowIso(), review_note: null }) });
}

export function returnArticle(db: Db, actor: Actor, id: string, input: ReturnInput) {
  return transition(db, actor, id, input.version, { action: 'article.return', from: ['submitted'], approverOnly: true, set: () => ({ status: 'returned', review_note: input.note }), summary: input.note });
}

/** Publish now, or at a later time (scheduled); a time in the past is refused. */
export function publishArticle(db: Db, actor: Actor, id: string, input: PublishInput, now = new Date()) {
  if (input.publish_at && input.publish_at < now.toISOString()) throw new ValidationError({ publish_at: 'portal.err.pastSchedule' });
  const at = input.publish_at ?? now.toISOString();
  return transition(db, actor, id, input.version, {
    action: input.publish_at ? 'article.schedule' : 'article.publish',
    from: ['draft', 'submitted', 'returned', 'unpublished'],
    approverOnly: true,
    set: () => ({ status: 'published', published_at: at, review_note: null }),
  });
}

export function unpublishArticle(db: Db, actor: Actor, id: string, version: number) {
  return transition(db, actor, id, version, { action: 'article.unpublish', from: ['published'], approverOnly: true, set: () => ({ status: 'unpublished' }) });
}

export async function getRevision(q: Queryable, actor: Actor, articleId: string, revNo: number): Promise<{ rev: RevisionRow; prev: RevisionRow | null; article: ArticleRow }> {
  const article = await articleRow(q, actor.wardId, articleId);
  if (!article) throw notFound();
  const revs = await revisionRows(q, actor.wardId, articleId);
  const rev = revs.find((r) => r.rev_no === revNo);
  if (!rev) throw notFound();
  return { rev, prev: revs.find((r) => r.rev_no < revNo) ?? null, article };
}

// ---- categories -------------------------------------------------------------------------------

/** Inserts a category with its audit row (no access checks). */
export async function insertCategory(q: CommandTx, actor: AuditActor, input: CategoryInput): Promise<string> {
  const id = newId();
  const now = nowIso();
  const slug = await uniqueSlug(q, 'portal_category', actor.wardId, input.slug ? slugify(input.slug) : slugify(input.name), null);
  const row = { id, ward_id: actor.wardId, slug, name: input.name, description: input.description, sort_order: input.sort_order, on_home: input.on_home === '1' ? 1 : 0, created_at: now, updated_at: now };
  await q.insertInto('portal_category').values(row).execute();
  await writeAudit(q, actor, { action: 'portal_category.create', entityType: 'portal_category', entityId: id, summary: input.name, after: row });
  return id;
}

function assertApprover(actor: Actor): void {
  if (!isApprover(actor)) throw forbidden();
}

export function createCategory(db: Db, actor: Actor, input: CategoryInput): Promise<string> {
  assertApprover(actor);
  return runCommand(db, actor, 'portal_category.create', async ({ trx }) => {
    await requireAccess(trx, actor, 'portal.publish');
    return insertCategory(trx, actor, input);
  });
}

export async function updateCategory(db: Db, actor: Actor, id: string, input: CategoryUpdateInput): Promise<void> {
  assertApprover(actor);
  await runCommand(db, actor, 'portal_category.update', async ({ trx }) => {
    await requireAccess(trx, actor, 'portal.publish');
    const before = await trx.selectFrom('portal_category').selectAll().where('ward_id', '=', actor.wardId).where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    const slug = input.slug ? await uniqueSlug(trx, 'portal_category', actor.wardId, slugify(input.slug), id) : before.slug;
    const after = { name: input.name, slug, description: input.description, sort_order: input.sort_order, on_home: input.on_home === '1' ? 1 : 0 };
    const res = await trx
      .updateTable('portal_category')
      .set((eb) => ({ ...after, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: 'portal_category.update', entityType: 'portal_category', entityId: id, summary: input.name, before, after });
  });
}

/** Inserts the site row that maps host names to a ward's portal (no access checks). */
export async function insertSite(q: CommandTx, actor: AuditActor, input: { title: string; subtitle: string | null; host: string | null; is_default: boolean }): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, title: input.title, subtitle: input.subtitle, host: input.host, is_default: input.is_default ? 1 : 0, created_at: now, updated_at: now };
  await q.insertInto('portal_site').values(row).execute();
  await writeAudit(q, actor, { action: 'portal_site.create', entityType: 'portal_site', entityId: id, summary: input.title, after: row });
  return id;
}
export { articlesAwaitingMe, myArticles, type ArticleLine } from './home.ts';
