// The month cells of the schedule (pure): what a task planned and reached in each month of a
// year, judged on a day. Used by the stored task state (state.ts) and by the reference schedule.
import { monthEnd, plannedBefore } from './status.ts';
import type { MilestoneRow } from './repo.ts';
import type { TaskView } from './load.ts';

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

/** A progress history, oldest first (reported_on, created_at). */
export type History = readonly { reported_on: string; percent: number }[];

/** The latest percent reported on or before `day`, or null. */
export function asOf(history: History | undefined, day: string): number | null {
  let v: number | null = null;
  for (const h of history ?? []) if (h.reported_on <= day) v = h.percent; // ordered by reported_on, created_at
  return v;
}

/** The cells of one task for a year; children's histories roll up into a parent's actuals. */
export function cellsOf(task: { start_on: string | null; due_on: string | null; done_on: string | null; milestones: readonly Pick<MilestoneRow, 'month' | 'due_on' | 'planned_percent'>[] }, actualAsOf: (day: string) => number | null, year: number, today: string): ScheduleCell[] {
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

