// The schedule as it was built before the stored task state (issue 12, D41): every task of the year
// loaded with its milestones and progress history, every status and cell derived in JavaScript,
// pages cut by `pageOfRows`. Kept as the reference the SQL pages are compared with. One change
// from the old code, deliberate (D41): a parent's actuals are the mean of all its sub-tasks of the
// year, whatever the filter (the old page averaged only the sub-tasks that passed the filter, so a
// parent's cells changed with the owner filter; its stored percent never did).
import type { Queryable } from '../../src/db/index.ts';
import { orgsBelow } from '../../src/platform/access.ts';
import { groupBy } from '../../src/lib/group.ts';
import { progressRows } from '../../src/features/programmes/repo.ts';
import { loadTasks, type TaskView } from '../../src/features/programmes/service.ts';
import { asOf, cellsOf, type Schedule, type ScheduleCell, type ScheduleRow } from '../../src/features/programmes/schedule-cells.ts';
import type { ScheduleQuery } from '../../src/features/programmes/schedule.ts';

export async function buildScheduleReference(q: Queryable, actor: { wardId: string }, query: ScheduleQuery, today: string): Promise<Schedule> {
  const year = query.year ?? Number(today.slice(0, 4));
  const orgIds = query.org ? [...(await orgsBelow(q, actor.wardId, [query.org]))] : null;
  const tasks = await loadTasks(q, actor, { year, orgIds, sourceId: query.source, ownerId: query.owner, programmeId: query.programme }, today);
  const everyTask = await loadTasks(q, actor, { year }, today); // the roll-up counts every sub-task of the year
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const history = groupBy(
    await progressRows(
      q,
      actor.wardId,
      everyTask.map((t) => t.id),
    ),
    (p) => p.task_id,
  );
  const kids = groupBy(
    tasks.filter((t) => t.parent_id),
    (t) => t.parent_id as string,
  );
  const allKids = groupBy(
    everyTask.filter((t) => t.parent_id),
    (t) => t.parent_id as string,
  );
  const actualFor = (t: TaskView) => {
    const children = allKids.get(t.id);
    if (!children?.length) return (day: string) => asOf(history.get(t.id), day);
    return (day: string) => {
      const vals = children.map((c) => asOf(history.get(c.id), day));
      if (vals.every((v) => v === null)) return null;
      return Math.round((vals.reduce<number>((s, v) => s + (v ?? 0), 0) / vals.length) * 10) / 10;
    };
  };
  const keep = (t: TaskView, cells: ScheduleCell[]) => {
    if (query.status && t.status !== query.status) return false;
    if (query.month) {
      const c = cells[query.month - 1];
      if (!c || (!c.inSpan && c.planned === null && c.tone === 'none')) return false;
    }
    return true;
  };
  const rows: ScheduleRow[] = [];
  const emit = (t: TaskView, depth: number) => {
    const cells = cellsOf(t, actualFor(t), year, today);
    if (keep(t, cells)) rows.push({ task: t, depth, cells });
  };
  for (const t of tasks) {
    if (t.parent_id && byId.has(t.parent_id)) continue; // printed under its parent
    emit(t, t.parent_id ? 1 : 0);
    for (const c of kids.get(t.id) ?? []) emit(c, 1);
  }
  return { year, today, rows };
}
