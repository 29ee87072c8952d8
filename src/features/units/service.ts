import { sql } from 'kysely';
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { writeAudit } from '../../platform/audit.ts';
import { inTx } from '../../platform/tx.ts';
import { fold, compareVi, todayInVietnam } from '../../lib/vi/index.ts';

// Administrative units are a tree with effective dates: both the 2017 shape (city > district >
// ward > residential group) and the 2025 shape (province > ward > residential group) are rows.
export const UNIT_KINDS = ['tinh', 'thanh_pho', 'quan', 'huyen', 'thi_xa', 'phuong', 'xa', 'thi_tran', 'dac_khu', 'to_dan_pho', 'thon'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
/** Kinds that are tenants: every record of the deployment belongs to one of these. */
export const WARD_KINDS: ReadonlySet<string> = new Set(['phuong', 'xa', 'thi_tran', 'dac_khu']);

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

const COLS = ['id', 'ward_id', 'is_ward', 'kind', 'name', 'code', 'valid_from', 'valid_to', 'version'] as const;

/** The ward itself and the units inside it (residential groups), in Vietnamese order. */
export async function listWardUnits(q: Queryable, actor: Pick<Actor, 'wardId'>): Promise<UnitRow[]> {
  const rows = await q.selectFrom('unit').select(COLS).where('ward_id', '=', actor.wardId).execute();
  return rows.sort((a, b) => b.is_ward - a.is_ward || compareVi(a.name, b.name));
}

export interface UnitNode extends UnitRow {
  parentId: string | null;
  depth: number;
}

/** The tree that contains the ward, as it stood on a date: ancestors, the ward, its units. */
export async function unitTreeOn(q: Queryable, wardId: string, onDate: string = todayInVietnam()): Promise<UnitNode[]> {
  const ancestors = await sql<{ id: string }>`
    with recursive up(id) as (
      select ${wardId}
      union
      select p.parent_id from unit_parent p join up on p.unit_id = up.id
      where p.valid_from <= ${onDate} and (p.valid_to is null or p.valid_to >= ${onDate})
    ) select id from up`.execute(q);
  const ids = new Set(ancestors.rows.map((r) => r.id));
  const inWard = await q.selectFrom('unit').select('id').where('ward_id', '=', wardId).execute();
  for (const r of inWard) ids.add(r.id);
  const units = await q.selectFrom('unit').select(COLS).where('id', 'in', [...ids]).execute();
  const links = await q
    .selectFrom('unit_parent')
    .select(['unit_id', 'parent_id'])
    .where('unit_id', 'in', [...ids])
    .where('valid_from', '<=', onDate)
    .where((e) => e.or([e('valid_to', 'is', null), e('valid_to', '>=', onDate)]))
    .execute();
  const parentOf = new Map(links.map((l) => [l.unit_id, l.parent_id]));
  const live = units.filter((u) => u.valid_from <= onDate && (u.valid_to === null || u.valid_to >= onDate));
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
export async function insertUnit(q: Queryable, actor: Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>, input: NewUnit): Promise<string> {
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
  await writeAudit(q, actor, { action: 'unit.create', entityType: 'unit', entityId: id, summary: input.name, after: row, wardId: row.ward_id });
  return id;
}

/** Moves a unit under a new parent from a date (the old link ends the day before). */
export async function reparentUnit(q: Queryable, actor: Pick<Actor, 'userId' | 'label' | 'wardId' | 'ip'>, unitId: string, parentId: string, from: string): Promise<void> {
  const dayBefore = new Date(Date.parse(from + 'T00:00:00Z') - 86400000).toISOString().slice(0, 10);
  await q.updateTable('unit_parent').set({ valid_to: dayBefore }).where('unit_id', '=', unitId).where('valid_to', 'is', null).execute();
  await q.insertInto('unit_parent').values({ id: newId(), unit_id: unitId, parent_id: parentId, valid_from: from, valid_to: null }).execute();
  await writeAudit(q, actor, { action: 'unit.reparent', entityType: 'unit', entityId: unitId, after: { parent_id: parentId, valid_from: from } });
}

export function createUnit(db: Db, actor: Actor, input: NewUnit): Promise<string> {
  return inTx(db, (trx) => insertUnit(trx, actor, input));
}
