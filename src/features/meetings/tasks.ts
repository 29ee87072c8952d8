// "Turn into tasks" (issue 9, item 3): each task conclusion becomes a draft six-clear task in the
// programme of its lead organization and of each organization it is addressed to, for the meeting's
// year — drafts for those organizations to complete (owner, milestones, result) and submit. The task
// carries its origin (`origin_kind = 'conclusion'`, `origin_ref` = the conclusion), so the link runs
// both ways and the conclusion's status is derived from its tasks.
import type { Db } from '../../db/index.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand } from '../../platform/command.ts';
import { AppError } from '../../platform/errors.ts';
import { formatDate, toIsoDate } from '../../lib/vi/index.ts';
import { insertConclusionTask, taskPlan } from '../programmes/service.ts';
import { meetingRowOr404 } from './meeting.ts';
import { conclusionRows } from './repo.ts';

/** A task title from a conclusion: its first sentence, at most 300 characters, cut at a word. */
export function taskTitleOf(content: string): string {
  const first = content.split(/(?<=[.;:])\s/u)[0] ?? content;
  const base = first.length <= 300 ? first : first.slice(0, 300);
  if (base.length < 300) return base.replace(/[.;:]$/u, '');
  const cut = base.lastIndexOf(' ');
  return `${base.slice(0, cut > 200 ? cut : 297)}…`;
}

/**
 * Creates the tasks of every task conclusion of a held or approved meeting not yet turned into
 * tasks. Returns the number of tasks created. 403, 404, 422 (meeting not held yet, nothing to turn).
 */
export async function turnIntoTasks(db: Db, actor: Actor, meetingId: string): Promise<number> {
  return runCommand(db, actor, 'meeting.tasks', async (c) => {
    await requireAccess(c.trx, actor, 'meeting.record');
    const m = await meetingRowOr404(c.trx, actor.wardId, meetingId);
    if (m.status !== 'held' && m.status !== 'approved') throw new AppError(422, 'meeting.err.tasksNotHeld');
    const pending = (await conclusionRows(c.trx, actor.wardId, [m.id])).filter((x) => x.kind === 'task' && !x.tasks_created_at);
    if (pending.length === 0) throw new AppError(422, 'meeting.err.noTasksToCreate');
    const day = toIsoDate(m.starts_at);
    const year = Number(day.slice(0, 4));
    let made = 0;
    for (const k of pending) {
      const orgs = [...new Set([k.lead_org_id, ...k.addressed_org_ids].filter((x): x is string => !!x))];
      const note = `Kết luận số ${k.number}, ${m.title} ngày ${formatDate(day)}`.slice(0, 300);
      const taskIds: string[] = [];
      for (const org of orgs) {
        const plan = taskPlan({
          title: taskTitleOf(k.content),
          description: k.content,
          lead_org_id: org,
          coordinating_org_ids: org === k.lead_org_id ? k.coordinating_org_ids.filter((o) => o !== org) : [],
          start_on: day,
          due_on: k.due_on,
          origin_kind: 'conclusion',
          origin_ref: k.id,
          origin_note: note,
        });
        const { taskId } = await insertConclusionTask(c, actor, { orgId: org, year, programmeTitle: `Chương trình công tác năm ${year}`, plan });
        taskIds.push(taskId);
      }
      await c.trx.updateTable('meeting_conclusion').set((eb) => ({ tasks_created_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', k.id).where('ward_id', '=', actor.wardId).execute();
      await c.audit({ action: 'meeting.conclusion_tasks', entityType: 'meeting', entityId: m.id, summary: `${k.number}. ${k.content.slice(0, 120)}`, after: { conclusion_id: k.id, task_ids: taskIds } });
      made += taskIds.length;
    }
    return made;
  });
}
