// Who hears of a meeting and what they are told: the heads of the host and invited bodies and every
// attendee with an account, in-app (and by e-mail where the platform sends it), once per user and
// event across instances (the de-duplication key names the event and the calendar SEQUENCE).
import type { CommandContext } from '../../platform/command.ts';
import { translate } from '../../platform/i18n/index.ts';
import { notify, usersOfOrgs, usersOfPeople } from '../../platform/notify.ts';
import { formatDateTime } from '../../lib/vi/index.ts';
import type { MeetingRow } from './repo.ts';

export type MeetingEvent = 'convened' | 'moved' | 'cancelled';

/**
 * Notifies the people a meeting concerns of `event`, inside the command that caused it. Returns the
 * users notified now (the caller e-mails them the invitation after the commit).
 */
export async function notifyMeeting(c: CommandContext, m: Pick<MeetingRow, 'id' | 'ward_id' | 'title' | 'starts_at' | 'place' | 'host_org_id' | 'ics_sequence' | 'cancel_reason'>, event: MeetingEvent): Promise<string[]> {
  const q = c.trx;
  const orgs = (await q.selectFrom('meeting_org').select('org_id').where('ward_id', '=', m.ward_id).where('meeting_id', '=', m.id).execute()).map((r) => r.org_id);
  const people = (await q.selectFrom('meeting_attendee').select('person_id').where('ward_id', '=', m.ward_id).where('meeting_id', '=', m.id).execute()).map((r) => r.person_id).filter((p): p is string => !!p);
  const userIds = new Set([...(await usersOfOrgs(q, m.ward_id, [m.host_org_id, ...orgs])), ...(await usersOfPeople(q, m.ward_id, people))]);
  if (c.actor.userId) userIds.delete(c.actor.userId);
  if (userIds.size === 0) return [];
  const message = translate('vi', `meeting.notif.${event}`, { title: m.title, when: formatDateTime(m.starts_at), place: m.place, reason: m.cancel_reason ?? '' });
  return notify(q, { wardId: m.ward_id, userIds: [...userIds], kind: `meeting_${event}`, message, link: `/app/meetings/${m.id}`, dedupeKey: `meeting:${m.id}:${event}:${m.ics_sequence}`, mailed: true });
}
