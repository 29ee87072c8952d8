// Who is told of each hand-off of a programme or task, and what (issue 11 item 2, docs/DESIGN.md
// D50). Called inside the command that makes the hand-off (its transaction), through
// platform/notify.ts: one notification per user and event (the de-duplication key names the event
// and the record's version after it), never to the actor, e-mailed after the commit by the
// notifications room's mailer.
// - submitted: the approvers (`approverOf`: the Standing Committee, or a branch's parent association's head);
// - approved, returned (with the comment): whoever submitted it and the heads of the owning organization;
// - assigned: the owner's accounts, when a task is created for them or handed to them.
import type { Queryable } from '../../db/index.ts';
import type { CommandContext } from '../../platform/command.ts';
import { translate } from '../../platform/i18n/index.ts';
import { notify, usersOfOrgs, usersOfPeople, usersOfRoles } from '../../platform/notify.ts';
import { formatDate } from '../../lib/vi/index.ts';
import { approverOf, type Approver } from './access.ts';

/** The account that last did `action` ('programme.submit', 'task.submit') on a record, from the audit log. */
export async function lastActor(q: Queryable, wardId: string, entityId: string, action: string): Promise<string | null> {
  const r = await q.selectFrom('audit_event').select('actor_user_id').where('ward_id', '=', wardId).where('entity_id', '=', entityId).where('action', '=', action).orderBy('at', 'desc').limit(1).executeTakeFirst();
  return r?.actor_user_id ?? null;
}

/** The accounts of an approver: Standing Committee members of the ward, or the association's heads. */
export async function approverUsers(q: Queryable, wardId: string, a: Approver): Promise<string[]> {
  return a.kind === 'standing' ? usersOfRoles(q, wardId, ['standing']) : usersOfOrgs(q, wardId, [a.orgId]);
}

/** The approver's name for people: "Ban Thường vụ" or the association's name. */
export function approverName(a: Approver): string {
  return a.kind === 'standing' ? translate('vi', 'approval.standing') : a.orgName;
}

async function orgName(q: Queryable, wardId: string, orgId: string | null): Promise<string> {
  if (!orgId) return '';
  const r = await q.selectFrom('organization').select('name').where('ward_id', '=', wardId).where('id', '=', orgId).executeTakeFirst();
  return r?.name ?? '';
}

/** Notifies `users` (the actor left out) of one event. Returns the users notified now. */
function tell(c: CommandContext, users: Iterable<string | null | undefined>, n: { kind: string; message: string; link: string; dedupeKey: string }): Promise<string[]> {
  const ids = new Set([...users].filter((u): u is string => !!u));
  if (c.actor.userId) ids.delete(c.actor.userId);
  return notify(c.trx, { wardId: c.actor.wardId, userIds: [...ids], ...n });
}

/** What a hand-off did, for the confirmation shown to the actor: who it went to. */
export interface HandoffResult {
  /** The approver's name (a submit) or the owning organization's (a decision). */
  to: string;
  notified: string[];
}

type Item = { kind: 'programme' | 'task'; id: string; title: string; orgId: string | null; versionAfter: number };

const link = (i: Item) => (i.kind === 'programme' ? `/app/programmes/${i.id}` : `/app/tasks/${i.id}`);

/** A programme or task submitted: tells its approvers ("Hội LHPN phường trình duyệt chương trình «…»"). */
export async function notifySubmitted(c: CommandContext, i: Item): Promise<HandoffResult> {
  const wardId = c.actor.wardId;
  const a = await approverOf(c.trx, wardId, i.orgId);
  const org = await orgName(c.trx, wardId, i.orgId);
  const message = translate('vi', `handoff.${i.kind}.submitted`, { org: org || c.actor.label, title: i.title });
  const notified = await tell(c, await approverUsers(c.trx, wardId, a), { kind: `${i.kind}_submitted`, message, link: link(i), dedupeKey: `${i.kind}:${i.id}:submitted:${i.versionAfter}` });
  return { to: approverName(a), notified };
}

/** A programme or task approved or returned: tells whoever submitted it and the heads of its organization, with the comment. */
export async function notifyDecided(c: CommandContext, i: Item, decision: 'approved' | 'returned', comment: string | null, extra: { version?: number } = {}): Promise<HandoffResult> {
  const wardId = c.actor.wardId;
  const submitter = await lastActor(c.trx, wardId, i.id, `${i.kind}.submit`);
  const heads = i.orgId ? await usersOfOrgs(c.trx, wardId, [i.orgId]) : [];
  const key = decision === 'approved' && comment ? `handoff.${i.kind}.approvedWith` : `handoff.${i.kind}.${decision}`;
  const message = translate('vi', key as 'handoff.task.approved', { title: i.title, comment: comment ?? '', version: extra.version ?? '' });
  const notified = await tell(c, [submitter, ...heads], { kind: `${i.kind}_${decision}`, message, link: link(i), dedupeKey: `${i.kind}:${i.id}:${decision}:${i.versionAfter}` });
  return { to: (await orgName(c.trx, wardId, i.orgId)) || c.actor.label, notified };
}

/** A task given to an owner (created for them, or its owner changed): tells the owner's accounts. */
export async function notifyAssigned(c: CommandContext, t: { id: string; title: string; ownerPersonId: string | null; dueOn: string | null; versionAfter: number }): Promise<string[]> {
  if (!t.ownerPersonId) return [];
  const users = await usersOfPeople(c.trx, c.actor.wardId, [t.ownerPersonId]);
  const message = t.dueOn ? translate('vi', 'handoff.task.assigned', { title: t.title, due: formatDate(t.dueOn) }) : translate('vi', 'handoff.task.assignedNoDue', { title: t.title });
  return tell(c, users, { kind: 'task_assigned', message, link: `/app/tasks/${t.id}`, dedupeKey: `task:${t.id}:assigned:${t.ownerPersonId}:${t.versionAfter}` });
}
