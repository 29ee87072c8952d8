// The words of people's, posts' and memberships' fields in the audit log (D60): the labels of the
// room's forms, values as its pages show them. Loaded with the room's messages.
import { registerAuditFields } from '../../platform/audit-fields.ts';
import { registerMessages } from '../../platform/i18n/registry.ts';

const PERSONAL: Record<string, string> = { birth_date: 'person.birthDate', phone: 'person.phone', email: 'person.email' };

registerAuditFields('person', {
  full_name: 'person.fullName',
  gender: { label: 'person.gender', values: (v) => `person.gender.${v}` },
  birth_date: 'person.birthDate',
  phone: 'person.phone',
  email: 'person.email',
  unit_id: null, // the residential group: left out (its name is not at hand on this page)
  note: 'person.note',
  ended_on: 'person.endedOn',
  end_reason: 'person.endReason',
  // An export of personal details (person.export): how, which details, how many people.
  via: 'audit.field.via',
  fields: { label: 'audit.field.exported', values: (v) => PERSONAL[v] ?? v },
  ids: { label: 'audit.field.peopleCount', kind: 'count' },
});

registerAuditFields('position', {
  person_id: { label: 'person.fullName', kind: 'person' },
  org_id: { label: 'position.org', kind: 'org' },
  title: 'position.name',
  abbreviation: 'position.abbreviation',
  rank: 'position.rank',
  start_on: 'position.start',
  end_on: 'position.end',
});

registerAuditFields('membership', {
  person_id: { label: 'person.fullName', kind: 'person' },
  org_id: { label: 'membership.org', kind: 'org' },
  member_no: 'membership.no',
  start_on: 'membership.start',
  end_on: 'membership.end',
});

// An import of people from Excel (person.import_preview, person.import): the file, how many rows,
// errors, people, posts and memberships — the rows' names only, never their personal details.
const vi = {
  'import.audit.file': 'Tệp',
  'import.audit.rows': 'Số dòng',
  'import.audit.errors': 'Số lỗi',
  'import.audit.counts': 'Người, chức vụ, hội viên',
  'import.audit.people': 'Số người',
  'import.audit.posts': 'Số chức vụ',
  'import.audit.memberships': 'Số hội viên',
  'import.audit.expiresAt': 'Bản xem trước hết hạn lúc',
  'import.audit.committedAt': 'Ghi vào hệ thống lúc',
} as const;
const en: { [K in keyof typeof vi]: string } = {
  'import.audit.file': 'File',
  'import.audit.rows': 'Rows',
  'import.audit.errors': 'Errors',
  'import.audit.counts': 'People, posts, memberships',
  'import.audit.people': 'People',
  'import.audit.posts': 'Posts',
  'import.audit.memberships': 'Memberships',
  'import.audit.expiresAt': 'Preview expires at',
  'import.audit.committedAt': 'Written at',
};
registerMessages(vi, en);

registerAuditFields('people_import', {
  file: 'import.audit.file',
  file_name: 'import.audit.file',
  rows: { label: 'import.audit.rows', kind: 'count' },
  errors: { label: 'import.audit.errors', kind: 'number' },
  counts: 'import.audit.counts',
  owner_id: null, // the account that uploaded it
  rows_json: null, // the rows themselves (personal details)
  errors_json: null,
  row_count: { label: 'import.audit.rows', kind: 'number' },
  people_count: { label: 'import.audit.people', kind: 'number' },
  post_count: { label: 'import.audit.posts', kind: 'number' },
  membership_count: { label: 'import.audit.memberships', kind: 'number' },
  expires_at: { label: 'import.audit.expiresAt', kind: 'instant' },
  committed_at: { label: 'import.audit.committedAt', kind: 'instant' },
});

declare module '../../platform/i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
