// "What waits for this actor's approval" (issue 11 item 5 and its leftovers, D50, D60): one
// answer for the home page's queue ("Chờ tôi duyệt"), the bulk approval page
// (/app/tasks/approvals) and anything else that lists submitted work for an approver. It is the
// rule of `mayApprove` (access.ts) written as one SQL condition on the work's plan organization,
// so a list and its count never disagree with the approve/return commands.
import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { writableOrgs, writingActor } from '../../platform/access.ts';
import { canApprove, MASS_ASSOCIATION_KINDS } from './access.ts';

/**
 * Whose work the actor approves: `standing` — every organization that is not a branch of a mass
 * association (and work without an organization); `associations` — the branches whose parent
 * association is one of these ids ('all': every branch, the admin). null: nothing.
 */
export interface ApprovalScope {
  standing: boolean;
  associations: 'all' | readonly string[];
}

/**
 * The actor's approval scope, from the roles it holds at the ward (`writingActor`: a body above
 * reads, never approves): the admin approves everything; the Standing Committee the non-branch
 * work; an organization head the branches under an association it may write (its subtree).
 */
export async function approvalScope(q: Queryable, reader: Actor): Promise<ApprovalScope | null> {
  const actor = await writingActor(q, reader);
  if (actor.roles.has('admin')) return { standing: true, associations: 'all' };
  const standing = canApprove(actor);
  let associations: string[] = [];
  if (actor.roles.has('org_head')) {
    const scope = await writableOrgs(q, actor);
    if (scope !== 'all') associations = [...scope];
  }
  if (!standing && associations.length === 0) return null;
  return { standing, associations };
}

/**
 * SQL: the plan organization `planOrg` (a column or expression naming an organization id, or null)
 * is approved by an actor of `scope` — exactly `mayApprove` (access.ts): a branch (its parent's
 * kind in MASS_ASSOCIATION_KINDS) by its association's heads, everything else by the Standing
 * Committee; the admin both.
 */
export function approvedWithin(wardId: string, scope: ApprovalScope, planOrg: RawBuilder<string | null>): RawBuilder<boolean> {
  const kinds = sql.join(MASS_ASSOCIATION_KINDS.map((k) => sql`${k}`));
  const parentOf = (extra: RawBuilder<unknown>) =>
    sql`exists (select 1 from organization ao inner join organization ap on ap.id = ao.parent_id and ap.ward_id = ao.ward_id where ao.ward_id = ${wardId} and ao.id = ${planOrg} and ap.kind in (${kinds})${extra})`;
  const parts: RawBuilder<unknown>[] = [];
  if (scope.standing) parts.push(sql`not ${parentOf(sql``)}`);
  if (scope.associations === 'all') parts.push(parentOf(sql``));
  else if (scope.associations.length) parts.push(parentOf(sql` and ap.id in (${sql.join(scope.associations.map((id) => sql`${id}`))})`));
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` or `)})` : sql<boolean>`1 = 0`;
}

/** The plan organization of a task in SQL (its programme's organization, else its lead), as `planOrg` (access.ts). */
export const taskPlanOrg = sql<string | null>`coalesce(programme.org_id, task.lead_org_id)`;

/**
 * Builders of the ward's submitted programmes and tasks that the actor approves, or null when it
 * approves nothing. Each call makes a fresh query (`programme` / `task` left-joined to its
 * `programme`), for the caller to select, order, limit and count.
 */
export async function awaitingApproval(q: Queryable, actor: Actor) {
  const scope = await approvalScope(q, actor);
  if (!scope) return null;
  const wardId = actor.wardId;
  return {
    programmes: () => q.selectFrom('programme').where('programme.ward_id', '=', wardId).where('programme.status', '=', 'submitted').where(approvedWithin(wardId, scope, sql`programme.org_id`)),
    tasks: () =>
      q
        .selectFrom('task')
        .leftJoin('programme', 'programme.id', 'task.programme_id')
        .where('task.ward_id', '=', wardId)
        .where('task.approval', '=', 'submitted')
        .where(approvedWithin(wardId, scope, taskPlanOrg)),
  };
}
