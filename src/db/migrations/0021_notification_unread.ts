import { sql, type Kysely } from 'kysely';

// The unread-notification count in the header of every page (issue 11, docs/DESIGN.md D49): a
// partial index on the unread rows only, (user_id, ward_id) where read_at is null, so the count is
// an index range of the few unread rows of one user and stays cheap however many read rows pile up.
// SQLite and PostgreSQL both support partial indexes with this predicate.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('notification_unread_idx').on('notification').columns(['user_id', 'ward_id']).where(sql.ref('read_at'), 'is', null).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notification_unread_idx').ifExists().execute();
}
