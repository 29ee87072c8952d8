import { PostgresAdapter, type Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { DbKind } from '../config.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dialectOf(db: Kysely<any>): DbKind {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Globally unique, time-ordered id made by the app (UUIDv7), so wards can merge and shard. */
export function newId(): string {
  return uuidv7();
}

/** The current instant as ISO-8601 UTC text, the storage form of every timestamp. */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}

/** Counts come back as string (pg) or number (sqlite). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number(v);
  return 0;
}

/** Escape LIKE wildcards in a user-provided fragment (used with `escape '\'`). */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (m) => '\\' + m);
}

/** Whether a driver error is a unique-key violation (PostgreSQL 23505, SQLite CONSTRAINT_UNIQUE / PRIMARYKEY). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string } | null;
  return err?.code === '23505' || err?.code === 'SQLITE_CONSTRAINT_UNIQUE' || err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Whether a PostgreSQL error says the transaction lost a race and may simply be run again:
 * serialization failure (40001) or deadlock (40P01). SQLite serializes writers and never says so.
 */
export function isTransientConflict(e: unknown): boolean {
  const err = e as { code?: string } | null;
  return err?.code === '40001' || err?.code === '40P01';
}
