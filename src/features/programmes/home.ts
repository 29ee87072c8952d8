// Reads for the home page "Việc của tôi" (issue 11 item 1, docs/DESIGN.md D49): the actor's own
// tasks that need something now, the programmes and tasks waiting for the actor's approval, and the
// actor's organizations' programmes and tasks in an approval step. Each a bounded query (a limit and
// a count), so the page that everyone opens every morning costs a fixed handful of queries. Who may
// approve is `awaitingApproval` (approvals.ts), who reports on a task is the actor's person (owner) or its
// organizations (headOf ∪ memberOf) — the same rules the commands apply.
import type { Queryable } from '../../db/index.ts';
import { toNumber } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { actorPerson, writableOrgs } from '../../platform/access.ts';
import { awaitingApproval } from './approvals.ts';
import { freshen, staleOn } from './state.ts';
import type { TaskStatus } from './status.ts';

/** A bounded list and how many there are in all. */
export interface Bounded<T> {
  items: T[];
  total: number;
}

/** One of the actor's tasks on the home page. */
export interface MyTaskLine {
  id: string;
  title: string;
  due_on: string | null;
  status: TaskStatus;
  progress_percent: number | null;
  /** The organization leading it (short name when it has one), or null. */
  org: string | null;
  /** Its progress is rolled up from sub-tasks: it takes no report of its own (no progress form). */
  rollup: boolean;
}

/** The actor's tasks that ask for something: overdue, behind plan (a progress report is due), due by `weekEnd`, due by `horizon`. */
export interface MyTasks {
  overdue: Bounded<MyTaskLine>;
  /** Behind the planned progress: the owner should report progress. */
  late: Bounded<MyTaskLine>;
  /** Not done, due from today to `weekEnd` (and not overdue or late). */
  thisWeek: Bounded<MyTaskLine>;
  /** Not done, due after `weekEnd` up to `horizon`. */
  soon: Bounded<MyTaskLine>;
}

const EMPTY = <T>(): Bounded<T> => ({ items: [], total: 0 });

/**
 * The tasks that are the actor's (owned by its person, or led by — or in a programme of — one of
 * its organizations `headOf ∪ memberOf`), not done, sorted by deadline, in four bounded groups
 * (see `MyTasks`), `limit` lines each (from `offset`). Dates 'YYYY-MM-DD' (Vietnam): `today`, `weekEnd` (the
 * Sunday of this week), `horizon` (today + 14). Stale stored states of these tasks are refreshed
 * first (D41). Four list queries, four counts, and the person lookup.
 */
export async function myTasks(q: Queryable, actor: Actor, d: { today: string; weekEnd: string; horizon: string }, limit: number, offset = 0): Promise<MyTasks> {
  const person = await actorPerson(q, actor);
  const orgs = [...new Set([...actor.headOf, ...actor.memberOf])];
  if (!person && orgs.length === 0) return { overdue: EMPTY(), late: EMPTY(), thisWeek: EMPTY(), soon: EMPTY() };
  const base = () =>
    q
      .selectFrom('task')
      .leftJoin('programme', 'programme.id', 'task.programme_id')
      .leftJoin('task_state', 'task_state.task_id', 'task.id')
      .where('task.ward_id', '=', actor.wardId)
      .where('task.done_on', 'is', null)
      .where((e) => {
        const mine = [];
        if (person) mine.push(e('task.owner_person_id', '=', person));
        if (orgs.length) mine.push(e('task.lead_org_id', 'in', orgs), e('programme.org_id', 'in', orgs));
        return e.or(mine);
      });
  const stale = await base().select('task.id').where(staleOn(d.today)).limit(2000).execute();
  if (stale.length) await freshen(q, actor.wardId, stale.map((r) => r.id), d.today);
  type Q = ReturnType<typeof base>;
  const group = async (where: (b: Q) => Q): Promise<Bounded<MyTaskLine>> => {
    const [rows, count] = await Promise.all([
      where(base())
        .leftJoin('organization as lead', 'lead.id', 'task.lead_org_id')
        .select(['task.id', 'task.title', 'task.due_on', 'task.progress_percent', 'task_state.status', 'lead.name as lead_name', 'lead.short_name as lead_short'])
        .select((eb) => eb.exists(eb.selectFrom('task as sub').select('sub.id').where('sub.ward_id', '=', actor.wardId).whereRef('sub.parent_id', '=', 'task.id')).as('rollup'))
        .orderBy('task.due_on')
        .orderBy('task.id')
        .limit(limit)
        .offset(offset)
        .execute(),
      where(base()).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({ id: r.id, title: r.title, due_on: r.due_on, status: (r.status ?? 'not_started') as TaskStatus, progress_percent: r.progress_percent, org: r.lead_short ?? r.lead_name ?? null, rollup: !!r.rollup })),
      total: toNumber(count.n),
    };
  };
  const notBehind = (b: Q) => b.where((e) => e.or([e('task_state.status', 'is', null), e('task_state.status', 'not in', ['overdue', 'late'])]));
  const [overdue, late, thisWeek, soon] = await Promise.all([
    group((b) => b.where('task_state.status', '=', 'overdue')),
    group((b) => b.where('task_state.status', '=', 'late')),
    group((b) => notBehind(b).where('task.due_on', '>=', d.today).where('task.due_on', '<=', d.weekEnd)),
    group((b) => notBehind(b).where('task.due_on', '>', d.weekEnd).where('task.due_on', '<=', d.horizon)),
  ]);
  return { overdue, late, thisWeek, soon };
}

/** A programme or task in an approval step, as the home page lists it. */
export interface ApprovalLine {
  id: string;
  title: string;
  /** The organization it belongs to (programme's organization, or the task's lead). */
  org: string | null;
  /** 'submitted', 'returned', 'approved' (and 'amended' for programmes). */
  state: string;
  /** When it was submitted or decided (ISO instant), for ordering and display. */
  at: string | null;
  comment: string | null;
}

/**
 * The programmes and tasks waiting for the actor's approval (status/approval 'submitted'), oldest
 * submitted first, `limit` each with their totals; empty for an actor who may not approve. Who
 * approves what is `awaitingApproval` (approvals.ts: the rule of the approve and return commands,
 * a branch's work for its association's head), shared with /app/tasks/approvals.
 */
export async function awaitingMyApproval(q: Queryable, actor: Actor, limit: number, offset = 0): Promise<{ programmes: Bounded<ApprovalLine>; tasks: Bounded<ApprovalLine> }> {
  const waiting = await awaitingApproval(q, actor);
  if (!waiting) return { programmes: EMPTY(), tasks: EMPTY() };
  const { programmes: progs, tasks } = waiting;
  const [pRows, pCount, tRows, tCount] = await Promise.all([
    progs().innerJoin('organization', 'organization.id', 'programme.org_id').select(['programme.id', 'programme.title', 'programme.status', 'programme.submitted_at', 'organization.name as org']).orderBy('programme.submitted_at').orderBy('programme.id').limit(limit).offset(offset).execute(),
    progs().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    tasks().leftJoin('organization', 'organization.id', 'task.lead_org_id').select(['task.id', 'task.title', 'task.approval', 'task.updated_at', 'organization.name as org']).orderBy('task.updated_at').orderBy('task.id').limit(limit).offset(offset).execute(),
    tasks().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    programmes: { items: pRows.map((r) => ({ id: r.id, title: r.title, org: r.org, state: r.status, at: r.submitted_at, comment: null })), total: toNumber(pCount.n) },
    tasks: { items: tRows.map((r) => ({ id: r.id, title: r.title, org: r.org, state: r.approval, at: r.updated_at, comment: null })), total: toNumber(tCount.n) },
  };
}

/**
 * What the actor's organizations sent for approval and where it stands: programmes of the
 * organizations the actor may write (org_head: its subtree; nothing for ward-wide editors, whose
 * queue is everyone's) submitted, returned (with the comment) or decided in the last 30 days, and
 * their tasks submitted or returned; newest first, `limit` each with totals.
 */
export async function mySubmissions(q: Queryable, actor: Actor, since: string, limit: number, offset = 0): Promise<{ programmes: Bounded<ApprovalLine>; tasks: Bounded<ApprovalLine> }> {
  const scope = await writableOrgs(q, actor);
  if (scope === 'all' || scope.size === 0) return { programmes: EMPTY(), tasks: EMPTY() };
  const orgs = [...scope];
  const progs = () =>
    q
      .selectFrom('programme')
      .where('programme.ward_id', '=', actor.wardId)
      .where('programme.org_id', 'in', orgs)
      .where((e) => e.or([e('programme.status', 'in', ['submitted', 'returned']), e.and([e('programme.status', '=', 'approved'), e('programme.decided_at', '>=', since)])]));
  const tasks = () =>
    q
      .selectFrom('task')
      .leftJoin('programme', 'programme.id', 'task.programme_id')
      .where('task.ward_id', '=', actor.wardId)
      .where((e) => e.or([e('task.lead_org_id', 'in', orgs), e('programme.org_id', 'in', orgs)]))
      .where('task.approval', 'in', ['submitted', 'returned']);
  const [pRows, pCount, tRows, tCount] = await Promise.all([
    progs()
      .innerJoin('organization', 'organization.id', 'programme.org_id')
      .select(['programme.id', 'programme.title', 'programme.status', 'programme.submitted_at', 'programme.decided_at', 'programme.decision_comment', 'organization.name as org'])
      .orderBy('programme.updated_at', 'desc')
      .orderBy('programme.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    progs().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    tasks().leftJoin('organization', 'organization.id', 'task.lead_org_id').select(['task.id', 'task.title', 'task.approval', 'task.updated_at', 'task.return_comment', 'organization.name as org']).orderBy('task.updated_at', 'desc').orderBy('task.id').limit(limit).offset(offset).execute(),
    tasks().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    programmes: { items: pRows.map((r) => ({ id: r.id, title: r.title, org: r.org, state: r.status, at: r.decided_at ?? r.submitted_at, comment: r.status === 'returned' ? r.decision_comment : null })), total: toNumber(pCount.n) },
    tasks: { items: tRows.map((r) => ({ id: r.id, title: r.title, org: r.org, state: r.approval, at: r.updated_at, comment: r.approval === 'returned' ? r.return_comment : null })), total: toNumber(tCount.n) },
  };
}
