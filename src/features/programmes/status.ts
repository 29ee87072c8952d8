// Pure rules of a six-clear task and its programme: which of the six are missing, the derived
// status, progress summaries and roll-up, the amended status. No I/O.
import { toTenth } from '../../platform/validation.ts';
import { translate, type Locale, type MessageKey } from '../../platform/i18n/index.ts';
import { addDays as nextDays } from '../../lib/vi/index.ts';

/** The six "rõ": người, việc, trách nhiệm, tiến độ, thời gian, kết quả. */
export const SIX_CLEAR = ['owner', 'work', 'responsibility', 'progress', 'time', 'result'] as const;
export type SixClear = (typeof SIX_CLEAR)[number];

export interface SixClearInput {
  owner_person_id: string | null;
  title: string | null;
  description: string | null;
  lead_org_id: string | null;
  milestones: number; // how many monthly milestones
  start_on: string | null;
  due_on: string | null;
  result_kind: string | null;
  target_value: number | null;
  target_unit: string | null;
  deliverable: string | null;
}

const filled = (s: string | null | undefined): boolean => typeof s === 'string' && s.trim() !== '';

/** Which of the six are missing, in the founding document's order. Empty = ready for approval. */
export function missingSixClear(t: SixClearInput): SixClear[] {
  const out: SixClear[] = [];
  if (!filled(t.owner_person_id)) out.push('owner');
  if (!filled(t.title) || !filled(t.description)) out.push('work');
  if (!filled(t.lead_org_id)) out.push('responsibility');
  if (t.milestones < 1) out.push('progress');
  if (!filled(t.start_on) || !filled(t.due_on)) out.push('time');
  const result = t.result_kind === 'indicator' ? t.target_value !== null && Number.isFinite(t.target_value) && filled(t.target_unit) : t.result_kind === 'deliverable' ? filled(t.deliverable) : false;
  if (!result) out.push('result');
  return out;
}

/**
 * The form fields a task still lacks, as the message keys of their labels, in the form's order:
 * what a refused submit names ("thiếu Mô tả, cách làm"), not the category (D53).
 */
export function missingFields(t: SixClearInput): MessageKey[] {
  const out: MessageKey[] = [];
  if (!filled(t.title)) out.push('task.title');
  if (!filled(t.description)) out.push('task.description');
  if (!filled(t.owner_person_id)) out.push('task.owner');
  if (!filled(t.lead_org_id)) out.push('task.lead');
  if (!filled(t.start_on)) out.push('task.start');
  if (!filled(t.due_on)) out.push('task.due');
  if (t.milestones < 1) out.push('task.milestones');
  if (t.result_kind === 'indicator') {
    if (t.target_value === null || !Number.isFinite(t.target_value)) out.push('task.target');
    if (!filled(t.target_unit)) out.push('task.unit');
  } else if (t.result_kind === 'deliverable') {
    if (!filled(t.deliverable)) out.push('task.deliverable');
  } else out.push('task.resultKind');
  return out;
}

/** The labels of `keys` (missingFields) joined for a sentence: "Mô tả, cách làm; Người phụ trách". */
export function missingFieldsLabel(locale: Locale, keys: readonly MessageKey[]): string {
  return keys.map((k) => translate(locale, k)).join('; ');
}

/** A task of a list that is not six-clear: its number in the list (1-based), id, title and the form fields it lacks. */
export interface NotClear {
  no: number;
  id: string;
  title: string;
  fields: MessageKey[];
}

/**
 * The tasks of `tasks` (a programme's, in the order its page lists them) that a submit or an
 * approval refuses, each numbered by its place in the list and with the exact form fields it lacks
 * (`missingFields`, the rule of the task's own submit), for "Nhiệm vụ 3 «…»: thiếu Mô tả, cách làm".
 */
export function tasksNotClear(tasks: readonly (Omit<SixClearInput, 'milestones' | 'title'> & { id: string; title: string; milestones: number | readonly unknown[] })[]): NotClear[] {
  return tasks
    .map((t, i) => ({ no: i + 1, id: t.id, title: t.title, fields: missingFields({ ...t, milestones: typeof t.milestones === 'number' ? t.milestones : t.milestones.length }) }))
    .filter((x) => x.fields.length > 0);
}

/** One line a task of `tasksNotClear`: "Nhiệm vụ 3 «Tuyên truyền…»: thiếu Mô tả, cách làm." (in `locale`). */
export function notClearLine(locale: Locale, x: NotClear): string {
  return translate(locale, 'prog.notClearLine', { no: x.no, title: x.title, missing: missingFieldsLabel(locale, x.fields) });
}

export const TASK_STATUSES = ['not_started', 'on_track', 'late', 'overdue', 'done', 'done_late'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface StatusInput {
  start_on: string | null; // 'YYYY-MM-DD'
  due_on: string | null;
  /** Planned cumulative percent by a date. */
  milestones: readonly { due_on: string; planned_percent: number }[];
  /** Latest progress (percent), or null when nothing was reported. */
  percent: number | null;
  /** The day the task reached 100 %, or null. */
  done_on: string | null;
  /** Today in Asia/Ho_Chi_Minh, 'YYYY-MM-DD'. */
  today: string;
}

/** The percent planned by the end of `day`: the highest milestone whose date has passed (strictly before `day`). */
export function plannedBefore(milestones: StatusInput['milestones'], day: string): number {
  let p = 0;
  for (const m of milestones) if (m.due_on < day && m.planned_percent > p) p = m.planned_percent;
  return p;
}

/**
 * Derived status, never typed:
 * - done: reached 100 % on or before the deadline; done_late: after it (or with no deadline: done);
 * - overdue: not done and the deadline has passed (due yesterday = overdue; due today is not yet);
 * - not_started: the start is still ahead, or nothing reported and no milestone has passed yet;
 * - late: a milestone has passed (its day is over) and the progress is below what it planned;
 * - on_track: otherwise.
 */
export function deriveStatus(s: StatusInput): TaskStatus {
  if (s.done_on) return s.due_on && s.done_on > s.due_on ? 'done_late' : 'done';
  if (s.due_on && s.today > s.due_on) return 'overdue';
  const planned = plannedBefore(s.milestones, s.today);
  const actual = s.percent ?? 0;
  if (s.start_on && s.today < s.start_on && actual === 0) return 'not_started';
  if (actual < planned) return 'late';
  if (s.percent === null || s.percent === 0) return planned > 0 ? 'late' : 'not_started';
  return 'on_track';
}

/**
 * The derived status as it stood at the close of `day` ('YYYY-MM-DD'): `deriveStatus` judged on the
 * next day, a task done after `day` counted as not yet done (its latest percent still stands). For
 * looking back at a period that is over (a report's pre-fill).
 */
export function statusAtClose(t: Pick<StatusInput, 'start_on' | 'due_on' | 'milestones' | 'done_on'> & { progress_percent: number | null }, day: string): TaskStatus {
  return deriveStatus({ start_on: t.start_on, due_on: t.due_on, milestones: t.milestones, percent: t.progress_percent, done_on: t.done_on && t.done_on <= day ? t.done_on : null, today: nextDays(day, 1) });
}

/** Status words travel with a tone for colour; the word is always shown. */
export const STATUS_TONE: Record<TaskStatus, 'ok' | 'warn' | 'bad' | 'muted' | 'info'> = {
  not_started: 'muted',
  on_track: 'info',
  late: 'warn',
  overdue: 'bad',
  done: 'ok',
  done_late: 'warn',
};

/** Percent of an indicator reached, capped to 0..100. */
export function percentOfTarget(value: number, target: number): number {
  if (!(target > 0)) return value > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, toTenth((value / target) * 100))); // 49,98 of 50 is 99,9 %, not done
}

/** Day arithmetic lives in the Vietnam calendar (lib/vi/calendar.ts); re-exported for this feature's callers. */
export { addDays, dayBefore, monthEnd } from '../../lib/vi/index.ts';

/**
 * Whether a programme's tasks may be added or changed (docs/DESIGN.md D65): not while it waits for
 * approval ('submitted': the approver decides on what was submitted; the organization asks for it
 * back, a return, to change it); a draft, returned or amended one may, and an approved one may too
 * (it becomes amended, to be approved again). No programme (a task outside one): open.
 */
export function tasksOpen(status: string | null | undefined): boolean {
  return status !== 'submitted';
}

/** A change to an approved programme makes it "amended" (to be approved again); others keep their status. */
export function amendedStatus(status: string): string {
  return status === 'approved' ? 'amended' : status;
}

export function missingLabel(locale: Locale, missing: readonly SixClear[]): string {
  return missing.map((m) => translate(locale, `six.${m}`)).join(', ');
}

/** Latest percent, its date, and the day 100 % was reached (the start of the final run at 100 %). */
export function summarize(history: readonly { reported_on: string; percent: number; created_at: string }[]): { progress_percent: number | null; progress_on: string | null; done_on: string | null } {
  const sorted = [...history].sort((a, b) => a.reported_on.localeCompare(b.reported_on) || a.created_at.localeCompare(b.created_at));
  const last = sorted.at(-1);
  if (!last) return { progress_percent: null, progress_on: null, done_on: null };
  let done: string | null = null;
  for (let i = sorted.length - 1; i >= 0 && (sorted[i]?.percent ?? 0) >= 100; i--) done = sorted[i]?.reported_on ?? null;
  return { progress_percent: last.percent, progress_on: last.reported_on, done_on: done };
}

/** A parent's progress is the mean of its sub-tasks'; it is done when all are, on the last one's day. */
export function rollUpOf(children: readonly { progress_percent: number | null; progress_on: string | null; done_on: string | null }[]): { progress_percent: number | null; progress_on: string | null; done_on: string | null } {
  if (children.length === 0) return { progress_percent: null, progress_on: null, done_on: null };
  const reported = children.filter((c) => c.progress_percent !== null);
  const mean = children.reduce((s, c) => s + (c.progress_percent ?? 0), 0) / children.length;
  const allDone = children.every((c) => c.done_on);
  return {
    progress_percent: reported.length ? Math.round(mean * 10) / 10 : null,
    progress_on: reported.reduce<string | null>((m, c) => (c.progress_on && (!m || c.progress_on > m) ? c.progress_on : m), null),
    done_on: allDone ? children.reduce<string>((m, c) => ((c.done_on as string) > m ? (c.done_on as string) : m), '') : null,
  };
}
