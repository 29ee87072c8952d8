// What was said and decided (issue 9, item 3): reports presented by organizations, directives
// (ý kiến chỉ đạo) by speaker addressed to named organizations, and numbered conclusions. A task
// conclusion names its lead body, coordinating bodies and deadline; every conclusion is addressed
// to at least one organization. Conclusions stay numbered 1, 2, 3… as printed.
import { toIsoDate } from '../../lib/vi/index.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import type { CommandContext, CommandTx } from '../../platform/command.ts';
import { AppError, conflict, notFound, ValidationError, type FieldErrors } from '../../platform/errors.ts';
import { listOrgs } from '../orgs/service.ts';
import { issuedFor } from '../documents/service.ts';
import { recordCommand } from './record.ts';
import { nextConclusionNumber, nextPosition, type MeetingRow } from './repo.ts';
import type { ConclusionInput, ConclusionUpdateInput, DirectiveInput, ReportInput } from './schema.ts';

async function knownOrgs(q: Queryable, actor: Actor): Promise<Set<string>> {
  return new Set((await listOrgs(q, actor)).map((o) => o.id));
}

async function personKnown(q: Queryable, wardId: string, id: string | null): Promise<boolean> {
  return !id || !!(await q.selectFrom('person').select('id').where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst());
}

/** Records a report presented at the meeting by an organization. 403, 404, 422, 400. */
export function addReport(db: Db, actor: Actor, meetingId: string, input: ReportInput, file: { insert(q: CommandTx): Promise<string[]> } | null = null): Promise<string> {
  return recordCommand(db, actor, 'meeting.report_add', meetingId, async (c, m) => {
    const errors: FieldErrors = {};
    if (!(await knownOrgs(c.trx, actor)).has(input.org_id)) errors.org_id = 'err.unknownOrg';
    if (!(await personKnown(c.trx, actor.wardId, input.presenter_person_id))) errors.presenter_person_id = 'err.unknownPerson';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const fileId = file ? ((await file.insert(c.trx))[0] ?? null) : null;
    const row = { id: newId(), ward_id: actor.wardId, meeting_id: m.id, position: await nextPosition(c.trx, 'meeting_report', actor.wardId, m.id), org_id: input.org_id, presenter_person_id: input.presenter_person_id, summary: input.summary, file_id: fileId, is_public: input.is_public ? 1 : 0 };
    await c.trx.insertInto('meeting_report').values(row).execute();
    await c.audit({ action: 'meeting.report_add', entityType: 'meeting', entityId: m.id, summary: input.summary.slice(0, 120), after: row });
    return row.id;
  });
}

/** Records a directive by a speaker, addressed to organizations (none = to the meeting as a whole). 403, 404, 422, 400. */
export function addDirective(db: Db, actor: Actor, meetingId: string, input: DirectiveInput): Promise<string> {
  return recordCommand(db, actor, 'meeting.directive_add', meetingId, async (c, m) => {
    const errors: FieldErrors = {};
    if (!input.speaker_person_id && !input.speaker_name) errors.speaker_person_id = 'meeting.err.speaker';
    if (!(await personKnown(c.trx, actor.wardId, input.speaker_person_id))) errors.speaker_person_id = 'err.unknownPerson';
    const orgs = await knownOrgs(c.trx, actor);
    if (input.org_ids.some((o) => !orgs.has(o))) errors.org_ids = 'err.unknownOrg';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const row = { id: newId(), ward_id: actor.wardId, meeting_id: m.id, position: await nextPosition(c.trx, 'meeting_directive', actor.wardId, m.id), speaker_person_id: input.speaker_person_id, speaker_name: input.speaker_person_id ? null : input.speaker_name, content: input.content, is_public: input.is_public ? 1 : 0 };
    await c.trx.insertInto('meeting_directive').values(row).execute();
    for (const o of new Set(input.org_ids)) await c.trx.insertInto('meeting_directive_org').values({ directive_id: row.id, org_id: o, ward_id: actor.wardId }).execute();
    await c.audit({ action: 'meeting.directive_add', entityType: 'meeting', entityId: m.id, summary: input.content.slice(0, 120), after: { ...row, org_ids: input.org_ids } });
    return row.id;
  });
}

/** Removes a report or a directive. 403, 404, 422. */
export function removeProceeding(db: Db, actor: Actor, meetingId: string, what: 'report' | 'directive', id: string): Promise<void> {
  return recordCommand(db, actor, `meeting.${what}_remove`, meetingId, async (c, m) => {
    const table = what === 'report' ? 'meeting_report' : 'meeting_directive';
    const row = await c.trx.selectFrom(table).selectAll().where('ward_id', '=', actor.wardId).where('meeting_id', '=', m.id).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    if (what === 'directive') await c.trx.deleteFrom('meeting_directive_org').where('ward_id', '=', actor.wardId).where('directive_id', '=', id).execute();
    await c.trx.deleteFrom(table).where('id', '=', id).where('ward_id', '=', actor.wardId).execute();
    await c.audit({ action: `meeting.${what}_remove`, entityType: 'meeting', entityId: m.id, summary: String((row as { summary?: string; content?: string }).summary ?? (row as { content?: string }).content ?? '').slice(0, 120), before: row });
  });
}

/** 422 once the conclusion notice is numbered: the notice states the conclusions as they are. */
async function requireNoNotice(q: Queryable, m: MeetingRow): Promise<void> {
  const numbers = await issuedFor(q, m.ward_id, 'meeting', m.id);
  if (numbers.some((r) => r.doc_type === 'TB')) throw new AppError(422, 'meeting.err.noticeIssued');
}

/** Checks a conclusion: addressed to someone; a task names its lead and a deadline not before the meeting. */
async function checkConclusion(q: Queryable, actor: Actor, m: MeetingRow, input: ConclusionInput): Promise<void> {
  await requireNoNotice(q, m);
  const errors: FieldErrors = {};
  const orgs = await knownOrgs(q, actor);
  if (input.lead_org_id && !orgs.has(input.lead_org_id)) errors.lead_org_id = 'err.unknownOrg';
  if (input.coordinating_org_ids.some((o) => !orgs.has(o))) errors.coordinating_org_ids = 'err.unknownOrg';
  else if (input.lead_org_id && input.coordinating_org_ids.includes(input.lead_org_id)) errors.coordinating_org_ids = 'meeting.err.leadAlsoCoordinating';
  if (input.addressed_org_ids.some((o) => !orgs.has(o))) errors.addressed_org_ids = 'err.unknownOrg';
  const all = [input.lead_org_id, ...input.coordinating_org_ids, ...input.addressed_org_ids].filter((x): x is string => !!x);
  if (all.length === 0) errors.addressed_org_ids = 'meeting.err.noOrg';
  if (input.kind === 'task') {
    if (!input.lead_org_id) errors.lead_org_id = 'meeting.err.taskLead';
    if (!input.due_on) errors.due_on = 'meeting.err.taskDeadline';
    else if (input.due_on < toIsoDate(m.starts_at)) errors.due_on = 'meeting.err.deadlineBefore';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

async function writeConclusionOrgs(c: CommandContext, conclusionId: string, input: ConclusionInput): Promise<void> {
  const wardId = c.actor.wardId;
  await c.trx.deleteFrom('meeting_conclusion_org').where('ward_id', '=', wardId).where('conclusion_id', '=', conclusionId).execute();
  const seen = new Set<string>();
  const put = async (org: string, role: string) => {
    if (seen.has(org)) return;
    seen.add(org);
    await c.trx.insertInto('meeting_conclusion_org').values({ conclusion_id: conclusionId, org_id: org, ward_id: wardId, role }).execute();
  };
  if (input.lead_org_id) await put(input.lead_org_id, 'lead');
  for (const o of input.coordinating_org_ids) await put(o, 'coordinating');
  for (const o of input.addressed_org_ids) await put(o, 'addressed');
}

/** Adds the next numbered conclusion. 403, 404, 422, 400 (no organization, a task without lead or deadline). */
export function addConclusion(db: Db, actor: Actor, meetingId: string, input: ConclusionInput): Promise<string> {
  return recordCommand(db, actor, 'meeting.conclusion_add', meetingId, async (c, m) => {
    await checkConclusion(c.trx, actor, m, input);
    const row = {
      id: newId(),
      ward_id: actor.wardId,
      meeting_id: m.id,
      number: await nextConclusionNumber(c.trx, actor.wardId, m.id),
      kind: input.kind,
      content: input.content,
      lead_org_id: input.lead_org_id,
      due_on: input.kind === 'task' ? input.due_on : input.due_on,
      is_public: input.is_public ? 1 : 0,
      carried_from_id: null,
      tasks_created_at: null,
      created_at: nowIso(),
    };
    await c.trx.insertInto('meeting_conclusion').values(row).execute();
    await writeConclusionOrgs(c, row.id, input);
    await c.audit({ action: 'meeting.conclusion_add', entityType: 'meeting', entityId: m.id, summary: `${row.number}. ${input.content.slice(0, 120)}`, after: { ...row, coordinating_org_ids: input.coordinating_org_ids, addressed_org_ids: input.addressed_org_ids } });
    return row.id;
  });
}

/** Edits a conclusion not yet turned into tasks. 403, 404, 409, 422, 400. */
export function updateConclusion(db: Db, actor: Actor, meetingId: string, id: string, input: ConclusionUpdateInput): Promise<void> {
  return recordCommand(db, actor, 'meeting.conclusion_update', meetingId, async (c, m) => {
    const row = await c.trx.selectFrom('meeting_conclusion').selectAll().where('ward_id', '=', actor.wardId).where('meeting_id', '=', m.id).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    if (row.tasks_created_at) throw new AppError(422, 'meeting.err.conclusionHasTasks');
    await checkConclusion(c.trx, actor, m, input);
    const set = { kind: input.kind, content: input.content, lead_org_id: input.lead_org_id, due_on: input.due_on, is_public: input.is_public ? 1 : 0 };
    const res = await c.trx.updateTable('meeting_conclusion').set((eb) => ({ ...set, version: eb('version', '+', 1) })).where('id', '=', id).where('ward_id', '=', actor.wardId).where('version', '=', input.version).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeConclusionOrgs(c, id, input);
    await c.audit({ action: 'meeting.conclusion_update', entityType: 'meeting', entityId: m.id, summary: `${row.number}. ${input.content.slice(0, 120)}`, before: row, after: { ...set, coordinating_org_ids: input.coordinating_org_ids, addressed_org_ids: input.addressed_org_ids } });
  });
}

/** Removes a conclusion not yet turned into tasks; the later ones are renumbered. 403, 404, 422. */
export function removeConclusion(db: Db, actor: Actor, meetingId: string, id: string): Promise<void> {
  return recordCommand(db, actor, 'meeting.conclusion_remove', meetingId, async (c, m) => {
    const row = await c.trx.selectFrom('meeting_conclusion').selectAll().where('ward_id', '=', actor.wardId).where('meeting_id', '=', m.id).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    if (row.tasks_created_at) throw new AppError(422, 'meeting.err.conclusionHasTasks');
    await requireNoNotice(c.trx, m);
    await c.trx.deleteFrom('meeting_conclusion_org').where('ward_id', '=', actor.wardId).where('conclusion_id', '=', id).execute();
    await c.trx.deleteFrom('meeting_conclusion').where('id', '=', id).where('ward_id', '=', actor.wardId).execute();
    const later = await c.trx.selectFrom('meeting_conclusion').select(['id', 'number']).where('ward_id', '=', actor.wardId).where('meeting_id', '=', m.id).where('number', '>', row.number).orderBy('number').execute();
    for (const l of later) await c.trx.updateTable('meeting_conclusion').set((eb) => ({ number: l.number - 1, version: eb('version', '+', 1) })).where('id', '=', l.id).where('ward_id', '=', actor.wardId).execute();
    await c.audit({ action: 'meeting.conclusion_remove', entityType: 'meeting', entityId: m.id, summary: `${row.number}. ${row.content.slice(0, 120)}`, before: row });
  });
}
