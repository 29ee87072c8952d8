// The month-by-month progress schedule (biểu tiến độ theo tháng): tasks down, 12 months across,
// each cell the planned against the actual. Built once, rendered as HTML and as XLSX.
import { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { orgsBelow } from '../../platform/access.ts';
import { optId, int } from '../../platform/validation.ts';
import { groupBy } from '../../lib/group.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { progressRows } from './repo.ts';
import { loadTasks, type TaskView } from './service.ts';
import { monthEnd, plannedBefore, TASK_STATUSES, type TaskStatus } from './status.ts';
import { blank, YEAR } from './schema.ts';

export const ScheduleQuery = z.object({
  year: z.preprocess(blank, YEAR.optional()),
  org: optId(),
  source: optId(),
  owner: optId(),
  status: z.preprocess(blank, z.enum(TASK_STATUSES).optional()),
  month: z.preprocess(blank, int(1, 12).optional()),
  programme: optId(),
});
export type ScheduleQuery = z.output<typeof ScheduleQuery>;

/** The page's own query: the filters, a page of rows, or every row at once (`all=1`, for printing). */
export const SchedulePageQuery = ScheduleQuery.extend({
  page: z.preprocess(blank, int(1, 100_000).optional()),
  all: z.preprocess(blank, z.enum(['1']).optional()),
});
export type SchedulePageQuery = z.output<typeof SchedulePageQuery>;

/**
 * Rows per page of the schedule on screen. The ward-wide grid of a real year runs to thousands of
 * rows (≈ 1 KB of HTML each): a page of 100 stays light on an office PC or a phone; the print view
 * (`all=1`) and the XLSX always hold every row.
 */
export const SCHEDULE_PAGE_ROWS = 100;

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
    else if (milestone || inSpan || actual !== null) {
      if ((actual ?? 0) < plannedCum) tone = 'behind';
      else if (actual === null && plannedCum === 0 && !milestone) tone = 'none'; // nothing due, nothing reported yet: nothing to judge
      else if (inSpan || milestone) tone = 'ok';
    }
    cells.push({ month: m, inSpan, planned: milestone ? milestone.planned_percent : null, plannedCum, actual: tone === 'none' && !inSpan ? null : actual, tone });
  }
  return cells;
}

/** Builds the schedule for the ward (or one organization and its branches) with the filters applied. */
export async function buildSchedule(q: Queryable, actor: Pick<Actor, 'wardId'>, query: ScheduleQuery, today: string = todayInVietnam()): Promise<Schedule> {
  const year = query.year ?? Number(today.slice(0, 4));
  const orgIds = query.org ? [...(await orgsBelow(q, actor.wardId, [query.org]))] : null;
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

export interface CellWords {
  plan: string;
  actual: string;
  done: string;
  behind: string;
  /** A month inside the task's dates with nothing else to say: a mark, so the shading is never alone. */
  inSpan: string;
}

/** "KH 50% · TH 30%" — the cell in words, the same on screen, in print and in the XLSX. */
export function cellText(c: ScheduleCell, words: CellWords): string {
  const parts: string[] = [];
  if (c.planned !== null) parts.push(`${words.plan} ${fmtPct(c.planned)}`);
  if (c.actual !== null && c.tone !== 'plan') parts.push(`${words.actual} ${fmtPct(c.actual)}`);
  if (c.tone === 'done') parts.push(words.done);
  else if (c.tone === 'behind') parts.push(words.behind);
  if (parts.length === 0 && c.inSpan) parts.push(words.inSpan);
  return parts.join(' · ');
}

/** The cell words in a language: "KH", "TH", "xong", "chậm", "•". */
export function cellWords(t: (key: 'sched.plan' | 'sched.actual' | 'sched.doneWord' | 'sched.behindWord' | 'sched.inSpanMark') => string): CellWords {
  return { plan: t('sched.plan'), actual: t('sched.actual'), done: t('sched.doneWord'), behind: t('sched.behindWord'), inSpan: t('sched.inSpanMark') };
}

/** The organization a row is grouped under: its programme's, or its lead organization. */
export const rowOrg = (t: Pick<TaskView, 'programme_org_id' | 'programme_org_name' | 'lead_org_id' | 'lead_name'>): { id: string | null; name: string } => ({
  id: t.programme_org_id ?? t.lead_org_id,
  name: t.programme_org_name ?? t.lead_name ?? '—',
});

export interface OrgGroup {
  orgId: string | null;
  name: string;
  rows: number;
}

/** Each organization of the schedule with its number of rows, in the schedule's order. */
export function orgGroups(rows: readonly ScheduleRow[]): OrgGroup[] {
  const out = new Map<string, OrgGroup>();
  for (const r of rows) {
    const o = rowOrg(r.task);
    const key = o.id ?? o.name;
    const g = out.get(key) ?? { orgId: o.id, name: o.name, rows: 0 };
    g.rows++;
    out.set(key, g);
  }
  return [...out.values()];
}

/**
 * One page of rows: pages break only before a ward task, so a task and its branch sub-tasks stay
 * together (a task with more sub-tasks than a page holds gets a page of its own).
 */
export function pageOfRows(rows: readonly ScheduleRow[], page: number, size = SCHEDULE_PAGE_ROWS): { rows: ScheduleRow[]; page: number; pages: number } {
  const pages: ScheduleRow[][] = [];
  let cur: ScheduleRow[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i + 1;
    while (j < rows.length && rows[j]?.depth) j++; // the block: a row and the sub-tasks under it
    const block = rows.slice(i, j);
    if (cur.length && cur.length + block.length > size) {
      pages.push(cur);
      cur = [];
    }
    cur.push(...block);
    i = j;
  }
  if (cur.length) pages.push(cur);
  const n = Math.max(1, pages.length);
  const p = Math.min(Math.max(1, page), n);
  return { rows: pages[p - 1] ?? [], page: p, pages: n };
}

export function fmtPct(n: number): string {
  return `${String(Math.round(n * 10) / 10).replace('.', ',')}%`;
}
