// Taking whole wards out of the database, with their accounts (issue 13 item 6, D36): what
// `roviec demo remove` does to the demo wards. The demo's codes and usernames are passed in
// (src/cli/merge.ts; only src/main.ts imports src/demo).
import type { Db, Queryable } from '../../db/index.ts';
import { WARD_TABLES, type TableName } from '../../db/ward-tables.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand, type CommandTx } from '../../platform/command.ts';
import { bumpUnitTreeVersion } from '../../platform/auth/identity.ts';
import './merge-messages.ts';

export interface WardRemoval {
  /** The wards removed (names). */
  wards: string[];
  /** Rows deleted per ward table (tables with none left out). */
  rows: Partial<Record<TableName, number>>;
  /** Units above the demo wards that nothing else used, removed (names). */
  unitsAbove: string[];
  /** Accounts removed (usernames). */
  accounts: string[];
  /** Grants, API tokens and sessions of those accounts (and grants at the removed units) removed. */
  grants: number;
  tokens: number;
  sessions: number;
}

/**
 * app_setting key written by `roviec demo remove` in its own command (value: the instant): a
 * database the demo was removed from never gets it again at start-up (`roviec serve` on an empty
 * database), only from an explicit `roviec demo` (D36).
 */
export const DEMO_REMOVED_KEY = 'demo_removed';

/** Whether the demo was removed from this database (`DEMO_REMOVED_KEY` is set). */
export async function demoWasRemoved(q: Queryable): Promise<boolean> {
  const row = await q.selectFrom('app_setting').select('value').where('key', '=', DEMO_REMOVED_KEY).executeTakeFirst();
  return row !== undefined;
}

const n = (r: { numDeletedRows?: bigint; numUpdatedRows?: bigint }) => Number(r.numDeletedRows ?? r.numUpdatedRows ?? 0);

/** Every unit above `ids` by any parent link (any date), nearest first. */
async function unitsAboveOf(q: Queryable, ids: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  let level = [...ids];
  while (level.length) {
    const rows = await q.selectFrom('unit_parent').select('parent_id').distinct().where('unit_id', 'in', level).execute();
    level = rows.map((r) => r.parent_id).filter((p) => !out.includes(p) && !ids.includes(p));
    out.push(...level);
  }
  return out;
}

/** Removes the units above that nothing uses any more (no child link, no ward, no grant, no home), bottom-up. */
async function removeUnusedAbove(trx: CommandTx, candidates: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  const left = [...candidates];
  // Passes until one removes nothing: a unit's last child may be another candidate.
  for (let again = true; again; ) {
    again = false;
    for (const id of [...left]) {
      const name = await removeIfUnused(trx, id);
      if (name === null) continue;
      left.splice(left.indexOf(id), 1);
      removed.push(name);
      again = true;
    }
  }
  return removed;
}

/** Removes one unit above wards if nothing names it; its name, or null when it stays. */
async function removeIfUnused(trx: CommandTx, id: string): Promise<string | null> {
  const child = await trx.selectFrom('unit_parent').select('id').where('parent_id', '=', id).executeTakeFirst();
  // ward-scope: units above wards belong to no ward; any row naming this unit keeps it.
  const inside = await trx.selectFrom('unit').select('id').where('ward_id', '=', id).executeTakeFirst();
  const grant = await trx.selectFrom('role_grant').select('id').where('unit_id', '=', id).executeTakeFirst();
  const home = await trx.selectFrom('app_user').select('id').where('home_ward_id', '=', id).executeTakeFirst();
  const merged = await trx.selectFrom('unit_merge').select('id').where((e) => e.or([e('from_unit_id', '=', id), e('into_unit_id', '=', id)])).executeTakeFirst();
  if (child || inside || grant || home || merged) return null;
  const unit = await trx.selectFrom('unit').select(['name', 'is_ward']).where('id', '=', id).where('ward_id', 'is', null).executeTakeFirst();
  if (!unit || unit.is_ward) return null;
  await trx.deleteFrom('unit_parent').where('unit_id', '=', id).execute();
  await trx.deleteFrom('unit').where('id', '=', id).where('ward_id', 'is', null).execute();
  return unit.name;
}

/**
 * Command `demo.remove` (for the demo; `name` names it): takes the wards with codes `codes` out of
 * the database, all or nothing: every row of every ward table of those wards (children first,
 * src/db/ward-tables.ts), their residential groups, the units above them that nothing else uses (a
 * real ward under the same "Thành phố Hà Nội" keeps it), and the accounts among `usernames` whose
 * home is one of those wards, with their grants, API tokens, sessions, notifications and calendar
 * feeds. Other accounts lose only what pointed into those wards (a grant there, a home ward, a
 * linked person). Built-in rows (forms, meeting kinds, document profiles with no ward) stay.
 *
 * `actor` is a system actor (the CLI) or an administrator (ward.admin). Writes one audit row (no
 * ward) with the counts, and, with `remember`, that app_setting key (the removal's instant; the
 * demo's is DEMO_REMOVED_KEY) in the same transaction. Returns null, writing nothing, when none of the wards is in the database.
 */
export function removeWards(db: Db, actor: Actor, input: { codes: readonly string[]; usernames: readonly string[]; name?: string; remember?: string }): Promise<WardRemoval | null> {
  return runCommand(db, actor, input.name ?? 'unit.remove', async (c) => {
    const trx = c.trx;
    await requireAccess(trx, actor, 'ward.admin');
    const wards = await trx.selectFrom('unit').select(['id', 'name']).where('code', 'in', input.codes).where('is_ward', '=', 1).whereRef('ward_id', '=', 'id').execute();
    if (wards.length === 0) return null;
    const W = wards.map((w) => w.id);
    const inside = (await trx.selectFrom('unit').select('id').where('ward_id', 'in', W).execute()).map((u) => u.id);
    const above = await unitsAboveOf(trx, W);
    const orgs = (await trx.selectFrom('organization').select('id').where('ward_id', 'in', W).execute()).map((o) => o.id);
    const persons = (await trx.selectFrom('person').select('id').where('ward_id', 'in', W).execute()).map((p) => p.id);
    const demoUsers = await trx
      .selectFrom('app_user')
      .select(['id', 'username'])
      .where('username', 'in', input.usernames.length ? input.usernames : ['-'])
      .where('home_ward_id', 'in', W)
      .execute();
    const D = demoUsers.map((u) => u.id);
    const none = ['-'];
    const Dx = D.length ? D : none;
    const Ox = orgs.length ? orgs : none;
    const Px = persons.length ? persons : none;

    // What points into the demo from outside it, and the demo accounts' own rows.
    const grants = n(await trx.deleteFrom('role_grant').where((e) => e.or([e('user_id', 'in', Dx), e('unit_id', 'in', inside), e('org_id', 'in', Ox)])).executeTakeFirst());
    const tokens = n(await trx.deleteFrom('api_token').where('user_id', 'in', Dx).executeTakeFirst());
    const sessions = n(await trx.deleteFrom('session').where('user_id', 'in', Dx).executeTakeFirst());
    // ward-scope: the demo accounts' own feeds and notifications, in whichever ward.
    await trx.deleteFrom('calendar_feed').where('user_id', 'in', Dx).execute();
    // ward-scope: as above.
    await trx.deleteFrom('notification').where('user_id', 'in', Dx).execute();
    // ward-scope: sources of other wards added by a demo account keep their row, without the account.
    await trx.updateTable('source_document').set((eb) => ({ created_by: null, version: eb('version', '+', 1) })).where('created_by', 'in', Dx).execute();
    await trx.updateTable('app_user').set((eb) => ({ person_id: null, version: eb('version', '+', 1) })).where('person_id', 'in', Px).execute();
    await trx.updateTable('app_user').set((eb) => ({ home_ward_id: null, version: eb('version', '+', 1) })).where('home_ward_id', 'in', W).where('id', 'not in', Dx).execute();
    await trx.deleteFrom('app_user').where('id', 'in', Dx).execute();

    // Every ward table, children first; the units last, after their links.
    const rows: Partial<Record<TableName, number>> = {};
    await trx.deleteFrom('unit_parent').where((e) => e.or([e('unit_id', 'in', inside), e('parent_id', 'in', inside)])).execute();
    await trx.deleteFrom('unit_merge').where((e) => e.or([e('from_unit_id', 'in', inside), e('into_unit_id', 'in', inside)])).execute();
    for (const table of WARD_TABLES) {
      const k = n(await trx.deleteFrom(table as 'person').where('ward_id', 'in', W).executeTakeFirst());
      if (k > 0) rows[table] = k;
    }
    const unitsAbove = await removeUnusedAbove(trx, above);
    await bumpUnitTreeVersion(trx);
    if (input.remember) {
      const value = nowIso();
      await trx.insertInto('app_setting').values({ key: input.remember, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
    }
    const result: WardRemoval = { wards: wards.map((w) => w.name), rows, unitsAbove, accounts: demoUsers.map((u) => u.username), grants, tokens, sessions };
    await c.audit({ action: c.name, entityType: 'unit', entityId: null, summary: result.wards.join(', '), after: result, wardId: null });
    return result;
  });
}
