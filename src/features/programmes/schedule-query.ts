// The schedule as SQL over the stored task state (docs/DESIGN.md D41): a light scan of the
// filtered tasks (ids, parent, organization, stored status and the asked month's cell: no
// milestones, no progress history), arranged into rows and pages as the schedule always was, then
// the full rows (names, milestones, stored cells) loaded for one page only.
import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { groupBy } from '../../lib/group.ts';
import { filteredTasks, type TaskFilter } from './repo.ts';
import { loadTasks } from './load.ts';
import { freshen, staleOn } from './state.ts';
import { keptRows, scheduleStamp } from './schedule-kept.ts';
import type { CellTone, ScheduleCell, ScheduleRow } from './schedule-cells.ts';
import type { TaskStatus } from './status.ts';

/** The schedule's filters after the organization was expanded to its subtree. */
export interface ScheduleFilter extends Pick<TaskFilter, 'orgIds' | 'sourceId' | 'ownerId' | 'programmeId'> {
  year: number;
  status?: TaskStatus | null;
  month?: number | null;
}

/** A row of the schedule before it is loaded: what arranging, grouping and paging need. */
export interface ScheduleSlot {
  task: { id: string; parent_id: string | null; programme_org_id: string | null; programme_org_name: string | null; lead_org_id: string | null; lead_name: string | null };
  depth: number;
}

function scanQuery(q: Queryable, wardId: string, f: ScheduleFilter) {
  const base = filteredTasks(q, wardId, { year: f.year, orgIds: f.orgIds, sourceId: f.sourceId, ownerId: f.ownerId, programmeId: f.programmeId });
  if (!base) return null;
  const month = f.month ?? 0;
  const stated = base.leftJoin('task_state', 'task_state.task_id', 'task.id');
  // The month's cell is read only when a month is asked for (`keep` ignores it otherwise): a third
  // of the scan's cost per row (D67).
  const cells = month
    ? stated
        .leftJoin('task_month as tm', (j) => j.onRef('tm.task_id', '=', 'task.id').on('tm.month', '=', month).on('tm.year', '=', f.year))
        .select(['tm.in_span', 'tm.planned', 'tm.tone'])
    : stated.select([sql<number | null>`null`.as('in_span'), sql<number | null>`null`.as('planned'), sql<string | null>`null`.as('tone')]);
  return cells
    .select(['task.id', 'task.parent_id', 'task.lead_org_id', 'lead.name as lead_name', 'programme.org_id as programme_org_id', 'porg.name as programme_org_name', 'task_state.status', 'task_state.status_on'])
    .orderBy('porg.sort_order')
    .orderBy('task.sort_order')
    .orderBy('task.created_at')
    .orderBy('task.id');
}

/**
 * Every row of the schedule for filter `f` on `today`, in order, unloaded: a ward task, then its
 * sub-tasks among the filtered tasks (a sub-task whose parent is not listed stands alone, still
 * indented), minus the rows the status or month filter drops. Rows whose stored state is of
 * another day (or missing) are refreshed first (`freshen`), so the status and cells are today's.
 * The list is kept in this process while the year's schedule stamp (`stamp`, by default read
 * here) is unchanged (schedule-kept.ts): it is shared, callers must not mutate it.
 */
export function scheduleSlots(q: Queryable, wardId: string, f: ScheduleFilter, today: string, stamp: () => Promise<string> = () => scheduleStamp(q, wardId, f.year, true)): Promise<readonly ScheduleSlot[]> {
  // Kept while the year's stamp is unchanged (D74): the scan is linear in the year's tasks.
  return keptRows(q, 'slots', slotsKey(wardId, f, today), stamp, () => scanSlots(q, wardId, f, today));
}

/** The key of the slot list of filter `f` of ward `wardId` on day `today` (kept lists, D74). */
export const slotsKey = (wardId: string, f: ScheduleFilter, today: string) => `${wardId}|${today}|${JSON.stringify([f.year, f.orgIds, f.sourceId, f.ownerId, f.programmeId, f.status, f.month])}`;

/** `scheduleSlots` without the kept lists: the scan itself (tests compare the two). */
export async function scanSlots(q: Queryable, wardId: string, f: ScheduleFilter, today: string): Promise<ScheduleSlot[]> {
  const query = scanQuery(q, wardId, f);
  if (!query) return [];
  let rows = await query.execute();
  const stale = rows.filter((r) => r.status_on !== today).map((r) => r.id);
  if (stale.length) {
    await freshen(q, wardId, stale, today);
    rows = await query.execute();
  }
  const listed = new Set(rows.map((r) => r.id));
  const kids = groupBy(
    rows.filter((r) => r.parent_id),
    (r) => r.parent_id as string,
  );
  const keep = (r: (typeof rows)[number]) => {
    if (f.status && r.status !== f.status) return false;
    if (f.month && !(Number(r.in_span ?? 0) === 1 || r.planned !== null || (r.tone !== null && r.tone !== 'none'))) return false;
    return true;
  };
  const out: ScheduleSlot[] = [];
  const emit = (r: (typeof rows)[number], depth: number) => {
    if (keep(r)) out.push({ task: { id: r.id, parent_id: r.parent_id, programme_org_id: r.programme_org_id, programme_org_name: r.programme_org_name, lead_org_id: r.lead_org_id, lead_name: r.lead_name }, depth });
  };
  for (const r of rows) {
    if (r.parent_id && listed.has(r.parent_id)) continue; // printed under its parent
    emit(r, r.parent_id ? 1 : 0);
    for (const c of kids.get(r.id) ?? []) emit(c, 1);
  }
  return out;
}

/** The stored cells of tasks `ids` for `year`, by task, January first. */
async function storedCells(q: Queryable, wardId: string, ids: readonly string[], year: number): Promise<Map<string, ScheduleCell[]>> {
  const out = new Map<string, ScheduleCell[]>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await q
      .selectFrom('task_month')
      .select(['task_id', 'month', 'in_span', 'planned', 'planned_cum', 'actual', 'tone'])
      .where('ward_id', '=', wardId)
      .where('year', '=', year)
      .where('task_id', 'in', ids.slice(i, i + 500))
      .orderBy('task_id')
      .orderBy('month')
      .execute();
    for (const r of rows) {
      const list = out.get(r.task_id) ?? [];
      list.push({ month: Number(r.month), inSpan: Number(r.in_span) === 1, planned: r.planned === null ? null : Number(r.planned), plannedCum: Number(r.planned_cum), actual: r.actual === null ? null : Number(r.actual), tone: r.tone as CellTone });
      out.set(r.task_id, list);
    }
  }
  return out;
}

/** The full rows of `slots` (task with names and milestones, stored cells), in the slots' order. */
export async function loadSlots(q: Queryable, actor: Pick<Actor, 'wardId'>, slots: readonly ScheduleSlot[], year: number, today: string): Promise<ScheduleRow[]> {
  if (slots.length === 0) return [];
  const ids = [...new Set(slots.map((s) => s.task.id))];
  const [tasks, cells] = await Promise.all([loadTasks(q, actor, { taskIds: ids }, today), storedCells(q, actor.wardId, ids, year)]);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return slots.flatMap((s) => {
    const task = byId.get(s.task.id);
    return task ? [{ task, depth: s.depth, cells: cells.get(s.task.id) ?? [] }] : [];
  });
}

/**
 * One page of the task list (the API's `/tasks`): tasks of filter `f` (and of `f.month` of `f.year`: work or a mark that month) with stored status `status`
 * (any when null), in list order, `limit` from `offset`, and how many there are in all — counted
 * and cut in SQL, only the page's tasks loaded. Stale stored states are refreshed first.
 */
export async function taskListPage(q: Queryable, actor: Pick<Actor, 'wardId'>, f: TaskFilter & { month?: number | null }, status: TaskStatus | null, limit: number, offset: number, today: string): Promise<{ items: Awaited<ReturnType<typeof loadTasks>>; total: number }> {
  const all = filteredTasks(q, actor.wardId, f);
  if (!all) return { items: [], total: 0 };
  const { year, month } = f;
  // The schedule's month filter (scheduleSlots' keep), in SQL: the month's stored cell is inside the
  // task's span, has a planned figure or a tone. Cells are materialized per (task, year, month).
  const base = month && year
    ? all.where((eb) =>
        eb.exists(
          eb
            .selectFrom('task_month as mf')
            .select('mf.task_id')
            .whereRef('mf.task_id', '=', 'task.id')
            .where('mf.ward_id', '=', actor.wardId)
            .where('mf.year', '=', year)
            .where('mf.month', '=', month)
            .where((w) => w.or([w('mf.in_span', '=', 1), w('mf.planned', 'is not', null), w('mf.tone', '!=', 'none')])),
        ),
      )
    : all;
  const stale = await base
    .leftJoin('task_state', 'task_state.task_id', 'task.id')
    .select('task.id')
    .where(staleOn(today))
    .execute();
  await freshen(q, actor.wardId, stale.map((r) => r.id), today);
  const matching = status ? base.innerJoin('task_state', 'task_state.task_id', 'task.id').where('task_state.status', '=', status) : base;
  const [count, page] = await Promise.all([
    matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    matching.select('task.id').orderBy('porg.sort_order').orderBy('task.sort_order').orderBy('task.created_at').orderBy('task.id').limit(limit).offset(offset).execute(),
  ]);
  const tasks = page.length ? await loadTasks(q, actor, { taskIds: page.map((r) => r.id) }, today) : [];
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return { items: page.flatMap((r) => byId.get(r.id) ?? []), total: Number(count?.n ?? 0) };
}
