// The Standing Committee's dashboard (docs/DESIGN.md D51): every organization of the ward in force
// in the year, with or without a programme; per organization the tasks by stored status, the
// completion rate (done among those due) and the average progress, counted in SQL over the stored
// task state (D41); a ward total; tasks by month of deadline and status; what waits for approval;
// the overdue tasks and those due this month, each a way into the tasks themselves.
import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { loadTasks, type TaskView } from './service.ts';
import { monthEnd, TASK_STATUSES, type TaskStatus } from './status.ts';
import { filteredTasks, taskProgress } from './repo.ts';
import { freshen, staleOn } from './state.ts';

/** Organization kinds of a residential group (below the ward's bodies): listed only with `all` or when they have work. */
export const BRANCH_KINDS: readonly string[] = ['party_cell', 'front_work_group', 'branch'];

/** Counts of one row of the dashboard (an organization, or the ward total). */
export interface BoardCounts {
  /** Tasks of the year (not sub-tasks). */
  total: number;
  /** Tasks whose deadline is on or before `asOf`. */
  due: number;
  /** Of those due, how many are done (on time or late). */
  dueDone: number;
  /** Sum over the tasks of their progress in percent (a done task counts 100, none reported 0). */
  progressSum: number;
  counts: Record<TaskStatus, number>;
}

export interface BoardRow extends BoardCounts {
  orgId: string;
  orgName: string;
  /** The short name (charts), else the name. */
  shortName: string;
  /** A body of a residential group (party cell, front work group, branch). */
  branch: boolean;
  programme: { id: string; status: string } | null;
}

export interface PendingItem {
  kind: 'programme' | 'task';
  id: string;
  title: string;
  orgName: string;
  submittedAt: string | null;
}

export interface Board {
  year: number;
  today: string;
  /** The day "due" is counted on: today, or the year's last day for a past year. */
  asOf: string;
  /** Years the selector offers: every year with a programme, this year and the board's, newest first. */
  years: number[];
  /** Branches listed even without work this year. */
  all: boolean;
  rows: BoardRow[];
  total: BoardCounts;
  /** Tasks by month of deadline (1..12) and stored status. */
  months: { month: number; counts: Record<TaskStatus, number> }[];
  pending: PendingItem[];
  overdue: TaskView[];
  dueThisMonth: TaskView[];
}

export const zeroCounts = (): Record<TaskStatus, number> => ({ not_started: 0, on_track: 0, late: 0, overdue: 0, done: 0, done_late: 0 });

/** Completion rate 0..1 (done among those due), null when nothing is due yet. */
export const completionOf = (c: BoardCounts): number | null => (c.due ? c.dueDone / c.due : null);
/** Average progress 0..100 over the year's tasks, null when there are none. */
export const averageOf = (c: BoardCounts): number | null => (c.total ? c.progressSum / c.total : null);

/** The ward total: the sum of the rows (each count summed; the rates are computed from the sums). */
export function sumRows(rows: readonly BoardCounts[]): BoardCounts {
  const out: BoardCounts = { total: 0, due: 0, dueDone: 0, progressSum: 0, counts: zeroCounts() };
  for (const r of rows) {
    out.total += r.total;
    out.due += r.due;
    out.dueDone += r.dueDone;
    out.progressSum += r.progressSum;
    for (const s of TASK_STATUSES) out.counts[s] += r.counts[s];
  }
  return out;
}

const n = (v: unknown): number => Number(v ?? 0);

/**
 * The board of `year` on `today` ('YYYY-MM-DD', Vietnam) for the actor's ward. `all` lists every
 * branch, not only those with a programme or tasks. Tasks are the year's tasks that are not
 * sub-tasks, counted under their programme's organization (else their lead organization). Stored
 * states of another day are refreshed first (D41); every count is one SQL aggregate.
 */
export async function buildBoard(q: Queryable, actor: Pick<Actor, 'wardId'>, year: number, today: string = todayInVietnam(), all = false): Promise<Board> {
  const wardId = actor.wardId;
  const asOf = today < `${year}-12-31` ? today : `${year}-12-31`;
  const base = () => (filteredTasks(q, wardId, { year }) as NonNullable<ReturnType<typeof filteredTasks>>).where('task.parent_id', 'is', null);
  const stale = await base().leftJoin('task_state', 'task_state.task_id', 'task.id').select('task.id').where(staleOn(today)).execute();
  if (stale.length) await freshen(q, wardId, stale.map((r) => r.id), today);

  const orgKey = sql<string>`coalesce(programme.org_id, task.lead_org_id)`;
  const doneNow = sql<boolean>`task_state.status in ('done', 'done_late')`;
  const [agg, monthAgg, orgs, programmes] = await Promise.all([
    base()
      .innerJoin('task_state', 'task_state.task_id', 'task.id')
      .select([
        orgKey.as('org_id'),
        'task_state.status',
        (eb) => eb.fn.countAll<number>().as('total'),
        sql<number>`sum(case when task.due_on <= ${asOf} then 1 else 0 end)`.as('due'),
        sql<number>`sum(case when task.due_on <= ${asOf} and ${doneNow} then 1 else 0 end)`.as('due_done'),
        sql<number>`sum(coalesce(${taskProgress}, 0))`.as('progress_sum'), // the one progress figure (repo.ts, D60); unreported counts 0
      ])
      .groupBy([orgKey, 'task_state.status'])
      .execute(),
    base()
      .innerJoin('task_state', 'task_state.task_id', 'task.id')
      .where('task.due_on', '>=', `${year}-01-01`)
      .where('task.due_on', '<=', `${year}-12-31`)
      .select([sql<string>`substr(task.due_on, 6, 2)`.as('m'), 'task_state.status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy([sql`substr(task.due_on, 6, 2)`, 'task_state.status'])
      .execute(),
    q
      .selectFrom('organization')
      .select(['id', 'name', 'short_name', 'kind', 'sort_order'])
      .where('ward_id', '=', wardId)
      .where('valid_from', '<=', `${year}-12-31`)
      .where((e) => e.or([e('valid_to', 'is', null), e('valid_to', '>=', `${year}-01-01`)]))
      .orderBy('sort_order')
      .orderBy('name')
      .execute(),
    q.selectFrom('programme').select(['id', 'org_id', 'status']).where('ward_id', '=', wardId).where('year', '=', year).execute(),
  ]);
  const programmeYears = await q.selectFrom('programme').select('year').distinct().where('ward_id', '=', wardId).execute();
  const years = [...new Set([...programmeYears.map((p) => Number(p.year)), Number(today.slice(0, 4)), year])].sort((a, b) => b - a);

  const byOrg = new Map<string, BoardCounts>();
  for (const a of agg) {
    const key = a.org_id ?? '';
    const c = byOrg.get(key) ?? { total: 0, due: 0, dueDone: 0, progressSum: 0, counts: zeroCounts() };
    c.total += n(a.total);
    c.due += n(a.due);
    c.dueDone += n(a.due_done);
    c.progressSum += n(a.progress_sum);
    c.counts[a.status as TaskStatus] += n(a.total);
    byOrg.set(key, c);
  }
  const progOf = new Map(programmes.map((p) => [p.org_id, { id: p.id, status: p.status }]));
  const listed = new Set<string>();
  const rows: BoardRow[] = [];
  const push = (id: string, name: string, short: string | null, branch: boolean) => {
    listed.add(id);
    rows.push({ orgId: id, orgName: name, shortName: short ?? name, branch, programme: progOf.get(id) ?? null, ...(byOrg.get(id) ?? { total: 0, due: 0, dueDone: 0, progressSum: 0, counts: zeroCounts() }) });
  };
  for (const o of orgs) {
    const branch = BRANCH_KINDS.includes(o.kind);
    if (!branch || all || progOf.has(o.id) || byOrg.has(o.id)) push(o.id, o.name, o.short_name, branch);
  }
  // Work of a body not in force in the year (ended earlier, a task's lead body): still counted, under its name.
  const missing = [...byOrg.keys()].filter((k) => !listed.has(k) && k !== '');
  if (missing.length) for (const o of await q.selectFrom('organization').select(['id', 'name', 'short_name', 'kind']).where('ward_id', '=', wardId).where('id', 'in', missing).execute()) push(o.id, o.name, o.short_name, BRANCH_KINDS.includes(o.kind));
  if (byOrg.has('')) rows.push({ orgId: '', orgName: '—', shortName: '—', branch: false, programme: null, ...(byOrg.get('') as BoardCounts) });

  const months = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, counts: zeroCounts() }));
  for (const m of monthAgg) {
    const month = months[Number(m.m) - 1];
    if (month) month.counts[m.status as TaskStatus] += n(m.n);
  }

  const [pendingProgrammes, pendingTasks, overdueIds, dueIds] = await Promise.all([
    q
      .selectFrom('programme')
      .innerJoin('organization', 'organization.id', 'programme.org_id')
      .select(['programme.id', 'programme.title', 'organization.name as org_name', 'programme.submitted_at'])
      .where('programme.ward_id', '=', wardId)
      .where('programme.year', '=', year)
      .where('programme.status', '=', 'submitted')
      .orderBy('programme.submitted_at')
      .execute(),
    filteredTasks(q, wardId, { year })!
      .select(['task.id', 'task.title', 'porg.name as porg_name', 'lead.name as lead_name', 'task.updated_at'])
      .where('task.approval', '=', 'submitted')
      .orderBy('task.updated_at')
      .orderBy('task.id')
      .execute(),
    base().innerJoin('task_state', 'task_state.task_id', 'task.id').select('task.id').where('task_state.status', '=', 'overdue').orderBy('task.due_on').orderBy('task.id').execute(),
    base()
      .innerJoin('task_state', 'task_state.task_id', 'task.id')
      .select('task.id')
      .where('task.due_on', '>=', `${today.slice(0, 7)}-01`)
      .where('task.due_on', '<=', monthEnd(today.slice(0, 7)))
      .where('task_state.status', 'not in', ['done', 'done_late'])
      .orderBy('task.due_on')
      .orderBy('task.id')
      .execute(),
  ]);
  const pending: PendingItem[] = [
    ...pendingProgrammes.map((p) => ({ kind: 'programme' as const, id: p.id, title: p.title, orgName: p.org_name, submittedAt: p.submitted_at })),
    ...pendingTasks.map((t) => ({ kind: 'task' as const, id: t.id, title: t.title, orgName: t.porg_name ?? t.lead_name ?? '—', submittedAt: t.updated_at })),
  ];
  const loaded = new Map((await loadTasks(q, actor, { taskIds: [...new Set([...overdueIds, ...dueIds].map((t) => t.id))] }, today)).map((t) => [t.id, t]));
  const full = (list: { id: string }[]): TaskView[] => list.flatMap((t) => loaded.get(t.id) ?? []);
  return { year, today, asOf, years, all, rows, total: sumRows(rows), months, pending, overdue: full(overdueIds), dueThisMonth: full(dueIds) };
}
