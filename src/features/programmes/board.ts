// The Standing Committee's dashboard: completion and lateness by organization, overdue tasks and
// tasks due this month, each a way into the tasks themselves.
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { loadTasks, type TaskView } from './service.ts';
import { monthEnd, type TaskStatus } from './status.ts';
import { filteredTasks } from './repo.ts';
import { freshen } from './state.ts';

export interface OrgStats {
  orgId: string | null;
  orgName: string;
  total: number;
  counts: Record<TaskStatus, number>;
  completion: number; // 0..1
  lateness: number; // late + overdue
}

export interface Board {
  year: number;
  today: string;
  byOrg: OrgStats[];
  overdue: TaskView[];
  dueThisMonth: TaskView[];
}

const zero = (): Record<TaskStatus, number> => ({ not_started: 0, on_track: 0, late: 0, overdue: 0, done: 0, done_late: 0 });

/**
 * The board of `year` on `today`: ward tasks (not sub-tasks) counted by stored status per
 * organization, and the overdue and due-this-month tasks (loaded in full, only those). A light scan
 * of the stored state (D41), refreshed first where it is of another day.
 */
export async function buildBoard(q: Queryable, actor: Pick<Actor, 'wardId'>, year: number, today: string = todayInVietnam()): Promise<Board> {
  const base = filteredTasks(q, actor.wardId, { year });
  const scan = () =>
    base
      ? base
          .leftJoin('task_state', 'task_state.task_id', 'task.id')
          .select(['task.id', 'task.due_on', 'task.lead_org_id', 'lead.name as lead_name', 'programme.org_id as programme_org_id', 'porg.name as programme_org_name', 'task_state.status', 'task_state.status_on'])
          .where('task.parent_id', 'is', null)
          .orderBy('porg.sort_order')
          .orderBy('task.sort_order')
          .orderBy('task.created_at')
          .orderBy('task.id')
          .execute()
      : Promise.resolve([]);
  let tasks = await scan();
  const stale = tasks.filter((t) => t.status_on !== today).map((t) => t.id);
  if (stale.length) {
    await freshen(q, actor.wardId, stale, today);
    tasks = await scan();
  }
  const groups = new Map<string, OrgStats>();
  for (const t of tasks) {
    const key = t.programme_org_id ?? t.lead_org_id ?? '-';
    let g = groups.get(key);
    if (!g) {
      g = { orgId: t.programme_org_id ?? t.lead_org_id, orgName: t.programme_org_name ?? t.lead_name ?? '—', total: 0, counts: zero(), completion: 0, lateness: 0 };
      groups.set(key, g);
    }
    g.total++;
    g.counts[t.status as TaskStatus]++;
  }
  const byOrg = [...groups.values()].map((g) => ({ ...g, completion: g.total ? (g.counts.done + g.counts.done_late) / g.total : 0, lateness: g.counts.late + g.counts.overdue }));
  const ym = today.slice(0, 7);
  const end = monthEnd(ym);
  const overdue = tasks.filter((t) => t.status === 'overdue').sort((a, b) => (a.due_on ?? '').localeCompare(b.due_on ?? ''));
  const dueThisMonth = tasks.filter((t) => t.due_on && t.due_on >= `${ym}-01` && t.due_on <= end && t.status !== 'done' && t.status !== 'done_late').sort((a, b) => (a.due_on ?? '').localeCompare(b.due_on ?? ''));
  const loaded = new Map((await loadTasks(q, actor, { taskIds: [...new Set([...overdue, ...dueThisMonth].map((t) => t.id))] }, today)).map((t) => [t.id, t]));
  const full = (list: { id: string }[]): TaskView[] => list.flatMap((t) => loaded.get(t.id) ?? []);
  return { year, today, byOrg, overdue: full(overdue), dueThisMonth: full(dueThisMonth) };
}
