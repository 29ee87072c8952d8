// What the task form does for the clerk besides saving (D53): spread the monthly milestones
// evenly over the task's period, and the intent of the button pressed. Pure, no I/O.
import { parseViDate } from '../../lib/vi/index.ts';
import { MONTH_FIELDS } from './schema.ts';

/** The buttons of the task form: save, save and add another, spread milestones, search owners. */
export const TASK_FORM_INTENTS = ['save', 'again', 'spread', 'owner'] as const;
export type TaskFormIntent = (typeof TASK_FORM_INTENTS)[number];

/** The button pressed (`intent` of the posted form); anything else is a plain save. */
export function taskFormIntent(body: unknown): TaskFormIntent {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>).intent : undefined;
  return (TASK_FORM_INTENTS as readonly string[]).includes(String(v)) ? (v as TaskFormIntent) : 'save';
}

/** Months since January of year 0: a month's place on one line across years. */
const monthIndex = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;

/**
 * Planned cumulative percents spread evenly over the WHOLE period of a task (D53, D65): month k of
 * the n months from the month of `start` to the month of `due` gets round(100·k/n) %, the last
 * exactly 100 % — each milestone falls due at its month's end (monthEnd). The months of the
 * programme `year` are returned with their cumulative share: a task run 01/2025–12/2026 plans 54 %
 * for January 2026 (13 of 24 months), not 8 %, and one carried on into next year does not reach
 * 100 % in December. Dates 'YYYY-MM-DD'. Returns the month fields (m01…m12) of `year`, the months
 * outside the period blank; null when the period does not reach into `year` or ends before it starts.
 */
export function spreadMilestones(start: string, due: string, year: number): Record<(typeof MONTH_FIELDS)[number], string> | null {
  if (due < start) return null;
  const first = monthIndex(start);
  const n = monthIndex(due) - first + 1;
  const out = Object.fromEntries(MONTH_FIELDS.map((f) => [f, ''])) as Record<(typeof MONTH_FIELDS)[number], string>;
  let any = false;
  MONTH_FIELDS.forEach((f, i) => {
    const k = year * 12 + i - first + 1; // this month's place in the period, 1…n
    if (k < 1 || k > n) return;
    out[f] = String(Math.round((100 * k) / n));
    any = true;
  });
  return any ? out : null;
}

/**
 * The spread of a posted form's values (as typed, dd/mm/yyyy): the values with the months filled,
 * or the field errors that stop it (a date missing or not a date, a deadline before the start).
 */
export function spreadTyped(values: Record<string, unknown>, year: number): { values: Record<string, unknown>; before?: SpreadBefore } | { errors: Record<string, string> } {
  const start = parseViDate(String(values.start_on ?? '').trim());
  const due = parseViDate(String(values.due_on ?? '').trim());
  const errors: Record<string, string> = {};
  if (!start) errors.start_on = values.start_on ? 'err.date' : 'task.err.spreadNeedsDates';
  if (!due) errors.due_on = values.due_on ? 'err.date' : 'task.err.spreadNeedsDates';
  if (!start || !due) return { errors };
  const months = spreadMilestones(start, due, year);
  if (!months) return { errors: due < start ? { due_on: 'task.err.dueBeforeStart' } : { start_on: 'task.err.spreadOutsideYear' } };
  const ahead = monthIndex(`${year}-01-01`) - monthIndex(start);
  if (ahead <= 0) return { values: { ...values, ...months } };
  const n = monthIndex(due) - monthIndex(start) + 1;
  return { values: { ...values, ...months }, before: { months: ahead, total: n, percent: Math.round((100 * ahead) / n), year: year - 1 } };
}

/** The months of a task's period run before its programme's year, for the spread's notice: how many of how many, and the share planned by the end of that year. */
export interface SpreadBefore {
  months: number;
  total: number;
  percent: number;
  year: number;
}
