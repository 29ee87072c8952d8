import { type Kysely } from 'kysely';

// Periodic reports (issue 10): report forms as versioned data (sections and indicators frozen in
// each version; a request pins the version, so a later change never alters a report already
// asked for or submitted), requests for a period from chosen organizations, one submission per
// organization with its history, attached files, and the editable ward roll-up.
// Same conventions as 0001: app-made ids, ISO text instants (UTC), 'YYYY-MM-DD' dates, 0/1 booleans;
// JSON documents are stored as text (the same on SQLite and PostgreSQL).

type Indicator = { code: string; name: string; unit: string; type: 'integer' | 'decimal' | 'percent' | 'boolean'; aggregate: 'sum' | 'average' | 'last' | 'none'; source: string | null };
type Section = { code: string; title: string; guidance: string; max_length: number };

const I = (code: string, name: string, unit: string, type: Indicator['type'], aggregate: Indicator['aggregate'], source: string | null = null): Indicator => ({ code, name, unit, type, aggregate, source });
/** Indicators every built-in form carries: the first six are computed from the record (pre-fill). */
const INDICATORS: Indicator[] = [
  I('tasks_done', 'Số nhiệm vụ hoàn thành trong kỳ', 'nhiệm vụ', 'integer', 'sum', 'tasks_done'),
  I('tasks_done_late', 'Trong đó: hoàn thành trễ hạn', 'nhiệm vụ', 'integer', 'sum', 'tasks_done_late'),
  I('tasks_overdue', 'Số nhiệm vụ quá hạn chưa hoàn thành', 'nhiệm vụ', 'integer', 'sum', 'tasks_overdue'),
  I('meetings_held', 'Số cuộc họp, hội nghị đã tổ chức', 'cuộc', 'integer', 'sum', 'meetings_held'),
  I('conclusions_addressed', 'Số kết luận, chỉ đạo được giao', 'kết luận', 'integer', 'sum', 'conclusions_addressed'),
  I('articles_published', 'Số tin, bài được đăng trên trang thông tin', 'bài', 'integer', 'sum', 'articles_published'),
  I('propaganda_sessions', 'Số buổi tuyên truyền, phổ biến nghị quyết, pháp luật', 'buổi', 'integer', 'sum'),
  I('propaganda_participants', 'Số lượt người tham dự tuyên truyền', 'lượt người', 'integer', 'sum'),
  I('new_members', 'Số hội viên, đoàn viên, đảng viên mới kết nạp', 'người', 'integer', 'sum'),
  I('cultural_families_rate', 'Tỷ lệ hộ đạt danh hiệu "Gia đình văn hóa"', '%', 'percent', 'average'),
  I('funds_raised', 'Số tiền vận động các quỹ', 'triệu đồng', 'decimal', 'sum'),
  I('targets_met', 'Hoàn thành các chỉ tiêu được giao', 'có/không', 'boolean', 'sum'),
];
const S = (code: string, title: string, guidance: string, max_length = 20000): Section => ({ code, title, guidance, max_length });
const RESULTS = S('results', 'Kết quả đạt được', 'Những việc đã làm theo chương trình công tác, có số liệu; kết quả thực hiện các nghị quyết, kết luận.');
const LIMITS = S('limitations', 'Tồn tại, hạn chế và nguyên nhân', 'Những việc chưa làm được hoặc làm chưa tốt; nguyên nhân khách quan và chủ quan.');
const PROPOSALS = S('proposals', 'Kiến nghị, đề xuất', 'Kiến nghị với cấp ủy, chính quyền và cấp trên.', 8000);

/**
 * The built-in report forms shared by every ward (a ward that edits one gets its own copy). The
 * annual review follows the outline of a year-end review (tổng kết năm): results, strengths,
 * shortcomings and their causes, lessons, next year's directions and tasks, proposals.
 * Cut-off: null = calendar periods; a ward may set 15 as state reporting does (Nghị định
 * 09/2019/NĐ-CP, Điều 12: from the 15th of the month before the period to the 14th of its last month).
 */
export const BUILT_IN_FORMS: { code: string; name: string; nameEn: string; periodType: string; cutoffDay: number | null; sections: Section[]; indicators: Indicator[] }[] = [
  {
    code: 'annual',
    name: 'Báo cáo tổng kết năm',
    nameEn: 'Annual review',
    periodType: 'year',
    cutoffDay: null,
    sections: [
      RESULTS,
      S('strengths', 'Ưu điểm', 'Những mặt làm được, cách làm hay.', 8000),
      LIMITS,
      S('lessons', 'Bài học kinh nghiệm', 'Những bài học rút ra trong lãnh đạo, chỉ đạo, tổ chức thực hiện.', 8000),
      S('directions', 'Phương hướng, nhiệm vụ năm sau', 'Mục tiêu, chỉ tiêu và nhiệm vụ, giải pháp trọng tâm của năm tới.'),
      PROPOSALS,
    ],
    indicators: INDICATORS,
  },
  { code: 'half_year', name: 'Báo cáo sơ kết 6 tháng', nameEn: 'Six-month review', periodType: 'half', cutoffDay: null, sections: [RESULTS, LIMITS, S('directions', 'Phương hướng, nhiệm vụ 6 tháng cuối năm', 'Nhiệm vụ, giải pháp trọng tâm của kỳ tới.'), PROPOSALS], indicators: INDICATORS },
  { code: 'quarterly', name: 'Báo cáo quý', nameEn: 'Quarterly report', periodType: 'quarter', cutoffDay: null, sections: [RESULTS, LIMITS, S('directions', 'Nhiệm vụ trọng tâm quý tới', 'Nhiệm vụ trọng tâm của quý tới.', 8000), PROPOSALS], indicators: INDICATORS },
  { code: 'monthly', name: 'Báo cáo tháng', nameEn: 'Monthly report', periodType: 'month', cutoffDay: null, sections: [S('results', 'Kết quả đạt được', 'Những việc đã làm trong tháng.', 8000), S('limitations', 'Tồn tại, hạn chế', 'Những việc chưa làm được và nguyên nhân.', 4000), S('directions', 'Nhiệm vụ tháng tới', 'Nhiệm vụ trọng tâm của tháng tới.', 4000), S('proposals', 'Kiến nghị, đề xuất', 'Kiến nghị với cấp trên.', 4000)], indicators: INDICATORS },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // ward_id null: a built-in form shared by every ward; a ward that edits one gets its own copy
  // (same code) that replaces it in that ward's lists.
  await db.schema
    .createTable('report_form')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.references('unit.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('period_type', 'text', (c) => c.notNull()) // year, half, quarter, month
    .addColumn('cutoff_day', 'integer') // null: calendar periods; 15: from the 15th before to the 14th (NĐ 09/2019/NĐ-CP, Điều 12)
    .addColumn('current_version_id', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One form per code in a ward (built-ins have ward_id null, which unique indexes do not compare).
  await db.schema.createIndex('report_form_ward_code_uq').on('report_form').columns(['ward_id', 'code']).unique().execute();

  // Immutable: a change to a form is a new version row.
  await db.schema
    .createTable('report_form_version')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull().references('report_form.id'))
    .addColumn('ward_id', 'text', (c) => c.references('unit.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('sections', 'text', (c) => c.notNull()) // JSON [{code, title, guidance, max_length}]
    .addColumn('indicators', 'text', (c) => c.notNull()) // JSON [{code, name, unit, type, aggregate, source}]
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('report_form_version_uq').on('report_form_version').columns(['form_id', 'number']).unique().execute();

  await db.schema
    .createTable('report_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('form_id', 'text', (c) => c.notNull().references('report_form.id'))
    .addColumn('form_version_id', 'text', (c) => c.notNull().references('report_form_version.id'))
    .addColumn('period_id', 'text', (c) => c.notNull()) // 2026, 2026S1, 2026Q1, 202603
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('issuer_org_id', 'text', (c) => c.notNull().references('organization.id')) // who issues the roll-up
    .addColumn('meeting_id', 'text', (c) => c.references('meeting.id')) // the meeting the reports are presented at
    .addColumn('status', 'text', (c) => c.notNull()) // open, closed
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_request_period_uq').on('report_request').columns(['ward_id', 'form_id', 'period_id']).unique().execute();
  await db.schema.createIndex('report_request_due_idx').on('report_request').columns(['ward_id', 'due_on']).execute();

  await db.schema
    .createTable('report_submission')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('request_id', 'text', (c) => c.notNull().references('report_request.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('status', 'text', (c) => c.notNull()) // pending, draft, submitted, returned, accepted
    .addColumn('sections', 'text', (c) => c.notNull()) // JSON {code: text}
    .addColumn('indicators', 'text', (c) => c.notNull()) // JSON {code: {value, computed}}
    .addColumn('first_submitted_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0)) // first submitted after the due date
    .addColumn('return_comment', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)) // how many times submitted
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_submission_uq').on('report_submission').columns(['request_id', 'org_id']).unique().execute();
  await db.schema.createIndex('report_submission_org_idx').on('report_submission').columns(['ward_id', 'org_id']).execute();

  // The history: each submit keeps the content as sent; returns and acceptances keep the comment.
  await db.schema
    .createTable('report_submission_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('submission_id', 'text', (c) => c.notNull().references('report_submission.id'))
    .addColumn('action', 'text', (c) => c.notNull()) // submit, return, accept
    .addColumn('comment', 'text')
    .addColumn('snapshot', 'text') // JSON {sections, indicators} on submit
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('actor_label', 'text')
    .addColumn('user_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_submission_event_idx').on('report_submission_event').columns(['submission_id', 'at']).execute();

  await db.schema
    .createTable('report_file')
    .addColumn('submission_id', 'text', (c) => c.notNull().references('report_submission.id'))
    .addColumn('file_id', 'text', (c) => c.notNull().references('work_file.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_file_pk', ['submission_id', 'file_id'])
    .execute();
  await db.schema.createIndex('report_file_submission_idx').on('report_file').columns(['submission_id']).execute();

  // The ward roll-up as edited before export (absent: assembled from the accepted submissions).
  await db.schema
    .createTable('report_rollup')
    .addColumn('request_id', 'text', (c) => c.primaryKey().references('report_request.id'))
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('sections', 'text', (c) => c.notNull()) // JSON {code: text}
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  const now = new Date().toISOString();
  let i = 0;
  for (const f of BUILT_IN_FORMS) {
    i += 1;
    const versionId = `rfv-${f.code}-1`;
    await db.insertInto('report_form').values({ id: `rf-${f.code}`, ward_id: null, code: f.code, name: f.name, name_en: f.nameEn, period_type: f.periodType, cutoff_day: f.cutoffDay, current_version_id: versionId, active: 1, sort_order: i * 10, version: 1, created_at: now, updated_at: now }).execute();
    await db.insertInto('report_form_version').values({ id: versionId, form_id: `rf-${f.code}`, ward_id: null, number: 1, sections: JSON.stringify(f.sections), indicators: JSON.stringify(f.indicators), created_at: now, created_by: null }).execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['report_rollup', 'report_file', 'report_submission_event', 'report_submission', 'report_request', 'report_form_version', 'report_form']) await db.schema.dropTable(t).execute();
}
