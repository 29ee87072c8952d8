// The unread-notification count in the header of every signed-in page (issue 11, docs/DESIGN.md
// D49). Read once per page answer (never for the API, files or redirects): `sendPage` and the
// routes that render a page elsewhere (a worker) call `loadUnread` before `pageContext`. One query
// on the partial index notification_unread_idx (migration 0021), counting at most UNREAD_CAP rows.
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/index.ts';
import { toNumber } from '../../db/dialect.ts';
import { preparedQuery } from '../../db/prepared.ts';

/** Counting stops here: the header says "more than 99" beyond it. */
export const UNREAD_CAP = 100;

const counts = new WeakMap<FastifyRequest, number>();

/** Unread notifications of user `userId` in ward `wardId`, at most UNREAD_CAP. One query. */
export async function unreadCount(q: Queryable, userId: string, wardId: string): Promise<number> {
  const [r] = await countUnread(q, userId, wardId);
  return toNumber(r?.n);
}

/** The count's query, built once (db/prepared.ts): it runs on every signed-in page. */
const countUnread = preparedQuery((q: Queryable, userId: string, wardId: string) =>
  q.selectFrom((eb) => eb.selectFrom('notification').select('id').where('user_id', '=', userId).where('ward_id', '=', wardId).where('read_at', 'is', null).limit(UNREAD_CAP).as('u')).select((eb) => eb.fn.countAll().as('n')),
);

/** Reads the signed-in user's unread count for this request (once; nothing when nobody is signed in). */
export async function loadUnread(req: FastifyRequest): Promise<void> {
  if (counts.has(req)) return;
  const userId = req.auth?.identity?.userId;
  const wardId = req.auth?.access?.wardId;
  if (!userId || !wardId) return;
  try {
    counts.set(req, await unreadCount(req.server.db, userId, wardId));
  } catch (err) {
    // An error page must render even when the database is what failed: the header goes without a count.
    req.log.warn({ err }, 'unread count not read');
  }
}

/** The count `loadUnread` read for this request, or undefined (not read, or nobody signed in). */
export function unreadOf(req: FastifyRequest): number | undefined {
  return counts.get(req);
}
