import { z } from 'zod';
import { ValidationError } from '../../platform/errors.ts';
import { DECIMAL_MAX, flag, id, idList, int, optDate, optDecimal, optEnum, optId, optLongText, optPercent, optText, percent, text, version } from '../../platform/validation.ts';

export const PROGRAMME_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'amended'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];
export const APPROVALS = ['draft', 'submitted', 'approved', 'returned'] as const;
export type Approval = (typeof APPROVALS)[number];
export const ORIGINS = ['programme', 'conclusion', 'target'] as const;
export type Origin = (typeof ORIGINS)[number];
export const RESULT_KINDS = ['indicator', 'deliverable'] as const;

/** A blank form value (or a JSON null) counts as absent. */
export const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

export { idList } from '../../platform/validation.ts';

/**
 * A number typed the Vietnamese way ("1.234,5", "50", "85%") or sent as a JSON number, from `min`
 * (default 0) to `max` (default DECIMAL_MAX): blank → null; one message names the rule.
 */
export const optNumber = (opts: { min?: number; max?: number } = {}) => optDecimal(opts.min ?? 0, opts.max ?? DECIMAL_MAX);

export const YEAR = int(2000, 2100);

export const ProgrammeInput = z.object({
  org_id: id(),
  year: YEAR,
  title: text(300),
  source_ids: idList(),
});
export type ProgrammeInput = z.output<typeof ProgrammeInput>;

export const ProgrammeUpdateInput = z.object({ title: text(300), source_ids: idList(), version: version() });
export type ProgrammeUpdateInput = z.output<typeof ProgrammeUpdateInput>;

export const DecisionInput = z.object({ comment: optLongText(2000), version: version() });
export type DecisionInput = z.output<typeof DecisionInput>;
export const ReturnInput = z.object({ comment: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().min(1).max(2000)), version: version() });
/**
 * The one approval box (issue 11 item 5, D50): a comment and two buttons, `decision` = 'approve'
 * (comment optional) or 'return' (comment required: checked by the route, which names the box).
 */
export const DecideInput = z.object({ decision: z.enum(['approve', 'return'], { message: 'approval.err.decision' }), comment: optLongText(2000), version: version() });
export type DecideInput = z.output<typeof DecideInput>;

export const MONTH_FIELDS = ['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07', 'm08', 'm09', 'm10', 'm11', 'm12'] as const;

export const MilestoneInput = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'err.format' }),
  planned_percent: percent(),
  title: optText(200),
});
export type MilestoneInput = z.output<typeof MilestoneInput>;

const dueAfterStart = (v: { start_on: string | null; due_on: string | null }) => !v.start_on || !v.due_on || v.due_on >= v.start_on;
const DUE_BEFORE_START = 'task.err.dueBeforeStart';
// A fresh object per schema: zod normalizes (and rewrites) the params object it is given.
const dueAfterStartError = () => ({ message: DUE_BEFORE_START, path: ['due_on'] });

const taskFields = {
  title: text(500),
  description: optLongText(5000),
  owner_person_id: optId(),
  lead_org_id: optId(),
  coordinating_org_ids: idList(),
  start_on: optDate(),
  due_on: optDate(),
  result_kind: optEnum(RESULT_KINDS),
  target_value: optNumber(),
  target_unit: optText(40),
  deliverable: optText(500),
  source_ids: idList(),
  origin_kind: z.preprocess(blank, z.enum(ORIGINS).default('programme')),
  origin_ref: optText(100),
  origin_note: optText(300),
};

/** Planned cumulative percent per month of the programme year, from the form's m01…m12. */
const monthFields = Object.fromEntries(MONTH_FIELDS.map((m) => [m, optPercent()])) as Record<(typeof MONTH_FIELDS)[number], ReturnType<typeof optPercent>>;

export const TaskFormInput = z.object({ ...taskFields, ...monthFields }).refine(dueAfterStart, dueAfterStartError());
export const TaskFormUpdateInput = z.object({ ...taskFields, ...monthFields, version: version() }).refine(dueAfterStart, dueAfterStartError());
export type TaskFormInput = z.output<typeof TaskFormInput>;

/** The same task as the JSON API sends it: milestones as a list. */
export const TaskApiInput = z.object({ ...taskFields, milestones: z.array(MilestoneInput).max(24).default([]) }).refine(dueAfterStart, dueAfterStartError());
/**
 * PATCH of a task through the API: only the fields sent change (null clears an optional one; a
 * list sent replaces the list), `version` required. The result is checked whole after merging
 * (patchTaskPlan): a deadline sent before the stored start is refused.
 */
export const TaskApiPatch = z.object({ ...taskFields, milestones: z.array(MilestoneInput).max(24) }).partial().extend({ version: version() });
export type TaskApiPatch = z.output<typeof TaskApiPatch>;

/**
 * The task's stored plan with the fields of a PATCH laid over it (fields not sent are kept).
 * Throws ValidationError (400) on `due_on` when the merged deadline falls before the merged start.
 */
export function patchTaskPlan(current: TaskPlan, patch: TaskApiPatch): TaskPlan & { version: number } {
  const sent = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<TaskPlan> & { version: number };
  const plan = { ...current, ...sent };
  if (!dueAfterStart(plan)) throw new ValidationError({ due_on: DUE_BEFORE_START });
  return plan;
}

/** What services take: the task's plan with its milestones. */
export interface TaskPlan {
  title: string;
  description: string | null;
  owner_person_id: string | null;
  lead_org_id: string | null;
  coordinating_org_ids: string[];
  start_on: string | null;
  due_on: string | null;
  result_kind: 'indicator' | 'deliverable' | null;
  target_value: number | null;
  target_unit: string | null;
  deliverable: string | null;
  source_ids: string[];
  origin_kind: 'programme' | 'conclusion' | 'target';
  origin_ref: string | null;
  origin_note: string | null;
  milestones: MilestoneInput[];
}

/** A plan from the fields given, every other one blank (for code that makes tasks: demo, tests, imports). */
export function taskPlan(p: Partial<TaskPlan> & Pick<TaskPlan, 'title'>): TaskPlan {
  return {
    description: null,
    owner_person_id: null,
    lead_org_id: null,
    coordinating_org_ids: [],
    start_on: null,
    due_on: null,
    result_kind: null,
    target_value: null,
    target_unit: null,
    deliverable: null,
    source_ids: [],
    origin_kind: 'programme',
    origin_ref: null,
    origin_note: null,
    milestones: [],
    ...p,
  };
}

/** Form values → plan: month fields of the given year become milestones. */
export function planFromForm(input: z.output<typeof TaskFormInput>, year: number): TaskPlan {
  const milestones: MilestoneInput[] = [];
  MONTH_FIELDS.forEach((f, i) => {
    const v = input[f];
    if (v !== null && v !== undefined) milestones.push({ month: `${year}-${String(i + 1).padStart(2, '0')}`, planned_percent: v, title: null });
  });
  const { m01: _1, m02: _2, m03: _3, m04: _4, m05: _5, m06: _6, m07: _7, m08: _8, m09: _9, m10: _10, m11: _11, m12: _12, ...rest } = input;
  return { ...rest, milestones };
}

export const ProgressInput = z
  .object({
    percent: optPercent(),
    value: optNumber(),
    reported_on: optDate(),
    note: optLongText(2000),
    actual_result: optLongText(2000),
    version: version(),
  })
  .refine((v) => v.percent !== null || v.value !== null, { message: 'task.err.percentOrValue', path: ['percent'] });
export type ProgressInput = z.output<typeof ProgressInput>;

export const ProgrammeListQuery = z.object({
  year: z.preprocess(blank, YEAR.optional()),
});

/** The dashboard's query: the year and `all=1` to list every branch of the residential groups. */
export const BoardQuery = ProgrammeListQuery.extend({
  all: flag(),
});
