// The month-by-month progress schedule (biểu tiến độ theo tháng): tasks down, 12 months across,
// each cell the planned against the actual. Built once, rendered as HTML and as XLSX.
import { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { optId } from '../../platform/validation.ts';
import { groupBy } from '../../lib/group.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { orgSubtree } from '../orgs/service.ts';
import { progressRows } from './repo.ts';
import { loadTasks, type TaskView } from './service.ts';
import { monthEnd, plannedBefore, TASK_STATUSES, type TaskStatus } from './status.ts';
import { YEAR } from './schema.ts';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

export const ScheduleQuery = z.object({
  year: z.preprocess(blank, YEAR.optional()),
  org: optId(),
  source: optId(),
  owner: optId(),
  status: z.preprocess(blank, z.enum(TASK_STATUSES).optional()),
  month: z.preprocess(blank, z.coerce.number().int().min(1).max(12).optional()),
  programme: optId(),
});
export type ScheduleQuery = z.output<typeof ScheduleQuery>;

/** done: reached 100 % that month; ok: at or above plan; behind: below plan; plan: a future month's plan; none: nothing to show. */
export type CellTone = 'done' | 'ok' | 'behind' | 'plan' | 'none';

export interface ScheduleCell {
  month: number;
  inSpan: boolean;
  planned: number | null; // the milestone of this month (cumulative %), if any
  plannedCum: number; // what should have been reached by the end of this month (or by today)
  actual: number | null; // reported progress as of the end of this month (or today)
  tone: CellTone;
}

export interface ScheduleRow {
  task: TaskView;
  depth: number; // 0 ward task, 1 sub-task in a branch
  cells: ScheduleCell[];
}

export interface Schedule {
  year: number;
  today: string;
  rows: ScheduleRow[];
}

type History = { reported_on: string; percent: number; created_at: string }[];

function asOf(history: History | undefined, day: string): number | null {
  let v: number | null = null;
  for (const h of history ?? []) if (h.reported_on <= day) v = h.percent; // ordered by reported_on, created_at
  return v;
}

/** The cells of one task for a year; children's histories roll up into a parent's actuals. */
export function cellsOf(task: Pick<TaskView, 'start_on' | 'due_on' | 'milestones' | 'done_on'>, actualAsOf: (day: string) => number | null, year: number, today: string): ScheduleCell[] {
  const cells: ScheduleCell[] = [];
  for (let m = 1; m <= 12; m++) {
    const ym = `${year}-${String(m).padStart(2, '0')}`;
    const first = `${ym}-01`;
    const last = monthEnd(ym);
    const inSpan = !!task.start_on && !!task.due_on && task.start_on <= last && task.due_on >= first;
    const milestone = task.milestones.find((x) => x.month === ym);
    const past = first <= today;
    const upTo = last < today ? last : today;
    const plannedCum = past ? plannedBefore(task.milestones, last < today ? `${last}~` : today) : 0;
    const actual = past ? actualAsOf(upTo) : null;
    let tone: CellTone = 'none';
    if (task.done_on && task.done_on >= first && task.done_on <= last) tone = 'done';
    else if (task.done_on && task.done_on < first) tone = 'none';
    else if (!past) tone = milestone || inSpan ? 'plan' : 'none';
    else if (milestone || inSpan || actual !== null) tone = (actual ?? 0) < plannedCum ? 'behind' : inSpan || milestone ? 'ok' : 'none';
    cells.push({ month: m, inSpan, planned: milestone ? milestone.planned_percent : null, plannedCum, actual: tone === 'none' && !inSpan ? null : actual, tone });
  }
  return cells;
}

/** Builds the schedule for the ward (or one organization and its branches) with the filters applied. */
export async function buildSchedule(q: Queryable, actor: Pick<Actor, 'wardId'>, query: ScheduleQuery, today: string = todayInVietnam()): Promise<Schedule> {
  const year = query.year ?? Number(today.slice(0, 4));
  const orgIds = query.org ? [...(await orgSubtree(q, actor.wardId, [query.org]))] : null;
  const tasks = await loadTasks(q, actor, { year, orgIds, sourceId: query.source, ownerId: query.owner, programmeId: query.programme }, today);
  // Sub-tasks of listed parents come along even when a filter would drop them, and vice versa.
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const history = groupBy(
    await progressRows(
      q,
      actor.wardId,
      tasks.map((t) => t.id),
    ),
    (p) => p.task_id,
  );
  const kids = groupBy(
    tasks.filter((t) => t.parent_id),
    (t) => t.parent_id as string,
  );
  const actualFor = (t: TaskView) => {
    const children = kids.get(t.id);
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

export const STATUS_KEYS: Record<TaskStatus, `status.${TaskStatus}`> = {
  not_started: 'status.not_started',
  on_track: 'status.on_track',
  late: 'status.late',
  overdue: 'status.overdue',
  done: 'status.done',
  done_late: 'status.done_late',
};

/** "KH 50% · TH 30%" — the cell in words, the same on screen, in print and in the XLSX. */
export function cellText(c: ScheduleCell, words: { plan: string; actual: string; done: string; behind: string }): string {
  const parts: string[] = [];
  if (c.planned !== null) parts.push(`${words.plan} ${fmtPct(c.planned)}`);
  if (c.actual !== null && c.tone !== 'plan') parts.push(`${words.actual} ${fmtPct(c.actual)}`);
  if (c.tone === 'done') parts.push(words.done);
  else if (c.tone === 'behind') parts.push(words.behind);
  return parts.join(' · ');
}

export function fmtPct(n: number): string {
  return `${String(Math.round(n * 10) / 10).replace('.', ',')}%`;
}
