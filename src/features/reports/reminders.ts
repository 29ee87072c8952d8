// Report reminders (issue 10, item 2): before the due date (from 3 days ahead) and after it (once a
// week while the report is still not sent), to the heads of each organization whose report is not
// with the office (chưa nộp, đang soạn, trả lại). In-app through platform/notify, whose unique
// (user, dedupe_key) makes a reminder idempotent across runs and instances; e-mail after the
// commit to the users notified now, when SMTP is configured. Delivery records, not ward records:
// maintenance `reports.reminders`.
import type { Db } from '../../db/index.ts';
import { runMaintenance } from '../../platform/command.ts';
import { sendMail, type MailConfig } from '../../platform/mail.ts';
import { emailsOfUsers, notify, usersOfOrgs } from '../../platform/notify.ts';
import { translate } from '../../platform/i18n/index.ts';
import { addDays, clipAtWord, formatDate, isoWeek, todayInVietnam } from '../../lib/vi/index.ts';

/** Days before the due date from which a reminder is sent. */
export const REPORT_REMIND_DAYS = 3;

export interface ReportReminderRun {
  notified: number;
  emailed: number;
  emailErrors: number;
}

/**
 * Sends the report reminders due at `now` across every ward: 'due soon' once per report (due within
 * 3 days), 'overdue' once per ISO week after the due date. Returns counts.
 */
export async function runReportReminders(db: Db, config: MailConfig, now: Date = new Date()): Promise<ReportReminderRun> {
  const today = todayInVietnam(now);
  const rows = await db
    .selectFrom('report_submission as s')
    .innerJoin('report_request as r', 'r.id', 's.request_id')
    .select(['s.id', 's.ward_id', 's.org_id', 'r.id as request_id', 'r.title', 'r.due_on'])
    .where('r.status', '=', 'open')
    .where('s.status', 'in', ['pending', 'draft', 'returned'])
    .where('r.due_on', '<=', addDays(today, REPORT_REMIND_DAYS))
    // Overdue reminders stop a year after the due date: an abandoned request does not nag forever.
    .where('r.due_on', '>=', addDays(today, -366))
    .execute();
  let notified = 0;
  const mails: { to: string; subject: string; text: string }[] = [];
  for (const s of rows) {
    const overdue = today > s.due_on;
    const message = translate('vi', overdue ? 'report.notif.overdue' : 'report.notif.dueSoon', { title: s.title, due: formatDate(s.due_on) });
    const users = await usersOfOrgs(db, s.ward_id, [s.org_id]);
    const now2 = await runMaintenance(db, 'reports.reminders', (q) =>
      notify(q, { wardId: s.ward_id, userIds: users, kind: overdue ? 'report_overdue' : 'report_due_soon', message, link: `/app/reports/submissions/${s.id}`, dedupeKey: overdue ? `report:${s.id}:overdue:${isoWeek(today)}` : `report:${s.id}:due_soon`, mailed: true }),
    );
    notified += now2.length;
    for (const e of await emailsOfUsers(db, now2)) mails.push({ to: e.email, subject: translate('vi', 'notif.subject', { text: clipAtWord(message, 80) }), text: message });
  }
  const mailed = mails.length ? await sendMail(config, mails) : { sent: 0, failed: 0 };
  return { notified, emailed: mailed.sent, emailErrors: mailed.failed };
}
