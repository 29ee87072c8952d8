import type { Queryable } from '../../db/index.ts';

export const ORG_COLUMNS = ['id', 'ward_id', 'unit_id', 'parent_id', 'kind', 'name', 'short_name', 'higher_body', 'sort_order', 'valid_from', 'valid_to', 'version', 'created_at', 'updated_at'] as const;

export function listOrgRows(q: Queryable, wardId: string) {
  return q.selectFrom('organization').select(ORG_COLUMNS).where('ward_id', '=', wardId).orderBy('sort_order').orderBy('name').execute();
}

export function getOrgRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('organization').select(ORG_COLUMNS).where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}

export type OrgRow = NonNullable<Awaited<ReturnType<typeof getOrgRow>>>;
