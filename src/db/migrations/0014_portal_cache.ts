import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';
import { articleSearchText, plainText } from '../../lib/article-text.ts';

// Portal caching and search at 100,000 articles (issue 12, docs/DESIGN.md D42).
// - article.body_text: the body's plain text (Markdown parsed once, at save time), the source of
//   search snippets; search_text gains the exact tokens of marked words (text.ts exactToken) so the
//   exact-diacritic spelling can rank first. Existing rows are filled here.
// - portal_site.content_version / content_at: bumped by triggers on every change of a ward's
//   articles (except the view counter's view_count), categories and files, so every instance can
//   key its caches of rendered pages and search results by a version stored in the database.
// - SQLite: the FTS5 table (now article_wfts) gains an indexed `ward` column (one token per ward, `wardToken`) so a
//   ward's search intersects with its own token instead of filtering the province's hits.
//   PostgreSQL: a GIN index over (ward_id, search_tsv) with btree_gin when the server has it.

/** The FTS5 token of a ward: "w" and the id's hex digits. */
export const wardTokenSql = (col: string) => `'w' || replace(${col}, '-', '')`;

const ARTICLE_COLS = 'ward_id, category_id, slug, title, summary, body_html, body_text, status, published_at, cover_image_id, author_label, version, updated_at';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await db.schema.alterTable('article').addColumn('body_text', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('portal_site').addColumn('content_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('portal_site').addColumn('content_at', 'text', (c) => c.notNull().defaultTo('1970-01-01T00:00:00.000Z')).execute();

  if (!pg) {
    for (const tr of ['article_fts_ai', 'article_fts_au', 'article_fts_ad']) await sql`drop trigger if exists ${sql.raw(tr)}`.execute(db);
    // Emptied first: SQLite 3.53 leaves the `_content` shadow table of a contentless_unindexed
    // table behind on drop (and will not let it be dropped), so the new index gets a new name.
    await sql`delete from article_fts`.execute(db);
    await sql`drop table if exists article_fts`.execute(db);
  }
  // Fill the plain text and the new search text of existing articles, a batch at a time.
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('article').select(['id', 'title', 'summary', 'body_md']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (rows.length === 0) break;
    for (const r of rows as { id: string; title: string; summary: string | null; body_md: string }[]) {
      const bodyText = plainText(r.body_md);
      await db.updateTable('article').set({ body_text: bodyText, search_text: articleSearchText(r.title, r.summary, bodyText) }).where('id', '=', r.id).execute();
    }
    after = (rows.at(-1) as { id: string }).id;
  }

  if (pg) {
    const gin = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'btree_gin'`.execute(db);
    if ((gin.rows[0]?.n ?? 0) > 0) {
      await sql`create extension if not exists btree_gin`.execute(db);
      await sql`create index article_ward_search_tsv on article using gin (ward_id, search_tsv)`.execute(db);
    }
    const now = sql.raw(`to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    await sql`create function portal_content_bump_rows() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          update portal_site set content_version = content_version + 1, content_at = ${now} where ward_id in (select distinct ward_id from old_rows);
        else
          update portal_site set content_version = content_version + 1, content_at = ${now} where ward_id in (select distinct ward_id from new_rows);
        end if;
        return null;
      end $$`.execute(db);
    await sql`create function portal_content_bump_row() returns trigger language plpgsql as $$
      begin
        update portal_site set content_version = content_version + 1, content_at = ${now} where ward_id = old.ward_id or ward_id = new.ward_id;
        return null;
      end $$`.execute(db);
    for (const t of ['article', 'portal_category', 'portal_file']) {
      await sql`create trigger ${sql.raw(`${t}_content_ai`)} after insert on ${sql.raw(t)} referencing new table as new_rows for each statement execute function portal_content_bump_rows()`.execute(db);
      await sql`create trigger ${sql.raw(`${t}_content_ad`)} after delete on ${sql.raw(t)} referencing old table as old_rows for each statement execute function portal_content_bump_rows()`.execute(db);
    }
    await sql`create trigger article_content_au after update of ${sql.raw(ARTICLE_COLS)} on article for each row execute function portal_content_bump_row()`.execute(db);
    await sql`create trigger portal_category_content_au after update on portal_category for each row execute function portal_content_bump_row()`.execute(db);
    await sql`create trigger portal_file_content_au after update on portal_file for each row execute function portal_content_bump_row()`.execute(db);
    return;
  }

  // SQLite: FTS5 again, now with the ward token indexed; triggers as in 0002 plus the ward.
  await sql`create virtual table article_wfts using fts5(search_text, ward, ward_id unindexed, category_id unindexed, visible_from unindexed, content='', contentless_delete=1, contentless_unindexed=1)`.execute(db);
  const row = (r: 'new') => sql.raw(`(select rid from article_fts_key where article_id = ${r}.id), ${r}.search_text, ${wardTokenSql(`${r}.ward_id`)}, ${r}.ward_id, ${r}.category_id, case when ${r}.status = 'published' then ${r}.published_at end`);
  const insert = sql`insert into article_wfts(rowid, search_text, ward, ward_id, category_id, visible_from) values (${row('new')})`;
  await sql`insert into article_wfts(rowid, search_text, ward, ward_id, category_id, visible_from)
    select k.rid, a.search_text, ${sql.raw(wardTokenSql('a.ward_id'))}, a.ward_id, a.category_id, case when a.status = 'published' then a.published_at end
    from article a join article_fts_key k on k.article_id = a.id`.execute(db);
  await sql`create trigger article_fts_ai after insert on article begin
      insert into article_fts_key(article_id) values (new.id);
      ${insert};
    end`.execute(db);
  await sql`create trigger article_fts_au after update of search_text, status, published_at, category_id, ward_id on article begin
      delete from article_wfts where rowid = (select rid from article_fts_key where article_id = old.id);
      ${insert};
    end`.execute(db);
  await sql`create trigger article_fts_ad after delete on article begin
      delete from article_wfts where rowid = (select rid from article_fts_key where article_id = old.id);
      delete from article_fts_key where article_id = old.id;
    end`.execute(db);
  const now = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
  const bump = (ward: string) => sql.raw(`update portal_site set content_version = content_version + 1, content_at = ${now} where ward_id = ${ward}`);
  for (const t of ['article', 'portal_category', 'portal_file']) {
    await sql`create trigger ${sql.raw(`${t}_content_ai`)} after insert on ${sql.raw(t)} begin ${bump('new.ward_id')}; end`.execute(db);
    await sql`create trigger ${sql.raw(`${t}_content_ad`)} after delete on ${sql.raw(t)} begin ${bump('old.ward_id')}; end`.execute(db);
    const cols = t === 'article' ? ` of ${ARTICLE_COLS}` : '';
    await sql`create trigger ${sql.raw(`${t}_content_au`)} after update${sql.raw(cols)} on ${sql.raw(t)} begin ${bump('old.ward_id')}; ${bump('new.ward_id')}; end`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  for (const t of ['article', 'portal_category', 'portal_file']) {
    for (const k of ['ai', 'au', 'ad']) await sql`drop trigger if exists ${sql.raw(`${t}_content_${k}`)}${sql.raw(pg ? ` on ${t}` : '')}`.execute(db);
  }
  if (pg) {
    await sql`drop function if exists portal_content_bump_rows()`.execute(db);
    await sql`drop function if exists portal_content_bump_row()`.execute(db);
    await sql`drop index if exists article_ward_search_tsv`.execute(db);
  }
  await db.schema.alterTable('portal_site').dropColumn('content_at').execute();
  await db.schema.alterTable('portal_site').dropColumn('content_version').execute();
  await db.schema.alterTable('article').dropColumn('body_text').execute();
}
