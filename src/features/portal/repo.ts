// Portal queries (Kysely), always scoped by ward. Public reads see only published articles whose
// publication time has come (published_at <= now), which is also how scheduling works.
import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import { dialectOf, likeEscape, toNumber } from '../../db/dialect.ts';

export const LIST_COLUMNS = ['article.id', 'article.slug', 'article.title', 'article.summary', 'article.published_at', 'article.category_id', 'article.cover_image_id'] as const;

/** The portal site of a ward (its host name, null for a site served on any host), or undefined when it has none. */
export function siteOfWard(q: Queryable, wardId: string) {
  return q.selectFrom('portal_site').select(['host']).where('ward_id', '=', wardId).orderBy('is_default', 'desc').executeTakeFirst();
}

export function siteForHost(q: Queryable, host: string) {
  return q
    .selectFrom('portal_site')
    .innerJoin('unit', 'unit.id', 'portal_site.ward_id')
    .select(['portal_site.id', 'portal_site.ward_id', 'portal_site.title', 'portal_site.subtitle', 'portal_site.host', 'unit.name as ward_name', 'portal_site.footer_body', 'portal_site.footer_address', 'portal_site.footer_phone', 'portal_site.footer_email'])
    .where((e) => e.or([e('portal_site.host', '=', host), e('portal_site.is_default', '=', 1)]))
    .orderBy('portal_site.is_default')
    .limit(1)
    .executeTakeFirst();
}
export type SiteRow = NonNullable<Awaited<ReturnType<typeof siteForHost>>>;

/**
 * One query per public page: the site of a host name with its content version (migration 0014:
 * bumped on any change of the ward's articles, categories, files) and, given a slug, the visible
 * published article of that slug (`published_at <= now`): its id, version, times and view count.
 * The caches of rendered pages and search results are keyed by these versions (D42).
 */
export function siteProbe(q: Queryable, host: string, slug: string | null, now: string) {
  return (
    q
      .selectFrom('portal_site')
      .innerJoin('unit', 'unit.id', 'portal_site.ward_id')
      // ward-scope: the article joins on the site's own ward.
      .leftJoin('article', (j) => j.onRef('article.ward_id', '=', 'portal_site.ward_id').on('article.slug', '=', slug ?? '').on('article.status', '=', 'published').on('article.published_at', '<=', now))
      .select(['portal_site.id', 'portal_site.ward_id', 'portal_site.title', 'portal_site.subtitle', 'portal_site.host', 'unit.name as ward_name', 'portal_site.footer_body', 'portal_site.footer_address', 'portal_site.footer_phone', 'portal_site.footer_email'])
      .select(['portal_site.version', 'portal_site.updated_at', 'portal_site.content_version', 'portal_site.content_at'])
      .select(['article.id as article_id', 'article.version as article_version', 'article.updated_at as article_updated_at', 'article.view_count as article_views'])
      .where((e) => e.or([e('portal_site.host', '=', host), e('portal_site.is_default', '=', 1)]))
      .orderBy('portal_site.is_default')
      .limit(1)
      .executeTakeFirst()
  );
}
export type SiteProbe = NonNullable<Awaited<ReturnType<typeof siteProbe>>>;

/** The earliest publication time still to come in a ward (a scheduled article), or null. */
export async function nextScheduled(q: Queryable, wardId: string, now: string): Promise<string | null> {
  const r = await q.selectFrom('article').select((eb) => eb.fn.min('published_at').as('at')).where('ward_id', '=', wardId).where('status', '=', 'published').where('published_at', '>', now).executeTakeFirst();
  return (r?.at as string | null | undefined) ?? null;
}

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
/** A row of a public list; `thumb` (site.ts withThumbs) when the list shows thumbnails. */
export type ArticleListRow = Awaited<ReturnType<typeof publishedPage>>['rows'][number] & { thumb?: { id: string; alt: string } | null };

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
  /** Exact tokens of the query's marked words (text.ts exactToken): hits having all of them rank first. */
  exact: string[];
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
  body_text: string;
  /** How many of the query's (distinct, folded) words are words of the folded title: 0 … terms.length. */
  rank: number;
}

/** Hits are counted up to this many ("more than 1,000"): counting every hit of a common word costs as much as ranking them. */
export const COUNT_CAP = 200;
/**
 * At most this many hits are ranked (the newest: by published_at on PostgreSQL, by creation on
 * SQLite, whose FTS index walks its rowids newest first without a sort); as many as are counted,
 * so every page the count promises exists. A word in every article costs a window, not the province.
 */
export const RANK_WINDOW = COUNT_CAP;
const capped = (n: unknown) => ({ total: Math.min(toNumber(n), COUNT_CAP), more: toNumber(n) > COUNT_CAP });

/** The SQLite FTS5 token of a ward (the `ward` column of article_sfts, migrations 0014 and 0019). */
export const wardToken = (wardId: string) => `w${wardId.replace(/-/g, '')}`;
const ftsPhrase = (t: string) => `"${t.replace(/"/g, '""')}"`;

/** SQL: how many of the folded query words are words of the folded title in `col` (the same string test on both engines). */
const titleWords = (col: string, terms: string[]) =>
  sql.join(
    terms.map((t) => sql`(case when (' ' || ${sql.ref(col)} || ' ') like ${`% ${likeEscape(t)} %`} escape '\\' then 1 else 0 end)`),
    sql` + `,
  );

/**
 * Full-text search over the folded text, one ward: the newest RANK_WINDOW hits (plus one, which
 * says whether there are more) are found by the index — SQLite: FTS5 MATCH of the ward token and
 * the terms, walked by rowid from the newest; PostgreSQL: tsvector 'simple' @@ plainto_tsquery on
 * a walk of the ward's articles by published_at (or the GIN index for rare words) — and ranked in
 * that window, the same way on both engines (D72): hits holding every exact token of the query
 * first ("đường" finds "Đường …" before "Dương …"), then by how many query words are words of the
 * title, then the newer, then the id. No bm25/ts_rank: their cost grew with the ward (bm25 walks
 * every phrase's whole document list; ts_rank reads each hit's whole vector). The tokens are the
 * same on both (folded words separated by spaces), so the hit set is the same; at most RANK_WINDOW
 * hits the order is too. Work per query is bounded by the window, whatever the ward's size.
 */
export async function searchArticles(q: Queryable, wardId: string, now: string, f: SearchFilter): Promise<{ hits: SearchHit[]; total: number; more: boolean }> {
  if (f.terms.length === 0) return { hits: [], total: 0, more: false };
  const conds = [sql`a.ward_id = ${wardId}`, sql`a.status = 'published'`, sql`a.published_at <= ${now}`];
  if (f.categoryId) conds.push(sql`a.category_id = ${f.categoryId}`);
  if (f.from) conds.push(sql`a.published_at >= ${f.from}`);
  if (f.to) conds.push(sql`a.published_at < ${f.to}`);
  const where = sql.join(conds, sql` and `);
  const cols = sql`a.id, a.slug, a.title, a.summary, a.published_at, a.category_id, a.body_text`;
  type Row = SearchHit & { cand_n: number };
  const result = (rows: Row[], n: unknown) => ({ hits: rows.map(({ cand_n: _n, ...r }) => ({ ...r, rank: toNumber(r.rank) })), ...capped(n) });
  if (dialectOf(q) === 'postgres') {
    const tsq = sql`plainto_tsquery('simple', ${f.terms.join(' ')})`;
    const exact = f.exact.length ? sql`(a.search_tsv @@ plainto_tsquery('simple', ${f.exact.join(' ')}))` : sql`false`;
    const pick = sql`a.id, a.published_at, a.title_text, ${exact} as exact`;
    const newest = sql`order by a.published_at desc, a.id desc limit ${RANK_WINDOW + 1}`;
    const every = sql`select ${pick} from article a where a.search_tsv @@ ${tsq} and ${where} ${newest}`;
    // The window's rows carry what the order needs (each vector is read once, by the filter).
    const rows = await sql<Row>`with cand as materialized (${every}),
        win as (select * from cand order by published_at desc, id desc limit ${RANK_WINDOW}),
        page as (select id, exact, ${titleWords('title_text', f.terms)} as rank, published_at from win
          order by exact desc, rank desc, published_at desc, id desc limit ${f.limit} offset ${f.offset}),
        stats as (select count(*) as cand_n from cand)
        select ${cols}, p.rank, s.cand_n from page p cross join stats s join article a on a.id = p.id
        order by p.exact desc, p.rank desc, p.published_at desc, p.id desc`.execute(q);
    // A page past the hits: the window's size without ranking (page 1 without rows: none).
    const n = rows.rows[0]?.cand_n ?? (f.offset === 0 ? 0 : (await sql<{ n: number }>`select count(*) as n from (select 1 from article a where a.search_tsv @@ ${tsq} and ${where} limit ${RANK_WINDOW + 1}) x`.execute(q)).rows[0]?.n);
    return result(rows.rows, n);
  }
  const ward = `ward : ${ftsPhrase(wardToken(wardId))}`;
  const match = `${ward} AND search_text : (${f.terms.map(ftsPhrase).join(' AND ')})`;
  // Filter, rank and tie-break inside the FTS table (its unindexed columns, one row read per hit),
  // walking the newest hits; then look up only the page's articles (CROSS JOIN keeps SQLite from
  // walking the article table instead).
  const fconds = [sql`article_sfts match ${match}`, sql`visible_from <= ${now}`];
  if (f.categoryId) fconds.push(sql`category_id = ${f.categoryId}`);
  if (f.from) fconds.push(sql`visible_from >= ${f.from}`);
  if (f.to) fconds.push(sql`visible_from < ${f.to}`);
  const fwhere = sql.join(fconds, sql` and `);
  // The exact tokens' hits from the window's oldest rowid up only (an FTS rowid range, not their whole lists).
  const exact = f.exact.length
    ? sql`(rid in (select rowid from article_sfts where article_sfts match ${`${ward} AND search_text : (${f.exact.map(ftsPhrase).join(' AND ')})`} and rowid >= (select low from stats)))`
    : sql`0`;
  const rows = await sql<Row>`with cand as materialized (select rowid as rid, article_id, visible_from, title_text from article_sfts where ${fwhere}
        order by rowid desc limit ${RANK_WINDOW + 1}),
      win as materialized (select * from cand order by rid desc limit ${RANK_WINDOW}),
      stats as materialized (select count(*) as cand_n, min(rid) as low from cand),
      page as materialized (select rid, article_id, visible_from, ${exact} as exact, ${titleWords('title_text', f.terms)} as rank from win
        order by exact desc, rank desc, visible_from desc, article_id desc limit ${f.limit} offset ${f.offset})
      select ${cols}, p.rank as rank, s.cand_n from page p cross join stats s cross join article a
      where a.id = p.article_id and ${where}
      order by p.exact desc, p.rank desc, p.visible_from desc, p.article_id desc`.execute(q);
  // A page past the hits: the window's size without ranking (page 1 without rows: none).
  const n = rows.rows[0]?.cand_n ?? (f.offset === 0 ? 0 : (await sql<{ n: number }>`select count(*) as n from (select rowid from article_sfts where ${fwhere} order by rowid desc limit ${RANK_WINDOW + 1})`.execute(q)).rows[0]?.n);
  return result(rows.rows, n);
}

// ---- staff side --------------------------------------------------------------------------

export function articleRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('article').selectAll().where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}
export type ArticleRow = NonNullable<Awaited<ReturnType<typeof articleRow>>>;

export function revisionRows(q: Queryable, wardId: string, articleId: string) {
  return q.selectFrom('article_revision').selectAll().where('ward_id', '=', wardId).where('article_id', '=', articleId).orderBy('rev_no', 'desc').execute();
}
export type RevisionRow = Awaited<ReturnType<typeof revisionRows>>[number];

export async function slugTaken(q: Queryable, table: 'article' | 'disclosure' | 'portal_category', wardId: string, slug: string, exceptId: string | null): Promise<boolean> {
  let query = q.selectFrom(table).select('id').where('ward_id', '=', wardId).where('slug', '=', slug);
  if (exceptId) query = query.where('id', '!=', exceptId);
  return !!(await query.executeTakeFirst());
}
