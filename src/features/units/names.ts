// Names of units by date (docs/DESIGN.md D35): a unit renamed from a date keeps its earlier name
// for every earlier date. `unit.name`/`unit.code` hold the latest name; `unit_name` holds every
// period (the first one included) once a unit has been renamed from a date.
// Renames of the 2025 reform: Nghị quyết 202/2025/QH15 (provinces) and the resolutions of the
// Ủy ban Thường vụ Quốc hội arranging ward-level units (e.g. Nghị quyết 76/NQ-UBTVQH15 on the
// arrangement of administrative units), effective 01/07/2025.
import type { Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { AuditActor, CommandTx } from '../../platform/command.ts';
import { writeAudit } from '../../platform/audit.ts';
import { bumpUnitTreeVersion } from '../../platform/auth/identity.ts';
import { conflict, ValidationError } from '../../platform/errors.ts';
import { dayBefore, fold } from '../../lib/vi/index.ts';
import { UNIT_COLUMNS } from './repo.ts';

/** A unit as the name-history functions see it. */
export interface NamedUnit {
  id: string;
  ward_id: string | null;
  is_ward: number;
  name: string;
  code: string | null;
  valid_from: string;
  valid_to: string | null;
  version: number;
}

/** One period of a unit's name: [valid_from, valid_to] inclusive, valid_to null = still. */
export interface NamePeriod {
  name: string;
  code: string | null;
  valid_from: string;
  valid_to: string | null;
}

/** The name periods of a unit, oldest first; empty when it was never renamed from a date. */
export function nameHistory(q: Queryable, unitId: string): Promise<NamePeriod[]> {
  return q.selectFrom('unit_name').select(['name', 'code', 'valid_from', 'valid_to']).where('unit_id', '=', unitId).orderBy('valid_from').execute();
}

/** The name and code each of these units had on `onDate` (YYYY-MM-DD), for units renamed from a date. */
export async function namesOn(q: Queryable, unitIds: readonly string[], onDate: string): Promise<Map<string, { name: string; code: string | null }>> {
  const out = new Map<string, { name: string; code: string | null }>();
  for (let i = 0; i < unitIds.length; i += 500) {
    const rows = await q
      .selectFrom('unit_name')
      .select(['unit_id', 'name', 'code'])
      .where('unit_id', 'in', unitIds.slice(i, i + 500))
      .where('valid_from', '<=', onDate)
      .where((e) => e.or([e('valid_to', 'is', null), e('valid_to', '>=', onDate)]))
      .execute();
    for (const r of rows) out.set(r.unit_id, { name: r.name, code: r.code });
  }
  return out;
}

/** The rows with the name (and code) they had on `onDate`. */
export async function withNamesOn<T extends { id: string; name: string; code: string | null }>(q: Queryable, rows: T[], onDate: string): Promise<T[]> {
  if (rows.length === 0) return rows;
  const names = await namesOn(q, rows.map((r) => r.id), onDate);
  return rows.map((r) => ({ ...r, ...(names.get(r.id) ?? {}) }));
}

/** Kinds whose code is an official code, unique across the deployment (provinces, districts, wards). */
const isOfficial = (u: { ward_id: string | null; is_ward: number }) => u.ward_id === null || u.is_ward === 1;

/**
 * Refuses a code already held by another unit: official codes (province, district, ward — the
 * national list of administrative unit codes, Quyết định 124/2004/QĐ-TTg and its updates) are
 * unique across the deployment; a residential group's code is unique within its ward.
 * Throws ValidationError { code: 'err.unitCodeTaken' }.
 */
export async function assertCodeFree(q: Queryable, unit: { id?: string; ward_id: string | null; is_ward: number }, code: string | null): Promise<void> {
  if (!code) return;
  // ward-scope: official codes are unique across wards (filtered below); a group's code within its ward
  let query = q.selectFrom('unit').select(UNIT_COLUMNS).where('code', '=', code);
  if (unit.id) query = query.where('id', '!=', unit.id);
  query = isOfficial(unit)
    ? query.where((e) => e.or([e('ward_id', 'is', null), e('is_ward', '=', 1)]))
    : query.where('ward_id', '=', unit.ward_id as string).where('is_ward', '=', 0);
  if (await query.executeTakeFirst()) throw new ValidationError({ code: 'err.unitCodeTaken' });
}

export interface RenameInput {
  name: string;
  code: string | null;
  /** The first day of the new name, YYYY-MM-DD. */
  from: string;
  /** The unit's version as the form saw it; omitted by the command line. */
  version?: number | null;
}

/**
 * Renames `unit` (and changes its code) from a date, inside a command whose access check has
 * passed: the name it had stays in `unit_name` up to the day before. An empty code keeps the
 * current one. Refused (ValidationError,
 * nothing written): a date on or before the unit's first day (`from`: err.renameBeforeStart),
 * after its last day (err.unitNotLiveOn), on or before the start of its latest name
 * (err.renameOverlap), the same name and code (name: err.renameSame), a code held by another
 * unit (code: err.unitCodeTaken). A stale `version` is a 409 conflict. Audit `unit.rename`.
 */
export async function renameFrom(trx: CommandTx, actor: AuditActor, unit: NamedUnit, asked: RenameInput): Promise<void> {
  // An empty code keeps the current one: a unit never loses its code by a rename (as `roviec unit rename` without --new-code).
  const input = { ...asked, code: keptCode(asked.code, unit.code) };
  if (input.from <= unit.valid_from) throw new ValidationError({ from: 'err.renameBeforeStart' });
  if (unit.valid_to !== null && input.from > unit.valid_to) throw new ValidationError({ from: 'err.unitNotLiveOn' });
  const history = await nameHistory(trx, unit.id);
  const latest = history.at(-1);
  if (latest && input.from <= latest.valid_from) throw new ValidationError({ from: 'err.renameOverlap' });
  if (input.name === unit.name && input.code === unit.code) throw new ValidationError({ name: 'err.renameSame' });
  await assertCodeFree(trx, unit, input.code);
  const until = dayBefore(input.from);
  if (latest) {
    await trx.updateTable('unit_name').set({ valid_to: until }).where('unit_id', '=', unit.id).where('valid_to', 'is', null).execute();
  } else {
    await trx.insertInto('unit_name').values({ id: newId(), unit_id: unit.id, name: unit.name, code: unit.code, valid_from: unit.valid_from, valid_to: until }).execute();
  }
  await trx.insertInto('unit_name').values({ id: newId(), unit_id: unit.id, name: input.name, code: input.code, valid_from: input.from, valid_to: null }).execute();
  let update = trx
    .updateTable('unit')
    .set((eb) => ({ name: input.name, code: input.code, search_text: fold(input.name), updated_at: nowIso(), version: eb('version', '+', 1) }))
    // ward-scope: the unit row was found through the actor's ward or province scope by the caller
    .where('id', '=', unit.id);
  if (input.version != null) update = update.where('version', '=', input.version);
  const res = await update.executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict();
  await bumpUnitTreeVersion(trx);
  await writeAudit(trx, actor, {
    action: 'unit.rename',
    entityType: 'unit',
    entityId: unit.id,
    summary: `${unit.name} → ${input.name}`,
    before: { name: unit.name, code: unit.code },
    after: { name: input.name, code: input.code, valid_from: input.from },
    wardId: unit.ward_id,
  });
}

/** The code a unit keeps when a form sends `asked`: an empty code keeps `current` (no path clears a unit's code). */
export function keptCode(asked: string | null | undefined, current: string | null): string | null {
  const code = asked?.trim();
  return code ? code : current;
}

/** A correction of the latest name (no date): the open period of the history says the same. */
export async function correctLatestName(trx: CommandTx, unitId: string, name: string, code: string | null): Promise<void> {
  await trx.updateTable('unit_name').set({ name, code }).where('unit_id', '=', unitId).where('valid_to', 'is', null).execute();
}
