import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// The public news portal: sites (which ward a host name shows), categories, articles with their
// revisions, images and attachments, the view-counter dedup table, and grassroots-democracy
// disclosures (Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15).
// Search: articles keep a folded `search_text` (lib/vi fold). SQLite indexes it with a contentless
// FTS5 table kept in step by triggers; PostgreSQL with a stored tsvector ('simple' config) over the
// same folded text, so both engines see the same tokens and return the same hit set.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';

  // Which ward a host name shows; the row with is_default = 1 answers any other host.
  await db.schema
    .createTable('portal_site')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('host', 'text', (c) => c.unique())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_site_ward_idx').on('portal_site').column('ward_id').execute();

  await db.schema
    .createTable('portal_category')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('on_home', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('portal_category_slug_uq', ['ward_id', 'slug'])
    .execute();

  // status: draft | submitted | returned | published | unpublished. A published article whose
  // published_at lies in the future is scheduled; public pages show published_at <= now only.
  await db.schema
    .createTable('article')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('category_id', 'text', (c) => c.notNull().references('portal_category.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull()) // rendered from body_md and sanitized on save
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0)) // views folded in from article_view
    .addColumn('cover_image_id', 'text')
    .addColumn('author_user_id', 'text')
    .addColumn('author_label', 'text', (c) => c.notNull())
    .addColumn('review_note', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('rev_no', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('article_slug_uq', ['ward_id', 'slug'])
    .execute();
  await db.schema.createIndex('article_public_idx').on('article').columns(['ward_id', 'status', 'published_at']).execute();
  await db.schema.createIndex('article_category_idx').on('article').columns(['ward_id', 'category_id', 'status', 'published_at']).execute();
  await db.schema.createIndex('article_updated_idx').on('article').columns(['ward_id', 'updated_at']).execute();

  await db.schema
    .createTable('article_revision')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('article_id', 'text', (c) => c.notNull().references('article.id'))
    .addColumn('rev_no', 'integer', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('article_revision_uq', ['article_id', 'rev_no'])
    .execute();

  // One row per visitor per article per hour (visitor_hash = sha256 of secret, IP and user agent:
  // nothing personal is stored raw). A periodic flush moves closed hours into article.view_count.
  await db.schema
    .createTable('article_view')
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('visitor_hash', 'text', (c) => c.notNull())
    .addColumn('hour_bucket', 'text', (c) => c.notNull()) // 'YYYY-MM-DDTHH' UTC
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_view_pk', ['article_id', 'visitor_hash', 'hour_bucket'])
    .execute();
  await db.schema.createIndex('article_view_bucket_idx').on('article_view').column('hour_bucket').execute();

  // Images (resized on upload, alt text required) and attachments of articles and disclosures.
  await db.schema
    .createTable('portal_file')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('owner_type', 'text', (c) => c.notNull()) // 'article' | 'disclosure'
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'image' | 'attachment'
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('alt', 'text')
    .addColumn('caption', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_file_owner_idx').on('portal_file').columns(['ward_id', 'owner_type', 'owner_id']).execute();

  // Công khai: what the commune must disclose, when it was posted, how, and for how long.
  await db.schema
    .createTable('disclosure')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('posted_on', 'text', (c) => c.notNull()) // 'YYYY-MM-DD'
    .addColumn('duration_days', 'integer', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull()) // last day of the required posting
    .addColumn('forms', 'text', (c) => c.notNull()) // JSON array of form codes
    .addColumn('article_id', 'text', (c) => c.references('article.id'))
    .addColumn('withdrawn_on', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('disclosure_slug_uq', ['ward_id', 'slug'])
    .execute();
  await db.schema.createIndex('disclosure_ward_idx').on('disclosure').columns(['ward_id', 'posted_on']).execute();

  if (pg) {
    await sql`alter table article add column search_tsv tsvector generated always as (to_tsvector('simple', search_text)) stored`.execute(db);
    await sql`create index article_search_tsv on article using gin (search_tsv)`.execute(db);
  } else {
    // Contentless FTS5 over the folded text; its rowid comes from article_fts_key (a stable
    // integer per article; article ids are text). Beside the tokens it keeps, unindexed, what a
    // public search filters and breaks ties on (ward, category, visible_from = published_at of a
    // published article, else null), so ranking never has to join the article table for every hit.
    // Triggers keep it in step with article.
    await sql`create table article_fts_key (rid integer primary key, article_id text not null unique)`.execute(db);
    await sql`create virtual table article_fts using fts5(search_text, ward_id unindexed, category_id unindexed, visible_from unindexed, content='', contentless_delete=1, contentless_unindexed=1)`.execute(db);
    const row = (r: 'new') => sql.raw(`(select rid from article_fts_key where article_id = ${r}.id), ${r}.search_text, ${r}.ward_id, ${r}.category_id, case when ${r}.status = 'published' then ${r}.published_at end`);
    const insert = sql`insert into article_fts(rowid, search_text, ward_id, category_id, visible_from) values (${row('new')})`;
    await sql`create trigger article_fts_ai after insert on article begin
      insert into article_fts_key(article_id) values (new.id);
      ${insert};
    end`.execute(db);
    await sql`create trigger article_fts_au after update of search_text, status, published_at, category_id on article begin
      delete from article_fts where rowid = (select rid from article_fts_key where article_id = old.id);
      ${insert};
    end`.execute(db);
    await sql`create trigger article_fts_ad after delete on article begin
      delete from article_fts where rowid = (select rid from article_fts_key where article_id = old.id);
      delete from article_fts_key where article_id = old.id;
    end`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    for (const tr of ['article_fts_ai', 'article_fts_au', 'article_fts_ad']) await sql`drop trigger if exists ${sql.raw(tr)}`.execute(db);
    await sql`drop table if exists article_fts`.execute(db);
    await sql`drop table if exists article_fts_key`.execute(db);
  }
  for (const t of ['disclosure', 'portal_file', 'article_view', 'article_revision', 'article', 'portal_category', 'portal_site']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
