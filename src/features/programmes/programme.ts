// A programme's lifecycle: create, update, submit, approve (with a numbered snapshot), return,
// and the bump that a change to its tasks gives it (an approved programme becomes "amended").
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { inTx } from '../../platform/tx.ts';
import { AppError, conflict, forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { getOrg } from '../orgs/service.ts';
import { assertSourcesInWard } from '../sources/service.ts';
import { canApprove, canEditOrg, editableOrgs } from './access.ts';
import { loadTasks, snapshotOf } from './load.ts';
import { getProgrammeRow, programmeSourceIds, type ProgrammeRow } from './repo.ts';
import type { DecisionInput, ProgrammeInput, ProgrammeUpdateInput } from './schema.ts';
import { amendedStatus, missingLabel, type SixClear } from './status.ts';

type AuditActor = Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>;

async function assertProgrammeOrg(q: Queryable, actor: Actor, orgId: string): Promise<void> {
  const org = await getOrg(q, actor, orgId);
  if (!org) throw new ValidationError({ org_id: 'err.unknownOrg' });
  if (!canEditOrg(await editableOrgs(q, actor), orgId)) throw forbidden();
}

export async function createProgramme(db: Db, actor: Actor, input: ProgrammeInput): Promise<string> {
  return inTx(db, async (trx) => {
    await assertProgrammeOrg(trx, actor, input.org_id);
    await assertSourcesInWard(trx, actor, input.source_ids);
    const exists = await trx.selectFrom('programme').select('id').where('ward_id', '=', actor.wardId).where('org_id', '=', input.org_id).where('year', '=', input.year).executeTakeFirst();
    if (exists) throw new ValidationError({ year: 'prog.err.exists' });
    return insertProgramme(trx, actor, input);
  });
}

/** Inserts a draft programme with its sources and audit row (no access checks). */
export async function insertProgramme(q: Queryable, actor: AuditActor, input: ProgrammeInput): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, org_id: input.org_id, year: input.year, title: input.title, status: 'draft', submitted_at: null, decided_at: null, decided_by: null, decision_comment: null, created_at: now, updated_at: now };
  await q.insertInto('programme').values(row).execute();
  for (const s of new Set(input.source_ids)) await q.insertInto('programme_source').values({ programme_id: id, source_document_id: s, ward_id: actor.wardId }).execute();
  await writeAudit(q, actor, { action: 'programme.create', entityType: 'programme', entityId: id, summary: input.title, after: { ...row, source_ids: input.source_ids } });
  return id;
}

export async function lockProgramme(q: Queryable, actor: Actor, id: string, version: number | null) {
  const p = await getProgrammeRow(q, actor.wardId, id);
  if (!p) throw notFound();
  if (version !== null && p.version !== version) throw conflict();
  return p;
}

async function bumpProgramme(q: Queryable, actor: Actor, p: ProgrammeRow, set: Partial<Pick<ProgrammeRow, 'title' | 'status' | 'approved_version' | 'submitted_at' | 'decided_at' | 'decided_by' | 'decision_comment'>>): Promise<void> {
  const res = await q
    .updateTable('programme')
    .set((eb) => ({ ...set, updated_at: nowIso(), version: eb('version', '+', 1) }))
    .where('id', '=', p.id)
    .where('ward_id', '=', actor.wardId)
    .where('version', '=', p.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict();
}

export async function updateProgramme(db: Db, actor: Actor, id: string, input: ProgrammeUpdateInput): Promise<void> {
  await inTx(db, async (trx) => {
    const p = await lockProgramme(trx, actor, id, input.version);
    if (!canEditOrg(await editableOrgs(trx, actor), p.org_id)) throw forbidden();
    await assertSourcesInWard(trx, actor, input.source_ids);
    await bumpProgramme(trx, actor, p, { title: input.title, status: amendedStatus(p.status) });
    await trx.deleteFrom('programme_source').where('programme_id', '=', id).where('ward_id', '=', actor.wardId).execute();
    for (const s of new Set(input.source_ids)) await trx.insertInto('programme_source').values({ programme_id: id, source_document_id: s, ward_id: actor.wardId }).execute();
    await writeAudit(trx, actor, { action: 'programme.update', entityType: 'programme', entityId: id, summary: input.title, before: p, after: { title: input.title, source_ids: input.source_ids } });
  });
}

/**
 * A change to a programme's tasks bumps the programme's version, so that an approval or return
 * decided on what was read before is refused (409) rather than covering tasks nobody saw; an
 * approved programme becomes "amended" (to be approved again).
 */
export async function touchProgramme(q: Queryable, actor: Actor, p: ProgrammeRow): Promise<void> {
  await bumpProgramme(q, actor, p, { status: amendedStatus(p.status) });
}


/** "Nhiệm vụ «…»: rõ thời gian, rõ kết quả" for each task that is not six-clear. */
function notReadyMessage(locale: Locale, tasks: { title: string; missing: SixClear[] }[]): string {
  return tasks.map((t) => `«${t.title}»: ${missingLabel(locale, t.missing)}`).join('; ');
}

async function tasksNotReady(q: Queryable, actor: Actor, programmeId: string) {
  const tasks = await loadTasks(q, actor, { programmeId });
  return { tasks, notReady: tasks.filter((t) => t.missing.length > 0).map((t) => ({ title: t.title, missing: t.missing })) };
}

export async function submitProgramme(db: Db, actor: Actor, id: string, input: DecisionInput, locale: Locale = 'vi'): Promise<void> {
  await inTx(db, async (trx) => {
    const p = await lockProgramme(trx, actor, id, input.version);
    if (!canEditOrg(await editableOrgs(trx, actor), p.org_id)) throw forbidden();
    if (!['draft', 'returned', 'amended'].includes(p.status)) throw new AppError(409, 'prog.err.notSubmittable');
    const { tasks, notReady } = await tasksNotReady(trx, actor, id);
    if (tasks.length === 0) throw new AppError(422, 'prog.err.noTasks');
    if (notReady.length) throw new AppError(422, 'prog.err.notReady', { tasks: notReadyMessage(locale, notReady) });
    await bumpProgramme(trx, actor, p, { status: 'submitted', submitted_at: nowIso() });
    await trx.updateTable('task').set((eb) => ({ approval: 'submitted', version: eb('version', '+', 1), updated_at: nowIso() })).where('ward_id', '=', actor.wardId).where('programme_id', '=', id).where('approval', 'in', ['draft', 'returned']).execute();
    await writeAudit(trx, actor, { action: 'programme.submit', entityType: 'programme', entityId: id, summary: p.title, before: { status: p.status }, after: { status: 'submitted', comment: input.comment } });
  });
}

export async function approveProgramme(db: Db, actor: Actor, id: string, input: DecisionInput, locale: Locale = 'vi'): Promise<number> {
  if (!canApprove(actor)) throw forbidden();
  return inTx(db, async (trx) => {
    const p = await lockProgramme(trx, actor, id, input.version);
    if (p.status !== 'submitted') throw new AppError(409, 'prog.err.notSubmitted');
    const { tasks, notReady } = await tasksNotReady(trx, actor, id);
    if (notReady.length) throw new AppError(422, 'prog.err.notReady', { tasks: notReadyMessage(locale, notReady) });
    const now = nowIso();
    const versionNo = p.approved_version + 1;
    await bumpProgramme(trx, actor, p, { status: 'approved', approved_version: versionNo, decided_at: now, decided_by: actor.label, decision_comment: input.comment });
    await trx
      .updateTable('task')
      .set((eb) => ({ approval: 'approved', approved_at: now, approved_by: actor.label, return_comment: null, version: eb('version', '+', 1), updated_at: now }))
      .where('ward_id', '=', actor.wardId)
      .where('programme_id', '=', id)
      .where('approval', '!=', 'approved')
      .execute();
    const sources = await programmeSourceIds(trx, actor.wardId, id);
    const snapshot = { programme: { ...p, status: 'approved', approved_version: versionNo }, sources: sources.map((s) => s.source_document_id), tasks: tasks.map(snapshotOf) };
    await trx.insertInto('programme_version').values({ id: newId(), ward_id: actor.wardId, programme_id: id, version_no: versionNo, approved_at: now, approved_by: actor.label, comment: input.comment, snapshot_json: JSON.stringify(snapshot) }).execute();
    await writeAudit(trx, actor, { action: 'programme.approve', entityType: 'programme', entityId: id, summary: `${p.title} (v${versionNo})`, before: { status: p.status }, after: { status: 'approved', version_no: versionNo, comment: input.comment } });
    return versionNo;
  });
}

export async function returnProgramme(db: Db, actor: Actor, id: string, input: { comment: string; version: number }): Promise<void> {
  if (!canApprove(actor)) throw forbidden();
  await inTx(db, async (trx) => {
    const p = await lockProgramme(trx, actor, id, input.version);
    if (p.status !== 'submitted') throw new AppError(409, 'prog.err.notSubmitted');
    await bumpProgramme(trx, actor, p, { status: 'returned', decided_at: nowIso(), decided_by: actor.label, decision_comment: input.comment });
    await trx
      .updateTable('task')
      .set((eb) => ({ approval: 'returned', return_comment: input.comment, version: eb('version', '+', 1), updated_at: nowIso() }))
      .where('ward_id', '=', actor.wardId)
      .where('programme_id', '=', id)
      .where('approval', '=', 'submitted')
      .execute();
    await writeAudit(trx, actor, { action: 'programme.return', entityType: 'programme', entityId: id, summary: p.title, before: { status: p.status }, after: { status: 'returned', comment: input.comment } });
  });
}
