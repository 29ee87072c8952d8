import { sql } from 'kysely';
import type { Db, Queryable } from '../../db/index.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { nowIso } from '../../db/dialect.ts';
import { runMaintenance, type CommandTx, type MaintenanceTx } from '../command.ts';
import { purgeStaleThrottles } from './throttle.ts';
import { unreadCountOf } from '../notify.ts';
import { directoryStampOf } from '../kept.ts';
import { UNIT_TREE_VERSION_KEY, type AccountRow } from './identity.ts';

type Callback = (err?: unknown) => void;
import type { Session } from 'fastify';

type SessionData = Session;

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Account rows read with a session and not yet taken by the request's identity hook (a request that ends before it leaves one). */
const ACCOUNTS_KEPT = 1000;

/**
 * A session with its account, the unit-tree version, and for the account's home ward its unread
 * notifications (the header's count) and its directory stamp (the people list's kept parts), D79:
 * one query per signed-in request (D43), built once (db/prepared.ts).
 */
const sessionWithAccount = preparedQuery((q: Queryable, sid: string) =>
  q
    .selectFrom('session')
    .leftJoin('app_user', 'app_user.id', 'session.user_id')
    .select(['session.data', 'session.expires_at'])
    .select(['app_user.id', 'app_user.username', 'app_user.display_name', 'app_user.home_ward_id', 'app_user.person_id', 'app_user.locale', 'app_user.disabled', 'app_user.access_version'])
    .select((eb) => eb.selectFrom('app_setting').select('value').where('key', '=', UNIT_TREE_VERSION_KEY).as('tree_version'))
    .select(unreadCountOf(sql.ref('app_user.id'), sql.ref('app_user.home_ward_id')).as('unread_home'))
    .select(directoryStampOf(sql.ref('app_user.home_ward_id')).as('directory_home'))
    .where('session.sid', '=', sid),
);

/**
 * @fastify/session store backed by the `session` table: shared by every instance on the
 * same database and revocable (user_id is a column, so all of a user's sessions can go).
 */
export class DbSessionStore {
  constructor(private readonly db: Db) {}

  set(sid: string, session: SessionData, cb: Callback): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + SESSION_TTL_MS);
    const userId = (session as { userId?: unknown }).userId;
    const row = {
      sid,
      user_id: typeof userId === 'string' ? userId : null,
      data: JSON.stringify(session),
      expires_at: expires.toISOString(),
      updated_at: nowIso(),
    };
    runMaintenance(this.db, 'auth.session', (q) =>
      q
        .insertInto('session')
        .values(row)
        .onConflict((oc) => oc.column('sid').doUpdateSet({ user_id: row.user_id, data: row.data, expires_at: row.expires_at, updated_at: row.updated_at }))
        .execute(),
    ).then(() => cb(), cb);
  }

  // The account row read with the session (one query per request for both, D43), kept until the
  // request's identity hook takes it (`takeAccount`), at most ACCOUNTS_KEPT of them.
  private readonly accounts = new Map<string, AccountRow>();

  get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    sessionWithAccount(this.db, sid)
      .then(([row]) => {
        this.accounts.delete(sid);
        if (!row || row.expires_at <= nowIso()) return cb(null, null);
        if (row.id !== null) {
          if (this.accounts.size >= ACCOUNTS_KEPT) this.accounts.delete(this.accounts.keys().next().value as string);
          this.accounts.set(sid, { ...row, id: row.id } as AccountRow);
        }
        cb(null, JSON.parse(row.data) as SessionData);
      }, cb);
  }

  /**
   * The account row read with session `sid` by this request's `get` (then forgotten), or
   * undefined: read it then (a concurrent request on the same session took it first).
   */
  takeAccount(sid: string): AccountRow | undefined {
    const row = this.accounts.get(sid);
    this.accounts.delete(sid);
    return row;
  }

  destroy(sid: string, cb: Callback): void {
    runMaintenance(this.db, 'auth.session', (q) => q.deleteFrom('session').where('sid', '=', sid).execute()).then(() => cb(), cb);
  }
}

/** Ends every session of a user (but `exceptSid`), in the command that changed the account. */
export async function revokeUserSessions(db: CommandTx | MaintenanceTx, userId: string, exceptSid?: string): Promise<void> {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (exceptSid) q = q.where('sid', '<>', exceptSid);
  await q.execute();
}

/**
 * Deletes what no longer holds anything (maintenance; run by the hourly pass, src/main.ts
 * `hourlyPass`): sessions past their expiry and login-throttle rows whose window is over and whose
 * lock has ended. Returns the counts. Idempotent; safe on several instances at once.
 */
export async function purgeExpiredState(db: Db, now: Date = new Date()): Promise<{ sessions: number; throttles: number }> {
  return runMaintenance(db, 'auth.purge', async (q) => {
    const gone = await q.deleteFrom('session').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
    const throttles = await purgeStaleThrottles(q, now);
    return { sessions: Number(gone.numDeletedRows), throttles };
  });
}
