// iCalendar (RFC 5545) for meetings, built with ical-generator 10: one invitation per meeting
// (METHOD:REQUEST, or METHOD:CANCEL once cancelled; RFC 5546 iTIP) and the personal feed
// (METHOD:PUBLISH). UID `<meeting id>@roviec` never changes; SEQUENCE is meeting.ics_sequence,
// raised by the meetings room on every change sent. Times are written in Vietnam time with
// TZID=Asia/Ho_Chi_Minh and a VTIMEZONE (UTC+7, no daylight saving since 1975); DTSTAMP, CREATED
// and LAST-MODIFIED are UTC. Lines are folded at 75 octets by ical-generator, never inside a UTF-8
// sequence (it folds per character).
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalAttendeeType, ICalCalendarMethod, ICalEventStatus, type ICalCalendar, type ICalLuxonDateTimeStub } from 'ical-generator';
import { xmlText } from '../../../lib/xml.ts';
import { translate } from '../../../platform/i18n/index.ts';
import type { CalAttendee, CalMeeting } from './repo.ts';
import './messages.ts';

/** The time zone of every meeting. */
export const VN_TZID = 'Asia/Ho_Chi_Minh';
const VN_OFFSET_MS = 7 * 3_600_000;

// Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 13/06/1975; one STANDARD rule.
const VTIMEZONE = ['BEGIN:VTIMEZONE', `TZID:${VN_TZID}`, `X-LIC-LOCATION:${VN_TZID}`, 'BEGIN:STANDARD', 'TZOFFSETFROM:+0700', 'TZOFFSETTO:+0700', 'TZNAME:+07', 'DTSTART:19700101T000000', 'END:STANDARD', 'END:VTIMEZONE', ''].join('\r\n');

/** Cal-address host for attendees without an e-mail address: `.invalid` never resolves (RFC 2606), so no client mails it. */
export const NO_MAIL_DOMAIN = 'khong-co-thu.invalid';

/**
 * An ISO UTC instant as the date-time object ical-generator formats in a time zone (its Luxon
 * stub): `toFormat` gives the Vietnam wall-clock fields, whatever the host's time zone.
 */
export function vnDateTime(iso: string): ICalLuxonDateTimeStub {
  const at = new Date(iso);
  const wall = new Date(at.getTime() + VN_OFFSET_MS).toISOString(); // 'YYYY-MM-DDTHH:MM:SS.sssZ' read as Vietnam time
  const stub: ICalLuxonDateTimeStub = {
    isValid: !Number.isNaN(at.getTime()),
    zone: { type: 'fixed' },
    setZone: () => stub,
    toJSDate: () => at,
    toJSON: () => at.toISOString(),
    toFormat: (fmt: string) => {
      if (fmt === 'yyyyLLdd') return wall.slice(0, 10).replaceAll('-', '');
      if (fmt === 'HHmmss') return wall.slice(11, 19).replaceAll(':', '');
      throw new Error(`unsupported format ${fmt}`);
    },
  };
  return stub;
}

/** The address part of a sender such as 'RõViệc <khong-tra-loi@roviec.local>'. */
export function addressOf(mailFrom: string): string {
  const m = /<([^<>\s@]+@[^<>\s@]+)>\s*$/.exec(mailFrom.trimEnd());
  return (m?.[1] ?? mailFrom).trim();
}

/**
 * A name as an iCalendar parameter value (CN=…): RFC 5545 §3.1 allows no DQUOTE inside a quoted
 * parameter value and has no escape for it, so a typed `"` becomes `'` (else a guest named
 * `B":mailto:x@y` would rewrite the attendee's address in some readers).
 */
export function paramText(s: string): string {
  return s.replace(/"/g, "'");
}

/** A meeting with what its invitation names: agenda titles, attendees, and the page URL (absolute) when known. */
export interface IcsMeeting extends CalMeeting {
  agenda: readonly string[];
  attendees: readonly CalAttendee[];
  url: string | null;
}

const PARTSTAT: Record<string, ICalAttendeeStatus> = {
  invited: ICalAttendeeStatus.NEEDSACTION,
  confirmed: ICalAttendeeStatus.ACCEPTED,
  present: ICalAttendeeStatus.ACCEPTED,
  late: ICalAttendeeStatus.ACCEPTED,
  left_early: ICalAttendeeStatus.ACCEPTED,
  excused: ICalAttendeeStatus.DECLINED,
  absent: ICalAttendeeStatus.DECLINED,
};
const ROLE: Record<string, ICalAttendeeRole> = { member: ICalAttendeeRole.REQ, guest: ICalAttendeeRole.OPT, press: ICalAttendeeRole.NON };

const vi = translate.bind(null, 'vi');

/** DESCRIPTION: kind, host body, chair, agenda titles, cancellation, link. Vietnamese (the ward's language). */
function description(m: IcsMeeting): string {
  const lines: string[] = [];
  if (m.status === 'cancelled') {
    lines.push(vi('cal.ics.cancelled'));
    if (m.cancel_reason) lines.push(vi('cal.ics.cancelReason', { reason: m.cancel_reason }));
  }
  lines.push(vi('cal.ics.kind', { kind: m.kind_name }), vi('cal.ics.host', { host: m.host_name }));
  if (m.chair_name) lines.push(vi('cal.ics.chair', { name: m.chair_name }));
  if (m.agenda.length) lines.push(vi('cal.ics.agenda'), ...m.agenda.map((a, i) => `${i + 1}. ${a}`));
  if (m.url) lines.push(vi('cal.ics.link', { url: m.url }));
  return lines.join('\n');
}

function addEvent(cal: ICalCalendar, m: IcsMeeting, organizerEmail: string, now: Date): void {
  cal.createEvent({
    id: `${m.id}@roviec`,
    sequence: m.ics_sequence,
    stamp: now,
    created: new Date(m.created_at),
    lastModified: new Date(m.updated_at),
    timezone: VN_TZID,
    start: vnDateTime(m.starts_at),
    end: vnDateTime(m.ends_at),
    summary: m.title,
    location: m.place,
    description: description(m),
    status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : m.status === 'draft' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    organizer: { name: paramText(m.host_name), email: organizerEmail },
    url: m.url,
    attendees: m.attendees.map((a) => ({
      name: paramText(a.full_name ?? a.guest_name ?? ''),
      email: a.email ?? `${a.id}@${NO_MAIL_DOMAIN}`,
      role: ROLE[a.role] ?? ICalAttendeeRole.REQ,
      status: PARTSTAT[a.status] ?? ICalAttendeeStatus.NEEDSACTION,
      type: ICalAttendeeType.INDIVIDUAL,
    })),
  });
}

function render(cal: ICalCalendar): string {
  // Every content line ends with CRLF, the last one too (RFC 5545 §3.1). No control character
  // (other than the CRLF and folding tab) may appear whatever a stored title holds (§3.1, §3.3.11):
  // xmlText drops them, and lone surrogates, after folding (a line only gets shorter).
  const out = xmlText(cal.toString());
  const text = out.endsWith('\r\n') ? out : `${out}\r\n`;
  // The VTIMEZONE that TZID=Asia/Ho_Chi_Minh refers to, before the first event.
  return text.includes('BEGIN:VEVENT') ? text.replace('BEGIN:VEVENT', `${VTIMEZONE}BEGIN:VEVENT`) : text;
}

const PROD_ID = { company: 'RoViec', product: 'Lich hop', language: 'VI' };

/**
 * The invitation of one meeting: METHOD:REQUEST, or METHOD:CANCEL with STATUS:CANCELLED once the
 * meeting is cancelled. `organizerEmail`: the configured sender's address (ROVIEC_MAIL_FROM).
 * Returns the method (for the Content-Type's `method=` parameter) and the text (CRLF lines).
 */
export function inviteIcs(m: IcsMeeting, organizerEmail: string, now: Date = new Date()): { method: 'REQUEST' | 'CANCEL'; text: string } {
  const method = m.status === 'cancelled' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST;
  const cal = ical({ prodId: PROD_ID, method });
  addEvent(cal, m, organizerEmail, now);
  return { method: method === ICalCalendarMethod.CANCEL ? 'CANCEL' : 'REQUEST', text: render(cal) };
}

/** A personal feed: METHOD:PUBLISH, one event per meeting (cancelled ones with STATUS:CANCELLED), named `name`. */
export function feedIcs(ms: readonly IcsMeeting[], name: string, organizerEmail: string, now: Date = new Date()): string {
  const cal = ical({ prodId: PROD_ID, method: ICalCalendarMethod.PUBLISH, name, ttl: 3600 });
  for (const m of ms) addEvent(cal, m, organizerEmail, now);
  return render(cal);
}
