// The ward-tables registry: every table whose rows carry `ward_id` (the records of one ward), in
// an order safe for deletes (a table before every table it references), and the per-ward unique
// keys that can collide when the records of two wards are put together (a merge, D36).
// src/db/ward-tables.test.ts compares this list with the `DB` interface (scripts/check-wards.ts
// `wardTables()`) and the order with the foreign keys of a real database: a table added without
// registering it here fails that test.
import type { DB } from './types.ts';

/** Name of a table of the database. */
export type TableName = keyof DB & string;

/**
 * Every ward table, children before parents: deleting a ward's rows table by table in this order
 * never leaves a row that references a deleted one (foreign keys are immediate on PostgreSQL and
 * on SQLite). Updating `ward_id` in any order is safe: ids do not change.
 * `unit` comes last (everything references it); `audit_event` has no foreign key.
 */
export const WARD_TABLES: readonly TableName[] = [
  'people_import',
  'user_invite',
  'report_rollup',
  'report_file',
  'report_submission_event',
  'report_submission',
  'report_request',
  'report_form_version',
  'report_form',
  'issued_document',
  'document_number_seq',
  'body_term',
  'document_profile',
  'calendar_feed',
  'meeting_file',
  'meeting_conclusion_org',
  'meeting_conclusion',
  'meeting_directive_org',
  'meeting_directive',
  'meeting_report',
  'meeting_attendee',
  'meeting_agenda_item',
  'meeting_org',
  'meeting',
  'meeting_kind',
  'notification',
  'reminder_sent',
  'progress_file',
  'progress_update',
  'milestone',
  'task_month',
  'task_state',
  'task_source',
  'task_org',
  'task',
  'programme_version',
  'programme_source',
  'programme',
  'source_document',
  'work_file',
  'disclosure',
  'portal_file',
  'article_view',
  'article_revision',
  'article',
  'portal_category',
  'portal_site',
  'membership',
  'position',
  'person',
  'org_relation',
  'organization',
  'audit_event',
  'unit',
];

/**
 * How a per-ward unique key is kept unique when two wards' rows come together:
 * - `suffix`: the moving row's `column` gets "-2", "-3"… (the first free value in both wards);
 * - `fold`: the moving row is folded into the row the other ward already has (see merge.ts);
 * - `ids`: the key includes the id of a row of one ward (an organization, a task…), so rows of
 *   two wards never share it — nothing to do.
 */
export type CollisionRule = { kind: 'suffix'; column: string } | { kind: 'fold' } | { kind: 'ids'; because: string };

export interface WardUniqueKey {
  table: TableName;
  /** The unique index or constraint (its columns besides `ward_id`). */
  columns: readonly string[];
  rule: CollisionRule;
}

/** Unique keys that include `ward_id` (read from src/db/migrations/*), with how a merge keeps them. */
export const WARD_UNIQUE_KEYS: readonly WardUniqueKey[] = [
  { table: 'portal_category', columns: ['slug'], rule: { kind: 'suffix', column: 'slug' } },
  { table: 'article', columns: ['slug'], rule: { kind: 'suffix', column: 'slug' } },
  { table: 'disclosure', columns: ['slug'], rule: { kind: 'suffix', column: 'slug' } },
  { table: 'report_form', columns: ['code'], rule: { kind: 'suffix', column: 'code' } },
  // Built-in forms (ward_id null) are shared: both wards may have asked the same form for a period.
  { table: 'report_request', columns: ['form_id', 'period_id'], rule: { kind: 'fold' } },
  { table: 'programme', columns: ['org_id', 'year'], rule: { kind: 'ids', because: 'org_id is an organization of one ward' } },
  { table: 'document_number_seq', columns: ['issuer_org_id', 'doc_type', 'period_key'], rule: { kind: 'ids', because: 'issuer_org_id is an organization of one ward' } },
  { table: 'issued_document', columns: ['issuer_org_id', 'doc_type', 'period_key', 'number'], rule: { kind: 'ids', because: 'issuer_org_id is an organization of one ward' } },
];

/**
 * What each ward table holds, in Vietnamese (the merge preview and `roviec unit merge` show these,
 * never the table names). Typed by WARD_TABLES' names: src/db/ward-tables.test.ts checks every
 * registered table has a label, so the next ward table needs one.
 */
export const WARD_TABLE_LABELS: Record<string, string> = {
  people_import: 'Lần nhập danh sách người',
  user_invite: 'Lời mời tạo tài khoản',
  report_rollup: 'Tổng hợp báo cáo',
  report_file: 'Tệp báo cáo',
  report_submission_event: 'Lịch sử nộp báo cáo',
  report_submission: 'Báo cáo đã nộp',
  report_request: 'Yêu cầu báo cáo',
  report_form_version: 'Phiên bản mẫu báo cáo',
  report_form: 'Mẫu báo cáo',
  issued_document: 'Văn bản đã ban hành',
  document_number_seq: 'Sổ đăng ký số văn bản',
  body_term: 'Nhiệm kỳ',
  document_profile: 'Thể thức văn bản',
  calendar_feed: 'Lịch đồng bộ',
  meeting_file: 'Tệp cuộc họp',
  meeting_conclusion_org: 'Tổ chức thực hiện kết luận',
  meeting_conclusion: 'Kết luận cuộc họp',
  meeting_directive_org: 'Tổ chức thực hiện chỉ đạo',
  meeting_directive: 'Chỉ đạo tại cuộc họp',
  meeting_report: 'Biên bản, báo cáo cuộc họp',
  meeting_attendee: 'Người dự họp',
  meeting_agenda_item: 'Nội dung chương trình họp',
  meeting_org: 'Tổ chức dự họp',
  meeting: 'Cuộc họp',
  meeting_kind: 'Loại cuộc họp',
  notification: 'Thông báo',
  reminder_sent: 'Nhắc việc đã gửi',
  progress_file: 'Tệp tiến độ',
  progress_update: 'Cập nhật tiến độ',
  milestone: 'Mốc thời gian',
  task_month: 'Tiến độ theo tháng của nhiệm vụ (tính sẵn)',
  task_state: 'Tình trạng nhiệm vụ (tính sẵn)',
  task_source: 'Căn cứ của nhiệm vụ',
  task_org: 'Tổ chức phối hợp nhiệm vụ',
  task: 'Nhiệm vụ',
  programme_version: 'Phiên bản chương trình công tác',
  programme_source: 'Căn cứ của chương trình công tác',
  programme: 'Chương trình công tác',
  source_document: 'Văn bản căn cứ',
  work_file: 'Tệp công việc',
  disclosure: 'Thông tin công khai',
  portal_file: 'Tệp trên cổng thông tin',
  article_view: 'Lượt xem bài viết',
  article_revision: 'Phiên bản bài viết',
  article: 'Bài viết',
  portal_category: 'Chuyên mục',
  portal_site: 'Cổng thông tin',
  membership: 'Sinh hoạt đoàn thể (hội viên, đảng viên)',
  position: 'Chức vụ',
  person: 'Người',
  org_relation: 'Quan hệ giữa các tổ chức',
  organization: 'Tổ chức',
  audit_event: 'Nhật ký thao tác',
  unit: 'Tổ dân phố, thôn',
};

/** The same labels in English. */
export const WARD_TABLE_LABELS_EN: { [K in keyof typeof WARD_TABLE_LABELS]: string } = {
  people_import: 'People imports',
  user_invite: 'Account invitations',
  report_rollup: 'Report roll-ups',
  report_file: 'Report files',
  report_submission_event: 'Report submission events',
  report_submission: 'Report submissions',
  report_request: 'Report requests',
  report_form_version: 'Report form versions',
  report_form: 'Report forms',
  issued_document: 'Issued documents',
  document_number_seq: 'Document number registers',
  body_term: 'Terms of office',
  document_profile: 'Document profiles',
  calendar_feed: 'Calendar feeds',
  meeting_file: 'Meeting files',
  meeting_conclusion_org: 'Organizations of conclusions',
  meeting_conclusion: 'Meeting conclusions',
  meeting_directive_org: 'Organizations of directives',
  meeting_directive: 'Meeting directives',
  meeting_report: 'Meeting minutes and reports',
  meeting_attendee: 'Meeting attendees',
  meeting_agenda_item: 'Agenda items',
  meeting_org: 'Meeting organizations',
  meeting: 'Meetings',
  meeting_kind: 'Meeting kinds',
  notification: 'Notifications',
  reminder_sent: 'Reminders sent',
  progress_file: 'Progress files',
  progress_update: 'Progress updates',
  milestone: 'Milestones',
  task_month: 'Monthly progress of tasks (precomputed)',
  task_state: 'Task status (precomputed)',
  task_source: 'Task sources',
  task_org: 'Task organizations',
  task: 'Tasks',
  programme_version: 'Programme versions',
  programme_source: 'Programme sources',
  programme: 'Work programmes',
  source_document: 'Source documents',
  work_file: 'Work files',
  disclosure: 'Disclosures',
  portal_file: 'Portal files',
  article_view: 'Article views',
  article_revision: 'Article revisions',
  article: 'Articles',
  portal_category: 'Portal categories',
  portal_site: 'Portal sites',
  membership: 'Memberships',
  position: 'Positions',
  person: 'People',
  org_relation: 'Organization relations',
  organization: 'Organizations',
  audit_event: 'Audit log entries',
  unit: 'Residential groups and villages',
};

/** The Vietnamese (default) or English label of a ward table; the table name when none (never for a registered table). */
export function wardTableLabel(table: string, locale: 'vi' | 'en' = 'vi'): string {
  return (locale === 'en' ? WARD_TABLE_LABELS_EN : WARD_TABLE_LABELS)[table] ?? table;
}
