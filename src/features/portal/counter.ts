// The view counter. A view is one row in article_view keyed (article, visitor, hour): the same
// visitor within the same hour adds nothing. Views are noted in memory and written in batches: one
// transaction per batch does
//   insert into article_view … on conflict do nothing returning article_id   (only new visitors)
//   update article set view_count = view_count + n where id = …               (once per article)
// so the hot article row is updated once per batch, not once per view, and a visitor counted by
// one instance is not counted again by another (the insert of the second finds the row and returns
// nothing). The shown count is article.view_count. Closed hours are deleted now and then; deleting
// is idempotent, so any number of instances may do it at once.
import crypto from 'node:crypto';
import type { Db } from '../../db/index.ts';
import { dialectOf } from '../../db/dialect.ts';
import { inTx } from '../../platform/tx.ts';
import { runMaintenance, type MaintenanceTx } from '../../platform/command.ts';

interface ViewRow {
  article_id: string;
  visitor_hash: string;
  hour_bucket: string;
  ward_id: string;
}

const CHUNK = 500; // rows per insert statement (4 parameters a row; SQLite allows 32766)

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

  /** One transaction: the new visitors' rows, and each article's count raised by the rows that were new. */
  private async write(rows: ViewRow[]): Promise<void> {
    await serialized(this.db, () =>
      runMaintenance(this.db, 'portal.view-counter', (q) => inTx(q as Db, async (t) => {
        const trx = t as unknown as MaintenanceTx;
        const counts = new Map<string, number>();
        for (let i = 0; i < rows.length; i += CHUNK) {
          const added = await trx
            .insertInto('article_view')
            .values(rows.slice(i, i + CHUNK))
            .onConflict((oc) => oc.columns(['article_id', 'visitor_hash', 'hour_bucket']).doNothing())
            .returning('article_id')
            .execute();
          for (const r of added) counts.set(r.article_id, (counts.get(r.article_id) ?? 0) + 1);
        }
        for (const [id, n] of counts) {
          // ward-scope: the article ids were resolved by the public route within the site's ward.
          await trx
            .updateTable('article')
            .set((eb) => ({ view_count: eb('view_count', '+', n) }))
            .where('id', '=', id)
            .execute();
        }
      })),
    );
  }
}

// better-sqlite3 blocks the thread while it waits for a lock, so two connections of one process
// (two app instances in one test process) must not interleave transactions: on SQLite, writes of
// this module run one at a time per process. Across processes, and on PostgreSQL, the database's
// own locking keeps them apart.
let sqliteChain: Promise<unknown> = Promise.resolve();
function serialized<R>(db: Db, fn: () => Promise<R>): Promise<R> {
  if (dialectOf(db) !== 'sqlite') return fn();
  const run = sqliteChain.then(fn);
  sqliteChain = run.catch(() => undefined);
  return run;
}

/**
 * Forgets the visitors of closed hours (their views are already in article.view_count). The current
 * and the previous hour stay, so a visitor is still recognized across the hour boundary. Returns
 * the number of rows deleted.
 */
export async function forgetOldVisitors(db: Db, now = new Date()): Promise<number> {
  const cutoff = hourBucket(new Date(now.getTime() - 3600_000));
  // ward-scope: the purge of closed hours is the same for every ward.
  const res = await serialized(db, () => runMaintenance(db, 'portal.view-purge', (q) => q.deleteFrom('article_view').where('hour_bucket', '<', cutoff).executeTakeFirst()));
  return Number(res.numDeletedRows);
}

/** The secret mixed into visitor hashes: made once and kept in the database, shared by every instance. */
export async function viewSecret(db: Db): Promise<string> {
  const fresh = crypto.randomBytes(32).toString('base64url');
  await runMaintenance(db, 'portal.view-secret', (q) => q.insertInto('app_setting').values({ key: 'portal_view_secret', value: fresh }).onConflict((oc) => oc.column('key').doNothing()).execute());
  const row = await db.selectFrom('app_setting').select('value').where('key', '=', 'portal_view_secret').executeTakeFirstOrThrow();
  return row.value;
}
