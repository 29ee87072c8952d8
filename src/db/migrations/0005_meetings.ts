import { type Kysely } from 'kysely';

// Meetings (issue 9): kinds as editable data, the meeting record with its invited organizations,
// agenda, attendance (posts frozen when the minutes are approved), reports presented, directives
// addressed to organizations, numbered conclusions (information, decision or task; a task
// conclusion becomes six-clear tasks whose `origin_kind = 'conclusion'` and `origin_ref` = the
// conclusion id), attached files, and personal calendar feeds. Notifications gain a link and a
// de-duplication key (one notification per user and event, across instances).
// Same conventions as 0001: app-made ids, ISO text instants (UTC), 'YYYY-MM-DD' dates, 0/1 booleans.

const BUILT_IN_KINDS: [string, string, string][] = [
  // code, Vietnamese name, English name
  ['hoi_nghi', 'Hội nghị', 'Conference'],
  ['buoi_lam_viec', 'Buổi làm việc', 'Working session'],
  ['giao_ban', 'Giao ban', 'Briefing'],
  ['hop_btv', 'Họp Ban Thường vụ', 'Standing Committee meeting'],
  ['hop_dang_uy', 'Hội nghị Ban Chấp hành Đảng bộ', 'Party Committee plenum'],
  ['sinh_hoat_chi_bo', 'Sinh hoạt chi bộ', 'Party cell meeting'],
  ['phan_bien', 'Hội nghị phản biện xã hội', 'Social criticism conference'],
  ['tiep_xuc_cu_tri', 'Tiếp xúc cử tri', 'Meeting with voters'],
  ['ky_hop_hdnd', 'Kỳ họp HĐND', 'People’s Council session'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // ward_id null: built-in kinds shared by every ward; a ward adds its own.
  await db.schema
    .createTable('meeting_kind')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.references('unit.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  let i = 0;
  for (const [code, name, nameEn] of BUILT_IN_KINDS) {
    i += 1;
    await db.insertInto('meeting_kind').values({ id: `mk-${code}`, ward_id: null, code, name, name_en: nameEn, sort_order: i * 10, active: 1, version: 1, created_at: now }).execute();
  }

  await db.schema
    .createTable('meeting')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('kind_id', 'text', (c) => c.notNull().references('meeting_kind.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull()) // ISO UTC instant; shown in Asia/Ho_Chi_Minh
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('host_org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('chair_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('secretary_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // draft, convened, held, approved, cancelled
    .addColumn('summary', 'text') // context paragraph of the notice and the article (public when is_public)
    .addColumn('others_text', 'text') // other attendees as the record groups them: "các đồng chí thường vụ Đảng ủy; …"
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1)) // may be reported on the portal
    .addColumn('closed_at', 'text') // closing time of the minutes (ISO UTC)
    .addColumn('cancel_reason', 'text')
    .addColumn('ics_sequence', 'integer', (c) => c.notNull().defaultTo(0)) // RFC 5545 SEQUENCE, rises on every change sent
    .addColumn('convened_at', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('approved_by', 'text') // label of who approved the minutes
    .addColumn('article_id', 'text') // the portal article drafted from this meeting
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_ward_start_idx').on('meeting').columns(['ward_id', 'starts_at']).execute();
  await db.schema.createIndex('meeting_host_idx').on('meeting').columns(['ward_id', 'host_org_id', 'starts_at']).execute();

  await db.schema
    .createTable('meeting_org')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_org_pk', ['meeting_id', 'org_id'])
    .execute();
  await db.schema.createIndex('meeting_org_org_idx').on('meeting_org').columns(['ward_id', 'org_id']).execute();

  await db.schema
    .createTable('meeting_agenda_item')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('presenter_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('presenter_name', 'text') // a presenter outside the register
    .addColumn('planned_minutes', 'integer')
    .addColumn('carried_conclusion_id', 'text') // a conclusion of an earlier meeting carried onto this agenda
    .execute();
  await db.schema.createIndex('meeting_agenda_meeting_idx').on('meeting_agenda_item').columns(['meeting_id', 'position']).execute();

  await db.schema
    .createTable('meeting_attendee')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id'))
    .addColumn('person_id', 'text', (c) => c.references('person.id'))
    .addColumn('guest_name', 'text') // someone outside the register
    .addColumn('guest_title', 'text') // their title and body, as printed
    .addColumn('role', 'text', (c) => c.notNull()) // member, guest, press
    .addColumn('status', 'text', (c) => c.notNull()) // invited, confirmed, present, excused, absent, late, left_early
    .addColumn('reason', 'text') // reason of an excused absence
    .addColumn('posts_frozen', 'text') // posts printed, frozen when the minutes are approved
    .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0)) // named one by one in the article
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_attendee_meeting_idx').on('meeting_attendee').columns(['meeting_id', 'position']).execute();
  await db.schema.createIndex('meeting_attendee_person_uq').on('meeting_attendee').columns(['meeting_id', 'person_id']).unique().execute();

  await db.schema
    .createTable('meeting_report')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('presenter_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.references('work_file.id'))
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('meeting_report_meeting_idx').on('meeting_report').columns(['meeting_id', 'position']).execute();

  await db.schema
    .createTable('meeting_directive')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('speaker_person_id', 'text', (c) => c.references('person.id'))
    .addColumn('speaker_name', 'text') // a speaker outside the register
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('meeting_directive_meeting_idx').on('meeting_directive').columns(['meeting_id', 'position']).execute();
  await db.schema
    .createTable('meeting_directive_org')
    .addColumn('directive_id', 'text', (c) => c.notNull().references('meeting_directive.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_directive_org_pk', ['directive_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('meeting_conclusion')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id'))
    .addColumn('number', 'integer', (c) => c.notNull()) // 1, 2, 3… as printed
    .addColumn('kind', 'text', (c) => c.notNull()) // information, decision, task
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('lead_org_id', 'text', (c) => c.references('organization.id'))
    .addColumn('due_on', 'text')
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('carried_from_id', 'text') // the earlier conclusion this one carries on
    .addColumn('tasks_created_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_conclusion_number_uq').on('meeting_conclusion').columns(['meeting_id', 'number']).unique().execute();
  await db.schema
    .createTable('meeting_conclusion_org')
    .addColumn('conclusion_id', 'text', (c) => c.notNull().references('meeting_conclusion.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull()) // lead, coordinating, addressed
    .addPrimaryKeyConstraint('meeting_conclusion_org_pk', ['conclusion_id', 'org_id'])
    .execute();
  await db.schema.createIndex('meeting_conclusion_org_org_idx').on('meeting_conclusion_org').columns(['ward_id', 'org_id']).execute();

  await db.schema
    .createTable('meeting_file')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meeting.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('work_file.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('agenda_item_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_file_pk', ['meeting_id', 'file_id'])
    .execute();

  // A personal calendar feed: a secret URL per user (stored as SHA-256), revocable.
  await db.schema
    .createTable('calendar_feed')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema.alterTable('notification').addColumn('link', 'text').execute();
  await db.schema.alterTable('notification').addColumn('dedupe_key', 'text').execute();
  await db.schema.createIndex('notification_dedupe_uq').on('notification').columns(['user_id', 'dedupe_key']).unique().execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('notification_dedupe_uq').ifExists().execute();
  await db.schema.alterTable('notification').dropColumn('dedupe_key').execute();
  await db.schema.alterTable('notification').dropColumn('link').execute();
  for (const t of ['calendar_feed', 'meeting_file', 'meeting_conclusion_org', 'meeting_conclusion', 'meeting_directive_org', 'meeting_directive', 'meeting_report', 'meeting_attendee', 'meeting_agenda_item', 'meeting_org', 'meeting', 'meeting_kind']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
