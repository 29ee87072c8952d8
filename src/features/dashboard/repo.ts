import type { Queryable } from '../../db/index.ts';
import { toNumber } from '../../db/dialect.ts';

/** The ward's figures on the dashboard. */
export interface DashboardCounts {
  /** People not ended. */
  people: number;
  /** Organizations still valid. */
  orgs: number;
  /** Posts held on `today`. */
  positions: number;
}

/** One line of the dashboard's recent activity (newest first). */
export interface RecentEvent {
  at: string;
  actor_label: string;
  action: string;
  summary: string | null;
}

/** Counts of the ward's people, organizations and posts held on `today` (YYYY-MM-DD, Vietnam day). */
export async function dashboardCounts(q: Queryable, wardId: string, today: string): Promise<DashboardCounts> {
  const [people, orgs, positions] = await Promise.all([
    q.selectFrom('person').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', wardId).where('ended_on', 'is', null).executeTakeFirstOrThrow(),
    q.selectFrom('organization').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', wardId).where('valid_to', 'is', null).executeTakeFirstOrThrow(),
    q
      .selectFrom('position')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('ward_id', '=', wardId)
      .where('start_on', '<=', today)
      .where((e) => e.or([e('end_on', 'is', null), e('end_on', '>=', today)]))
      .executeTakeFirstOrThrow(),
  ]);
  return { people: toNumber(people.n), orgs: toNumber(orgs.n), positions: toNumber(positions.n) };
}

/** The ward's `limit` newest audit events. */
export async function recentEvents(q: Queryable, wardId: string, limit: number): Promise<RecentEvent[]> {
  return q.selectFrom('audit_event').select(['at', 'actor_label', 'action', 'summary']).where('ward_id', '=', wardId).orderBy('at', 'desc').limit(limit).execute();
}
