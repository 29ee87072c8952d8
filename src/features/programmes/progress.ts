// Progress of a task: posts (percent or an indicator's value) with evidence files, the task's
// summary recomputed from its history, and the roll-up of sub-tasks' progress into their parent.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { inTx } from '../../platform/tx.ts';
import { AppError, conflict, forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { canReport, editableOrgs } from './access.ts';
import { childRows, getProgrammeRow, getTaskRow, progressRows } from './repo.ts';
import type { ProgressInput } from './schema.ts';
import { percentOfTarget, rollUpOf, summarize } from './status.ts';

type AuditActor = Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>;

export interface StoredFile {
  id: string;
}

/**
 * Posts progress (percent, or a value of the indicator), with optional evidence files already
 * stored by the caller (their rows are written here, in the same transaction).
 */
export async function postProgress(db: Db, actor: Actor, taskId: string, input: ProgressInput, files: { insert: (q: Queryable) => Promise<string[]> } | null = null): Promise<string> {
  const today = todayInVietnam();
  const reportedOn = input.reported_on ?? today;
  if (reportedOn > today) throw new ValidationError({ reported_on: 'task.err.reportedFuture' });
  return inTx(db, async (trx) => {
    const t = await getTaskRow(trx, actor.wardId, taskId);
    if (!t) throw notFound();
    const p = t.programme_id ? await getProgrammeRow(trx, actor.wardId, t.programme_id) : undefined;
    if (!(await canReport(trx, actor, t, p?.org_id ?? null, await editableOrgs(trx, actor)))) throw forbidden();
    if (t.version !== input.version) throw conflict();
    const kids = await childRows(trx, actor.wardId, taskId);
    if (kids.length) throw new AppError(422, 'task.err.rolledUp');
    if (input.value !== null && t.result_kind !== 'indicator') throw new ValidationError({ value: 'task.err.noIndicator' });
    const percent = input.percent ?? (input.value !== null && t.target_value !== null ? percentOfTarget(input.value, t.target_value) : null);
    if (percent === null) throw new ValidationError({ percent: 'task.err.percentOrValue' });
    const id = newId();
    const row = { id, ward_id: actor.wardId, task_id: taskId, reported_on: reportedOn, percent, value: input.value, note: input.note, user_id: actor.userId, actor_label: actor.label, created_at: nowIso() };
    await trx.insertInto('progress_update').values(row).execute();
    const fileIds = files ? await files.insert(trx) : [];
    for (const f of fileIds) await trx.insertInto('progress_file').values({ progress_id: id, file_id: f, ward_id: actor.wardId }).execute();
    const summary = await recompute(trx, actor.wardId, taskId);
    const res = await trx
      .updateTable('task')
      .set((eb) => ({
        ...summary,
        actual_value: input.value ?? t.actual_value,
        actual_result: input.actual_result ?? t.actual_result,
        version: eb('version', '+', 1),
        updated_at: nowIso(),
      }))
      .where('id', '=', taskId)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: 'task.progress', entityType: 'task', entityId: taskId, summary: `${t.title}: ${percent}%`, before: { progress_percent: t.progress_percent, done_on: t.done_on }, after: { ...row, files: fileIds, ...summary } });
    if (t.parent_id) await rollUp(trx, actor, t.parent_id);
    return id;
  });
}


async function recompute(q: Queryable, wardId: string, taskId: string) {
  return summarize(await progressRows(q, wardId, [taskId]));
}

export async function rollUp(q: Queryable, actor: AuditActor, parentId: string): Promise<void> {
  const kids = await childRows(q, actor.wardId, parentId);
  const r = rollUpOf(kids);
  await q
    .updateTable('task')
    .set((eb) => ({ ...r, version: eb('version', '+', 1), updated_at: nowIso() }))
    .where('id', '=', parentId)
    .where('ward_id', '=', actor.wardId)
    .execute();
}
