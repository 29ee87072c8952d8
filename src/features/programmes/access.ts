import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';
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
export const SOURCE_READERS: readonly Role[] = PROG_READERS;
export const SOURCE_WRITERS: readonly Role[] = ['admin', 'office', 'org_head'];

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
