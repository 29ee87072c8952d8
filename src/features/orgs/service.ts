import type { Db, Queryable } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runCommand, type CommandTx } from '../../platform/command.ts';
import { orgsBelow, requireAccess, requireThat, writableOrgs } from '../../platform/access.ts';
import { AppError, conflict, forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import { compareVi, fold, todayInVietnam } from '../../lib/vi/index.ts';
import { directoryScope, keep, Kept, type StampReader } from '../../platform/kept.ts';
import { listWardUnits, unitInWard } from '../units/service.ts';
import { getOrgRow, getRelationRow, listOrgRows, openRelation, relationRows, type OrgRow, type RelationRow } from './repo.ts';
import type { OrgEndInput, OrgInput, OrgListQuery, OrgUpdateInput, RelationEndInput, RelationInput } from './schema.ts';

export type { OrgRow, RelationRow } from './repo.ts';

type AuditActor = Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>;

const bySortThenName = (a: OrgRow, b: OrgRow) => a.sort_order - b.sort_order || compareVi(a.name, b.name);

/** Organizations of the actor's ward, in display order (sort order, then Vietnamese name order); `f` filters by kind and by the day they exist on, in SQL. */
export async function listOrgs(q: Queryable, actor: Pick<Actor, 'wardId'>, f: { kind?: string | null; on?: string | null } = {}): Promise<OrgRow[]> {
  return (await listOrgRows(q, actor.wardId, f)).sort(bySortThenName);
}

/** At most 500 wards' lists (a ward has a few dozen organizations, ~300 bytes each). */
const keptLists = new Kept<readonly OrgRow[]>(500, 200_000, (rows) => rows.length);

/**
 * `listOrgs(q, actor)` kept in this process while the ward's directory stamp (`d:<ward>`, migration
 * 0025: any write to its organizations) is unchanged (platform/kept.ts, D81). `stamps`: the
 * request's stamp reader (`stampReaderOf`: the counter read with the session, no query). Shared:
 * callers must not mutate the rows.
 */
export function keptOrgs(q: Queryable, actor: Pick<Actor, 'wardId'>, stamps: StampReader): Promise<readonly OrgRow[]> {
  return keep(keptLists, q, actor.wardId, () => stamps([directoryScope(actor.wardId)]), () => listOrgs(q, actor));
}

/**
 * The organization a list is filtered by (`?org=`): its row, or 404 when `id` is no organization of
 * the actor's ward (unknown, another ward's). A list filtered by such an id would show an empty page
 * or the whole list under a filter that does not hold, so every list asks this first (D81).
 */
export async function filterOrg(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<OrgRow> {
  const org = await getOrgRow(q, actor.wardId, id);
  if (!org) throw notFound();
  return org;
}

export function getOrg(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<OrgRow | undefined> {
  return getOrgRow(q, actor.wardId, id);
}

/** The given organizations and every organization below them (branches of branches…). */
export function orgSubtree(q: Queryable, wardId: string, roots: readonly string[]): Promise<Set<string>> {
  return orgsBelow(q, wardId, roots);
}

/** Organizations an actor may write in (org.write of platform/access.ts, memoized per actor). */
export function writableOrgIds(q: Queryable, actor: Actor): Promise<Set<string> | 'all'> {
  return writableOrgs(q, actor);
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
export async function insertOrg(q: CommandTx, actor: Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>, input: NewOrg): Promise<string> {
  const id = newId();
  const now = nowIso();
  const row = { id, ward_id: actor.wardId, ...input, search_text: fold(`${input.name} ${input.short_name ?? ''}`), created_at: now, updated_at: now };
  await q.insertInto('organization').values(row).execute();
  await writeAudit(q, actor, { action: 'org.create', entityType: 'organization', entityId: id, summary: input.name, after: row });
  return id;
}

/** Links an organization to another from a date: under the Front's umbrella, guided by, coordinating with. */
export async function insertOrgRelation(
  q: CommandTx,
  actor: Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>,
  orgId: string,
  relatedOrgId: string,
  relation: OrgRelation,
  validFrom: string,
  validTo: string | null = null,
): Promise<string> {
  const id = newId();
  const row = { id, ward_id: actor.wardId, org_id: orgId, related_org_id: relatedOrgId, relation, valid_from: validFrom, valid_to: validTo };
  await q.insertInto('org_relation').values(row).execute();
  await writeAudit(q, actor, { action: 'org.relate', entityType: 'organization', entityId: orgId, after: row });
  return id;
}

/** Kinds an organization head may create, and only under an organization it heads. */
export const BRANCH_KINDS: readonly OrgKind[] = ['branch', 'party_cell', 'front_work_group'];

const isOrgAdmin = (actor: Pick<Actor, 'roles'>) => actor.roles.has('admin') || actor.roles.has('office');

/** Whether an organization has ended before the given day (valid_to is its last day). */
export const orgEnded = (o: Pick<OrgRow, 'valid_to'>, day: string) => o.valid_to !== null && o.valid_to < day;
/**
 * An organization in force at some day of `from`..`to` ('YYYY-MM-DD', inclusive): what a picker
 * or a list of that period offers (a body abolished on 30/06/2025 is not offered for 2026).
 */
export const inForceDuring = (o: Pick<OrgRow, 'valid_from' | 'valid_to'>, from: string, to: string = from) => o.valid_from <= to && (o.valid_to === null || o.valid_to >= from);

export interface OrgTreeItem extends OrgRow {
  depth: number;
  ended: boolean;
  unitName: string | null;
}

/** All rows in tree order: each organization followed by its branches, siblings by sort order then name. */
function treeOrder(rows: OrgRow[]): OrgRow[] {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, OrgRow[]>();
  for (const r of [...rows].sort(bySortThenName)) {
    const key = r.parent_id && ids.has(r.parent_id) ? r.parent_id : null;
    children.set(key, [...(children.get(key) ?? []), r]);
  }
  const out: OrgRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null) => {
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
      walk(r.id);
    }
  };
  walk(null);
  // Rows caught in a parent cycle (bad data) still show, at the end.
  return out.concat(rows.filter((r) => !seen.has(r.id)));
}

/** The ward's organizations as a tree, filtered by kind and (unless asked) without those that have ended. */
export async function orgTree(q: Queryable, actor: Pick<Actor, 'wardId'>, query: OrgListQuery, today: string = todayInVietnam()): Promise<OrgTreeItem[]> {
  const [rows, units] = await Promise.all([listOrgRows(q, actor.wardId), listWardUnits(q, actor)]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const shown = (r: OrgRow) => (query.ended === '1' || !orgEnded(r, today)) && (!query.kind || r.kind === query.kind);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const depthOf = (r: OrgRow): number => {
    let depth = 0;
    const seen = new Set([r.id]);
    for (let p = r.parent_id ? byId.get(r.parent_id) : undefined; p && !seen.has(p.id); p = p.parent_id ? byId.get(p.parent_id) : undefined) {
      seen.add(p.id);
      if (shown(p)) depth++;
    }
    return depth;
  };
  return treeOrder(rows)
    .filter(shown)
    .map((r) => ({ ...r, depth: depthOf(r), ended: orgEnded(r, today), unitName: unitName.get(r.unit_id) ?? null }));
}

export interface OrgPermissions {
  canEdit: boolean;
  canEnd: boolean;
  canAddChild: boolean;
  canRelate: boolean;
}

/** What the actor may do with one organization: admin/office anything; a head inside its subtree. */
export async function orgPermissions(q: Queryable, actor: Actor, org: Pick<OrgRow, 'id'>): Promise<OrgPermissions> {
  const writable = await writableOrgIds(q, actor);
  if (writable === 'all') return { canEdit: true, canEnd: true, canAddChild: true, canRelate: true };
  const inside = writable.has(org.id);
  // A head does not end the organization it heads (that is decided above it), only what is below.
  return { canEdit: inside, canEnd: inside && !actor.headOf.includes(org.id), canAddChild: inside, canRelate: false };
}

/** Whether the actor may create organizations at all (admin/office, or the head of one). */
export async function canCreateOrgs(q: Queryable, actor: Actor): Promise<boolean> {
  const writable = await writableOrgIds(q, actor);
  return writable === 'all' || writable.size > 0;
}

export interface OrgDetail {
  org: OrgRow;
  parent: OrgRow | null;
  unitName: string | null;
  children: OrgTreeItem[];
  relations: RelationRow[];
  permissions: OrgPermissions;
  today: string;
}

export async function getOrgDetail(q: Queryable, actor: Actor, id: string): Promise<OrgDetail> {
  const org = await getOrgRow(q, actor.wardId, id);
  if (!org) throw notFound();
  const today = todayInVietnam();
  const [rows, units, relations, permissions] = await Promise.all([listOrgRows(q, actor.wardId), listWardUnits(q, actor), relationRows(q, actor.wardId, id), orgPermissions(q, actor, org)]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const children = rows
    .filter((r) => r.parent_id === id)
    .sort(bySortThenName)
    .map((r) => ({ ...r, depth: 0, ended: orgEnded(r, today), unitName: unitName.get(r.unit_id) ?? null }));
  const parent = org.parent_id ? (rows.find((r) => r.id === org.parent_id) ?? null) : null;
  return { org, parent, unitName: unitName.get(org.unit_id) ?? null, children, relations, permissions, today };
}

/** Organizations the actor may place a new organization under (active ones, and for a head only its subtree). */
export async function parentOptions(q: Queryable, actor: Actor): Promise<OrgRow[]> {
  const [all, writable] = await Promise.all([listOrgs(q, actor), writableOrgIds(q, actor)]);
  const today = todayInVietnam();
  return treeOrder(all).filter((o) => !orgEnded(o, today) && (writable === 'all' || writable.has(o.id)));
}

/** Kinds the actor may choose when creating an organization. */
export function creatableKinds(actor: Pick<Actor, 'roles'>): readonly OrgKind[] {
  return isOrgAdmin(actor) ? ORG_KINDS : BRANCH_KINDS;
}

async function assertPlacement(q: Queryable, actor: Actor, input: Pick<OrgInput, 'unit_id' | 'parent_id'>): Promise<void> {
  if (!(await unitInWard(q, actor, input.unit_id))) throw new ValidationError({ unit_id: 'err.unknownUnit' });
  if (input.parent_id && !(await getOrgRow(q, actor.wardId, input.parent_id))) throw new ValidationError({ parent_id: 'err.unknownOrg' });
}

function orgFields(input: OrgInput | OrgUpdateInput) {
  return {
    kind: input.kind,
    name: input.name,
    short_name: input.short_name,
    unit_id: input.unit_id,
    parent_id: input.parent_id,
    higher_body: input.higher_body,
    sort_order: input.sort_order,
    valid_from: input.valid_from,
  };
}

/** Creates an organization: admin/office anywhere in the ward; a head only a branch, chi bộ or ban công tác under its organization. */
export async function createOrg(db: Db, actor: Actor, input: OrgInput): Promise<string> {
  return runCommand(db, actor, 'org.create', async ({ trx }) => {
    await assertPlacement(trx, actor, input);
    if (isOrgAdmin(actor)) await requireAccess(trx, actor, 'ward.office');
    else {
      if (!input.parent_id) throw new ValidationError({ parent_id: 'err.required' });
      const writable = await writableOrgIds(trx, actor);
      if (writable === 'all' || !BRANCH_KINDS.includes(input.kind)) throw forbidden();
      await requireAccess(trx, actor, 'org.write', [input.parent_id]);
    }
    return insertOrg(trx, actor, { ...orgFields(input), valid_to: input.valid_to });
  });
}

/** Edits an organization (not its end: see endOrg), with a version check; the parent may not create a cycle. */
export async function updateOrg(db: Db, actor: Actor, id: string, input: OrgUpdateInput): Promise<void> {
  await runCommand(db, actor, 'org.update', async ({ trx }) => {
    const before = await getOrgRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    await requireAccess(trx, actor, 'org.write', [id]);
    const writable = await writableOrgIds(trx, actor);
    if (writable !== 'all') {
      const heads = actor.headOf.includes(id);
      // A head keeps what it heads where it is; below it, branches move and change kind only within its subtree.
      if (input.kind !== before.kind && (heads || !BRANCH_KINDS.includes(input.kind))) throw forbidden();
      if (input.parent_id !== before.parent_id && (heads || !input.parent_id || !writable.has(input.parent_id))) throw forbidden();
    }
    await assertPlacement(trx, actor, input);
    if (input.parent_id && (await orgSubtree(trx, actor.wardId, [id])).has(input.parent_id)) throw new ValidationError({ parent_id: 'err.orgCycle' });
    if (before.valid_to && input.valid_from > before.valid_to) throw new ValidationError({ valid_from: 'err.endBeforeStart' });
    const fields = { ...orgFields(input), search_text: fold(`${input.name} ${input.short_name ?? ''}`), updated_at: nowIso() };
    await updateOrgRow(trx, actor, id, input.version, fields);
    await writeAudit(trx, actor, { action: 'org.update', entityType: 'organization', entityId: id, summary: input.name, before, after: { ...before, ...fields, version: before.version + 1 } });
  });
}

/**
 * Organizations are never deleted: they end on a date (their last day). Branches still open
 * below end on the same day, each with its own audit row.
 */
export async function endOrg(db: Db, actor: Actor, id: string, input: OrgEndInput): Promise<void> {
  await runCommand(db, actor, 'org.end', async ({ trx }) => {
    const before = await getOrgRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    requireThat((await orgPermissions(trx, actor, before)).canEnd);
    if (before.valid_to) throw new AppError(409, 'err.alreadyEnded');
    if (input.valid_to < before.valid_from) throw new ValidationError({ valid_to: 'err.endBeforeStart' });
    const below = await orgSubtree(trx, actor.wardId, [id]);
    below.delete(id);
    const open = (await listOrgRows(trx, actor.wardId)).filter((r) => below.has(r.id) && (r.valid_to === null || r.valid_to > input.valid_to));
    if (open.some((r) => r.valid_from > input.valid_to)) throw new ValidationError({ valid_to: 'err.orgChildStartsLater' });
    await endOrgRow(trx, actor, before, input.valid_to, input.version);
    for (const child of open) await endOrgRow(trx, actor, child, input.valid_to, child.version);
  });
}

/** Updates one organization of the ward if it is still at the version the writer saw (409 otherwise). */
async function updateOrgRow(q: CommandTx, actor: AuditActor, id: string, version: number, fields: Partial<Omit<OrgRow, 'id' | 'ward_id' | 'version'>> & { search_text?: string }): Promise<void> {
  const res = await q
    .updateTable('organization')
    .set((eb) => ({ ...fields, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('ward_id', '=', actor.wardId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict();
}

async function endOrgRow(q: CommandTx, actor: AuditActor, before: OrgRow, validTo: string, version: number): Promise<void> {
  await updateOrgRow(q, actor, before.id, version, { valid_to: validTo, updated_at: nowIso() });
  await writeAudit(q, actor, { action: 'org.end', entityType: 'organization', entityId: before.id, summary: before.name, before, after: { valid_to: validTo } });
}

function assertOrgAdmin(actor: Actor): void {
  if (!isOrgAdmin(actor)) throw forbidden();
}

/** Adds a relation (umbrella, guided by, coordinates) between two organizations of the ward: admin/office. */
export async function addRelation(db: Db, actor: Actor, orgId: string, input: RelationInput): Promise<string> {
  assertOrgAdmin(actor);
  return runCommand(db, actor, 'org.relate', async ({ trx }) => {
    await requireAccess(trx, actor, 'ward.office');
    if (!(await getOrgRow(trx, actor.wardId, orgId))) throw notFound();
    if (input.related_org_id === orgId) throw new ValidationError({ related_org_id: 'err.relationSelf' });
    if (!(await getOrgRow(trx, actor.wardId, input.related_org_id))) throw new ValidationError({ related_org_id: 'err.unknownOrg' });
    if (await openRelation(trx, actor.wardId, orgId, input.related_org_id, input.relation)) throw new ValidationError({ related_org_id: 'err.relationExists' });
    return insertOrgRelation(trx, actor, orgId, input.related_org_id, input.relation, input.valid_from, input.valid_to);
  });
}

/** Ends a relation on a date (its last day); returns the two organizations it linked. */
export async function endRelation(db: Db, actor: Actor, id: string, input: RelationEndInput): Promise<{ orgId: string; relatedOrgId: string }> {
  assertOrgAdmin(actor);
  return runCommand(db, actor, 'org.end_relation', async ({ trx }) => {
    await requireAccess(trx, actor, 'ward.office');
    const before = await getRelationRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    if (before.valid_to) throw new AppError(409, 'err.alreadyEnded');
    if (input.valid_to < before.valid_from) throw new ValidationError({ valid_to: 'err.endBeforeStart' });
    const res = await trx.updateTable('org_relation').set({ valid_to: input.valid_to }).where('id', '=', id).where('ward_id', '=', actor.wardId).where('valid_to', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict();
    await writeAudit(trx, actor, { action: 'org.relate_end', entityType: 'organization', entityId: before.org_id, before, after: { valid_to: input.valid_to } });
    return { orgId: before.org_id, relatedOrgId: before.related_org_id };
  });
}
export { postName, printedPost, orgOfPost, type PostOrg, type PostWithOrg } from './post-name.ts';
