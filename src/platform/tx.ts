import type { Db, Tx } from '../db/index.ts';

/** Runs fn in one transaction: every write of a service and its audit row commit together. */
export function inTx<R>(db: Db, fn: (trx: Tx) => Promise<R>): Promise<R> {
  return db.transaction().execute(fn);
}
