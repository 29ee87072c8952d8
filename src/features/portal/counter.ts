// The view counter. A view is one row in article_view keyed (article, visitor, hour): the same
// visitor within the same hour adds nothing (insert … on conflict do nothing). Rows are written in
// batches (one multi-row insert per flush, not one statement per view, never an update of the hot
// article row), and a periodic fold moves closed hours into article.view_count:
//   delete from article_view where hour_bucket < cutoff returning article_id
//   update article set view_count = view_count + n …            (same transaction)
// A row can be deleted only once, so with several instances folding at the same time every view is
// moved exactly once (PostgreSQL: the second DELETE waits on the row locks and then skips the rows
// already gone; SQLite: the DELETE takes the write lock first). The count shown is
// view_count + rows still in article_view.
import crypto from 'node:crypto';
import type { Db } from '../../db/index.ts';
import { dialectOf } from '../../db/dialect.ts';
import { inTx } from '../../platform/tx.ts';

interface ViewRow {
  article_id: string;
  visitor_hash: string;
  hour_bucket: string;
  ward_id: string;
}

const CHUNK = 1000; // rows per insert statement (4 parameters a row; SQLite allows 32766)

/** 'YYYY-MM-DDTHH' in UTC: the hour a view belongs to. */
export function hourBucket(at: Date): string {
  return at.toISOString().slice(0, 13);
}

/** Crawlers and link-preview fetchers (Zalo, Facebook) are not readers. */
const NOT_A_READER = /bot|crawl|spider|slurp|preview|facebookexternalhit|zalo|curl|wget|python-requests|headless/i;

export class ViewCounter {
  private pending = new Map<string, ViewRow>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly secret: string,
    private readonly opts: { delayMs: number; maxPending: number } = { delayMs: 500, maxPending: 1000 },
  ) {}

  visitorHash(ip: string, userAgent: string): string {
    return crypto.createHash('sha256').update(`${this.secret}\n${ip}\n${userAgent}`).digest('hex');
  }

  /** Notes one view; it reaches the database with the next batch. */
  record(article: { id: string; ward_id: string }, ip: string, userAgent: string, at = new Date()): void {
    if (NOT_A_READER.test(userAgent)) return;
    const row: ViewRow = { article_id: article.id, visitor_hash: this.visitorHash(ip, userAgent), hour_bucket: hourBucket(at), ward_id: article.ward_id };
    this.pending.set(`${row.article_id}|${row.visitor_hash}|${row.hour_bucket}`, row);
    if (this.pending.size >= this.opts.maxPending) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.opts.delayMs);
      this.timer.unref();
    }
  }

  /** Writes every pending view now (batches run one after another). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const rows = [...this.pending.values()];
    this.pending.clear();
    if (rows.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(rows)).catch(() => {
      // The database refused the batch (e.g. shutting down): put the views back for the next try.
      for (const r of rows) this.pending.set(`${r.article_id}|${r.visitor_hash}|${r.hour_bucket}`, r);
    });
    return this.flushing;
  }

  /** Each chunk is one statement, atomic on its own; a retried chunk is harmless (on conflict do nothing). */
  private async write(rows: ViewRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db
        .insertInto('article_view')
        .values(rows.slice(i, i + CHUNK))
        .onConflict((oc) => oc.columns(['article_id', 'visitor_hash', 'hour_bucket']).doNothing())
        .execute();
    }
  }
}

/**
 * Moves the views of closed hours into article.view_count. The current and the previous hour stay
 * in article_view so that a visitor is still recognized across the hour boundary. Returns the
 * number of views moved. Safe to run from several instances at once.
 */
export async function foldViews(db: Db, now = new Date()): Promise<number> {
  // better-sqlite3 blocks the thread while it waits for a lock, so two connections of one process
  // must not interleave transactions: fold one at a time per process on SQLite. Across processes
  // (and on PostgreSQL) the database's own locking keeps folds apart.
  if (dialectOf(db) === 'sqlite') {
    const run = sqliteFolds.then(() => foldOnce(db, now));
    sqliteFolds = run.catch(() => undefined);
    return run;
  }
  return foldOnce(db, now);
}

let sqliteFolds: Promise<unknown> = Promise.resolve();

async function foldOnce(db: Db, now: Date): Promise<number> {
  const cutoff = hourBucket(new Date(now.getTime() - 3600_000));
  return inTx(db, async (trx) => {
    const gone = await trx.deleteFrom('article_view').where('hour_bucket', '<', cutoff).returning('article_id').execute();
    const counts = new Map<string, number>();
    for (const r of gone) counts.set(r.article_id, (counts.get(r.article_id) ?? 0) + 1);
    for (const [id, n] of counts) {
      await trx
        .updateTable('article')
        .set((eb) => ({ view_count: eb('view_count', '+', n) }))
        .where('id', '=', id)
        .execute();
    }
    return gone.length;
  });
}

/** The secret mixed into visitor hashes: made once and kept in the database, shared by every instance. */
export async function viewSecret(db: Db): Promise<string> {
  const fresh = crypto.randomBytes(32).toString('base64url');
  await db.insertInto('app_setting').values({ key: 'portal_view_secret', value: fresh }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('app_setting').select('value').where('key', '=', 'portal_view_secret').executeTakeFirstOrThrow();
  return row.value;
}
