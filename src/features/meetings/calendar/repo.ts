// Reads of the meetings calendar: meeting rows for the month view and the .ics files (always
// ward-scoped and limited by the actor's meeting scope, features/meetings/visibility.ts), their
// attendees and agenda, and the personal calendar feeds (calendar_feed). Writes take a CommandTx.
import type { Queryable } from '../../../db/index.ts';
import type { CommandTx } from '../../../platform/command.ts';
import { inScope, type MeetingScope } from '../visibility.ts';

/** Which meetings a reader sees: the scope, and whether drafts too (the office only). */
export interface Visibility {
  scope: MeetingScope;
  drafts: boolean;
}

/** A meeting as the calendar shows it. Instants are ISO UTC text. */
export interface CalMeeting {
  id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  place: string;
  status: string;
  ics_sequence: number;
  cancel_reason: string | null;
  created_at: string;
  updated_at: string;
  kind_name: string;
  kind_name_en: string | null;
  host_name: string;
  chair_name: string | null;
}

function meetings(q: Queryable, wardId: string, vis: Visibility) {
  return q
    .selectFrom('meeting')
    .where('meeting.ward_id', '=', wardId)
    .where(inScope(vis.scope))
    .$if(!vis.drafts, (qb) => qb.where('meeting.status', '!=', 'draft'))
    .innerJoin('meeting_kind', 'meeting_kind.id', 'meeting.kind_id')
    .innerJoin('organization as host', 'host.id', 'meeting.host_org_id')
    .leftJoin('person as chair', 'chair.id', 'meeting.chair_person_id')
    .select([
      'meeting.id',
      'meeting.title',
      'meeting.starts_at',
      'meeting.ends_at',
      'meeting.place',
      'meeting.status',
      'meeting.ics_sequence',
      'meeting.cancel_reason',
      'meeting.created_at',
      'meeting.updated_at',
      'meeting_kind.name as kind_name',
      'meeting_kind.name_en as kind_name_en',
      'host.name as host_name',
      'chair.full_name as chair_name',
    ]);
}

/** Meetings of the ward visible to `vis` starting in [from, to) (ISO UTC), by start time then id. */
export function meetingsStarting(q: Queryable, wardId: string, vis: Visibility, from: string, to: string): Promise<CalMeeting[]> {
  return meetings(q, wardId, vis).where('meeting.starts_at', '>=', from).where('meeting.starts_at', '<', to).orderBy('meeting.starts_at').orderBy('meeting.id').execute();
}

/** One meeting of the ward if `vis` sees it, else undefined (another ward's id, out of scope, a draft). */
export function visibleMeeting(q: Queryable, wardId: string, vis: Visibility, id: string): Promise<CalMeeting | undefined> {
  return meetings(q, wardId, vis).where('meeting.id', '=', id).executeTakeFirst();
}

/** An attendee as an invitation names it: a person of the register or a guest by name. */
export interface CalAttendee {
  meeting_id: string;
  id: string;
  person_id: string | null;
  full_name: string | null;
  email: string | null;
  guest_name: string | null;
  guest_title: string | null;
  role: string;
  status: string;
}

const CHUNK = 500;
function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** Attendees of these meetings, in their print order. */
export async function attendeesOf(q: Queryable, wardId: string, meetingIds: readonly string[]): Promise<CalAttendee[]> {
  const out: CalAttendee[] = [];
  for (const ids of chunks(meetingIds)) {
    const rows = await q
      .selectFrom('meeting_attendee as a')
      .leftJoin('person as p', 'p.id', 'a.person_id')
      .select(['a.meeting_id', 'a.id', 'a.person_id', 'p.full_name', 'p.email', 'a.guest_name', 'a.guest_title', 'a.role', 'a.status'])
      .where('a.ward_id', '=', wardId)
      .where('a.meeting_id', 'in', ids)
      .orderBy('a.meeting_id')
      .orderBy('a.position')
      .execute();
    out.push(...rows);
  }
  return out;
}

/** Agenda item titles of these meetings, in order. */
export async function agendaOf(q: Queryable, wardId: string, meetingIds: readonly string[]): Promise<{ meeting_id: string; title: string }[]> {
  const out: { meeting_id: string; title: string }[] = [];
  for (const ids of chunks(meetingIds)) {
    out.push(...(await q.selectFrom('meeting_agenda_item').select(['meeting_id', 'title']).where('ward_id', '=', wardId).where('meeting_id', 'in', ids).orderBy('meeting_id').orderBy('position').execute()));
  }
  return out;
}

/** The name of a ward (unit), for the feed's calendar name. */
export async function wardName(q: Queryable, wardId: string): Promise<string> {
  // ward-scope: the ward's own unit row, by the ward id.
  const r = await q.selectFrom('unit').select('name').where('id', '=', wardId).executeTakeFirst();
  return r?.name ?? '';
}

// ---------------------------------------------------------------------------------------------
// Personal calendar feeds.

/** The user's live (not revoked) feed in the ward, newest first; undefined when none. */
export function liveFeed(q: Queryable, wardId: string, userId: string): Promise<{ id: string; created_at: string } | undefined> {
  return q.selectFrom('calendar_feed').select(['id', 'created_at']).where('ward_id', '=', wardId).where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
}

/** The feed with this token hash (any ward, revoked or not); undefined when unknown. */
export function feedByHash(q: Queryable, tokenHash: string): Promise<{ id: string; ward_id: string; user_id: string; revoked_at: string | null } | undefined> {
  return q.selectFrom('calendar_feed').select(['id', 'ward_id', 'user_id', 'revoked_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Stores a new feed (in `calendar_feed.create`). */
export async function insertFeed(trx: CommandTx, row: { id: string; ward_id: string; user_id: string; token_hash: string; created_at: string }): Promise<void> {
  await trx.insertInto('calendar_feed').values({ ...row, revoked_at: null }).execute();
}

/** Revokes every live feed of the user in the ward; returns the ids revoked (in the feed commands). */
export async function revokeFeeds(trx: CommandTx, wardId: string, userId: string, at: string): Promise<string[]> {
  const rows = await trx.updateTable('calendar_feed').set({ revoked_at: at }).where('ward_id', '=', wardId).where('user_id', '=', userId).where('revoked_at', 'is', null).returning('id').execute();
  return rows.map((r) => r.id);
}

/** A feed of the ward by id (owner and state), for the revoke command; undefined when unknown there. */
export function feedOfWard(q: Queryable, wardId: string, id: string): Promise<{ id: string; user_id: string; revoked_at: string | null } | undefined> {
  return q.selectFrom('calendar_feed').select(['id', 'user_id', 'revoked_at']).where('id', '=', id).where('ward_id', '=', wardId).executeTakeFirst();
}

/** Revokes one live feed (in `calendar_feed.revoke`). */
export async function revokeFeedById(trx: CommandTx, id: string, at: string): Promise<void> {
  // ward-scope: the id comes from feedOfWard (ward-scoped) in the same command.
  await trx.updateTable('calendar_feed').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
