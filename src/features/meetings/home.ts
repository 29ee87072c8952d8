// Reads for the home page "Việc của tôi" (issue 11 item 1, docs/DESIGN.md D49): the meetings the
// actor attends in the coming days, and the held meetings whose minutes wait for the actor's
// approval. Bounded (a limit and a count). Who approves minutes is `mayApproveMinutes` (meeting.ts);
// who sees a meeting is `meetingScope`/`inScope` (visibility.ts) — the rules of the meeting pages.
import type { Queryable } from '../../db/index.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { actorPerson, hasAccess } from '../../platform/access.ts';
import { mayApproveMinutes } from './meeting.ts';
import { inScope, meetingScope } from './visibility.ts';

/** A meeting on the home page. */
export interface MeetingLine {
  id: string;
  title: string;
  starts_at: string;
  place: string;
  status: string;
}

/**
 * Meetings convened (and, for those who record meetings, drafts) starting from `from` to `to`
 * (ISO instants), that the actor attends: listed as an attendee, chair or secretary (its person),
 * hosted by or inviting one of its organizations (headOf ∪ memberOf), or — for whoever records
 * the ward's meetings (`meeting.record`) — every one. Soonest first, `limit`, with the total.
 */
export async function upcomingMeetings(q: Queryable, actor: Actor, from: string, to: string, limit: number): Promise<{ items: MeetingLine[]; total: number }> {
  const recorder = await hasAccess(q, actor, 'meeting.record');
  const person = await actorPerson(q, actor);
  const orgs = [...new Set([...actor.headOf, ...actor.memberOf])];
  if (!recorder && !person && orgs.length === 0) return { items: [], total: 0 };
  const scope = await meetingScope(q, actor);
  const base = () =>
    q
      .selectFrom('meeting')
      .where('meeting.ward_id', '=', actor.wardId)
      .where('meeting.starts_at', '>=', from)
      .where('meeting.starts_at', '<=', to)
      .where('meeting.status', 'in', recorder ? ['draft', 'convened'] : ['convened'])
      .where(inScope(scope))
      .where((e) => {
        if (recorder) return e.lit(true);
        const ors = [];
        if (person)
          ors.push(
            e('meeting.chair_person_id', '=', person),
            e('meeting.secretary_person_id', '=', person),
            e.exists(e.selectFrom('meeting_attendee').select('meeting_attendee.id').whereRef('meeting_attendee.meeting_id', '=', 'meeting.id').where('meeting_attendee.person_id', '=', person)),
          );
        if (orgs.length)
          ors.push(
            e('meeting.host_org_id', 'in', orgs),
            e.exists(e.selectFrom('meeting_org').select('meeting_org.org_id').whereRef('meeting_org.meeting_id', '=', 'meeting.id').where('meeting_org.org_id', 'in', orgs)),
          );
        return e.or(ors);
      });
  const [rows, count] = await Promise.all([
    base().select(['meeting.id', 'meeting.title', 'meeting.starts_at', 'meeting.place', 'meeting.status']).orderBy('meeting.starts_at').orderBy('meeting.id').limit(limit).execute(),
    base().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows, total: toNumber(count.n) };
}

/**
 * Held meetings (minutes not yet approved) that the actor may approve (`mayApproveMinutes`: the
 * chair, or a Standing Committee member of the ward), oldest first, at most `limit`. Looks at the
 * 50 oldest held meetings the actor sees (a ward holds a few a month); the check is per meeting.
 */
export async function minutesAwaitingMe(q: Queryable, actor: Actor, limit: number): Promise<{ items: MeetingLine[]; total: number }> {
  if (!(await actorPerson(q, actor))) return { items: [], total: 0 };
  const scope = await meetingScope(q, actor);
  const held = await q
    .selectFrom('meeting')
    .select(['meeting.id', 'meeting.title', 'meeting.starts_at', 'meeting.place', 'meeting.status', 'meeting.chair_person_id'])
    .where('meeting.ward_id', '=', actor.wardId)
    .where('meeting.status', '=', 'held')
    .where(inScope(scope))
    .orderBy('meeting.starts_at')
    .limit(50)
    .execute();
  const mine: MeetingLine[] = [];
  for (const m of held) if (await mayApproveMinutes(q, actor, m)) mine.push({ id: m.id, title: m.title, starts_at: m.starts_at, place: m.place, status: m.status });
  return { items: mine.slice(0, limit), total: mine.length };
}
