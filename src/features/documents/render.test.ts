// Official documents rendered for real: .docx through the room's service (profile and header
// from the issuing body), every run of every part in Times New Roman on all four script slots,
// then LibreOffice → PDF → text (pdftotext -layout) and PNG (pdftoppm -r 60) saved under
// test-output/ for a person to look at. Skipped with a message only when LibreOffice is missing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDb, DB_KIND, type TestDb } from '../../../test/support/app.ts';
import type { Db } from '../../db/index.ts';
import { balanceLine, officialDateLine } from '../../export/docx.ts';
import { docxToPdf } from '../../export/pdf.ts';
import { PDF_AVAILABLE, skipWithout } from '../../../test/support/tools.ts';
import type { Actor } from '../../platform/actor.ts';
import { requireAccess } from '../../platform/access.ts';
import { runCommand } from '../../platform/command.ts';
import { loadDemo } from '../../demo/seed.ts';
import { FOUNDING_CONCLUSIONS, foundingNotice } from './demo.ts';
import * as docs from './service.ts';

let t: TestDb;
let db: Db;
let office: Actor;
const org: Record<string, string> = {};
const OUT = path.resolve('test-output');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-render-'));
const SKIP = skipWithout(PDF_AVAILABLE, 'LibreOffice (soffice) is not installed: PDF rendering tests skipped');

before(async () => {
  t = await createTestDb();
  db = t.db;
  await loadDemo(db);
  const ward = await db.selectFrom('unit').select('id').where('code', '=', 'DEMO-DONGTAM').executeTakeFirstOrThrow();
  for (const o of await db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', ward.id).execute()) if (o.short_name) org[o.short_name] = o.id;
  const u = await db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'vanphong').executeTakeFirstOrThrow();
  office = { userId: u.id, label: u.display_name, wardId: ward.id, roles: new Set(['office']), headOf: [], memberOf: [], ip: null };
  fs.mkdirSync(OUT, { recursive: true });
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Issues numbers until `n`, the last one for `subjectId`, and returns its text. */
/** Issues numbers until the sequence reaches `n` (the demo may have issued some already). */
async function issueUpTo(n: number, issuerOrgId: string, date: string, docType: docs.DocType = 'TB'): Promise<string> {
  let text = '';
  for (let i = 1; i <= n && !text.startsWith(`${n}-`) && !text.startsWith(`${n}/`); i++) {
    text = await runCommand(db, office, 'test.issue', async (c) => {
      await requireAccess(c.trx, office, 'ward.office');
      return (await docs.issueNumber(c, { issuerOrgId, docType, date, subjectKind: 'test', subjectId: `00000000-0000-7000-8000-${String(i).padStart(4, '0')}${date.replaceAll('-', '')}`, title: `Văn bản ${i}` })).numberText;
    });
  }
  return text;
}

let seq = 0;
const saved = (buf: Buffer) => {
  const f = path.join(tmp, `doc-${++seq}.docx`);
  fs.writeFileSync(f, buf);
  return f;
};
const unzip = (buf: Buffer, part: string) => execFileSync('unzip', ['-p', saved(buf), part]).toString('utf8');
const partsOf = (buf: Buffer) => execFileSync('unzip', ['-Z1', saved(buf)]).toString('utf8').split('\n');

/** Fails if any run (w:r) of the part lacks Times New Roman on ascii, hAnsi, eastAsia and cs. */
function assertFontsEverywhere(xml: string, part: string): number {
  const runs = xml.match(/<w:r>[\s\S]*?<\/w:r>|<w:r [\s\S]*?<\/w:r>/g) ?? [];
  for (const r of runs) {
    const fonts = /<w:rFonts ([^>]*)\/>/.exec(r)?.[1] ?? '';
    for (const slot of ['ascii', 'hAnsi', 'eastAsia', 'cs']) assert.ok(fonts.includes(`w:${slot}="Times New Roman"`), `${part}: a run without Times New Roman on ${slot}: ${r.slice(0, 200)}`);
  }
  return runs.length;
}

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(OUT, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(OUT, name)]);
  assert.ok(fs.existsSync(path.join(OUT, `${name}-1.png`)), 'a PNG of page 1');
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
}

const squash = (s: string) => s.replace(/\s+/g, '');

test('the date line pads days below 10 and the months 1 and 2 (NĐ 30/2020 Phụ lục I)', () => {
  assert.equal(officialDateLine('Phường Đồng Tâm', '2017-02-10'), 'Phường Đồng Tâm, ngày 10 tháng 02 năm 2017');
  assert.equal(officialDateLine('Phường Đồng Tâm', '2026-03-05'), 'Phường Đồng Tâm, ngày 05 tháng 3 năm 2026');
  assert.equal(officialDateLine('Phường Đồng Tâm', '2026-01-20'), 'Phường Đồng Tâm, ngày 20 tháng 01 năm 2026');
  assert.equal(officialDateLine('Phường Đồng Tâm', '2026-12-09'), 'Phường Đồng Tâm, ngày 09 tháng 12 năm 2026');
  assert.deepEqual(balanceLine('ĐẢNG BỘ QUẬN HAI BÀ TRƯNG', { size: 14, caps: true }, 60), ['ĐẢNG BỘ QUẬN', 'HAI BÀ TRƯNG']);
  assert.deepEqual(balanceLine('ĐẢNG ỦY', { size: 14, caps: true }, 60), ['ĐẢNG ỦY']);
  // A pair that belongs together is not split for balance (D61): not "… PHỤ / NỮ …".
  assert.deepEqual(balanceLine('HỘI LIÊN HIỆP PHỤ NỮ PHƯỜNG ĐỒNG TÂM', { size: 13, caps: true, bold: true }, 70), ['HỘI LIÊN HIỆP PHỤ NỮ', 'PHƯỜNG ĐỒNG TÂM']);
});

test('signature prefixes and abbreviations of Party and state bodies', () => {
  assert.equal(docs.signaturePrefix('standing_committee', 'collective'), 'T/M BAN THƯỜNG VỤ');
  assert.equal(docs.signaturePrefix('party_committee', 'deputy'), 'K/T BÍ THƯ');
  assert.equal(docs.signaturePrefix('people_committee', 'collective'), 'TM. ỦY BAN NHÂN DÂN');
  assert.equal(docs.signaturePrefix('people_committee', 'deputy'), 'KT. CHỦ TỊCH');
  assert.equal(docs.abbreviationOf({ kind: 'standing_committee', name: 'Ban Thường vụ Đảng ủy', short_name: 'BTV Đảng ủy' }), 'ĐU');
  assert.equal(docs.abbreviationOf({ kind: 'mass_organization', name: 'Đoàn Thanh niên', short_name: 'Đoàn TN' }), 'ĐTN');
});

test(`a Party conclusion notice of 10/02/2017: header, number 12-TB/ĐU, date, items; fonts on every run (${DB_KIND})`, { skip: SKIP }, async () => {
  const numberText = await issueUpTo(12, org['BTV Đảng ủy'] ?? '', '2017-02-10');
  assert.equal(numberText, '12-TB/ĐU');
  const { docx, filename, profileCode } = await docs.renderDocument(db, office, { issuerOrgId: org['BTV Đảng ủy'] ?? '', docType: 'TB', date: '2017-02-10', numberText, ...foundingNotice() });
  assert.equal(filename, 'Thông báo 12-TB-ĐU.docx');
  assert.equal(profileCode, 'party-11-hd-vptw-2004');
  assert.ok(assertFontsEverywhere(unzip(docx, 'word/document.xml'), 'document.xml') > 30);
  const headers = partsOf(docx).filter((p) => /^word\/(header|footer)\d*\.xml$/.test(p));
  assert.ok(headers.length >= 1, 'the page-number header is there');
  assert.match(unzip(docx, 'word/fontTable.xml'), /<w:font w:name="Times New Roman"><w:altName w:val="Liberation Serif"\/>/);
  for (const h of headers) assertFontsEverywhere(unzip(docx, h), h);
  const text = pdfText(await docxToPdf(docx), 'documents-party-notice');
  for (const s of ['ĐẢNG CỘNG SẢN VIỆT NAM', 'ĐẢNG BỘ QUẬN', 'HAI BÀ TRƯNG', 'ĐẢNG ỦY PHƯỜNG', 'Số 12-TB/ĐU', 'Phường Đồng Tâm, ngày 10 tháng 02 năm 2017', 'THÔNG BÁO', 'T/M BAN THƯỜNG VỤ', 'BÍ THƯ', 'Dương Ngọc Dũng', 'Nơi nhận:']) {
    assert.ok(text.includes(s), `PDF text has "${s}"`);
  }
  assert.ok(!/Số:\s*12/.test(text), 'a Party number has no colon');
  FOUNDING_CONCLUSIONS.forEach((item, i) => assert.ok(squash(text).includes(squash(`${i + 1}. ${item.slice(0, 60)}`)), `item ${i + 1} is printed`));
});

test(`a state notice: national header lines, "Số: 3/TB-UBND", KT. signature (${DB_KIND})`, { skip: SKIP }, async () => {
  const numberText = await issueUpTo(3, org.UBND ?? '', '2026-03-05');
  const { docx, profileCode } = await docs.renderDocument(db, office, {
    issuerOrgId: org.UBND ?? '',
    docType: 'TB',
    date: '2026-03-05',
    numberText,
    subject: 'Kết luận của Chủ tịch UBND phường tại cuộc họp giao ban tháng 3 năm 2026',
    blocks: [
      { kind: 'paragraph', text: 'Sáng ngày 05/3/2026, Chủ tịch UBND phường chủ trì cuộc họp giao ban. Sau khi nghe các bộ phận báo cáo, Chủ tịch UBND phường kết luận như sau:' },
      { kind: 'heading', text: 'I. Nhiệm vụ trọng tâm' },
      { kind: 'numbered', items: ['Rà soát hồ sơ thủ tục hành chính tồn đọng, hoàn thành trước ngày 31/3/2026.', 'Báo cáo kết quả về Văn phòng HĐND - UBND trước ngày 15/4/2026.'] },
      { kind: 'table', columns: ['STT', 'Nội dung', 'Đơn vị chủ trì', 'Thời hạn'], rows: [['1', 'Rà soát hồ sơ', 'Văn phòng', '31/03/2026'], ['2', 'Báo cáo kết quả', 'Văn phòng', '15/04/2026']] },
    ],
    signature: { prefix: docs.signaturePrefix('people_committee', 'deputy'), title: 'PHÓ CHỦ TỊCH', name: 'Chu Thị Huế' },
    recipients: ['Như trên;', 'TT Đảng ủy, TT HĐND phường;', 'Lưu: VT.'],
  });
  assert.equal(profileCode, 'state-nd30-2020');
  assertFontsEverywhere(unzip(docx, 'word/document.xml'), 'document.xml');
  const text = pdfText(await docxToPdf(docx), 'documents-state-notice');
  for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ỦY BAN NHÂN DÂN', 'PHƯỜNG ĐỒNG TÂM', 'Số: 3/TB-UBND', 'Phường Đồng Tâm, ngày 05 tháng 3 năm 2026', 'THÔNG BÁO', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Nơi nhận:', 'Đơn vị chủ trì']) {
    assert.ok(text.includes(s), `PDF text has "${s}"`);
  }
});

test('unnumbered minutes with two signatures side by side; page numbers from page 2 only', { skip: SKIP }, async () => {
  const many = Array.from({ length: 40 }, (_, i) => `Ý kiến thảo luận thứ ${i + 1}: các đoàn thể thống nhất với báo cáo và đề xuất bổ sung nhiệm vụ trong năm.`);
  const { docx, filename } = await docs.renderDocument(db, office, {
    issuerOrgId: org['BTV Đảng ủy'] ?? '',
    docType: 'BB',
    date: '2017-02-10',
    numberText: null,
    subject: 'Buổi làm việc của Ban Thường vụ Đảng ủy với MTTQ và các đoàn thể',
    blocks: [{ kind: 'paragraph', text: 'Thời gian: 14 giờ 00, ngày 10/02/2017. Địa điểm: phòng họp số 1 UBND phường.' }, { kind: 'numbered', items: many }],
    signature: { prefix: null, title: 'CHỦ TRÌ', name: 'Dương Ngọc Dũng' },
    extraSignatures: [{ prefix: null, title: 'THƯ KÝ', name: 'Nguyễn Thu Trang' }],
    recipients: [],
  });
  assert.equal(filename, 'Biên bản dự thảo.docx');
  const text = pdfText(await docxToPdf(docx), 'documents-party-minutes-draft');
  assert.match(text, /Số\s+-BB\/ĐU/);
  assert.match(text, /THƯ KÝ\s+CHỦ TRÌ/);
  const pages = text.split('\f').filter((p) => p.trim());
  assert.ok(pages.length >= 2, 'the minutes run over two pages');
  // eslint-disable-next-line regexp/no-super-linear-move -- bounded: the first lines of a page of our own PDF
  assert.ok(!/^\s*1\s*$/m.test(pages[0]?.split('\n').slice(0, 2).join('\n') ?? ''), 'no number on page 1');
  // eslint-disable-next-line regexp/no-super-linear-move -- bounded: the first lines of a page of our own PDF
  assert.match(pages[1]?.split('\n').slice(0, 3).join('\n') ?? '', /^\s+2\s*$/m, 'page 2 is numbered at the top');
});

test('the demo terms of the Party Committee (recorded by the demo) decide its periods', async () => {
  const issued = await runCommand(db, office, 'test.issue', async (c) => {
    await requireAccess(c.trx, office, 'ward.office');
    return docs.issueNumber(c, { issuerOrgId: org['Đảng ủy'] ?? '', docType: 'NQ', date: '2020-07-09', subjectKind: 'test', subjectId: 'demo-terms', title: 'Nghị quyết' });
  });
  assert.equal(issued.periodKey, '2015 - 2020', 'the recorded term, where the congress cycle alone would say 2020 - 2025');
  const audits = await db.selectFrom('audit_event').select('action').where('action', '=', 'body_term.create').execute();
  assert.equal(audits.length, 3);
});

test('two conversions at once both finish (one at a time inside, each with its own profile)', { skip: SKIP }, async () => {
  const render = (name: string) => docs.renderDocument(db, office, { issuerOrgId: org.UBND ?? '', docType: 'GM', date: '2026-04-01', numberText: null, subject: '', blocks: [{ kind: 'paragraph', text: `Kính mời ${name} dự cuộc họp.` }], signature: { prefix: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: 'Chu Thị Huế' }, recipients: [] });
  const [a, b] = await Promise.all([render('ông An'), render('bà Bình')]);
  const [pa, pb] = await Promise.all([docxToPdf(a.docx), docxToPdf(b.docx)]);
  assert.ok(pa.subarray(0, 5).toString() === '%PDF-' && pb.subarray(0, 5).toString() === '%PDF-');
  assert.ok(pdfText(pa, 'documents-invitation-a').includes('ông An'));
  assert.ok(pdfText(pb, 'documents-invitation-b').includes('bà Bình'));
});
