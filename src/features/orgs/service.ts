import type { Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import { writeAudit } from '../../platform/audit.ts';
import { fold } from '../../lib/vi/index.ts';
import { getOrgRow, listOrgRows, type OrgRow } from './repo.ts';

export type { OrgRow } from './repo.ts';

/** Organizations of the actor's ward, in display order. */
export function listOrgs(q: Queryable, actor: Pick<Actor, 'wardId'>): Promise<OrgRow[]> {
  return listOrgRows(q, actor.wardId);
}

export function getOrg(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<OrgRow | undefined> {
  return getOrgRow(q, actor.wardId, id);
}

/** The given organizations and every organization below them (branches of branches…). */
export async function orgSubtree(q: Queryable, wardId: string, roots: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>(roots);
  if (roots.length === 0) return out;
  const rows = await q.selectFrom('organization').select(['id', 'parent_id']).where('ward_id', '=', wardId).execute();
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows) {
      if (r.parent_id && out.has(r.parent_id) && !out.has(r.id)) {
        out.add(r.id);
        grew = true;
      }
    }
  }
  return out;
}

/** Organizations an actor may write in: everything for admin/office, its own subtree for org_head. */
export async function writableOrgIds(q: Queryable, actor: Actor): Promise<Set<string> | 'all'> {
  if (actor.roles.has('admin') || actor.roles.has('office')) return 'all';
  if (actor.roles.has('org_head')) return orgSubtree(q, actor.wardId, actor.headOf);
  return new Set();
}

export function orgLabel(o: Pick<OrgRow, 'name' | 'short_name'>): string {
  return o.name;
}

export const ORG_KINDS = [
  'party_committee',
  'standing_committee',
  'inspection_committee',
  'party_office',
  'party_cell',
  'mass_mobilization_bloc',
  'people_council',
  'people_committee',
  'fatherland_front',
  'front_work_group',
  'mass_organization',
  'association',
  'branch',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_RELATIONS = ['umbrella', 'guided_by', 'coordinates'] as const;
export type OrgRelation = (typeof ORG_RELATIONS)[number];

export interface NewOrg {
  kind: OrgKind;
  name: string;
  short_name: string | null;
  unit_id: string;
  parent_id: string | null;
  higher_body: string | null;
  sort_order: number;
  valid_from: string;
  valid_to: string | null;
}

/** Inserts an organization of the actor's ward (inside the caller's transaction) with its audit row. */
export async function insertOrg(q: Queryable, actor: Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>, input: NewOrg): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, ...input, search_text: fold(`${input.name} ${input.short_name ?? ''}`), created_at: now, updated_at: now };
  await q.insertInto('organization').values(row).execute();
  await writeAudit(q, actor, { action: 'org.create', entityType: 'organization', entityId: id, summary: input.name, after: row });
  return id;
}

/** Links an organization to another from a date: under the Front's umbrella, guided by, coordinating with. */
export async function insertOrgRelation(q: Queryable, actor: Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>, orgId: string, relatedOrgId: string, relation: OrgRelation, validFrom: string): Promise<string> {
  const id = newId();
  const row = { id, ward_id: actor.wardId, org_id: orgId, related_org_id: relatedOrgId, relation, valid_from: validFrom, valid_to: null };
  await q.insertInto('org_relation').values(row).execute();
  await writeAudit(q, actor, { action: 'org.relate', entityType: 'organization', entityId: orgId, after: row });
  return id;
}
