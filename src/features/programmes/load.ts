// Reading programmes and tasks for pages and the API: lists, details, forms and pickers, with the
// derived status and missing six-clear items of each task and what the actor may do with it.
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { keptRows, scheduleStamp } from './schedule-kept.ts';
import { allowedIds } from '../../platform/access.ts';
import { notFound } from '../../platform/errors.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { groupBy } from '../../lib/group.ts';
import { filterOrg, getOrg, listOrgs } from '../orgs/service.ts';
import { getSource, sourcesByIds, type SourceRow } from '../sources/service.ts';
import { filterPerson } from '../people/service.ts';
import { approverOf, mayApprove, mayEdit, mayReport, planOrg } from './access.ts';
import { approverName } from './handoff.ts';
import {
  coordinatingRows,
  evidenceRows,
  getProgrammeRow,
  getTaskRow,
  milestoneRows,
  orgTaskRows,
  personOptionRows,
  programmeRows,
  programmeSourceIds,
  progressRows,
  progressRowsUntil,
  subtaskRows,
  taskOwnerRows,
  taskRows,
  taskSourceRows,
  versionRow,
  versionRows,
  type CoordinatingRow,
  type MilestoneRow,
  type ProgrammeRow,
  type ProgressRow,
  type TaskFilter,
  type TaskListRow,
  type TaskRow,
} from './repo.ts';
import { freshen, staleOn } from './state.ts';
import { deriveStatus, missingSixClear, tasksOpen, type SixClear, type TaskStatus } from './status.ts';

type ProgrammeListRow = Awaited<ReturnType<typeof programmeRows>>[number];
export interface ProgrammeListItem extends ProgrammeListRow {
  tasks: number;
  done: number;
  late: number;
}

/**
 * The programmes of a year (every year for null), each with its ward tasks (not sub-tasks) counted
 * by their stored status (D41): total, done (on time or late), late (late or overdue). One grouped
 * query; tasks whose stored state is of another day are refreshed first.
 */
export async function listProgrammes(q: Queryable, actor: Actor, year: number | null, today: string = todayInVietnam()): Promise<ProgrammeListItem[]> {
  const rows = await programmeRows(q, actor.wardId, year);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const stale = await q
    .selectFrom('task')
    .leftJoin('task_state', 'task_state.task_id', 'task.id')
    .select('task.id')
    .where('task.ward_id', '=', actor.wardId)
    .where('task.programme_id', 'in', ids)
    .where('task.parent_id', 'is', null)
    .where(staleOn(today))
    .execute();
  await freshen(q, actor.wardId, stale.map((r) => r.id), today);
  const counts = await q
    .selectFrom('task')
    .innerJoin('task_state', 'task_state.task_id', 'task.id')
    .select((eb) => [
      'task.programme_id',
      eb.fn.countAll<number>().as('tasks'),
      eb.fn.sum<number>(eb.case().when('task_state.status', 'in', ['done', 'done_late']).then(1).else(0).end()).as('done'),
      eb.fn.sum<number>(eb.case().when('task_state.status', 'in', ['late', 'overdue']).then(1).else(0).end()).as('late'),
    ])
    .where('task.ward_id', '=', actor.wardId)
    .where('task.programme_id', 'in', ids)
    .where('task.parent_id', 'is', null)
    .groupBy('task.programme_id')
    .execute();
  const by = new Map(counts.map((c) => [c.programme_id, c]));
  return rows.map((r) => {
    const c = by.get(r.id);
    return { ...r, tasks: Number(c?.tasks ?? 0), done: Number(c?.done ?? 0), late: Number(c?.late ?? 0) };
  });
}

export interface ProgrammeDetail {
  programme: ProgrammeRow;
  orgName: string;
  sources: SourceRow[];
  tasks: TaskView[];
  versions: Awaited<ReturnType<typeof versionRows>>;
  canEdit: boolean;
  /** Its tasks may be added or changed (not while it waits for approval: `tasksOpen`, D65). */
  tasksOpen: boolean;
  canApprove: boolean;
  /** Who approves it: "Ban Thường vụ", or a branch's parent association (D50). */
  approverName: string;
}

/** Passes when `id` is a programme of the actor's ward; 404 otherwise: a list filtered by it would be an empty page under a filter that does not hold (D81). */
export async function filterProgramme(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<void> {
  if (!(await getProgrammeRow(q, actor.wardId, id))) throw notFound();
}

/**
 * The filters of a task list, the tasks API or the schedule (`org`, `source`, `owner`, `programme`)
 * checked against the actor's ward: 404 for one that names what is not of it (unknown, another
 * ward's), D81. A person of the ward who owns no task passes (their list is rightly empty).
 */
export async function checkTaskFilters(q: Queryable, actor: Pick<Actor, 'wardId'>, f: { org?: string | null; source?: string | null; owner?: string | null; programme?: string | null }): Promise<void> {
  await Promise.all([f.org && filterOrg(q, actor, f.org), f.source && getSource(q, actor, f.source), f.owner && filterPerson(q, actor, f.owner), f.programme && filterProgramme(q, actor, f.programme)]);
}

export async function getProgramme(q: Queryable, actor: Actor, id: string): Promise<ProgrammeDetail> {
  const programme = await getProgrammeRow(q, actor.wardId, id);
  if (!programme) throw notFound();
  const [org, srcIds, tasks, versions, canEdit] = await Promise.all([getOrg(q, actor, programme.org_id), programmeSourceIds(q, actor.wardId, id), loadTasks(q, actor, { programmeId: id }), versionRows(q, actor.wardId, id), mayEdit(q, actor, programme.org_id)]);
  const sources = await sourcesByIds(
    q,
    actor,
    srcIds.map((s) => s.source_document_id),
  );
  const [canApprove, approver] = await Promise.all([mayApprove(q, actor, programme.org_id), approverOf(q, actor.wardId, programme.org_id)]);
  return { programme, orgName: org?.name ?? '', sources, tasks, versions, canEdit, tasksOpen: tasksOpen(programme.status), canApprove, approverName: approverName(approver) };
}

/** What a programme version keeps of each task (programme_version.snapshot_json). */
export function snapshotOf(t: TaskView) {
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
export type TaskSnapshot = ReturnType<typeof snapshotOf>;

export async function getProgrammeVersion(q: Queryable, actor: Actor, id: string, no: number) {
  const p = await getProgrammeRow(q, actor.wardId, id);
  if (!p) throw notFound();
  const v = await versionRow(q, actor.wardId, id, no);
  if (!v) throw notFound();
  return { programme: p, version: v, snapshot: JSON.parse(v.snapshot_json) as { tasks: TaskSnapshot[]; sources: string[] } };
}

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
  return rows.map((r) =>
    taskViewOf(
      r,
      msBy.get(r.id) ?? [],
      coBy.get(r.id) ?? [],
      (srcBy.get(r.id) ?? []).map((s) => s.source_document_id),
      today,
    ),
  );
}

/**
 * One task's view from its list row (`taskRows`' shape: `progress_percent` is `taskProgress`), its
 * milestones (by month), coordinating organizations and document ids, on `today` ('YYYY-MM-DD',
 * Vietnam): the status by `deriveStatus`, the missing six-clear items by `missingSixClear`. Pure; the
 * one way a `TaskView` is made (lists, and a progress post's answer from what its command read).
 */
export function taskViewOf(r: TaskListRow, milestones: MilestoneRow[], coordinating: readonly CoordinatingRow[], sourceIds: string[], today: string): TaskView {
  return {
    ...r,
    milestones,
    coordinating: coordinating.map((c) => ({ org_id: c.org_id, name: c.name, short_name: c.short_name })),
    source_ids: sourceIds,
    status: deriveStatus({ start_on: r.start_on, due_on: r.due_on, milestones, percent: r.progress_percent, done_on: r.done_on, today }),
    missing: missingSixClear({ ...r, milestones: milestones.length }),
  };
}

export interface TaskDetail {
  task: TaskView;
  programme: ProgrammeRow | null;
  parent: TaskRow | null;
  children: TaskView[];
  sources: SourceRow[];
  progress: (ProgressRow & { files: { id: string; original_name: string; content_type: string; size_bytes: number }[] })[];
  canEdit: boolean;
  /** Its plan may be changed (its programme does not wait for approval: `tasksOpen`, D65). */
  tasksOpen: boolean;
  canReport: boolean;
  canApprove: boolean;
  /** Who approves it: "Ban Thường vụ", or a branch's parent association (D50). */
  approverName: string;
}

/**
 * One task as a `TaskView` (names, milestones, coordinating organizations, documents, derived
 * status): what `getTask(…).task` is, without the detail page's programme, parent, sub-tasks,
 * history, evidence and permission flags (4 statements instead of about 15). For the API's answer
 * after a write. Errors: 404 when the task is not in the actor's ward.
 */
export async function getTaskView(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<TaskView> {
  const [task] = await loadTasks(q, actor, { taskIds: [id] });
  if (!task) throw notFound();
  return task;
}

export async function getTask(q: Queryable, actor: Actor, id: string): Promise<TaskDetail> {
  const [task] = await loadTasks(q, actor, { taskIds: [id] });
  if (!task) throw notFound();
  const [programme, parent, children, progress] = await Promise.all([
    task.programme_id ? getProgrammeRow(q, actor.wardId, task.programme_id) : Promise.resolve(undefined),
    task.parent_id ? getTaskRow(q, actor.wardId, task.parent_id) : Promise.resolve(undefined),
    loadTasks(q, actor, { parentId: id }),
    progressRows(q, actor.wardId, [id]),
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
    canEdit: await mayEdit(q, actor, planOrg(task, programmeOrg)),
    tasksOpen: tasksOpen(programme?.status),
    canReport: await mayReport(q, actor, task, programmeOrg),
    canApprove: await mayApprove(q, actor, planOrg(task, programmeOrg)),
    approverName: approverName(await approverOf(q, actor.wardId, planOrg(task, programmeOrg))),
  };
}

/** A programme with its cited documents and whether the actor may change it: for its forms, without its tasks. */
export async function programmeForForm(q: Queryable, actor: Actor, id: string): Promise<{ programme: ProgrammeRow; sourceIds: string[]; canEdit: boolean }> {
  const programme = await getProgrammeRow(q, actor.wardId, id);
  if (!programme) throw notFound();
  const [srcIds, canEdit] = await Promise.all([programmeSourceIds(q, actor.wardId, id), mayEdit(q, actor, programme.org_id)]);
  return { programme, sourceIds: srcIds.map((s) => s.source_document_id), canEdit };
}

/** A task, the year its month fields belong to, and whether the actor may change its plan: for its forms. */
export async function taskForForm(q: Queryable, actor: Actor, id: string): Promise<{ task: TaskView; year: number; canEdit: boolean; programme: ProgrammeRow | null }> {
  const [task] = await loadTasks(q, actor, { taskIds: [id] });
  if (!task) throw notFound();
  const year = task.year ?? Number((task.due_on ?? task.start_on ?? todayInVietnam()).slice(0, 4));
  const programme = task.programme_id ? ((await getProgrammeRow(q, actor.wardId, task.programme_id)) ?? null) : null;
  return { task, year, canEdit: await mayEdit(q, actor, planOrg(task, task.programme_org_id)), programme };
}

export async function personOptions(q: Queryable, actor: Pick<Actor, 'wardId'>) {
  return (await personOptionRows(q, actor.wardId)).map((p) => ({ value: p.id, label: p.full_name }));
}

/** The people who own tasks of a year: the schedule's owner filter (a ward has thousands of members; few own tasks). */
export async function ownerOptions(q: Queryable, actor: Pick<Actor, 'wardId'>, year: number, stamp: () => Promise<string> = () => scheduleStamp(q, actor.wardId, year, true)) {
  // Kept while the year's stamp and the people's names are unchanged (D74); `stamp` is that stamp (`scheduleStamp` with people).
  const rows = await keptRows(q, 'slots', `owners|${actor.wardId}|${year}`, stamp, () => taskOwnerRows(q, actor.wardId, year));
  return rows.map((p) => ({ value: p.id, label: p.full_name }));
}

/** Organizations the actor can make a programme for. */
export async function programmeOrgOptions(q: Queryable, actor: Actor) {
  const orgs = (await listOrgs(q, actor)).filter((o) => o.valid_to === null);
  const writable = await allowedIds(q, actor, 'org.write', orgs.map((o) => o.id)); // one check for the list
  return orgs.filter((o) => writable.has(o.id));
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

/** Whether work file `id` is evidence of a progress post or the file of a source document of the actor's ward. */
export async function isProgrammeFile(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<boolean> {
  const evidence = await q.selectFrom('progress_file').select('file_id').where('ward_id', '=', actor.wardId).where('file_id', '=', id).executeTakeFirst();
  if (evidence) return true;
  const source = await q.selectFrom('source_document').select('id').where('ward_id', '=', actor.wardId).where('file_id', '=', id).executeTakeFirst();
  return !!source;
}

/** A task of an organization over a period, with its progress as it stood at the period's end. */
export interface OrgPeriodTask {
  id: string;
  title: string;
  programme_id: string | null;
  parent_id: string | null;
  lead_org_id: string | null;
  start_on: string | null;
  due_on: string | null;
  done_on: string | null;
  result_kind: string | null;
  target_value: number | null;
  target_unit: string | null;
  /** Latest percent reported on or before `end` (a parent: the mean of its sub-tasks', as `rollUpOf`); null when none. */
  percent_at_end: number | null;
  /** Latest indicator value reported on or before `end` (a parent: the sum of its sub-tasks'); null when none. */
  value_at_end: number | null;
  /** Day of the latest value counted in `value_at_end` (a parent: the latest of its sub-tasks'); null when none. */
  value_on: string | null;
}

/**
 * The tasks of organization `orgId` alive in the period [start, end] ('YYYY-MM-DD', inclusive):
 * see `orgTaskRows` for which tasks are the organization's (top-level tasks of its approved
 * programmes, tasks it leads whose parent is not its own). Each carries its percent and indicator
 * value as of `end`, from the progress posts (three queries in all, ward-scoped; read-only).
 */
export async function orgTasksForPeriod(q: Queryable, actor: Pick<Actor, 'wardId'>, orgId: string, start: string, end: string): Promise<OrgPeriodTask[]> {
  const rows = await orgTaskRows(q, actor.wardId, orgId, start, end);
  if (rows.length === 0) return [];
  const kids = await subtaskRows(
    q,
    actor.wardId,
    rows.map((r) => r.id),
  );
  const posts = groupBy(await progressRowsUntil(q, actor.wardId, [...rows.map((r) => r.id), ...kids.map((k) => k.id)], end), (p) => p.task_id);
  const own = (id: string) => {
    const ps = posts.get(id) ?? [];
    const withValue = ps.filter((p) => p.value !== null);
    return { percent: ps.at(-1)?.percent ?? null, value: withValue.at(-1)?.value ?? null, on: withValue.at(-1)?.reported_on ?? null };
  };
  const kidsOf = groupBy(kids, (k) => k.parent_id as string);
  return rows.map((r) => {
    const children = (kidsOf.get(r.id) ?? []).map((k) => own(k.id));
    let { percent, value, on } = own(r.id);
    if (children.length) {
      const reported = children.filter((c) => c.percent !== null);
      percent = reported.length ? Math.round((children.reduce((s, c) => s + (c.percent ?? 0), 0) / children.length) * 10) / 10 : null;
      const values = children.filter((c) => c.value !== null);
      value = values.length ? values.reduce((s, c) => s + Number(c.value), 0) : null;
      on = values.reduce<string | null>((m, c) => (c.on && (!m || c.on > m) ? c.on : m), null);
    }
    return {
      id: r.id,
      title: r.title,
      programme_id: r.programme_id,
      parent_id: r.parent_id,
      lead_org_id: r.lead_org_id,
      start_on: r.start_on,
      due_on: r.due_on,
      done_on: r.done_on,
      result_kind: r.result_kind,
      target_value: r.target_value === null ? null : Number(r.target_value),
      target_unit: r.target_unit,
      percent_at_end: percent === null ? null : Number(percent),
      value_at_end: value === null ? null : Number(value),
      value_on: on,
    };
  });
}
