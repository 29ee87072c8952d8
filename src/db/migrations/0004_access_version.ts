import type { Kysely } from 'kysely';

// Access cache (issue 7): a version on each account, bumped by every command that changes the
// account's grants, disabled flag or password. Request authentication keeps grants and reachable
// wards in memory keyed by this version, the unit-tree version (app_setting 'unit_tree_version',
// changed by every command on units) and the Vietnam calendar day; see platform/auth/identity.ts.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('access_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').dropColumn('access_version').execute();
}
