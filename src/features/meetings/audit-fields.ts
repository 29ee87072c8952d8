// The words of meetings' fields in the audit log (D60): the labels of the meeting form and of the
// parts audited on the meeting (agenda items, attendees, reports, directives, conclusions, files,
// documents), statuses and roles in words, people and organizations by name. Meeting kinds too.
// Loaded with the room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';
import { registerMessages } from '../../platform/i18n/registry.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';

const vi = {
  'meeting.audit.startsAt': 'Bắt đầu',
  'meeting.audit.endsAt': 'Kết thúc',
  'meeting.audit.summary': 'Nội dung chính',
  'meeting.audit.frozen': 'Số người dự được chốt chức vụ',
  'meeting.audit.convenedAt': 'Gửi giấy mời lúc',
  'meeting.audit.approvedAt': 'Duyệt biên bản lúc',
  'meeting.audit.approvedBy': 'Người duyệt biên bản',
  'meeting.audit.number': 'Số',
  'meeting.audit.tasks': 'Số nhiệm vụ đã giao',
  'meeting.audit.tasksAt': 'Giao nhiệm vụ lúc',
  'meeting.audit.fileCount': 'Số tệp',
  'meeting.audit.kindActive': 'Đang dùng',
  'meeting.audit.kindCode': 'Mã loại',
} as const;
const en: { [K in keyof typeof vi]: string } = {
  'meeting.audit.startsAt': 'Starts',
  'meeting.audit.endsAt': 'Ends',
  'meeting.audit.summary': 'Main content',
  'meeting.audit.frozen': 'Attendees whose posts were fixed',
  'meeting.audit.convenedAt': 'Invitations sent at',
  'meeting.audit.approvedAt': 'Minutes approved at',
  'meeting.audit.approvedBy': 'Minutes approved by',
  'meeting.audit.number': 'Number',
  'meeting.audit.tasks': 'Tasks assigned',
  'meeting.audit.tasksAt': 'Tasks assigned at',
  'meeting.audit.fileCount': 'Files',
  'meeting.audit.kindActive': 'In use',
  'meeting.audit.kindCode': 'Kind code',
};
registerMessages(vi, en);

const MEETING_STATUSES = ['draft', 'convened', 'held', 'approved', 'cancelled'];
const org = (label: MessageKey) => ({ label, kind: 'org' as const });
const person = (label: MessageKey) => ({ label, kind: 'person' as const });

registerAuditFields('meeting', {
  kind_id: null, // the kind (an id; its name is on the meeting's page)
  title: 'meeting.name',
  starts_at: { label: 'meeting.audit.startsAt', kind: 'instant' },
  ends_at: { label: 'meeting.audit.endsAt', kind: 'instant' },
  place: 'meeting.place',
  host_org_id: org('meeting.host'),
  chair_person_id: person('meeting.chair'),
  secretary_person_id: person('meeting.secretary'),
  invited_org_ids: org('meeting.invited'),
  summary: 'meeting.audit.summary',
  others_text: 'meeting.others',
  is_public: { label: 'meeting.isPublic', kind: 'bool' },
  // A meeting's status, or an attendee's attendance.
  status: { label: 'meeting.status', values: (v) => (MEETING_STATUSES.includes(v) ? `meeting.status.${v}` : `meeting.att.${v}`) },
  cancel_reason: 'meeting.cancelReason',
  reason: 'meeting.att.reason',
  closed_at: { label: 'meeting.closedTime', kind: 'instant' },
  convened_at: { label: 'meeting.audit.convenedAt', kind: 'instant' },
  approved_at: { label: 'meeting.audit.approvedAt', kind: 'instant' },
  approved_by: null, // an account (the log's actor column names who approved)
  frozen_attendees: { label: 'meeting.audit.frozen', kind: 'number' },
  ics_sequence: null,
  article_id: null, // the portal article (an id)
  // Documents (giấy mời, biên bản, thông báo) and files.
  doc: { label: 'meeting.documents', values: (v) => `meeting.doc.${v}` },
  number: 'meeting.audit.number',
  file_ids: { label: 'meeting.audit.fileCount', kind: 'count' },
  file_id: null,
  // Parts of the meeting (their rows): agenda, attendees, reports, directives, conclusions.
  meeting_id: null,
  position: null, // the order on the page
  agenda_item_id: null,
  presenter_person_id: person('meeting.agenda.presenter'),
  presenter_name: 'meeting.agenda.presenter',
  planned_minutes: { label: 'meeting.agenda.minutes', kind: 'number' },
  carried_conclusion_id: null,
  carried_from_id: null,
  person_id: person('meeting.attendee.name'),
  guest_name: 'meeting.attendee.name',
  guest_title: 'meeting.attendee.guestTitle',
  role: { label: 'meeting.attendee.role', values: (v) => `meeting.role.${v}` },
  posts_frozen: 'meeting.attendee.posts',
  featured: { label: 'meeting.attendee.featured', kind: 'bool' },
  org_id: org('meeting.report.org'),
  speaker_person_id: person('meeting.directive.speaker'),
  speaker_name: 'meeting.directive.speaker',
  content: 'meeting.directive.content',
  org_ids: org('meeting.directive.orgs'),
  kind: { label: 'meeting.conclusion.kind', values: (v) => `meeting.conclusion.kind.${v}` },
  lead_org_id: org('meeting.conclusion.lead'),
  coordinating_org_ids: org('meeting.conclusion.coordinating'),
  addressed_org_ids: org('meeting.conclusion.addressed'),
  due_on: 'meeting.conclusion.due',
  conclusion_id: null,
  task_ids: { label: 'meeting.audit.tasks', kind: 'count' },
  tasks_created_at: { label: 'meeting.audit.tasksAt', kind: 'instant' },
});

registerAuditFields('meeting_kind', {
  code: 'meeting.audit.kindCode',
  name: 'meeting.kind.name',
  name_en: 'meeting.kind.nameEn',
  active: { label: 'meeting.audit.kindActive', kind: 'bool' },
});

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
