// The meeting's record before and during the meeting: agenda items in order and attendance.
// Attendees come from the people register (printed with the posts they hold on the meeting's date,
// never a typed post) or, outside it, by name and title; press likewise. Each write is a command
// of the office (`meeting.record`) on a record that is still open (not approved, not cancelled).
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand, type CommandContext, type CommandTx } from '../../platform/command.ts';
import { AppError, conflict, notFound, ValidationError } from '../../platform/errors.ts';
import { meetingRowOr404, requireOpen } from './meeting.ts';
import { nextPosition, type MeetingRow } from './repo.ts';
import type { AgendaInput, AttendanceInput, AttendeeInput } from './schema.ts';

/** Opens a command on an open meeting of the ward after the office's access check. */
function recordCommand<R>(db: Db, actor: Actor, name: string, meetingId: string, body: (c: CommandContext, m: MeetingRow) => Promise<R>): Promise<R> {
  return runCommand(db, actor, name, async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    const m = await meetingRowOr404(c.trx, actor.wardId, meetingId);
    requireOpen(m);
    // The parts of a record are rows of their own (attendees carry their own version); the meeting
    // row is not bumped, so a body that changes nothing (moving the first item up) writes nothing.
    return body(c, m);
  });
}
export { recordCommand };

async function personInWard(q: Queryable, wardId: string, personId: string | null): Promise<boolean> {
  if (!personId) return true;
  return !!(await q.selectFrom('person').select('id').where('ward_id', '=', wardId).where('id', '=', personId).executeTakeFirst());
}

/** Appends an agenda item. 403, 404, 422, 400 (unknown presenter). */
export function addAgendaItem(db: Db, actor: Actor, meetingId: string, input: AgendaInput): Promise<string> {
  return recordCommand(db, actor, 'meeting.agenda_add', meetingId, async (c, m) => {
    if (!(await personInWard(c.trx, actor.wardId, input.presenter_person_id))) throw new ValidationError({ presenter_person_id: 'err.unknownPerson' });
    const row = { id: newId(), ward_id: actor.wardId, meeting_id: m.id, position: await nextPosition(c.trx, 'meeting_agenda_item', actor.wardId, m.id), ...input, carried_conclusion_id: null };
    await c.trx.insertInto('meeting_agenda_item').values(row).execute();
    await c.audit({ action: 'meeting.agenda_add', entityType: 'meeting', entityId: m.id, summary: input.title, after: row });
    return row.id;
  });
}

/** Removes an agenda item; the others keep their order. 403, 404, 422. */
export function removeAgendaItem(db: Db, actor: Actor, meetingId: string, itemId: string): Promise<void> {
  return recordCommand(db, actor, 'meeting.agenda_remove', meetingId, async (c, m) => {
    const row = await c.trx.selectFrom('meeting_agenda_item').selectAll().where('ward_id', '=', actor.wardId).where('meeting_id', '=', m.id).where('id', '=', itemId).executeTakeFirst();
    if (!row) throw notFound();
    await c.trx.deleteFrom('meeting_file').where('ward_id', '=', actor.wardId).where('agenda_item_id', '=', itemId).execute();
    await c.trx.deleteFrom('meeting_agenda_item').where('id', '=', itemId).where('ward_id', '=', actor.wardId).execute();
    await c.audit({ action: 'meeting.agenda_remove', entityType: 'meeting', entityId: m.id, summary: row.title, before: row });
  });
}

/** Moves an agenda item one place up or down. 403, 404, 422. */
export function moveAgendaItem(db: Db, actor: Actor, meetingId: string, itemId: string, direction: 'up' | 'down'): Promise<void> {
  return recordCommand(db, actor, 'meeting.agenda_move', meetingId, async (c, m) => {
    const items = await c.trx.selectFrom('meeting_agenda_item').select(['id', 'position', 'title']).where('ward_id', '=', actor.wardId).where('meeting_id', '=', m.id).orderBy('position').execute();
    const i = items.findIndex((x) => x.id === itemId);
    if (i < 0) throw notFound();
    const j = direction === 'up' ? i - 1 : i + 1;
    const a = items[i];
    const b = items[j];
    if (!a || !b) return;
    await c.trx.updateTable('meeting_agenda_item').set({ position: b.position }).where('id', '=', a.id).where('ward_id', '=', actor.wardId).execute();
    await c.trx.updateTable('meeting_agenda_item').set({ position: a.position }).where('id', '=', b.id).where('ward_id', '=', actor.wardId).execute();
    await c.audit({ action: 'meeting.agenda_move', entityType: 'meeting', entityId: m.id, summary: a.title, before: { position: a.position }, after: { position: b.position } });
  });
}

function checkAttendee(input: Pick<AttendeeInput, 'person_id' | 'guest_name' | 'guest_title' | 'status' | 'reason'>): void {
  if (!input.person_id && !input.guest_name) throw new ValidationError({ person_id: 'meeting.err.attendeeWho' });
  // A person of the register is printed with the posts held on the meeting's date: never a typed one.
  if (input.person_id && (input.guest_title || input.guest_name)) throw new ValidationError({ guest_title: 'meeting.err.registerTitle' });
  if (input.status === 'excused' && !input.reason) throw new ValidationError({ reason: 'meeting.err.reasonRequired' });
}

/**
 * Adds an attendee: a person of the register (once per meeting) or a guest by name and title.
 * 403, 404, 422, 400 (no one named, a typed post for a registered person, excused without a reason,
 * unknown person), 409 when the person is already on the list.
 */
export function addAttendee(db: Db, actor: Actor, meetingId: string, input: AttendeeInput): Promise<string> {
  return recordCommand(db, actor, 'meeting.attendee_add', meetingId, async (c, m) => {
    checkAttendee(input);
    if (!(await personInWard(c.trx, actor.wardId, input.person_id))) throw new ValidationError({ person_id: 'err.unknownPerson' });
    if (input.person_id) {
      const dup = await c.trx.selectFrom('meeting_attendee').select('id').where('ward_id', '=', actor.wardId).where('meeting_id', '=', m.id).where('person_id', '=', input.person_id).executeTakeFirst();
      if (dup) throw new AppError(409, 'meeting.err.attendeeTwice');
    }
    const row = {
      id: newId(),
      ward_id: actor.wardId,
      meeting_id: m.id,
      person_id: input.person_id,
      guest_name: input.person_id ? null : input.guest_name,
      guest_title: input.person_id ? null : input.guest_title,
      role: input.role,
      status: input.status,
      reason: input.status === 'excused' || input.status === 'absent' ? input.reason : null,
      posts_frozen: null,
      featured: input.featured ? 1 : 0,
      position: await nextPosition(c.trx, 'meeting_attendee', actor.wardId, m.id),
      created_at: nowIso(),
    };
    await c.trx.insertInto('meeting_attendee').values(row).execute();
    await c.audit({ action: 'meeting.attendee_add', entityType: 'meeting', entityId: m.id, summary: input.guest_name ?? input.person_id ?? '', after: row });
    return row.id;
  });
}

/** Sets an attendee's status (present, excused with a reason, …). 403, 404, 409, 422, 400. */
export function setAttendance(db: Db, actor: Actor, meetingId: string, attendeeId: string, input: AttendanceInput): Promise<void> {
  return recordCommand(db, actor, 'meeting.attendance', meetingId, async (c, m) => {
    const a = await c.trx.selectFrom('meeting_attendee').selectAll().where('ward_id', '=', actor.wardId).where('meeting_id', '=', m.id).where('id', '=', attendeeId).executeTakeFirst();
    if (!a) throw notFound();
    checkAttendee({ person_id: a.person_id, guest_name: a.guest_name, guest_title: null, status: input.status, reason: input.reason });
    const reason = input.status === 'excused' || input.status === 'absent' ? input.reason : null;
    const res = await c.trx
      .updateTable('meeting_attendee')
      .set((eb) => ({ status: input.status, reason, version: eb('version', '+', 1) }))
      .where('id', '=', a.id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await c.audit({ action: 'meeting.attendance', entityType: 'meeting', entityId: m.id, summary: a.guest_name ?? a.person_id ?? '', before: { status: a.status, reason: a.reason }, after: { status: input.status, reason } });
  });
}

/** Removes an attendee from the list. 403, 404, 422. */
export function removeAttendee(db: Db, actor: Actor, meetingId: string, attendeeId: string): Promise<void> {
  return recordCommand(db, actor, 'meeting.attendee_remove', meetingId, async (c, m) => {
    const a = await c.trx.selectFrom('meeting_attendee').selectAll().where('ward_id', '=', actor.wardId).where('meeting_id', '=', m.id).where('id', '=', attendeeId).executeTakeFirst();
    if (!a) throw notFound();
    await c.trx.deleteFrom('meeting_attendee').where('id', '=', a.id).where('ward_id', '=', actor.wardId).execute();
    await c.audit({ action: 'meeting.attendee_remove', entityType: 'meeting', entityId: m.id, summary: a.guest_name ?? a.person_id ?? '', before: a });
  });
}

/**
 * Attaches documents to the meeting (or to one of its agenda items): the bytes were checked and
 * staged by the route; their `work_file` rows and the links are written here. 403, 404, 422.
 */
export function attachFiles(db: Db, actor: Actor, meetingId: string, files: { insert(q: CommandTx): Promise<string[]> }, agendaItemId: string | null): Promise<string[]> {
  return recordCommand(db, actor, 'meeting.files', meetingId, async (c, m) => {
    if (agendaItemId) {
      const item = await c.trx.selectFrom('meeting_agenda_item').select('id').where('ward_id', '=', actor.wardId).where('meeting_id', '=', m.id).where('id', '=', agendaItemId).executeTakeFirst();
      if (!item) throw new ValidationError({ agenda_item_id: 'meeting.err.agendaItem' });
    }
    const ids = await files.insert(c.trx);
    for (const id of ids) await c.trx.insertInto('meeting_file').values({ meeting_id: m.id, file_id: id, ward_id: actor.wardId, agenda_item_id: agendaItemId, created_at: nowIso() }).execute();
    await c.audit({ action: 'meeting.files', entityType: 'meeting', entityId: m.id, summary: `${ids.length} tệp`, after: { file_ids: ids, agenda_item_id: agendaItemId } });
    return ids;
  });
}
