import type { Queryable } from '../../db/index.ts';

export const UNIT_COLUMNS = ['id', 'ward_id', 'is_ward', 'kind', 'name', 'code', 'valid_from', 'valid_to', 'version'] as const;

/** A unit of this ward (the ward itself or a unit inside it); units above the ward are not found here. */
export function getWardUnitRow(q: Queryable, wardId: string, id: string) {
  return q.selectFrom('unit').select(UNIT_COLUMNS).where('ward_id', '=', wardId).where('id', '=', id).executeTakeFirst();
}

/** The link to the parent that has no end yet. */
export function openParentLink(q: Queryable, unitId: string) {
  return q.selectFrom('unit_parent').select(['id', 'parent_id', 'valid_from']).where('unit_id', '=', unitId).where('valid_to', 'is', null).orderBy('valid_from', 'desc').executeTakeFirst();
}

/** Units still linked under this one that are still valid after the given day. */
export function childrenLiveAfter(q: Queryable, unitId: string, day: string) {
  return q
    .selectFrom('unit_parent as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .select(['u.id', 'u.name'])
    .where('p.parent_id', '=', unitId)
    .where('p.valid_to', 'is', null)
    .where((e) => e.or([e('u.valid_to', 'is', null), e('u.valid_to', '>', day)]))
    .execute();
}

/** Open parent links of the ward's units: the tree as it stands now, for cycle checks. */
export function openLinksInWard(q: Queryable, wardId: string) {
  return q
    .selectFrom('unit_parent as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .select(['p.unit_id', 'p.parent_id'])
    .where('u.ward_id', '=', wardId)
    .where('p.valid_to', 'is', null)
    .execute();
}

/** The parent a unit is linked to now, with its name (it may be a unit above the ward). */
export function currentParentRow(q: Queryable, unitId: string) {
  return q
    .selectFrom('unit_parent as p')
    .innerJoin('unit as u', 'u.id', 'p.parent_id')
    .select(['u.id', 'u.name', 'p.valid_from'])
    .where('p.unit_id', '=', unitId)
    .where('p.valid_to', 'is', null)
    .orderBy('p.valid_from', 'desc')
    .executeTakeFirst();
}
