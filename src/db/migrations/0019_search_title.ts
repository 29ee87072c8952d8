import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';
import { fold } from '../../lib/vi/index.ts';
import { wardTokenSql } from './0014_portal_cache.ts';

// Public search whose work does not grow with the ward (issue 12, docs/DESIGN.md D72).
// - article.title_text: the folded title (lib/vi fold), filled by every writer (lib/article-text.ts
//   articleTextColumns) and here. Search ranks a hit by how many of the query's words are words of
//   its title, the same comparison of folded strings on both engines, instead of bm25/ts_rank.
// - SQLite: the FTS5 table becomes article_sfts, which also keeps each row's article id and folded
//   title (unindexed, read from the same row as visible_from): the window of the newest hits is
//   ranked and tie-broken without reading the article table and without bm25, whose document
//   frequencies walk every phrase's whole document list. (A new name again: SQLite 3.53 leaves the
//   `_content` shadow table of a contentless_unindexed table behind, migration 0014.)
// - PostgreSQL: rows are kept whole up to 8,160 bytes (toast_tuple_target, default ~2 KB), so the
//   walk of a ward's newest articles reads each row's search vector from its heap page instead of
//   from TOAST chunks (most articles' rows: 4–5 buffers and a decompression a row → 1 buffer; the
//   heap grows, the TOAST table shrinks). Storage MAIN for the vector alone was tried and rejected:
//   to keep a ~1.8 KB vector inline under the 2 KB target PostgreSQL moves every other column out,
//   even the id and published_at. Every row is rewritten here (new values, not the stored TOAST
//   pointers an update keeps) so existing articles move in line.

const BATCH = 500;
// New values (not the stored TOAST pointers, which an update keeps) so the rewritten rows are stored under the new target.
const INLINE = ', body_md = article.body_md || \'\', body_html = article.body_html || \'\', body_text = article.body_text || \'\', search_text = article.search_text || \'\'';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await db.schema.alterTable('article').addColumn('title_text', 'text', (c) => c.notNull().defaultTo('')).execute();
  if (pg) await sql`alter table article set (toast_tuple_target = 8160)`.execute(db);
  else for (const tr of ['article_fts_ai', 'article_fts_au', 'article_fts_ad']) await sql`drop trigger if exists ${sql.raw(tr)}`.execute(db);
  // The folded titles, a batch per statement; on PostgreSQL `search_text = search_text` recomputes
  // the generated vector, which is then stored under the new storage rule.
  let after = '';
  for (;;) {
    const rows = (await db.selectFrom('article').select(['id', 'title']).where('id', '>', after).orderBy('id').limit(BATCH).execute()) as { id: string; title: string }[];
    if (rows.length === 0) break;
    const values = sql.join(rows.map((r) => sql`(${r.id}, ${fold(r.title)})`));
    await sql`with v(id, t) as (values ${values}) update article set title_text = v.t${sql.raw(pg ? INLINE : '')} from v where article.id = v.id`.execute(db);
    after = (rows.at(-1) as { id: string }).id;
  }
  if (pg) return;

  await sql`delete from article_wfts`.execute(db);
  await sql`drop table if exists article_wfts`.execute(db);
  await sql`create virtual table article_sfts using fts5(search_text, ward, ward_id unindexed, category_id unindexed, visible_from unindexed, article_id unindexed, title_text unindexed, content='', contentless_delete=1, contentless_unindexed=1)`.execute(db);
  const cols = 'rowid, search_text, ward, ward_id, category_id, visible_from, article_id, title_text';
  const row = (r: string) => `${r}.search_text, ${wardTokenSql(`${r}.ward_id`)}, ${r}.ward_id, ${r}.category_id, case when ${r}.status = 'published' then ${r}.published_at end, ${r}.id, ${r}.title_text`;
  await sql`insert into article_sfts(${sql.raw(cols)}) select k.rid, ${sql.raw(row('a'))} from article a join article_fts_key k on k.article_id = a.id`.execute(db);
  const insert = sql.raw(`insert into article_sfts(${cols}) values ((select rid from article_fts_key where article_id = new.id), ${row('new')})`);
  await sql`create trigger article_fts_ai after insert on article begin
      insert into article_fts_key(article_id) values (new.id);
      ${insert};
    end`.execute(db);
  await sql`create trigger article_fts_au after update of search_text, title_text, status, published_at, category_id, ward_id on article begin
      delete from article_sfts where rowid = (select rid from article_fts_key where article_id = old.id);
      ${insert};
    end`.execute(db);
  await sql`create trigger article_fts_ad after delete on article begin
      delete from article_sfts where rowid = (select rid from article_fts_key where article_id = old.id);
      delete from article_fts_key where article_id = old.id;
    end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  // SQLite: the triggers go with the column; the FTS table of 0014 is not rebuilt (as 0014's down).
  if (dialectOf(db) === 'postgres') await sql`alter table article reset (toast_tuple_target)`.execute(db);
  else for (const tr of ['article_fts_ai', 'article_fts_au', 'article_fts_ad']) await sql`drop trigger if exists ${sql.raw(tr)}`.execute(db);
  await db.schema.alterTable('article').dropColumn('title_text').execute();
}
