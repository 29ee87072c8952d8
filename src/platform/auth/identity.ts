import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import { newId } from '../../db/dialect.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import type { CommandTx } from '../command.ts';
import { isRole, type Role } from './roles.ts';

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

/**
 * What a request may do: `read` (GET, HEAD, OPTIONS) or `write` (every other method). A grant at
 * a unit above a ward reads that ward; only a grant at the ward itself writes there (D26).
 */
export type Intent = 'read' | 'write';

/** The intent of an HTTP method: safe methods read, every other one writes. */
export function intentOf(method: string): Intent {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'read' : 'write';
}

/**
 * The roles an identity holds in one ward. To read: grants at the ward itself or at a unit above
 * it on `onDate`. To write: grants at the ward itself only — a grant at a higher unit reads unless
 * a grant at the ward says otherwise, and writes follow ownership (organization scopes come from
 * grants naming an organization of the ward).
 */
export async function accessInWard(q: Queryable, identity: Identity, wardId: string, onDate = todayInVietnam(), intent: Intent = 'read'): Promise<WardAccess> {
  const direct = intent === 'write' || identity.grants.every((g) => g.unitId === wardId || identity.grants.length === 0);
  const reach = new Set(direct ? [wardId] : await ancestorsOf(q, wardId, onDate));
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

/** Wards the identity can work in on a date: at or below any unit it holds a grant at. */
export function reachableWards(q: Queryable, identity: Identity, onDate = todayInVietnam()): Promise<WardRef[]> {
  return wardsUnder(q, [...new Set(identity.grants.map((g) => g.unitId))], onDate);
}

// ---------------------------------------------------------------------------------------------
// Request authentication with a per-user cache.
//
// Every request reads the account row (one query, which also reads the unit-tree version). The
// grants, the reachable wards and the roles per ward are kept in memory under a key made of the
// account's access_version, the unit-tree version and the Vietnam day; any change to one of them
// (a grant removed on another instance, a unit moved, midnight in Vietnam) misses the cache and
// recomputes from the database. Nothing here must be shared between instances: the database is
// the truth, checked on every request.

/** app_setting key of the unit-tree version (changed by every command on units). */
export const UNIT_TREE_VERSION_KEY = 'unit_tree_version';

interface CachedAccess {
  key: string;
  grants: Grant[];
  wards: WardRef[];
  inWard: Map<string, WardAccess>;
}

const CACHE_LIMIT = 5000;
/** One cache per database handle (per app instance), by user id. */
const caches = new WeakMap<object, Map<string, CachedAccess>>();

function cacheOf(q: Queryable): Map<string, CachedAccess> {
  let c = caches.get(q);
  if (!c) caches.set(q, (c = new Map()));
  return c;
}

/** What a request is allowed: who, which wards it can work in, the chosen ward and its roles. */
export interface RequestAuth {
  identity: Identity;
  wards: WardRef[];
  ward: WardRef | null;
  access: WardAccess | null;
  /** The unit-tree version read with the account ('' when never set): a cache key for page banners. */
  treeVersion: string;
}

/** What a request reads of its account on every request: who, whether disabled, and the versions its cached access is keyed by. */
export interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  home_ward_id: string | null;
  person_id: string | null;
  locale: string;
  disabled: number;
  access_version: number;
  /** The unit-tree version (app_setting UNIT_TREE_VERSION_KEY), null when never set. */
  tree_version: string | null;
  /**
   * Unread notifications in the home ward, up to UNREAD_CAP (platform/notify.ts), when the row was
   * read with the session (auth/session-store.ts); absent otherwise. A number, or a bigint string on PostgreSQL.
   */
  unread_home?: number | string | bigint | null;
  /** The home ward's directory stamp (platform/kept.ts `directoryStampOf`; null: never bumped), read with the session; absent otherwise. */
  directory_home?: number | string | bigint | null;
}

/** The account row with the unit-tree version (one query); undefined for an unknown id. */
export function readAccount(q: Queryable, userId: string): Promise<AccountRow | undefined> {
  return q
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'home_ward_id', 'person_id', 'locale', 'disabled', 'access_version'])
    .select((eb) => eb.selectFrom('app_setting').select('value').where('key', '=', UNIT_TREE_VERSION_KEY).as('tree_version'))
    .where('id', '=', userId)
    .executeTakeFirst() as Promise<AccountRow | undefined>;
}

/**
 * Authenticates a request's user: the account (null when unknown or disabled), its reachable
 * wards and its roles in the ward it asked for (`wardHint`: header or session; else its home
 * ward; else its first ward), for `intent` (`intentOf(req.method)`: a write request holds only
 * the roles granted at the ward itself). `now` is the clock (the unit tree is read on the Vietnam day of
 * `now`). One query on a cache hit; on a miss, also the grants, the wards and the ward's ancestry. `known`: the account row
 * already read with the session in the same request (`DbSessionStore`), so the one query is that one.
 */
export async function resolveRequestAuth(q: Queryable, userId: string, wardHint: string | undefined, now: Date = new Date(), intent: Intent = 'read', known?: AccountRow): Promise<RequestAuth | null> {
  const user = known && known.id === userId ? known : await readAccount(q, userId);
  const accessCache = cacheOf(q);
  if (!user || user.disabled) {
    accessCache.delete(userId);
    return null;
  }
  const day = todayInVietnam(now);
  const key = `${user.access_version}|${user.tree_version ?? ''}|${day}`;
  let cached = accessCache.get(userId);
  if (!cached || cached.key !== key) {
    const grants = await q.selectFrom('role_grant').select(['id', 'role', 'unit_id', 'org_id']).where('user_id', '=', userId).execute();
    const own = grants.filter((g) => isRole(g.role)).map((g) => ({ id: g.id, role: g.role as Role, unitId: g.unit_id, orgId: g.org_id }));
    const wards = await wardsUnder(q, [...new Set(own.map((g) => g.unitId))], day);
    cached = { key, grants: own, wards, inWard: new Map() };
    if (accessCache.size >= CACHE_LIMIT) accessCache.delete(accessCache.keys().next().value as string);
    accessCache.delete(userId);
    accessCache.set(userId, cached);
  }
  const identity: Identity = { userId: user.id, username: user.username, displayName: user.display_name, homeWardId: user.home_ward_id, personId: user.person_id, locale: user.locale, grants: cached.grants };
  const want = wardHint ?? identity.homeWardId;
  const ward = cached.wards.find((w) => w.id === want) ?? cached.wards[0] ?? null;
  if (!ward) return { identity, wards: cached.wards, ward: null, access: null, treeVersion: user.tree_version ?? '' };
  const accessKey = `${intent}|${ward.id}`;
  let access = cached.inWard.get(accessKey);
  if (!access) {
    access = await accessInWard(q, identity, ward.id, day, intent);
    cached.inWard.set(accessKey, access);
  }
  return { identity, wards: cached.wards, ward, access, treeVersion: user.tree_version ?? '' };
}

/**
 * Marks an account's access as changed (grants, roles, disabled flag, password): every instance
 * recomputes it on that account's next request. Call it in the command that made the change.
 */
export async function bumpAccessVersion(trx: CommandTx, userId: string): Promise<void> {
  await trx
    .updateTable('app_user')
    .set((eb) => ({ access_version: eb('access_version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
}

/** Marks the unit tree as changed (a unit created, moved, renamed or ended): every cached access is recomputed. */
export async function bumpUnitTreeVersion(trx: CommandTx): Promise<void> {
  const value = newId();
  await trx
    .insertInto('app_setting')
    .values({ key: UNIT_TREE_VERSION_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
