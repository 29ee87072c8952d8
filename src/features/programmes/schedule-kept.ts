// Kept slot lists of the schedule (issue 12, docs/DESIGN.md D74): the scan of a year's tasks
// (schedule-query.ts `scheduleSlots`) is linear in the year's tasks because the pager needs every
// block's size, so its result is kept in this process, keyed by the filter and the Vietnam day, and
// reused while the year's schedule stamp is unchanged. The stamp is read from the database on every
// request (triggers of 0024_schedule_stamp bump it in the writing transaction), so a write on any
// instance shows on the next read everywhere; nothing here must be shared between instances.
import type { Queryable } from '../../db/index.ts';

/** A bounded store of kept lists: at most `maxLists` lists and `maxRows` rows in all, least recently used dropped first. */
class KeptLists {
  private readonly lists = new Map<string, { stamp: string; rows: readonly unknown[] }>();
  private rows = 0;
  constructor(
    private readonly maxLists: number,
    private readonly maxRows: number,
  ) {}
  get(key: string, stamp: string): readonly unknown[] | null {
    const hit = this.lists.get(key);
    if (!hit || hit.stamp !== stamp) return null;
    this.lists.delete(key); // most recently used last
    this.lists.set(key, hit);
    return hit.rows;
  }
  set(key: string, stamp: string, rows: readonly unknown[]): void {
    this.drop(key);
    if (rows.length > this.maxRows / 4) return;
    this.lists.set(key, { stamp, rows });
    this.rows += rows.length;
    while (this.lists.size > this.maxLists || this.rows > this.maxRows) this.drop(this.lists.keys().next().value as string);
  }
  drop(key: string): void {
    const old = this.lists.get(key);
    if (!old) return;
    this.rows -= old.rows.length;
    this.lists.delete(key);
  }
  clear(): void {
    this.lists.clear();
    this.rows = 0;
  }
}

/** The kinds of kept lists: slot lists (~100 bytes a slot: ≤ 20 MB), loaded pages (≤ 1–2 KB a row: ≤ 40 MB). */
const stores = { slots: new KeptLists(500, 200_000), rows: new KeptLists(200, 20_000) };

/**
 * The schedule stamp of ward `wardId` and year `year`: every programme of the ward's year with
 * its counter (0 when never bumped), the counter of the tasks outside programmes due that year and
 * the ward's organizations' counter, as one string. Any committed write that can change the scan's
 * result changes it (0024_schedule_stamp); a programme added or removed changes the list itself.
 * With `people`, the counter of the ward's people's names too (the owner filter's list).
 * One indexed query over the ward's programmes of the year (a few dozen rows).
 */
export async function scheduleStamp(q: Queryable, wardId: string, year: number, people = false): Promise<string> {
  const [progs, extra] = await Promise.all([
    q
      .selectFrom('programme')
      .leftJoin('schedule_stamp', 'schedule_stamp.scope', 'programme.id')
      .select(['programme.id as scope', 'schedule_stamp.n'])
      .where('programme.ward_id', '=', wardId)
      .where('programme.year', '=', year)
      .orderBy('programme.id')
      .execute(),
    q.selectFrom('schedule_stamp').select(['scope', 'n']).where('scope', 'in', [`y:${wardId}:${year}`, `o:${wardId}`, people ? `p:${wardId}` : '']).orderBy('scope').execute(),
  ]);
  return [...progs, ...extra].map((r) => `${r.scope}=${String(r.n ?? 0)}`).join(',');
}

/**
 * The rows kept under `key` in store `kind` if they were made under the stamp `stamp()` gives
 * now, else `make()`'s rows, kept for the next caller. The stamp is read before `make` runs, so a
 * write landing in between only costs one more `make` later. Readers inside a transaction
 * (`q.isTransaction`) never use or fill the store: their snapshot may hold their own uncommitted
 * writes. The rows are shared: callers must not mutate them.
 */
export async function keptRows<T>(q: Queryable, kind: keyof typeof stores, key: string, stamp: () => Promise<string>, make: () => Promise<T[]>): Promise<readonly T[]> {
  if (q.isTransaction) return make();
  const store = stores[kind];
  const s = await stamp();
  const hit = store.get(key, s);
  if (hit) return hit as readonly T[];
  const rows = await make();
  store.set(key, s, rows);
  return rows;
}

/** `fn`'s promise, made on the first call and shared by the next ones (one stamp read per request). */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= fn());
}

/** Forgets every kept list (tests: compare a kept answer with a fresh one). */
export function forgetKeptSlots(): void {
  stores.slots.clear();
  stores.rows.clear();
}
