// The Standing Committee's dashboard: completion and lateness by organization, overdue tasks and
// tasks due this month, each a way into the tasks themselves.
import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { loadTasks, type TaskView } from './service.ts';
import { monthEnd, type TaskStatus } from './status.ts';

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

export async function buildBoard(q: Queryable, actor: Pick<Actor, 'wardId'>, year: number, today: string = todayInVietnam()): Promise<Board> {
  const tasks = (await loadTasks(q, actor, { year }, today)).filter((t) => !t.parent_id);
  const groups = new Map<string, OrgStats>();
  for (const t of tasks) {
    const key = t.programme_org_id ?? t.lead_org_id ?? '-';
    let g = groups.get(key);
    if (!g) {
      g = { orgId: t.programme_org_id ?? t.lead_org_id, orgName: t.programme_org_name ?? t.lead_name ?? '—', total: 0, counts: zero(), completion: 0, lateness: 0 };
      groups.set(key, g);
    }
    g.total++;
    g.counts[t.status]++;
  }
  const byOrg = [...groups.values()].map((g) => ({ ...g, completion: g.total ? (g.counts.done + g.counts.done_late) / g.total : 0, lateness: g.counts.late + g.counts.overdue }));
  const ym = today.slice(0, 7);
  const end = monthEnd(ym);
  return {
    year,
    today,
    byOrg,
    overdue: tasks.filter((t) => t.status === 'overdue').sort((a, b) => (a.due_on ?? '').localeCompare(b.due_on ?? '')),
    dueThisMonth: tasks.filter((t) => t.due_on && t.due_on >= `${ym}-01` && t.due_on <= end && t.status !== 'done' && t.status !== 'done_late').sort((a, b) => (a.due_on ?? '').localeCompare(b.due_on ?? '')),
  };
}
