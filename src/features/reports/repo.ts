// Reads and row shapes of the reports room. Every read is scoped by ward (built-in forms have
// ward_id null and are shared). Writes live in the command modules (forms.ts, requests.ts,
// submissions.ts, rollup.ts) on their CommandTx.
import type { Selectable } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import type { ReportFormTable, ReportFormVersionTable, ReportRequestTable, ReportSubmissionEventTable, ReportSubmissionTable } from '../../db/types.ts';
import type { FormSpec, IndicatorSpec, SectionSpec } from './schema.ts';

export type FormRow = Selectable<ReportFormTable>;
export type FormVersionRow = Selectable<ReportFormVersionTable>;
export type RequestRow = Selectable<ReportRequestTable>;
export type SubmissionRow = Selectable<ReportSubmissionTable>;
export type SubmissionEventRow = Selectable<ReportSubmissionEventTable>;

/** A submission's stored indicator value: what was entered and what the record computed. */
export interface IndicatorValue {
  value: number | null;
  computed: number | null;
}

/** The forms a ward sees: its own, and each built-in whose code it has not replaced; by sort order. */
export async function formRows(q: Queryable, wardId: string): Promise<FormRow[]> {
  const rows = await q
    .selectFrom('report_form')
    .selectAll()
    .where((eb) => eb.or([eb('ward_id', '=', wardId), eb('ward_id', 'is', null)]))
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
  const own = new Set(rows.filter((r) => r.ward_id).map((r) => r.code));
  return rows.filter((r) => r.ward_id || !own.has(r.code));
}

/** One form visible to the ward (its own or built-in), or undefined. */
export function formRow(q: Queryable, wardId: string, id: string): Promise<FormRow | undefined> {
  return q
    .selectFrom('report_form')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => eb.or([eb('ward_id', '=', wardId), eb('ward_id', 'is', null)]))
    .executeTakeFirst();
}

/** A form version's specification (sections and indicators), parsed. */
export function specOf(v: Pick<FormVersionRow, 'sections' | 'indicators'>): FormSpec {
  return { sections: JSON.parse(v.sections) as SectionSpec[], indicators: JSON.parse(v.indicators) as IndicatorSpec[] };
}

export function formVersionRow(q: Queryable, id: string): Promise<FormVersionRow | undefined> {
  // ward-scope: a version pinned by a ward-scoped form or request (built-in versions have no ward).
  return q.selectFrom('report_form_version').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Versions of a form, newest first. */
export function formVersionRows(q: Queryable, formId: string): Promise<FormVersionRow[]> {
  // ward-scope: versions of a form already read with its ward (built-in forms have none).
  return q.selectFrom('report_form_version').selectAll().where('form_id', '=', formId).orderBy('number', 'desc').execute();
}

export function requestRow(q: Queryable, wardId: string, id: string): Promise<RequestRow | undefined> {
  return q.selectFrom('report_request').selectAll().where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}

/** Requests of the ward, newest period first; `orgIds` narrows to those asking one of them. */
export async function requestRows(q: Queryable, wardId: string, f: { year?: number; formId?: string; orgIds?: readonly string[] | null; limit: number; offset: number }): Promise<{ rows: RequestRow[]; total: number }> {
  let base = q.selectFrom('report_request').where('report_request.ward_id', '=', wardId);
  if (f.year) base = base.where('period_start', '<=', `${f.year}-12-31`).where('period_end', '>=', `${f.year}-01-01`);
  if (f.formId) base = base.where('form_id', '=', f.formId);
  if (f.orgIds) {
    const ids = f.orgIds;
    if (ids.length === 0) return { rows: [], total: 0 };
    base = base.where((eb) => eb.exists(eb.selectFrom('report_submission as s').select('s.id').whereRef('s.request_id', '=', 'report_request.id').where('s.org_id', 'in', ids)));
  }
  const [rows, total] = await Promise.all([
    base.selectAll('report_request').orderBy('period_end', 'desc').orderBy('created_at', 'desc').limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export function submissionRows(q: Queryable, wardId: string, requestIds: readonly string[]): Promise<SubmissionRow[]> {
  if (requestIds.length === 0) return Promise.resolve([]);
  return q.selectFrom('report_submission').selectAll().where('ward_id', '=', wardId).where('request_id', 'in', requestIds).execute();
}

export function submissionRow(q: Queryable, wardId: string, id: string): Promise<SubmissionRow | undefined> {
  return q.selectFrom('report_submission').selectAll().where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}

/** Every submission of these organizations with its request's period and due date (the rates across periods). */
export function orgHistoryRows(q: Queryable, wardId: string, orgIds: readonly string[], formId?: string) {
  if (orgIds.length === 0) return Promise.resolve([]);
  let qb = q
    .selectFrom('report_submission as s')
    .innerJoin('report_request as r', 'r.id', 's.request_id')
    .select(['s.id', 's.org_id', 's.status', 's.first_submitted_at', 's.late', 'r.id as request_id', 'r.period_id', 'r.due_on', 'r.form_id', 'r.title'])
    .where('s.ward_id', '=', wardId)
    .where('s.org_id', 'in', orgIds);
  if (formId) qb = qb.where('r.form_id', '=', formId);
  return qb.orderBy('r.period_end').execute();
}

export function eventRows(q: Queryable, wardId: string, submissionId: string): Promise<SubmissionEventRow[]> {
  return q.selectFrom('report_submission_event').selectAll().where('ward_id', '=', wardId).where('submission_id', '=', submissionId).orderBy('at').orderBy('id').execute();
}

export function fileRows(q: Queryable, wardId: string, submissionIds: readonly string[]) {
  if (submissionIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('report_file')
    .innerJoin('work_file', 'work_file.id', 'report_file.file_id')
    .select(['report_file.submission_id', 'work_file.id', 'work_file.original_name', 'work_file.content_type', 'work_file.size_bytes'])
    .where('report_file.ward_id', '=', wardId)
    .where('report_file.submission_id', 'in', submissionIds)
    .orderBy('report_file.created_at')
    .execute();
}

export function rollupRow(q: Queryable, wardId: string, requestId: string) {
  return q.selectFrom('report_rollup').selectAll().where('ward_id', '=', wardId).where('request_id', '=', requestId).executeTakeFirst();
}

/** Ids of every form of this code the ward has used: the built-in one and the ward's own copy (one form for requests and history). */
export async function sameFormIds(q: Queryable, wardId: string, code: string): Promise<string[]> {
  const rows = await q.selectFrom('report_form').select('id').where('code', '=', code).where((eb) => eb.or([eb('ward_id', '=', wardId), eb('ward_id', 'is', null)])).execute();
  return rows.map((r) => r.id);
}
