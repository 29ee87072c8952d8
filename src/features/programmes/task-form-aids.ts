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

/**
 * Planned cumulative percents spread evenly over the months of a task within its programme year:
 * from the month of `start` (or January when it starts in an earlier year) to the month of `due`
 * (or December), month k of n gets round(100·k/n) %, the last exactly 100 % — each milestone falls
 * due at its month's end (monthEnd). Dates 'YYYY-MM-DD'. Returns the month fields (m01…m12) to fill,
 * every other month blank; null when the period does not reach into `year` or ends before it starts.
 */
export function spreadMilestones(start: string, due: string, year: number): Record<(typeof MONTH_FIELDS)[number], string> | null {
  if (due < start) return null;
  const from = start.slice(0, 4) < String(year) ? 1 : start.slice(0, 4) > String(year) ? 13 : Number(start.slice(5, 7));
  const to = due.slice(0, 4) > String(year) ? 12 : due.slice(0, 4) < String(year) ? 0 : Number(due.slice(5, 7));
  if (from > to) return null;
  const n = to - from + 1;
  const out = Object.fromEntries(MONTH_FIELDS.map((f) => [f, ''])) as Record<(typeof MONTH_FIELDS)[number], string>;
  for (let k = 1; k <= n; k++) out[MONTH_FIELDS[from + k - 2] as (typeof MONTH_FIELDS)[number]] = String(Math.round((100 * k) / n));
  return out;
}

/**
 * The spread of a posted form's values (as typed, dd/mm/yyyy): the values with the months filled,
 * or the field errors that stop it (a date missing or not a date, a deadline before the start).
 */
export function spreadTyped(values: Record<string, unknown>, year: number): { values: Record<string, unknown> } | { errors: Record<string, string> } {
  const start = parseViDate(String(values.start_on ?? '').trim());
  const due = parseViDate(String(values.due_on ?? '').trim());
  const errors: Record<string, string> = {};
  if (!start) errors.start_on = values.start_on ? 'err.date' : 'task.err.spreadNeedsDates';
  if (!due) errors.due_on = values.due_on ? 'err.date' : 'task.err.spreadNeedsDates';
  if (!start || !due) return { errors };
  const months = spreadMilestones(start, due, year);
  if (!months) return { errors: due < start ? { due_on: 'task.err.dueBeforeStart' } : { start_on: 'task.err.spreadOutsideYear' } };
  return { values: { ...values, ...months } };
}
