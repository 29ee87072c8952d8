// Reminders: before a milestone or a deadline, on becoming overdue, and a weekly digest per person.
// Each reminder is first recorded in reminder_sent under a unique key (task, kind, date bucket,
// user) with "on conflict do nothing": a restarted process or a second instance finds the key
// taken and sends nothing. In-app notifications are written in the same transaction; email (when
// SMTP_URL is set) goes out after the commit — at most once, a failure is logged, not retried.
// Both tables are delivery records, not records of the ward: they run as maintenance
// (`programmes.reminders`, `programmes.notification-read`), not audited — reminder_sent is itself
// the log of what was sent to whom and when, and a reminder changes no task, programme or person.
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import { runMaintenance } from '../../platform/command.ts';
import { sendMail, type MailConfig } from '../../platform/mail.ts';
import { translate, type MessageKey } from '../../platform/i18n/index.ts';
import { addDays, clipAtWord, formatDate, isoWeek, todayInVietnam } from '../../lib/vi/index.ts';
import { fmtPct } from './schedule.ts';

/** Days before a deadline or milestone from which it is reminded, unless configured (ROVIEC_REMIND_DAYS). */
export const REMIND_DAYS_AHEAD = 3;

export type ReminderKind = 'milestone_soon' | 'deadline_soon' | 'overdue' | 'digest';

interface Candidate {
  wardId: string;
  taskId: string; // '-' for the digest
  kind: ReminderKind;
  bucket: string;
  userId: string;
  message: string;
  email: string | null;
}

/** ISO week of a date, "2017-W07": the digest's bucket (lib/vi/calendar.ts). */
export { isoWeek };

/** Users to remind about a task: the owner's accounts, else the heads of its lead organization. */
async function recipients(q: Queryable, tasks: { id: string; ward_id: string; owner_person_id: string | null; lead_org_id: string | null }[]) {
  const persons = [...new Set(tasks.map((t) => t.owner_person_id).filter((x): x is string => !!x))];
  const orgs = [...new Set(tasks.map((t) => t.lead_org_id).filter((x): x is string => !!x))];
  const [owners, heads] = await Promise.all([
    persons.length
      ? q.selectFrom('app_user').leftJoin('person', 'person.id', 'app_user.person_id').select(['app_user.id', 'app_user.person_id', 'app_user.mail_mode', 'person.email']).where('app_user.person_id', 'in', persons).where('app_user.disabled', '=', 0).execute()
      : Promise.resolve([]),
    orgs.length
      ? q
          .selectFrom('role_grant')
          .innerJoin('app_user', 'app_user.id', 'role_grant.user_id')
          .leftJoin('person', 'person.id', 'app_user.person_id')
          .select(['app_user.id', 'role_grant.org_id', 'app_user.mail_mode', 'person.email'])
          .where('role_grant.role', '=', 'org_head')
          .where('role_grant.org_id', 'in', orgs)
          .where('app_user.disabled', '=', 0)
          .execute()
      : Promise.resolve([]),
  ]);
  return (t: { owner_person_id: string | null; lead_org_id: string | null }) => {
    const byOwner = owners.filter((o) => o.person_id === t.owner_person_id);
    const list = byOwner.length ? byOwner : heads.filter((h) => h.org_id === t.lead_org_id);
    // Mail goes only to users who chose immediate mail (D50); the others find it in-app or in their digest.
    return [...new Map(list.map((u) => [u.id, { userId: u.id, email: u.mail_mode === 'now' ? (u.email ?? null) : null }])).values()];
  };
}

/** What is due to be sent now, across every ward; `daysAhead`: how long before a date it is reminded. */
export async function dueReminders(q: Queryable, now: Date = new Date(), daysAhead: number = REMIND_DAYS_AHEAD): Promise<Candidate[]> {
  const today = todayInVietnam(now);
  const soon = addDays(today, daysAhead);
  const vi = (k: MessageKey, p: Record<string, string | number>) => translate('vi', k, p);
  const cols = ['task.id', 'task.ward_id', 'task.title', 'task.due_on', 'task.owner_person_id', 'task.lead_org_id', 'task.progress_percent'] as const;
  // ward-scope: reminders are due across every ward (the job runs for all); each row carries its ward_id.
  const [deadlines, milestones, open] = await Promise.all([
    // Deadlines within the next days, and those passed in the last week (overdue, once).
    q.selectFrom('task').select(cols).where('task.done_on', 'is', null).where('task.approval', '!=', 'draft').where('task.due_on', '>=', addDays(today, -7)).where('task.due_on', '<=', soon).execute(),
    q
      .selectFrom('milestone')
      .innerJoin('task', 'task.id', 'milestone.task_id')
      .select([...cols, 'milestone.due_on as m_due', 'milestone.planned_percent'])
      .where('task.done_on', 'is', null)
      .where('task.approval', '!=', 'draft')
      .where('milestone.due_on', '>=', today)
      .where('milestone.due_on', '<=', soon)
      .execute(),
    q.selectFrom('task').select(cols).where('task.done_on', 'is', null).where('task.approval', '!=', 'draft').where('task.parent_id', 'is', null).execute(),
  ]);
  const who = await recipients(q, [...deadlines, ...milestones, ...open]);
  const out: Candidate[] = [];
  for (const t of deadlines) {
    const due = t.due_on as string;
    const kind: ReminderKind = due < today ? 'overdue' : 'deadline_soon';
    for (const r of who(t)) out.push({ wardId: t.ward_id, taskId: t.id, kind, bucket: due, userId: r.userId, email: r.email, message: vi(`notif.${kind}`, { task: t.title, date: formatDate(due) }) });
  }
  for (const m of milestones) {
    if ((m.progress_percent ?? 0) >= m.planned_percent) continue; // already there
    for (const r of who(m)) out.push({ wardId: m.ward_id, taskId: m.id, kind: 'milestone_soon', bucket: m.m_due, userId: r.userId, email: r.email, message: vi('notif.milestone_soon', { task: m.title, date: formatDate(m.m_due), percent: fmtPct(m.planned_percent) }) });
  }
  // Weekly digest: one per user per ISO week, counting the tasks they are reminded about.
  const week = isoWeek(today);
  const digest = new Map<string, { wardId: string; email: string | null; open: number; late: number; soon: number }>();
  for (const t of open) {
    for (const r of who(t)) {
      const d = digest.get(r.userId) ?? { wardId: t.ward_id, email: r.email, open: 0, late: 0, soon: 0 };
      d.open++;
      if (t.due_on && t.due_on < today) d.late++;
      else if (t.due_on && t.due_on <= addDays(today, 7)) d.soon++;
      digest.set(r.userId, d);
    }
  }
  for (const [userId, d] of digest) out.push({ wardId: d.wardId, taskId: '-', kind: 'digest', bucket: week, userId, email: d.email, message: vi('notif.digest', { open: d.open, late: d.late, soon: d.soon }) });
  return out;
}

export interface ReminderRun {
  considered: number;
  sent: number;
  emailed: number;
  emailErrors: number;
}

/**
 * One pass: record and deliver what is due. Safe to call from several instances at once.
 * Maintenance `programmes.reminders` (delivery records; see the top of this file).
 */
export async function runReminders(db: Db, config: MailConfig & { remindDaysAhead?: number }, now: Date = new Date()): Promise<ReminderRun> {
  const candidates = await dueReminders(db, now, config.remindDaysAhead ?? REMIND_DAYS_AHEAD);
  const emails: { to: string; text: string }[] = [];
  let sent = 0;
  for (const c of candidates) {
    const claimed = await db.transaction().execute((tx) => runMaintenance(tx, 'programmes.reminders', async (trx) => {
      const row = await trx
        .insertInto('reminder_sent')
        .values({ id: newId(), ward_id: c.wardId, task_id: c.taskId, kind: c.kind, bucket: c.bucket, user_id: c.userId, created_at: nowIso(now) })
        .onConflict((oc) => oc.columns(['task_id', 'kind', 'bucket', 'user_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) return false;
      // Mailed here (below), so the notification mailer leaves it alone (mailed_at, D50).
      const at = nowIso(now);
      await trx.insertInto('notification').values({ id: newId(), ward_id: c.wardId, user_id: c.userId, kind: c.kind, task_id: c.taskId === '-' ? null : c.taskId, message: c.message, created_at: at, read_at: null, link: c.taskId === '-' ? '/app' : `/app/tasks/${c.taskId}`, dedupe_key: null, mailed_at: at }).execute();
      return true;
    }));
    if (!claimed) continue;
    sent++;
    if (c.email) emails.push({ to: c.email, text: c.message });
  }
  const mailed = await sendMail(
    config,
    emails.map((e) => ({ to: e.to, subject: translate('vi', 'notif.subject', { text: clipAtWord(e.text, 80) }), text: e.text })),
  );
  const emailed = mailed.sent;
  const emailErrors = mailed.failed;
  return { considered: candidates.length, sent, emailed, emailErrors };
}

/** Runs reminders now and then every `everyMs` (default hourly); returns a stop function, which resolves once a pass already running has finished. */
export function startReminderRunner(db: Db, config: MailConfig, log: { error: (o: object, msg: string) => void }, everyMs = 60 * 60 * 1000, run: (db: Db, config: MailConfig) => Promise<unknown> = runReminders): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = (async () => {
      try {
        await run(db, config);
      } catch (err) {
        log.error({ err }, 'reminders failed');
      } finally {
        running = null;
      }
    })();
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  // Stopping waits for a pass already running, so the database is not closed under it.
  return async () => {
    clearInterval(timer);
    await running;
  };
}
