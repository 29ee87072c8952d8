// The staff's article list as an office list (docs/DESIGN.md D52): filters (status, category, a
// search) and the sort in the URL, pages in SQL, and the print view and Excel export of the whole
// filter. Sort keys map to fixed columns (no user text reaches SQL); ties by id keep pages stable.
import { notFound } from '../../platform/errors.ts';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import { likeEscape, toNumber } from '../../db/dialect.ts';
import { pageFields, sortFields } from '../../platform/list.ts';
import { optId, searchBox } from '../../platform/validation.ts';
import { registerOfficeList, type ListColumn, type RowRange } from '../../platform/office-list/spec.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { fold } from '../../lib/vi/index.ts';
import { ARTICLE_STATUSES, PORTAL_STAFF } from './schema.ts';
import { listCategories } from './service.ts';
import { statusKey } from './views/staff.tsx';

export const ARTICLE_SORTS = ['title', 'status', 'published', 'updated', 'views'] as const;

/** The staff list's URL: status, category, search words, page (30 rows), sort. */
export const StaffArticleQuery = z.object({
  status: z.enum(ARTICLE_STATUSES).optional().catch(undefined),
  category: optId(),
  q: searchBox(100),
  ...pageFields({ size: 30, maxSize: 200 }),
  ...sortFields(ARTICLE_SORTS),
});
export type StaffArticleQuery = z.output<typeof StaffArticleQuery>;

const SORT_COLUMNS = { title: 'article.title', status: 'article.status', published: 'article.published_at', updated: 'article.updated_at', views: 'article.view_count' } as const;

/**
 * One range of the ward's articles matching the filter, in the asked order (newest change first by
 * default), with the category's name. Errors: 404 for a category of another ward or none (D81).
 */
export async function staffArticleRows(q: Queryable, wardId: string, query: StaffArticleQuery, range: RowRange) {
  if (query.category && !(await listCategories(q, wardId)).some((c) => c.id === query.category)) throw notFound();
  let base = q.selectFrom('article').leftJoin('portal_category', 'portal_category.id', 'article.category_id').where('article.ward_id', '=', wardId);
  if (query.status) base = base.where('article.status', '=', query.status);
  if (query.category) base = base.where('article.category_id', '=', query.category);
  for (const term of fold(query.q).split(' ').filter(Boolean).slice(0, 8)) base = base.where(sql<boolean>`article.search_text like ${'%' + likeEscape(term) + '%'} escape '\\'`);
  const dir = query.dir ?? (query.sort === 'title' ? 'asc' : 'desc');
  const col = SORT_COLUMNS[query.sort ?? 'updated'];
  const [rows, count] = await Promise.all([
    base
      .select(['article.id', 'article.slug', 'article.title', 'article.status', 'article.published_at', 'article.updated_at', 'article.author_label', 'article.category_id', 'article.view_count', 'article.version', 'portal_category.name as category_name'])
      .orderBy(sql`case when ${sql.ref(col)} is null then 1 else 0 end`)
      .orderBy(col, dir)
      .orderBy('article.id', dir)
      .limit(range.limit)
      .offset(range.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ ...r, view_count: toNumber(r.view_count) })), total: toNumber(count.n) };
}
export type StaffArticleRow = Awaited<ReturnType<typeof staffArticleRows>>['rows'][number];

export const articleColumns: ListColumn<StaffArticleRow>[] = [
  { key: 'title', label: 'portal.field.title', value: (a) => a.title, width: 56, sortable: true },
  { key: 'category', label: 'portal.category', value: (a) => a.category_name ?? '', width: 22 },
  { key: 'status', label: 'portal.field.status', value: (a, t) => t(statusKey(a)), width: 18, sortable: true },
  { key: 'published', label: 'portal.field.published', value: (a) => a.published_at, type: 'datetime', width: 18, sortable: true },
  { key: 'author', label: 'portal.field.author', value: (a) => a.author_label, width: 22 },
  { key: 'views', label: 'portal.views', value: (a) => a.view_count, type: 'number', width: 11, sortable: true },
];

export const articleList = registerOfficeList<StaffArticleQuery, StaffArticleRow>({
  name: 'articles',
  path: '/app/portal',
  title: 'list.articles.title',
  sheet: 'Danh sách bài viết',
  file: 'danh-sach-bai-viet',
  access: PORTAL_STAFF,
  query: StaffArticleQuery,
  columns: () => articleColumns,
  load: (db, actor, query, range) => staffArticleRows(db, actor.wardId, query, range),
  describe: async (db, actor, query, t) => {
    const cat = query.category ? (await listCategories(db, actor.wardId)).find((c) => c.id === query.category)?.name : null;
    return [query.q ? t('list.search', { q: query.q }) : '', query.status ? `${t('portal.field.status')}: ${t(`portal.status.${query.status}` as MessageKey)}` : '', cat ? `${t('portal.category')}: ${cat}` : ''].filter(Boolean);
  },
});
