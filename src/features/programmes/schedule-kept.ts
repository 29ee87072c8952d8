// Kept slot lists of the schedule (issue 12, docs/DESIGN.md D74; the mechanism: platform/kept.ts): the scan of a year's tasks
// (schedule-query.ts `scheduleSlots`) is linear in the year's tasks because the pager needs every
// block's size, so its result is kept in this process, keyed by the filter and the Vietnam day, and
// reused while the year's schedule stamp is unchanged. The stamp is read from the database on every
// request (triggers of 0024_schedule_stamp bump it in the writing transaction), so a write on any
// instance shows on the next read everywhere; nothing here must be shared between instances.
import { sql } from 'kysely';
import type { Queryable } from '../../db/index.ts';
import { keep, Kept } from '../../platform/kept.ts';

/** The kinds of kept lists: slot lists (~100 bytes a slot: ≤ 20 MB), loaded pages (≤ 1–2 KB a row: ≤ 40 MB). */
const rowsOf = (rows: readonly unknown[]) => rows.length;
const stores = { slots: new Kept(500, 200_000, rowsOf), rows: new Kept(200, 20_000, rowsOf) };

/**
 * Kept print views' rows (D77): the row groups of a whole filter as UTF-8 (~1 KB a row), per slot
 * list key and language; at most 16 and 64 MB in all.
 */
const printStore = new Kept<Buffer>(16, 64 * 1024 * 1024, (b) => b.length);

/**
 * The print view's rows of slot list `key` (see `slotsKey`) in `locale` as kept at `stamp`, or made
 * by `make` (the worker's render) and kept under that stamp — read before `make` ran, so a write in
 * between costs one more render, never a stale page. Inside a transaction nothing is kept.
 */
export function keptPrintRows(q: Queryable, key: string, stamp: string, make: () => Promise<Buffer>): Promise<Buffer> {
  return keep(printStore, q, key, () => Promise.resolve(stamp), make);
}

/**
 * The schedule stamp of ward `wardId` and year `year`: every programme of the ward's year with
 * its counter (0 when never bumped), the counter of the tasks outside programmes due that year and
 * the ward's organizations' counter, as one string. Any committed write that can change the scan's
 * result changes it (0024_schedule_stamp); a programme added or removed changes the list itself.
 * With `people`, the counter of the ward's people's names too (the owner filter's list).
 * One statement: the ward's programmes of the year (a few dozen rows, by an index) and the named
 * counters (by their key).
 */
export async function scheduleStamp(q: Queryable, wardId: string, year: number, people = false): Promise<string> {
  const scopes = [`y:${wardId}:${year}`, `o:${wardId}`, ...(people ? [`p:${wardId}`] : [])];
  // One statement (D80): the programmes with their counters, then the named counters.
  const rows = await q
    .selectFrom('programme')
    .leftJoin('schedule_stamp', 'schedule_stamp.scope', 'programme.id')
    .select(['programme.id as scope', 'schedule_stamp.n', sql.lit(1).as('programme')])
    .where('programme.ward_id', '=', wardId)
    .where('programme.year', '=', year)
    .unionAll(q.selectFrom('schedule_stamp').select(['scope', 'n', sql.lit(0).as('programme')]).where('scope', 'in', scopes))
    .execute();
  const progs = rows.filter((r) => Number(r.programme) === 1).sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  const named = new Map(rows.filter((r) => Number(r.programme) === 0).map((r) => [r.scope, String(r.n)]));
  return [...progs.map((r) => `${r.scope}=${String(r.n ?? 0)}`), scopes.map((s) => `${s}=${named.get(s) ?? '0'}`).join(',')].join(',');
}

/**
 * The rows kept under `key` in store `kind` if they were made under the stamp `stamp()` gives
 * now, else `make()`'s rows, kept for the next caller. The stamp is read before `make` runs, so a
 * write landing in between only costs one more `make` later. Readers inside a transaction
 * (`q.isTransaction`) never use or fill the store: their snapshot may hold their own uncommitted
 * writes. The rows are shared: callers must not mutate them.
 */
export function keptRows<T>(q: Queryable, kind: keyof typeof stores, key: string, stamp: () => Promise<string>, make: () => Promise<T[]>): Promise<readonly T[]> {
  return keep(stores[kind], q, key, stamp, make) as Promise<readonly T[]>;
}
