// Kept values (issue 12, docs/DESIGN.md D74, D77, D78): what a read derives from many rows (the
// schedule's slot lists and rendered rows, a page of the people list) kept in this process while the
// stamp it was made under is unchanged. A stamp is a set of counters of the `schedule_stamp` table
// (migrations 0024, 0025), bumped by triggers in the writing transaction, read from the database on
// every request: a write on any instance shows on the next read everywhere, and nothing kept here
// must be shared between instances. Rooms own their stores and say which counters their value reads.
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

/** `fn`'s promise, made on the first call and shared by the next ones (one stamp read per request). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= fn());
}

/** Forgets every kept value of every store (tests: compare a kept answer with a fresh one). */
export function forgetKept(): void {
  for (const s of stores) s.clear();
}
