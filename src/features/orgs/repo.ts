import type { Queryable } from '../../db/index.ts';

export const ORG_COLUMNS = ['id', 'ward_id', 'unit_id', 'parent_id', 'kind', 'name', 'short_name', 'higher_body', 'sort_order', 'valid_from', 'valid_to', 'version', 'created_at', 'updated_at'] as const;

/** Organizations of a ward; `f.kind` keeps one kind, `f.on` ('YYYY-MM-DD') those that exist on that day — in SQL. */
export function listOrgRows(q: Queryable, wardId: string, f: { kind?: string | null; on?: string | null } = {}) {
  let query = q.selectFrom('organization').select(ORG_COLUMNS).where('ward_id', '=', wardId);
  if (f.kind) query = query.where('kind', '=', f.kind);
  const on = f.on;
  if (on) query = query.where('valid_from', '<=', on).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', on)]));
  return query.orderBy('sort_order').orderBy('name').execute();
}

export function getOrgRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('organization').select(ORG_COLUMNS).where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}

export type OrgRow = NonNullable<Awaited<ReturnType<typeof getOrgRow>>>;

/** Relations of an organization in both directions, with the other side's name. */
export function relationRows(q: Queryable, wardId: string, orgId: string) {
  return q
    .selectFrom('org_relation as r')
    .innerJoin('organization as a', 'a.id', 'r.org_id')
    .innerJoin('organization as b', 'b.id', 'r.related_org_id')
    .select(['r.id', 'r.org_id', 'r.related_org_id', 'r.relation', 'r.valid_from', 'r.valid_to', 'a.name as org_name', 'b.name as related_org_name'])
    .where('r.ward_id', '=', wardId)
    .where((e) => e.or([e('r.org_id', '=', orgId), e('r.related_org_id', '=', orgId)]))
    .orderBy('r.valid_from')
    .orderBy('r.id')
    .execute();
}
export type RelationRow = Awaited<ReturnType<typeof relationRows>>[number];

export function getRelationRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('org_relation').selectAll().where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}

/** An open relation of the same kind between the same two organizations, if any. */
export function openRelation(q: Queryable, wardId: string, orgId: string, relatedOrgId: string, relation: string) {
  return q
    .selectFrom('org_relation')
    .select('id')
    .where('ward_id', '=', wardId)
    .where('org_id', '=', orgId)
    .where('related_org_id', '=', relatedOrgId)
    .where('relation', '=', relation)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
}
