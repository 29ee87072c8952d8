// Kept values (issue 12, docs/DESIGN.md D74, D77, D78): what a read derives from many rows (the
// schedule's slot lists and rendered rows, a page of the people list) kept in this process while the
// stamp it was made under is unchanged. A stamp is a set of counters of the `schedule_stamp` table
// (migrations 0024, 0025), bumped by triggers in the writing transaction, read from the database on
// every request: a write on any instance shows on the next read everywhere, and nothing kept here
// must be shared between instances. Rooms own their stores and say which counters their value reads.
import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Queryable } from '../db/index.ts';
import { preparedQuery } from '../db/prepared.ts';

const stores: Kept<unknown>[] = [];

/**
 * A bounded store of kept values: at most `maxItems` of them and `maxSize` in all (by `sizeOf`:
 * rows, bytes), least recently used dropped first; a value over a quarter of `maxSize` is not kept.
 */
export class Kept<V> {
  private readonly items = new Map<string, { stamp: string; value: V }>();
  private size = 0;
  constructor(
    private readonly maxItems: number,
    private readonly maxSize: number,
    private readonly sizeOf: (v: V) => number,
  ) {
    stores.push(this as Kept<unknown>);
  }
  get(key: string, stamp: string): V | null {
    const hit = this.items.get(key);
    if (!hit || hit.stamp !== stamp) return null;
    this.items.delete(key); // most recently used last
    this.items.set(key, hit);
    return hit.value;
  }
  set(key: string, stamp: string, value: V): void {
    this.drop(key);
    if (this.sizeOf(value) > this.maxSize / 4) return;
    this.items.set(key, { stamp, value });
    this.size += this.sizeOf(value);
    while (this.items.size > this.maxItems || this.size > this.maxSize) this.drop(this.items.keys().next().value as string);
  }
  drop(key: string): void {
    const old = this.items.get(key);
    if (!old) return;
    this.size -= this.sizeOf(old.value);
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
    this.size = 0;
  }
}

/**
 * The one way a kept value is used or made: the value kept in `store` under `key` if it was made
 * under the stamp `stamp()` gives now, else `make()`'s, kept for the next caller. The stamp is read
 * before `make` runs, so a write landing in between costs one more `make` later, never a stale
 * answer. Readers inside a transaction (`q.isTransaction`) never use or fill a store: their
 * snapshot may hold their own uncommitted writes. A kept value is shared: callers must not mutate it.
 */
export async function keep<V>(store: Kept<V>, q: Queryable, key: string, stamp: () => Promise<string>, make: () => Promise<V>): Promise<V> {
  if (q.isTransaction) return make();
  const s = await stamp();
  const hit = store.get(key, s);
  if (hit !== null) return hit;
  const value = await make();
  store.set(key, s, value);
  return value;
}

/**
 * The counters of `scopes` as one string ("d:w1=4,o:w1=2"; 0 for a counter never bumped), in the
 * order given: one indexed query. Scopes are named by the migrations that bump them.
 */
export async function readStamp(q: Queryable, scopes: readonly string[]): Promise<string> {
  const rows = await stampQuery(scopes.length)(q, ...scopes);
  const n = new Map(rows.map((r) => [r.scope, String(r.n)]));
  return scopes.map((s) => `${s}=${n.get(s) ?? '0'}`).join(',');
}

/** The counters' query for `n` scopes, built once per count (db/prepared.ts): it runs on every request of a kept page. */
function stampQuery(n: number) {
  let query = stampQueries.get(n);
  if (!query) stampQueries.set(n, (query = preparedQuery((q: Queryable, ...scopes: string[]) => q.selectFrom('schedule_stamp').select(['scope', 'n']).where('scope', 'in', scopes))));
  return query;
}
const stampQueries = new Map<number, ReturnType<typeof preparedQuery<string[], { scope: string; n: number | string | bigint }>>>();

/** The counters of some scopes as one string, as `readStamp` gives them. */
export type StampReader = (scopes: readonly string[]) => Promise<string>;

/** The scope of ward `wardId`'s directory stamp: its people, posts, memberships and organizations (migration 0025). */
export const directoryScope = (wardId: string): string => `d:${wardId}`;

/**
 * SQL: the directory stamp's counter of the ward `wardId` names (a column reference), null when
 * never bumped: read with another row (the session's, auth/session-store.ts, D79).
 */
export function directoryStampOf(wardId: Expression<string | null>): RawBuilder<number | string | bigint | null> {
  return sql`(select n from schedule_stamp where scope = 'd:' || ${wardId})`;
}

const noted = new WeakMap<object, Map<string, string>>();

/**
 * Notes counters already read for request `req` (with its session, D79: scope → counter, null for
 * never bumped). Only for a request that writes nothing (GET, HEAD): a write request's own command
 * may bump them after they were read, and a value kept under the older counter would then be served
 * to it. The caller checks the method.
 */
export function noteStamps(req: object, counters: Record<string, number | string | bigint | null>): void {
  noted.set(req, new Map(Object.entries(counters).map(([scope, n]) => [scope, String(n ?? 0)])));
}

/**
 * The StampReader of request `req` on `q`: the counters noted for it (`noteStamps`) when every
 * scope asked is among them (no query), else `readStamp` (one query). Either way the counters are
 * read before anything they guard is made (`keep`).
 */
export function stampReaderOf(req: object, q: Queryable): StampReader {
  return (scopes) => {
    const known = noted.get(req);
    if (known && scopes.every((s) => known.has(s))) return Promise.resolve(scopes.map((s) => `${s}=${known.get(s)}`).join(','));
    return readStamp(q, scopes);
  };
}

/** `fn`'s promise, made on the first call and shared by the next ones (one stamp read per request). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= fn());
}

/** Forgets every kept value of every store (tests: compare a kept answer with a fresh one). */
export function forgetKept(): void {
  for (const s of stores) s.clear();
}
