// The meetings calendar's reads: the month view and the .ics invitation of one meeting. What an
// actor sees is the meeting scope of features/meetings/visibility.ts (issue 9 item 8) and, for a
// draft, the office only (admin, office). Anything else — another ward's meeting, one outside the
// scope, a draft for anyone else — is a 404 that does not reveal it exists.
import type { Queryable } from '../../../db/index.ts';
import type { Actor } from '../../../platform/actor.ts';
import { notFound } from '../../../platform/errors.ts';
import { formatSessionDate, formatTime, toIsoDate, todayInVietnam } from '../../../lib/vi/index.ts';
import { translate } from '../../../platform/i18n/index.ts';
import type { MailMessage } from '../../../platform/mail.ts';
import { emailsOfUsers } from '../../../platform/notify.ts';
import { meetingScope } from '../visibility.ts';
import { inviteIcs, type IcsMeeting } from './ics.ts';
import { monthGrid, type MonthGrid } from './month.ts';
import { agendaOf, attendeesOf, meetingsStarting, visibleMeeting, type CalMeeting, type Visibility } from './repo.ts';

/** What `actor` sees of the ward's meetings: its scope, and drafts only for admin and office. */
export async function calendarVisibility(q: Queryable, actor: Actor): Promise<Visibility> {
  return { scope: await meetingScope(q, actor), drafts: actor.roles.has('admin') || actor.roles.has('office') };
}

/** The month view: the grid (see month.ts) and the visible meetings by their Vietnam start day. */
export interface MonthView {
  grid: MonthGrid;
  byDay: Map<string, CalMeeting[]>;
  count: number;
}

/**
 * The meetings of `month` ('YYYY-MM', already checked) that `actor` may see, placed on the Vietnam
 * day they start; today is the Vietnam day of `now`.
 */
export async function monthView(q: Queryable, actor: Actor, month: string, now: Date = new Date()): Promise<MonthView> {
  const grid = monthGrid(month, todayInVietnam(now));
  const rows = await meetingsStarting(q, actor.wardId, await calendarVisibility(q, actor), grid.from, grid.to);
  const byDay = new Map<string, CalMeeting[]>();
  for (const r of rows) {
    const day = toIsoDate(r.starts_at);
    byDay.set(day, [...(byDay.get(day) ?? []), r]);
  }
  return { grid, byDay, count: rows.length };
}

/** Adds agenda titles, attendees and the page URL (`baseUrl` + /app/meetings/:id) to meetings of one ward. */
export async function withDetails(q: Queryable, wardId: string, ms: readonly CalMeeting[], baseUrl: string | null): Promise<IcsMeeting[]> {
  const ids = ms.map((m) => m.id);
  const [attendees, agenda] = await Promise.all([attendeesOf(q, wardId, ids), agendaOf(q, wardId, ids)]);
  return ms.map((m) => ({
    ...m,
    attendees: attendees.filter((a) => a.meeting_id === m.id),
    agenda: agenda.filter((a) => a.meeting_id === m.id).map((a) => a.title),
    url: baseUrl ? `${baseUrl}/app/meetings/${m.id}` : null,
  }));
}

/**
 * The .ics invitation of meeting `id` for `actor` (see ics.ts: METHOD:REQUEST, or CANCEL once
 * cancelled). `organizerEmail` is the configured sender's address. Throws 404 when the actor may
 * not see the meeting (another ward, out of scope, a draft outside the office).
 */
export async function meetingInvite(q: Queryable, actor: Actor, id: string, opts: { baseUrl: string | null; organizerEmail: string }): Promise<{ method: 'REQUEST' | 'CANCEL'; text: string }> {
  const m = await visibleMeeting(q, actor.wardId, await calendarVisibility(q, actor), id);
  if (!m) throw notFound();
  const [full] = await withDetails(q, actor.wardId, [m], opts.baseUrl);
  return inviteIcs(full as IcsMeeting, opts.organizerEmail);
}

/**
 * The invitation e-mails of meeting `id` to these users (those with an address, through their
 * linked person): a Vietnamese text and the .ics as the calendar part (METHOD:REQUEST, or CANCEL
 * once cancelled), for `sendMail` after the command that convened, moved or cancelled the meeting
 * has committed — typically to the users `notify()` reported as newly notified. The recipients
 * were chosen by that command, so the meeting is read without a scope (ward-scoped; [] when absent).
 */
export async function invitationMails(q: Queryable, wardId: string, id: string, userIds: readonly string[], opts: { baseUrl: string | null; organizerEmail: string }): Promise<MailMessage[]> {
  const m = await visibleMeeting(q, wardId, { scope: 'all', drafts: true }, id);
  if (!m || userIds.length === 0) return [];
  const [full] = await withDetails(q, wardId, [m], opts.baseUrl);
  const ics = inviteIcs(full as IcsMeeting, opts.organizerEmail);
  const when = `${formatSessionDate(m.starts_at)}, ${formatTime(m.starts_at)}`;
  const subject = translate('vi', ics.method === 'CANCEL' ? 'cal.mail.cancel' : 'cal.mail.invite', { title: m.title, when });
  const text = [subject, translate('vi', 'cal.mail.body', { when, place: m.place, host: m.host_name }), full?.url ?? ''].filter(Boolean).join('\n\n');
  return (await emailsOfUsers(q, userIds)).map((u) => ({ to: u.email, subject, text, icalEvent: { method: ics.method, content: ics.text, filename: 'cuoc-hop.ics' } }));
}
