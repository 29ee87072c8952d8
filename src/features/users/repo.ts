import type { Queryable } from '../../db/index.ts';

// Accounts are global (one login for a person who works in several wards), but a ward's
// administrator sees and manages them only through role grants at units of its ward.

export const USER_COLUMNS = ['app_user.id', 'app_user.username', 'app_user.display_name', 'app_user.disabled', 'app_user.home_ward_id', 'app_user.version', 'app_user.created_at'] as const;

/**
 * Accounts of a ward: those with a role grant at a unit of the ward (the ward itself or a unit
 * whose ward_id is the ward), and those made here that no longer have any grant at all (so that
 * an administrator who removed the last role can still give one back).
 */
function wardUsersQuery(q: Queryable, wardId: string) {
  return q.selectFrom('app_user').where((eb) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom('role_grant')
          .innerJoin('unit', 'unit.id', 'role_grant.unit_id')
          .select('role_grant.id')
          .whereRef('role_grant.user_id', '=', 'app_user.id')
          .where('unit.ward_id', '=', wardId),
      ),
      eb.and([eb('app_user.home_ward_id', '=', wardId), eb.not(eb.exists(eb.selectFrom('role_grant').select('role_grant.id').whereRef('role_grant.user_id', '=', 'app_user.id')))]),
    ]),
  );
}

export function wardUserRows(q: Queryable, wardId: string) {
  return wardUsersQuery(q, wardId).select(USER_COLUMNS).execute();
}

export function wardUserRow(q: Queryable, wardId: string, id: string) {
  return wardUsersQuery(q, wardId).select(USER_COLUMNS).where('app_user.id', '=', id).executeTakeFirst();
}
export type UserRow = NonNullable<Awaited<ReturnType<typeof wardUserRow>>>;

/** Every grant of these users, with the ward of the grant's unit and the organization's name. */
export function grantRows(q: Queryable, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('role_grant')
    .innerJoin('unit', 'unit.id', 'role_grant.unit_id')
    .leftJoin('organization', 'organization.id', 'role_grant.org_id')
    .select(['role_grant.id', 'role_grant.user_id', 'role_grant.role', 'role_grant.unit_id', 'role_grant.org_id', 'role_grant.created_at', 'unit.ward_id as unit_ward_id', 'organization.name as org_name'])
    .where('role_grant.user_id', 'in', userIds)
    .orderBy('role_grant.created_at')
    .orderBy('role_grant.id')
    .execute();
}
export type GrantRow = Awaited<ReturnType<typeof grantRows>>[number];

export function tokenRows(q: Queryable, userId: string) {
  return q.selectFrom('api_token').select(['id', 'name', 'created_at', 'expires_at', 'revoked_at', 'last_used_at']).where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}
export type TokenRow = Awaited<ReturnType<typeof tokenRows>>[number];

/** A unit by its code (CLI `--ward`), with whether it is a ward. */
export function unitByCode(q: Queryable, code: string) {
  return q.selectFrom('unit').select(['id', 'ward_id', 'is_ward']).where('code', '=', code).executeTakeFirst();
}

/** An organization of a ward by short name or full name (CLI `--org`). */
export function orgByName(q: Queryable, wardId: string, name: string) {
  return q
    .selectFrom('organization')
    .select('id')
    .where('ward_id', '=', wardId)
    .where((e) => e.or([e('short_name', '=', name), e('name', '=', name)]))
    .executeTakeFirst();
}

/** Whether any account exists (the server loads the demo only into an empty database). */
export async function anyAccount(q: Queryable): Promise<boolean> {
  return !!(await q.selectFrom('app_user').select('id').limit(1).executeTakeFirst());
}

/** A token's owner and name, for the audit of a revocation from the CLI. */
/** An account's home ward id, or null (none, or no such account). */
export async function homeWardOf(q: Queryable, userId: string): Promise<string | null> {
  const row = await q.selectFrom('app_user').select('home_ward_id').where('id', '=', userId).executeTakeFirst();
  return row?.home_ward_id ?? null;
}

export function tokenRow(q: Queryable, id: string) {
  return q.selectFrom('api_token').select(['id', 'user_id', 'name', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}
