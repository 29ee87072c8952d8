import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Issue 11 items 10 and 11 (docs/DESIGN.md D55).
// - work_file.preview_key: a photo's JPEG preview (resized, upright, without metadata; HEIC made
//   readable), stored beside the original bytes, which stay at storage_key for download.
// - portal_site footer: the responsible body, address, phone and e-mail shown on every public page.
//   The public pages are cached by content_version (D42), so an edit of the site's own text bumps
//   it by trigger, as an edit of an article does.

const SITE_COLS = 'title, subtitle, footer_body, footer_address, footer_phone, footer_email';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await db.schema.alterTable('work_file').addColumn('preview_key', 'text').execute();
  for (const c of ['footer_body', 'footer_address', 'footer_phone', 'footer_email']) await db.schema.alterTable('portal_site').addColumn(c, 'text').execute();
  if (pg) {
    const now = sql.raw(`to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    await sql`create function portal_site_content_bump() returns trigger language plpgsql as $$
      begin
        update portal_site set content_version = content_version + 1, content_at = ${now} where id = new.id;
        return null;
      end $$`.execute(db);
    await sql`create trigger portal_site_content_au after update of ${sql.raw(SITE_COLS)} on portal_site for each row execute function portal_site_content_bump()`.execute(db);
    return;
  }
  await sql`create trigger portal_site_content_au after update of ${sql.raw(SITE_COLS)} on portal_site begin
      update portal_site set content_version = content_version + 1, content_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') where id = new.id;
    end`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  await sql`drop trigger if exists portal_site_content_au${sql.raw(pg ? ' on portal_site' : '')}`.execute(db);
  if (pg) await sql`drop function if exists portal_site_content_bump()`.execute(db);
  for (const c of ['footer_email', 'footer_phone', 'footer_address', 'footer_body']) await db.schema.alterTable('portal_site').dropColumn(c).execute();
  await db.schema.alterTable('work_file').dropColumn('preview_key').execute();
}
