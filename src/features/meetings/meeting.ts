// A meeting's lifecycle (issue 9, item 1): create, edit (a convened meeting whose time or place
// changes is "moved": the calendar SEQUENCE rises and the invited are told), convene (invitations
// sent), held, minutes approved (attendees' posts frozen), cancelled. Every write is one command
// with its audit row; only the office records (`meeting.record`), the Standing Committee or the
// meeting's chair approve the minutes.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { actorPerson, hasAccess, requireAccess, requireThat } from '../../platform/access.ts';
import { runCommand, type CommandContext } from '../../platform/command.ts';
import { AppError, conflict, notFound, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { clipAtWord, fold, formatDateTime, toIsoDate } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { postsOnDateOf } from '../people/service.ts';
import { notifyMeeting } from './notify.ts';
import { frozenPost, printablePosts } from './posts.ts';
import { agendaRows, conclusionRows, getMeetingRow, kindRows, nextPosition, previousMeetingOf, type MeetingRow } from './repo.ts';
import { vnInstant, type CancelInput, type HeldInput, type MeetingInput, type MeetingUpdateInput } from './schema.ts';
import { conclusionProgress } from './progress.ts';

/** Statuses in which the record may still be written (agenda, attendance, proceedings). */
export const OPEN_STATUSES: ReadonlySet<string> = new Set(['draft', 'convened', 'held']);

/** The meeting of the actor's ward, or 404. */
export async function meetingRowOr404(q: Queryable, wardId: string, id: string): Promise<MeetingRow> {
  const m = await getMeetingRow(q, wardId, id);
  if (!m) throw notFound();
  return m;
}

/** 422 unless the meeting's record is still open (not approved, not cancelled). */
export function requireOpen(m: MeetingRow): void {
  if (m.status === 'approved') throw new AppError(422, 'meeting.err.approvedLocked');
  if (m.status === 'cancelled') throw new AppError(422, 'meeting.err.cancelledLocked');
}

async function validate(q: Queryable, actor: Actor, input: MeetingInput, current: MeetingRow | null = null): Promise<{ starts_at: string; ends_at: string }> {
  const errors: FieldErrors = {};
  const kinds = await kindRows(q, actor.wardId);
  // A hidden kind stays valid for the meetings that already have it.
  if (!kinds.some((k) => k.id === input.kind_id) && input.kind_id !== current?.kind_id) errors.kind_id = 'meeting.err.kind';
  const orgs = new Set((await listOrgs(q, actor)).map((o) => o.id));
  if (!orgs.has(input.host_org_id)) errors.host_org_id = 'err.unknownOrg';
  if (input.invited_org_ids.some((o) => !orgs.has(o))) errors.invited_org_ids = 'err.unknownOrg';
  for (const f of ['chair_person_id', 'secretary_person_id'] as const) {
    const pid = input[f];
    if (!pid) continue;
    const p = await q.selectFrom('person').select('id').where('ward_id', '=', actor.wardId).where('id', '=', pid).executeTakeFirst();
    if (!p) errors[f] = 'err.unknownPerson';
  }
  const starts_at = vnInstant(input.date, input.start_time);
  const ends_at = vnInstant(input.end_date ?? input.date, input.end_time);
  // An end day before the start day is the day's mistake, not the hours' (fresh tester, round 6).
  if (input.end_date && input.end_date < input.date) errors.end_date = 'meeting.err.endDateBeforeStart';
  else if (ends_at <= starts_at) errors.end_time = 'meeting.err.endBeforeStart';
  else if (Date.parse(ends_at) - Date.parse(starts_at) > 7 * 86_400_000) errors.end_date = 'meeting.err.tooLong';
  // A meeting that took place cannot move into the future.
  else if (current?.status === 'held' && starts_at > new Date().toISOString()) errors.date = 'meeting.err.heldFuture';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { starts_at, ends_at };
}

function fieldsOf(input: MeetingInput, times: { starts_at: string; ends_at: string }) {
  return {
    kind_id: input.kind_id,
    title: input.title,
    ...times,
    place: input.place,
    host_org_id: input.host_org_id,
    chair_person_id: input.chair_person_id,
    secretary_person_id: input.secretary_person_id,
    summary: input.summary,
    others_text: input.others_text,
    is_public: input.is_public ? 1 : 0,
    search_text: fold(`${input.title} ${input.place} ${input.summary ?? ''}`),
  };
}

async function writeInvited(c: CommandContext, meetingId: string, orgIds: readonly string[]): Promise<void> {
  await c.trx.deleteFrom('meeting_org').where('ward_id', '=', c.actor.wardId).where('meeting_id', '=', meetingId).execute();
  for (const org of new Set(orgIds)) await c.trx.insertInto('meeting_org').values({ meeting_id: meetingId, org_id: org, ward_id: c.actor.wardId }).execute();
}

/**
 * Records a new meeting (draft) with its invited organizations; conclusions of the host body's
 * previous meeting that are not done yet are carried onto its agenda. 403, 400 (end before start,
 * unknown kind, organization or person).
 */
export async function createMeeting(db: Db, actor: Actor, input: MeetingInput): Promise<string> {
  return runCommand(db, actor, 'meeting.create', async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    const times = await validate(c.trx, actor, input);
    const id = newId();
    const now = nowIso();
    const row = { id, ward_id: actor.wardId, ...fieldsOf(input, times), status: 'draft', created_at: now, updated_at: now };
    await c.trx.insertInto('meeting').values(row).execute();
    await writeInvited(c, id, input.invited_org_ids);
    await c.audit({ action: 'meeting.create', entityType: 'meeting', entityId: id, summary: input.title, after: { ...row, invited_org_ids: input.invited_org_ids } });
    await carryOver(c, { ...row, version: 1 } as MeetingRow);
    return id;
  });
}


/**
 * Carries onto the meeting's agenda each conclusion of the host body's previous meeting whose tasks
 * are not all done (a task conclusion without tasks counts as not done), once per conclusion.
 * Returns how many were carried. Runs inside the command that created or refreshes the meeting.
 */
export async function carryOver(c: CommandContext, m: MeetingRow): Promise<number> {
  const prev = await previousMeetingOf(c.trx, m.ward_id, m.host_org_id, m.starts_at, m.id);
  if (!prev) return 0;
  const pending = (await conclusionProgress(c.trx, c.actor, await conclusionRows(c.trx, m.ward_id, [prev.id]))).filter((p) => p.conclusion.kind === 'task' && p.state !== 'done');
  if (pending.length === 0) return 0;
  const already = new Set((await agendaRows(c.trx, m.ward_id, m.id)).map((a) => a.carried_conclusion_id).filter(Boolean));
  let pos = await nextPosition(c.trx, 'meeting_agenda_item', m.ward_id, m.id);
  let n = 0;
  for (const p of pending) {
    if (already.has(p.conclusion.id)) continue;
    const title = clipAtWord(`Kiểm điểm kết luận số ${p.conclusion.number} của ${prev.title} (${formatDateTime(prev.starts_at).slice(0, 10)}): ${p.conclusion.content}`, 300);
    const item = { id: newId(), ward_id: m.ward_id, meeting_id: m.id, position: pos++, title, presenter_person_id: null, presenter_name: null, planned_minutes: null, carried_conclusion_id: p.conclusion.id };
    await c.trx.insertInto('meeting_agenda_item').values(item).execute();
    await c.audit({ action: 'meeting.carry_over', entityType: 'meeting', entityId: m.id, summary: title, after: item });
    n++;
  }
  return n;
}

/** Sets fields and bumps the version of a meeting read at `version`; 409 when it changed since. */
async function bump(c: CommandContext, m: MeetingRow, version: number, set: Partial<Omit<MeetingRow, 'id' | 'ward_id' | 'version'>>): Promise<void> {
  const res = await c.trx
    .updateTable('meeting')
    .set((eb) => ({ ...set, updated_at: nowIso(), version: eb('version', '+', 1) }))
    .where('id', '=', m.id)
    .where('ward_id', '=', m.ward_id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict();
}

/**
 * Edits a meeting that is not approved or cancelled. A convened meeting whose start, end or place
 * changes is moved: its calendar SEQUENCE rises and the invited are notified. 403, 404, 409, 422, 400.
 */
export async function updateMeeting(db: Db, actor: Actor, id: string, input: MeetingUpdateInput): Promise<{ notified: string[] }> {
  return runCommand(db, actor, 'meeting.update', async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    const m = await meetingRowOr404(c.trx, actor.wardId, id);
    requireOpen(m);
    const times = await validate(c.trx, actor, input, m);
    const fields = { ...fieldsOf(input, times), ...(m.status === 'held' && m.closed_at && (m.closed_at <= times.starts_at || times.ends_at !== m.ends_at) ? { closed_at: times.ends_at } : {}) };
    const moved = m.status === 'convened' && (fields.starts_at !== m.starts_at || fields.ends_at !== m.ends_at || fields.place !== m.place);
    await bump(c, m, input.version, { ...fields, ...(moved ? { ics_sequence: m.ics_sequence + 1 } : {}) });
    await writeInvited(c, id, input.invited_org_ids);
    await c.audit({ action: moved ? 'meeting.move' : 'meeting.update', entityType: 'meeting', entityId: id, summary: input.title, before: m, after: { ...fields, invited_org_ids: input.invited_org_ids } });
    return { notified: moved ? await notifyMeeting(c, { ...m, ...fields, ics_sequence: m.ics_sequence + 1 }, 'moved') : [] };
  });
}

/** Sends the invitations: draft → convened; the invited bodies' heads and the attendees are notified. 403, 404, 409, 422. */
export async function conveneMeeting(db: Db, actor: Actor, id: string, version: number): Promise<{ notified: string[] }> {
  return runCommand(db, actor, 'meeting.convene', async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    const m = await meetingRowOr404(c.trx, actor.wardId, id);
    if (m.status !== 'draft') throw new AppError(422, 'meeting.err.notDraft');
    await bump(c, m, version, { status: 'convened', convened_at: nowIso() });
    await c.audit({ action: 'meeting.convene', entityType: 'meeting', entityId: id, summary: m.title, before: { status: m.status }, after: { status: 'convened' } });
    return { notified: await notifyMeeting(c, m, 'convened') };
  });
}

/** The meeting took place: draft or convened → held, with its closing time. Not before it starts. 403, 404, 409, 422. */
export async function markHeld(db: Db, actor: Actor, id: string, input: HeldInput, now: Date = new Date()): Promise<void> {
  await runCommand(db, actor, 'meeting.hold', async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    const m = await meetingRowOr404(c.trx, actor.wardId, id);
    if (m.status !== 'draft' && m.status !== 'convened') throw new AppError(422, 'meeting.err.notHeldable');
    if (m.starts_at > now.toISOString()) throw new AppError(422, 'meeting.err.notYet');
    const closed_at = input.closed_time ? vnInstant(toIsoDate(m.ends_at), input.closed_time) : m.ends_at;
    if (closed_at <= m.starts_at) throw new ValidationError({ closed_time: 'meeting.err.closedBeforeStart' });
    await bump(c, m, input.version, { status: 'held', closed_at });
    await c.audit({ action: 'meeting.hold', entityType: 'meeting', entityId: id, summary: m.title, before: { status: m.status }, after: { status: 'held', closed_at } });
  });
}

/**
 * Whether the actor may approve this meeting's minutes (issue 9, item 8: "the chair and Standing
 * Committee approve minutes"): its chair, or a Standing Committee member of the ward — an actor
 * with `approve` whose person holds a post in the ward's party committee or its standing committee
 * on the meeting's date. A standing grant at a higher unit (a city's read-only view of its wards)
 * or an account without a person approves nothing here.
 */
export async function mayApproveMinutes(q: Queryable, actor: Actor, m: Pick<MeetingRow, 'chair_person_id' | 'starts_at'>): Promise<boolean> {
  const me = await actorPerson(q, actor);
  if (!me) return false;
  if (me === m.chair_person_id) return true;
  if (!(await hasAccess(q, actor, 'approve'))) return false;
  const day = toIsoDate(m.starts_at);
  const post = await q
    .selectFrom('position')
    .innerJoin('organization', 'organization.id', 'position.org_id')
    .select('position.id')
    .where('position.ward_id', '=', actor.wardId)
    .where('position.person_id', '=', me)
    .where('organization.kind', 'in', ['party_committee', 'standing_committee'])
    .where('position.start_on', '<=', day)
    .where((e) => e.or([e('position.end_on', 'is', null), e('position.end_on', '>=', day)]))
    .executeTakeFirst();
  return !!post;
}

/**
 * Approves the minutes: held → approved. Each attendee's posts on the meeting's date are frozen into
 * the record, so a later change of post does not rewrite it. Twice → 409. 403, 404, 422.
 */
export async function approveMinutes(db: Db, actor: Actor, id: string, version: number): Promise<void> {
  await runCommand(db, actor, 'meeting.approve', async (c) => {
    const m = await meetingRowOr404(c.trx, actor.wardId, id);
    requireThat(await mayApproveMinutes(c.trx, actor, m));
    if (m.status === 'approved') throw new AppError(409, 'meeting.err.alreadyApproved');
    if (m.status !== 'held') throw new AppError(422, 'meeting.err.notHeld');
    const present = await c.trx.selectFrom('meeting_attendee').select('id').where('ward_id', '=', actor.wardId).where('meeting_id', '=', id).where('status', 'in', ['present', 'late', 'left_early']).executeTakeFirst();
    if (!present) throw new AppError(422, 'meeting.err.noAttendees');
    const day = toIsoDate(m.starts_at);
    const attendees = await c.trx.selectFrom('meeting_attendee').select(['id', 'person_id']).where('ward_id', '=', actor.wardId).where('meeting_id', '=', id).execute();
    const posts = await postsOnDateOf(c.trx, actor, attendees.map((a) => a.person_id).filter((p): p is string => !!p), day);
    for (const a of attendees) {
      if (!a.person_id) continue;
      const frozen = printablePosts(posts.get(a.person_id) ?? []).map(frozenPost);
      await c.trx.updateTable('meeting_attendee').set((eb) => ({ posts_frozen: JSON.stringify(frozen), version: eb('version', '+', 1) })).where('id', '=', a.id).where('ward_id', '=', actor.wardId).execute();
    }
    await bump(c, m, version, { status: 'approved', approved_at: nowIso(), approved_by: actor.label });
    await c.audit({ action: 'meeting.approve', entityType: 'meeting', entityId: id, summary: m.title, before: { status: m.status }, after: { status: 'approved', frozen_attendees: attendees.length } });
  });
}

/** Cancels a draft or convened meeting with a reason; the invited are notified and the calendar entry cancelled. 403, 404, 409, 422. */
export async function cancelMeeting(db: Db, actor: Actor, id: string, input: CancelInput): Promise<{ notified: string[] }> {
  return runCommand(db, actor, 'meeting.cancel', async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    const m = await meetingRowOr404(c.trx, actor.wardId, id);
    if (m.status !== 'draft' && m.status !== 'convened') throw new AppError(422, 'meeting.err.notCancellable');
    await bump(c, m, input.version, { status: 'cancelled', cancel_reason: input.reason, ics_sequence: m.ics_sequence + 1 });
    await c.audit({ action: 'meeting.cancel', entityType: 'meeting', entityId: id, summary: m.title, before: { status: m.status }, after: { status: 'cancelled', reason: input.reason } });
    return { notified: m.status === 'convened' ? await notifyMeeting(c, { ...m, cancel_reason: input.reason, ics_sequence: m.ics_sequence + 1 }, 'cancelled') : [] };
  });
}
