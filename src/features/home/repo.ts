import type { Queryable } from '../../db/index.ts';

/** One organization of the actor on the home page, with its programme of `year` when it has one. */
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
    .orderBy('o.name')
    .orderBy('p.created_at')
    .execute();
  const out = new Map<string, MyOrg>();
  for (const r of rows) if (!out.has(r.id)) out.set(r.id, { id: r.id, name: r.name, head: headOf.includes(r.id), programmeId: r.programme_id ?? null });
  return [...out.values()];
}
