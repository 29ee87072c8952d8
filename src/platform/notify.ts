// In-app notifications of events (a meeting convened, moved or cancelled…), de-duplicated: one
// notification per user and event, across instances and retries, by the unique index
// (user_id, dedupe_key) of migration 0005 and `on conflict do nothing`. Written inside the command
// that causes the event (its CommandTx), so a rolled-back command notifies nobody; e-mail, if any,
// goes after the commit (platform/mail.ts) to the users `notify` reports as newly notified.
import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Queryable } from '../db/index.ts';
import { newId, nowIso } from '../db/dialect.ts';
import type { CommandTx, MaintenanceTx } from './command.ts';

/** One event to tell some users about. */
export interface Notice {
  /** The ward the event belongs to (notifications are listed per ward). */
  wardId: string;
  /** Recipients (app_user ids); duplicates are ignored. */
  userIds: readonly string[];
  /** What happened, a short code: 'meeting.convened', 'meeting.moved', 'meeting.cancelled', … */
  kind: string;
  /** The text shown, already in Vietnamese (notifications are stored as text). */
  message: string;
  /** Path of the item, e.g. '/app/meetings/<id>', or null. */
  link: string | null;
  /**
   * Identity of the event: a second notice with the same key reaches nobody who already has one.
   * Make it change when the event is news again, e.g. `meeting:<id>:convened:<ics_sequence>`.
   */
  dedupeKey: string;
  /**
   * True when the caller sends its own e-mail about the event (a meeting invitation with its .ics,
   * a reminder): the notification is stored as already mailed, so the notification mailer
   * (features/notifications/mail.ts) does not mail it again. Default false: the mailer mails it to
   * users who chose immediate mail, or lists it in their daily digest.
   */
  mailed?: boolean;
}

/**
 * Inserts one notification per recipient (one statement), skipping users who already hold one with
 * this `dedupeKey`. Returns the ids of the users notified now (to e-mail them after the commit).
 * `q`: the running command's transaction, or maintenance (demo, tests).
 */
export async function notify(q: CommandTx | MaintenanceTx, n: Notice): Promise<string[]> {
  const users = [...new Set(n.userIds)];
  if (users.length === 0) return [];
  const at = nowIso();
  const mailedAt = n.mailed ? at : null;
  const rows = await q
    .insertInto('notification')
    .values(users.map((userId) => ({ id: newId(), ward_id: n.wardId, user_id: userId, kind: n.kind, task_id: null, message: n.message, created_at: at, read_at: null, link: n.link, dedupe_key: n.dedupeKey, mailed_at: mailedAt })))
    .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
    .returning('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** Counting unread notifications stops here: the header says "more than 99" beyond it. */
export const UNREAD_CAP = 100;

/**
 * The unread notifications of user `userId` in ward `wardId` (values, or column references such as
 * `sql.ref('app_user.id')` to read it with another row), counted up to UNREAD_CAP: a scalar
 * subquery on the partial index notification_unread_idx (migration 0021). The cap is a literal:
 * SQLite answers a bound `limit ?` here 2.5× slower (10 µs against 4 µs on this machine). The count
 * is a number on SQLite and a bigint string on PostgreSQL (`toNumber`).
 */
export function unreadCountOf(userId: string | Expression<string>, wardId: string | Expression<string>): RawBuilder<number | string | bigint> {
  return sql`(select count(*) from (select 1 from notification where user_id = ${userId} and ward_id = ${wardId} and read_at is null limit ${sql.lit(UNREAD_CAP)}) as unread)`;
}

/**
 * Users who head these organizations of the ward: an `org_head` grant naming one of `orgIds`
 * (role_grant.org_id). Disabled accounts are left out. Ids sorted, without duplicates.
 */
export async function usersOfOrgs(q: Queryable, wardId: string, orgIds: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const rows = await q
    .selectFrom('role_grant')
    .innerJoin('organization', 'organization.id', 'role_grant.org_id')
    .innerJoin('app_user', 'app_user.id', 'role_grant.user_id')
    .select('role_grant.user_id')
    .distinct()
    .where('organization.ward_id', '=', wardId)
    .where('role_grant.org_id', 'in', [...orgIds])
    .where('role_grant.role', '=', 'org_head')
    .where('app_user.disabled', '=', 0)
    .execute();
  return rows.map((r) => r.user_id).sort();
}

/**
 * Users whose account is linked to one of these people of the ward (app_user.person_id), e.g.
 * the attendees of a meeting. Disabled accounts are left out. Ids sorted, without duplicates.
 */
export async function usersOfPeople(q: Queryable, wardId: string, personIds: readonly string[]): Promise<string[]> {
  if (personIds.length === 0) return [];
  const rows = await q
    .selectFrom('app_user')
    .innerJoin('person', 'person.id', 'app_user.person_id')
    .select('app_user.id')
    .distinct()
    .where('person.ward_id', '=', wardId)
    .where('person.id', 'in', [...personIds])
    .where('app_user.disabled', '=', 0)
    .execute();
  return rows.map((r) => r.id).sort();
}

/**
 * E-mail addresses of users (the person linked to each account), for mail after a `notify`.
 * Users without a linked person or without an address are left out, and so are users who chose
 * not to receive mail now (`app_user.mail_mode` 'digest' or 'off', set on /app/account).
 */
export async function emailsOfUsers(q: Queryable, userIds: readonly string[]): Promise<{ userId: string; email: string }[]> {
  if (userIds.length === 0) return [];
  const rows = await q
    .selectFrom('app_user')
    .innerJoin('person', 'person.id', 'app_user.person_id')
    .select(['app_user.id', 'person.email'])
    .where('app_user.id', 'in', [...userIds])
    .where('app_user.disabled', '=', 0)
    .where('app_user.mail_mode', '=', 'now')
    .execute();
  return rows.filter((r): r is { id: string; email: string } => !!r.email).map((r) => ({ userId: r.id, email: r.email }));
}

/**
 * Users holding one of `roles` in the ward (a grant at the ward unit), e.g. the office that receives
 * submitted reports. Disabled accounts are left out. Ids sorted, without duplicates.
 */
export async function usersOfRoles(q: Queryable, wardId: string, roles: readonly string[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await q
    .selectFrom('role_grant')
    .innerJoin('app_user', 'app_user.id', 'role_grant.user_id')
    .select('role_grant.user_id')
    .distinct()
    .where('role_grant.unit_id', '=', wardId)
    .where('role_grant.role', 'in', [...roles])
    .where('app_user.disabled', '=', 0)
    .execute();
  return rows.map((r) => r.user_id).sort();
}
