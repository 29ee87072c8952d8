// Portal queries (Kysely), always scoped by ward. Public reads see only published articles whose
// publication time has come (published_at <= now), which is also how scheduling works.
import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import { dialectOf, likeEscape, toNumber } from '../../db/dialect.ts';

export const LIST_COLUMNS = ['article.id', 'article.slug', 'article.title', 'article.summary', 'article.published_at', 'article.category_id', 'article.cover_image_id'] as const;

export function siteForHost(q: Queryable, host: string) {
  return q
    .selectFrom('portal_site')
    .innerJoin('unit', 'unit.id', 'portal_site.ward_id')
    .select(['portal_site.id', 'portal_site.ward_id', 'portal_site.title', 'portal_site.subtitle', 'portal_site.host', 'unit.name as ward_name'])
    .where((e) => e.or([e('portal_site.host', '=', host), e('portal_site.is_default', '=', 1)]))
    .orderBy('portal_site.is_default')
    .limit(1)
    .executeTakeFirst();
}
export type SiteRow = NonNullable<Awaited<ReturnType<typeof siteForHost>>>;

export function categoryRows(q: Queryable, wardId: string) {
  return q.selectFrom('portal_category').selectAll().where('ward_id', '=', wardId).orderBy('sort_order').orderBy('name').execute();
}
export type CategoryRow = Awaited<ReturnType<typeof categoryRows>>[number];

function published(q: Queryable, wardId: string, now: string) {
  return q.selectFrom('article').where('article.ward_id', '=', wardId).where('article.status', '=', 'published').where('article.published_at', '<=', now);
}

export async function publishedPage(q: Queryable, wardId: string, now: string, opts: { categoryId?: string; limit: number; offset: number }) {
  let base = published(q, wardId, now);
  if (opts.categoryId) base = base.where('article.category_id', '=', opts.categoryId);
  const [rows, count] = await Promise.all([
    base.select(LIST_COLUMNS).orderBy('article.published_at', 'desc').orderBy('article.id', 'desc').limit(opts.limit).offset(opts.offset).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toNumber(count.n) };
}
export type ArticleListRow = Awaited<ReturnType<typeof publishedPage>>['rows'][number];

/** The latest articles, of one category or of all (home page), without counting. */
export function latestIn(q: Queryable, wardId: string, now: string, categoryId: string | null, limit: number) {
  let query = published(q, wardId, now).select(LIST_COLUMNS);
  if (categoryId) query = query.where('article.category_id', '=', categoryId);
  return query.orderBy('article.published_at', 'desc').limit(limit).execute();
}

export function publishedBySlug(q: Queryable, wardId: string, slug: string, now: string) {
  return published(q, wardId, now)
    .select([...LIST_COLUMNS, 'article.body_html', 'article.updated_at', 'article.view_count', 'article.author_label'])
    .where('article.slug', '=', slug)
    .executeTakeFirst();
}

/** The latest articles of the same category published before this one (walks the category index). */
export function relatedArticles(q: Queryable, wardId: string, categoryId: string, excludeId: string, before: string, limit = 5) {
  return q
    .selectFrom('article')
    .select(LIST_COLUMNS)
    .where('article.ward_id', '=', wardId)
    .where('article.category_id', '=', categoryId)
    .where('article.status', '=', 'published')
    .where('article.published_at', '<=', before)
    .where('article.id', '!=', excludeId)
    .orderBy('article.published_at', 'desc')
    .limit(limit)
    .execute();
}

export function filesOf(q: Queryable, wardId: string, ownerType: 'article' | 'disclosure', ownerIds: string[]) {
  if (ownerIds.length === 0) return Promise.resolve([]);
  return q.selectFrom('portal_file').selectAll().where('ward_id', '=', wardId).where('owner_type', '=', ownerType).where('owner_id', 'in', ownerIds).orderBy('sort_order').orderBy('created_at').execute();
}
export type FileRow = Awaited<ReturnType<typeof filesOf>>[number];

export interface SearchFilter {
  terms: string[]; // folded tokens, all required
  categoryId: string | null;
  from: string | null; // ISO instant, inclusive
  to: string | null; // ISO instant, exclusive
  limit: number;
  offset: number;
}

export interface SearchHit {
  id: string;
  slug: string;
  title: string;
  summary: string | null;
  published_at: string;
  category_id: string;
  body_md: string;
  rank: number;
}

/**
 * Full-text search over the folded text. SQLite: FTS5 MATCH, bm25 (lower is better).
 * PostgreSQL: tsvector 'simple' @@ plainto_tsquery, ts_rank (higher is better). The tokens are
 * the same (folded words separated by spaces), so the hit set is the same; ties go to the newer.
 */
/** Hits are counted up to this many ("more than 1,000"): counting every hit of a common word costs as much as ranking them. */
export const COUNT_CAP = 1000;
/** PostgreSQL ranks at most the newest this many hits (see searchArticles). */
export const RANK_WINDOW = 5000;
const capped = (n: unknown) => ({ total: Math.min(toNumber(n), COUNT_CAP), more: toNumber(n) > COUNT_CAP });

export async function searchArticles(q: Queryable, wardId: string, now: string, f: SearchFilter): Promise<{ hits: SearchHit[]; total: number; more: boolean }> {
  if (f.terms.length === 0) return { hits: [], total: 0, more: false };
  const conds = [sql`a.ward_id = ${wardId}`, sql`a.status = 'published'`, sql`a.published_at <= ${now}`];
  if (f.categoryId) conds.push(sql`a.category_id = ${f.categoryId}`);
  if (f.from) conds.push(sql`a.published_at >= ${f.from}`);
  if (f.to) conds.push(sql`a.published_at < ${f.to}`);
  const where = sql.join(conds, sql` and `);
  const cols = sql`a.id, a.slug, a.title, a.summary, a.published_at, a.category_id, a.body_md`;
  if (dialectOf(q) === 'postgres') {
    const tsq = sql`plainto_tsquery('simple', ${f.terms.join(' ')})`;
    // ts_rank reads each hit's tsvector (toasted): rank the newest RANK_WINDOW hits only, so a
    // word in half of 100,000 articles costs ~0.15 s instead of ~1 s of CPU. Fewer hits: all ranked.
    const [rows, count] = await Promise.all([
      sql<SearchHit>`with cand as materialized (select a.id, a.search_tsv, a.published_at from article a
          where a.search_tsv @@ ${tsq} and ${where} order by a.published_at desc limit ${RANK_WINDOW}),
        page as (select id, ts_rank(search_tsv, ${tsq}) as rank, published_at from cand
          order by rank desc, published_at desc, id desc limit ${f.limit} offset ${f.offset})
        select ${cols}, p.rank from page p join article a on a.id = p.id
        order by p.rank desc, p.published_at desc, p.id desc`.execute(q),
      sql<{ n: number }>`select count(*) as n from (select 1 from article a where a.search_tsv @@ ${tsq} and ${where} limit ${COUNT_CAP + 1}) x`.execute(q),
    ]);
    return { hits: rows.rows.map((r) => ({ ...r, rank: Number(r.rank) })), ...capped(count.rows[0]?.n) };
  }
  const match = f.terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
  // Filter, rank and tie-break inside the FTS table (its unindexed columns), then look up only the
  // page's articles (CROSS JOIN keeps SQLite from walking the article table instead).
  const fconds = [sql`article_fts match ${match}`, sql`ward_id = ${wardId}`, sql`visible_from <= ${now}`];
  if (f.categoryId) fconds.push(sql`category_id = ${f.categoryId}`);
  if (f.from) fconds.push(sql`visible_from >= ${f.from}`);
  if (f.to) fconds.push(sql`visible_from < ${f.to}`);
  const fwhere = sql.join(fconds, sql` and `);
  const [rows, count] = await Promise.all([
    sql<SearchHit>`with page as materialized (select rowid as rid, bm25(article_fts) as rank, visible_from from article_fts where ${fwhere}
          order by rank asc, visible_from desc, rowid desc limit ${f.limit} offset ${f.offset})
        select ${cols}, p.rank as rank from page p cross join article_fts_key k cross join article a
        where k.rid = p.rid and a.id = k.article_id and ${where}
        order by p.rank asc, p.visible_from desc, p.rid desc`.execute(q),
    sql<{ n: number }>`select count(*) as n from (select 1 from article_fts where ${fwhere} limit ${COUNT_CAP + 1})`.execute(q),
  ]);
  return { hits: rows.rows.map((r) => ({ ...r, rank: -Number(r.rank) })), ...capped(count.rows[0]?.n) };
}

// ---- staff side --------------------------------------------------------------------------

export function articleRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('article').selectAll().where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}
export type ArticleRow = NonNullable<Awaited<ReturnType<typeof articleRow>>>;

export async function staffArticles(q: Queryable, wardId: string, f: { status?: string | undefined; terms: string[]; limit: number; offset: number }) {
  let base = q.selectFrom('article').where('ward_id', '=', wardId);
  if (f.status) base = base.where('status', '=', f.status);
  for (const term of f.terms) base = base.where(sql<boolean>`search_text like ${'%' + likeEscape(term) + '%'} escape '\\'`);
  const [rows, count] = await Promise.all([
    base
      .select(['id', 'slug', 'title', 'status', 'published_at', 'updated_at', 'author_label', 'category_id', 'view_count', 'version'])
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: toNumber(count.n) };
}

export function revisionRows(q: Queryable, wardId: string, articleId: string) {
  return q.selectFrom('article_revision').selectAll().where('ward_id', '=', wardId).where('article_id', '=', articleId).orderBy('rev_no', 'desc').execute();
}
export type RevisionRow = Awaited<ReturnType<typeof revisionRows>>[number];

export async function slugTaken(q: Queryable, table: 'article' | 'disclosure' | 'portal_category', wardId: string, slug: string, exceptId: string | null): Promise<boolean> {
  let query = q.selectFrom(table).select('id').where('ward_id', '=', wardId).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return !!(await query.executeTakeFirst());
}
