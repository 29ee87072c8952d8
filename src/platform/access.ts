// Access first: the one check a service calls before it reads or writes on an actor's behalf.
//
//   await requireAccess(q, actor, 'org.write', [orgId]);   // throws 403, marks the command checked
//   const mine = await allowedIds(q, actor, 'org.write', orgIds);   // batched filter for lists
//   const scope = await writableOrgs(q, actor);             // 'all' | Set, memoized per actor
//
// Route rules (config.access) stay a coarse role gate; these permissions are the object-level
// rules services apply. Each permission is named in the glossary's English and encodes one rule
// (see PERMISSIONS). Organization scopes are computed at most once per actor object (one per
// request: `actorOf` returns the same object within a request) and recomputed after any command
// has committed, so a command that adds a branch sees it on its next check.
//
// The organization tree query lives here (organizations are the platform's tenancy data, like
// units): the platform never imports a feature.
import type { Queryable } from '../db/index.ts';
import { closureBelow } from '../lib/tree.ts';
import type { Actor } from './actor.ts';
import type { Role } from './auth/roles.ts';
import { commandGeneration, markAccessChecked } from './command.ts';
import { forbidden } from './errors.ts';

/** The actor fields access checks read. */
export type AccessActor = Pick<Actor, 'userId' | 'wardId' | 'roles' | 'headOf' | 'memberOf' | 'heldHere'>;

/**
 * The permissions, each with the rule it encodes.
 * - Role permissions (`roles`): the actor holds one of these roles in its ward; `ids` are ignored.
 * - Organization permissions (`scope`): `ids` are organization ids of the actor's ward; each id
 *   must be in the actor's scope. Without `ids` the permission is ward-wide (every organization:
 *   only admin and office have it).
 */
export const PERMISSIONS = {
  /** Administer the ward: users and their grants, units, settings. Rule: admin. */
  'ward.admin': { roles: ['admin'] },
  /** The ward office's work: the organization list, top-level organizations. Rule: admin, office. */
  'ward.office': { roles: ['admin', 'office'] },
  /** Approve programmes and their tasks (the Standing Committee). Rule: admin, standing. */
  approve: { roles: ['admin', 'standing'] },
  /** Write an organization and what belongs to it (branches, posts, programmes, tasks).
   *  Rule: admin and office every organization; org_head the organizations it heads and every
   *  organization below them. */
  'org.write': { scope: 'writable' },
  /** Report progress on the work of an organization. Rule: whoever may write it (org.write), or a
   *  member of that organization or of one above it. */
  'org.report': { scope: 'reportable' },
  /** Edit portal articles (drafts, returned, unpublished; approvers any). Rule: admin, standing,
   *  office, editor. The state rule (which statuses an editor may touch) stays in the portal. */
  'portal.edit': { roles: ['admin', 'standing', 'office', 'editor'] },
  /** Publish, return, unpublish portal articles and disclosures. Rule: admin, standing, office. */
  'portal.publish': { roles: ['admin', 'standing', 'office'] },
  /** Record meetings: create and edit them, attendance, proceedings, conclusions, documents and
   *  the article draft. Rule: admin, office (the ward office records; issue 9). */
  'meeting.record': { roles: ['admin', 'office'] },
  /** Read the ward's audit log. Rule: admin, standing, office. */
  'audit.read': { roles: ['admin', 'standing', 'office'] },
} as const satisfies Record<string, { roles: readonly Role[] } | { scope: 'writable' | 'reportable' }>;

export type Permission = keyof typeof PERMISSIONS;

/** Organization ids an actor may act on: 'all' of its ward, or this set. */
export type OrgScope = Set<string> | 'all';

interface Memo {
  generation: number;
  values: Map<string, Promise<unknown>>;
}
const memos = new WeakMap<object, Memo>();

/** Memoizes `compute` on the actor object under `key`, until a command commits. */
function memoized<T>(actor: AccessActor, key: string, compute: () => Promise<T>): Promise<T> {
  const generation = commandGeneration();
  let memo = memos.get(actor);
  if (!memo || memo.generation !== generation) {
    memo = { generation, values: new Map() };
    memos.set(actor, memo);
  }
  let p = memo.values.get(key) as Promise<T> | undefined;
  if (!p) {
    p = compute();
    memo.values.set(key, p);
    // A failed query is not remembered.
    const m = memo;
    p.catch(() => m.values.delete(key));
  }
  return p;
}

/** Every organization of a ward as `{ id, parent }` (the organization tree, ended ones included). */
export async function orgTree(q: Queryable, wardId: string): Promise<{ id: string; parent: string | null }[]> {
  const rows = await q.selectFrom('organization').select(['id', 'parent_id']).where('ward_id', '=', wardId).execute();
  return rows.map((r) => ({ id: r.id, parent: r.parent_id }));
}

/** The given organizations of a ward and every organization below them (one query). */
export async function orgsBelow(q: Queryable, wardId: string, roots: readonly string[]): Promise<Set<string>> {
  if (roots.length === 0) return new Set();
  return closureBelow(await orgTree(q, wardId), roots);
}

/** Organizations the actor may write (org.write): 'all' for admin/office, org_head's subtrees. */
export function writableOrgs(q: Queryable, actor: AccessActor): Promise<OrgScope> {
  if (actor.roles.has('admin') || actor.roles.has('office')) return Promise.resolve('all');
  if (!actor.roles.has('org_head') || actor.headOf.length === 0) return Promise.resolve(new Set());
  return memoized(actor, 'writable', () => orgsBelow(q, actor.wardId, actor.headOf));
}

/** Organizations the actor is a member of through 'member' grants, and every one below them. */
export function memberOrgs(q: Queryable, actor: AccessActor): Promise<Set<string>> {
  if (!actor.roles.has('member') || actor.memberOf.length === 0) return Promise.resolve(new Set());
  return memoized(actor, 'member', () => orgsBelow(q, actor.wardId, actor.memberOf));
}

/** The person record linked to the actor's user account, or null (system actors, unlinked users). */
export function actorPerson(q: Queryable, actor: Pick<Actor, 'userId'>): Promise<string | null> {
  const userId = actor.userId;
  if (!userId) return Promise.resolve(null);
  return memoized(actor as AccessActor, 'person', async () => {
    const r = await q.selectFrom('app_user').select('person_id').where('id', '=', userId).executeTakeFirst();
    return r?.person_id ?? null;
  });
}

/**
 * The roles the actor holds through grants at its ward itself (not through a unit above it): a
 * grant at a higher unit reads the wards below it but writes nothing there (D26). System actors
 * (no user) hold their roles here. Memoized per actor; one query, none when the actor carries
 * `heldHere` (the request's cached grants).
 */
export function rolesHeldHere(q: Queryable, actor: AccessActor): Promise<ReadonlySet<Role>> {
  const userId = actor.userId;
  if (!userId) return Promise.resolve(actor.roles);
  const known = actor.heldHere?.wardId === actor.wardId ? actor.heldHere.roles : undefined;
  return memoized(actor, 'here', async () => {
    if (known) return new Set(known.filter((r) => actor.roles.has(r)));
    const rows = await q.selectFrom('role_grant').select('role').where('user_id', '=', userId).where('unit_id', '=', actor.wardId).execute();
    return new Set(rows.map((r) => r.role as Role).filter((r) => actor.roles.has(r)));
  });
}

/**
 * The actor as it may write: the same user with only the roles held at its ward (`rolesHeldHere`).
 * A read request's actor also carries roles granted above the ward (a city body that reads the
 * ward); a page asks this one whether to offer an action, so it offers only what the command's
 * `requireAccess` will allow (issue 11 item 7: never a button to a refusal).
 */
export async function writingActor<A extends AccessActor>(q: Queryable, actor: A): Promise<A> {
  const roles = await rolesHeldHere(q, actor);
  return roles.size === actor.roles.size ? actor : { ...actor, roles };
}

/** Organizations on which the actor may report progress (org.report). */
async function reportableOrgs(q: Queryable, actor: AccessActor): Promise<OrgScope> {
  const writable = await writableOrgs(q, actor);
  if (writable === 'all') return 'all';
  const members = await memberOrgs(q, actor);
  return members.size === 0 ? writable : new Set([...writable, ...members]);
}

function scopeOf(q: Queryable, actor: AccessActor, scope: 'writable' | 'reportable'): Promise<OrgScope> {
  return scope === 'writable' ? writableOrgs(q, actor) : reportableOrgs(q, actor);
}

/**
 * The subset of `ids` on which the actor holds `permission`, in one query for the whole list
 * (none at all for role permissions and for admin/office). Null and undefined ids are dropped.
 */
export async function allowedIds(q: Queryable, actor: AccessActor, permission: Permission, ids: Iterable<string | null | undefined>): Promise<Set<string>> {
  const rule: { roles?: readonly Role[]; scope?: 'writable' | 'reportable' } = PERMISSIONS[permission];
  const wanted = [...ids].filter((id): id is string => !!id);
  if (rule.roles) return rule.roles.some((r) => actor.roles.has(r)) ? new Set(wanted) : new Set();
  const scope = await scopeOf(q, actor, rule.scope ?? 'writable');
  return new Set(scope === 'all' ? wanted : wanted.filter((id) => scope.has(id)));
}

/**
 * Whether the actor holds `permission` (for every id of `ids`, or, with `some: true`, for at least
 * one). Without ids an organization permission means the whole ward. Checks nothing into the
 * running command: use it for what a page shows (an edit button), `requireAccess` before acting.
 */
export async function hasAccess(q: Queryable, actor: AccessActor, permission: Permission, ids?: Iterable<string | null | undefined>, opts: { some?: boolean } = {}): Promise<boolean> {
  const rule: { roles?: readonly Role[]; scope?: 'writable' | 'reportable' } = PERMISSIONS[permission];
  return holds(permission, actor.roles, rule.scope ? await scopeOf(q, actor, rule.scope) : 'all', ids, opts);
}

/** The one evaluation of a permission's rule, given the actor's roles and the scope its rule names. */
function holds(permission: Permission, roles: ReadonlySet<Role>, scope: OrgScope, ids?: Iterable<string | null | undefined>, opts: { some?: boolean } = {}): boolean {
  const rule: { roles?: readonly Role[]; scope?: 'writable' | 'reportable' } = PERMISSIONS[permission];
  if (rule.roles) return rule.roles.some((r) => roles.has(r));
  if (ids === undefined) return scope === 'all';
  const wanted = [...ids].filter((id): id is string => !!id);
  if (scope === 'all') return opts.some ? wanted.length > 0 : true;
  return opts.some ? wanted.some((id) => scope.has(id)) : wanted.every((id) => scope.has(id));
}

/** Permissions a page follows by reading (its target is a plain GET page); every other one is a write. */
const READ_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>(['audit.read']);

/**
 * What a page may offer, computed once per page (platform/http sendPage): the roles for reading,
 * and, for writing, the roles and organization scopes held at the ward itself — a form page
 * (`/new`, `/edit`) and every write are resolved with the write intent, so a grant at a unit above
 * the ward reads there but is offered no button (D26, D54).
 */
export interface PageAccess {
  readRoles: ReadonlySet<Role>;
  writeRoles: ReadonlySet<Role>;
  writable: OrgScope;
  reportable: OrgScope;
}

/** The page access of `readActor` (the request's actor) and `writeActor` (the same user with the write intent's roles). */
export async function pageAccess(q: Queryable, readActor: AccessActor, writeActor: AccessActor): Promise<PageAccess> {
  const [writable, reportable] = await Promise.all([writableOrgs(q, writeActor), reportableOrgs(q, writeActor)]);
  return { readRoles: readActor.roles, writeRoles: writeActor.roles, writable, reportable };
}

/**
 * Whether a page shows a link or button that needs `permission` (on every id of `ids`, or with
 * `some` on one of them): the same rule `requireAccess` applies when the link is followed, with the
 * roles of the intent the target is resolved with. A page without access data (an error page)
 * offers nothing that needs a permission.
 */
export function can(ctx: { access?: PageAccess | undefined }, permission: Permission, ids?: Iterable<string | null | undefined>, opts: { some?: boolean } = {}): boolean {
  const a = ctx.access;
  if (!a) return false;
  const rule: { roles?: readonly Role[]; scope?: 'writable' | 'reportable' } = PERMISSIONS[permission];
  const roles = READ_PERMISSIONS.has(permission) ? a.readRoles : a.writeRoles;
  return holds(permission, roles, rule.scope === 'reportable' ? a.reportable : rule.scope === 'writable' ? a.writable : 'all', ids, opts);
}

/** Whether the page's user may open a route whose rule is these roles: read pages with the read roles, form pages (`write`) with the ward's own. */
export function canOpen(ctx: { access?: PageAccess | undefined }, roles: readonly Role[], intent: 'read' | 'write' = 'read'): boolean {
  const a = ctx.access;
  if (!a) return false;
  const held = intent === 'read' ? a.readRoles : a.writeRoles;
  return roles.some((r) => held.has(r));
}

/**
 * The access check a service calls first in a command (and before a sensitive read). Passes when
 * the actor holds `permission` (see `hasAccess` for ids and `some`), and then marks the running
 * command as checked (`markAccessChecked`), which the write guard requires before any write.
 * Throws `forbidden()` (403) otherwise.
 */
export async function requireAccess(q: Queryable, actor: AccessActor, permission: Permission, ids?: Iterable<string | null | undefined>, opts: { some?: boolean } = {}): Promise<void> {
  if (!(await hasAccess(q, actor, permission, ids, opts))) throw forbidden();
  markAccessChecked();
}

/**
 * For a check a service decides itself (a rule on the record's state, e.g. "a user may change
 * its own password"): throws `forbidden()` when `allowed` is false, marks the command checked
 * otherwise. Prefer `requireAccess` whenever a permission above encodes the rule.
 */
export function requireThat(allowed: boolean): void {
  if (!allowed) throw forbidden();
  markAccessChecked();
}
