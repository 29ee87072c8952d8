// Materialized task state (docs/DESIGN.md D41): each task's derived status and its twelve month
// cells of the schedule, stored in task_state / task_month for the Vietnam day they were computed
// for (`status_on`). Derived, never typed: computed by the same pure functions as before
// (`deriveStatus`, `cellsOf`) and written by `refreshTaskState` — the one way to do it — from every
// command that changes an input (task create/update, progress post, roll-up), from the daily job
// at 00:00 Asia/Ho_Chi_Minh (date-driven transitions) and from a read that finds a row of another
// day (`freshen`), so no page ever shows a state computed for a day other than its own.
import type { ExpressionBuilder } from 'kysely';
import type { Db, Queryable } from '../../db/index.ts';
import type { DB } from '../../db/types.ts';
import { runMaintenance, type CommandTx, type MaintenanceTx } from '../../platform/command.ts';
import { groupBy } from '../../lib/group.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { milestoneRows, progressRows, type MilestoneRow, type ProgressRow } from './repo.ts';
import { asOf, cellsOf, type ScheduleCell } from './schedule-cells.ts';
import { deriveStatus, type TaskStatus } from './status.ts';

/**
 * The condition on a query joined to `task_state`: the stored state is missing or of a day other
 * than `today` ('YYYY-MM-DD', Vietnam), so a read must `freshen` those tasks before using it.
 */
export const staleOn = (today: string) => (e: ExpressionBuilder<DB, 'task_state'>) => e.or([e('task_state.status_on', 'is', null), e('task_state.status_on', '!=', today)]);

/** Runs `fn` over `ids` in chunks of `n` (bound-parameter limits). */
async function eachChunk(ids: readonly string[], n: number, fn: (part: string[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < ids.length; i += n) await fn(ids.slice(i, i + n));
}

/** The year a task's schedule cells belong to: its programme's, else its deadline's (`inYear` in repo.ts); null for neither. */
export function stateYear(t: { programme_year: number | null; due_on: string | null }): number | null {
  if (t.programme_year !== null && t.programme_year !== undefined) return Number(t.programme_year);
  return t.due_on ? Number(t.due_on.slice(0, 4)) : null;
}

function baseRows(q: Queryable, wardId: string, ids: string[], by: 'id' | 'parent_id') {
  return q
    .selectFrom('task')
    .leftJoin('programme', 'programme.id', 'task.programme_id')
    .select(['task.id', 'task.parent_id', 'task.start_on', 'task.due_on', 'task.done_on', 'task.progress_percent', 'programme.year as programme_year'])
    .where('task.ward_id', '=', wardId)
    .where(`task.${by}`, 'in', ids)
    .execute();
}

/** What is stored for one task: its status and, when it belongs to a year, that year's cells. */
export interface ComputedState {
  taskId: string;
  year: number | null;
  status: TaskStatus;
  cells: ScheduleCell[] | null;
}

/** The inputs of one task's state: its row (with its programme's year) as the command left it. */
export interface StateRow {
  id: string;
  parent_id: string | null;
  start_on: string | null;
  due_on: string | null;
  done_on: string | null;
  progress_percent: number | null;
  programme_year: number | null;
}

/**
 * The state of one task on `today` (pure): the status by `deriveStatus`, the cells by `cellsOf` for
 * the task's year, a parent's actuals the mean of its sub-tasks' (`children`, any year: filtered
 * here to the task's) as of each day; `hist` is the progress history by task id (`progressRows`
 * order) of the task and of its children.
 */
function stateOf(r: StateRow, milestones: MilestoneRow[], children: readonly StateRow[], hist: ReadonlyMap<string, ProgressRow[]>, today: string): ComputedState {
  const status = deriveStatus({ start_on: r.start_on, due_on: r.due_on, milestones, percent: r.progress_percent, done_on: r.done_on, today });
  const year = stateYear(r);
  let cells: ScheduleCell[] | null = null;
  if (year !== null) {
    const kids = children.filter((k) => stateYear(k) === year);
    const actual = kids.length
      ? (day: string) => {
          const vals = kids.map((c) => asOf(hist.get(c.id), day));
          if (vals.every((v) => v === null)) return null;
          return Math.round((vals.reduce<number>((s, v) => s + (v ?? 0), 0) / vals.length) * 10) / 10;
        }
      : (day: string) => asOf(hist.get(r.id), day);
    cells = cellsOf({ start_on: r.start_on, due_on: r.due_on, milestones, done_on: r.done_on }, actual, year, today);
  }
  return { taskId: r.id, year, status, cells };
}

/**
 * Computes (without writing) the state of tasks `ids` of ward `wardId` on `today` ('YYYY-MM-DD'):
 * the status by `deriveStatus`, the cells by `cellsOf` for the task's year, a parent's actuals the
 * mean of its sub-tasks' of the same year (as the schedule always did). Five reads per 500 tasks.
 */
export async function computeTaskState(q: Queryable, wardId: string, ids: readonly string[], today: string): Promise<ComputedState[]> {
  const out: ComputedState[] = [];
  await eachChunk([...new Set(ids)].sort(), 500, async (part) => {
    const [rows, kids] = await Promise.all([baseRows(q, wardId, part, 'id'), baseRows(q, wardId, part, 'parent_id')]);
    const [ms, hist] = await Promise.all([milestoneRows(q, wardId, part), progressRows(q, wardId, [...part, ...kids.map((k) => k.id)])]);
    const msBy = groupBy(ms, (m) => m.task_id);
    const histBy = groupBy(hist, (h) => h.task_id);
    const kidsBy = groupBy(kids, (k) => k.parent_id as string);
    for (const r of rows) out.push(stateOf(r, msBy.get(r.id) ?? [], kidsBy.get(r.id) ?? [], histBy, today));
  });
  return out;
}

/**
 * Recomputes and stores the state of tasks `taskIds` of ward `wardId` and of their parents (a
 * sub-task's progress is its parent's actuals) for `today` (default: today in Vietnam), inside the
 * caller's command or maintenance transaction. Idempotent: the same inputs and day write the same
 * rows (upserts keyed by task and month), so two instances refreshing at once agree.
 */
export async function refreshTaskState(q: CommandTx | MaintenanceTx, wardId: string, taskIds: readonly string[], today: string = todayInVietnam()): Promise<void> {
  if (taskIds.length === 0) return;
  const all = new Set(taskIds);
  await eachChunk([...all], 500, async (part) => {
    const parents = await q.selectFrom('task').select('parent_id').where('ward_id', '=', wardId).where('id', 'in', part).where('parent_id', 'is not', null).execute();
    for (const p of parents) if (p.parent_id) all.add(p.parent_id);
  });
  await storeStates(q, wardId, await computeTaskState(q, wardId, [...all], today), today);
}

/**
 * `refreshTaskState` for one task without sub-tasks whose inputs the running command already holds
 * (D73, D80): `leaf` is its row as the command wrote it, `history` its whole progress history as
 * stored after the command's change (`progressRows`' order) and `milestones` its milestones
 * (`milestoneRows`). Reads nothing and writes the same rows `refreshTaskState` would for that task. Its parent is NOT refreshed
 * here: the caller's roll-up (`rollUp`) refreshes it. Errors: none of its own (database errors).
 */
export async function refreshLeafState(q: CommandTx, wardId: string, leaf: StateRow, history: ProgressRow[], milestones: MilestoneRow[], today: string = todayInVietnam()): Promise<void> {
  await storeStates(q, wardId, [stateOf(leaf, milestones, [], new Map([[leaf.id, history]]), today)], today);
}

/** Upserts computed states (task_state, task_month; a task without a year loses its month rows). */
async function storeStates(q: CommandTx | MaintenanceTx, wardId: string, states: readonly ComputedState[], today: string): Promise<void> {
  for (let i = 0; i < states.length; i += 50) {
    const part = states.slice(i, i + 50);
    await q
      .insertInto('task_state')
      .values(part.map((s) => ({ task_id: s.taskId, ward_id: wardId, year: s.year, status: s.status, status_on: today })))
      .onConflict((oc) => oc.column('task_id').doUpdateSet((eb) => ({ year: eb.ref('excluded.year'), status: eb.ref('excluded.status'), status_on: eb.ref('excluded.status_on') })))
      .execute();
    const months = part.flatMap((s) => (s.cells ?? []).map((c) => ({ task_id: s.taskId, month: c.month, ward_id: wardId, year: s.year as number, in_span: c.inSpan ? 1 : 0, planned: c.planned, planned_cum: c.plannedCum, actual: c.actual, tone: c.tone })));
    if (months.length)
      await q
        .insertInto('task_month')
        .values(months)
        .onConflict((oc) =>
          oc.columns(['task_id', 'month']).doUpdateSet((eb) => ({
            year: eb.ref('excluded.year'),
            in_span: eb.ref('excluded.in_span'),
            planned: eb.ref('excluded.planned'),
            planned_cum: eb.ref('excluded.planned_cum'),
            actual: eb.ref('excluded.actual'),
            tone: eb.ref('excluded.tone'),
          })),
        )
        .execute();
    const yearless = part.filter((s) => s.cells === null).map((s) => s.taskId);
    if (yearless.length) await q.deleteFrom('task_month').where('ward_id', '=', wardId).where('task_id', 'in', yearless).execute();
  }
}

/**
 * Brings tasks `ids` of ward `wardId` up to `today` in a maintenance transaction of its own
 * (`programmes.task-state`): what a read does when it finds rows of another day or no row (a
 * server down over midnight, tasks written in bulk by the demo or a benchmark).
 */
export async function freshen(db: Db | Queryable, wardId: string, ids: readonly string[], today: string): Promise<void> {
  if (ids.length === 0) return;
  const sorted = [...new Set(ids)].sort(); // one lock order for every instance
  const run = (q: Queryable, part: string[]) => runMaintenance(q, 'programmes.task-state', (m) => refreshTaskState(m, wardId, part, today));
  const handle = db as Db;
  await eachChunk(sorted, 500, (part) => (handle.isTransaction ? run(handle, part) : handle.transaction().execute((trx) => run(trx, part))));
}

/**
 * The daily pass: refreshes every task (all wards) whose stored state is older than `today` or
 * missing. Safe with several instances (each refresh is idempotent; a second pass finds nothing
 * left). Returns how many tasks it refreshed.
 */
export async function refreshStaleTaskStates(db: Db, today: string = todayInVietnam()): Promise<number> {
  // ward-scope: the job runs for every ward; each row carries its ward_id.
  const rows = await db
    .selectFrom('task')
    .leftJoin('task_state', 'task_state.task_id', 'task.id')
    .select(['task.id', 'task.ward_id'])
    .where((e) => e.or([e('task_state.status_on', 'is', null), e('task_state.status_on', '<', today)]))
    .execute();
  for (const [wardId, list] of groupBy(rows, (r) => r.ward_id)) await freshen(db, wardId, list.map((r) => r.id), today);
  return rows.length;
}

/** Milliseconds from `now` to the next 00:00 in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function msToVietnamMidnight(now: Date = new Date()): number {
  const vn = now.getTime() + 7 * 3600_000;
  const next = (Math.floor(vn / 86_400_000) + 1) * 86_400_000;
  return next - vn;
}

/**
 * Starts the daily job: a pass now (a server that was down over midnight) and then at every 00:00
 * Vietnam time (a second after, so the day has turned). Returns a stop function, which resolves
 * once a running pass has finished.
 */
export function startTaskStateRunner(db: Db, log: { error: (o: object, msg: string) => void }): () => Promise<void> {
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tick = () => {
    if (!running)
      running = refreshStaleTaskStates(db)
        .then(() => undefined)
        .catch((err: unknown) => log.error({ err }, 'task state refresh failed'))
        .finally(() => {
          running = null;
        });
    if (!stopped) {
      timer = setTimeout(tick, msToVietnamMidnight() + 1000);
      timer.unref();
    }
  };
  tick();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
