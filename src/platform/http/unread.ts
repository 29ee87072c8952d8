// The unread-notification count in the header of every signed-in page (issue 11, docs/DESIGN.md
// D49). Used once per page answer (never for the API, files or redirects): `sendPage` and the
// routes that render a page elsewhere (a worker) call `loadUnread` before `pageContext`. A GET or
// HEAD with a session has it already: the session's query reads it with the account for the home
// ward (auth/session-store.ts, D79) and the identity hook hands it over (`noteUnread`).
// Otherwise one query on the partial index notification_unread_idx (migration 0021), counting at
// most UNREAD_CAP rows (platform/notify.ts `unreadCountOf`).
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../../db/index.ts';
import { toNumber } from '../../db/dialect.ts';
import { preparedQuery } from '../../db/prepared.ts';
import { unreadCountOf } from '../notify.ts';

const counts = new WeakMap<FastifyRequest, number>();

/** Unread notifications of user `userId` in ward `wardId`, at most UNREAD_CAP. One query. */
export async function unreadCount(q: Queryable, userId: string, wardId: string): Promise<number> {
  const [r] = await countUnread(q, userId, wardId);
  return toNumber(r?.n);
}

/** The count's query, built once (db/prepared.ts): it runs on every signed-in page. */
const countUnread = preparedQuery((q: Queryable, userId: string, wardId: string) => q.selectNoFrom(unreadCountOf(userId, wardId).as('n')));

/**
 * Notes for request `req` the count `n` read already (with its session, security.ts
 * `useReadWithSession`, D79): `loadUnread` then reads nothing. Null counts as 0.
 */
export function noteUnread(req: FastifyRequest, n: number | string | bigint | null): void {
  counts.set(req, toNumber(n ?? 0));
}

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
