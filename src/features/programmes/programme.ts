// A programme's lifecycle: create, update, submit, approve (with a numbered snapshot), return,
// and the bump that a change to its tasks gives it (an approved programme becomes "amended").
// Each public write is one command (platform/command.ts): access first, then the change and its
// audit rows in one transaction.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runCommand, type AuditActor, type CommandContext, type CommandTx, type MaintenanceTx } from '../../platform/command.ts';
import { AppError, conflict, notFound, ValidationError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { getOrg } from '../orgs/service.ts';
import { assertSourcesInWard } from '../sources/service.ts';
import { requireApprover, requireEditOrg } from './access.ts';
import { notifyDecided, notifySubmitted, type HandoffResult } from './handoff.ts';
import { loadTasks, snapshotOf } from './load.ts';
import { getProgrammeRow, programmeSourceIds, type ProgrammeRow } from './repo.ts';
import type { DecisionInput, ProgrammeInput, ProgrammeUpdateInput } from './schema.ts';
import { amendedStatus, notClearLine, tasksNotClear, tasksOpen } from './status.ts';

/** The programme, or 404; then 409 when the caller read another version (`null`: no check). */
async function programmeOr404(q: Queryable, wardId: string, id: string): Promise<ProgrammeRow> {
  const p = await getProgrammeRow(q, wardId, id);
  if (!p) throw notFound();
  return p;
}

function assertVersion(p: ProgrammeRow, version: number | null): void {
  if (version !== null && p.version !== version) throw conflict();
}

/**
 * Creates a draft programme of `input.org_id` for `input.year` (one per organization and year).
 * Errors: 400 unknown organization, 403 not an editor of it, 400 unknown source or existing programme.
 */
export async function createProgramme(db: Db, actor: Actor, input: ProgrammeInput): Promise<string> {
  return runCommand(db, actor, 'programme.create', async (c) => {
    const org = await getOrg(c.trx, actor, input.org_id);
    if (!org) throw new ValidationError({ org_id: 'err.unknownOrg' });
    await requireEditOrg(c.trx, actor, input.org_id);
    await assertSourcesInWard(c.trx, actor, input.source_ids);
    const exists = await c.trx.selectFrom('programme').select('id').where('ward_id', '=', actor.wardId).where('org_id', '=', input.org_id).where('year', '=', input.year).executeTakeFirst();
    if (exists) throw new ValidationError({ year: 'prog.err.exists' });
    return insertProgramme(c.trx, actor, input);
  });
}

/**
 * Inserts a draft programme with its sources and its `programme.create` audit row, in a running
 * command (after its access check) or in maintenance (demo, fixtures). No access checks here.
 */
export async function insertProgramme(q: CommandTx | MaintenanceTx, actor: AuditActor, input: ProgrammeInput): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, org_id: input.org_id, year: input.year, title: input.title, status: 'draft', submitted_at: null, decided_at: null, decided_by: null, decision_comment: null, created_at: now, updated_at: now };
  await q.insertInto('programme').values(row).execute();
  for (const s of new Set(input.source_ids)) await q.insertInto('programme_source').values({ programme_id: id, source_document_id: s, ward_id: actor.wardId }).execute();
  await writeAudit(q, actor, { action: 'programme.create', entityType: 'programme', entityId: id, summary: input.title, after: { ...row, source_ids: input.source_ids } });
  return id;
}

type ProgrammeSet = Partial<Pick<ProgrammeRow, 'title' | 'status' | 'approved_version' | 'submitted_at' | 'decided_at' | 'decided_by' | 'decision_comment'>>;

/** Sets fields and bumps the version of a programme read at `p.version`; 409 if it changed since. */
async function bumpProgramme(trx: CommandTx, wardId: string, p: ProgrammeRow, set: ProgrammeSet): Promise<void> {
  const res = await trx
    .updateTable('programme')
    .set((eb) => ({ ...set, updated_at: nowIso(), version: eb('version', '+', 1) }))
    .where('id', '=', p.id)
    .where('ward_id', '=', wardId)
    .where('version', '=', p.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict();
}

/** Changes a programme's title and cited documents; an approved programme becomes "amended". 403, 404, 409. */
export async function updateProgramme(db: Db, actor: Actor, id: string, input: ProgrammeUpdateInput): Promise<void> {
  await runCommand(db, actor, 'programme.update', async (c) => {
    const p = await programmeOr404(c.trx, actor.wardId, id);
    await requireEditOrg(c.trx, actor, p.org_id);
    assertVersion(p, input.version);
    await assertSourcesInWard(c.trx, actor, input.source_ids);
    await bumpProgramme(c.trx, actor.wardId, p, { title: input.title, status: amendedStatus(p.status) });
    await c.trx.deleteFrom('programme_source').where('programme_id', '=', id).where('ward_id', '=', actor.wardId).execute();
    for (const s of new Set(input.source_ids)) await c.trx.insertInto('programme_source').values({ programme_id: id, source_document_id: s, ward_id: actor.wardId }).execute();
    await c.audit({ action: 'programme.update', entityType: 'programme', entityId: id, summary: input.title, before: p, after: { title: input.title, source_ids: input.source_ids } });
  });
}

/**
 * The one rule of a programme's tasks while it waits for approval (D65, `tasksOpen`): adding,
 * changing or adding a sub-task to a task of a submitted programme is refused (409, the message
 * names the programme and what to do), before anything is written. Every task command calls it,
 * and `touchProgramme` (which every change of a programme's tasks goes through) calls it again.
 */
export function assertTasksOpen(p: Pick<ProgrammeRow, 'status' | 'title'> | null | undefined): void {
  if (p && !tasksOpen(p.status)) throw new AppError(409, 'prog.err.awaitingApproval', { title: p.title });
}

/**
 * A change to a programme's tasks bumps the programme's version, so that an approval or return
 * decided on what was read before is refused (409) rather than covering tasks nobody saw; an
 * approved programme becomes "amended" (to be approved again). A derived write: it joins the
 * running command `c` (the task change that causes it) and, when the status moves to amended,
 * records its own `programme.amend` audit row naming that cause (`cause`: the command's name and
 * the task). A version bump alone is covered by the cause's own audit row.
 */
export function touchProgramme(c: CommandContext, p: ProgrammeRow, cause: { taskId: string }): Promise<void> {
  assertTasksOpen(p);
  return runCommand(c.trx, c.actor, 'programme.amend', async (d) => {
    const status = amendedStatus(p.status);
    await bumpProgramme(d.trx, d.actor.wardId, p, { status });
    if (status !== p.status) {
      await d.audit({ action: 'programme.amend', entityType: 'programme', entityId: p.id, summary: p.title, before: { status: p.status, version: p.version }, after: { status, version: p.version + 1, cause: c.name, task_id: cause.taskId } });
    }
  });
}

/** "Nhiệm vụ 3 «…»: thiếu Mô tả, cách làm." for each task of the programme that is not six-clear (status.ts `tasksNotClear`, the task submit's rule). */
async function tasksNotReady(q: Queryable, actor: Actor, programmeId: string, locale: Locale) {
  const tasks = await loadTasks(q, actor, { programmeId });
  const notReady = tasksNotClear(tasks);
  return { tasks, notReady, message: notReady.map((x) => notClearLine(locale, x)).join(' ') };
}

type ApprovalSet = { approval: string; approved_at?: string | null; approved_by?: string | null; return_comment?: string | null };

/**
 * Moves every task of programme `p` whose approval is in `from` by `set` (a programme decision
 * applied to its tasks), and records one audit row per task moved (`action`, e.g. `task.approve`,
 * with the deciding command's name), so that each task's history shows the decision.
 * Returns the number of tasks moved.
 */
async function moveTasks(c: CommandContext, p: ProgrammeRow, from: readonly string[], set: ApprovalSet, action: string): Promise<number> {
  const wardId = c.actor.wardId;
  const before = await c.trx.selectFrom('task').select(['id', 'title', 'approval']).where('ward_id', '=', wardId).where('programme_id', '=', p.id).where('approval', 'in', [...from]).execute();
  if (before.length === 0) return 0;
  const now = nowIso();
  const moved = await c.trx
    .updateTable('task')
    .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: now }))
    .where('ward_id', '=', wardId)
    .where('programme_id', '=', p.id)
    .where('approval', 'in', [...from])
    .returning('id')
    .execute();
  const byId = new Map(before.map((t) => [t.id, t]));
  for (const { id } of moved) {
    const t = byId.get(id);
    await c.audit({ action, entityType: 'task', entityId: id, summary: t?.title ?? '', before: { approval: t?.approval ?? null }, after: { ...set, by: c.name, programme_id: p.id } });
  }
  return moved.length;
}

const APPROVALS = ['draft', 'submitted', 'approved', 'returned'] as const;

/**
 * Submits a programme (draft, returned or amended) with its draft and returned tasks; refused with
 * 422 when it has no task or a task is not six-clear (named in `locale`). Notifies its approvers
 * (D50) and returns who they are. 403, 404, 409.
 */
export async function submitProgramme(db: Db, actor: Actor, id: string, input: DecisionInput, locale: Locale = 'vi'): Promise<HandoffResult> {
  return runCommand(db, actor, 'programme.submit', async (c) => {
    const p = await programmeOr404(c.trx, actor.wardId, id);
    await requireEditOrg(c.trx, actor, p.org_id);
    assertVersion(p, input.version);
    if (!['draft', 'returned', 'amended'].includes(p.status)) throw new AppError(409, 'prog.err.notSubmittable');
    const { tasks, notReady, message } = await tasksNotReady(c.trx, actor, id, locale);
    if (tasks.length === 0) throw new AppError(422, 'prog.err.noTasks');
    if (notReady.length) throw new AppError(422, 'prog.err.notReady', { tasks: message });
    await bumpProgramme(c.trx, actor.wardId, p, { status: 'submitted', submitted_at: nowIso() });
    await moveTasks(c, p, ['draft', 'returned'], { approval: 'submitted' }, 'task.submit');
    await c.audit({ action: 'programme.submit', entityType: 'programme', entityId: id, summary: p.title, before: { status: p.status }, after: { status: 'submitted', comment: input.comment } });
    return notifySubmitted(c, { kind: 'programme', id, title: p.title, orgId: p.org_id, versionAfter: p.version + 1 });
  });
}

/**
 * Approves a submitted programme and, in bulk, each of its tasks not yet approved (one
 * `task.approve` audit row per task), keeping a numbered snapshot (`programme_version`).
 * Returns the version number. 403 (not Standing Committee/admin), 404, 409, 422 (not six-clear).
 */
export async function approveProgramme(db: Db, actor: Actor, id: string, input: DecisionInput, locale: Locale = 'vi'): Promise<number> {
  return runCommand(db, actor, 'programme.approve', async (c) => {
    const p = await programmeOr404(c.trx, actor.wardId, id);
    await requireApprover(c.trx, actor, p.org_id);
    assertVersion(p, input.version);
    if (p.status !== 'submitted') throw new AppError(409, 'prog.err.notSubmitted');
    const { tasks, notReady, message } = await tasksNotReady(c.trx, actor, id, locale);
    if (notReady.length) throw new AppError(422, 'prog.err.notReady', { tasks: message });
    const now = nowIso();
    const versionNo = p.approved_version + 1;
    await bumpProgramme(c.trx, actor.wardId, p, { status: 'approved', approved_version: versionNo, decided_at: now, decided_by: actor.label, decision_comment: input.comment });
    await moveTasks(
      c,
      p,
      APPROVALS.filter((a) => a !== 'approved'),
      { approval: 'approved', approved_at: now, approved_by: actor.label, return_comment: null },
      'task.approve',
    );
    const sources = await programmeSourceIds(c.trx, actor.wardId, id);
    const snapshot = { programme: { ...p, status: 'approved', approved_version: versionNo }, sources: sources.map((s) => s.source_document_id), tasks: tasks.map(snapshotOf) };
    await c.trx.insertInto('programme_version').values({ id: newId(), ward_id: actor.wardId, programme_id: id, version_no: versionNo, approved_at: now, approved_by: actor.label, comment: input.comment, snapshot_json: JSON.stringify(snapshot) }).execute();
    await c.audit({ action: 'programme.approve', entityType: 'programme', entityId: id, summary: `${p.title} (v${versionNo})`, before: { status: p.status }, after: { status: 'approved', version_no: versionNo, comment: input.comment } });
    await notifyDecided(c, { kind: 'programme', id, title: p.title, orgId: p.org_id, versionAfter: p.version + 1 }, 'approved', input.comment ?? null, { version: versionNo });
    return versionNo;
  });
}

/**
 * Returns a submitted programme and its submitted tasks with a comment (one `task.return` audit row
 * per task); tells whoever submitted it and its organization's heads, with the comment (D50). 403, 404, 409.
 */
export async function returnProgramme(db: Db, actor: Actor, id: string, input: { comment: string; version: number }): Promise<HandoffResult> {
  return runCommand(db, actor, 'programme.return', async (c) => {
    const p = await programmeOr404(c.trx, actor.wardId, id);
    await requireApprover(c.trx, actor, p.org_id);
    assertVersion(p, input.version);
    if (p.status !== 'submitted') throw new AppError(409, 'prog.err.notSubmitted');
    await bumpProgramme(c.trx, actor.wardId, p, { status: 'returned', decided_at: nowIso(), decided_by: actor.label, decision_comment: input.comment });
    await moveTasks(c, p, ['submitted'], { approval: 'returned', return_comment: input.comment }, 'task.return');
    await c.audit({ action: 'programme.return', entityType: 'programme', entityId: id, summary: p.title, before: { status: p.status }, after: { status: 'returned', comment: input.comment } });
    return notifyDecided(c, { kind: 'programme', id, title: p.title, orgId: p.org_id, versionAfter: p.version + 1 }, 'returned', input.comment);
  });
}
