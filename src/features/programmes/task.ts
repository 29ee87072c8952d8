// Writes of six-clear tasks: create (in a programme, or as a branch's sub-task), update, submit,
// approve, return. A change to a programme's tasks bumps the programme (see touchProgramme), and
// a sub-task's creation rolls up into its parent (see rollUp): both derived writes join the command.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { orgsBelow } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runCommand, type AuditActor, type CommandContext, type CommandTx, type MaintenanceTx } from '../../platform/command.ts';
import { AppError, conflict, notFound, ValidationError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { fold } from '../../lib/vi/index.ts';
import { listOrgs } from '../orgs/service.ts';
import { assertSourcesInWard } from '../sources/service.ts';
import { planOrg, requireApprover, requireEditOrg } from './access.ts';
import { notifyAssigned, notifyDecided, notifySubmitted, type HandoffResult } from './handoff.ts';
import { assertTasksOpen, insertProgramme, touchProgramme } from './programme.ts';
import { rollUp } from './progress.ts';
import { getProgrammeRow, getTaskRow, milestoneRows, type ProgrammeRow, type TaskRow } from './repo.ts';
import type { TaskPlan } from './schema.ts';
import { missingFields, missingFieldsLabel, monthEnd } from './status.ts';
import { refreshTaskState } from './state.ts';

interface TaskContext {
  wardId: string;
  year: number | null;
  programme: ProgrammeRow | null;
  parent: TaskRow | null;
}

/**
 * The one rule of a programme's year (docs/DESIGN.md D56): a task of the programme of `year` ends in
 * that year (its deadline from 01/01 to 31/12) and does not start after it; it may start earlier
 * (work carried over from the year before, printed "từ 11/2025" on the schedule). Returns the
 * refused fields: `due_on` 'task.err.dueOutsideYear', `start_on` 'task.err.outsideYear'.
 */
export function outsideYear(plan: Pick<TaskPlan, 'start_on' | 'due_on'>, year: number): Record<string, string> {
  const errors: Record<string, string> = {};
  if (plan.due_on && plan.due_on.slice(0, 4) !== String(year)) errors.due_on = 'task.err.dueOutsideYear';
  if (plan.start_on && plan.start_on.slice(0, 4) > String(year)) errors.start_on = 'task.err.outsideYear';
  return errors;
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
    const below = await orgsBelow(q, actor.wardId, [ctx.parent.lead_org_id]);
    if (!below.has(plan.lead_org_id)) errors.lead_org_id = 'task.err.subtaskOrg';
  }
  if (ctx.year) Object.assign(errors, outsideYear(plan, ctx.year));
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

async function writeTaskLinks(q: CommandTx | MaintenanceTx, wardId: string, taskId: string, plan: TaskPlan, replace: boolean): Promise<void> {
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

/**
 * Inserts a task with its milestones and links, and its `task.create` audit row, in a running
 * command (after its access check) or in maintenance (demo, fixtures). No access checks here, and
 * no stored state (D41): a command calls `refreshTaskState` after it; bulk data made in maintenance
 * has none until the daily job or the first read computes it.
 */
export async function insertTask(q: CommandTx | MaintenanceTx, actor: AuditActor, ref: { programmeId: string | null; parentId: string | null; sortOrder?: number }, plan: TaskPlan, extra: Partial<{ approval: string; approved_at: string; approved_by: string }> = {}): Promise<string> {
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

/** The task, or 404. */
async function taskOr404(q: Queryable, wardId: string, id: string): Promise<TaskRow> {
  const t = await getTaskRow(q, wardId, id);
  if (!t) throw notFound();
  return t;
}

/** The programme a task belongs to, if any: it decides whose plan the task is (see `planOrg`). */
function programmeOf(q: Queryable, wardId: string, t: Pick<TaskRow, 'programme_id'>): Promise<ProgrammeRow | undefined> {
  return t.programme_id ? getProgrammeRow(q, wardId, t.programme_id) : Promise.resolve(undefined);
}

/** Adds a draft task to a programme (bumping it; an approved one becomes amended). 403, 404, 400. */
export async function createTask(db: Db, actor: Actor, programmeId: string, plan: TaskPlan): Promise<string> {
  return runCommand(db, actor, 'task.create', async (c) => {
    const p = await getProgrammeRow(c.trx, actor.wardId, programmeId);
    if (!p) throw notFound();
    await requireEditOrg(c.trx, actor, p.org_id);
    assertTasksOpen(p);
    await validatePlan(c.trx, actor, plan, { wardId: actor.wardId, year: p.year, programme: p, parent: null });
    const id = await insertTask(c.trx, actor, { programmeId, parentId: null, sortOrder: await nextSortOrder(c.trx, actor.wardId, programmeId, null) }, plan);
    await refreshTaskState(c.trx, actor.wardId, [id]);
    await touchProgramme(c, p, { taskId: id });
    await notifyAssigned(c, { id, title: plan.title, ownerPersonId: plan.owner_person_id, dueOn: plan.due_on, versionAfter: 1 });
    return id;
  });
}

/** A sub-task of a ward task, led by one of the lead organization's branches; its progress rolls up. 403, 404, 422, 400. */
export async function createSubtask(db: Db, actor: Actor, parentId: string, plan: TaskPlan): Promise<string> {
  return runCommand(db, actor, 'task.create', async (c) => {
    const parent = await taskOr404(c.trx, actor.wardId, parentId);
    const p = await programmeOf(c.trx, actor.wardId, parent);
    await requireEditOrg(c.trx, actor, planOrg(parent, p?.org_id));
    if (parent.parent_id) throw new AppError(422, 'task.err.nestedSubtask');
    assertTasksOpen(p);
    await validatePlan(c.trx, actor, plan, { wardId: actor.wardId, year: p?.year ?? null, programme: p ?? null, parent });
    const id = await insertTask(c.trx, actor, { programmeId: parent.programme_id, parentId, sortOrder: await nextSortOrder(c.trx, actor.wardId, parent.programme_id, parentId) }, plan);
    await rollUp(c, parentId, { taskId: id });
    await refreshTaskState(c.trx, actor.wardId, [id]); // and the parent: its cells average its sub-tasks'
    if (p) await touchProgramme(c, p, { taskId: id });
    await notifyAssigned(c, { id, title: plan.title, ownerPersonId: plan.owner_person_id, dueOn: plan.due_on, versionAfter: 1 });
    return id;
  });
}

/**
 * Adds a draft task made from a meeting conclusion to the programme of `orgId` for `year`, inside
 * the caller's command (meetings: "turn into tasks"), which has checked access: the office records
 * the meeting and creates the task as a draft for the organization to complete and submit.
 * Creates the organization's draft programme for the year when there is none ("Chương trình công
 * tác năm Y"); an approved programme becomes amended (touchProgramme). `plan.origin_kind` must be
 * 'conclusion' with `origin_ref` = the conclusion id (the link back). Returns the task id. 400.
 */
export async function insertConclusionTask(c: CommandContext, actor: Actor, input: { orgId: string; year: number; programmeTitle: string; plan: TaskPlan }): Promise<{ taskId: string; programmeId: string }> {
  let p = await c.trx.selectFrom('programme').selectAll().where('ward_id', '=', actor.wardId).where('org_id', '=', input.orgId).where('year', '=', input.year).executeTakeFirst();
  if (!p) {
    const pid = await insertProgramme(c.trx, actor, { org_id: input.orgId, year: input.year, title: input.programmeTitle, source_ids: [] });
    p = await getProgrammeRow(c.trx, actor.wardId, pid);
    if (!p) throw notFound();
  }
  assertTasksOpen(p);
  await validatePlan(c.trx, actor, input.plan, { wardId: actor.wardId, year: p.year, programme: p, parent: null });
  const taskId = await insertTask(c.trx, actor, { programmeId: p.id, parentId: null, sortOrder: await nextSortOrder(c.trx, actor.wardId, p.id, null) }, input.plan);
  await refreshTaskState(c.trx, actor.wardId, [taskId]);
  await touchProgramme(c, p, { taskId });
  return { taskId, programmeId: p.id };
}

/**
 * Changes a task's plan; it goes back to draft (to be submitted and approved again). A plan without
 * `origin_ref` (the task form has no field for it) keeps the task's link to its origin — the
 * meeting conclusion it carries out — while the origin's kind is unchanged. Returns the approval the
 * task had before (`'draft'`, `'submitted'`, `'approved'`, `'returned'`), so the office can be told
 * when an approved or submitted plan went back to draft. 403, 404, 409, 400.
 */
export async function updateTask(db: Db, actor: Actor, id: string, changed: TaskPlan & { version: number }): Promise<string> {
  return runCommand(db, actor, 'task.update', async (c) => {
    const before = await taskOr404(c.trx, actor.wardId, id);
    const plan = { ...changed, origin_ref: changed.origin_ref ?? (changed.origin_kind === before.origin_kind ? before.origin_ref : null) };
    const p = await programmeOf(c.trx, actor.wardId, before);
    await requireEditOrg(c.trx, actor, planOrg(before, p?.org_id));
    assertTasksOpen(p);
    const parent = before.parent_id ? ((await getTaskRow(c.trx, actor.wardId, before.parent_id)) ?? null) : null;
    await validatePlan(c.trx, actor, plan, { wardId: actor.wardId, year: p?.year ?? null, programme: p ?? null, parent });
    // A changed plan goes back to draft: it has to be submitted and approved again.
    const approval = 'draft';
    const res = await c.trx
      .updateTable('task')
      .set((eb) => ({ ...taskFields(plan), approval, version: eb('version', '+', 1), updated_at: nowIso() }))
      .where('id', '=', id)
      .where('ward_id', '=', actor.wardId)
      .where('version', '=', plan.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeTaskLinks(c.trx, actor.wardId, id, plan, true);
    await refreshTaskState(c.trx, actor.wardId, [id]);
    if (p) await touchProgramme(c, p, { taskId: id });
    if (plan.owner_person_id !== before.owner_person_id) await notifyAssigned(c, { id, title: plan.title, ownerPersonId: plan.owner_person_id, dueOn: plan.due_on, versionAfter: before.version + 1 });
    await c.audit({ action: 'task.update', entityType: 'task', entityId: id, summary: plan.title, before, after: { ...taskFields(plan), approval, milestones: plan.milestones, coordinating_org_ids: plan.coordinating_org_ids, source_ids: plan.source_ids } });
    return before.approval;
  });
}

function assertTaskVersion(t: TaskRow, version: number): void {
  if (t.version !== version) throw conflict();
}

async function assertSixClear(q: Queryable, actor: Actor, t: TaskRow, locale: Locale): Promise<void> {
  const ms = await milestoneRows(q, actor.wardId, [t.id]);
  const missing = missingFields({ ...t, milestones: ms.length });
  if (missing.length) throw new AppError(422, 'task.err.notSixClear', { missing: missingFieldsLabel(locale, missing) });
}

type ApprovalSet = { approval: string; approved_at?: string | null; approved_by?: string | null; return_comment?: string | null };

async function setApproval(trx: CommandTx, actor: AuditActor, t: TaskRow, set: ApprovalSet, action: string): Promise<void> {
  const res = await trx
    .updateTable('task')
    .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: nowIso() }))
    .where('id', '=', t.id)
    .where('ward_id', '=', actor.wardId)
    .where('version', '=', t.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict();
  await writeAudit(trx, actor, { action, entityType: 'task', entityId: t.id, summary: t.title, before: { approval: t.approval }, after: set });
}

/** Submits a task for approval; refused (422) with the missing "rõ …" items named in `locale`. Notifies its approvers (D50). 403, 404, 409. */
export async function submitTask(db: Db, actor: Actor, id: string, version: number, locale: Locale = 'vi'): Promise<HandoffResult> {
  return runCommand(db, actor, 'task.submit', async (c) => {
    const t = await taskOr404(c.trx, actor.wardId, id);
    const p = await programmeOf(c.trx, actor.wardId, t);
    await requireEditOrg(c.trx, actor, planOrg(t, p?.org_id));
    assertTaskVersion(t, version);
    if (t.approval === 'submitted' || t.approval === 'approved') throw new AppError(409, 'task.err.alreadySubmitted');
    await assertSixClear(c.trx, actor, t, locale);
    await setApproval(c.trx, actor, t, { approval: 'submitted', return_comment: null }, 'task.submit');
    return notifySubmitted(c, { kind: 'task', id, title: t.title, orgId: planOrg(t, p?.org_id), versionAfter: t.version + 1 });
  });
}

/** Approves a submitted, six-clear task (its approver: `mayApprove`); tells the submitter and the organization (D50). 403, 404, 409, 422. */
export async function approveTask(db: Db, actor: Actor, id: string, version: number, locale: Locale = 'vi', comment: string | null = null): Promise<HandoffResult> {
  return runCommand(db, actor, 'task.approve', async (c) => {
    const t = await taskOr404(c.trx, actor.wardId, id);
    const p = await programmeOf(c.trx, actor.wardId, t);
    await requireApprover(c.trx, actor, planOrg(t, p?.org_id));
    assertTaskVersion(t, version);
    if (t.approval === 'approved') throw new AppError(409, 'task.err.alreadyApproved');
    // The Standing Committee decides on what the organization has submitted, not on its drafts.
    if (t.approval !== 'submitted') throw new AppError(409, 'task.err.notSubmitted');
    await assertSixClear(c.trx, actor, t, locale);
    await setApproval(c.trx, actor, t, { approval: 'approved', approved_at: nowIso(), approved_by: actor.label, return_comment: null }, 'task.approve');
    return notifyDecided(c, { kind: 'task', id, title: t.title, orgId: planOrg(t, p?.org_id), versionAfter: t.version + 1 }, 'approved', comment);
  });
}

/** Returns a submitted task with a comment (its approver); tells the submitter and the organization, with the comment (D50). 403, 404, 409. */
export async function returnTask(db: Db, actor: Actor, id: string, input: { comment: string; version: number }): Promise<HandoffResult> {
  return runCommand(db, actor, 'task.return', async (c) => {
    const t = await taskOr404(c.trx, actor.wardId, id);
    const p = await programmeOf(c.trx, actor.wardId, t);
    await requireApprover(c.trx, actor, planOrg(t, p?.org_id));
    assertTaskVersion(t, input.version);
    if (t.approval !== 'submitted') throw new AppError(409, 'task.err.notSubmitted');
    await setApproval(c.trx, actor, t, { approval: 'returned', return_comment: input.comment }, 'task.return');
    return notifyDecided(c, { kind: 'task', id, title: t.title, orgId: planOrg(t, p?.org_id), versionAfter: t.version + 1 }, 'returned', input.comment);
  });
}
