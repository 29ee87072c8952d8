// Units for a province (issue 13, docs/DESIGN.md D35): an administrator granted at a province or
// city (or a district) adds its wards and communes and their residential groups, renames units
// from a date and moves them under another parent from a date.
//
// The one deliberate exception to D26 ("a grant above the ward only reads"): an `admin` grant at
// a unit above the ward writes UNITS below that unit — never the wards' records (people,
// organizations, tasks…), which still need a grant at the ward. It is checked here, from the
// account's own grants, not through the ward roles of the request.
// Legal frame: two-level local government from 01/07/2025 (Luật Tổ chức chính quyền địa phương
// 2025; Nghị quyết 76/NQ-UBTVQH15 on arranging administrative units; Nghị quyết 202/2025/QH15 on
// the provinces), under which districts end and wards sit directly under the province.
import { sql } from 'kysely';
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import { runCommand, markSystem, type AuditActor, type CommandTx } from '../../platform/command.ts';
import { requireThat } from '../../platform/access.ts';
import { writeAudit } from '../../platform/audit.ts';
import { bumpUnitTreeVersion } from '../../platform/auth/identity.ts';
import { AppError, conflict, forbidden, notFound, ValidationError } from '../../platform/errors.ts';
import { compareVi, dayBefore, todayInVietnam } from '../../lib/vi/index.ts';
import { UNIT_COLUMNS, childrenLiveAfter, openParentLink } from './repo.ts';
import { assertCodeFree, nameHistory, renameFrom, withNamesOn, type NamePeriod, type RenameInput } from './names.ts';
import { PROVINCE_ADD_KINDS } from './schema.ts';
import { insertUnit, parentFits, WARD_KINDS, type UnitKind, type UnitNode, type UnitRow } from './service.ts';

export { PROVINCE_KINDS, DISTRICT_KINDS } from './service.ts';


/** Who acts on the province pages and commands: a signed-in account, or the system (userId null: the command line). */
export type UnitsActor = AuditActor;

const liveOn = (u: Pick<UnitRow, 'valid_from' | 'valid_to'>, day: string) => u.valid_from <= day && (u.valid_to === null || u.valid_to >= day);

/**
 * The units above wards where the account holds `admin` (its province scopes), in Vietnamese
 * order; empty for everyone else (a ward admin, a province editor or standing).
 */
export async function provinceAdminRoots(q: Queryable, userId: string): Promise<UnitRow[]> {
  const rows = await q
    .selectFrom('role_grant as g')
    .innerJoin('unit as u', 'u.id', 'g.unit_id')
    .select(UNIT_COLUMNS.map((c) => `u.${c}` as const))
    .where('g.user_id', '=', userId)
    .where('g.role', '=', 'admin')
    .where('u.ward_id', 'is', null)
    .execute();
  return rows.sort((a, b) => compareVi(a.name, b.name));
}

/** Every unit without a parent (provinces, cities): the system's roots. */
function topUnits(q: Queryable): Promise<UnitRow[]> {
  // ward-scope: units above wards have no ward; the system (command line) sees every province
  return q.selectFrom('unit').select(UNIT_COLUMNS).where('ward_id', 'is', null).where((e) => e.not(e.exists(e.selectFrom('unit_parent as p').select('p.id').whereRef('p.unit_id', '=', 'unit.id')))).execute();
}

/** The roots the actor administers: its province scopes, or every top unit for the system. 403 when none. */
async function rootsOf(q: Queryable, actor: UnitsActor): Promise<UnitRow[]> {
  const roots = actor.userId === null ? await topUnits(q) : await provinceAdminRoots(q, actor.userId);
  if (roots.length === 0) throw forbidden();
  return roots.sort((a, b) => compareVi(a.name, b.name));
}

/** Ids at or below `roots` following links valid on `onDate` (units' own dates aside). */
async function idsBelow(q: Queryable, roots: readonly string[], onDate: string): Promise<Set<string>> {
  if (roots.length === 0) return new Set();
  const rows = await sql<{ id: string }>`
    with recursive down(id) as (
      select id from unit where id in (${sql.join(roots)})
      union
      select p.unit_id from unit_parent p join down on p.parent_id = down.id
      where p.valid_from <= ${onDate} and (p.valid_to is null or p.valid_to >= ${onDate})
    ) select id from down`.execute(q);
  return new Set(rows.rows.map((r) => r.id));
}

/** Whether `unitId` is in the actor's province scope on one of `days`. */
async function inScope(q: Queryable, roots: UnitRow[], unitId: string, days: string[]): Promise<boolean> {
  for (const d of days) if ((await idsBelow(q, roots.map((r) => r.id), d)).has(unitId)) return true;
  return false;
}

function unitById(q: Queryable, id: string): Promise<UnitRow | undefined> {
  // ward-scope: any unit by id; callers check it is in the actor's province scope before showing or changing it
  return q.selectFrom('unit').select(UNIT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** A unit of the actor's province scope (today, or on one of `days`), else 404. */
async function scopedUnit(q: Queryable, roots: UnitRow[], id: string, days: string[] = []): Promise<UnitRow> {
  const unit = await unitById(q, id);
  if (!unit || !(await inScope(q, roots, id, [todayInVietnam(), ...days]))) throw notFound();
  return unit;
}

export interface ProvinceTree {
  /** Every root the actor administers (for a chooser), and the one shown. */
  roots: UnitRow[];
  root: UnitRow;
  on: string;
  /** Depth-first, each unit after its parent, named as on `on`. */
  nodes: UnitNode[];
}

/**
 * The units under one of the actor's provinces as they stood on `onDate` (YYYY-MM-DD): the root,
 * its districts, wards and residential groups live that day, each with the name it had then.
 * `rootId` picks among several roots (default: the first). 403 for an actor without an admin
 * grant above the ward; 404 for a root that is not one of its own.
 */
export async function provinceTreeOn(q: Queryable, actor: UnitsActor, onDate: string, rootId?: string | null): Promise<ProvinceTree> {
  const roots = await rootsOf(q, actor);
  const root = rootId ? roots.find((r) => r.id === rootId) : roots[0];
  if (!root) throw notFound();
  const ids = [...(await idsBelow(q, [root.id], onDate))];
  const units: UnitRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    // ward-scope: the units below the actor's province, found by walking its tree above
    units.push(...(await q.selectFrom('unit').select(UNIT_COLUMNS).where('id', 'in', ids.slice(i, i + 500)).execute()));
  }
  const live = await withNamesOn(q, units.filter((u) => liveOn(u, onDate)), onDate);
  const links = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await q
      .selectFrom('unit_parent')
      .select(['unit_id', 'parent_id'])
      .where('unit_id', 'in', ids.slice(i, i + 500))
      .where('valid_from', '<=', onDate)
      .where((e) => e.or([e('valid_to', 'is', null), e('valid_to', '>=', onDate)]))
      .execute();
    for (const r of rows) links.set(r.unit_id, r.parent_id);
  }
  const liveIds = new Set(live.map((u) => u.id));
  const byParent = new Map<string | null, UnitRow[]>();
  for (const u of live) {
    const p = u.id === root.id ? null : (links.get(u.id) ?? null);
    if (p !== null && !liveIds.has(p)) continue; // under a unit that has ended: not shown on this day
    byParent.set(p, [...(byParent.get(p) ?? []), u]);
  }
  const nodes: UnitNode[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const u of (byParent.get(parent) ?? []).sort((a, b) => b.is_ward - a.is_ward || compareVi(a.name, b.name))) {
      nodes.push({ ...u, parentId: parent, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return { roots, root, on: onDate, nodes };
}

export interface ProvinceUnitInput {
  kind: (typeof PROVINCE_ADD_KINDS)[number];
  name: string;
  code: string | null;
  parent_id: string;
  valid_from: string;
}

/** Access first: the actor's roots (403 without any), marked as the command's check. */
async function checkedRoots(trx: CommandTx, actor: UnitsActor): Promise<UnitRow[]> {
  if (actor.userId === null) {
    markSystem(actor);
    return rootsOf(trx, actor);
  }
  const roots = await provinceAdminRoots(trx, actor.userId);
  requireThat(roots.length > 0);
  return roots;
}

/**
 * Command `unit.create` for a province administrator (or the command line): adds a ward, commune,
 * township or special zone under the province or one of its districts, or a residential group or
 * village under a ward of the province. A ward needs its official code. Refused: no admin grant
 * above the ward (403); a parent outside the actor's provinces (403); an unknown parent (parent_id:
 * err.unknownUnit), one not valid on `valid_from` (err.unitParentNotLive), of a level that cannot
 * hold this kind (err.unitParentKind); a missing code for a ward (code: err.unitCodeRequired); a
 * code held by another unit (code: err.unitCodeTaken). Nothing is written on refusal. Returns the id.
 */
export async function createProvinceUnit(db: Db, actor: UnitsActor, input: ProvinceUnitInput): Promise<string> {
  return runCommand(db, actor, 'unit.create', async ({ trx }) => {
    const roots = await checkedRoots(trx, actor);
    const parent = await unitById(trx, input.parent_id);
    if (!parent) throw new ValidationError({ parent_id: 'err.unknownUnit' });
    if (!(await inScope(trx, roots, parent.id, [input.valid_from, todayInVietnam()]))) throw forbidden();
    if (!liveOn(parent, input.valid_from)) throw new ValidationError({ parent_id: 'err.unitParentNotLive' });
    if (!parentFits(input.kind, parent)) throw new ValidationError({ parent_id: 'err.unitParentKind' });
    const isWard = WARD_KINDS.has(input.kind);
    if (isWard && !input.code) throw new ValidationError({ code: 'err.unitCodeRequired' });
    await assertCodeFree(trx, { ward_id: isWard ? null : parent.ward_id, is_ward: isWard ? 1 : 0 }, input.code);
    return insertUnit(trx, actor, { kind: input.kind as UnitKind, name: input.name, code: input.code, valid_from: input.valid_from, valid_to: null, parent_id: parent.id, ward_id: isWard ? null : parent.ward_id });
  });
}

/** Kinds of a unit at the top of the tree: a province or a centrally-run city (Nghị quyết 202/2025/QH15: 34 of them). */
export const TOP_KINDS = ['tinh', 'thanh_pho'] as const;

/**
 * Command `unit.create` for a province or centrally-run city (no parent). Only the system (the command
 * line, `roviec unit add --kind tinh|thanh_pho` without --parent) adds one: no account holds a grant
 * above a province. Refused: an account (403), a missing or taken code (400 on `code`).
 */
export async function createTopUnit(db: Db, actor: UnitsActor, input: { kind: (typeof TOP_KINDS)[number]; name: string; code: string | null; valid_from: string }): Promise<string> {
  return runCommand(db, actor, 'unit.create', async ({ trx }) => {
    if (actor.userId !== null) throw forbidden();
    markSystem(actor);
    if (!input.code) throw new ValidationError({ code: 'err.unitCodeRequired' });
    await assertCodeFree(trx, { ward_id: null, is_ward: 0 }, input.code);
    return insertUnit(trx, actor, { kind: input.kind, name: input.name, code: input.code, valid_from: input.valid_from, valid_to: null, parent_id: null, ward_id: null });
  });
}

export interface ProvinceUnitDetail {
  unit: UnitRow;
  parent: { id: string; name: string; valid_from: string } | null;
  history: NamePeriod[];
  /** Where it may move (live today, in the actor's provinces, of a level that can hold it, not below it). */
  moveTargets: UnitRow[];
  /** The admin's provinces. */
  roots: UnitRow[];
}

/** A unit of the actor's provinces for its page: the unit, its parent now, its names by date, where it may move. 403/404. */
export async function getProvinceUnit(q: Queryable, actor: UnitsActor, id: string): Promise<ProvinceUnitDetail> {
  const roots = await rootsOf(q, actor);
  const unit = await scopedUnit(q, roots, id);
  const today = todayInVietnam();
  const link = await openParentLink(q, id);
  const parentRow = link ? await unitById(q, link.parent_id) : undefined;
  const inTree = [...(await idsBelow(q, roots.map((r) => r.id), today))];
  const below = await idsBelow(q, [id], today);
  const candidates: UnitRow[] = [];
  for (let i = 0; i < inTree.length; i += 500) {
    // ward-scope: units below the actor's provinces, found by walking its tree above
    candidates.push(...(await q.selectFrom('unit').select(UNIT_COLUMNS).where('id', 'in', inTree.slice(i, i + 500)).execute()));
  }
  const moveTargets = candidates
    .filter((u) => liveOn(u, today) && !below.has(u.id) && u.id !== link?.parent_id && parentFits(unit.kind, u) && (unit.ward_id === null || unit.is_ward === 1 || u.ward_id === unit.ward_id))
    .sort((a, b) => compareVi(a.name, b.name));
  return { unit, parent: parentRow && link ? { id: parentRow.id, name: parentRow.name, valid_from: link.valid_from } : null, history: await nameHistory(q, id), moveTargets, roots };
}

/**
 * Command `unit.rename` for a province administrator (or the command line): a unit of its
 * provinces takes a new name (and code) from `from`; the old one stays in history by date.
 * Errors: 403 without an admin grant above the ward, 404 for a unit outside its provinces, and
 * those of `renameFrom` (names.ts).
 */
export async function renameProvinceUnit(db: Db, actor: UnitsActor, id: string, input: RenameInput): Promise<void> {
  await runCommand(db, actor, 'unit.rename', async ({ trx }) => {
    const roots = await checkedRoots(trx, actor);
    const unit = await scopedUnit(trx, roots, id, [input.from, dayBefore(input.from)]);
    await renameFrom(trx, actor, unit, input);
  });
}

export interface ProvinceMoveInput {
  parent_id: string;
  from: string;
  version?: number | null;
}

/**
 * Command `unit.move` for a province administrator (or the command line): a ward (or district, or
 * residential group within its ward) goes under another parent from `from`; its current link ends
 * the day before (e.g. a district abolished on 01/07/2025: its wards go directly under the
 * province). Refused: 403 without an admin grant above the ward, or for a new parent outside the
 * actor's provinces (another province without a grant there); 404 for a unit outside them; 400 for
 * a unit not valid on `from` (from: err.unitNotLiveOn), a date not after its current link's start
 * (err.moveBeforeLink), the same parent (parent_id: err.unitSameParent), a parent not valid on
 * `from` (err.unitParentNotLive), below the unit itself (err.unitCycle), of a level that cannot hold
 * it or in another ward for a residential group (err.unitParentKind). 409 for a stale version.
 */
export async function moveProvinceUnit(db: Db, actor: UnitsActor, id: string, input: ProvinceMoveInput): Promise<void> {
  await runCommand(db, actor, 'unit.move', async ({ trx }) => {
    const roots = await checkedRoots(trx, actor);
    const unit = await scopedUnit(trx, roots, id, [input.from, dayBefore(input.from)]);
    const parent = await unitById(trx, input.parent_id);
    if (!parent) throw new ValidationError({ parent_id: 'err.unknownUnit' });
    if (!(await inScope(trx, roots, parent.id, [input.from, todayInVietnam()]))) throw forbidden();
    if (!liveOn(unit, input.from)) throw new ValidationError({ from: 'err.unitNotLiveOn' });
    const link = await openParentLink(trx, id);
    if (link?.parent_id === parent.id) throw new ValidationError({ parent_id: 'err.unitSameParent' });
    if (link && input.from <= link.valid_from) throw new ValidationError({ from: 'err.moveBeforeLink' });
    const below = new Set([...(await idsBelow(trx, [id], input.from)), ...(await idsBelow(trx, [id], todayInVietnam()))]);
    if (below.has(parent.id)) throw new ValidationError({ parent_id: 'err.unitCycle' });
    if (!liveOn(parent, input.from)) throw new ValidationError({ parent_id: 'err.unitParentNotLive' });
    const sameWard = unit.ward_id === null || unit.is_ward === 1 || parent.ward_id === unit.ward_id;
    if (!parentFits(unit.kind, parent) || !sameWard) throw new ValidationError({ parent_id: 'err.unitParentKind' });
    let update = trx
      .updateTable('unit')
      .set((eb) => ({ updated_at: nowIso(), version: eb('version', '+', 1) }))
      // ward-scope: the unit was found in the actor's province scope above
      .where('id', '=', id);
    if (input.version != null) update = update.where('version', '=', input.version);
    if (Number((await update.executeTakeFirst()).numUpdatedRows) !== 1) throw conflict();
    await trx.updateTable('unit_parent').set({ valid_to: dayBefore(input.from) }).where('unit_id', '=', id).where('valid_to', 'is', null).execute();
    await trx.insertInto('unit_parent').values({ id: newId(), unit_id: id, parent_id: parent.id, valid_from: input.from, valid_to: null }).execute();
    await bumpUnitTreeVersion(trx);
    await writeAudit(trx, actor, {
      action: 'unit.reparent',
      entityType: 'unit',
      entityId: id,
      summary: `${unit.name} → ${parent.name}`,
      before: link ? { parent_id: link.parent_id, valid_from: link.valid_from } : null,
      after: { parent_id: parent.id, valid_from: input.from },
      wardId: unit.ward_id,
    });
  });
}

/**
 * Command `unit.end` for a unit above the wards (a district abolished on 01/07/2025 by the
 * two-level local government, Luật Tổ chức chính quyền địa phương 2025): valid until `valid_to`
 * ('YYYY-MM-DD', its last day), so trees after that day no longer list it. A ward or commune ends
 * only by a merge (mergeWard). Refused: outside the actor's provinces (404), a ward (400 on
 * valid_to), already ended (409), before its start (400), units still linked below it and valid
 * after that day (400: move them first), a stale `version` (409).
 */
export async function endProvinceUnit(db: Db, actor: UnitsActor, id: string, input: { valid_to: string; version?: number | null }): Promise<void> {
  await runCommand(db, actor, 'unit.end', async ({ trx }) => {
    const roots = await checkedRoots(trx, actor);
    const unit = await scopedUnit(trx, roots, id, [input.valid_to]);
    if (unit.is_ward === 1 || unit.ward_id !== null) throw new ValidationError({ valid_to: 'unit.err.wardEndsByMerge' });
    if (unit.valid_to) throw new AppError(409, 'err.alreadyEnded');
    if (input.valid_to < unit.valid_from) throw new ValidationError({ valid_to: 'err.endBeforeStart' });
    if ((await childrenLiveAfter(trx, id, input.valid_to)).length > 0) throw new ValidationError({ valid_to: 'err.unitHasChildren' });
    let update = trx
      .updateTable('unit')
      .set((eb) => ({ valid_to: input.valid_to, updated_at: nowIso(), version: eb('version', '+', 1) }))
      // ward-scope: a unit above the wards, found in the actor's province scope above
      .where('id', '=', id);
    if (input.version != null) update = update.where('version', '=', input.version);
    if (Number((await update.executeTakeFirst()).numUpdatedRows) !== 1) throw conflict();
    await bumpUnitTreeVersion(trx);
    await writeAudit(trx, actor, { action: 'unit.end', entityType: 'unit', entityId: id, summary: unit.name, before: unit, after: { valid_to: input.valid_to }, wardId: null });
  });
}

/**
 * A province, district or ward by its official code (the command line names units so), or
 * undefined. Residential groups' codes are only unique within their ward and are not found here.
 */
export function officialUnitByCode(q: Queryable, code: string): Promise<UnitRow | undefined> {
  return q
    .selectFrom('unit')
    .select(UNIT_COLUMNS)
    .where('code', '=', code.trim())
    .where((e) => e.or([e('ward_id', 'is', null), e('is_ward', '=', 1)]))
    .executeTakeFirst();
}
