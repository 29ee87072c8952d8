import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { markAccessChecked } from '../../platform/command.ts';
import { forbidden } from '../../platform/errors.ts';
import { orgSubtree, writableOrgIds } from '../orgs/service.ts';
import { personOfUser, type TaskRow } from './repo.ts';

// Route rules of programmes, tasks and the schedule (role lists), and the object-level rules the
// service applies after them: an organization head edits its organization's programme and tasks
// (and its branches'); a member reports progress on tasks it owns or of its organization; the
// Standing Committee approves.
export const PROG_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head', 'member'];
export const PROG_WRITERS: readonly Role[] = ['admin', 'office', 'org_head'];
export const APPROVERS: readonly Role[] = ['admin', 'standing'];
export const PROGRESS_WRITERS: readonly Role[] = ['admin', 'office', 'org_head', 'member'];
export const BOARD_READERS: readonly Role[] = ['admin', 'standing', 'office', 'org_head'];
export { SOURCE_READERS, SOURCE_WRITERS } from '../sources/access.ts';

/** Organizations whose programme and tasks the actor may edit ('all' for admin and office). */
export function editableOrgs(q: Queryable, actor: Actor): Promise<Set<string> | 'all'> {
  return writableOrgIds(q, actor);
}

export function canEditOrg(writable: Set<string> | 'all', ...orgIds: (string | null | undefined)[]): boolean {
  return writable === 'all' || orgIds.some((o) => !!o && writable.has(o));
}

export const canApprove = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.has('admin') || actor.roles.has('standing');

/**
 * The organization whose editors may change a task's plan (edit, submit, add sub-tasks): the
 * programme's organization — a task belongs to the programme it is in, whoever leads it — or, for
 * a task outside any programme, its lead organization. The lead organization reports progress.
 */
export const planOrg = (task: Pick<TaskRow, 'lead_org_id'>, programmeOrg: string | null | undefined): string | null => programmeOrg ?? task.lead_org_id;

/** Who may post progress: editors of the task's organization, its owner, members of its organization. */
export async function canReport(q: Queryable, actor: Actor, task: Pick<TaskRow, 'owner_person_id' | 'lead_org_id'>, programmeOrg: string | null, writable: Set<string> | 'all'): Promise<boolean> {
  if (canEditOrg(writable, task.lead_org_id, programmeOrg)) return true;
  if (!actor.roles.has('member') && !actor.roles.has('org_head')) return false;
  const personId = await personOfUser(q, actor.userId);
  if (personId && task.owner_person_id === personId) return true;
  if (!actor.roles.has('member')) return false;
  const memberOrgs = await orgSubtree(q, actor.wardId, actor.memberOf);
  return canEditOrg(memberOrgs, task.lead_org_id, programmeOrg);
}

/** Throws 403 unless the actor may approve or return (Standing Committee, admin); marks the running command's access as checked. */
export function requireApprover(actor: Pick<Actor, 'roles'>): void {
  if (!canApprove(actor)) throw forbidden();
  markAccessChecked();
}

/**
 * Throws 403 unless the actor may edit the programme or task plan of one of `orgIds` (see
 * `planOrg`); marks the running command's access as checked. Returns the editable organizations.
 */
export async function requireEditOrg(q: Queryable, actor: Actor, ...orgIds: (string | null | undefined)[]): Promise<Set<string> | 'all'> {
  const writable = await editableOrgs(q, actor);
  if (!canEditOrg(writable, ...orgIds)) throw forbidden();
  markAccessChecked();
  return writable;
}

/** Throws 403 unless the actor may post progress on the task (see `canReport`); marks the running command's access as checked. */
export async function requireReport(q: Queryable, actor: Actor, task: Pick<TaskRow, 'owner_person_id' | 'lead_org_id'>, programmeOrg: string | null): Promise<void> {
  if (!(await canReport(q, actor, task, programmeOrg, await editableOrgs(q, actor)))) throw forbidden();
  markAccessChecked();
}
