import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { dbKindOf, type DbKind } from '../config.ts';
import type { DB } from './types.ts';

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

export function openDb(url: string, opts: { poolSize?: number } = {}): DbHandle {
  const kind = dbKindOf(url);
  if (kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind, destroy: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:/, '');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = FULL');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, kind, destroy: () => db.destroy() };
}
