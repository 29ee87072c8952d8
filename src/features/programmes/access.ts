import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { actorPerson, hasAccess, requireAccess, requireThat } from '../../platform/access.ts';
import type { Role } from '../../platform/auth/roles.ts';
import type { TaskRow } from './repo.ts';

// Route rules of programmes, tasks and the schedule (role lists), and the object-level rules the
// service applies after them, on platform/access.ts (`org.write`, `org.report`, `approve`, with
// the actor's organization scopes computed once per request): an organization head edits its organization's programme and tasks
// (and its branches'); a member reports progress on tasks it owns or of its organization; the
// Standing Committee approves.
export const PROG_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head', 'member'];
export const PROG_WRITERS: readonly Role[] = ['admin', 'office', 'org_head'];
export const APPROVERS: readonly Role[] = ['admin', 'standing'];
export const PROGRESS_WRITERS: readonly Role[] = ['admin', 'office', 'org_head', 'member'];
export const BOARD_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head'];

export const canApprove = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.has('admin') || actor.roles.has('standing');

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

/** Throws 403 unless the actor may approve or return (Standing Committee, admin); marks the running command's access as checked. */
export function requireApprover(q: Queryable, actor: Actor): Promise<void> {
  return requireAccess(q, actor, 'approve');
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
