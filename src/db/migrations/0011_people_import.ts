import type { Kysely } from 'kysely';

// People import previews (issue 13, item 4, docs/DESIGN.md D38): an uploaded XLSX/CSV is parsed
// and checked without writing people; its rows wait here (ward- and owner-scoped) until the same
// person commits them or they expire (24 h). A committed preview keeps its counts only: its rows
// (names, birth dates, phones) are cleared, the people now live in `person`.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('people_import')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('rows_json', 'text', (c) => c.notNull()) // ImportRow[] (import.ts)
    .addColumn('errors_json', 'text', (c) => c.notNull()) // RowError[]
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('people_count', 'integer', (c) => c.notNull())
    .addColumn('post_count', 'integer', (c) => c.notNull())
    .addColumn('membership_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .execute();
  await db.schema.createIndex('people_import_ward_idx').on('people_import').columns(['ward_id', 'expires_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('people_import').execute();
}
