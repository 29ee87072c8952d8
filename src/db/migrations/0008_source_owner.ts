import type { Kysely } from 'kysely';

// Source documents remember who added them (issue 8, D26): an organization head edits the source
// documents it added, not every one of the ward; admin and office edit all. Rows from before
// (demo, imports) have no owner and stay with admin and office.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('source_document').addColumn('created_by', 'text', (c) => c.references('app_user.id')).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('source_document').dropColumn('created_by').execute();
}
