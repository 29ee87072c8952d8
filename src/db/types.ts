// Row types of every table, as Kysely sees them. Keep in step with migrations/.
import type { Generated } from 'kysely';

export interface AppSettingTable { key: string; value: string }

export interface UnitTable {
  id: string;
  ward_id: string | null;
  is_ward: number;
  kind: string;
  name: string;
  code: string | null;
  valid_from: string;
  valid_to: string | null;
  search_text: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface UnitParentTable {
  id: string;
  unit_id: string;
  parent_id: string;
  valid_from: string;
  valid_to: string | null;
}

/** A unit's name and code over a period (migration 0009, D35); rows exist once a unit was renamed from a date. */
export interface UnitNameTable {
  id: string;
  unit_id: string;
  name: string;
  code: string | null;
  valid_from: string;
  valid_to: string | null;
}

export interface OrganizationTable {
  id: string;
  ward_id: string;
  unit_id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  short_name: string | null;
  higher_body: string | null;
  sort_order: Generated<number>;
  valid_from: string;
  valid_to: string | null;
  search_text: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface OrgRelationTable {
  id: string;
  ward_id: string;
  org_id: string;
  related_org_id: string;
  relation: string;
  valid_from: string;
  valid_to: string | null;
}

export interface PersonTable {
  id: string;
  ward_id: string;
  full_name: string;
  sort_key: string;
  search_text: string;
  gender: string | null;
  birth_date: string | null;
  phone: string | null;
  email: string | null;
  unit_id: string | null;
  note: string | null;
  ended_on: string | null;
  end_reason: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PositionTable {
  id: string;
  ward_id: string;
  person_id: string;
  org_id: string;
  title: string;
  abbreviation: string | null;
  rank: Generated<number>;
  start_on: string;
  end_on: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface MembershipTable {
  id: string;
  ward_id: string;
  person_id: string;
  org_id: string;
  member_no: string | null;
  start_on: string;
  end_on: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AppUserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  home_ward_id: string | null;
  person_id: string | null;
  locale: Generated<string>;
  disabled: Generated<number>;
  version: Generated<number>;
  /** Bumped by every change to the account's grants, disabled flag or password (access cache). */
  access_version: Generated<number>;
  created_at: string;
  updated_at: string;
  /** How notifications reach the user by e-mail: 'now', 'digest' (daily) or 'off' (0017). */
  mail_mode: Generated<string>;
}

export interface RoleGrantTable {
  id: string;
  user_id: string;
  role: string;
  unit_id: string;
  org_id: string | null;
  created_at: string;
}

export interface SessionTable {
  sid: string;
  user_id: string | null;
  data: string;
  expires_at: string;
  updated_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** A one-time activation link of an account (issue 13, D39); the token itself is never stored. */
export interface UserInviteTable {
  id: string;
  ward_id: string;
  user_id: string;
  /** 'invite' (new account) or 'reset' (an administrator's password reset). */
  purpose: string;
  token_hash: string;
  email: string | null;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export interface AuditEventTable {
  id: string;
  ward_id: string | null;
  at: string;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  subject_id: string | null;
  summary: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

// Programmes of work and six-clear tasks (0003_programmes).
export interface WorkFileTable {
  id: string;
  ward_id: string;
  storage_key: string;
  original_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: string;
  /** A photo's JPEG preview (resized, upright, no metadata), beside the original at storage_key (0018, D55). */
  preview_key: string | null;
}

export interface SourceDocumentTable {
  id: string;
  ward_id: string;
  kind: string;
  number: string | null;
  issued_on: string | null;
  issuer: string | null;
  title: string;
  theme_year: number | null;
  file_id: string | null;
  /** The account that added it (migration 0008); null for rows from before, demo and imports. */
  created_by: string | null;
  search_text: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ProgrammeTable {
  id: string;
  ward_id: string;
  org_id: string;
  year: number;
  title: string;
  status: string;
  approved_version: Generated<number>;
  submitted_at: string | null;
  decided_at: string | null;
  decided_by: string | null;
  decision_comment: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ProgrammeSourceTable {
  programme_id: string;
  source_document_id: string;
  ward_id: string;
}

export interface ProgrammeVersionTable {
  id: string;
  ward_id: string;
  programme_id: string;
  version_no: number;
  approved_at: string;
  approved_by: string;
  comment: string | null;
  snapshot_json: string;
}

export interface TaskTable {
  id: string;
  ward_id: string;
  programme_id: string | null;
  parent_id: string | null;
  origin_kind: string;
  origin_ref: string | null;
  origin_note: string | null;
  title: string;
  description: string | null;
  owner_person_id: string | null;
  lead_org_id: string | null;
  start_on: string | null;
  due_on: string | null;
  result_kind: string | null;
  target_value: number | null;
  target_unit: string | null;
  deliverable: string | null;
  actual_value: number | null;
  actual_result: string | null;
  progress_percent: number | null;
  progress_on: string | null;
  done_on: string | null;
  approval: string;
  approved_at: string | null;
  approved_by: string | null;
  return_comment: string | null;
  sort_order: Generated<number>;
  search_text: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

// Materialized task state (0013_task_state, D41): derived, refreshed by refreshTaskState.
export interface TaskStateTable {
  task_id: string;
  ward_id: string;
  year: number | null;
  status: string;
  status_on: string;
}

// Schedule stamps (0024_schedule_stamp, D74): a counter per schedule scope, bumped by triggers.
export interface ScheduleStampTable {
  scope: string;
  n: number | string | bigint;
}

export interface TaskMonthTable {
  task_id: string;
  month: number;
  ward_id: string;
  year: number;
  in_span: number;
  planned: number | null;
  planned_cum: number;
  actual: number | null;
  tone: string;
}

export interface TaskOrgTable {
  task_id: string;
  org_id: string;
  ward_id: string;
}

export interface TaskSourceTable {
  task_id: string;
  source_document_id: string;
  ward_id: string;
}

export interface MilestoneTable {
  id: string;
  ward_id: string;
  task_id: string;
  month: string;
  due_on: string;
  planned_percent: number;
  title: string | null;
}

export interface ProgressUpdateTable {
  id: string;
  ward_id: string;
  task_id: string;
  reported_on: string;
  percent: number;
  value: number | null;
  note: string | null;
  user_id: string | null;
  actor_label: string;
  created_at: string;
}

export interface ProgressFileTable {
  progress_id: string;
  file_id: string;
  ward_id: string;
}

export interface ReminderSentTable {
  id: string;
  ward_id: string;
  task_id: string;
  kind: string;
  bucket: string;
  user_id: string;
  created_at: string;
}

export interface NotificationTable {
  id: string;
  ward_id: string;
  user_id: string;
  kind: string;
  task_id: string | null;
  message: string;
  created_at: string;
  read_at: string | null;
  /** Path of the item the notification is about (0005). */
  link: string | null;
  /** One notification per user and event: unique with user_id (0005). */
  dedupe_key: string | null;
  /** When the immediate mail was claimed (or the feature mailed it itself); null: not yet (0017). */
  mailed_at: Generated<string | null>;
}

/** One daily digest per user and Vietnam day, claimed before it is sent (0017). */
export interface MailDigestTable {
  id: string;
  user_id: string;
  /** The Vietnam day, YYYY-MM-DD. */
  day: string;
  created_at: string;
  /** Notifications the digest listed. */
  items: Generated<number>;
}

// The public portal and disclosures (0002_portal).
export interface PortalSiteTable {
  id: string;
  ward_id: string;
  host: string | null;
  is_default: Generated<number>;
  title: string;
  subtitle: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  /** Bumped by triggers on any change of the ward's articles (not view_count), categories or files (0014, D42). */
  content_version: Generated<number>;
  content_at: Generated<string>;
  /** Footer of every public page (0018, D55): responsible body, address, phone, e-mail; edits bump content_version by trigger. */
  footer_body: string | null;
  footer_address: string | null;
  footer_phone: string | null;
  footer_email: string | null;
}

export interface PortalCategoryTable {
  id: string;
  ward_id: string;
  slug: string;
  name: string;
  description: string | null;
  sort_order: Generated<number>;
  on_home: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ArticleTable {
  id: string;
  ward_id: string;
  category_id: string;
  slug: string;
  title: string;
  summary: string | null;
  body_md: string;
  body_html: string;
  /** The body's plain text (text.ts plainText), the source of search snippets (0014). */
  body_text: string;
  search_text: string;
  /** The folded title (lib/vi fold): search ranks by the query words found in it (0019, D72). */
  title_text: string;
  status: string;
  published_at: string | null;
  view_count: Generated<number>;
  cover_image_id: string | null;
  author_user_id: string | null;
  author_label: string;
  review_note: string | null;
  submitted_at: string | null;
  rev_no: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ArticleRevisionTable {
  id: string;
  ward_id: string;
  article_id: string;
  rev_no: number;
  category_id: string;
  title: string;
  summary: string | null;
  body_md: string;
  actor_user_id: string | null;
  actor_label: string;
  created_at: string;
}

export interface ArticleViewTable {
  article_id: string;
  visitor_hash: string;
  hour_bucket: string;
  ward_id: string;
}

export interface PortalFileTable {
  id: string;
  ward_id: string;
  owner_type: string;
  owner_id: string;
  kind: string;
  filename: string;
  mime: string;
  size_bytes: number;
  width: number | null;
  height: number | null;
  alt: string | null;
  caption: string | null;
  sort_order: Generated<number>;
  created_by_label: string;
  created_at: string;
}

export interface DisclosureTable {
  id: string;
  ward_id: string;
  kind: string;
  slug: string;
  title: string;
  description: string | null;
  posted_on: string;
  duration_days: number;
  ends_on: string;
  forms: string;
  article_id: string | null;
  withdrawn_on: string | null;
  search_text: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

// Meetings (0005_meetings).
export interface MeetingKindTable {
  id: string;
  ward_id: string | null;
  code: string;
  name: string;
  name_en: string | null;
  sort_order: Generated<number>;
  active: Generated<number>;
  version: Generated<number>;
  created_at: string;
}

export interface MeetingTable {
  id: string;
  ward_id: string;
  kind_id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  place: string;
  host_org_id: string;
  chair_person_id: string | null;
  secretary_person_id: string | null;
  status: string;
  summary: string | null;
  others_text: string | null;
  is_public: Generated<number>;
  closed_at: string | null;
  cancel_reason: string | null;
  ics_sequence: Generated<number>;
  convened_at: string | null;
  approved_at: string | null;
  approved_by: string | null;
  article_id: string | null;
  search_text: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface MeetingOrgTable { meeting_id: string; org_id: string; ward_id: string }

export interface MeetingAgendaItemTable {
  id: string;
  ward_id: string;
  meeting_id: string;
  position: number;
  title: string;
  presenter_person_id: string | null;
  presenter_name: string | null;
  planned_minutes: number | null;
  carried_conclusion_id: string | null;
}

export interface MeetingAttendeeTable {
  id: string;
  ward_id: string;
  meeting_id: string;
  person_id: string | null;
  guest_name: string | null;
  guest_title: string | null;
  role: string;
  status: string;
  reason: string | null;
  posts_frozen: string | null;
  featured: Generated<number>;
  position: number;
  version: Generated<number>;
  created_at: string;
}

export interface MeetingReportTable {
  id: string;
  ward_id: string;
  meeting_id: string;
  position: number;
  org_id: string;
  presenter_person_id: string | null;
  summary: string;
  file_id: string | null;
  is_public: Generated<number>;
}

export interface MeetingDirectiveTable {
  id: string;
  ward_id: string;
  meeting_id: string;
  position: number;
  speaker_person_id: string | null;
  speaker_name: string | null;
  content: string;
  is_public: Generated<number>;
}

export interface MeetingDirectiveOrgTable { directive_id: string; org_id: string; ward_id: string }

export interface MeetingConclusionTable {
  id: string;
  ward_id: string;
  meeting_id: string;
  number: number;
  kind: string;
  content: string;
  lead_org_id: string | null;
  due_on: string | null;
  is_public: Generated<number>;
  carried_from_id: string | null;
  tasks_created_at: string | null;
  version: Generated<number>;
  created_at: string;
}

export interface MeetingConclusionOrgTable { conclusion_id: string; org_id: string; ward_id: string; role: string }

export interface MeetingFileTable { meeting_id: string; file_id: string; ward_id: string; agenda_item_id: string | null; created_at: string }

export interface CalendarFeedTable {
  id: string;
  ward_id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface DocumentProfileTable {
  id: string;
  ward_id: string | null;
  code: string;
  name: string;
  family: string;
  org_kinds: string;
  effective_from: string;
  effective_to: string | null;
  spec: string;
  based_on_id: string | null;
  note: string | null;
  version: Generated<number>;
  created_at: string;
  created_by: string | null;
}

export interface BodyTermTable { id: string; ward_id: string; org_id: string; name: string; start_on: string; end_on: string | null; created_at: string }

export interface DocumentNumberSeqTable { ward_id: string; issuer_org_id: string; doc_type: string; period_key: string; last_number: number }

export interface IssuedDocumentTable {
  id: string;
  ward_id: string;
  issuer_org_id: string;
  doc_type: string;
  number: number;
  number_text: string;
  period_key: string;
  issued_on: string;
  subject_kind: string;
  subject_id: string;
  title: string;
  profile_id: string | null;
  created_at: string;
  created_by: string | null;
}

export interface ReportFormTable {
  id: string;
  ward_id: string | null;
  code: string;
  name: string;
  name_en: string | null;
  period_type: string;
  cutoff_day: number | null;
  current_version_id: string;
  active: number;
  sort_order: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}
export interface ReportFormVersionTable { id: string; form_id: string; ward_id: string | null; number: number; sections: string; indicators: string; created_at: string; created_by: string | null }
export interface ReportRequestTable {
  id: string;
  ward_id: string;
  form_id: string;
  form_version_id: string;
  period_id: string;
  period_start: string;
  period_end: string;
  due_on: string;
  title: string;
  note: string | null;
  issuer_org_id: string;
  meeting_id: string | null;
  status: string;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}
export interface ReportSubmissionTable {
  id: string;
  ward_id: string;
  request_id: string;
  org_id: string;
  status: string;
  sections: string;
  indicators: string;
  first_submitted_at: string | null;
  submitted_at: string | null;
  accepted_at: string | null;
  late: Generated<number>;
  return_comment: string | null;
  revision: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}
export interface ReportSubmissionEventTable { id: string; ward_id: string; submission_id: string; action: string; comment: string | null; snapshot: string | null; late: Generated<number>; actor_label: string | null; user_id: string | null; at: string }
export interface ReportFileTable { submission_id: string; file_id: string; ward_id: string; created_at: string }
export interface ReportRollupTable { request_id: string; ward_id: string; sections: string; version: Generated<number>; updated_at: string; updated_by: string | null }

// People import previews (0011_people_import, D38).
export interface PeopleImportTable {
  id: string;
  ward_id: string;
  owner_id: string;
  file_name: string;
  rows_json: string;
  errors_json: string;
  row_count: number;
  people_count: number;
  post_count: number;
  membership_count: number;
  created_at: string;
  expires_at: string;
  committed_at: string | null;
}

/** A ward merged into another (0010_unit_merge, D36). */
export interface UnitMergeTable {
  id: string;
  from_unit_id: string;
  into_unit_id: string;
  /** First day of the merged ward ('YYYY-MM-DD'); the merged ward ended the day before. */
  on_date: string;
  /** Rows moved per ward table, and the collisions resolved (JSON). */
  counts_json: string;
  created_at: string;
  created_by: string | null;
}

export interface DB {
  app_setting: AppSettingTable;
  unit: UnitTable;
  unit_parent: UnitParentTable;
  unit_name: UnitNameTable;
  organization: OrganizationTable;
  org_relation: OrgRelationTable;
  person: PersonTable;
  people_import: PeopleImportTable;
  position: PositionTable;
  membership: MembershipTable;
  app_user: AppUserTable;
  role_grant: RoleGrantTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  user_invite: UserInviteTable;
  login_throttle: LoginThrottleTable;
  audit_event: AuditEventTable;
  portal_site: PortalSiteTable;
  portal_category: PortalCategoryTable;
  article: ArticleTable;
  article_revision: ArticleRevisionTable;
  article_view: ArticleViewTable;
  portal_file: PortalFileTable;
  disclosure: DisclosureTable;
  work_file: WorkFileTable;
  source_document: SourceDocumentTable;
  programme: ProgrammeTable;
  programme_source: ProgrammeSourceTable;
  programme_version: ProgrammeVersionTable;
  task: TaskTable;
  task_state: TaskStateTable;
  schedule_stamp: ScheduleStampTable;
  task_month: TaskMonthTable;
  task_org: TaskOrgTable;
  task_source: TaskSourceTable;
  milestone: MilestoneTable;
  progress_update: ProgressUpdateTable;
  progress_file: ProgressFileTable;
  reminder_sent: ReminderSentTable;
  notification: NotificationTable;
  mail_digest: MailDigestTable;
  meeting_kind: MeetingKindTable;
  meeting: MeetingTable;
  meeting_org: MeetingOrgTable;
  meeting_agenda_item: MeetingAgendaItemTable;
  meeting_attendee: MeetingAttendeeTable;
  meeting_report: MeetingReportTable;
  meeting_directive: MeetingDirectiveTable;
  meeting_directive_org: MeetingDirectiveOrgTable;
  meeting_conclusion: MeetingConclusionTable;
  meeting_conclusion_org: MeetingConclusionOrgTable;
  meeting_file: MeetingFileTable;
  calendar_feed: CalendarFeedTable;
  document_profile: DocumentProfileTable;
  body_term: BodyTermTable;
  document_number_seq: DocumentNumberSeqTable;
  issued_document: IssuedDocumentTable;
  report_form: ReportFormTable;
  report_form_version: ReportFormVersionTable;
  report_request: ReportRequestTable;
  report_submission: ReportSubmissionTable;
  report_submission_event: ReportSubmissionEventTable;
  report_file: ReportFileTable;
  report_rollup: ReportRollupTable;
  unit_merge: UnitMergeTable;
}
