// One letterhead rule for every paper (D61): each kind of body's Word document carries the right
// column `headKindOf` gives it (Party: "ĐẢNG CỘNG SẢN VIỆT NAM"; state, Front and associations:
// the Quốc hiệu and Tiêu ngữ; Youth Union: "ĐOÀN TNCS HỒ CHÍ MINH"; Hội Nông dân: nothing but the
// dated line), read back from document.xml, then converted by LibreOffice to PDF (text checked)
// and to PNG in /tmp/shots-left11b/ for a person to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, DB_KIND, type TestDb } from '../../../test/support/app.ts';
import { docxToPdf } from '../../export/pdf.ts';
import { PDF_AVAILABLE, skipWithout } from '../../../test/support/tools.ts';
import type { Actor } from '../../platform/actor.ts';
import { loadDemo } from '../../demo/seed.ts';
import * as docs from './service.ts';
import { createOrg } from '../orgs/service.ts';
import { OrgInput } from '../orgs/schema.ts';

let t: TestDb;
let office: Actor;
const orgs = new Map<string, { id: string; kind: string; name: string; parent_id: string | null }>();
const SHOTS = process.env.ROVIEC_SHOTS_DIR ?? '/tmp/shots-left11b';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-letterhead-'));
const SKIP = skipWithout(PDF_AVAILABLE, 'LibreOffice (soffice) is not installed: the PDF/PNG part is skipped');

before(async () => {
  t = await createTestDb();
  await loadDemo(t.db);
  const ward = await t.db.selectFrom('unit').select('id').where('code', '=', 'DEMO-DONGTAM').executeTakeFirstOrThrow();
  office = { userId: '', label: '', wardId: ward.id, roles: new Set(['office']), headOf: [], memberOf: [], ip: null };
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'vanphong').executeTakeFirstOrThrow();
  office = { ...office, userId: u.id, label: u.display_name };
  // An urban demo ward has no Hội Nông dân: the office adds one, and a chi hội under it.
  const nd = await createOrg(t.db, office, OrgInput.parse({ kind: 'mass_organization', name: 'Hội Nông dân phường', short_name: 'Hội ND', unit_id: ward.id, higher_body: 'Hội Nông dân quận Hai Bà Trưng', valid_from: '01/01/2020' }));
  await createOrg(t.db, office, OrgInput.parse({ kind: 'branch', name: 'Chi hội TDP số 1', short_name: 'Chi hội ND TDP 1', unit_id: ward.id, parent_id: nd, valid_from: '01/01/2020' }));
  for (const o of await t.db.selectFrom('organization').select(['id', 'short_name', 'kind', 'name', 'parent_id']).where('ward_id', '=', ward.id).execute()) orgs.set(o.short_name ?? o.name, o);
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const PARTY = 'ĐẢNG CỘNG SẢN VIỆT NAM';
const QH = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];
const YOUTH = 'ĐOÀN TNCS HỒ CHÍ MINH';
/** Body (short name or the first whose name starts so) → kind, the lines it must carry and those it must not. */
const CASES: [string, docs.HeadKind, string[], string[]][] = [
  ['BTV Đảng ủy', 'party', [PARTY], QH],
  ['UBND', 'state', QH, [PARTY]],
  ['UBMTTQ', 'front', QH, [PARTY]],
  ['Đoàn TN', 'youth', [YOUTH], [PARTY, ...QH]],
  ['Hội LHPN', 'association', QH, [PARTY]],
  ['Hội CCB', 'association', QH, [PARTY]],
  ['Công đoàn', 'association', QH, [PARTY]],
  ['Hội NCT', 'association', QH, [PARTY]],
  ['Hội ND', 'farmers', [], [PARTY, ...QH]],
  ['Chi hội ND TDP 1', 'farmers', [], [PARTY, ...QH]],
  ['Chi hội Phụ nữ', 'association', QH, [PARTY]],
  ['Chi đoàn', 'youth', [YOUTH], [PARTY, ...QH]],
];
const find = (key: string) => orgs.get(key) ?? [...orgs.values()].find((o) => o.name.startsWith(`${key} `));

/** The text of each paragraph of a .docx's document.xml, in order. */
function paragraphs(docx: Buffer): string[] {
  const f = path.join(tmp, `${Math.random().toString(36).slice(2)}.docx`);
  fs.writeFileSync(f, docx);
  const xml = execFileSync('unzip', ['-p', f, 'word/document.xml']).toString('utf8');
  return (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/g) ?? []).map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
}

const notice = (issuerOrgId: string) => ({
  issuerOrgId,
  docType: 'TB' as const,
  date: '2026-03-02',
  numberText: null,
  subject: 'Kết luận hội nghị sơ kết quý I',
  blocks: [{ kind: 'paragraph' as const, text: 'Nội dung thông báo.' }],
  signature: { prefix: 'T/M BAN CHẤP HÀNH', title: 'CHỦ TỊCH', name: 'Nguyễn Văn A' },
  recipients: ['Lưu: VT.'],
});

test('headKindOf: the system of each kind of body, by kind and name', () => {
  assert.equal(docs.headKindOf({ kind: 'people_committee', name: 'Ủy ban nhân dân phường' }), 'state');
  assert.equal(docs.headKindOf({ kind: 'fatherland_front', name: 'Ủy ban MTTQ Việt Nam phường' }), 'front');
  assert.equal(docs.headKindOf({ kind: 'mass_organization', name: 'Hội Nông dân phường Đồng Tâm' }), 'farmers');
  assert.equal(docs.headKindOf({ kind: 'branch', name: 'Chi hội TDP số 3' }, { kind: 'mass_organization', name: 'Hội Nông dân phường' }), 'farmers');
  assert.equal(docs.headKindOf({ kind: 'mass_organization', name: 'Hội Liên hiệp Phụ nữ phường' }), 'association');
  assert.equal(docs.headKindOf({ kind: 'party_cell', name: 'Chi bộ TDP số 3' }), 'party');
});

test(`each kind of body's Word document carries its own letterhead (${DB_KIND})`, async () => {
  for (const [key, kind, must, mustNot] of CASES) {
    const o = find(key);
    assert.ok(o, `the demo has ${key}`);
    assert.equal(docs.headKindOf(o, o.parent_id ? [...orgs.values()].find((p) => p.id === o.parent_id) : null), kind, key);
    const { docx } = await docs.renderDocument(t.db, office, notice(o.id));
    const paras = paragraphs(docx);
    const top = paras.slice(0, paras.findIndex((p) => p.startsWith('Số')));
    for (const line of must) assert.ok(top.includes(line), `${key}: "${line}" in the header, got ${JSON.stringify(top)}`);
    for (const line of mustNot) assert.ok(!paras.includes(line), `${key}: no "${line}"`);
    const starred = top.includes('*');
    assert.equal(starred, kind === 'party' || kind === 'youth' || kind === 'farmers', `${key}: the mark under the body`);
  }
});

test(`each kind's document as LibreOffice prints it: PDF text and a PNG per kind (${DB_KIND})`, { skip: SKIP }, async () => {
  const seen = new Set<string>();
  for (const [key, kind, must, mustNot] of CASES) {
    if (seen.has(kind) && key !== 'Hội LHPN') continue;
    seen.add(kind);
    const o = find(key);
    assert.ok(o);
    const { docx } = await docs.renderDocument(t.db, office, notice(o.id));
    const pdf = await docxToPdf(docx);
    const name = `${kind}-${key.replace(/\s+/g, '-')}`;
    const file = path.join(SHOTS, `${name}.pdf`);
    fs.writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', file, path.join(SHOTS, name)]);
    assert.ok(fs.readdirSync(SHOTS).some((f) => f.startsWith(`${name}-`) && f.endsWith('.png')), `a PNG of ${key}`);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
    const head = text.slice(0, text.indexOf('THÔNG BÁO'));
    for (const line of must) assert.ok(head.replace(/\s+/g, ' ').includes(line), `${key}: "${line}" printed`);
    for (const line of mustNot) assert.ok(!text.replace(/\s+/g, ' ').includes(line), `${key}: no "${line}" printed`);
  }
});
