// The roll-up and an organization's report as a reader gets them: a request of this year's annual
// review to three organizations, two accepted (one left pending), the roll-up numbered by the
// office, downloaded over HTTP as Word (twice: same number), made PDF by LibreOffice, its text
// read by pdftotext and its first page saved as PNG under test-output/ to be looked at; the XLSX
// opened with exceljs; a head refused the roll-up but given its own report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import type { Actor } from '../../platform/actor.ts';
import { parseInput } from '../../platform/validation.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { docxToPdf } from '../../export/pdf.ts';
import { PDF_AVAILABLE, skipWithout } from '../../../test/support/tools.ts';
import { DraftInput, RequestInput } from './schema.ts';
import * as svc from './service.ts';
import { formatIndicator, formatTotal, indicatorTables, issueRollup } from './export.ts';

const SKIP = skipWithout(PDF_AVAILABLE, 'LibreOffice (soffice) is not installed: PDF tests skipped');
const OUT = path.resolve('test-output');
const year = todayInVietnam().slice(0, 4);
let t: TestApp;
let office: Actor;
let requestId = '';
const subs: Record<'pn' | 'doan' | 'ccb', string> = { pn: '', doan: '', ccb: '' };

const flat = (s: string) => s.replace(/\s+/gu, ' ');
async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}
function pdfText(pdf: Buffer, name: string): string {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '3', file, path.join(OUT, name)]);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
}
const version = async (id: string) => (await t.db.selectFrom('report_submission').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

async function report(id: string, sections: Record<string, string>, indicators: Record<string, string>): Promise<void> {
  await svc.saveDraft(t.db, office, id, parseInput(DraftInput, { sections, indicators, version: await version(id) }));
  await svc.submitReport(t.db, office, id, await version(id));
  await svc.acceptReport(t.db, office, id, { comment: null, version: await version(id) });
}

before(async () => {
  t = await startTestApp();
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'vanphong').executeTakeFirstOrThrow();
  office = { userId: u.id, label: u.display_name, wardId: t.wardA, roles: new Set(['office']), headOf: [], memberOf: [], ip: '127.0.0.1' };
  const orgs = await t.db.selectFrom('organization').select(['id', 'short_name', 'kind']).where('ward_id', '=', t.wardA).execute();
  const org = (s: string) => orgs.find((o) => o.short_name === s)?.id ?? assert.fail(s);
  const btv = orgs.find((o) => o.kind === 'standing_committee')?.id ?? assert.fail('btv');
  const input = parseInput(RequestInput, { form_id: 'rf-annual', period_id: year, due_on: `${year}-12-31`, title: `Báo cáo tổng kết công tác năm ${year}`, issuer_org_id: btv, org_ids: [org('Hội LHPN'), org('Đoàn TN'), org('Hội CCB')] });
  requestId = (await svc.createRequest(t.db, office, input)).id;
  const rows = await t.db.selectFrom('report_submission').select(['id', 'org_id']).where('request_id', '=', requestId).execute();
  subs.pn = rows.find((r) => r.org_id === org('Hội LHPN'))?.id ?? '';
  subs.doan = rows.find((r) => r.org_id === org('Đoàn TN'))?.id ?? '';
  subs.ccb = rows.find((r) => r.org_id === org('Hội CCB'))?.id ?? '';
  await report(subs.pn, { results: 'Tuyên truyền cuộc bầu cử đại biểu Quốc hội và HĐND các cấp.\nRa quân vệ sinh môi trường mỗi tháng một lần.', limitations: 'Cán bộ chi hội còn kiêm nhiệm nhiều việc.', directions: 'Nâng cao chất lượng sinh hoạt chi hội.' }, { propaganda_sessions: '12', cultural_families_rate: '85,5', funds_raised: '12,5', targets_met: 'có' });
  await report(subs.doan, { results: 'Tổ chức 30 buổi sinh hoạt chuyên đề cho đoàn viên.', directions: 'Phát triển đoàn viên mới.' }, { propaganda_sessions: '30', cultural_families_rate: '90', funds_raised: '1.234,5', targets_met: 'không' });
});
after(async () => t?.close());

test('values are written the Vietnamese way: 1.234,5; 85,5%; Có/Không; a yes/no total counts the yeses', () => {
  assert.equal(formatIndicator('decimal', 1234.5), '1.234,5');
  assert.equal(formatIndicator('percent', 85.5), '85,5%');
  assert.equal(formatIndicator('integer', 1200), '1.200');
  assert.equal(formatIndicator('boolean', 1), 'Có');
  assert.equal(formatIndicator('boolean', 0), 'Không');
  assert.equal(formatIndicator('integer', null), '–');
  const spec = { code: 'x', name: 'x', unit: '', type: 'boolean' as const, aggregate: 'sum' as const, source: null };
  assert.equal(formatTotal({ spec, total: 1, values: [{ value: 1 }, { value: 0 }, { value: null }] as never }), '1/2 có');
  assert.equal(formatTotal({ spec: { ...spec, aggregate: 'average' }, total: 0.6667, values: [] }), '66,7% có');
});

test('seven organizations: the indicator table continues over three tables, each with the total; unreported indicators left out', () => {
  const orgs = Array.from({ length: 7 }, (_, i) => ({ id: `o${i}`, name: `Tổ chức ${i}`, short: `TC${i}` }));
  const ind = (code: string, value: number | null) => ({ spec: { code, name: code, unit: 'người', type: 'integer' as const, aggregate: 'sum' as const, source: null }, total: value === null ? null : value * 7, values: orgs.map((o) => ({ orgId: o.id, orgName: o.name, submissionId: o.id, value, computed: null })) });
  const tables = indicatorTables({ orgs, indicators: [ind('a', 2), ind('b', null)] }, new Map([['o6', 'TC6']]));
  assert.equal(tables.length, 3);
  const last = tables[2];
  assert.ok(last?.kind === 'table');
  assert.deepEqual(last.columns, ['STT', 'Chỉ tiêu', 'Đơn vị', 'TC6', 'Tổng hợp']);
  assert.deepEqual(last.rows, [['1', 'a', 'người', '2', '14']]);
  assert.equal(last.widths?.reduce((x, y) => x + y, 0), 100);
});

test('the roll-up: numbered once by the office, the same number on every download; a head gets 403', { skip: SKIP }, async () => {
  const c = await login('vanphong');
  // Before numbering: a draft, "Số      -BC/ĐU".
  const draft = await c.getBuffer(`/app/reports/${requestId}/rollup.docx`);
  assert.equal(draft.status, 200);
  assert.match(draft.headers.get('content-type') ?? '', /wordprocessingml/);
  assert.match(draft.headers.get('content-disposition') ?? '', /filename\*=UTF-8''B%C3%A1o%20c%C3%A1o%20d%E1%BB%B1%20th%E1%BA%A3o/u);
  assert.ok(flat(pdfText(await docxToPdf(draft.body), 'report-rollup-draft')).includes('Số -BC/ĐU'), 'an unnumbered draft');
  const issued = await c.post(`/app/reports/${requestId}/rollup/issue`, {});
  assert.equal(issued.status, 303, issued.text.slice(0, 500));
  const row = await t.db.selectFrom('issued_document').selectAll().where('subject_kind', '=', 'report_request').where('subject_id', '=', requestId).executeTakeFirstOrThrow();
  assert.match(row.number_text, /^\d+-BC\/ĐU$/u);
  assert.equal(row.issued_on, todayInVietnam());
  assert.equal((await t.db.selectFrom('audit_event').select('id').where('action', '=', 'report.issue').where('entity_id', '=', requestId).execute()).length, 1);
  const again = await c.post(`/app/reports/${requestId}/rollup/issue`, {});
  assert.equal(again.status, 409);
  await assert.rejects(issueRollup(t.db, office, requestId), (e: { status?: number }) => e.status === 409);

  const first = await c.getBuffer(`/app/reports/${requestId}/rollup.docx`);
  const second = await c.getBuffer(`/app/reports/${requestId}/rollup.docx`);
  assert.equal(first.status, 200);
  assert.equal(second.status, 200);
  const disposition = first.headers.get('content-disposition') ?? '';
  assert.match(disposition, new RegExp(encodeURIComponent(`Báo cáo ${row.number_text.replace('/', '-')}`).replace(/[()]/g, '\\$&'), 'u'));
  const text1 = flat(pdfText(await docxToPdf(first.body), 'report-rollup'));
  const text2 = flat(pdfText(await docxToPdf(second.body), 'report-rollup-again'));
  const [d, m, y] = [todayInVietnam().slice(8, 10), Number(todayInVietnam().slice(5, 7)), year];
  const dateLine = `Phường Đồng Tâm, ngày ${d} tháng ${m < 3 ? String(m).padStart(2, '0') : m} năm ${y}`;
  for (const line of ['ĐẢNG BỘ THÀNH PHỐ', 'HÀ NỘI', 'ĐẢNG ỦY PHƯỜNG', 'ĐẢNG CỘNG SẢN VIỆT NAM', `Số ${row.number_text}`, dateLine, 'BÁO CÁO', `Báo cáo tổng kết công tác năm ${year}`, 'tổng hợp kết quả năm ' + year + ' như sau', 'I. KẾT QUẢ ĐẠT ĐƯỢC', 'II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN', 'III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM SAU', 'Hội Liên hiệp Phụ nữ phường:', 'Tuyên truyền cuộc bầu cử', 'Chưa tổng hợp báo cáo của: Hội CCB (chưa nộp)', 'T/M BAN THƯỜNG VỤ', 'BÍ THƯ', 'Nơi nhận', 'Thành ủy Hà Nội (để báo cáo)', 'Lưu Văn phòng']) {
    assert.ok(text1.includes(line), `roll-up: ${line}\n${text1.slice(0, 2500)}`);
  }
  // Sections nobody wrote are left out; the indicators nobody reported too.
  assert.ok(!text1.includes('ƯU ĐIỂM') && !text1.includes('Số nhiệm vụ quá hạn'), text1.slice(0, 2500));
  // The indicator table: per organization and the total (30 + 12 buổi; 85,5% and 90% average 87,75%; 12,5 + 1.234,5 triệu; 1 of 2 yes).
  for (const cell of ['Đoàn TN', 'Hội LHPN', 'Tổng', '30 12 42', '90% 85,5% 87,75%', '1.234,5 12,5 1.247', 'Không Có 1/2 có']) assert.ok(text1.includes(cell), `table: ${cell}`);
  assert.ok(text2.includes(`Số ${row.number_text}`), 'second download, same number');
  assert.equal((await t.db.selectFrom('issued_document').select('id').where('subject_id', '=', requestId).execute()).length, 1);

  const pdf = await c.getBuffer(`/app/reports/${requestId}/rollup.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(pdf.body.subarray(0, 4).toString('latin1'), '%PDF');

  const standing = await login('thuongvu');
  assert.equal((await standing.getBuffer(`/app/reports/${requestId}/rollup.docx`)).status, 200);
  const head = await login('phunu');
  assert.equal((await head.getBuffer(`/app/reports/${requestId}/rollup.docx`)).status, 403);
  assert.equal((await head.getBuffer(`/app/reports/${requestId}/rollup.xlsx`)).status, 403);
  assert.equal((await head.post(`/app/reports/${requestId}/rollup/issue`, {})).status, 403);
  const other = await login('vinhtuy.doan');
  assert.equal((await other.getBuffer(`/app/reports/${requestId}/rollup.docx`)).status, 403);
});

test('the XLSX holds each organization value and the totals; the second sheet the board', async () => {
  const c = await login('vanphong');
  const res = await c.getBuffer(`/app/reports/${requestId}/rollup.xlsx`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(res.headers.get('content-disposition') ?? '', /\.xlsx/u);
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'report-rollup.xlsx'), res.body);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Chỉ tiêu') ?? assert.fail('sheet 1');
  const header = ws.getRow(6).values as unknown[];
  assert.deepEqual(header.slice(1), ['STT', 'Chỉ tiêu', 'Đơn vị', 'Cách tổng hợp', 'Đoàn TN', 'Hội LHPN', 'Tổng hợp']);
  const rowOf = (name: string) => {
    for (let r = 7; r <= ws.rowCount; r++) if (String(ws.getRow(r).getCell(2).value).startsWith(name)) return ws.getRow(r);
    return assert.fail(name);
  };
  const sessions = rowOf('Số buổi tuyên truyền');
  assert.deepEqual([sessions.getCell(5).value, sessions.getCell(6).value, sessions.getCell(7).value], [30, 12, 42]);
  assert.equal(rowOf('Số tiền vận động').getCell(7).value, 1247);
  assert.equal(rowOf('Tỷ lệ hộ').getCell(7).value, 87.75);
  assert.equal(rowOf('Hoàn thành các chỉ tiêu').getCell(6).value, 'Có');
  assert.equal(rowOf('Hoàn thành các chỉ tiêu').getCell(7).value, '1/2 có');
  assert.equal(ws.getRow(7).getCell(2).font?.name, 'Times New Roman');
  const board = wb.getWorksheet('Tình hình nộp') ?? assert.fail('sheet 2');
  const lines = [5, 6, 7].map((r) => [board.getRow(r).getCell(2).value, board.getRow(r).getCell(3).value]);
  assert.deepEqual(lines, [
    ['Đoàn TN', 'Đã duyệt'],
    ['Hội LHPN', 'Đã duyệt'],
    ['Hội CCB', 'Chưa nộp'],
  ]);
});

test("an organization's report: its own header, unnumbered; readable by its head, not by another organization's", { skip: SKIP }, async () => {
  const head = await login('phunu');
  const own = await head.getBuffer(`/app/reports/submissions/${subs.pn}/report.pdf`);
  assert.equal(own.status, 200, own.body.toString('utf8').slice(0, 300));
  const text = flat(pdfText(own.body, 'report-submission'));
  // The superior body of today (the city since 01/07/2025, D64); the PDF lays its name over two lines.
  assert.ok(!text.includes('HAI BÀ TRƯNG'), text.slice(0, 600));
  for (const line of ['HỘI LHPN THÀNH', 'HÀ NỘI', 'HỘI LIÊN HIỆP PHỤ NỮ', 'PHƯỜNG ĐỒNG TÂM', 'Số -BC/HLHPN', 'BÁO CÁO', 'I. KẾT QUẢ ĐẠT ĐƯỢC', 'Ra quân vệ sinh môi trường', 'II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN', 'IV. CÁC CHỈ TIÊU', '85,5%', 'T/M BAN CHẤP HÀNH', 'Ban Thường vụ Đảng ủy (để báo cáo)']) {
    assert.ok(text.includes(line), `submission: ${line}\n${text.slice(0, 2000)}`);
  }
  const docx = await head.getBuffer(`/app/reports/submissions/${subs.pn}/report.docx`);
  assert.equal(docx.status, 200);
  assert.match(docx.headers.get('content-disposition') ?? '', /filename="Bao cao Hoi LHPN - Nam \d{4}\.docx"/u);
  assert.equal((await head.getBuffer(`/app/reports/submissions/${subs.doan}/report.docx`)).status, 403);
  const c = await login('vanphong');
  assert.equal((await c.getBuffer(`/app/reports/submissions/${subs.doan}/report.docx`)).status, 200);
});

test('a roll-up of the People\'s Committee: state format (NĐ 30/2020), "Số: n/BC-UBND", TM. ỦY BAN NHÂN DÂN; refused before anything is accepted (422) and with a date before the period (400)', { skip: SKIP }, async () => {
  const orgs = await t.db.selectFrom('organization').select(['id', 'short_name', 'kind']).where('ward_id', '=', t.wardA).execute();
  const ubnd = orgs.find((o) => o.kind === 'people_committee')?.id ?? assert.fail('ubnd');
  const nct = orgs.find((o) => o.short_name === 'Hội NCT')?.id ?? assert.fail('nct');
  const quarter = Math.ceil(Number(todayInVietnam().slice(5, 7)) / 3);
  const input = parseInput(RequestInput, { form_id: 'rf-quarterly', period_id: `${year}Q${quarter}`, due_on: todayInVietnam(), title: `Báo cáo quý ${quarter} năm ${year}`, issuer_org_id: ubnd, org_ids: [nct] });
  const id = (await svc.createRequest(t.db, office, input)).id;
  await assert.rejects(issueRollup(t.db, office, id), (e: { status?: number; key?: string }) => e.status === 422 && e.key === 'report.err.nothingAccepted');
  const sub = (await t.db.selectFrom('report_submission').select('id').where('request_id', '=', id).executeTakeFirstOrThrow()).id;
  await report(sub, { results: 'Thăm hỏi hội viên cao tuổi ốm đau.' }, { new_members: '15' });
  await assert.rejects(issueRollup(t.db, office, id, `${Number(year) - 1}-12-31`), (e: { status?: number }) => e.status === 400);
  assert.equal((await t.db.selectFrom('issued_document').select('id').where('subject_id', '=', id).execute()).length, 0, 'nothing written');
  const c = await login('quantri');
  const bad = await c.post(`/app/reports/${id}/rollup/issue`, { date: `31/12/${Number(year) - 1}` });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Ngày ban hành phải từ ngày đầu kỳ báo cáo đến hôm nay/u);
  const number = await issueRollup(t.db, office, id);
  assert.match(number, /^\d+\/BC-UBND$/u);
  const pdf = await c.getBuffer(`/app/reports/${id}/rollup.pdf`);
  assert.equal(pdf.status, 200);
  const text = flat(pdfText(pdf.body, 'report-rollup-state'));
  for (const line of ['ỦY BAN NHÂN DÂN', 'PHƯỜNG ĐỒNG TÂM', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', `Số: ${number}`, 'BÁO CÁO', 'I. KẾT QUẢ ĐẠT ĐƯỢC', 'Thăm hỏi hội viên cao tuổi', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH', '15', `tổng hợp kết quả quý ${['I', 'II', 'III', 'IV'][quarter - 1]} năm ${year}`]) {
    assert.ok(text.includes(line), `state roll-up: ${line}\n${text.slice(0, 2000)}`);
  }
  assert.ok(!text.includes('ĐẢNG CỘNG SẢN VIỆT NAM'));
});
