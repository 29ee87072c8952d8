import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Queryable } from '../../db/index.ts';
import { dialectOf, likeEscape } from '../../db/dialect.ts';
import { jsonArrayOf } from '../../db/json-rows.ts';

export const PROGRAMME_COLUMNS = ['id', 'ward_id', 'org_id', 'year', 'title', 'status', 'approved_version', 'submitted_at', 'decided_at', 'decided_by', 'decision_comment', 'version', 'created_at', 'updated_at'] as const;

export function getProgrammeRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('programme').select(PROGRAMME_COLUMNS).where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}
export type ProgrammeRow = NonNullable<Awaited<ReturnType<typeof getProgrammeRow>>>;

export function programmeRows(q: Queryable, wardId: string, year: number | null) {
  let query = q
    .selectFrom('programme')
    .innerJoin('organization', 'organization.id', 'programme.org_id')
    .select(PROGRAMME_COLUMNS.map((c) => `programme.${c}` as const))
    .select(['organization.name as org_name', 'organization.sort_order as org_sort'])
    .where('programme.ward_id', '=', wardId);
  if (year !== null) query = query.where('programme.year', '=', year);
  return query.orderBy('programme.year', 'desc').orderBy('organization.sort_order').execute();
}

export const TASK_COLUMNS = [
  'id',
  'ward_id',
  'programme_id',
  'parent_id',
  'origin_kind',
  'origin_ref',
  'origin_note',
  'title',
  'description',
  'owner_person_id',
  'lead_org_id',
  'start_on',
  'due_on',
  'result_kind',
  'target_value',
  'target_unit',
  'deliverable',
  'actual_value',
  'actual_result',
  'progress_percent',
  'progress_on',
  'done_on',
  'approval',
  'approved_at',
  'approved_by',
  'return_comment',
  'sort_order',
  'version',
  'created_at',
  'updated_at',
] as const;

export function getTaskRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('task').select(TASK_COLUMNS).where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}
export type TaskRow = NonNullable<Awaited<ReturnType<typeof getTaskRow>>>;

/**
 * A task as a progress post reads it, in one statement (D78, D80): its row; its programme's
 * organization, year and title (null outside a programme); whether it has sub-tasks
 * (`has_children`, 0/1 or boolean); the names its view shows (as `taskRows`: owner, lead
 * organization, programme's organization); and, as JSON arrays read with `jsonRows`, its milestones
 * (`MilestoneRow`), coordinating organizations (`CoordinatingRow`), document ids and progress history
 * (`ProgressRow`), in the orders of `milestoneRows`, `coordinatingRows`, `taskSourceRows` and
 * `progressRows`. So a post needs no other read to check, to store the task's state and to answer.
 */
export function taskForProgress(q: Queryable, wardId: string, id: string) {
  const kind = dialectOf(q);
  // The joins of every task list (programme, owner, lead, programme's organization): one task's row.
  return (filteredTasks(q, wardId, { taskIds: [id] }) as NonNullable<ReturnType<typeof filteredTasks>>)
    .select(TASK_COLUMNS.map((c) => `task.${c}` as const))
    .select(['programme.org_id as programme_org_id', 'programme.year as programme_year', 'programme.title as programme_title'])
    .select(['person.full_name as owner_name', 'lead.name as lead_name', 'lead.short_name as lead_short', 'porg.name as programme_org_name', 'porg.sort_order as programme_org_sort'])
    .select((eb) => [
      eb.exists(eb.selectFrom('task as kid').select('kid.id').where('kid.ward_id', '=', wardId).whereRef('kid.parent_id', '=', 'task.id')).as('has_children'),
      jsonArrayOf(kind, eb.selectFrom('milestone').select(MILESTONE_COLUMNS).where('milestone.ward_id', '=', wardId).whereRef('milestone.task_id', '=', 'task.id').orderBy('month')).as('milestones'),
      jsonArrayOf(
        kind,
        eb.selectFrom('task_org').innerJoin('organization', 'organization.id', 'task_org.org_id').select(COORDINATING_COLUMNS).where('task_org.ward_id', '=', wardId).whereRef('task_org.task_id', '=', 'task.id').orderBy('organization.sort_order').orderBy('task_org.org_id'),
      ).as('coordinating'),
      jsonArrayOf(kind, eb.selectFrom('task_source').select('source_document_id').where('task_source.ward_id', '=', wardId).whereRef('task_source.task_id', '=', 'task.id').orderBy('source_document_id')).as('sources'),
      jsonArrayOf(kind, eb.selectFrom('progress_update').select(PROGRESS_COLUMNS).where('progress_update.ward_id', '=', wardId).whereRef('progress_update.task_id', '=', 'task.id').orderBy('reported_on').orderBy('created_at')).as('history'),
    ])
    .executeTakeFirst();
}

export interface TaskFilter {
  year?: number | null;
  programmeId?: string | null;
  orgIds?: readonly string[] | null; // lead organization (or the programme's organization) in this set
  ownerId?: string | null;
  sourceId?: string | null;
  taskIds?: readonly string[] | null;
  parentId?: string | null;
  /** Tasks made from these meeting conclusions (origin_kind 'conclusion', origin_ref in the set). */
  originRefs?: readonly string[] | null;
  terms?: string[];
}

/**
 * The ids (or owners) of a year's tasks of ward `wardId`: a task of a year is in that year's
 * programme, or (outside any programme) due in that year. Read through the two indexes that find
 * exactly those (`task_programme_idx` through the ward's programmes of the year, `task_due_idx` for
 * the rest), so a page of one year reads that year's tasks, not every task the ward ever had (D67). A task and
 * its programme are of one ward (a task is made in its programme's ward; a merge moves both).
 */
const yearTasks = (q: Queryable, wardId: string, y: number, column: 'id' | 'owner_person_id') =>
  q
    .selectFrom('task as yt')
    .select(column === 'id' ? 'yt.id' : 'yt.owner_person_id as id')
    .where('yt.ward_id', '=', wardId)
    .where('yt.programme_id', 'in', q.selectFrom('programme as yp').select('yp.id').where('yp.ward_id', '=', wardId).where('yp.year', '=', y))
    .unionAll(q.selectFrom('task as yn').select(column === 'id' ? 'yn.id' : 'yn.owner_person_id as id').where('yn.ward_id', '=', wardId).where('yn.programme_id', 'is', null).where('yn.due_on', '>=', `${y}-01-01`).where('yn.due_on', '<=', `${y}-12-31`));

/** `task` is a task of year `y` (`yearTasks`), as `task.id in (…)`. */
const inYear = (q: Queryable, wardId: string, y: number) => (e: ExpressionBuilder<DB, 'task'>) => e('task.id', 'in', yearTasks(q, wardId, y, 'id'));

/**
 * The people who own tasks of a year in the ward (the schedule's owner filter), in Vietnamese name
 * order: the owners read from the year's tasks (the indexes of `inYear`), then looked up by id —
 * not every person of the ward tested for a task.
 */
export function taskOwnerRows(q: Queryable, wardId: string, year: number) {
  return q
    .selectFrom('person')
    .select(['person.id', 'person.full_name', 'person.sort_key'])
    .where('person.ward_id', '=', wardId)
    .where('person.id', 'in', yearTasks(q, wardId, year, 'owner_person_id'))
    .orderBy('person.sort_key')
    .orderBy('person.id')
    .execute();
}

/**
 * The tasks of ward `wardId` matching filter `f`, with the programme, owner and organizations
 * joined (unselected): the base of `taskRows` and of the schedule's and API's SQL pages. Null when
 * the filter names an empty set (no row can match).
 */
export function filteredTasks(q: Queryable, wardId: string, f: TaskFilter) {
  let query = q
    .selectFrom('task')
    .leftJoin('programme', 'programme.id', 'task.programme_id')
    .leftJoin('person', 'person.id', 'task.owner_person_id')
    .leftJoin('organization as lead', 'lead.id', 'task.lead_org_id')
    .leftJoin('organization as porg', 'porg.id', 'programme.org_id')
    .where('task.ward_id', '=', wardId);
  if (f.year) query = query.where(inYear(q, wardId, f.year));
  if (f.programmeId) query = query.where('task.programme_id', '=', f.programmeId);
  if (f.parentId) query = query.where('task.parent_id', '=', f.parentId);
  if (f.orgIds) {
    const ids = [...f.orgIds];
    if (ids.length === 0) return null;
    query = query.where((e) => e.or([e('task.lead_org_id', 'in', ids), e('programme.org_id', 'in', ids)]));
  }
  if (f.ownerId) query = query.where('task.owner_person_id', '=', f.ownerId);
  if (f.taskIds) {
    if (f.taskIds.length === 0) return null;
    query = query.where('task.id', 'in', [...f.taskIds]);
  }
  if (f.originRefs) {
    if (f.originRefs.length === 0) return null;
    query = query.where('task.origin_kind', '=', 'conclusion').where('task.origin_ref', 'in', [...f.originRefs]);
  }
  if (f.sourceId) {
    const sid = f.sourceId;
    query = query.where((e) =>
      e.or([
        e.exists(e.selectFrom('task_source').select('task_source.task_id').whereRef('task_source.task_id', '=', 'task.id').where('task_source.source_document_id', '=', sid)),
        e.exists(e.selectFrom('programme_source').select('programme_source.programme_id').whereRef('programme_source.programme_id', '=', 'task.programme_id').where('programme_source.source_document_id', '=', sid)),
      ]),
    );
  }
  for (const term of f.terms ?? []) query = query.where(sql<boolean>`task.search_text like ${'%' + likeEscape(term) + '%'} escape '\\'`);
  return query;
}

/**
 * The one figure of a task's progress, in percent (D60), as SQL over `task`: the latest reported
 * percent (rolled up from sub-tasks for a parent), 100 once done, null while nothing is reported —
 * whatever the task's approval: a report records work done, approval concerns the plan. Read by
 * every page and the API through `taskRows` (schedule, programme and task pages, task lists,
 * `/api/v1/tasks`) and by the dashboard's average (board.ts, unreported as 0).
 */
export const taskProgress = sql<number | null>`(case when task.done_on is not null then 100 else task.progress_percent end)`;
/** `taskProgress` of a task row held in memory (a command's answer): 100 once done, else its percent. */
export const progressFigure = (t: { done_on: string | null; progress_percent: number | null }): number | null => (t.done_on !== null ? 100 : t.progress_percent);
const LISTED_COLUMNS = TASK_COLUMNS.filter((c): c is Exclude<(typeof TASK_COLUMNS)[number], 'progress_percent'> => c !== 'progress_percent');

/** Tasks with the names a list needs (owner, lead organization, programme), ward-scoped, in list order; `progress_percent` is `taskProgress`. */
export function taskRows(q: Queryable, wardId: string, f: TaskFilter) {
  const base = filteredTasks(q, wardId, f);
  if (!base) return Promise.resolve([]);
  return base
    .select(LISTED_COLUMNS.map((c) => `task.${c}` as const))
    .select([
      taskProgress.as('progress_percent'),
      'person.full_name as owner_name',
      'lead.name as lead_name',
      'lead.short_name as lead_short',
      'programme.year as year',
      'programme.org_id as programme_org_id',
      'programme.title as programme_title',
      'porg.name as programme_org_name',
      'porg.sort_order as programme_org_sort',
    ])
    .orderBy('porg.sort_order')
    .orderBy('task.sort_order')
    .orderBy('task.created_at')
    .orderBy('task.id')
    .execute();
}
export type TaskListRow = Awaited<ReturnType<typeof taskRows>>[number];

/** Runs `fn` over `ids` in chunks (SQLite allows ~32k bound parameters; keep well below). */
async function chunked<T>(ids: readonly string[], fn: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(...(await fn(ids.slice(i, i + 500))));
  return out;
}

const MILESTONE_COLUMNS = ['milestone.id', 'milestone.task_id', 'milestone.month', 'milestone.due_on', 'milestone.planned_percent', 'milestone.title'] as const;
const PROGRESS_COLUMNS = ['progress_update.id', 'progress_update.task_id', 'progress_update.reported_on', 'progress_update.percent', 'progress_update.value', 'progress_update.note', 'progress_update.user_id', 'progress_update.actor_label', 'progress_update.created_at'] as const;

export function milestoneRows(q: Queryable, wardId: string, taskIds: readonly string[]) {
  return chunked(taskIds, (part) => q.selectFrom('milestone').select(MILESTONE_COLUMNS).where('ward_id', '=', wardId).where('task_id', 'in', part).orderBy('month').execute());
}
export type MilestoneRow = Awaited<ReturnType<typeof milestoneRows>>[number];

export function progressRows(q: Queryable, wardId: string, taskIds: readonly string[]) {
  return chunked(taskIds, (part) =>
    q
      .selectFrom('progress_update')
      .select(PROGRESS_COLUMNS)
      .where('ward_id', '=', wardId)
      .where('task_id', 'in', part)
      .orderBy('reported_on')
      .orderBy('created_at')
      .execute(),
  );
}
export type ProgressRow = Awaited<ReturnType<typeof progressRows>>[number];

const COORDINATING_COLUMNS = ['task_org.task_id', 'task_org.org_id', 'organization.name', 'organization.short_name'] as const;

/** Tasks' coordinating organizations with their names, in the ward's order of organizations. */
export function coordinatingRows(q: Queryable, wardId: string, taskIds: readonly string[]) {
  return chunked(taskIds, (part) =>
    q
      .selectFrom('task_org')
      .innerJoin('organization', 'organization.id', 'task_org.org_id')
      .select(COORDINATING_COLUMNS)
      .where('task_org.ward_id', '=', wardId)
      .where('task_org.task_id', 'in', part)
      .orderBy('organization.sort_order')
      .orderBy('task_org.org_id')
      .execute(),
  );
}
export type CoordinatingRow = Awaited<ReturnType<typeof coordinatingRows>>[number];

export function taskSourceRows(q: Queryable, wardId: string, taskIds: readonly string[]) {
  return chunked(taskIds, (part) => q.selectFrom('task_source').select(['task_id', 'source_document_id']).where('ward_id', '=', wardId).where('task_id', 'in', part).orderBy('task_id').orderBy('source_document_id').execute());
}

export function programmeSourceIds(q: Queryable, wardId: string, programmeId: string) {
  return q.selectFrom('programme_source').select('source_document_id').where('ward_id', '=', wardId).where('programme_id', '=', programmeId).execute();
}

export function childRows(q: Queryable, wardId: string, parentId: string) {
  return q.selectFrom('task').select(['id', 'progress_percent', 'progress_on', 'done_on']).where('ward_id', '=', wardId).where('parent_id', '=', parentId).execute();
}

export function evidenceRows(q: Queryable, wardId: string, progressIds: readonly string[]) {
  return chunked(progressIds, (part) =>
    q
      .selectFrom('progress_file')
      .innerJoin('work_file', 'work_file.id', 'progress_file.file_id')
      .select(['progress_file.progress_id', 'work_file.id', 'work_file.original_name', 'work_file.content_type', 'work_file.size_bytes'])
      .where('progress_file.ward_id', '=', wardId)
      .where('progress_file.progress_id', 'in', part)
      .execute(),
  );
}

export function versionRows(q: Queryable, wardId: string, programmeId: string) {
  return q.selectFrom('programme_version').select(['id', 'version_no', 'approved_at', 'approved_by', 'comment']).where('ward_id', '=', wardId).where('programme_id', '=', programmeId).orderBy('version_no', 'desc').execute();
}

export function versionRow(q: Queryable, wardId: string, programmeId: string, no: number) {
  return q.selectFrom('programme_version').selectAll().where('ward_id', '=', wardId).where('programme_id', '=', programmeId).where('version_no', '=', no).executeTakeFirst();
}

/** Active people of the ward for the owner picker (a read of the directory, no writes). */
export function personOptionRows(q: Queryable, wardId: string) {
  return q.selectFrom('person').select(['id', 'full_name']).where('ward_id', '=', wardId).where('ended_on', 'is', null).orderBy('sort_key').execute();
}

/**
 * The tasks of organization `orgId` in the sense of its reports: tasks of its programmes that are
 * not sub-tasks (a parent stands for its sub-tasks, as on the board), and tasks it leads whose parent
 * is not already its own (a branch's share of its association's task); tasks of a programme never
 * approved (approved_version 0) left out. Narrowed to those alive in [start, end]: started by `end`
 * (or undated) and not done before `start`. Ward-scoped, one query.
 */
export function orgTaskRows(q: Queryable, wardId: string, orgId: string, start: string, end: string) {
  return q
    .selectFrom('task')
    .leftJoin('programme', 'programme.id', 'task.programme_id')
    .leftJoin('task as parent', 'parent.id', 'task.parent_id')
    .leftJoin('programme as pprog', 'pprog.id', 'parent.programme_id')
    .select(['task.id', 'task.title', 'task.programme_id', 'task.parent_id', 'task.lead_org_id', 'task.start_on', 'task.due_on', 'task.done_on', 'task.result_kind', 'task.target_value', 'task.target_unit', 'task.sort_order', 'programme.org_id as programme_org_id'])
    .where('task.ward_id', '=', wardId)
    .where((e) => e.or([e('task.programme_id', 'is', null), e('programme.approved_version', '>=', 1)]))
    .where((e) =>
      e.or([
        e.and([e('programme.org_id', '=', orgId), e('task.parent_id', 'is', null)]),
        e.and([e('task.lead_org_id', '=', orgId), e.or([e('parent.id', 'is', null), e.and([e.or([e('parent.lead_org_id', 'is', null), e('parent.lead_org_id', '!=', orgId)]), e.or([e('pprog.org_id', 'is', null), e('pprog.org_id', '!=', orgId)])])])]),
      ]),
    )
    .where((e) => e.or([e('task.start_on', 'is', null), e('task.start_on', '<=', end)]))
    .where((e) => e.or([e('task.done_on', 'is', null), e('task.done_on', '>=', start)]))
    .orderBy('task.due_on')
    .orderBy('task.sort_order')
    .orderBy('task.id')
    .execute();
}

/** Sub-tasks of the given tasks (id, parent), ward-scoped. */
export function subtaskRows(q: Queryable, wardId: string, parentIds: readonly string[]) {
  return chunked(parentIds, (part) => q.selectFrom('task').select(['id', 'parent_id']).where('ward_id', '=', wardId).where('parent_id', 'in', part).execute());
}

/** Progress posts of the given tasks reported on or before `day`, oldest first, ward-scoped. */
export function progressRowsUntil(q: Queryable, wardId: string, taskIds: readonly string[], day: string) {
  return chunked(taskIds, (part) =>
    q.selectFrom('progress_update').select(['task_id', 'reported_on', 'percent', 'value', 'created_at']).where('ward_id', '=', wardId).where('task_id', 'in', part).where('reported_on', '<=', day).orderBy('reported_on').orderBy('created_at').orderBy('id').execute(),
  );
}
