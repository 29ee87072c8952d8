// Progress of a task: posts (percent or an indicator's value) with evidence files, the task's
// summary recomputed from its history, and the roll-up of sub-tasks' progress into their parent
// (a derived write, audited as `task.rollup` inside the command that causes it).
import { lockForUpdate, type Db } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { runCommand, type CommandContext, type CommandTx } from '../../platform/command.ts';
import { AppError, conflict, notFound, ValidationError } from '../../platform/errors.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { requireReport } from './access.ts';
import { jsonRows } from '../../db/json-rows.ts';
import { taskViewOf, type TaskView } from './load.ts';
import { childRows, getTaskRow, progressFigure, taskForProgress, type CoordinatingRow, type MilestoneRow, type ProgressRow } from './repo.ts';
import type { ProgressInput } from './schema.ts';
import { percentOfTarget, rollUpOf, summarize } from './status.ts';
import { refreshLeafState, refreshTaskState } from './state.ts';

export interface StoredFile {
  id: string;
}

/** What a progress post did: the progress_update's id, the day it reports on and the task as the command left it. */
export interface ProgressPosted {
  id: string;
  /** The day the figure is as of ('YYYY-MM-DD'): the one given, else today. */
  reportedOn: string;
  /** The task's view after the post: what `getTaskView` reads once the command committed (a test holds them equal). */
  task: TaskView;
}

/**
 * Posts progress (percent, or a value of the indicator, converted to percent of the target) on
 * `taskId` read at `input.version`, with optional evidence files already stored by the caller
 * (their rows are written here, in the same command); a sub-task's post rolls up into its parent.
 * A date before the task's planned start is taken: work begun early is reported as it happened (D77).
 * Reads the task once, with its milestones, coordinating organizations, documents and history
 * (`taskForProgress`), and answers from what it read and wrote (D80). Errors: 400 future date, no
 * percent/value, value without an indicator, both a percent and a value on a task with a target; 403 not owner/editor/member of its organization; 404;
 * 409 stale version; 422 a parent task (its progress is its sub-tasks').
 */
export async function postProgress(db: Db, actor: Actor, taskId: string, input: ProgressInput, files: { insert: (q: CommandTx) => Promise<string[]> } | null = null): Promise<ProgressPosted> {
  const today = todayInVietnam();
  const reportedOn = input.reported_on ?? today;
  if (reportedOn > today) throw new ValidationError({ reported_on: 'task.err.reportedFuture' });
  return runCommand(db, actor, 'task.progress', async (c) => {
    const trx = c.trx;
    const t = await taskForProgress(trx, actor.wardId, taskId);
    if (!t) throw notFound();
    await requireReport(trx, actor, t, t.programme_org_id);
    if (t.version !== input.version) throw conflict();
    if (t.has_children) throw new AppError(422, 'task.err.rolledUp');
    if (input.value !== null && t.result_kind !== 'indicator') throw new ValidationError({ value: 'task.err.noIndicator' });
    // A target turns the value into the percent: both typed could say two things (50 % and 3 of 50).
    if (input.value !== null && input.percent !== null && t.target_value !== null) throw new ValidationError({ percent: 'task.err.percentFromTarget' });
    const percent = input.percent ?? (input.value !== null && t.target_value !== null ? percentOfTarget(input.value, t.target_value) : null);
    if (percent === null) throw new ValidationError({ percent: 'task.err.percentOrValue' });
    const id = newId();
    const at = nowIso();
    const post = { id, task_id: taskId, reported_on: reportedOn, percent, value: input.value, note: input.note, user_id: actor.userId, actor_label: actor.label, created_at: at };
    const row = { ...post, ward_id: actor.wardId };
    await trx.insertInto('progress_update').values(row).execute();
    const fileIds = files ? await files.insert(trx) : [];
    for (const f of fileIds) await trx.insertInto('progress_file').values({ progress_id: id, file_id: f, ward_id: actor.wardId }).execute();
    // The history as stored now: the task's, read with it (the version check above guards it), and this post.
    const history = inHistoryOrder([...jsonRows<ProgressRow>(t.history), post]);
    const summary = summarize(history);
    const changed = {
      ...summary,
      // The indicator's value as of the latest report that gave one (a back-dated post does not override a later figure).
      actual_value: history.findLast((h) => h.value !== null)?.value ?? t.actual_value,
      actual_result: input.actual_result ?? t.actual_result,
      updated_at: at,
    };
    const res = await trx
      .updateTable('task')
      .set((eb) => ({ ...changed, version: eb('version', '+', 1) }))
      .where('id', '=', taskId)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await c.audit({ action: 'task.progress', entityType: 'task', entityId: taskId, summary: `${t.title}: ${percent}%`, before: { progress_percent: t.progress_percent, done_on: t.done_on }, after: { ...row, files: fileIds, ...summary } });
    if (t.parent_id) await rollUp(c, t.parent_id, { taskId }); // refreshes the parent's state (its sub-tasks' actuals)
    // The task's own state from what the command holds (D73): its row as written, its history.
    const milestones = jsonRows<MilestoneRow>(t.milestones);
    const leaf = { id: taskId, parent_id: t.parent_id, start_on: t.start_on, due_on: t.due_on, done_on: summary.done_on, progress_percent: summary.progress_percent, programme_year: t.programme_year };
    await refreshLeafState(trx, actor.wardId, leaf, history, milestones, today);
    const { has_children: _k, milestones: _m, coordinating, sources, history: _h, programme_year, ...stored } = t;
    const listed = { ...stored, ...changed, version: t.version + 1, progress_percent: progressFigure(changed), year: programme_year };
    const sourceIds = jsonRows<{ source_document_id: string }>(sources).map((s) => s.source_document_id);
    return { id, reportedOn, task: taskViewOf(listed, milestones, jsonRows<CoordinatingRow>(coordinating), sourceIds, today) };
  });
}

/** Progress rows in `progressRows`' order: by the day reported, then by when they were entered. */
function inHistoryOrder(rows: ProgressRow[]): ProgressRow[] {
  return rows.sort((a, b) => (a.reported_on < b.reported_on ? -1 : a.reported_on > b.reported_on ? 1 : a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
}

/**
 * Recomputes a parent task's progress from its sub-tasks' (`rollUpOf`) and bumps its version: a
 * derived write that joins the running command `c` (a sub-task's progress post or creation) and
 * records a `task.rollup` audit row on the parent: before/after progress_percent, progress_on,
 * done_on, the causing command's name and the sub-task. The parent row is locked first
 * (`lockForUpdate`), so concurrent posts on sibling sub-tasks roll up one after the other.
 */
export function rollUp(c: CommandContext, parentId: string, cause: { taskId: string }): Promise<void> {
  return runCommand(c.trx, c.actor, 'task.rollup', async (d) => {
    const wardId = d.actor.wardId;
    // Siblings posting at once: each waits for the parent's lock, then reads the sub-tasks as
    // the one before it committed them (read-modify-write without it left the parent stale).
    await lockForUpdate(d.trx, 'task', wardId, [parentId]);
    const [parent, kids] = await Promise.all([getTaskRow(d.trx, wardId, parentId), childRows(d.trx, wardId, parentId)]);
    if (!parent) throw notFound();
    const r = rollUpOf(kids);
    await d.trx
      .updateTable('task')
      .set((eb) => ({ ...r, version: eb('version', '+', 1), updated_at: nowIso() }))
      .where('id', '=', parentId)
      .where('ward_id', '=', wardId)
      .execute();
    await refreshTaskState(d.trx, wardId, [parentId]);
    await d.audit({
      action: 'task.rollup',
      entityType: 'task',
      entityId: parentId,
      summary: `${parent.title}: ${r.progress_percent ?? '—'}%`,
      before: { progress_percent: parent.progress_percent, progress_on: parent.progress_on, done_on: parent.done_on },
      after: { ...r, cause: c.name, task_id: cause.taskId },
    });
  });
}
