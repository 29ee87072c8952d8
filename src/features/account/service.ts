import type { Db } from '../../db/index.ts';
import { hashPassword, verifyPassword, dummyVerify, MIN_PASSWORD_LENGTH } from '../../platform/auth/passwords.ts';
import { accountKey, clearFailures, ipKey, LIMITS, lockedMinutes, recordFailure } from '../../platform/auth/throttle.ts';
import { revokeUserSessions } from '../../platform/auth/session-store.ts';
import { runCommand, runMaintenance } from '../../platform/command.ts';
import { requireThat } from '../../platform/access.ts';
import { bumpAccessVersion } from '../../platform/auth/identity.ts';
import { AppError, ValidationError } from '../../platform/errors.ts';
import { nowIso } from '../../db/dialect.ts';

export type LoginResult = { ok: true; userId: string; homeWardId: string | null } | { ok: false; reason: 'invalid' | 'disabled' | 'throttled'; minutes?: number };

/** Checks a username and password, counting failures per account and per IP in the database. */
export async function login(db: Db, username: string, password: string, ip: string): Promise<LoginResult> {
  const uname = username.trim().toLowerCase();
  const keys = [accountKey(uname), ipKey(ip)];
  const minutes = await lockedMinutes(db, keys);
  if (minutes > 0) return { ok: false, reason: 'throttled', minutes };
  const user = await db.selectFrom('app_user').select(['id', 'password_hash', 'disabled', 'home_ward_id', 'display_name']).where('username', '=', uname).executeTakeFirst();
  const good = user ? await verifyPassword(user.password_hash, password) : await dummyVerify(password);
  if (!user || !good) {
    await runMaintenance(db, 'auth.login-throttle', async (q) => {
      await recordFailure(q, accountKey(uname), LIMITS.account);
      await recordFailure(q, ipKey(ip), LIMITS.ip);
    });
    if (user) await runCommand(db, { userId: user.id, label: user.display_name, wardId: user.home_ward_id ?? '', ip }, 'auth.login_failed', (c) => c.audit({ action: 'auth.login_failed', entityType: 'app_user', entityId: user.id, wardId: user.home_ward_id }));
    return { ok: false, reason: 'invalid' };
  }
  if (user.disabled) return { ok: false, reason: 'disabled' };
  await runMaintenance(db, 'auth.login-throttle', (q) => clearFailures(q, accountKey(uname)));
  await runCommand(db, { userId: user.id, label: user.display_name, wardId: user.home_ward_id ?? '', ip }, 'auth.login', (c) => c.audit({ action: 'auth.login', entityType: 'app_user', entityId: user.id, wardId: user.home_ward_id }));
  return { ok: true, userId: user.id, homeWardId: user.home_ward_id };
}

export interface PasswordChange {
  current: string;
  next: string;
  repeat: string;
}

/** Changes one's own password and signs out every other session of that user. */
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
    await revokeUserSessions(trx, userId, keepSid);
    await c.audit({ action: 'auth.password_change', entityType: 'app_user', entityId: userId, wardId: user.home_ward_id });
  });
}
