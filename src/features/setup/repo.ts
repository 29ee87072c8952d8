// Queries of the first-run setup: the setup code (app_setting) and unit codes across the deployment.
import type { Queryable } from '../../db/index.ts';
import type { CommandTx, MaintenanceTx } from '../../platform/command.ts';

/** app_setting key of the one-time setup code (present only while no account exists). */
export const SETUP_CODE_KEY = 'setup_code';

/** The stored setup code, or null. */
export async function storedSetupCode(q: Queryable): Promise<string | null> {
  const row = await q.selectFrom('app_setting').select('value').where('key', '=', SETUP_CODE_KEY).executeTakeFirst();
  return row?.value ?? null;
}

/** Stores `code` unless a code is stored already (maintenance; concurrent starts keep the first). */
export async function insertSetupCode(q: MaintenanceTx, code: string): Promise<void> {
  await q.insertInto('app_setting').values({ key: SETUP_CODE_KEY, value: code }).onConflict((oc) => oc.column('key').doNothing()).execute();
}

/** Removes a setup code made after setup closed (maintenance). */
export async function deleteSetupCode(q: MaintenanceTx): Promise<void> {
  await q.deleteFrom('app_setting').where('key', '=', SETUP_CODE_KEY).execute();
}

/**
 * Deletes the setup code `code` inside the setup command; true when this call deleted it. On
 * PostgreSQL a concurrent setup blocks on the row until the first commits, then deletes nothing:
 * the code is spent once.
 */
export async function spendSetupCode(q: CommandTx, code: string): Promise<boolean> {
  const res = await q.deleteFrom('app_setting').where('key', '=', SETUP_CODE_KEY).where('value', '=', code).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

/** Which of `codes` some unit of the deployment already carries (unit codes are unique per deployment). */
export async function takenUnitCodes(q: Queryable, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  // ward-scope: unit codes are unique across the whole deployment, wards and units above them alike.
  const rows = await q.selectFrom('unit').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code).filter((c): c is string => c !== null));
}
