import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import { isRole, type Role } from './roles.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';

export interface Grant {
  id: string;
  role: Role;
  unitId: string;
  orgId: string | null;
}

export interface Identity {
  userId: string;
  username: string;
  displayName: string;
  homeWardId: string | null;
  personId: string | null;
  locale: string;
  grants: Grant[];
}

export interface WardAccess {
  wardId: string;
  roles: Set<Role>;
  headOf: string[];
  memberOf: string[];
}

export interface WardRef {
  id: string;
  name: string;
}

export async function loadIdentity(q: Queryable, userId: string): Promise<Identity | null> {
  const user = await q
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'home_ward_id', 'person_id', 'locale', 'disabled'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled) return null;
  const grants = await q.selectFrom('role_grant').select(['id', 'role', 'unit_id', 'org_id']).where('user_id', '=', userId).execute();
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    homeWardId: user.home_ward_id,
    personId: user.person_id,
    locale: user.locale,
    grants: grants.filter((g) => isRole(g.role)).map((g) => ({ id: g.id, role: g.role as Role, unitId: g.unit_id, orgId: g.org_id })),
  };
}

/** The unit and all its ancestors on a date, following unit_parent rows valid then. */
export async function ancestorsOf(q: Queryable, unitId: string, onDate = todayInVietnam()): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    with recursive up(id) as (
      select ${unitId}
      union
      select p.parent_id from unit_parent p join up on p.unit_id = up.id
      where p.valid_from <= ${onDate} and (p.valid_to is null or p.valid_to >= ${onDate})
    )
    select id from up`.execute(q);
  return rows.rows.map((r) => r.id);
}

/** Wards (tenants) at or below any of the given units on a date. */
export async function wardsUnder(q: Queryable, unitIds: string[], onDate = todayInVietnam()): Promise<WardRef[]> {
  if (unitIds.length === 0) return [];
  const rows = await sql<WardRef>`
    with recursive down(id) as (
      select id from unit where id in (${sql.join(unitIds)})
      union
      select p.unit_id from unit_parent p join down on p.parent_id = down.id
      where p.valid_from <= ${onDate} and (p.valid_to is null or p.valid_to >= ${onDate})
    )
    select u.id, u.name from unit u join down on down.id = u.id
    where u.is_ward = 1 and u.valid_from <= ${onDate} and (u.valid_to is null or u.valid_to >= ${onDate})
    order by u.name`.execute(q);
  return rows.rows;
}

/** The roles an identity holds in one ward: grants at the ward itself or at a unit above it. */
export async function accessInWard(q: Queryable, identity: Identity, wardId: string): Promise<WardAccess> {
  const direct = identity.grants.every((g) => g.unitId === wardId || identity.grants.length === 0);
  const reach = new Set(direct ? [wardId] : await ancestorsOf(q, wardId));
  const roles = new Set<Role>();
  const headOf: string[] = [];
  const memberOf: string[] = [];
  for (const g of identity.grants) {
    if (!reach.has(g.unitId)) continue;
    roles.add(g.role);
    if (g.role === 'org_head' && g.orgId) headOf.push(g.orgId);
    if (g.role === 'member' && g.orgId) memberOf.push(g.orgId);
  }
  return { wardId, roles, headOf, memberOf };
}

export function reachableWards(q: Queryable, identity: Identity): Promise<WardRef[]> {
  return wardsUnder(q, [...new Set(identity.grants.map((g) => g.unitId))]);
}
