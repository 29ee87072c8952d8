// Programmes of work and their six-clear tasks: lifecycle, approval, progress. Every write runs in
// one transaction with its audit row; access is checked here, per object, after the route's role rule.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { inTx } from '../../platform/tx.ts';
import { AppError, conflict, forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import { translate, type Locale } from '../../platform/i18n/index.ts';
import { fold, todayInVietnam } from '../../lib/vi/index.ts';
import { groupBy } from '../../lib/group.ts';
import { getOrg, listOrgs, orgSubtree, writableOrgIds } from '../orgs/service.ts';
import { assertSourcesInWard, sourcesByIds, type SourceRow } from '../sources/service.ts';
import {
  childRows,
  coordinatingRows,
  evidenceRows,
  getProgrammeRow,
  getTaskRow,
  milestoneRows,
  personOfUser,
  personOptionRows,
  programmeRows,
  programmeSourceIds,
  progressRows,
  taskOwnerRows,
  taskRows,
  taskSourceRows,
  versionRow,
  versionRows,
  type MilestoneRow,
  type ProgrammeRow,
  type ProgressRow,
  type TaskFilter,
  type TaskListRow,
  type TaskRow,
} from './repo.ts';
import type { DecisionInput, ProgrammeInput, ProgrammeUpdateInput, ProgressInput, TaskPlan } from './schema.ts';
import { deriveStatus, missingSixClear, monthEnd, percentOfTarget, type SixClear, type TaskStatus } from './status.ts';

export type { ProgrammeRow, TaskRow, TaskListRow, MilestoneRow, ProgressRow } from './repo.ts';
type AuditActor = Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>;

// ---------------------------------------------------------------------------------------------
// Access

/** Organizations whose programme and tasks the actor may edit ('all' for admin and office). */
export function editableOrgs(q: Queryable, actor: Actor): Promise<Set<string> | 'all'> {
  return writableOrgIds(q, actor);
}

function canEditOrg(writable: Set<string> | 'all', ...orgIds: (string | null | undefined)[]): boolean {
  return writable === 'all' || orgIds.some((o) => !!o && writable.has(o));
}

export const canApprove = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.has('admin') || actor.roles.has('standing');

/**
 * The organization whose editors may change a task's plan (edit, submit, add sub-tasks): the
 * programme's organization — a task belongs to the programme it is in, whoever leads it — or, for
 * a task outside any programme, its lead organization. The lead organization reports progress.
 */
const planOrg = (task: Pick<TaskRow, 'lead_org_id'>, programmeOrg: string | null | undefined): string | null => programmeOrg ?? task.lead_org_id;

/** Who may post progress: editors of the task's organization, its owner, members of its organization. */
async function canReport(q: Queryable, actor: Actor, task: Pick<TaskRow, 'owner_person_id' | 'lead_org_id'>, programmeOrg: string | null, writable: Set<string> | 'all'): Promise<boolean> {
  if (canEditOrg(writable, task.lead_org_id, programmeOrg)) return true;
  if (!actor.roles.has('member') && !actor.roles.has('org_head')) return false;
  const personId = await personOfUser(q, actor.userId);
  if (personId && task.owner_person_id === personId) return true;
  if (!actor.roles.has('member')) return false;
  const memberOrgs = await orgSubtree(q, actor.wardId, actor.memberOf);
  return canEditOrg(memberOrgs, task.lead_org_id, programmeOrg);
}

// ---------------------------------------------------------------------------------------------
// Programmes

type ProgrammeListRow = Awaited<ReturnType<typeof programmeRows>>[number];
export interface ProgrammeListItem extends ProgrammeListRow {
  tasks: number;
  done: number;
  late: number;
}

export async function listProgrammes(q: Queryable, actor: Actor, year: number | null): Promise<ProgrammeListItem[]> {
  const rows = await programmeRows(q, actor.wardId, year);
  const tasks = rows.length ? await loadTasks(q, actor, { year }) : [];
  const byProg = groupBy(tasks, (t) => t.programme_id);
  return rows.map((r) => {
    const ts = (byProg.get(r.id) ?? []).filter((t) => !t.parent_id);
    return { ...r, tasks: ts.length, done: ts.filter((t) => t.status === 'done' || t.status === 'done_late').length, late: ts.filter((t) => t.status === 'late' || t.status === 'overdue').length };
  });
}

export interface ProgrammeDetail {
  programme: ProgrammeRow;
  orgName: string;
  sources: SourceRow[];
  tasks: TaskView[];
  versions: Awaited<ReturnType<typeof versionRows>>;
  canEdit: boolean;
  canApprove: boolean;
}

export async function getProgramme(q: Queryable, actor: Actor, id: string): Promise<ProgrammeDetail> {
  const programme = await getProgrammeRow(q, actor.wardId, id);
  if (!programme) throw notFound();
  const [org, srcIds, tasks, versions, writable] = await Promise.all([getOrg(q, actor, programme.org_id), programmeSourceIds(q, actor.wardId, id), loadTasks(q, actor, { programmeId: id }), versionRows(q, actor.wardId, id), editableOrgs(q, actor)]);
  const sources = await sourcesByIds(
    q,
    actor,
    srcIds.map((s) => s.source_document_id),
  );
  return { programme, orgName: org?.name ?? '', sources, tasks, versions, canEdit: canEditOrg(writable, programme.org_id), canApprove: canApprove(actor) };
}

async function assertProgrammeOrg(q: Queryable, actor: Actor, orgId: string): Promise<void> {
  const org = await getOrg(q, actor, orgId);
  if (!org) throw new ValidationError({ org_id: 'err.unknownOrg' });
  if (!canEditOrg(await editableOrgs(q, actor), orgId)) throw forbidden();
}

export async function createProgramme(db: Db, actor: Actor, input: ProgrammeInput): Promise<string> {
  return inTx(db, async (trx) => {
    await assertProgrammeOrg(trx, actor, input.org_id);
    await assertSourcesInWard(trx, actor, input.source_ids);
    const exists = await trx.selectFrom('programme').select('id').where('ward_id', '=', actor.wardId).where('org_id', '=', input.org_id).where('year', '=', input.year).executeTakeFirst();
    if (exists) throw new ValidationError({ year: 'prog.err.exists' });
    return insertProgramme(trx, actor, input);
  });
}

/** Inserts a draft programme with its sources and audit row (no access checks). */
export async function insertProgramme(q: Queryable, actor: AuditActor, input: ProgrammeInput): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, org_id: input.org_id, year: input.year, title: input.title, status: 'draft', submitted_at: null, decided_at: null, decided_by: null, decision_comment: null, created_at: now, updated_at: now };
  await q.insertInto('programme').values(row).execute();
  for (const s of new Set(input.source_ids)) await q.insertInto('programme_source').values({ programme_id: id, source_document_id: s, ward_id: actor.wardId }).execute();
  await writeAudit(q, actor, { action: 'programme.create', entityType: 'programme', entityId: id, summary: input.title, after: { ...row, source_ids: input.source_ids } });
  return id;
}

async function lockProgramme(q: Queryable, actor: Actor, id: string, version: number | null) {
  const p = await getProgrammeRow(q, actor.wardId, id);
  if (!p) throw notFound();
  if (version !== null && p.version !== version) throw conflict();
  return p;
}

async function bumpProgramme(q: Queryable, actor: Actor, p: ProgrammeRow, set: Partial<Pick<ProgrammeRow, 'title' | 'status' | 'approved_version' | 'submitted_at' | 'decided_at' | 'decided_by' | 'decision_comment'>>): Promise<void> {
  const res = await q
    .updateTable('programme')
    .set((eb) => ({ ...set, updated_at: nowIso(), version: eb('version', '+', 1) }))
    .where('id', '=', p.id)
    .where('ward_id', '=', actor.wardId)
    .where('version', '=', p.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict();
}

export async function updateProgramme(db: Db, actor: Actor, id: string, input: ProgrammeUpdateInput): Promise<void> {
  await inTx(db, async (trx) => {
    const p = await lockProgramme(trx, actor, id, input.version);
    if (!canEditOrg(await editableOrgs(trx, actor), p.org_id)) throw forbidden();
    await assertSourcesInWard(trx, actor, input.source_ids);
    await bumpProgramme(trx, actor, p, { title: input.title, status: amendedStatus(p.status) });
    await trx.deleteFrom('programme_source').where('programme_id', '=', id).where('ward_id', '=', actor.wardId).execute();
    for (const s of new Set(input.source_ids)) await trx.insertInto('programme_source').values({ programme_id: id, source_document_id: s, ward_id: actor.wardId }).execute();
    await writeAudit(trx, actor, { action: 'programme.update', entityType: 'programme', entityId: id, summary: input.title, before: p, after: { title: input.title, source_ids: input.source_ids } });
  });
}

/**
 * A change to a programme's tasks bumps the programme's version, so that an approval or return
 * decided on what was read before is refused (409) rather than covering tasks nobody saw; an
 * approved programme becomes "amended" (to be approved again).
 */
async function touchProgramme(q: Queryable, actor: Actor, p: ProgrammeRow): Promise<void> {
  await bumpProgramme(q, actor, p, { status: amendedStatus(p.status) });
}

/** A change to an approved programme makes it "amended" (to be approved again); others keep their status. */
function amendedStatus(status: string): string {
  return status === 'approved' ? 'amended' : status;
}

/** "Nhiệm vụ «…»: rõ thời gian, rõ kết quả" for each task that is not six-clear. */
function notReadyMessage(locale: Locale, tasks: { title: string; missing: SixClear[] }[]): string {
  return tasks.map((t) => `«${t.title}»: ${missingLabel(locale, t.missing)}`).join('; ');
}

export function missingLabel(locale: Locale, missing: readonly SixClear[]): string {
  return missing.map((m) => translate(locale, `six.${m}`)).join(', ');
}

async function tasksNotReady(q: Queryable, actor: Actor, programmeId: string) {
  const tasks = await loadTasks(q, actor, { programmeId });
  return { tasks, notReady: tasks.filter((t) => t.missing.length > 0).map((t) => ({ title: t.title, missing: t.missing })) };
}

export async function submitProgramme(db: Db, actor: Actor, id: string, input: DecisionInput, locale: Locale = 'vi'): Promise<void> {
  await inTx(db, async (trx) => {
    const p = await lockProgramme(trx, actor, id, input.version);
    if (!canEditOrg(await editableOrgs(trx, actor), p.org_id)) throw forbidden();
    if (!['draft', 'returned', 'amended'].includes(p.status)) throw new AppError(409, 'prog.err.notSubmittable');
    const { tasks, notReady } = await tasksNotReady(trx, actor, id);
    if (tasks.length === 0) throw new AppError(422, 'prog.err.noTasks');
    if (notReady.length) throw new AppError(422, 'prog.err.notReady', { tasks: notReadyMessage(locale, notReady) });
    await bumpProgramme(trx, actor, p, { status: 'submitted', submitted_at: nowIso() });
    await trx.updateTable('task').set((eb) => ({ approval: 'submitted', version: eb('version', '+', 1), updated_at: nowIso() })).where('ward_id', '=', actor.wardId).where('programme_id', '=', id).where('approval', 'in', ['draft', 'returned']).execute();
    await writeAudit(trx, actor, { action: 'programme.submit', entityType: 'programme', entityId: id, summary: p.title, before: { status: p.status }, after: { status: 'submitted', comment: input.comment } });
  });
}

export async function approveProgramme(db: Db, actor: Actor, id: string, input: DecisionInput, locale: Locale = 'vi'): Promise<number> {
  if (!canApprove(actor)) throw forbidden();
  return inTx(db, async (trx) => {
    const p = await lockProgramme(trx, actor, id, input.version);
    if (p.status !== 'submitted') throw new AppError(409, 'prog.err.notSubmitted');
    const { tasks, notReady } = await tasksNotReady(trx, actor, id);
    if (notReady.length) throw new AppError(422, 'prog.err.notReady', { tasks: notReadyMessage(locale, notReady) });
    const now = nowIso();
    const versionNo = p.approved_version + 1;
    await bumpProgramme(trx, actor, p, { status: 'approved', approved_version: versionNo, decided_at: now, decided_by: actor.label, decision_comment: input.comment });
    await trx
      .updateTable('task')
      .set((eb) => ({ approval: 'approved', approved_at: now, approved_by: actor.label, return_comment: null, version: eb('version', '+', 1), updated_at: now }))
      .where('ward_id', '=', actor.wardId)
      .where('programme_id', '=', id)
      .where('approval', '!=', 'approved')
      .execute();
    const sources = await programmeSourceIds(trx, actor.wardId, id);
    const snapshot = { programme: { ...p, status: 'approved', approved_version: versionNo }, sources: sources.map((s) => s.source_document_id), tasks: tasks.map(snapshotOf) };
    await trx.insertInto('programme_version').values({ id: newId(), ward_id: actor.wardId, programme_id: id, version_no: versionNo, approved_at: now, approved_by: actor.label, comment: input.comment, snapshot_json: JSON.stringify(snapshot) }).execute();
    await writeAudit(trx, actor, { action: 'programme.approve', entityType: 'programme', entityId: id, summary: `${p.title} (v${versionNo})`, before: { status: p.status }, after: { status: 'approved', version_no: versionNo, comment: input.comment } });
    return versionNo;
  });
}

function snapshotOf(t: TaskView) {
  return {
    id: t.id,
    parent_id: t.parent_id,
    title: t.title,
    description: t.description,
    owner: t.owner_name,
    lead: t.lead_name,
    coordinating: t.coordinating.map((c) => c.name),
    start_on: t.start_on,
    due_on: t.due_on,
    result_kind: t.result_kind,
    target_value: t.target_value,
    target_unit: t.target_unit,
    deliverable: t.deliverable,
    milestones: t.milestones.map((m) => ({ month: m.month, due_on: m.due_on, planned_percent: m.planned_percent })),
  };
}

export async function returnProgramme(db: Db, actor: Actor, id: string, input: { comment: string; version: number }): Promise<void> {
  if (!canApprove(actor)) throw forbidden();
  await inTx(db, async (trx) => {
    const p = await lockProgramme(trx, actor, id, input.version);
    if (p.status !== 'submitted') throw new AppError(409, 'prog.err.notSubmitted');
    await bumpProgramme(trx, actor, p, { status: 'returned', decided_at: nowIso(), decided_by: actor.label, decision_comment: input.comment });
    await trx
      .updateTable('task')
      .set((eb) => ({ approval: 'returned', return_comment: input.comment, version: eb('version', '+', 1), updated_at: nowIso() }))
      .where('ward_id', '=', actor.wardId)
      .where('programme_id', '=', id)
      .where('approval', '=', 'submitted')
      .execute();
    await writeAudit(trx, actor, { action: 'programme.return', entityType: 'programme', entityId: id, summary: p.title, before: { status: p.status }, after: { status: 'returned', comment: input.comment } });
  });
}

export async function getProgrammeVersion(q: Queryable, actor: Actor, id: string, no: number) {
  const p = await getProgrammeRow(q, actor.wardId, id);
  if (!p) throw notFound();
  const v = await versionRow(q, actor.wardId, id, no);
  if (!v) throw notFound();
  return { programme: p, version: v, snapshot: JSON.parse(v.snapshot_json) as { tasks: ReturnType<typeof snapshotOf>[]; sources: string[] } };
}

// ---------------------------------------------------------------------------------------------
// Tasks: loading with derived status

export interface TaskView extends TaskListRow {
  milestones: MilestoneRow[];
  coordinating: { org_id: string; name: string; short_name: string | null }[];
  source_ids: string[];
  status: TaskStatus;
  missing: SixClear[];
}

/** Tasks with milestones, coordinating bodies, sources, derived status and missing six-clear items. */
export async function loadTasks(q: Queryable, actor: Pick<Actor, 'wardId'>, f: TaskFilter, today: string = todayInVietnam()): Promise<TaskView[]> {
  const rows = await taskRows(q, actor.wardId, f);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [ms, coord, srcs] = await Promise.all([milestoneRows(q, actor.wardId, ids), coordinatingRows(q, actor.wardId, ids), taskSourceRows(q, actor.wardId, ids)]);
  const msBy = groupBy(ms, (m) => m.task_id);
  const coBy = groupBy(coord, (c) => c.task_id);
  const srcBy = groupBy(srcs, (s) => s.task_id);
  return rows.map((r) => {
    const milestones = msBy.get(r.id) ?? [];
    return {
      ...r,
      milestones,
      coordinating: (coBy.get(r.id) ?? []).map((c) => ({ org_id: c.org_id, name: c.name, short_name: c.short_name })),
      source_ids: (srcBy.get(r.id) ?? []).map((s) => s.source_document_id),
      status: deriveStatus({ start_on: r.start_on, due_on: r.due_on, milestones, percent: r.progress_percent, done_on: r.done_on, today }),
      missing: missingSixClear({ ...r, milestones: milestones.length }),
    };
  });
}

export interface TaskDetail {
  task: TaskView;
  programme: ProgrammeRow | null;
  parent: TaskRow | null;
  children: TaskView[];
  sources: SourceRow[];
  progress: (ProgressRow & { files: { id: string; original_name: string; content_type: string; size_bytes: number }[] })[];
  canEdit: boolean;
  canReport: boolean;
  canApprove: boolean;
}

export async function getTask(q: Queryable, actor: Actor, id: string): Promise<TaskDetail> {
  const [task] = await loadTasks(q, actor, { taskIds: [id] });
  if (!task) throw notFound();
  const [programme, parent, children, progress, writable] = await Promise.all([
    task.programme_id ? getProgrammeRow(q, actor.wardId, task.programme_id) : Promise.resolve(undefined),
    task.parent_id ? getTaskRow(q, actor.wardId, task.parent_id) : Promise.resolve(undefined),
    loadTasks(q, actor, { parentId: id }),
    progressRows(q, actor.wardId, [id]),
    editableOrgs(q, actor),
  ]);
  const files = groupBy(
    await evidenceRows(
      q,
      actor.wardId,
      progress.map((p) => p.id),
    ),
    (f) => f.progress_id,
  );
  const sources = await sourcesByIds(q, actor, task.source_ids);
  const programmeOrg = programme?.org_id ?? null;
  return {
    task,
    programme: programme ?? null,
    parent: parent ?? null,
    children,
    sources,
    progress: progress.reverse().map((p) => ({ ...p, files: files.get(p.id) ?? [] })),
    canEdit: canEditOrg(writable, planOrg(task, programmeOrg)),
    canReport: await canReport(q, actor, task, programmeOrg, writable),
    canApprove: canApprove(actor),
  };
}

/** A programme with its cited documents and whether the actor may change it: for its forms, without its tasks. */
export async function programmeForForm(q: Queryable, actor: Actor, id: string): Promise<{ programme: ProgrammeRow; sourceIds: string[]; canEdit: boolean }> {
  const programme = await getProgrammeRow(q, actor.wardId, id);
  if (!programme) throw notFound();
  const [srcIds, writable] = await Promise.all([programmeSourceIds(q, actor.wardId, id), editableOrgs(q, actor)]);
  return { programme, sourceIds: srcIds.map((s) => s.source_document_id), canEdit: canEditOrg(writable, programme.org_id) };
}

/** A task, the year its month fields belong to, and whether the actor may change its plan: for its forms. */
export async function taskForForm(q: Queryable, actor: Actor, id: string): Promise<{ task: TaskView; year: number; canEdit: boolean }> {
  const [task] = await loadTasks(q, actor, { taskIds: [id] });
  if (!task) throw notFound();
  const writable = await editableOrgs(q, actor);
  const year = task.year ?? Number((task.due_on ?? task.start_on ?? todayInVietnam()).slice(0, 4));
  return { task, year, canEdit: canEditOrg(writable, planOrg(task, task.programme_org_id)) };
}

// ---------------------------------------------------------------------------------------------
// Tasks: writes

interface TaskContext {
  wardId: string;
  year: number | null;
  programme: ProgrammeRow | null;
  parent: TaskRow | null;
}

/** Checks a plan against the ward, the programme year and the task's own span; names the field on failure. */
async function validatePlan(q: Queryable, actor: Actor, plan: TaskPlan, ctx: TaskContext): Promise<void> {
  const errors: Record<string, string> = {};
  if (plan.owner_person_id) {
    const p = await q.selectFrom('person').select('id').where('ward_id', '=', actor.wardId).where('id', '=', plan.owner_person_id).executeTakeFirst();
    if (!p) errors.owner_person_id = 'err.unknownPerson';
  }
  const orgIds = [plan.lead_org_id, ...plan.coordinating_org_ids].filter((x): x is string => !!x);
  if (orgIds.length) {
    const known = new Set((await listOrgs(q, actor)).map((o) => o.id));
    if (plan.lead_org_id && !known.has(plan.lead_org_id)) errors.lead_org_id = 'err.unknownOrg';
    if (plan.coordinating_org_ids.some((o) => !known.has(o))) errors.coordinating_org_ids = 'err.unknownOrg';
  }
  if (ctx.parent && plan.lead_org_id && ctx.parent.lead_org_id) {
    const below = await orgSubtree(q, actor.wardId, [ctx.parent.lead_org_id]);
    if (!below.has(plan.lead_org_id)) errors.lead_org_id = 'task.err.subtaskOrg';
  }
  if (ctx.year && plan.start_on && plan.start_on.slice(0, 4) > String(ctx.year)) errors.start_on = 'task.err.outsideYear';
  const seen = new Set<string>();
  let last = -1;
  for (const m of [...plan.milestones].sort((a, b) => a.month.localeCompare(b.month))) {
    const field = ctx.year && m.month.startsWith(`${ctx.year}-`) ? `m${m.month.slice(5)}` : 'milestones';
    if (seen.has(m.month)) errors[field] = 'task.err.milestoneTwice';
    seen.add(m.month);
    const start = plan.start_on;
    const due = plan.due_on;
    if ((start && monthEnd(m.month) < start) || (due && `${m.month}-01` > due)) errors[field] = 'task.err.milestoneOutside';
    else if (m.planned_percent < last) errors[field] = 'task.err.milestoneDecreasing';
    last = Math.max(last, m.planned_percent);
  }
  try {
    await assertSourcesInWard(q, actor, plan.source_ids);
  } catch (e) {
    if (e instanceof ValidationError) Object.assign(errors, e.fields);
    else throw e;
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

function taskFields(plan: TaskPlan) {
  return {
    title: plan.title,
    description: plan.description,
    owner_person_id: plan.owner_person_id,
    lead_org_id: plan.lead_org_id,
    start_on: plan.start_on,
    due_on: plan.due_on,
    result_kind: plan.result_kind,
    target_value: plan.result_kind === 'indicator' ? plan.target_value : null,
    target_unit: plan.result_kind === 'indicator' ? plan.target_unit : null,
    deliverable: plan.result_kind === 'deliverable' ? plan.deliverable : plan.deliverable,
    origin_kind: plan.origin_kind,
    origin_ref: plan.origin_ref,
    origin_note: plan.origin_note,
    search_text: fold(`${plan.title} ${plan.description ?? ''} ${plan.deliverable ?? ''}`),
  };
}

async function writeTaskLinks(q: Queryable, wardId: string, taskId: string, plan: TaskPlan, replace: boolean): Promise<void> {
  if (replace) {
    await q.deleteFrom('milestone').where('task_id', '=', taskId).where('ward_id', '=', wardId).execute();
    await q.deleteFrom('task_org').where('task_id', '=', taskId).where('ward_id', '=', wardId).execute();
    await q.deleteFrom('task_source').where('task_id', '=', taskId).where('ward_id', '=', wardId).execute();
  }
  for (const m of plan.milestones) {
    const end = monthEnd(m.month);
    const due = plan.due_on && plan.due_on < end ? plan.due_on : end;
    await q.insertInto('milestone').values({ id: newId(), ward_id: wardId, task_id: taskId, month: m.month, due_on: due, planned_percent: m.planned_percent, title: m.title }).execute();
  }
  for (const o of new Set(plan.coordinating_org_ids)) if (o !== plan.lead_org_id) await q.insertInto('task_org').values({ task_id: taskId, org_id: o, ward_id: wardId }).execute();
  for (const s of new Set(plan.source_ids)) await q.insertInto('task_source').values({ task_id: taskId, source_document_id: s, ward_id: wardId }).execute();
}

/** Inserts a task with its milestones and links, and its audit row (no access checks). */
export async function insertTask(q: Queryable, actor: AuditActor, ref: { programmeId: string | null; parentId: string | null; sortOrder?: number }, plan: TaskPlan, extra: Partial<{ approval: string; approved_at: string; approved_by: string }> = {}): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = {
    id,
    ward_id: actor.wardId,
    programme_id: ref.programmeId,
    parent_id: ref.parentId,
    ...taskFields(plan),
    actual_value: null,
    actual_result: null,
    progress_percent: null,
    progress_on: null,
    done_on: null,
    approval: extra.approval ?? 'draft',
    approved_at: extra.approved_at ?? null,
    approved_by: extra.approved_by ?? null,
    return_comment: null,
    sort_order: ref.sortOrder ?? Date.now() % 2_000_000_000,
    created_at: now,
    updated_at: now,
  };
  await q.insertInto('task').values(row).execute();
  await writeTaskLinks(q, actor.wardId, id, plan, false);
  await writeAudit(q, actor, { action: 'task.create', entityType: 'task', entityId: id, summary: plan.title, after: { ...row, milestones: plan.milestones, coordinating_org_ids: plan.coordinating_org_ids, source_ids: plan.source_ids } });
  return id;
}

async function nextSortOrder(q: Queryable, wardId: string, programmeId: string | null, parentId: string | null): Promise<number> {
  let query = q.selectFrom('task').select((eb) => eb.fn.max('sort_order').as('m')).where('ward_id', '=', wardId);
  query = parentId ? query.where('parent_id', '=', parentId) : programmeId ? query.where('programme_id', '=', programmeId).where('parent_id', 'is', null) : query.where('programme_id', 'is', null);
  const r = await query.executeTakeFirst();
  return Number(r?.m ?? 0) + 10;
}

export async function createTask(db: Db, actor: Actor, programmeId: string, plan: TaskPlan): Promise<string> {
  return inTx(db, async (trx) => {
    const p = await getProgrammeRow(trx, actor.wardId, programmeId);
    if (!p) throw notFound();
    if (!canEditOrg(await editableOrgs(trx, actor), p.org_id)) throw forbidden();
    await validatePlan(trx, actor, plan, { wardId: actor.wardId, year: p.year, programme: p, parent: null });
    const id = await insertTask(trx, actor, { programmeId, parentId: null, sortOrder: await nextSortOrder(trx, actor.wardId, programmeId, null) }, plan);
    await touchProgramme(trx, actor, p);
    return id;
  });
}

/** A sub-task of a ward task, led by one of the lead organization's branches; its progress rolls up. */
export async function createSubtask(db: Db, actor: Actor, parentId: string, plan: TaskPlan): Promise<string> {
  return inTx(db, async (trx) => {
    const parent = await getTaskRow(trx, actor.wardId, parentId);
    if (!parent) throw notFound();
    const p = parent.programme_id ? await getProgrammeRow(trx, actor.wardId, parent.programme_id) : undefined;
    if (!canEditOrg(await editableOrgs(trx, actor), planOrg(parent, p?.org_id))) throw forbidden();
    if (parent.parent_id) throw new AppError(422, 'task.err.nestedSubtask');
    await validatePlan(trx, actor, plan, { wardId: actor.wardId, year: p?.year ?? null, programme: p ?? null, parent });
    const id = await insertTask(trx, actor, { programmeId: parent.programme_id, parentId, sortOrder: await nextSortOrder(trx, actor.wardId, parent.programme_id, parentId) }, plan);
    await rollUp(trx, actor, parentId);
    if (p) await touchProgramme(trx, actor, p);
    return id;
  });
}

export async function updateTask(db: Db, actor: Actor, id: string, plan: TaskPlan & { version: number }): Promise<void> {
  await inTx(db, async (trx) => {
    const before = await getTaskRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    const p = before.programme_id ? await getProgrammeRow(trx, actor.wardId, before.programme_id) : undefined;
    if (!canEditOrg(await editableOrgs(trx, actor), planOrg(before, p?.org_id))) throw forbidden();
    const parent = before.parent_id ? ((await getTaskRow(trx, actor.wardId, before.parent_id)) ?? null) : null;
    await validatePlan(trx, actor, plan, { wardId: actor.wardId, year: p?.year ?? null, programme: p ?? null, parent });
    // A changed plan goes back to draft: it has to be submitted and approved again.
    const approval = 'draft';
    const res = await trx
      .updateTable('task')
      .set((eb) => ({ ...taskFields(plan), approval, version: eb('version', '+', 1), updated_at: nowIso() }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', plan.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeTaskLinks(trx, actor.wardId, id, plan, true);
    if (p) await touchProgramme(trx, actor, p);
    await writeAudit(trx, actor, { action: 'task.update', entityType: 'task', entityId: id, summary: plan.title, before, after: { ...taskFields(plan), approval, milestones: plan.milestones, coordinating_org_ids: plan.coordinating_org_ids, source_ids: plan.source_ids } });
  });
}

async function lockTask(q: Queryable, actor: Actor, id: string, version: number) {
  const t = await getTaskRow(q, actor.wardId, id);
  if (!t) throw notFound();
  if (t.version !== version) throw conflict();
  return t;
}

async function assertSixClear(q: Queryable, actor: Actor, t: TaskRow, locale: Locale): Promise<void> {
  const ms = await milestoneRows(q, actor.wardId, [t.id]);
  const missing = missingSixClear({ ...t, milestones: ms.length });
  if (missing.length) throw new AppError(422, 'task.err.notSixClear', { missing: missingLabel(locale, missing) });
}

async function setApproval(q: Queryable, actor: Actor, t: TaskRow, set: { approval: string; approved_at?: string | null; approved_by?: string | null; return_comment?: string | null }, action: string): Promise<void> {
  const res = await q
    .updateTable('task')
    .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: nowIso() }))
    .where('id', '=', t.id)
    .where('ward_id', '=', actor.wardId)
    .where('version', '=', t.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict();
  await writeAudit(q, actor, { action, entityType: 'task', entityId: t.id, summary: t.title, before: { approval: t.approval }, after: set });
}

/** Submits a task for approval; refused with the missing "rõ …" items named. */
export async function submitTask(db: Db, actor: Actor, id: string, version: number, locale: Locale = 'vi'): Promise<void> {
  await inTx(db, async (trx) => {
    const t = await lockTask(trx, actor, id, version);
    const p = t.programme_id ? await getProgrammeRow(trx, actor.wardId, t.programme_id) : undefined;
    if (!canEditOrg(await editableOrgs(trx, actor), planOrg(t, p?.org_id))) throw forbidden();
    if (t.approval === 'submitted' || t.approval === 'approved') throw new AppError(409, 'task.err.alreadySubmitted');
    await assertSixClear(trx, actor, t, locale);
    await setApproval(trx, actor, t, { approval: 'submitted', return_comment: null }, 'task.submit');
  });
}

export async function approveTask(db: Db, actor: Actor, id: string, version: number, locale: Locale = 'vi'): Promise<void> {
  if (!canApprove(actor)) throw forbidden();
  await inTx(db, async (trx) => {
    const t = await lockTask(trx, actor, id, version);
    if (t.approval === 'approved') throw new AppError(409, 'task.err.alreadyApproved');
    // The Standing Committee decides on what the organization has submitted, not on its drafts.
    if (t.approval !== 'submitted') throw new AppError(409, 'task.err.notSubmitted');
    await assertSixClear(trx, actor, t, locale);
    await setApproval(trx, actor, t, { approval: 'approved', approved_at: nowIso(), approved_by: actor.label, return_comment: null }, 'task.approve');
  });
}

export async function returnTask(db: Db, actor: Actor, id: string, input: { comment: string; version: number }): Promise<void> {
  if (!canApprove(actor)) throw forbidden();
  await inTx(db, async (trx) => {
    const t = await lockTask(trx, actor, id, input.version);
    if (t.approval !== 'submitted') throw new AppError(409, 'task.err.notSubmitted');
    await setApproval(trx, actor, t, { approval: 'returned', return_comment: input.comment }, 'task.return');
  });
}

// ---------------------------------------------------------------------------------------------
// Progress

export interface StoredFile {
  id: string;
}

/**
 * Posts progress (percent, or a value of the indicator), with optional evidence files already
 * stored by the caller (their rows are written here, in the same transaction).
 */
export async function postProgress(db: Db, actor: Actor, taskId: string, input: ProgressInput, files: { insert: (q: Queryable) => Promise<string[]> } | null = null): Promise<string> {
  const today = todayInVietnam();
  const reportedOn = input.reported_on ?? today;
  if (reportedOn > today) throw new ValidationError({ reported_on: 'task.err.reportedFuture' });
  return inTx(db, async (trx) => {
    const t = await getTaskRow(trx, actor.wardId, taskId);
    if (!t) throw notFound();
    const p = t.programme_id ? await getProgrammeRow(trx, actor.wardId, t.programme_id) : undefined;
    if (!(await canReport(trx, actor, t, p?.org_id ?? null, await editableOrgs(trx, actor)))) throw forbidden();
    if (t.version !== input.version) throw conflict();
    const kids = await childRows(trx, actor.wardId, taskId);
    if (kids.length) throw new AppError(422, 'task.err.rolledUp');
    if (input.value !== null && t.result_kind !== 'indicator') throw new ValidationError({ value: 'task.err.noIndicator' });
    const percent = input.percent ?? (input.value !== null && t.target_value !== null ? percentOfTarget(input.value, t.target_value) : null);
    if (percent === null) throw new ValidationError({ percent: 'task.err.percentOrValue' });
    const id = newId();
    const row = { id, ward_id: actor.wardId, task_id: taskId, reported_on: reportedOn, percent, value: input.value, note: input.note, user_id: actor.userId, actor_label: actor.label, created_at: nowIso() };
    await trx.insertInto('progress_update').values(row).execute();
    const fileIds = files ? await files.insert(trx) : [];
    for (const f of fileIds) await trx.insertInto('progress_file').values({ progress_id: id, file_id: f, ward_id: actor.wardId }).execute();
    const summary = await recompute(trx, actor.wardId, taskId);
    const res = await trx
      .updateTable('task')
      .set((eb) => ({
        ...summary,
        actual_value: input.value ?? t.actual_value,
        actual_result: input.actual_result ?? t.actual_result,
        version: eb('version', '+', 1),
        updated_at: nowIso(),
      }))
      .where('id', '=', taskId)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: 'task.progress', entityType: 'task', entityId: taskId, summary: `${t.title}: ${percent}%`, before: { progress_percent: t.progress_percent, done_on: t.done_on }, after: { ...row, files: fileIds, ...summary } });
    if (t.parent_id) await rollUp(trx, actor, t.parent_id);
    return id;
  });
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

async function recompute(q: Queryable, wardId: string, taskId: string) {
  return summarize(await progressRows(q, wardId, [taskId]));
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

async function rollUp(q: Queryable, actor: AuditActor, parentId: string): Promise<void> {
  const kids = await childRows(q, actor.wardId, parentId);
  const r = rollUpOf(kids);
  await q
    .updateTable('task')
    .set((eb) => ({ ...r, version: eb('version', '+', 1), updated_at: nowIso() }))
    .where('id', '=', parentId)
    .where('ward_id', '=', actor.wardId)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Pickers

export async function personOptions(q: Queryable, actor: Pick<Actor, 'wardId'>) {
  return (await personOptionRows(q, actor.wardId)).map((p) => ({ value: p.id, label: p.full_name }));
}

/** The people who own tasks of a year: the schedule's owner filter (a ward has thousands of members; few own tasks). */
export async function ownerOptions(q: Queryable, actor: Pick<Actor, 'wardId'>, year: number) {
  return (await taskOwnerRows(q, actor.wardId, year)).map((p) => ({ value: p.id, label: p.full_name }));
}

/** Organizations the actor can make a programme for. */
export async function programmeOrgOptions(q: Queryable, actor: Actor) {
  const [orgs, writable] = await Promise.all([listOrgs(q, actor), editableOrgs(q, actor)]);
  return orgs.filter((o) => o.valid_to === null && canEditOrg(writable, o.id));
}

/**
 * The year a page opens on when none is asked for: this year if the ward has programmes for it,
 * else the latest year that has some (a ward reviewing last year's work, the 2017 demo).
 */
export async function defaultProgrammeYear(q: Queryable, actor: Pick<Actor, 'wardId'>): Promise<number> {
  const current = Number(todayInVietnam().slice(0, 4));
  const rows = await q.selectFrom('programme').select('year').distinct().where('ward_id', '=', actor.wardId).orderBy('year', 'desc').execute();
  const years = rows.map((r) => Number(r.year));
  return years.length === 0 || years.includes(current) ? current : (years.find((y) => y <= current) ?? (years[0] as number));
}
