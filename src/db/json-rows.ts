// Rows of a sub-query as one JSON column (issue 12, docs/DESIGN.md D80): a statement that reads a
// record with its few child rows in one round trip instead of one per table. Kysely's own helpers
// (`jsonArrayFrom` of kysely/helpers/postgres and kysely/helpers/sqlite) write the SQL of each
// dialect; PostgreSQL's driver hands the value back parsed, SQLite's as text.
import type { RawBuilder } from 'kysely';
import { jsonArrayFrom as pgArrayFrom } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteArrayFrom } from 'kysely/helpers/sqlite';
import type { DbKind } from '../config.ts';

/**
 * `expr` (a select with named columns, correlated to the outer query as needed) as a JSON array of
 * objects, `[]` when it has no rows, for `kind`'s SQL. Read the value with `jsonRows`. Only for
 * columns whose JSON form is what the driver gives anyway: text, integers, doubles, null (not
 * PostgreSQL bigint or numeric, which the driver gives as text; not booleans, which SQLite stores
 * as 0/1). Rows keep the sub-query's order on both databases, but callers that need an order sort.
 */
export function jsonArrayOf<O>(kind: DbKind, expr: Parameters<typeof sqliteArrayFrom<O>>[0]): RawBuilder<O[] | string> {
  return (kind === 'postgres' ? pgArrayFrom(expr) : sqliteArrayFrom(expr)) as RawBuilder<O[] | string>;
}

/** The rows of a `jsonArrayOf` column as read: parsed by pg, JSON text from SQLite. Errors: a malformed text throws (a bug, not input). */
export function jsonRows<T>(value: T[] | string | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? (JSON.parse(value) as T[]) : value;
}
