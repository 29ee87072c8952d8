import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import type { MaintenanceTx } from '../command.ts';

// Failed logins counted per account and per IP in the database, so the limit holds across
// restarts and across every instance sharing the database.
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

/** Counts one failed login for `key`; locks it for LOCK_MS at `limit` failures in WINDOW_MS (maintenance). */
export async function recordFailure(q: MaintenanceTx, key: string, limit: number, now = new Date()): Promise<void> {
  const nowIso = now.toISOString();
  const cutoff = new Date(now.getTime() - WINDOW_MS).toISOString();
  const res = await sql<{ failures: number }>`
    insert into login_throttle (key, failures, window_start, locked_until) values (${key}, 1, ${nowIso}, null)
    on conflict (key) do update set
      failures = case when login_throttle.window_start < ${cutoff} then 1 else login_throttle.failures + 1 end,
      window_start = case when login_throttle.window_start < ${cutoff} then ${nowIso} else login_throttle.window_start end
    returning failures`.execute(q);
  const failures = Number(res.rows[0]?.failures ?? 0);
  if (failures >= limit) {
    await q
      .updateTable('login_throttle')
      .set({ locked_until: new Date(now.getTime() + LOCK_MS).toISOString() })
      .where('key', '=', key)
      .execute();
  }
}

/** Forgets a key's failures after a successful login (maintenance). */
export async function clearFailures(q: MaintenanceTx, key: string): Promise<void> {
  await q.deleteFrom('login_throttle').where('key', '=', key).execute();
}
