// Inputs of the meetings room (zod, one schema per form and JSON body) and the value sets.
import { z } from 'zod';
import { checkbox, date, id, idList, optDate, optEnum, optId, optLongText, optText, text, version, int, searchBox } from '../../platform/validation.ts';

export const MEETING_STATUSES = ['draft', 'convened', 'held', 'approved', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const ATTENDEE_ROLES = ['member', 'guest', 'press'] as const;
export type AttendeeRole = (typeof ATTENDEE_ROLES)[number];
export const ATTENDANCE = ['invited', 'confirmed', 'present', 'excused', 'absent', 'late', 'left_early'] as const;
export type Attendance = (typeof ATTENDANCE)[number];
/** Statuses counted as "có mặt" in the minutes (late and left early attended part of it). */
export const PRESENT: ReadonlySet<string> = new Set(['present', 'late', 'left_early']);
export const CONCLUSION_KINDS = ['information', 'decision', 'task'] as const;
export type ConclusionKind = (typeof CONCLUSION_KINDS)[number];

/** "14:00" or "14h00" or "14h" → minutes after midnight; anything else fails with err.time. */
const time = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.string().transform((v, ctx) => {
      const m = /^(\d{1,2})(?::|h)(\d{2})?$/.exec(v) ?? /^(\d{1,2})$/.exec(v);
      const h = m ? Number(m[1]) : NaN;
      const min = m && m[2] ? Number(m[2]) : 0;
      if (!m || h > 23 || min > 59) {
        ctx.addIssue({ code: 'custom', message: 'meeting.err.time' });
        return z.NEVER;
      }
      return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
    }),
  );

/** Vietnam local date and time → ISO UTC instant (Vietnam is UTC+7 all year). */
export function vnInstant(day: string, hhmm: string): string {
  return new Date(`${day}T${hhmm}:00+07:00`).toISOString();
}

export const MeetingInput = z.object({
  kind_id: z.string().min(1).max(100),
  title: text(300),
  date: date(),
  start_time: time(),
  end_date: optDate(),
  end_time: time(),
  place: text(200),
  host_org_id: id(),
  chair_person_id: optId(),
  secretary_person_id: optId(),
  invited_org_ids: idList(),
  summary: optLongText(4000),
  others_text: optText(1000),
  is_public: checkbox(),
});
export type MeetingInput = z.output<typeof MeetingInput>;
export const MeetingUpdateInput = MeetingInput.extend({ version: version() });
export type MeetingUpdateInput = z.output<typeof MeetingUpdateInput>;

export const VersionInput = z.object({ version: version() });
export const CancelInput = z.object({ reason: text(500), version: version() });
export type CancelInput = z.output<typeof CancelInput>;
/** The actual end time is optional: left blank (the form's empty field), the planned end stands. */
export const HeldInput = z.object({ closed_time: z.preprocess((v) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v), time().optional()), version: version() });
export type HeldInput = z.output<typeof HeldInput>;

export const AgendaInput = z.object({
  title: text(300),
  presenter_person_id: optId(),
  presenter_name: optText(200),
  planned_minutes: z.preprocess((v) => (v === '' || v === null ? undefined : v), int(1, 600, { message: 'meeting.err.minutes' }).optional()).transform((v) => v ?? null),
});
export type AgendaInput = z.output<typeof AgendaInput>;

export const AttendeeInput = z.object({
  person_id: optId(),
  guest_name: optText(200),
  guest_title: optText(300),
  role: z.enum(ATTENDEE_ROLES).default('member'),
  status: z.enum(ATTENDANCE).default('invited'),
  reason: optText(300),
  featured: checkbox(),
});
export type AttendeeInput = z.output<typeof AttendeeInput>;

export const AttendanceInput = z.object({ status: z.enum(ATTENDANCE), reason: optText(300), version: version() });
export type AttendanceInput = z.output<typeof AttendanceInput>;

export const ReportInput = z.object({
  org_id: id(),
  presenter_person_id: optId(),
  summary: z.preprocess((v) => (v === null ? undefined : v), optLongText(8000).pipe(z.string({ message: 'meeting.err.summary' }))),
  is_public: checkbox(),
});
export type ReportInput = z.output<typeof ReportInput>;

export const DirectiveInput = z.object({
  speaker_person_id: optId(),
  speaker_name: optText(200),
  content: z.preprocess((v) => (v === null ? undefined : v), optLongText(8000).pipe(z.string({ message: 'meeting.err.content' }))),
  org_ids: idList(),
  is_public: checkbox(),
});
export type DirectiveInput = z.output<typeof DirectiveInput>;

export const ConclusionInput = z.object({
  kind: z.enum(CONCLUSION_KINDS).default('task'),
  content: z.preprocess((v) => (v === null ? undefined : v), optLongText(8000).pipe(z.string({ message: 'meeting.err.content' }))),
  lead_org_id: optId(),
  coordinating_org_ids: idList(),
  addressed_org_ids: idList(),
  due_on: optDate(),
  is_public: checkbox(),
});
export type ConclusionInput = z.output<typeof ConclusionInput>;
export const ConclusionUpdateInput = ConclusionInput.extend({ version: version() });
export type ConclusionUpdateInput = z.output<typeof ConclusionUpdateInput>;

export const KindInput = z.object({ name: text(100), name_en: optText(100) });
export type KindInput = z.output<typeof KindInput>;

export const MeetingListQuery = z.object({
  q: searchBox(200),
  status: optEnum(MEETING_STATUSES),
  org: optId(),
  year: z.preprocess((v) => (v === '' ? undefined : v), int(2000, 2100).optional()),
  page: int(1, 100000, { default: 1 }),
  page_size: int(1, 200, { default: 50 }),
});
export type MeetingListQuery = z.output<typeof MeetingListQuery>;
