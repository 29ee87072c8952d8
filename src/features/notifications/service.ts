// The notifications room's public face (docs/DESIGN.md D50): a user's notifications in the current
// ward (paged, unread count for the header), marking them read (delivery marks: maintenance), the
// user's mail setting (a command on the account), and the mailers (immediate and daily digest).
// Rooms write notifications through platform/notify.ts inside their own commands.
import type { Db, Queryable } from '../../db/index.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import { runCommand, runMaintenance } from '../../platform/command.ts';
import { requireThat } from '../../platform/access.ts';
import { notFound, ValidationError } from '../../platform/errors.ts';
import { markRead, notificationOf, notificationPage, type NotificationItem } from './repo.ts';

export type { NotificationItem };
export { deliverPendingMail, notificationMail, shortenAtWord, subjectOf, type NotifyMailConfig } from './mail.ts';
export { runMailDigest } from './digest.ts';

/** Notifications a page shows. */
export const NOTIFS_PAGE_SIZE = 20;

/** The ways to receive mail, in the order of the setting's choices. */
export const MAIL_MODES = ['now', 'digest', 'off'] as const;
export type MailMode = (typeof MAIL_MODES)[number];

/** Page `page` (1-based) of the actor's notifications in its ward, newest first; empty for system actors. */
export async function listNotifications(q: Queryable, actor: Pick<Actor, 'userId' | 'wardId'>, page: number): Promise<{ items: NotificationItem[]; total: number; unread: number }> {
  if (!actor.userId) return { items: [], total: 0, unread: 0 };
  return notificationPage(q, actor.wardId, actor.userId, NOTIFS_PAGE_SIZE, (page - 1) * NOTIFS_PAGE_SIZE);
}

/**
 * Marks one of the actor's notifications read (`id`), or all of them (null). Maintenance
 * `notifications.read`: a delivery mark, not a record of the ward. 404 when `id` is not the actor's.
 */
export async function markNotificationsRead(db: Db, actor: Pick<Actor, 'userId' | 'wardId'>, id: string | null): Promise<void> {
  const userId = actor.userId;
  if (!userId) return;
  if (id && !(await notificationOf(db, actor.wardId, userId, id))) throw notFound();
  await runMaintenance(db, 'notifications.read', (q) => markRead(q, actor.wardId, userId, id));
}

/** The actor's mail setting and the address mail would go to (null: the linked person has none). */
export async function mailSetting(q: Queryable, actor: Pick<Actor, 'userId'>): Promise<{ mode: MailMode; email: string | null }> {
  if (!actor.userId) return { mode: 'off', email: null };
  const r = await q.selectFrom('app_user').leftJoin('person', 'person.id', 'app_user.person_id').select(['app_user.mail_mode', 'person.email']).where('app_user.id', '=', actor.userId).executeTakeFirst();
  const mode = (MAIL_MODES as readonly string[]).includes(r?.mail_mode ?? '') ? (r?.mail_mode as MailMode) : 'now';
  return { mode, email: r?.email ?? null };
}

/**
 * Sets how the actor receives mail about notifications ('now', 'digest', 'off'): command
 * `account.mail_mode` on the actor's own account (version bumped, audited). 400 for another value.
 */
export async function setMailMode(db: Db, actor: Actor, mode: string): Promise<MailMode> {
  if (!(MAIL_MODES as readonly string[]).includes(mode)) throw new ValidationError({ mail_mode: 'notifs.err.mode' });
  const userId = actor.userId;
  if (!userId) throw new ValidationError({ mail_mode: 'notifs.err.mode' });
  return runCommand(db, actor, 'account.mail_mode', async (c) => {
    requireThat(true); // one's own account: the signed-in user, nobody else's
    const before = await c.trx.selectFrom('app_user').select('mail_mode').where('id', '=', userId).executeTakeFirstOrThrow();
    await c.trx.updateTable('app_user').set((eb) => ({ mail_mode: mode, updated_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', userId).execute();
    await c.audit({ action: 'account.mail_mode', entityType: 'app_user', entityId: userId, before: { mail_mode: before.mail_mode }, after: { mail_mode: mode } });
    return mode as MailMode;
  });
}
