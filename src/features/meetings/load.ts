// Reading meetings for pages, the API, documents and the article: the list, and one meeting with
// everything its record holds — attendees printed with their posts of the day (frozen once the
// minutes are approved), the attendance counts, proceedings and conclusions with their status.
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { hasAccess } from '../../platform/access.ts';
import { notFound } from '../../platform/errors.ts';
import { fold, todayInVietnam, toIsoDate } from '../../lib/vi/index.ts';
import { sql } from 'kysely';
import { likeEscape } from '../../db/dialect.ts';
import { filterOrg, getOrg, inForceDuring, listOrgs, type OrgRow } from '../orgs/service.ts';
import { postsOnDateOf } from '../people/service.ts';
import { mayApproveMinutes, OPEN_STATUSES } from './meeting.ts';
import { printablePosts, withOrgs, type PrintPost } from './posts.ts';
import { conclusionProgress, type ConclusionProgress } from './progress.ts';
import { agendaRows, attendeeRows, conclusionRows, conclusionsOfOrgRows, directiveRows, fileRows, getMeetingRow, invitedOrgIds, kindRows, meetingPage, reportRows, type AgendaRow, type AttendeeRow, type DirectiveRow, type KindRow, type MeetingRow, type ReportRow } from './repo.ts';
import { PRESENT, type MeetingListQuery } from './schema.ts';
import { meetingScope, type MeetingScope } from './visibility.ts';

/** The meeting's calendar date in Vietnam, 'YYYY-MM-DD'. */
export function meetingDay(m: Pick<MeetingRow, 'starts_at'>): string {
  return toIsoDate(m.starts_at);
}

function canSee(scope: MeetingScope, actor: Actor, m: MeetingRow, invited: readonly string[], attendeePeople: readonly (string | null)[]): boolean {
  if (m.status === 'draft' && !(actor.roles.has('admin') || actor.roles.has('office'))) return false;
  if (scope === 'all') return true;
  const orgs = new Set(scope.orgIds);
  return orgs.has(m.host_org_id) || invited.some((o) => orgs.has(o)) || (!!scope.personId && attendeePeople.includes(scope.personId));
}

/** One page of the meetings the actor may see (drafts only for the office). */
export async function listMeetings(q: Queryable, actor: Actor, query: MeetingListQuery) {
  if (query.org) await filterOrg(q, actor, query.org); // 404 for another ward's organization
  const scope = await meetingScope(q, actor);
  const office = actor.roles.has('admin') || actor.roles.has('office');
  const terms = fold(query.q).split(/\s+/).filter(Boolean).slice(0, 8);
  return meetingPage(q, actor.wardId, scope, { terms, status: query.status, orgId: query.org, year: query.year ?? null, drafts: office }, query.page, query.page_size);
}

export interface AttendeeView extends AttendeeRow {
  /** Name as printed: the register's full name or the guest's. */
  name: string;
  /** Posts printed for a person of the register (frozen once approved); empty for guests. */
  posts: PrintPost[];
}

export interface AttendanceCounts {
  total: number;
  present: number;
  excused: { name: string; reason: string | null }[];
  absent: { name: string; reason: string | null }[];
  late: number;
  leftEarly: number;
}

export interface MeetingDetail {
  meeting: MeetingRow;
  day: string;
  kind: KindRow | undefined;
  host: OrgRow | undefined;
  chair: AttendeeView | { name: string; posts: PrintPost[] } | null;
  secretary: { name: string; posts: PrintPost[] } | null;
  invited: OrgRow[];
  orgs: Map<string, OrgRow>;
  agenda: AgendaRow[];
  attendees: AttendeeView[];
  counts: AttendanceCounts;
  reports: ReportRow[];
  directives: DirectiveRow[];
  conclusions: ConclusionProgress[];
  files: Awaited<ReturnType<typeof fileRows>>;
  canRecord: boolean;
  canApprove: boolean;
  open: boolean;
}

/** Counts for the minutes: "Có mặt … đồng chí; vắng … đồng chí (lý do)". Press is not counted. */
export function attendanceCounts(attendees: readonly AttendeeView[]): AttendanceCounts {
  const counted = attendees.filter((a) => a.role !== 'press');
  return {
    total: counted.length,
    present: counted.filter((a) => PRESENT.has(a.status)).length,
    excused: counted.filter((a) => a.status === 'excused').map((a) => ({ name: a.name, reason: a.reason })),
    absent: counted.filter((a) => a.status === 'absent').map((a) => ({ name: a.name, reason: a.reason })),
    late: counted.filter((a) => a.status === 'late').length,
    leftEarly: counted.filter((a) => a.status === 'left_early').length,
  };
}

async function personLine(q: Queryable, actor: Actor, personId: string | null, day: string): Promise<{ name: string; posts: PrintPost[] } | null> {
  if (!personId) return null;
  const p = await q.selectFrom('person').select('full_name').where('ward_id', '=', actor.wardId).where('id', '=', personId).executeTakeFirst();
  if (!p) return null;
  return { name: p.full_name, posts: printablePosts((await postsOnDateOf(q, actor, [personId], day)).get(personId) ?? []) };
}

/** The meeting with its whole record, if the actor may see it; else 404 (existence is not revealed). */
export async function getMeeting(q: Queryable, actor: Actor, id: string): Promise<MeetingDetail> {
  const meeting = await getMeetingRow(q, actor.wardId, id);
  if (!meeting) throw notFound();
  const [invitedIds, rows, scope] = await Promise.all([invitedOrgIds(q, actor.wardId, id), attendeeRows(q, actor.wardId, id), meetingScope(q, actor)]);
  if (!canSee(scope, actor, meeting, invitedIds, rows.map((r) => r.person_id))) throw notFound();
  const day = meetingDay(meeting);
  const approved = meeting.status === 'approved';
  const live = approved ? new Map<string, PrintPost[]>() : await postsOnDateOf(q, actor, rows.map((r) => r.person_id).filter((p): p is string => !!p), day);
  const allOrgs = await listOrgs(q, actor);
  const orgs = new Map(allOrgs.map((o) => [o.id, o]));
  const attendees: AttendeeView[] = rows.map((r) => ({
    ...r,
    name: r.full_name ?? r.guest_name ?? '',
    posts: r.person_id ? (approved && r.posts_frozen ? withOrgs(JSON.parse(r.posts_frozen) as PrintPost[], orgs) : printablePosts(live.get(r.person_id) ?? [])) : [],
  }));
  const [kinds, agenda, reports, directives, conclusions, files] = await Promise.all([
    kindRows(q, actor.wardId, true),
    agendaRows(q, actor.wardId, id),
    reportRows(q, actor.wardId, id),
    directiveRows(q, actor.wardId, id),
    conclusionRows(q, actor.wardId, [id]).then((c) => conclusionProgress(q, actor, c)),
    fileRows(q, actor.wardId, id),
  ]);
  const fromList = (pid: string | null) => attendees.find((a) => a.person_id && a.person_id === pid) ?? null;
  return {
    meeting,
    day,
    kind: kinds.find((k) => k.id === meeting.kind_id),
    host: orgs.get(meeting.host_org_id) ?? (await getOrg(q, actor, meeting.host_org_id)),
    chair: fromList(meeting.chair_person_id) ?? (await personLine(q, actor, meeting.chair_person_id, day)),
    secretary: fromList(meeting.secretary_person_id) ?? (await personLine(q, actor, meeting.secretary_person_id, day)),
    invited: invitedIds.map((o) => orgs.get(o)).filter((o): o is OrgRow => !!o),
    orgs,
    agenda,
    attendees,
    counts: attendanceCounts(attendees),
    reports,
    directives,
    conclusions,
    files,
    canRecord: await hasAccess(q, actor, 'meeting.record'),
    canApprove: meeting.status === 'held' && (await mayApproveMinutes(q, actor, meeting)),
    open: OPEN_STATUSES.has(meeting.status),
  };
}

/**
 * Choices for the meeting form and the record's forms: kinds, organizations, and people — not the
 * whole register (a ward has thousands), but those holding a post on `day` (who attend meetings),
 * the people named in `include` (the chair, attendees), and up to 50 whose name matches `search`
 * (diacritics optional) for anyone else.
 */
export async function meetingFormOptions(q: Queryable, actor: Actor, opts: { day?: string; include?: readonly (string | null)[]; search?: string } = {}) {
  const day = opts.day ?? todayInVietnam();
  const include = [...new Set((opts.include ?? []).filter((x): x is string => !!x))];
  const terms = fold(opts.search ?? '').split(/\s+/).filter(Boolean).slice(0, 5);
  const [kinds, orgs, holders, named, found] = await Promise.all([
    kindRows(q, actor.wardId),
    listOrgs(q, actor),
    // Driven from the posts (hundreds), not the people (thousands).
    q
      .selectFrom('position')
      .innerJoin('person', 'person.id', 'position.person_id')
      .select(['person.id', 'person.full_name', 'person.sort_key'])
      .distinct()
      .where('position.ward_id', '=', actor.wardId)
      .where('position.start_on', '<=', day)
      .where((f) => f.or([f('position.end_on', 'is', null), f('position.end_on', '>=', day)]))
      .execute(),
    include.length ? q.selectFrom('person').select(['id', 'full_name', 'sort_key']).where('ward_id', '=', actor.wardId).where('id', 'in', include).execute() : Promise.resolve([]),
    terms.length
      ? terms.reduce((qb, term) => qb.where(sql<boolean>`search_text like ${'%' + likeEscape(term) + '%'} escape '\\'`), q.selectFrom('person').select(['id', 'full_name', 'sort_key']).where('ward_id', '=', actor.wardId).where('ended_on', 'is', null)).orderBy('sort_key').limit(50).execute()
      : Promise.resolve([]),
  ]);
  const byId = new Map([...holders, ...named, ...found].map((p) => [p.id, p]));
  const people = [...byId.values()].sort((a, b) => (a.sort_key < b.sort_key ? -1 : a.sort_key > b.sort_key ? 1 : 0)).map((p) => ({ id: p.id, full_name: p.full_name }));
  return { kinds, orgs: orgs.filter((o) => inForceDuring(o, day)), people, found: found.length };
}

/** The meeting of conclusion `id`, if the actor may see that meeting; else 404. */
export async function conclusionMeeting(q: Queryable, actor: Actor, id: string): Promise<{ meetingId: string }> {
  const row = await q.selectFrom('meeting_conclusion').select('meeting_id').where('ward_id', '=', actor.wardId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  await getMeeting(q, actor, row.meeting_id);
  return { meetingId: row.meeting_id };
}

/** A conclusion naming an organization, as that organization's report reads it. */
export interface OrgConclusion {
  id: string;
  meeting_id: string;
  meeting_title: string;
  starts_at: string;
  number: number;
  kind: string;
  content: string;
  /** How the conclusion names the organization: lead, coordinating or addressed. */
  role: 'lead' | 'coordinating' | 'addressed';
  state: ConclusionProgress['state'];
}

/**
 * For an organization's report over the instants [from, to) (ISO UTC): the meetings it hosted that
 * took place (status held or approved), oldest first; the conclusions of meetings that took place
 * in that time (any host) naming it as lead, coordinating or addressed, with their derived state
 * at the close of `closeOf` ('YYYY-MM-DD'; null: as of today); and the ids of the portal articles
 * drafted from any meeting it hosted or was invited to. Ward-scoped, read-only, no visibility check
 * (the caller checked access to the organization's report).
 */
export async function orgMeetingRecord(q: Queryable, actor: Pick<Actor, 'wardId'>, orgId: string, from: string, to: string, closeOf: string | null) {
  const wardId = actor.wardId;
  const held = ['held', 'approved'];
  const [hosted, rows, articles] = await Promise.all([
    q.selectFrom('meeting').select(['id', 'title', 'starts_at']).where('ward_id', '=', wardId).where('host_org_id', '=', orgId).where('status', 'in', held).where('starts_at', '>=', from).where('starts_at', '<', to).orderBy('starts_at').orderBy('id').execute(),
    conclusionsOfOrgRows(q, wardId, orgId, from, to, held),
    q
      .selectFrom('meeting')
      .select('article_id')
      .where('ward_id', '=', wardId)
      .where('article_id', 'is not', null)
      .where((e) => e.or([e('host_org_id', '=', orgId), e.exists(e.selectFrom('meeting_org').select('meeting_org.org_id').whereRef('meeting_org.meeting_id', '=', 'meeting.id').where('meeting_org.ward_id', '=', wardId).where('meeting_org.org_id', '=', orgId))]))
      .execute(),
  ]);
  const progress = await conclusionProgress(q, actor, rows, undefined, closeOf ?? undefined);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const conclusions: OrgConclusion[] = progress.map(({ conclusion, state }) => {
    const c = byId.get(conclusion.id) as (typeof rows)[number];
    const role = c.lead_org_id === orgId ? 'lead' : c.coordinating_org_ids.includes(orgId) ? 'coordinating' : 'addressed';
    return { id: c.id, meeting_id: c.meeting_id, meeting_title: c.meeting_title, starts_at: c.starts_at, number: Number(c.number), kind: c.kind, content: c.content, role, state };
  });
  return { hosted, conclusions, articleIds: articles.map((a) => a.article_id as string) };
}
