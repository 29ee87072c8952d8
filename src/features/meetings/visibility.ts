// Who sees which meeting (issue 9, item 8): the office, the Standing Committee and admins see every
// meeting of the ward; an organization head sees the meetings hosted by or inviting an organization
// it heads (or one below it); a member those of its organizations; anyone sees a meeting they are
// an attendee of (through the person linked to their account).
import type { Expression, SqlBool, ExpressionBuilder } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../../platform/actor.ts';
import { actorPerson, memberOrgs, writableOrgs } from '../../platform/access.ts';

/** What an actor may see: every meeting of the ward, or those touching these organizations or this person. */
export type MeetingScope = 'all' | { orgIds: readonly string[]; personId: string | null };

/** The actor's meeting scope (memoized org scopes; one query for the linked person). */
export async function meetingScope(q: Queryable, actor: Actor): Promise<MeetingScope> {
  if (actor.roles.has('admin') || actor.roles.has('office') || actor.roles.has('standing')) return 'all';
  const writable = await writableOrgs(q, actor);
  if (writable === 'all') return 'all';
  const members = await memberOrgs(q, actor);
  return { orgIds: [...new Set([...writable, ...members])], personId: await actorPerson(q, actor) };
}

/**
 * A where-clause for `selectFrom('meeting')` limiting rows to the scope (the ward filter is the
 * caller's): host or an invited organization in `orgIds`, or the person among the attendees.
 */
export function inScope(scope: MeetingScope) {
  return (eb: ExpressionBuilder<DB, 'meeting'>): Expression<SqlBool> => {
    if (scope === 'all') return eb.lit(true);
    const ors: Expression<SqlBool>[] = [];
    if (scope.orgIds.length) {
      ors.push(eb('meeting.host_org_id', 'in', scope.orgIds));
      ors.push(eb.exists(eb.selectFrom('meeting_org').select('meeting_org.org_id').whereRef('meeting_org.meeting_id', '=', 'meeting.id').where('meeting_org.org_id', 'in', scope.orgIds)));
    }
    if (scope.personId) ors.push(eb.exists(eb.selectFrom('meeting_attendee').select('meeting_attendee.id').whereRef('meeting_attendee.meeting_id', '=', 'meeting.id').where('meeting_attendee.person_id', '=', scope.personId)));
    return ors.length ? eb.or(ors) : eb.lit(false);
  };
}
