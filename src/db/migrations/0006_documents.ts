import { type Kysely } from 'kysely';

// Official documents (issue 9, item 4): document profiles as versioned data (the layout rules of
// Hướng dẫn 36-HD/VPTW for Party and Front bodies, Nghị định 30/2020/NĐ-CP Phụ lục I for state
// bodies), the terms (nhiệm kỳ) of bodies, race-free numbering sequences and the register of
// issued numbers. The built-in profiles are frozen here as data: a later rule is a new row with
// its own effective date (added by an office from the profiles page, or by a later migration),
// never an edit of these.

const PARTY_KINDS = ['party_committee', 'standing_committee', 'inspection_committee', 'party_office', 'party_cell', 'mass_mobilization_bloc', 'fatherland_front', 'front_work_group', 'mass_organization', 'association', 'branch'];
const STATE_KINDS = ['people_council', 'people_committee'];

const FONT = { family: 'Times New Roman', fallback: 'Liberation Serif' };
const MARGINS = { top: 20, bottom: 20, left: 30, right: 15 };

/** Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng (thể thức văn bản của Đảng). */
export const PARTY_SPEC = {
  page: { size: 'A4', margins: MARGINS },
  font: FONT,
  headerColumns: [42, 58],
  national: [{ text: 'ĐẢNG CỘNG SẢN VIỆT NAM', style: { size: 15, bold: true, caps: true, underline: true }, rule: false }],
  issuer: { higher: { size: 14, caps: true }, body: { size: 14, bold: true, caps: true }, mark: 'star' },
  number: { style: { size: 14 }, line: 'Số {symbol}', symbol: '{n}-{type}/{issuer}', symbolUntyped: '{n}/{issuer}' },
  placeDate: { style: { size: 14, italic: true } },
  title: { style: { size: 16, bold: true, caps: true }, subject: { size: 14, bold: true }, subjectRule: 'dashes' },
  body: { size: 14, lineSpacing: 1.1, spacingAfterPt: 6, firstLineIndentMm: 12.7 },
  signature: { prefix: { size: 14, bold: true, caps: true }, title: { size: 14, bold: true, caps: true }, name: { size: 14, bold: true }, collective: 'T/M', deputy: 'K/T' },
  recipients: { label: 'Nơi nhận:', labelStyle: { size: 14, underline: true }, item: { size: 12 } },
  pageNumber: { position: 'top', fromPage: 2, size: 14 },
};

/** Nghị định 30/2020/NĐ-CP ngày 05/3/2020 về công tác văn thư, Phụ lục I (thể thức văn bản hành chính). */
export const STATE_SPEC = {
  page: { size: 'A4', margins: MARGINS },
  font: FONT,
  headerColumns: [38, 62],
  national: [
    { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', style: { size: 13, bold: true, caps: true }, rule: false },
    { text: 'Độc lập - Tự do - Hạnh phúc', style: { size: 14, bold: true }, rule: true },
  ],
  issuer: { higher: { size: 13, caps: true }, body: { size: 13, bold: true, caps: true }, mark: 'rule' },
  number: { style: { size: 13 }, line: 'Số: {symbol}', symbol: '{n}/{type}-{issuer}', symbolUntyped: '{n}/{issuer}' },
  placeDate: { style: { size: 14, italic: true } },
  title: { style: { size: 14, bold: true, caps: true }, subject: { size: 14, bold: true }, subjectRule: 'rule' },
  body: { size: 14, lineSpacing: 1.15, spacingAfterPt: 6, firstLineIndentMm: 12.7 },
  signature: { prefix: { size: 14, bold: true, caps: true }, title: { size: 14, bold: true, caps: true }, name: { size: 14, bold: true }, collective: 'TM.', deputy: 'KT.' },
  recipients: { label: 'Nơi nhận:', labelStyle: { size: 12, bold: true, italic: true }, item: { size: 11 } },
  pageNumber: { position: 'top', fromPage: 2, size: 13 },
};

// code, name, family, kinds, effective_from, effective_to, spec, note
const BUILT_IN: [string, string, string, string[], string, string | null, object, string][] = [
  ['party-11-hd-vptw-2004', 'Văn bản của Đảng (Hướng dẫn 11-HD/VPTW năm 2004)', 'party', PARTY_KINDS, '2004-05-28', '2018-04-02', PARTY_SPEC, 'Hướng dẫn 11-HD/VPTW ngày 28/5/2004; bố cục như 36-HD/VPTW (các điểm khác nhau chưa mô tả riêng).'],
  ['party-36-hd-vptw-2018', 'Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)', 'party', PARTY_KINDS, '2018-04-03', null, PARTY_SPEC, 'Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng.'],
  ['state-tt01-2011', 'Văn bản hành chính (Thông tư 01/2011/TT-BNV)', 'state', STATE_KINDS, '2011-01-19', '2020-03-04', STATE_SPEC, 'Thông tư 01/2011/TT-BNV ngày 19/01/2011; bố cục như Nghị định 30/2020/NĐ-CP (các điểm khác nhau chưa mô tả riêng).'],
  ['state-nd30-2020', 'Văn bản hành chính (Nghị định 30/2020/NĐ-CP)', 'state', STATE_KINDS, '2020-03-05', null, STATE_SPEC, 'Nghị định 30/2020/NĐ-CP ngày 05/3/2020, Phụ lục I.'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // ward_id null: built-in profiles shared by every ward; a ward adds its own (newer rules).
  await db.schema
    .createTable('document_profile')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.references('unit.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull()) // 'party' | 'state'
    .addColumn('org_kinds', 'text', (c) => c.notNull()) // JSON array of organization kinds
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text')
    .addColumn('spec', 'text', (c) => c.notNull()) // JSON, validated by features/documents/profiles.ts
    .addColumn('based_on_id', 'text', (c) => c.references('document_profile.id'))
    .addColumn('note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema.createIndex('document_profile_ward_idx').on('document_profile').columns(['ward_id', 'family', 'effective_from']).execute();
  const now = new Date().toISOString();
  for (const [code, name, family, kinds, from, to, spec, note] of BUILT_IN) {
    await db
      .insertInto('document_profile')
      .values({ id: `dp-${code}`, ward_id: null, code, name, family, org_kinds: JSON.stringify(kinds), effective_from: from, effective_to: to, spec: JSON.stringify(spec), based_on_id: null, note, version: 1, created_at: now, created_by: null })
      .execute();
  }

  // Terms (nhiệm kỳ) of a body: Party numbers run per term.
  await db.schema
    .createTable('body_term')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('name', 'text', (c) => c.notNull()) // "2015 - 2020"
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('end_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('body_term_org_idx').on('body_term').columns(['ward_id', 'org_id', 'start_on']).execute();

  // One row per (issuer, type, period): the last number given. Issued by one upsert statement.
  await db.schema
    .createTable('document_number_seq')
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('issuer_org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_number_seq_pk', ['ward_id', 'issuer_org_id', 'doc_type', 'period_key'])
    .execute();

  await db.schema
    .createTable('issued_document')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ward_id', 'text', (c) => c.notNull().references('unit.id'))
    .addColumn('issuer_org_id', 'text', (c) => c.notNull().references('organization.id'))
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('number_text', 'text', (c) => c.notNull()) // "12-TB/ĐU", "3/TB-UBND"
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull()) // e.g. 'meeting'
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.references('document_profile.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addUniqueConstraint('issued_document_number_uq', ['ward_id', 'issuer_org_id', 'doc_type', 'period_key', 'number'])
    .addUniqueConstraint('issued_document_subject_uq', ['subject_kind', 'subject_id', 'doc_type'])
    .execute();
  await db.schema.createIndex('issued_document_ward_idx').on('issued_document').columns(['ward_id', 'issued_on']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['issued_document', 'document_number_seq', 'body_term', 'document_profile']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
