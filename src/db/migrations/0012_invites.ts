import type { Kysely } from 'kysely';

// One-time activation links (issue 13, docs/DESIGN.md D39): an administrator creates an account
// from a person with no usable password and an invite; the person opens the link and sets their
// own password. The link's token is stored only as its SHA-256 hash; a row is used once
// (`used_at`), revoked when a newer link is made or the account is activated (`revoked_at`), and
// refused after `expires_at`. `purpose` is 'invite' (a new account) or 'reset' (an administrator's
// password reset, which sends a new link instead of typing a password for the user).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_invite')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text')
    .addColumn('created_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('user_invite_user_idx').on('user_invite').columns(['ward_id', 'user_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_invite').ifExists().execute();
}
