import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { actorPerson, hasAccess, requireAccess, requireThat, writableOrgs, writingActor } from '../../platform/access.ts';
import type { Role } from '../../platform/auth/roles.ts';
import type { TaskRow } from './repo.ts';

// Route rules of programmes, tasks and the schedule (role lists), and the object-level rules the
// service applies after them, on platform/access.ts (`org.write`, `org.report`, `approve`, with
// the actor's organization scopes computed once per request): an organization head edits its organization's programme and tasks
// (and its branches'); a member reports progress on tasks it owns or of its organization; the
// Standing Committee approves — except a branch's programme and tasks (an organization whose
// parent is a mass association, e.g. Chi hội Phụ nữ TDP số 3), which its parent association's
// head approves (issue 11 item 5, D50: `approverOf`, the one place of that rule).
export const PROG_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head', 'member'];
export const PROG_WRITERS: readonly Role[] = ['admin', 'office', 'org_head'];
/** Route gate of approve/return: the Standing Committee, and organization heads (for their branches' work, `mayApprove`). */
export const APPROVERS: readonly Role[] = ['admin', 'standing', 'org_head'];
export const PROGRESS_WRITERS: readonly Role[] = ['admin', 'office', 'org_head', 'member'];
export const BOARD_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head'];

/** Whether the actor approves for the ward (Standing Committee, admin): the work of every organization that is not a branch. */
export const canApprove = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.has('admin') || actor.roles.has('standing');

/** Kinds of organization whose branches' programmes they approve themselves (mass associations). */
export const MASS_ASSOCIATION_KINDS: readonly string[] = ['mass_organization', 'association'];

/** Who approves the programme and tasks of an organization: the Standing Committee, or the head of the parent association. */
export type Approver = { kind: 'standing' } | { kind: 'association'; orgId: string; orgName: string };

/**
 * Who approves the work (programme, tasks) of organization `orgId`: when its parent is a mass
 * association (kind in MASS_ASSOCIATION_KINDS), that association's head; otherwise (no
 * organization, a top-level body, a party cell under the party committee…) the Standing Committee.
 */
export async function approverOf(q: Queryable, wardId: string, orgId: string | null | undefined): Promise<Approver> {
  if (!orgId) return { kind: 'standing' };
  const parent = await q
    .selectFrom('organization as o')
    .innerJoin('organization as p', (j) => j.onRef('p.id', '=', 'o.parent_id').onRef('p.ward_id', '=', 'o.ward_id'))
    .select(['p.id', 'p.name', 'p.kind'])
    .where('o.ward_id', '=', wardId)
    .where('o.id', '=', orgId)
    .executeTakeFirst();
  return parent && MASS_ASSOCIATION_KINDS.includes(parent.kind) ? { kind: 'association', orgId: parent.id, orgName: parent.name } : { kind: 'standing' };
}

/**
 * Whether the actor may approve or return the work of `orgId` (the programme's organization, or a
 * task's plan organization): for a branch, the admin or a head of its parent association (or of an
 * organization above it); otherwise the Standing Committee or the admin.
 */
export async function mayApprove(q: Queryable, reader: Actor, orgId: string | null | undefined): Promise<boolean> {
  const actor = await writingActor(q, reader); // roles held at the ward: a body above reads, never approves
  const a = await approverOf(q, actor.wardId, orgId);
  if (a.kind === 'standing') return canApprove(actor);
  if (actor.roles.has('admin')) return true;
  if (!actor.roles.has('org_head')) return false;
  const scope = await writableOrgs(q, actor);
  return scope !== 'all' && scope.has(a.orgId);
}

/**
 * Whether the actor may approve the work of at least one organization (`mayApprove` of some
 * organization): the Standing Committee and the admin, or an organization head whose writable
 * organizations include a mass association with a branch. Decides the "Phê duyệt hàng loạt" link
 * and the gate of /app/tasks/approvals (D59), so the link is shown exactly when the page opens.
 */
export async function mayApproveSome(q: Queryable, reader: Actor): Promise<boolean> {
  const actor = await writingActor(q, reader);
  if (canApprove(actor)) return true;
  if (!actor.roles.has('org_head')) return false;
  const scope = await writableOrgs(q, actor);
  if (scope === 'all' || scope.size === 0) return false;
  const branch = await q
    .selectFrom('organization as o')
    .innerJoin('organization as p', (j) => j.onRef('p.id', '=', 'o.parent_id').onRef('p.ward_id', '=', 'o.ward_id'))
    .select('o.id')
    .where('o.ward_id', '=', actor.wardId)
    .where('p.id', 'in', [...scope])
    .where('p.kind', 'in', [...MASS_ASSOCIATION_KINDS])
    .limit(1)
    .executeTakeFirst();
  return !!branch;
}

/**
 * The organization whose editors may change a task's plan (edit, submit, add sub-tasks): the
 * programme's organization — a task belongs to the programme it is in, whoever leads it — or, for
 * a task outside any programme, its lead organization. The lead organization reports progress.
 */
export const planOrg = (task: Pick<TaskRow, 'lead_org_id'>, programmeOrg: string | null | undefined): string | null => programmeOrg ?? task.lead_org_id;

/** Whether the actor may edit the programme or task plan of `orgId` (org.write); without an organization, only ward-wide editors (admin, office). */
export function mayEdit(q: Queryable, actor: Actor, orgId: string | null | undefined): Promise<boolean> {
  return orgId ? hasAccess(q, actor, 'org.write', [orgId]) : hasAccess(q, actor, 'org.write');
}

/**
 * Who may post progress on a task: whoever may report on its lead organization or its
 * programme's (org.report: their editors, and members of them or of an organization above), and
 * the task's owner when a member or an organization head (`app_user.person_id`).
 */
export async function mayReport(q: Queryable, actor: Actor, task: Pick<TaskRow, 'owner_person_id' | 'lead_org_id'>, programmeOrg: string | null): Promise<boolean> {
  const orgs = [task.lead_org_id, programmeOrg].filter((o): o is string => !!o);
  if (await (orgs.length ? hasAccess(q, actor, 'org.report', orgs, { some: true }) : hasAccess(q, actor, 'org.report'))) return true;
  if (!actor.roles.has('member') && !actor.roles.has('org_head')) return false;
  const personId = await actorPerson(q, actor);
  return !!personId && task.owner_person_id === personId;
}

/** Throws 403 unless `mayApprove(orgId)`; marks the running command's access as checked. */
export async function requireApprover(q: Queryable, actor: Actor, orgId: string | null | undefined): Promise<void> {
  const a = await approverOf(q, actor.wardId, orgId);
  if (a.kind === 'standing') return requireAccess(q, actor, 'approve');
  requireThat(await mayApprove(q, actor, orgId));
}

/** Throws 403 unless `mayEdit(orgId)`; marks the running command's access as checked. */
export async function requireEditOrg(q: Queryable, actor: Actor, orgId: string | null | undefined): Promise<void> {
  if (orgId) await requireAccess(q, actor, 'org.write', [orgId]);
  else requireThat(await hasAccess(q, actor, 'org.write'));
}

/** Throws 403 unless `mayReport`; marks the running command's access as checked. */
export async function requireReport(q: Queryable, actor: Actor, task: Pick<TaskRow, 'owner_person_id' | 'lead_org_id'>, programmeOrg: string | null): Promise<void> {
  requireThat(await mayReport(q, actor, task, programmeOrg));
}
