import { sql, type Kysely } from 'kysely';

// Notifications by e-mail (issue 11 item 2, docs/DESIGN.md D50).
// 1. `app_user.mail_mode`: how the user receives mail about notifications: 'now' (one mail per
//    notification, right after the command), 'digest' (one mail a day with the unread ones), 'off'.
// 2. `notification.mailed_at`: the claim of the immediate mail. A mailer sets it with
//    `update … where mailed_at is null` before it sends, so two instances never mail one row twice.
//    Rows that existed before, and rows whose feature sends its own mail (meeting invitations,
//    reminders), carry it from the start.
// 3. `mail_digest`: one row per user and Vietnam day, claimed (unique) before the digest is sent;
//    the last row's `created_at` is where the next digest starts. Delivery records, not ward records.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('mail_mode', 'text', (c) => c.notNull().defaultTo('now')).execute();
  await db.schema.alterTable('notification').addColumn('mailed_at', 'text').execute();
  await sql`update notification set mailed_at = created_at`.execute(db);
  await db.schema.createIndex('notification_mail_idx').on('notification').columns(['mailed_at', 'created_at']).execute();
  await db.schema
    .createTable('mail_digest')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('mail_digest_user_day_uq', ['user_id', 'day'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_digest').ifExists().execute();
  await db.schema.dropIndex('notification_mail_idx').ifExists().execute();
  await db.schema.alterTable('notification').dropColumn('mailed_at').execute();
  await db.schema.alterTable('app_user').dropColumn('mail_mode').execute();
}
