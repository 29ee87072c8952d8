// Queries of the meetings room, always scoped by ward. Writes take a CommandTx (or a MaintenanceTx
// for demo data): they run inside the command that checked access.
import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import { likeEscape } from '../../db/dialect.ts';
import type { MeetingScope } from './visibility.ts';
import { inScope } from './visibility.ts';

export function getMeetingRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('meeting').selectAll().where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}
export type MeetingRow = NonNullable<Awaited<ReturnType<typeof getMeetingRow>>>;

/** Kinds a ward may use: built-in (ward_id null) and its own, active ones unless `all`. */
export function kindRows(q: Queryable, wardId: string, all = false) {
  let query = q.selectFrom('meeting_kind').selectAll().where((e) => e.or([e('ward_id', 'is', null), e('ward_id', '=', wardId)]));
  if (!all) query = query.where('active', '=', 1);
  return query.orderBy('sort_order').orderBy('name').execute();
}
export type KindRow = Awaited<ReturnType<typeof kindRows>>[number];

export interface MeetingFilter {
  terms: string[];
  status: string | null;
  orgId: string | null;
  year: number | null;
  /** Whether drafts are listed (the office's only). */
  drafts: boolean;
}

/** One page of meetings in scope, newest first, with kind and host names; and the total. */
export async function meetingPage(q: Queryable, wardId: string, scope: MeetingScope, f: MeetingFilter, page: number, size: number) {
  let query = q.selectFrom('meeting').where('meeting.ward_id', '=', wardId).where(inScope(scope));
  if (!f.drafts) query = query.where('meeting.status', '!=', 'draft');
  if (f.status) query = query.where('meeting.status', '=', f.status);
  if (f.orgId) {
    const org = f.orgId;
    query = query.where((e) => e.or([e('meeting.host_org_id', '=', org), e.exists(e.selectFrom('meeting_org').select('meeting_org.org_id').whereRef('meeting_org.meeting_id', '=', 'meeting.id').where('meeting_org.org_id', '=', org))]));
  }
  if (f.year) query = query.where('meeting.starts_at', '>=', `${f.year - 1}-12-31T17:00:00.000Z`).where('meeting.starts_at', '<', `${f.year}-12-31T17:00:00.000Z`);
  for (const term of f.terms) query = query.where(sql<boolean>`meeting.search_text like ${'%' + likeEscape(term) + '%'} escape '\\'`);
  const total = await query.select((e) => e.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await query
    .innerJoin('meeting_kind', 'meeting_kind.id', 'meeting.kind_id')
    .innerJoin('organization as host', 'host.id', 'meeting.host_org_id')
    .select(['meeting.id', 'meeting.title', 'meeting.starts_at', 'meeting.ends_at', 'meeting.place', 'meeting.status', 'meeting.host_org_id', 'meeting_kind.name as kind_name', 'meeting_kind.name_en as kind_name_en', 'host.name as host_name'])
    .orderBy('meeting.starts_at', 'desc')
    .orderBy('meeting.id', 'desc')
    .limit(size)
    .offset((page - 1) * size)
    .execute();
  return { rows, total: Number(total?.n ?? 0) };
}

export function invitedOrgIds(q: Queryable, wardId: string, meetingId: string) {
  return q.selectFrom('meeting_org').select('org_id').where('ward_id', '=', wardId).where('meeting_id', '=', meetingId).execute().then((r) => r.map((x) => x.org_id));
}

export function agendaRows(q: Queryable, wardId: string, meetingId: string) {
  return q.selectFrom('meeting_agenda_item').selectAll().where('ward_id', '=', wardId).where('meeting_id', '=', meetingId).orderBy('position').execute();
}
export type AgendaRow = Awaited<ReturnType<typeof agendaRows>>[number];

export function attendeeRows(q: Queryable, wardId: string, meetingId: string) {
  return q
    .selectFrom('meeting_attendee')
    .leftJoin('person', 'person.id', 'meeting_attendee.person_id')
    .selectAll('meeting_attendee')
    .select(['person.full_name', 'person.sort_key'])
    .where('meeting_attendee.ward_id', '=', wardId)
    .where('meeting_attendee.meeting_id', '=', meetingId)
    .orderBy('meeting_attendee.position')
    .execute();
}
export type AttendeeRow = Awaited<ReturnType<typeof attendeeRows>>[number];

export function reportRows(q: Queryable, wardId: string, meetingId: string) {
  return q
    .selectFrom('meeting_report')
    .innerJoin('organization', 'organization.id', 'meeting_report.org_id')
    .leftJoin('person', 'person.id', 'meeting_report.presenter_person_id')
    .selectAll('meeting_report')
    .select(['organization.name as org_name', 'organization.short_name as org_short', 'person.full_name as presenter_name'])
    .where('meeting_report.ward_id', '=', wardId)
    .where('meeting_report.meeting_id', '=', meetingId)
    .orderBy('meeting_report.position')
    .execute();
}
export type ReportRow = Awaited<ReturnType<typeof reportRows>>[number];

export async function directiveRows(q: Queryable, wardId: string, meetingId: string) {
  const rows = await q
    .selectFrom('meeting_directive')
    .leftJoin('person', 'person.id', 'meeting_directive.speaker_person_id')
    .selectAll('meeting_directive')
    .select(['person.full_name as speaker_full_name'])
    .where('meeting_directive.ward_id', '=', wardId)
    .where('meeting_directive.meeting_id', '=', meetingId)
    .orderBy('meeting_directive.position')
    .execute();
  const orgs = rows.length
    ? await q.selectFrom('meeting_directive_org').select(['directive_id', 'org_id']).where('ward_id', '=', wardId).where('directive_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  return rows.map((r) => ({ ...r, org_ids: orgs.filter((o) => o.directive_id === r.id).map((o) => o.org_id) }));
}
export type DirectiveRow = Awaited<ReturnType<typeof directiveRows>>[number];

export async function conclusionRows(q: Queryable, wardId: string, meetingIds: readonly string[]) {
  if (meetingIds.length === 0) return [];
  const rows = await q.selectFrom('meeting_conclusion').selectAll().where('ward_id', '=', wardId).where('meeting_id', 'in', [...meetingIds]).orderBy('meeting_id').orderBy('number').execute();
  const orgs = rows.length
    ? await q.selectFrom('meeting_conclusion_org').select(['conclusion_id', 'org_id', 'role']).where('ward_id', '=', wardId).where('conclusion_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  return rows.map((r) => {
    const mine = orgs.filter((o) => o.conclusion_id === r.id);
    return {
      ...r,
      coordinating_org_ids: mine.filter((o) => o.role === 'coordinating').map((o) => o.org_id),
      addressed_org_ids: mine.filter((o) => o.role === 'addressed').map((o) => o.org_id),
    };
  });
}
export type ConclusionRow = Awaited<ReturnType<typeof conclusionRows>>[number];

/**
 * Conclusions of the meetings in `statuses` that started in [from, to) (ISO instants) naming
 * organization `orgId` (lead, or a coordinating/addressed row), with their meeting's title and
 * start and their organization lists (as `conclusionRows`), by meeting start then number.
 */
export async function conclusionsOfOrgRows(q: Queryable, wardId: string, orgId: string, from: string, to: string, statuses: readonly string[]) {
  const rows = await q
    .selectFrom('meeting_conclusion as c')
    .innerJoin('meeting as m', 'm.id', 'c.meeting_id')
    .selectAll('c')
    .select(['m.title as meeting_title', 'm.starts_at'])
    .where('c.ward_id', '=', wardId)
    .where('m.ward_id', '=', wardId)
    .where('m.status', 'in', [...statuses])
    .where('m.starts_at', '>=', from)
    .where('m.starts_at', '<', to)
    .where((e) => e.or([e('c.lead_org_id', '=', orgId), e.exists(e.selectFrom('meeting_conclusion_org as co').select('co.org_id').whereRef('co.conclusion_id', '=', 'c.id').where('co.ward_id', '=', wardId).where('co.org_id', '=', orgId))]))
    .orderBy('m.starts_at')
    .orderBy('c.number')
    .execute();
  const orgs = rows.length
    ? await q.selectFrom('meeting_conclusion_org').select(['conclusion_id', 'org_id', 'role']).where('ward_id', '=', wardId).where('conclusion_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  return rows.map((r) => {
    const mine = orgs.filter((o) => o.conclusion_id === r.id);
    return { ...r, coordinating_org_ids: mine.filter((o) => o.role === 'coordinating').map((o) => o.org_id), addressed_org_ids: mine.filter((o) => o.role === 'addressed').map((o) => o.org_id) };
  });
}

export function getConclusionRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('meeting_conclusion').selectAll().where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}

/** The latest earlier meeting of the same host body that took place (held or approved), for carried conclusions. */
export function previousMeetingOf(q: Queryable, wardId: string, hostOrgId: string, before: string, exceptId: string) {
  return q
    .selectFrom('meeting')
    .select(['id', 'title', 'starts_at'])
    .where('ward_id', '=', wardId)
    .where('host_org_id', '=', hostOrgId)
    .where('starts_at', '<', before)
    .where('status', 'in', ['held', 'approved'])
    .where('id', '!=', exceptId)
    .orderBy('starts_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function fileRows(q: Queryable, wardId: string, meetingId: string) {
  return q
    .selectFrom('meeting_file')
    .innerJoin('work_file', 'work_file.id', 'meeting_file.file_id')
    .select(['work_file.id', 'work_file.original_name', 'work_file.content_type', 'work_file.size_bytes', 'meeting_file.agenda_item_id', 'meeting_file.created_at'])
    .where('meeting_file.ward_id', '=', wardId)
    .where('meeting_file.meeting_id', '=', meetingId)
    .orderBy('meeting_file.created_at')
    .execute();
}

/** Next position in an ordered child table of a meeting (agenda, attendees, reports, directives). */
export async function nextPosition(q: Queryable, table: 'meeting_agenda_item' | 'meeting_attendee' | 'meeting_report' | 'meeting_directive', wardId: string, meetingId: string): Promise<number> {
  const r = await q.selectFrom(table).select((e) => e.fn.max('position').as('m')).where('ward_id', '=', wardId).where('meeting_id', '=', meetingId).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}

export async function nextConclusionNumber(q: Queryable, wardId: string, meetingId: string): Promise<number> {
  const r = await q.selectFrom('meeting_conclusion').select((e) => e.fn.max('number').as('m')).where('ward_id', '=', wardId).where('meeting_id', '=', meetingId).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
}
