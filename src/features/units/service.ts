import { sql } from 'kysely';
import { closureBelow } from '../../lib/tree.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { runCommand, type CommandTx } from '../../platform/command.ts';
import { requireAccess } from '../../platform/access.ts';
import { bumpUnitTreeVersion } from '../../platform/auth/identity.ts';
import { AppError, conflict, forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import { fold, compareVi, todayInVietnam, dayBefore as dayBeforeDay } from '../../lib/vi/index.ts';
import { childrenLiveAfter, currentParentRow, getWardUnitRow, openLinksInWard, openParentLink, UNIT_COLUMNS } from './repo.ts';
import { wardsMergedInto } from './merge.ts';
import type { UnitCreateInput, UnitEndInput, UnitMoveInput, UnitRenameInput, UnitUpdateInput } from './schema.ts';
import { assertCodeFree, correctLatestName, keptCode, renameFrom, withNamesOn } from './names.ts';

// Administrative units are a tree with effective dates: both the 2017 shape (city > district >
// ward > residential group) and the 2025 shape (province > ward > residential group) are rows.
export const UNIT_KINDS = ['tinh', 'thanh_pho', 'quan', 'huyen', 'thi_xa', 'phuong', 'xa', 'thi_tran', 'dac_khu', 'to_dan_pho', 'thon'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
/** Kinds that are tenants: every record of the deployment belongs to one of these. */
export const WARD_KINDS: ReadonlySet<string> = new Set(['phuong', 'xa', 'thi_tran', 'dac_khu']);
/** Kinds above the ward: provinces and cities (tinh, thanh_pho), districts (quan, huyen, thi_xa). */
export const PROVINCE_KINDS: ReadonlySet<string> = new Set(['tinh', 'thanh_pho']);
export const DISTRICT_KINDS: ReadonlySet<string> = new Set(['quan', 'huyen', 'thi_xa']);

/**
 * The one rule of which kinds sit under which, for every add and move (ward pages, province pages,
 * command line): province > district > ward > residential group, and province > ward (two-level
 * local government from 01/07/2025, Luật Tổ chức chính quyền địa phương 2025). A province has no
 * parent; a district sits under a province or city; a ward under a province, city or district; a
 * residential group or village (tổ dân phố, thôn) directly under a ward, never under another group.
 * Callers refuse a misfit with ValidationError { parent_id: 'err.unitParentKind' }.
 */
export function parentFits(kind: string, parent: Pick<UnitRow, 'kind' | 'ward_id' | 'is_ward'>): boolean {
  if (WARD_KINDS.has(kind)) return parent.ward_id === null && (PROVINCE_KINDS.has(parent.kind) || DISTRICT_KINDS.has(parent.kind));
  if (DISTRICT_KINDS.has(kind)) return parent.ward_id === null && PROVINCE_KINDS.has(parent.kind);
  if (PROVINCE_KINDS.has(kind)) return false;
  return parent.is_ward === 1; // a residential group or village: directly under a ward
}

export interface UnitRow {
  id: string;
  ward_id: string | null;
  is_ward: number;
  kind: string;
  name: string;
  code: string | null;
  valid_from: string;
  valid_to: string | null;
  version: number;
}

const COLS = UNIT_COLUMNS;

/** The ward itself and the units inside it (residential groups), in Vietnamese order. */
export async function listWardUnits(q: Queryable, actor: Pick<Actor, 'wardId'>): Promise<UnitRow[]> {
  const rows = await q.selectFrom('unit').select(COLS).where('ward_id', '=', actor.wardId).execute();
  return rows.sort((a, b) => b.is_ward - a.is_ward || compareVi(a.name, b.name));
}

export interface UnitNode extends UnitRow {
  parentId: string | null;
  depth: number;
}

/** The tree that contains the ward, as it stood on a date: ancestors, the ward, its units, each with the name it had that day (D35). */
export async function unitTreeOn(q: Queryable, wardId: string, onDate: string = todayInVietnam()): Promise<UnitNode[]> {
  // Wards merged into this one (D36) show under their own names on the dates they still existed.
  const wards = [wardId, ...(await wardsMergedInto(q, wardId))];
  const ancestors = await sql<{ id: string }>`
    with recursive up(id) as (
      select id from unit where id in (${sql.join(wards)})
      union
      select p.parent_id from unit_parent p join up on p.unit_id = up.id
      where p.valid_from <= ${onDate} and (p.valid_to is null or p.valid_to >= ${onDate})
    ) select id from up`.execute(q);
  const ids = new Set(ancestors.rows.map((r) => r.id));
  const inWard = await q.selectFrom('unit').select('id').where('ward_id', '=', wardId).execute();
  for (const r of inWard) ids.add(r.id);
  // ward-scope: the ward's units and the ancestors above it (higher units belong to no ward).
  const units = await q.selectFrom('unit').select(COLS).where('id', 'in', [...ids]).execute();
  const links = await q
    .selectFrom('unit_parent')
    .select(['unit_id', 'parent_id'])
    .where('unit_id', 'in', [...ids])
    .where('valid_from', '<=', onDate)
    .where((e) => e.or([e('valid_to', 'is', null), e('valid_to', '>=', onDate)]))
    .execute();
  const parentOf = new Map(links.map((l) => [l.unit_id, l.parent_id]));
  const live = await withNamesOn(q, units.filter((u) => u.valid_from <= onDate && (u.valid_to === null || u.valid_to >= onDate)), onDate);
  const byParent = new Map<string | null, UnitRow[]>();
  for (const u of live) {
    const p = parentOf.get(u.id) ?? null;
    const key = p && live.some((x) => x.id === p) ? p : null;
    byParent.set(key, [...(byParent.get(key) ?? []), u]);
  }
  const out: UnitNode[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const u of (byParent.get(parent) ?? []).sort((a, b) => compareVi(a.name, b.name))) {
      out.push({ ...u, parentId: parent, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export interface NewUnit {
  kind: UnitKind;
  name: string;
  code: string | null;
  valid_from: string;
  valid_to: string | null;
  parent_id: string | null;
  /** For units inside a ward (residential groups): the ward they belong to. */
  ward_id: string | null;
}

/** Adds a unit; a ward-kind unit becomes its own tenant. */
export async function insertUnit(q: CommandTx, actor: Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>, input: NewUnit): Promise<string> {
  const id = newId();
  const now = nowIso();
  const isWard = WARD_KINDS.has(input.kind);
  const row = {
    id,
    ward_id: isWard ? id : input.ward_id,
    is_ward: isWard ? 1 : 0,
    kind: input.kind,
    name: input.name,
    code: input.code,
    valid_from: input.valid_from,
    valid_to: input.valid_to,
    search_text: fold(input.name),
    created_at: now,
    updated_at: now,
  };
  await q.insertInto('unit').values(row).execute();
  if (input.parent_id) {
    await q.insertInto('unit_parent').values({ id: newId(), unit_id: id, parent_id: input.parent_id, valid_from: input.valid_from, valid_to: null }).execute();
  }
  await bumpUnitTreeVersion(q);
  await writeAudit(q, actor, { action: 'unit.create', entityType: 'unit', entityId: id, summary: input.name, after: row, wardId: row.ward_id });
  return id;
}

/** Moves a unit under a new parent from a date (the old link ends the day before). */
export async function reparentUnit(q: CommandTx, actor: Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>, unitId: string, parentId: string, from: string): Promise<void> {
  const dayBefore = dayBeforeDay(from);
  await q.updateTable('unit_parent').set({ valid_to: dayBefore }).where('unit_id', '=', unitId).where('valid_to', 'is', null).execute();
  await q.insertInto('unit_parent').values({ id: newId(), unit_id: unitId, parent_id: parentId, valid_from: from, valid_to: null }).execute();
  await bumpUnitTreeVersion(q);
  await writeAudit(q, actor, { action: 'unit.reparent', entityType: 'unit', entityId: unitId, after: { parent_id: parentId, valid_from: from } });
}

/** Command `unit.create` for any unit (above wards too): ward.admin. */
export function createUnit(db: Db, actor: Actor, input: NewUnit): Promise<string> {
  return runCommand(db, actor, 'unit.create', async ({ trx }) => {
    await requireAccess(trx, actor, 'ward.admin');
    return insertUnit(trx, actor, input);
  });
}

/** A unit of the actor's ward (the ward itself or a unit inside it), or undefined. */
export function getWardUnit(q: Queryable, actor: Pick<Actor, 'wardId'>, id: string): Promise<UnitRow | undefined> {
  return getWardUnitRow(q, actor.wardId, id);
}

export interface UnitParent {
  id: string;
  name: string;
  valid_from: string;
}

/** A unit of the ward for its edit page: the unit, where it sits now, and where it may move to. */
export async function getUnitForEdit(q: Queryable, actor: Actor, id: string): Promise<{ unit: UnitRow; parent: UnitParent | null; moveTargets: UnitRow[] }> {
  assertAdmin(actor);
  const unit = await getWardUnitRow(q, actor.wardId, id);
  if (!unit) throw notFound();
  const today = todayInVietnam();
  const [parent, units, below] = await Promise.all([currentParentRow(q, id), listWardUnits(q, actor), unitDescendants(q, actor.wardId, id)]);
  const moveTargets = units.filter((u) => !below.has(u.id) && u.id !== parent?.id && liveOn(u, today) && parentFits(unit.kind, u));
  return { unit, parent: parent ?? null, moveTargets };
}

/** Whether a unit belongs to the actor's ward (used by features that place records in a unit). */
export async function unitInWard(q: Queryable, actor: Pick<Actor, 'wardId'>, unitId: string): Promise<boolean> {
  return (await getWardUnitRow(q, actor.wardId, unitId)) !== undefined;
}

/** Whether the actor may change units of its ward: only administrators do. */
export function canEditUnits(actor: Pick<Actor, 'roles'>): boolean {
  return actor.roles.has('admin');
}

function assertAdmin(actor: Actor): void {
  if (!canEditUnits(actor)) throw forbidden();
}

const liveOn = (u: Pick<UnitRow, 'valid_from' | 'valid_to'>, day: string) => u.valid_from <= day && (u.valid_to === null || u.valid_to >= day);

/** The parent must be a unit of this ward, valid on the day. */
async function wardParent(q: Queryable, actor: Actor, parentId: string, day: string): Promise<UnitRow> {
  const parent = await getWardUnitRow(q, actor.wardId, parentId);
  if (!parent) throw new ValidationError({ parent_id: 'err.unknownUnit' });
  if (!liveOn(parent, day)) throw new ValidationError({ parent_id: 'err.unitParentNotLive' });
  return parent;
}

/** Adds a residential group (or village) directly under the actor's ward (`parentFits`: never under another group, err.unitParentKind). */
export async function createWardUnit(db: Db, actor: Actor, input: UnitCreateInput): Promise<string> {
  assertAdmin(actor);
  return runCommand(db, actor, 'unit.create', async ({ trx }) => {
    await requireAccess(trx, actor, 'ward.admin');
    const parent = await wardParent(trx, actor, input.parent_id ?? actor.wardId, input.valid_from);
    if (!parentFits(input.kind, parent)) throw new ValidationError({ parent_id: 'err.unitParentKind' });
    return insertUnit(trx, actor, { kind: input.kind, name: input.name, code: input.code, valid_from: input.valid_from, valid_to: input.valid_to, parent_id: parent.id, ward_id: actor.wardId });
  });
}

/** Corrects the name or code of a unit of the ward (the ward itself included), without a date: the latest name in its history says the same. An empty code keeps the current one; a code held by another unit is refused (code: err.unitCodeTaken). */
export async function updateUnit(db: Db, actor: Actor, id: string, input: UnitUpdateInput): Promise<void> {
  assertAdmin(actor);
  await runCommand(db, actor, 'unit.update', async ({ trx }) => {
    await requireAccess(trx, actor, 'ward.admin');
    const before = await getWardUnitRow(trx, actor.wardId, id);
    if (!before) throw notFound();
    const code = keptCode(input.code, before.code); // an empty code keeps the current one
    await assertCodeFree(trx, before, code);
    await bumpVersion(trx, actor, id, input.version, { name: input.name, code, search_text: fold(input.name) });
    await correctLatestName(trx, id, input.name, code);
    await writeAudit(trx, actor, { action: 'unit.update', entityType: 'unit', entityId: id, summary: input.name, before, after: { ...before, name: input.name, code, version: before.version + 1 } });
  });
}

/**
 * Renames a unit of the ward (the ward itself included) from a date: the old name stays in its
 * history for earlier dates (D35). Errors: 403 for a non-admin, 404 outside the ward, and those of
 * `renameFrom` (names.ts).
 */
export async function renameWardUnit(db: Db, actor: Actor, id: string, input: UnitRenameInput): Promise<void> {
  assertAdmin(actor);
  await runCommand(db, actor, 'unit.rename', async ({ trx }) => {
    await requireAccess(trx, actor, 'ward.admin');
    const unit = await getWardUnitRow(trx, actor.wardId, id);
    if (!unit) throw notFound();
    await renameFrom(trx, actor, unit, input);
  });
}

/** A unit inside the ward (not the ward itself), for the changes only those allow. */
async function innerUnit(q: Queryable, actor: Actor, id: string): Promise<UnitRow> {
  const unit = await getWardUnitRow(q, actor.wardId, id);
  if (!unit) throw notFound();
  if (unit.is_ward) throw forbidden(); // a ward's own end or move is decided above it
  return unit;
}

/** Changes a unit of the ward (and bumps its version), or 409 when someone changed it meanwhile. */
async function bumpVersion(q: CommandTx, actor: Actor, id: string, version: number, extra: { valid_to?: string; name?: string; code?: string | null; search_text?: string } = {}): Promise<void> {
  const res = await q
    .updateTable('unit')
    .set((eb) => ({ ...extra, updated_at: nowIso(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('ward_id', '=', actor.wardId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict();
  await bumpUnitTreeVersion(q);
}

/** Units are never deleted: a unit stops being valid after a date. */
export async function endUnit(db: Db, actor: Actor, id: string, input: UnitEndInput): Promise<void> {
  assertAdmin(actor);
  await runCommand(db, actor, 'unit.end', async ({ trx }) => {
    await requireAccess(trx, actor, 'ward.admin');
    const before = await innerUnit(trx, actor, id);
    if (before.valid_to) throw new AppError(409, 'err.alreadyEnded');
    if (input.valid_to < before.valid_from) throw new ValidationError({ valid_to: 'err.endBeforeStart' });
    if ((await childrenLiveAfter(trx, id, input.valid_to)).length > 0) throw new ValidationError({ valid_to: 'err.unitHasChildren' });
    await bumpVersion(trx, actor, id, input.version, { valid_to: input.valid_to });
    await writeAudit(trx, actor, { action: 'unit.end', entityType: 'unit', entityId: id, summary: before.name, before, after: { valid_to: input.valid_to } });
  });
}

/** Moves a unit of the ward under another unit of the ward from a date; the old link ends the day before. A parent of a kind that cannot hold it (`parentFits`) is refused (parent_id: err.unitParentKind). */
export async function moveUnit(db: Db, actor: Actor, id: string, input: UnitMoveInput): Promise<void> {
  assertAdmin(actor);
  await runCommand(db, actor, 'unit.move', async ({ trx }) => {
    await requireAccess(trx, actor, 'ward.admin');
    const unit = await innerUnit(trx, actor, id);
    if (!liveOn(unit, input.from)) throw new ValidationError({ from: 'err.unitNotLiveOn' });
    const parent = await wardParent(trx, actor, input.parent_id, input.from);
    if (!parentFits(unit.kind, parent)) throw new ValidationError({ parent_id: 'err.unitParentKind' });
    const link = await openParentLink(trx, id);
    if (link?.parent_id === input.parent_id) throw new ValidationError({ parent_id: 'err.unitSameParent' });
    if (link && input.from <= link.valid_from) throw new ValidationError({ from: 'err.moveBeforeLink' });
    if ((await unitDescendants(trx, actor.wardId, id)).has(input.parent_id)) throw new ValidationError({ parent_id: 'err.unitCycle' });
    await bumpVersion(trx, actor, id, input.version);
    await reparentUnit(trx, actor, id, input.parent_id, input.from);
  });
}

/** The unit and every unit below it on today's links. */
async function unitDescendants(q: Queryable, wardId: string, id: string): Promise<Set<string>> {
  const links = await openLinksInWard(q, wardId);
  return closureBelow(
    links.map((l) => ({ id: l.unit_id, parent: l.parent_id })),
    [id],
  );
}

/** The given roots and every node below them (see lib/tree.ts; kept here for existing importers). */
export { closureBelow };
export { DEMO_REMOVED_KEY, demoWasRemoved } from './remove.ts';
export { higherBodyOn } from './superior.ts';
