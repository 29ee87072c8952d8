import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { AUDIT_READERS } from '../../platform/auth/roles.ts';
import { listRequests, type RequestListItem } from '../reports/service.ts';
import { dashboardCounts, myOrgs, recentEvents, type DashboardCounts, type MyOrg, type RecentEvent } from './repo.ts';

export interface DashboardSummary extends DashboardCounts {
  /** Recent audit events; empty for roles that do not read the audit (only admin, standing, office do). */
  recent: RecentEvent[];
  /** The latest report requests with their completeness (the Standing Committee, the office, the administrator). */
  reports: RequestListItem[];
  /** Reports the actor's organizations still owe (not sent, drafting, returned) in open requests, due first. */
  /** The actor's own organizations (head of, member of) with their programme of `year`: "Tổ chức của tôi". */
  mine: MyOrg[];
  /** The Vietnam year of today, the programmes' year of `mine`. */
  year: number;
  toWrite: { requestId: string; title: string; dueOn: string; submissionId: string; orgId: string; state: string; overdue: boolean }[];
}

/** What the dashboard shows the actor in its ward, on today's Vietnam date. */
export async function dashboardSummary(q: Queryable, actor: Actor): Promise<DashboardSummary> {
  const showRecent = AUDIT_READERS.some((r) => actor.roles.has(r));
  const today = todayInVietnam();
  const year = Number(today.slice(0, 4));
  const [counts, recent, reports, mine] = await Promise.all([
    dashboardCounts(q, actor.wardId, today),
    showRecent ? recentEvents(q, actor.wardId, 8) : Promise.resolve([]),
    listRequests(q, actor, { page: 1 }),
    myOrgs(q, actor.wardId, actor.headOf, actor.memberOf, year),
  ]);
  const toWrite = showRecent
    ? []
    : reports.items
        .filter((r) => r.request.status === 'open')
        .flatMap((r) => r.board.lines.filter((l) => ['pending', 'draft', 'returned'].includes(l.state)).map((l) => ({ requestId: r.request.id, title: r.request.title, dueOn: r.request.due_on, submissionId: l.submission.id, orgId: l.submission.org_id, state: l.state, overdue: l.overdue })))
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return { ...counts, recent, reports: showRecent ? reports.items.slice(0, 5) : [], toWrite, mine, year };
}
