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

/** One organization of the actor on the overview, with its programme of `year` when it has one. */
export interface MyOrg {
  id: string;
  name: string;
  head: boolean;
  programmeId: string | null;
}

/**
 * The organizations `headOf` ∪ `memberOf` of the ward that are still valid, in name order, each
 * with its programme of `year` (null when none): ONE query (a left join). Empty when none.
 */
export async function myOrgs(q: Queryable, wardId: string, headOf: readonly string[], memberOf: readonly string[], year: number): Promise<MyOrg[]> {
  const ids = [...new Set([...headOf, ...memberOf])];
  if (!ids.length) return [];
  const rows = await q
    .selectFrom('organization as o')
    .leftJoin('programme as p', (j) => j.onRef('p.org_id', '=', 'o.id').onRef('p.ward_id', '=', 'o.ward_id').on('p.year', '=', year))
    .select(['o.id', 'o.name', 'p.id as programme_id'])
    .where('o.ward_id', '=', wardId)
    .where((e) => e.and([e('o.id', 'in', ids), e('o.valid_to', 'is', null)]))
    .orderBy(['o.name', 'p.created_at'])
    .execute();
  const out = new Map<string, MyOrg>();
  for (const r of rows) if (!out.has(r.id)) out.set(r.id, { id: r.id, name: r.name, head: headOf.includes(r.id), programmeId: r.programme_id ?? null });
  return [...out.values()];
}
