import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

// Programmes of work and the six-clear tasks (issue 3): source documents, annual programmes with
// approved versions, tasks with coordinating bodies, monthly milestones, progress history with
// evidence files, and the reminders sent (in-app notifications, idempotent across instances).
// Same conventions as 0001: app-made ids, ISO text instants, 'YYYY-MM-DD' dates, 0/1 booleans.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const real = pg ? 'double precision' : 'real';

  // Uploaded files (evidence, scans of source documents). Bytes live under ROVIEC_FILES.
  await db.schema
    .createTable('work_file')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique()) // random name on disk
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull()) // sniffed from the bytes, not trusted from the client
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_file_ward_idx').on('work_file').column('ward_id').execute();

  await db.schema
    .createTable('source_document')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // nghi_quyet, chi_thi, quyet_dinh, ke_hoach, chuong_trinh, huong_dan, ket_luan, chu_de_nam
    .addColumn('number', 'text') // as printed: "05-CT/TW", "217-QĐ/TW"
    .addColumn('issued_on', 'text')
    .addColumn('issuer', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('theme_year', 'integer') // themed years: "Năm CCHC – Năm trật tự và văn minh đô thị" (2017)
    .addColumn('file_id', 'text', (c) => c.references('work_file.id'))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('source_document_ward_idx').on('source_document').columns(['ward_id', 'issued_on']).execute();

  await db.schema
    .createTable('programme')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // draft, submitted, approved, returned, amended
    .addColumn('approved_version', 'integer', (c) => c.notNull().defaultTo(0)) // number of the last approved version
    .addColumn('submitted_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text') // label of who approved or returned
    .addColumn('decision_comment', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('programme_org_year_uq', ['ward_id', 'org_id', 'year'])
    .execute();

  await db.schema
    .createTable('programme_source')
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
    .addColumn('source_document_id', 'text', (c) => c.notNull().references('source_document.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('programme_source_pk', ['programme_id', 'source_document_id'])
    .execute();

  // Every approved version is kept as a snapshot of the programme and its tasks.
  await db.schema
    .createTable('programme_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addUniqueConstraint('programme_version_uq', ['programme_id', 'version_no'])
    .execute();

  await db.schema
    .createTable('task')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('programme_id', 'text', (c) => c.references('programme.id'))
    .addColumn('parent_id', 'text', (c) => c.references('task.id')) // sub-task of a ward task, in a branch
    .addColumn('origin_kind', 'text', (c) => c.notNull()) // programme, conclusion, target
    .addColumn('origin_ref', 'text') // id of the meeting conclusion or higher-level target
    .addColumn('origin_note', 'text')
    .addColumn('title', 'text', (c) => c.notNull()) // rõ việc
    .addColumn('description', 'text')
    .addColumn('owner_person_id', 'text', (c) => c.references('person.id')) // rõ người
    .addColumn('lead_org_id', 'text', (c) => c.references('organization.id')) // rõ trách nhiệm
    .addColumn('start_on', 'text') // rõ thời gian
    .addColumn('due_on', 'text')
    .addColumn('result_kind', 'text') // rõ kết quả: indicator | deliverable
    .addColumn('target_value', real)
    .addColumn('target_unit', 'text')
    .addColumn('deliverable', 'text')
    .addColumn('actual_value', real) // the result achieved
    .addColumn('actual_result', 'text')
    .addColumn('progress_percent', real) // latest progress (rolled up from sub-tasks when it has any)
    .addColumn('progress_on', 'text')
    .addColumn('done_on', 'text')
    .addColumn('approval', 'text', (c) => c.notNull()) // draft, submitted, approved, returned
    .addColumn('approved_at', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('return_comment', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('task_programme_idx').on('task').columns(['ward_id', 'programme_id', 'sort_order']).execute();
  await db.schema.createIndex('task_parent_idx').on('task').column('parent_id').execute();
  await db.schema.createIndex('task_due_idx').on('task').columns(['ward_id', 'due_on']).execute();
  await db.schema.createIndex('task_owner_idx').on('task').columns(['ward_id', 'owner_person_id']).execute();
  await db.schema.createIndex('task_lead_idx').on('task').columns(['ward_id', 'lead_org_id']).execute();

  await db.schema
    .createTable('task_org')
    .addColumn('task_id', 'text', (c) => c.notNull().references('task.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_org_pk', ['task_id', 'org_id'])
    .execute();

  await db.schema
    .createTable('task_source')
    .addColumn('task_id', 'text', (c) => c.notNull().references('task.id'))
    .addColumn('source_document_id', 'text', (c) => c.notNull().references('source_document.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_source_pk', ['task_id', 'source_document_id'])
    .execute();
  await db.schema.createIndex('task_source_doc_idx').on('task_source').column('source_document_id').execute();

  // Monthly milestones: cumulative planned progress by a date inside the task's span.
  await db.schema
    .createTable('milestone')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull().references('task.id'))
    .addColumn('month', 'text', (c) => c.notNull()) // 'YYYY-MM'
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('planned_percent', real, (c) => c.notNull())
    .addColumn('title', 'text')
    .addUniqueConstraint('milestone_task_month_uq', ['task_id', 'month'])
    .execute();

  await db.schema
    .createTable('progress_update')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull().references('task.id'))
    .addColumn('reported_on', 'text', (c) => c.notNull()) // the day the figure is as of
    .addColumn('percent', real, (c) => c.notNull())
    .addColumn('value', real)
    .addColumn('note', 'text')
    .addColumn('user_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('progress_task_idx').on('progress_update').columns(['task_id', 'reported_on']).execute();

  await db.schema
    .createTable('progress_file')
    .addColumn('progress_id', 'text', (c) => c.notNull().references('progress_update.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('work_file.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('progress_file_pk', ['progress_id', 'file_id'])
    .execute();

  // A reminder is recorded here before it is sent; the unique key makes a second instance or a
  // restarted one skip it (insert … on conflict do nothing).
  await db.schema
    .createTable('reminder_sent')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull()) // '-' for the weekly digest
    .addColumn('kind', 'text', (c) => c.notNull()) // milestone_soon, deadline_soon, overdue, digest
    .addColumn('bucket', 'text', (c) => c.notNull()) // the date or ISO week it is about
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reminder_sent_uq', ['task_id', 'kind', 'bucket', 'user_id'])
    .execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('notification_user_idx').on('notification').columns(['user_id', 'created_at']).execute();

  if (pg) {
    await sql`create index source_document_search_trgm on source_document using gin (search_text gin_trgm_ops)`.execute(db);
    await sql`create index task_search_trgm on task using gin (search_text gin_trgm_ops)`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['notification', 'reminder_sent', 'progress_file', 'progress_update', 'milestone', 'task_source', 'task_org', 'task', 'programme_version', 'programme_source', 'programme', 'source_document', 'work_file']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
