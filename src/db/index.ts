import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { NamingClient } from './pg-client.ts';
import { dbKindOf, nodeEnv, writeGuardOn, type DbKind } from '../config.ts';
import type { DB } from './types.ts';
import { dialectOf } from './dialect.ts';
import { WriteGuardPlugin } from '../platform/command.ts';
import { SplitSqliteDialect } from './sqlite-driver.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
export type Queryable = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: DbKind;
  destroy(): Promise<void>;
}

// int8 (counts, sums) as JS numbers; numeric stays string unless asked.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * SQLite's `synchronous` setting: FULL (a commit is on disk before it returns, so it survives a
 * power loss: D43) everywhere but under NODE_ENV=test, where it is NORMAL (docs/DESIGN.md D66): in
 * WAL mode a commit then waits for no fsync — it still survives the process being killed, only
 * not the machine losing power, which no test database needs to survive (the PostgreSQL test
 * cluster runs with fsync off for the same reason). An fsync was 1.3–3.8 ms of waiting per commit
 * on the test machine.
 */
export function sqliteSynchronous(env: { NODE_ENV?: string | undefined } = { NODE_ENV: nodeEnv() }): 'FULL' | 'NORMAL' {
  return env.NODE_ENV === 'test' ? 'NORMAL' : 'FULL';
}

/** Opens a database handle (SQLite file or PostgreSQL URL), with the write guard installed. */
export function openDb(url: string, opts: { poolSize?: number } = {}): DbHandle {
  const kind = dbKindOf(url);
  const plugins = writeGuardOn() ? [new WriteGuardPlugin()] : [];
  if (kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, Client: NamingClient });
    // An idle pooled connection can be cut by the server (restart, failover, an administrator, a
    // dropped test database). pg emits that on the pool; without a listener Node treats it as an
    // uncaught error and the whole process dies. The pool has already discarded the client and the
    // next query opens a new one, so it is logged, not fatal.
    pool.on('error', (err: Error & { code?: string }) => {
      if (err.code !== '57P01') process.stderr.write(`roviec: an idle PostgreSQL connection failed and was replaced: ${err.message}\n`);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, kind, destroy: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:/, '');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // The wait for a busy file first: every pragma after it may meet another connection's write
  // lock (another process, a worker thread, or this process's open group commit, D69).
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`synchronous = ${sqliteSynchronous()}`);
  // Reads outside a transaction go to a second, read-only connection (D43); `:memory:` has one.
  const db = new Kysely<DB>({ dialect: new SplitSqliteDialect(sqlite, file === ':memory:' ? null : path.resolve(file)), plugins });
  return { db, kind, destroy: () => db.destroy() };
}

/**
 * Locks the rows `ids` of ward table `table` until the transaction `trx` ends, so that a value
 * derived from other rows (a parent task's roll-up of its sub-tasks) is read and written by one
 * transaction at a time: `SELECT … FOR UPDATE` on PostgreSQL (a second transaction waits, then
 * reads what the first committed); nothing on SQLite, whose writers are serialized already.
 * Take the lock BEFORE reading what the value is derived from. Rows of other wards are not locked.
 */
export async function lockForUpdate(trx: Tx, table: keyof DB & string, wardId: string, ids: readonly string[]): Promise<void> {
  if (!ids.length || dialectOf(trx) !== 'postgres') return;
  await sql`select id from ${sql.table(table)} where ward_id = ${wardId} and id in (${sql.join([...ids].sort())}) order by id for update`.execute(trx);
}
