import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { AUDIT_READERS } from '../../platform/auth/roles.ts';
import { listRequests, type RequestListItem } from '../reports/service.ts';
import { dashboardCounts, recentEvents, type DashboardCounts, type RecentEvent } from './repo.ts';

export interface DashboardSummary extends DashboardCounts {
  /** Recent audit events; empty for roles that do not read the audit (only admin, standing, office do). */
  recent: RecentEvent[];
  /** The latest report requests with their completeness (the Standing Committee, the office, the administrator). */
  reports: RequestListItem[];
}

/** What the dashboard shows the actor in its ward, on today's Vietnam date. */
export async function dashboardSummary(q: Queryable, actor: Actor): Promise<DashboardSummary> {
  const showRecent = AUDIT_READERS.some((r) => actor.roles.has(r));
  const [counts, recent, reports] = await Promise.all([
    dashboardCounts(q, actor.wardId, todayInVietnam()),
    showRecent ? recentEvents(q, actor.wardId, 8) : Promise.resolve([]),
    showRecent ? listRequests(q, actor, { page: 1 }).then((r) => r.items.slice(0, 5)) : Promise.resolve([]),
  ]);
  return { ...counts, recent, reports };
}
