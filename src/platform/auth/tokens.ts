import crypto from 'node:crypto';
import type { Queryable } from '../../db/index.ts';
import type { CommandTx, MaintenanceTx } from '../command.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import { revokeUserSessions } from './session-store.ts';
import { UNIT_TREE_VERSION_KEY, type AccountRow } from './identity.ts';

// Bearer tokens for the API: shown once, stored only as a SHA-256 hash.
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Stores a new token for a user (in the `token.create` command, or test/bench maintenance); returns it once. */
export async function createToken(q: CommandTx | MaintenanceTx, userId: string, name: string, expiresAt: string | null): Promise<{ id: string; token: string }> {
  const token = 'rv_' + crypto.randomBytes(32).toString('base64url');
  const id = newId();
  await q
    .insertInto('api_token')
    .values({ id, user_id: userId, name, token_hash: hashToken(token), created_at: nowIso(), expires_at: expiresAt, revoked_at: null, last_used_at: null })
    .execute();
  return { id, token };
}

/** The user id behind a live token, or null. */
export async function userForToken(q: Queryable, token: string): Promise<string | null> {
  return (await accountForToken(q, token))?.id ?? null;
}

/**
 * The account behind a live token, read with it in one query (with the unit-tree version, for
 * `resolveRequestAuth`, D43), or null for an unknown, revoked or expired token.
 */
export async function accountForToken(q: Queryable, token: string): Promise<AccountRow | null> {
  const row = await q
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select(['api_token.expires_at', 'api_token.revoked_at'])
    .select(['app_user.id', 'app_user.username', 'app_user.display_name', 'app_user.home_ward_id', 'app_user.person_id', 'app_user.locale', 'app_user.disabled', 'app_user.access_version'])
    .select((eb) => eb.selectFrom('app_setting').select('value').where('key', '=', UNIT_TREE_VERSION_KEY).as('tree_version'))
    .where('api_token.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  if (row.expires_at && row.expires_at <= nowIso()) return null;
  const { expires_at: _e, revoked_at: _r, ...account } = row;
  return account;
}

/** Revokes a live token; false when none was live. In the `token.revoke` command (or maintenance). */
export async function revokeToken(q: CommandTx | MaintenanceTx, id: string): Promise<boolean> {
  const res = await q.updateTable('api_token').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/**
 * Ends what an account's old credentials let in, in the command that changed them (own password
 * change, an administrator's reset, a lock): every live API token of the user and every session
 * but `keepSid` (the one that just proved the new password). Returns how many tokens were revoked,
 * for the command's audit row.
 */
export async function revokeCredentials(q: CommandTx, userId: string, keepSid?: string): Promise<{ tokensRevoked: number }> {
  await revokeUserSessions(q, userId, keepSid);
  const res = await q.updateTable('api_token').set({ revoked_at: nowIso() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return { tokensRevoked: Number(res.numUpdatedRows) };
}
