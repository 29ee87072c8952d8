import type { Db } from '../../db/index.ts';
import { hashPassword, verifyPassword, dummyVerify, MIN_PASSWORD_LENGTH } from '../../platform/auth/passwords.ts';
import { accountKey, clearFailures, ipKey, LIMITS, recordFailure, releaseAttempt, reserveAttempt } from '../../platform/auth/throttle.ts';
import { revokeCredentials } from '../../platform/auth/tokens.ts';
import { runCommand, runMaintenance } from '../../platform/command.ts';
import { requireThat } from '../../platform/access.ts';
import { bumpAccessVersion } from '../../platform/auth/identity.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { nowIso } from '../../db/dialect.ts';

export type LoginResult = { ok: true; userId: string; homeWardId: string | null } | { ok: false; reason: 'invalid' | 'disabled' | 'throttled'; minutes?: number };

/**
 * Checks a username and password, counting attempts per account and per IP in the database.
 * Each attempt reserves its place first (platform/auth/throttle.ts `reserveAttempt`, one atomic
 * statement per key), so concurrent attempts cannot all slip under the limit: only an attempt
 * within the limits verifies the password. A wrong password keeps its place (and locks the key
 * at the limit); a right one clears the account's count and gives back the IP's place.
 */
export async function login(db: Db, username: string, password: string, ip: string, now: Date = new Date()): Promise<LoginResult> {
  const uname = username.trim().toLowerCase();
  const account = accountKey(uname);
  const address = ipKey(ip);
  const [forAccount, forIp] = await runMaintenance(db, 'auth.login-throttle', async (q) => [await reserveAttempt(q, account, LIMITS.account, now), await reserveAttempt(q, address, LIMITS.ip, now)] as const);
  if (!forAccount.allowed || !forIp.allowed) {
    return { ok: false, reason: 'throttled', minutes: Math.max(forAccount.allowed ? 0 : forAccount.minutes, forIp.allowed ? 0 : forIp.minutes) };
  }
  const user = await db.selectFrom('app_user').select(['id', 'password_hash', 'disabled', 'home_ward_id', 'display_name']).where('username', '=', uname).executeTakeFirst();
  const good = user ? await verifyPassword(user.password_hash, password) : await dummyVerify(password);
  if (!user || !good) {
    await runMaintenance(db, 'auth.login-throttle', async (q) => {
      await recordFailure(q, account, forAccount, LIMITS.account, now);
      await recordFailure(q, address, forIp, LIMITS.ip, now);
    });
    if (user) await runCommand(db, { userId: user.id, label: user.display_name, wardId: user.home_ward_id ?? '', ip }, 'auth.login_failed', (c) => c.audit({ action: 'auth.login_failed', entityType: 'app_user', entityId: user.id, wardId: user.home_ward_id }));
    return { ok: false, reason: 'invalid' };
  }
  await runMaintenance(db, 'auth.login-throttle', async (q) => {
    await clearFailures(q, account);
    await releaseAttempt(q, address);
  });
  if (user.disabled) return { ok: false, reason: 'disabled' };
  await runCommand(db, { userId: user.id, label: user.display_name, wardId: user.home_ward_id ?? '', ip }, 'auth.login', (c) => c.audit({ action: 'auth.login', entityType: 'app_user', entityId: user.id, wardId: user.home_ward_id }));
  return { ok: true, userId: user.id, homeWardId: user.home_ward_id };
}

export interface PasswordChange {
  current: string;
  next: string;
  repeat: string;
}

/** Changes one's own password, signs out every other session of that user and revokes its API tokens (audited with their count). */
export async function changePassword(db: Db, userId: string, input: PasswordChange, keepSid: string, ip: string): Promise<void> {
  const user = await db.selectFrom('app_user').select(['id', 'password_hash', 'display_name', 'home_ward_id']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError(401, 'err.401');
  if (!(await verifyPassword(user.password_hash, input.current))) throw new ValidationError({ current: 'auth.wrongCurrent' });
  if (input.next.length < MIN_PASSWORD_LENGTH) throw new ValidationError({ next: 'auth.weak' });
  if (input.next !== input.repeat) throw new ValidationError({ repeat: 'auth.mismatch' });
  const hash = await hashPassword(input.next);
  await runCommand(db, { userId, label: user.display_name, wardId: user.home_ward_id ?? '', ip }, 'auth.password_change', async (c) => {
    const trx = c.trx;
    requireThat(true); // one's own account, proven by the current password above
    await trx.updateTable('app_user').set((eb) => ({ password_hash: hash, updated_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', userId).execute();
    await bumpAccessVersion(trx, userId);
    // A new password ends every other session and every API token made under the old one.
    const { tokensRevoked } = await revokeCredentials(trx, userId, keepSid);
    await c.audit({ action: 'auth.password_change', entityType: 'app_user', entityId: userId, wardId: user.home_ward_id, after: { tokens_revoked: tokensRevoked, other_sessions_ended: true } });
  });
}
