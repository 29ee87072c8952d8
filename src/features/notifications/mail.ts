// E-mail about notifications (docs/DESIGN.md D50). One mechanism for every room: a room writes
// its in-app notification with platform/notify.ts inside its command; this mailer, after the
// commit, mails each new notification to its user when that user chose immediate mail
// (`app_user.mail_mode = 'now'`) and has an address. A row is claimed before it is mailed
// (`update notification set mailed_at … where mailed_at is null`): two instances, or a request
// hook and the minute timer, never mail one notification twice. Rooms that send their own mail
// (meeting invitations with their .ics, reminders) store their rows as mailed (`mailed: true`).
// Delivery records, not ward records: maintenance `notifications.mail`.
import type { Db } from '../../db/index.ts';
import { nowIso } from '../../db/dialect.ts';
import { runMaintenance } from '../../platform/command.ts';
import { sendMail, type MailConfig, type MailMessage, type MailResult } from '../../platform/mail.ts';
import { emailsOfUsers } from '../../platform/notify.ts';
import { translate } from '../../platform/i18n/index.ts';

/** What the mailer needs of the configuration: SMTP, the sender, and the origin of links. */
export type NotifyMailConfig = MailConfig & { publicUrl: string };

/** Longest subject text after "[RõViệc] " (characters). */
export const SUBJECT_TEXT_MAX = 110;

/** A notification is mailed at once only within this time of its creation (a server without SMTP for a week does not mail the week when SMTP is set). */
export const MAIL_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Shortens `text` to at most `max` characters at a word boundary, ending with "…" (counted in
 * `max`): the cut is the last space before the limit, never inside a word; punctuation left
 * dangling before "…" is dropped. A text that fits is returned with its spaces collapsed. Only a
 * first word longer than `max - 1` itself is cut (there is no boundary to cut at).
 */
export function shortenAtWord(text: string, max: number): string {
  const s = text.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (s.length <= max) return s;
  const room = s.slice(0, max); // characters max-1 of text plus the one after (to see a boundary there)
  let cut = room.lastIndexOf(' ');
  if (cut <= 0) cut = max - 1; // one enormous word: nowhere else to cut
  let end = cut;
  while (end > 0 && /[\s,;:.–\-(«"']/u.test(s[end - 1] as string)) end--;
  return `${s.slice(0, end)}…`;
}

/** The subject of a notification's mail: "[RõViệc] " and its text shortened at a word. */
export function subjectOf(message: string): string {
  return translate('vi', 'mail.subject', { text: shortenAtWord(message, SUBJECT_TEXT_MAX) });
}

/** Absolute URL of an item's path on the configured origin (ROVIEC_PUBLIC_URL). */
export function absoluteUrl(publicUrl: string, link: string | null): string {
  return new URL(link && link.startsWith('/') ? link : '/app/notifications', publicUrl).toString();
}

/** The mail of one notification: its text, the item's absolute link, and where to change the setting. */
export function notificationMail(config: Pick<NotifyMailConfig, 'publicUrl'>, to: string, n: { message: string; link: string | null }): MailMessage {
  const text = [n.message, '', translate('vi', 'mail.open', { url: absoluteUrl(config.publicUrl, n.link) }), '', '-- ', translate('vi', 'mail.footer', { url: absoluteUrl(config.publicUrl, '/app/account') })].join('\n');
  return { to, subject: subjectOf(n.message), text };
}

export interface MailRun extends MailResult {
  /** Notifications claimed by this pass (mailed or, for users without an address, skipped). */
  claimed: number;
}

/**
 * One pass of the immediate mailer: claims up to `batch` notifications not yet mailed, made in the
 * last day, of users who chose immediate mail, and mails each to its user's address. Without
 * SMTP it claims nothing. Safe from several instances at once. Returns counts.
 */
export async function deliverPendingMail(db: Db, config: NotifyMailConfig, now: Date = new Date(), batch = 200): Promise<MailRun> {
  if (!config.smtpUrl) return { claimed: 0, sent: 0, failed: 0 };
  const since = new Date(now.getTime() - MAIL_WINDOW_MS).toISOString();
  // ward-scope: the mailer serves every ward; each row is one user's, mailed to that user only.
  const pending = await db
    .selectFrom('notification')
    .innerJoin('app_user', 'app_user.id', 'notification.user_id')
    .select('notification.id')
    .where('notification.mailed_at', 'is', null)
    .where('notification.created_at', '>=', since)
    .where('app_user.mail_mode', '=', 'now')
    .orderBy('notification.created_at')
    .limit(batch)
    .execute();
  if (pending.length === 0) return { claimed: 0, sent: 0, failed: 0 };
  const claimed = await runMaintenance(db, 'notifications.mail', (q) =>
    // ward-scope: rows picked above by id; the claim is the `mailed_at is null` condition.
    q
      .updateTable('notification')
      .set({ mailed_at: nowIso(now) })
      .where('id', 'in', pending.map((p) => p.id))
      .where('mailed_at', 'is', null)
      .returning(['id', 'user_id', 'message', 'link', 'created_at'])
      .execute(),
  );
  const addresses = new Map((await emailsOfUsers(db, [...new Set(claimed.map((c) => c.user_id))])).map((e) => [e.userId, e.email]));
  const mails: MailMessage[] = [];
  for (const c of claimed.sort((a, b) => a.created_at.localeCompare(b.created_at))) {
    const to = addresses.get(c.user_id);
    if (to) mails.push(notificationMail(config, to, c));
  }
  const r = await sendMail(config, mails);
  return { claimed: claimed.length, ...r };
}
