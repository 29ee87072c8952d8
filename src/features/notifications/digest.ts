// The daily digest (docs/DESIGN.md D50): once a Vietnam day, from ROVIEC_DIGEST_HOUR (default 7:00
// Asia/Ho_Chi_Minh), each user who chose "tóm tắt hằng ngày" receives one mail listing the
// notifications still unread that arrived since the last digest (the first digest: the last 7
// days). The day is claimed first — a `mail_digest` row unique by (user, day), inserted with
// `on conflict do nothing` — so two instances, a restart or a second pass send it once. A user with
// nothing new is not claimed and gets no mail. Delivery records: maintenance `notifications.digest`.
import type { Db } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import { runMaintenance } from '../../platform/command.ts';
import { sendMail, type MailMessage } from '../../platform/mail.ts';
import { translate } from '../../platform/i18n/index.ts';
import { formatDate, formatDateTime, todayInVietnam } from '../../lib/vi/index.ts';
import { absoluteUrl, type NotifyMailConfig } from './mail.ts';

/** Most notifications listed in one digest (the rest: "and N more", the page lists them all). */
export const DIGEST_MAX_ITEMS = 50;

export interface DigestRun {
  /** Users whose digest this pass claimed. */
  users: number;
  sent: number;
  failed: number;
}

/** The Vietnam hour of an instant (UTC+7, no daylight saving). */
const vietnamHour = (now: Date) => (now.getUTCHours() + 7) % 24;

/**
 * Sends the digest of `now`'s Vietnam day to every user who chose it and has something unread
 * since their last digest. Before `config.digestHour` (Vietnam time) sends nothing. Without SMTP
 * sends nothing and claims nothing. Safe from several instances at once.
 */
export async function runMailDigest(db: Db, config: NotifyMailConfig & { digestHour?: number }, now: Date = new Date()): Promise<DigestRun> {
  const run: DigestRun = { users: 0, sent: 0, failed: 0 };
  if (!config.smtpUrl || vietnamHour(now) < (config.digestHour ?? 7)) return run;
  const day = todayInVietnam(now);
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600_000).toISOString();
  const users = await db
    .selectFrom('app_user')
    .innerJoin('person', 'person.id', 'app_user.person_id')
    .select(['app_user.id', 'app_user.display_name', 'person.email'])
    .where('app_user.mail_mode', '=', 'digest')
    .where('app_user.disabled', '=', 0)
    .where('person.email', 'is not', null)
    // ward-scope: a user's digest covers every ward the user works in; users are not ward rows.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('mail_digest').select('mail_digest.id').whereRef('mail_digest.user_id', '=', 'app_user.id').where('mail_digest.day', '=', day))))
    .execute();
  const mails: MailMessage[] = [];
  for (const u of users) {
    const last = await db.selectFrom('mail_digest').select('created_at').where('user_id', '=', u.id).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    const since = last?.created_at ?? weekAgo;
    // ward-scope: the user's own notifications in every ward (one mail per user).
    const items = await db.selectFrom('notification').select(['message', 'link', 'created_at']).where('user_id', '=', u.id).where('read_at', 'is', null).where('created_at', '>', since).where('created_at', '<=', nowIso(now)).orderBy('created_at', 'desc').execute();
    if (items.length === 0) continue;
    const claimed = await runMaintenance(db, 'notifications.digest', (q) =>
      q.insertInto('mail_digest').values({ id: newId(), user_id: u.id, day, created_at: nowIso(now), items: items.length }).onConflict((oc) => oc.columns(['user_id', 'day']).doNothing()).returning('id').executeTakeFirst(),
    );
    if (!claimed) continue;
    run.users++;
    mails.push(digestMail(config, u.email as string, u.display_name, day, items));
  }
  const r = await sendMail(config, mails);
  return { ...run, sent: r.sent, failed: r.failed };
}

/** The digest mail: a numbered list of the unread notifications, each with its time and absolute link. */
export function digestMail(config: Pick<NotifyMailConfig, 'publicUrl'>, to: string, name: string, day: string, items: { message: string; link: string | null; created_at: string }[]): MailMessage {
  const shown = items.slice(0, DIGEST_MAX_ITEMS);
  const lines = [translate('vi', 'mail.digestIntro', { name, n: items.length }), ''];
  shown.forEach((n, i) => {
    lines.push(`${i + 1}. ${formatDateTime(n.created_at)} — ${n.message}`, `   ${absoluteUrl(config.publicUrl, n.link)}`);
  });
  if (items.length > shown.length) lines.push('', `… ${absoluteUrl(config.publicUrl, '/app/notifications')}`);
  lines.push('', '-- ', translate('vi', 'mail.footer', { url: absoluteUrl(config.publicUrl, '/app/account') }));
  return { to, subject: translate('vi', 'mail.digestSubject', { date: formatDate(day), n: items.length }), text: lines.join('\n') };
}
