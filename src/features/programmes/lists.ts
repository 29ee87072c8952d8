// The programme list and the task list across programmes as office lists (docs/DESIGN.md D52):
// their filters and sort in the URL, the page's columns, and the print view and Excel export of
// the whole filter. Both are a ward's year of rows (tens of programmes, hundreds to a few thousand
// tasks): loaded with the room's own reads, filtered and sorted in memory, then paged.
import { z } from 'zod';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { orgsBelow } from '../../platform/access.ts';
import { pageFields, sortFields } from '../../platform/list.ts';
import { optId, int } from '../../platform/validation.ts';
import { registerOfficeList, sliceRows, sortRows, type ListColumn } from '../../platform/office-list/spec.ts';
import type { T } from '../../platform/i18n/index.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { filterOrg, listOrgs } from '../orgs/service.ts';
import { PROG_READERS } from './access.ts';
import { PROGRAMME_STATUSES, blank, YEAR, type ProgrammeStatus } from './schema.ts';
import { TASK_STATUSES } from './status.ts';
import { checkTaskFilters, defaultProgrammeYear, listProgrammes, loadTasks, type ProgrammeListItem, type TaskView } from './load.ts';

// ---- Programmes

export const PROGRAMME_SORTS = ['org', 'name', 'status', 'tasks', 'done', 'late'] as const;

/** The programme list's URL: the year (default: the ward's working year), organization, approval state, sort. */
export const ProgrammeListPageQuery = z.object({
  year: z.preprocess(blank, YEAR.optional()),
  org: optId(),
  status: z.preprocess(blank, z.enum(PROGRAMME_STATUSES).optional()).catch(undefined),
  ...pageFields(),
  ...sortFields(PROGRAMME_SORTS),
});
export type ProgrammeListPageQuery = z.output<typeof ProgrammeListPageQuery>;

export const programmeColumns: ListColumn<ProgrammeListItem>[] = [
  { key: 'org', label: 'prog.org', value: (p) => p.org_name, width: 30, sortable: true, sortValue: (p) => p.org_sort },
  { key: 'name', label: 'prog.name', value: (p) => p.title, width: 50, sortable: true },
  { key: 'status', label: 'prog.status', value: (p, t) => t(`approval.${p.status as ProgrammeStatus}`), width: 22, sortable: true, sortValue: (p) => PROGRAMME_STATUSES.indexOf(p.status as ProgrammeStatus) },
  { key: 'tasks', label: 'list.prog.tasks', value: (p) => p.tasks, type: 'number', width: 12, sortable: true },
  { key: 'done', label: 'list.prog.done', value: (p) => p.done, type: 'number', width: 12, sortable: true },
  { key: 'late', label: 'list.prog.late', value: (p) => p.late, type: 'number', width: 12, sortable: true },
];

/** Every programme of the query's year matching its filters, in the asked order. */
export async function filteredProgrammes(db: Queryable, actor: Actor, query: ProgrammeListPageQuery, t: T): Promise<ProgrammeListItem[]> {
  const year = query.year ?? (await defaultProgrammeYear(db, actor));
  const orgs = query.org ? await orgsBelow(db, actor.wardId, [(await filterOrg(db, actor, query.org)).id]) : null;
  const rows = (await listProgrammes(db, actor, year)).filter((p) => (!orgs || orgs.has(p.org_id)) && (!query.status || p.status === query.status));
  return sortRows(rows, programmeColumns, query, t);
}

async function orgName(db: Queryable, actor: Actor, id: string | null | undefined): Promise<string | null> {
  if (!id) return null;
  return (await listOrgs(db, actor)).find((o) => o.id === id)?.name ?? null;
}

export const programmeList = registerOfficeList<ProgrammeListPageQuery, ProgrammeListItem>({
  name: 'programmes',
  path: '/app/programmes',
  title: 'list.programmes.title',
  sheet: 'Chương trình công tác',
  file: 'chuong-trinh-cong-tac',
  access: PROG_READERS,
  query: ProgrammeListPageQuery,
  columns: () => programmeColumns,
  load: async (db, actor, query, range) => sliceRows(await filteredProgrammes(db, actor, query, (k) => k), range),
  describe: async (db, actor, query, t) => {
    const year = query.year ?? (await defaultProgrammeYear(db, actor));
    const org = await orgName(db, actor, query.org);
    return [`${t('prog.year')} ${year}`, org ? `${t('prog.org')}: ${org}` : '', query.status ? `${t('prog.status')}: ${t(`approval.${query.status}`)}` : ''].filter(Boolean);
  },
});

// ---- Tasks across programmes

export const TASK_SORTS = ['title', 'programme', 'org', 'owner', 'due', 'progress', 'status'] as const;

/** The task list's URL: year, lead organization (with those below it), status, due month, programme, sort. */
export const TaskListQuery = z.object({
  year: z.preprocess(blank, YEAR.optional()),
  org: optId(),
  status: z.preprocess(blank, z.enum(TASK_STATUSES).optional()).catch(undefined),
  month: z.preprocess(blank, int(1, 12).optional()),
  programme: optId(),
  ...pageFields(),
  ...sortFields(TASK_SORTS),
});
export type TaskListQuery = z.output<typeof TaskListQuery>;

const STATUS_ORDER: Record<string, number> = Object.fromEntries(TASK_STATUSES.map((s, i) => [s, i]));

export const taskColumns: ListColumn<TaskView>[] = [
  { key: 'title', label: 'task.title', value: (r) => r.title, width: 48, sortable: true },
  { key: 'programme', label: 'list.task.programme', value: (r) => r.programme_title ?? '', width: 34, sortable: true },
  { key: 'org', label: 'task.lead', value: (r) => r.lead_name ?? r.programme_org_name ?? '', width: 28, sortable: true },
  { key: 'owner', label: 'task.owner', value: (r) => r.owner_name ?? '', width: 24, sortable: true },
  { key: 'due', label: 'task.due', value: (r) => r.due_on, type: 'date', width: 14, sortable: true },
  { key: 'progress', label: 'task.progress', value: (r) => r.progress_percent ?? null, type: 'percent', width: 11, sortable: true },
  { key: 'status', label: 'task.status', value: (r, t) => t(`status.${r.status}`), width: 20, sortable: true, sortValue: (r) => STATUS_ORDER[r.status] ?? 0 },
];

/** The year a task list shows: the asked one, else the ward's working year. */
export const taskListYear = async (db: Queryable, actor: Actor, query: TaskListQuery): Promise<number> => query.year ?? (await defaultProgrammeYear(db, actor));

/** Every task of the year matching the filters (lead organization or its programme's, with those below; status; due month; programme), in the asked order. */
export async function filteredTasks(db: Queryable, actor: Actor, query: TaskListQuery, t: T, today: string = todayInVietnam()): Promise<TaskView[]> {
  const year = await taskListYear(db, actor, query);
  await checkTaskFilters(db, actor, query); // 404 for another ward's organization or programme
  const orgIds = query.org ? [...(await orgsBelow(db, actor.wardId, [query.org]))] : null;
  const month = query.month ? `${year}-${String(query.month).padStart(2, '0')}` : null;
  const rows = (await loadTasks(db, actor, { year, orgIds, programmeId: query.programme ?? null }, today)).filter((r) => (!query.status || r.status === query.status) && (!month || (r.due_on ?? '').startsWith(month)));
  return sortRows(rows, taskColumns, query, t);
}

export const taskList = registerOfficeList<TaskListQuery, TaskView>({
  name: 'tasks',
  path: '/app/tasks',
  title: 'list.tasks.title',
  sheet: 'Danh sách nhiệm vụ',
  file: 'danh-sach-nhiem-vu',
  access: PROG_READERS,
  query: TaskListQuery,
  columns: () => taskColumns,
  load: async (db, actor, query, range) => sliceRows(await filteredTasks(db, actor, query, (k) => k), range),
  describe: async (db, actor, query, t) => {
    const year = await taskListYear(db, actor, query);
    const org = await orgName(db, actor, query.org);
    const programme = query.programme ? (await listProgrammes(db, actor, year)).find((p) => p.id === query.programme)?.title : null;
    return [
      `${t('prog.year')} ${year}`,
      org ? `${t('task.lead')}: ${org}` : '',
      programme ? `${t('list.task.programme')}: ${programme}` : '',
      query.status ? `${t('task.status')}: ${t(`status.${query.status}`)}` : '',
      query.month ? `${t('list.task.dueMonth')}: ${t('task.month', { n: query.month })}` : '',
    ].filter(Boolean);
  },
});
