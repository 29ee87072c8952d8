// Merging a ward into another from a date (issue 13, D36). The 2025 reform of two-level local
// government (Nghị quyết 202/2025/QH15; the Standing Committee's resolutions arranging
// commune-level units, effective 01/07/2025; Luật Tổ chức chính quyền địa phương 2025) merged
// wards: the merged ward ends the day before, its residential groups and every record of it move to
// the ward it joins, and the tree on an earlier date still shows each ward under its own name.
import { sql } from 'kysely';
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import { WARD_TABLES, WARD_UNIQUE_KEYS, type TableName } from '../../db/ward-tables.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireThat } from '../../platform/access.ts';
import { runCommand, type CommandContext, type CommandTx } from '../../platform/command.ts';
import { ancestorsOf, bumpAccessVersion, bumpUnitTreeVersion, wardsUnder } from '../../platform/auth/identity.ts';
import { forbidden, ValidationError } from '../../platform/errors.ts';
import { dayBefore } from '../../lib/vi/index.ts';
import { mergeNotes, type MergeNotes } from './merge-notes.ts';
import './merge-messages.ts';

export interface MergeInput {
  /** The ward that ends (its records move). */
  fromWardId: string;
  /** The ward that continues and receives them. */
  intoWardId: string;
  /** First day of the merged ward, 'YYYY-MM-DD'; the merged ward's last day is the day before. */
  on: string;
}

/** A value changed so two wards' records stay unique (a slug, a form code). */
export interface Renamed {
  table: TableName;
  id: string;
  from: string;
  to: string;
}

/** A report request of the merged ward folded into the receiving ward's request for the same form and period. */
export interface Folded {
  fromRequestId: string;
  intoRequestId: string;
  submissions: number;
}

export interface MergeResult {
  mergeId: string;
  /** Rows moved per ward table (tables with none are left out). */
  moved: Partial<Record<TableName, number>>;
  renamed: Renamed[];
  folded: Folded[];
  /** Accounts whose home ward, and grants at the merged ward, now name the receiving ward. */
  accounts: number;
}

interface WardRow {
  id: string;
  name: string;
  code: string | null;
  is_ward: number;
  valid_from: string;
  valid_to: string | null;
}

/** A ward by id (a ward's `ward_id` is its own id), or undefined for a unit that is not a ward. */
function wardRow(q: Queryable, id: string): Promise<WardRow | undefined> {
  return q.selectFrom('unit').select(['id', 'name', 'code', 'is_ward', 'valid_from', 'valid_to']).where('id', '=', id).where('ward_id', '=', id).where('is_ward', '=', 1).executeTakeFirst();
}

/**
 * Whether `actor` may merge these wards: a system actor (the CLI) holding `admin` may; an account
 * needs an `admin` grant at a unit above BOTH wards on `day` (a province administrator).
 */
async function mayMerge(q: Queryable, actor: Actor, wardIds: readonly string[], day: string): Promise<boolean> {
  const userId = actor.userId;
  if (userId === null) return actor.roles.has('admin');
  const grants = await q.selectFrom('role_grant').select('unit_id').where('user_id', '=', userId).where('role', '=', 'admin').execute();
  const above = await Promise.all(wardIds.map(async (w) => new Set((await ancestorsOf(q, w, day)).filter((id) => !wardIds.includes(id)))));
  return grants.some((g) => above.every((s) => s.has(g.unit_id)));
}

/**
 * The checks of a merge, in the order a user meets them: 400 for itself, a non-ward, an ended ward,
 * a date not after the merged ward's start or before the receiving ward's; then access. Returns
 * both wards and whether the actor may merge them (the caller refuses with 403).
 */
async function checkMerge(q: Queryable, actor: Actor, input: MergeInput): Promise<{ a: WardRow; b: WardRow; allowed: boolean }> {
  const { fromWardId: from, intoWardId: into, on } = input;
  if (from === into) throw new ValidationError({ into: 'err.merge.self' }, 'err.merge.self');
  const [a, b] = await Promise.all([wardRow(q, from), wardRow(q, into)]);
  if (!a) throw new ValidationError({ from: 'err.merge.notWard' }, 'err.merge.notWard');
  if (!b) throw new ValidationError({ into: 'err.merge.notWard' }, 'err.merge.notWard');
  if (a.valid_to !== null) throw new ValidationError({ from: 'err.merge.ended' }, 'err.merge.ended');
  if (b.valid_to !== null && b.valid_to < on) throw new ValidationError({ into: 'err.merge.ended' }, 'err.merge.ended');
  if (on <= a.valid_from || on < b.valid_from) throw new ValidationError({ on: 'err.merge.beforeStart' }, 'err.merge.beforeStart');
  return { a, b, allowed: await mayMerge(q, actor, [from, into], dayBefore(on)) };
}

/** The first of "base-2", "base-3"… not in `taken`. */
function freeValue(base: string, taken: ReadonlySet<string>): string {
  for (let n = 2; ; n++) {
    const v = `${base}-${n}`;
    if (!taken.has(v)) return v;
  }
}

/** Gives the merged ward's rows a free value where a `suffix` key would collide. */
async function renameCollisions(trx: CommandTx, from: string, into: string): Promise<Renamed[]> {
  const out: Renamed[] = [];
  for (const key of WARD_UNIQUE_KEYS) {
    if (key.rule.kind !== 'suffix') continue;
    const table = key.table as 'article';
    const column = key.rule.column as 'slug';
    const rows = await trx.selectFrom(table).select(['id', 'ward_id', sql<string>`${sql.ref(column)}`.as('v')]).where('ward_id', 'in', [from, into]).execute();
    const taken = new Set(rows.map((r) => r.v));
    const theirs = new Set(rows.filter((r) => r.ward_id === into).map((r) => r.v));
    for (const r of rows.filter((x) => x.ward_id === from && theirs.has(x.v))) {
      const to = freeValue(r.v, taken);
      taken.add(to);
      await trx.updateTable(table).set({ [column]: to } as never).where('id', '=', r.id).where('ward_id', '=', from).execute();
      out.push({ table: key.table, id: r.id, from: r.v, to });
    }
  }
  return out;
}

/**
 * Report requests: both wards may have asked the same (shared, built-in) form for the same period.
 * Decision (D36): the merged ward's request is folded into the receiving ward's — its submissions
 * (with their events and files) move under the surviving request (one submission per organization,
 * and the organizations differ); its own row and roll-up are kept in the audit and removed.
 */
async function foldRequests(c: CommandContext, from: string, into: string): Promise<Folded[]> {
  const trx = c.trx;
  const rows = await trx.selectFrom('report_request').selectAll().where('ward_id', 'in', [from, into]).execute();
  const theirs = new Map(rows.filter((r) => r.ward_id === into).map((r) => [`${r.form_id}|${r.period_id}`, r.id]));
  const out: Folded[] = [];
  for (const r of rows.filter((x) => x.ward_id === from)) {
    const intoRequestId = theirs.get(`${r.form_id}|${r.period_id}`);
    if (!intoRequestId) continue;
    const rollup = await trx.selectFrom('report_rollup').selectAll().where('request_id', '=', r.id).where('ward_id', '=', from).executeTakeFirst();
    const moved = await trx.updateTable('report_submission').set((eb) => ({ request_id: intoRequestId, version: eb('version', '+', 1) })).where('request_id', '=', r.id).where('ward_id', '=', from).executeTakeFirst();
    await trx.deleteFrom('report_rollup').where('request_id', '=', r.id).where('ward_id', '=', from).execute();
    await trx.deleteFrom('report_request').where('id', '=', r.id).where('ward_id', '=', from).execute();
    const f = { fromRequestId: r.id, intoRequestId, submissions: Number(moved.numUpdatedRows) };
    await c.audit({ action: 'report_request.fold', entityType: 'report_request', entityId: r.id, subjectId: intoRequestId, summary: r.title, before: { request: r, rollup: rollup ?? null }, after: f, wardId: into });
    out.push(f);
  }
  return out;
}

/** Moves every row of every ward table from one ward to the other (the merged ward's own unit row stays its own). */
async function moveRows(trx: CommandTx, from: string, into: string): Promise<Partial<Record<TableName, number>>> {
  const moved: Partial<Record<TableName, number>> = {};
  for (const table of WARD_TABLES) {
    const t = table as 'person';
    let q = trx.updateTable(t).set({ ward_id: into } as never).where('ward_id', '=', from);
    // SQLite's article index is kept by a trigger on these columns: naming one re-indexes the row.
    if (table === 'article') q = trx.updateTable('article').set((eb) => ({ ward_id: into, search_text: sql`search_text`, version: eb('version', '+', 1) })).where('ward_id', '=', from) as never;
    if (table === 'unit') q = q.where('id', '<>', from);
    const n = Number((await q.executeTakeFirst()).numUpdatedRows);
    if (n > 0) moved[table] = n;
  }
  return moved;
}

/** The merged ward ends; its links end the day before; its direct units hang under the receiving ward from `on`. */
async function reshapeUnits(trx: CommandTx, from: string, into: string, on: string): Promise<void> {
  const last = dayBefore(on);
  await trx
    .updateTable('unit')
    .set((eb) => ({ valid_to: last, updated_at: nowIso(), version: eb('version', '+', 1) }))
    .where('id', '=', from)
    .where('ward_id', '=', from)
    .execute();
  await trx.updateTable('unit_parent').set({ valid_to: last }).where('unit_id', '=', from).where('valid_to', 'is', null).execute();
  const links = await trx.selectFrom('unit_parent').select(['id', 'unit_id', 'valid_from']).where('parent_id', '=', from).where('valid_to', 'is', null).execute();
  for (const l of links) {
    if (l.valid_from >= on) {
      await trx.updateTable('unit_parent').set({ parent_id: into }).where('id', '=', l.id).execute();
      continue;
    }
    await trx.updateTable('unit_parent').set({ valid_to: last }).where('id', '=', l.id).execute();
    await trx.insertInto('unit_parent').values({ id: newId(), unit_id: l.unit_id, parent_id: into, valid_from: on, valid_to: null }).execute();
  }
}

/** Accounts of the merged ward: home ward and grants at the ward now name the receiving ward. */
async function moveAccounts(trx: CommandTx, from: string, into: string): Promise<number> {
  const users = new Set<string>();
  // ward-scope: accounts whose home is the merged ward (app_user is not a ward table).
  for (const u of await trx.selectFrom('app_user').select('id').where('home_ward_id', '=', from).execute()) users.add(u.id);
  for (const g of await trx.selectFrom('role_grant').select('user_id').where('unit_id', '=', from).execute()) users.add(g.user_id);
  await trx.updateTable('app_user').set((eb) => ({ home_ward_id: into, version: eb('version', '+', 1) })).where('home_ward_id', '=', from).execute();
  await trx.updateTable('role_grant').set({ unit_id: into }).where('unit_id', '=', from).execute();
  for (const id of users) await bumpAccessVersion(trx, id);
  return users.size;
}

/**
 * Command `unit.merge`: merges the ward `fromWardId` into `intoWardId` from the day `on`
 * ('YYYY-MM-DD'), all or nothing in one transaction (SQLite and PostgreSQL).
 *
 * - The merged ward's `valid_to` becomes the day before `on`; its link to its parent ends then.
 * - Its residential groups (and villages) hang under the receiving ward from `on`.
 * - Every row of every ward table (src/db/ward-tables.ts) moves: `ward_id` is updated, ids stay,
 *   so every reference holds. Collisions: slugs and form codes get a suffix ("-2"); a report request
 *   for the same form and period is folded into the receiving ward's (see foldRequests).
 * - Accounts whose home ward is the merged ward, and grants at it, move to the receiving ward.
 * - A `unit_merge` row keeps (from, into, on, counts); the audit (in the receiving ward) records
 *   the counts per table, the renamed values and the folded requests.
 *
 * Access: an account needs `admin` at a unit above both wards on the day before `on` (a province
 * administrator), otherwise 403; the system actor of the CLI may. Refused with 400 and a
 * Vietnamese message: a ward merged into itself, a unit that is not a ward, a ward already ended,
 * a date not after the merged ward's start or before the receiving ward's start.
 */
export function mergeWard(db: Db, actor: Actor, input: MergeInput): Promise<MergeResult> {
  return runCommand(db, actor, 'unit.merge', async (c) => {
    const trx = c.trx;
    const { fromWardId: from, intoWardId: into, on } = input;
    const { a, b, allowed } = await checkMerge(trx, actor, input);
    requireThat(allowed);

    const renamed = await renameCollisions(trx, from, into);
    const folded = await foldRequests(c, from, into);
    const moved = await moveRows(trx, from, into);
    await reshapeUnits(trx, from, into, on);
    const accounts = await moveAccounts(trx, from, into);
    await bumpUnitTreeVersion(trx);
    const mergeId = newId();
    const counts = { moved, renamed, folded, accounts };
    await trx.insertInto('unit_merge').values({ id: mergeId, from_unit_id: from, into_unit_id: into, on_date: on, counts_json: JSON.stringify(counts), created_at: nowIso(), created_by: actor.userId }).execute();
    await c.audit({ action: 'unit.merge', entityType: 'unit', entityId: from, subjectId: into, summary: `${a.name} → ${b.name}`, before: { from: a, into: b }, after: { on, ...counts }, wardId: into });
    return { mergeId, ...counts };
  });
}

/** Wards merged into `wardId` (their ids), for the tree of an earlier date. */
export async function wardsMergedInto(q: Queryable, wardId: string): Promise<string[]> {
  const rows = await q.selectFrom('unit_merge').select('from_unit_id').where('into_unit_id', '=', wardId).execute();
  return rows.map((r) => r.from_unit_id);
}

/** Rows per ward table for one ward (tables with none left out): what a merge would move. */
export async function wardRowCounts(q: Queryable, wardId: string): Promise<Partial<Record<TableName, number>>> {
  const out: Partial<Record<TableName, number>> = {};
  for (const table of WARD_TABLES) {
    const t = table as 'person';
    let qb = q.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).where('ward_id', '=', wardId);
    if (table === 'unit') qb = qb.where('id', '<>', wardId);
    const n = Number((await qb.executeTakeFirstOrThrow()).n);
    if (n > 0) out[table] = n;
  }
  return out;
}

export interface MergePreview {
  from: string;
  into: string;
  on: string;
  /** Rows that would move per ward table, and their total. */
  counts: Partial<Record<TableName, number>>;
  total: number;
  /** Accounts and grants that move; names the receiving ward would hold twice (merge-notes.ts). */
  notes: MergeNotes;
}

/**
 * What `mergeWard` would do, without writing: the same checks (400, 403), then the rows per table,
 * the accounts and role grants that move, and the duplicate group and organization names.
 */
export async function previewMerge(q: Queryable, actor: Actor, input: MergeInput): Promise<MergePreview> {
  const { a, b, allowed } = await checkMerge(q, actor, input);
  if (!allowed) throw forbidden();
  const counts = await wardRowCounts(q, a.id);
  const notes = await mergeNotes(q, a.id, b.id);
  return { from: a.name, into: b.name, on: input.on, counts, total: Object.values(counts).reduce((s, k) => s + (k ?? 0), 0), notes };
}

/** Wards (valid today) at or below the units where the account holds `admin`: what the merge form offers. */
export async function mergeChoices(q: Queryable, actor: Actor): Promise<{ id: string; name: string }[]> {
  const userId = actor.userId;
  if (userId === null) return [];
  const grants = await q.selectFrom('role_grant').select('unit_id').where('user_id', '=', userId).where('role', '=', 'admin').execute();
  return wardsUnder(q, [...new Set(grants.map((g) => g.unit_id))]);
}
