import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import type { MaintenanceTx } from '../command.ts';

// Login attempts counted per account and per IP in the database, so the limit holds across
// restarts and across every instance sharing the database.
//
// Count and check are one statement (docs/DESIGN.md D27): an attempt first RESERVES its place
// (`reserveAttempt`: an upsert that adds one and returns the new count, atomic on SQLite and
// PostgreSQL alike), and only an attempt whose place is within the limit may verify the password.
// Twenty-five concurrent logins for one account therefore verify at most `LIMITS.account`
// passwords; the rest are refused (429) without verifying. A failure keeps its place (and locks
// the key at the limit); a right password gives it back (`releaseAttempt`, or `clearFailures` for
// the account).
export const WINDOW_MS = 15 * 60 * 1000;
export const LOCK_MS = 15 * 60 * 1000;
export const LIMITS = { account: 5, ip: 30 } as const;

export const accountKey = (username: string): string => 'u:' + username.toLowerCase();
export const ipKey = (ip: string): string => 'ip:' + ip;

/** Minutes left on the longest lock among the keys, or 0 when none is locked. */
export async function lockedMinutes(q: Queryable, keys: string[], now = new Date()): Promise<number> {
  const rows = await q.selectFrom('login_throttle').select('locked_until').where('key', 'in', keys).where('locked_until', '>', now.toISOString()).execute();
  const until = Math.max(0, ...rows.map((r) => (r.locked_until ? Date.parse(r.locked_until) : 0)));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 60000) : 0;
}

/** The outcome of reserving one attempt for a key. */
export interface Reservation {
  /** The attempt may go on (verify the password). */
  allowed: boolean;
  /** Attempts counted in the key's current window, this one included. */
  count: number;
  /** When refused: minutes until the key may try again (at least 1). */
  minutes: number;
}

/**
 * Reserves one login attempt for `key` before the password is verified (maintenance): adds one to
 * the key's count in the current WINDOW_MS window (a new window starts once the old one is over)
 * and returns the new count in the same statement. Allowed when the key is not locked and the
 * count is at most `limit`; refused attempts are counted too (an attacker's flood extends nothing:
 * the window does not move).
 */
export async function reserveAttempt(q: MaintenanceTx, key: string, limit: number, now = new Date()): Promise<Reservation> {
  const nowIso = now.toISOString();
  const cutoff = new Date(now.getTime() - WINDOW_MS).toISOString();
  const res = await sql<{ failures: number | string; locked_until: string | null }>`
    insert into login_throttle (key, failures, window_start, locked_until) values (${key}, 1, ${nowIso}, null)
    on conflict (key) do update set
      failures = case when login_throttle.window_start < ${cutoff} then 1 else login_throttle.failures + 1 end,
      window_start = case when login_throttle.window_start < ${cutoff} then ${nowIso} else login_throttle.window_start end
    returning failures, locked_until`.execute(q);
  const row = res.rows[0];
  const count = Number(row?.failures ?? 1);
  const lockedUntil = row?.locked_until ? Date.parse(row.locked_until) : 0;
  if (lockedUntil > now.getTime()) return { allowed: false, count, minutes: Math.max(1, Math.ceil((lockedUntil - now.getTime()) / 60000)) };
  if (count > limit) return { allowed: false, count, minutes: Math.ceil(LOCK_MS / 60000) };
  return { allowed: true, count, minutes: 0 };
}

/**
 * After a wrong password (maintenance): the attempt keeps its reserved place; when that place
 * reached `limit`, the key is locked for LOCK_MS.
 */
export async function recordFailure(q: MaintenanceTx, key: string, reserved: Reservation, limit: number, now = new Date()): Promise<void> {
  if (reserved.count < limit) return;
  await q
    .updateTable('login_throttle')
    .set({ locked_until: new Date(now.getTime() + LOCK_MS).toISOString() })
    .where('key', '=', key)
    .execute();
}

/** Gives back one reserved attempt of `key` (maintenance): the password was right. */
export async function releaseAttempt(q: MaintenanceTx, key: string): Promise<void> {
  await q
    .updateTable('login_throttle')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();
}

/** Forgets a key's failures after a successful login (maintenance). */
export async function clearFailures(q: MaintenanceTx, key: string): Promise<void> {
  await q.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/**
 * Deletes the throttle rows that no longer hold anything (maintenance, hourly): window over and
 * no lock in force. Returns how many went.
 */
export async function purgeStaleThrottles(q: MaintenanceTx, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - WINDOW_MS).toISOString();
  const res = await q
    .deleteFrom('login_throttle')
    .where('window_start', '<', cutoff)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
