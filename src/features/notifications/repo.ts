// Queries of the notifications room: one user's notifications in one ward (the bell, the page),
// and the delivery marks (read). Every query names the ward and the user.
import type { Queryable } from '../../db/index.ts';
import { nowIso } from '../../db/dialect.ts';
import type { MaintenanceTx } from '../../platform/command.ts';

/** One notification as the page shows it. */
export interface NotificationItem {
  id: string;
  kind: string;
  task_id: string | null;
  link: string | null;
  message: string;
  created_at: string;
  read_at: string | null;
}

/** A page of the user's notifications in the ward, newest first, with the total and the unread count. */
export async function notificationPage(q: Queryable, wardId: string, userId: string, limit: number, offset: number): Promise<{ items: NotificationItem[]; total: number; unread: number }> {
  const [items, counts] = await Promise.all([
    q
      .selectFrom('notification')
      .select(['id', 'kind', 'task_id', 'link', 'message', 'created_at', 'read_at'])
      .where('ward_id', '=', wardId)
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    q
      .selectFrom('notification')
      .select((eb) => [eb.fn.countAll<number | string>().as('total'), eb.fn.count<number | string>('id').filterWhere('read_at', 'is', null).as('unread')])
      .where('ward_id', '=', wardId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  ]);
  return { items, total: Number(counts?.total ?? 0), unread: Number(counts?.unread ?? 0) };
}

/** Marks one of the user's notifications read (null id: every unread one). Returns the rows changed. */
export async function markRead(q: MaintenanceTx, wardId: string, userId: string, id: string | null): Promise<number> {
  let u = q.updateTable('notification').set({ read_at: nowIso() }).where('ward_id', '=', wardId).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id) u = u.where('id', '=', id);
  const r = await u.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The link of one of the user's notifications, or undefined when it is not theirs (or not in this ward). */
export async function notificationOf(q: Queryable, wardId: string, userId: string, id: string): Promise<NotificationItem | undefined> {
  return q.selectFrom('notification').select(['id', 'kind', 'task_id', 'link', 'message', 'created_at', 'read_at']).where('ward_id', '=', wardId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}
