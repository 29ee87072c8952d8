// The schedule as printed on paper (docs/DESIGN.md D56), over real HTTP on the database under test
// (SQLite; PostgreSQL with ROVIEC_TEST_DATABASE_URL): the issuer's letterhead by body kind (Party,
// state, Front, Youth Union, association) in the print view and in the XLSX read back by exceljs;
// the coordinating bodies and notes columns; the signature block and print button; the month the
// phone view opens on; a task carried over from the year before; a deadline past the programme's
// year refused with its message and nothing written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { headKindOf } from '../documents/service.ts';
import { outsideYear } from './task.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';

let t: TestApp;
let office: Client;
let head: Client;
const org: Record<string, string> = {};
let mai = '';
let carried = '';

const orgId = async (short: string) => (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', short).executeTakeFirstOrThrow()).id;

before(async () => {
  t = await startTestApp();
  office = t.client();
  await office.login('vanphong');
  head = t.client();
  await head.login('phunu');
  for (const s of ['Hội LHPN', 'UBND', 'UBMTTQ', 'Đoàn TN', 'Đảng ủy']) org[s] = await orgId(s);
  mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
  const p = await head.api('POST', '/api/v1/programmes', { org_id: org['Hội LHPN'], year: 2018, title: 'Chương trình công tác năm 2018', source_ids: [] });
  assert.equal(p.status, 201, p.text);
  const pid = p.json<{ id: string }>().id;
  const task = {
    title: 'Xây dựng mô hình "Phụ nữ giữ gìn phố phường sạch đẹp"',
    description: 'Tiếp tục từ cuối năm 2017',
    owner_person_id: mai,
    lead_org_id: org['Hội LHPN'],
    coordinating_org_ids: [org['UBMTTQ'], org['Đoàn TN']],
    start_on: '01/11/2017',
    due_on: '30/06/2018',
    result_kind: 'indicator',
    target_value: 6,
    target_unit: 'mô hình',
    milestones: [{ month: '2018-03', planned_percent: 50 }],
  };
  const tc = await head.api('POST', `/api/v1/programmes/${pid}/tasks`, task);
  assert.equal(tc.status, 201, tc.text);
  carried = tc.json<{ id: string }>().id;
});
after(async () => t.close());

async function printView(q: string): Promise<string> {
  const res = await office.get(`/app/schedule?${q}`);
  assert.equal(res.status, 200, q);
  return res.text;
}

async function sheet(q: string): Promise<ExcelJS.Worksheet> {
  const res = await office.getBuffer(`/app/schedule.xlsx?${q}`);
  assert.equal(res.status, 200, q);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  assert.ok(ws);
  return ws;
}

/** The body kind, left (issuer) and right (national heading) lines each body's paper must show. */
const CASES = [
  { short: 'Đảng ủy', kind: 'party', left: /ĐẢNG ỦY PHƯỜNG ĐỒNG TÂM/, right: 'ĐẢNG CỘNG SẢN VIỆT NAM', motto: null },
  { short: 'UBND', kind: 'state', left: /ỦY BAN NHÂN DÂN/, right: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', motto: 'Độc lập - Tự do - Hạnh phúc' },
  { short: 'UBMTTQ', kind: 'front', left: /ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM PHƯỜNG ĐỒNG TÂM/, right: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', motto: 'Độc lập - Tự do - Hạnh phúc' },
  { short: 'Hội LHPN', kind: 'association', left: /HỘI LIÊN HIỆP PHỤ NỮ PHƯỜNG ĐỒNG TÂM/, right: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', motto: 'Độc lập - Tự do - Hạnh phúc' },
  { short: 'Đoàn TN', kind: 'youth', left: /ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH PHƯỜNG ĐỒNG TÂM/, right: 'ĐOÀN TNCS HỒ CHÍ MINH', motto: null },
] as const;

test('the print view carries the letterhead of its body: Party, state, Front, association, Youth Union', async () => {
  for (const c of CASES) {
    const html = await printView(`year=2018&all=1&org=${org[c.short]}`);
    const headBlock = /<header class="paper-head[^"]*" data-kind="([a-z]+)">([\s\S]*?)<\/header>/.exec(html);
    assert.ok(headBlock, c.short);
    assert.equal(headBlock[1], c.kind, c.short);
    assert.match(headBlock[2] ?? '', c.left, c.short);
    assert.match(headBlock[2] ?? '', new RegExp(`<p class="paper-national">${c.right}</p>`), c.short);
    if (c.motto) assert.match(headBlock[2] ?? '', new RegExp(`<p class="paper-motto-line">${c.motto}</p>`), c.short);
    else assert.doesNotMatch(headBlock[2] ?? '', /paper-motto-line|Độc lập/, c.short);
    assert.match(headBlock[2] ?? '', /Đồng Tâm, ngày \d{2} tháng \d{1,2} năm \d{4}/, c.short);
    assert.match(headBlock[2] ?? '', /BIỂU TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ NĂM 2018/, c.short);
  }
  // Ward-wide, the Party Committee issues it (its Standing Committee approves the programmes).
  const ward = await printView('year=2018&all=1');
  assert.match(ward, /data-kind="party"/);
  assert.match(ward, /<p class="paper-higher">ĐẢNG BỘ QUẬN HAI BÀ TRƯNG<\/p>/);
  // The paged screen view has no letterhead, only a link to the print view.
  const screen = await printView('year=2018');
  assert.doesNotMatch(screen, /paper-head/);
  assert.match(screen, /href="\/app\/schedule\?year=2018&amp;all=1">Bản in \(khổ A4 ngang\)<\/a>/);
});

test('the XLSX carries the same letterhead per body', async () => {
  for (const c of CASES) {
    const ws = await sheet(`year=2018&org=${org[c.short]}`);
    const left = `${String(ws.getCell('A1').value ?? '')} ${String(ws.getCell('A2').value ?? '')}`;
    assert.match(left, c.left, c.short);
    assert.equal(ws.getCell('M1').value, c.right, c.short);
    assert.equal(String(ws.getCell('M2').value ?? ''), c.motto ?? '', c.short);
    assert.equal(ws.getCell('A3').value ?? null, c.kind === 'party' || c.kind === 'youth' ? '*' : null, c.short);
    assert.match(String(ws.getCell('M3').value), /^Đồng Tâm, ngày \d{2} tháng \d{1,2} năm \d{4}$/, c.short);
  }
});

test('a body kind from its kind and name: a chi đoàn is the Youth Union, a chi hội an association', () => {
  assert.equal(headKindOf({ kind: 'branch', name: 'Chi đoàn Tổ dân phố số 1' }), 'youth');
  assert.equal(headKindOf({ kind: 'branch', name: 'Chi hội Phụ nữ Tổ dân phố số 1' }, { kind: 'mass_organization', name: 'Hội Liên hiệp Phụ nữ phường' }), 'association');
  assert.equal(headKindOf({ kind: 'front_work_group', name: 'Ban công tác Mặt trận Tổ dân phố số 1' }), 'front');
  assert.equal(headKindOf({ kind: 'party_cell', name: 'Chi bộ Tổ dân phố số 1' }), 'party');
  assert.equal(headKindOf({ kind: 'people_council', name: 'Hội đồng nhân dân phường' }), 'state');
});

test('columns: coordinating bodies and notes; a task from the previous year shows where it began', async () => {
  const html = await printView(`year=2018&all=1&org=${org['Hội LHPN']}`);
  assert.match(html, /<th scope="col" class="col-coord">Cơ quan phối hợp<\/th>/);
  assert.match(html, /<th scope="col" class="col-notes">Ghi chú<\/th>/);
  const row = new RegExp(`<tr id="r-${carried}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  assert.match(row, /<td class="col-coord">UBMTTQ, Đoàn TN<\/td>/);
  assert.match(row, /<td class="c [^"]*" data-month="1"><span class="from">từ 11\/2017<\/span>/);
  assert.match(row, /<td class="col-notes">Bắt đầu từ tháng 11\/2017, chuyển sang năm 2018; Chỉ tiêu: 6 mô hình<\/td>/);
  const ws = await sheet(`year=2018&org=${org['Hội LHPN']}`);
  assert.equal(ws.getCell('E6').value, 'Cơ quan phối hợp');
  assert.equal(ws.getCell('T6').value, 'Ghi chú');
  let found = 0;
  ws.eachRow((r) => {
    if (String(r.getCell(2).value).startsWith('Xây dựng mô hình')) {
      found++;
      assert.equal(r.getCell(5).value, 'UBMTTQ, Đoàn TN');
      assert.match(String(r.getCell(7).value), /^từ 11\/2017/);
      assert.match(String(r.getCell(20).value), /Bắt đầu từ tháng 11\/2017/);
    }
  });
  assert.equal(found, 1);
});

test('signature block, "Nơi nhận", print button under the CSP; the phone view anchors the current month', async () => {
  const html = await printView(`year=2018&all=1&org=${org['UBND']}`);
  const foot = /<footer class="paper-foot">([\s\S]*?)<\/footer>/.exec(html)?.[1] ?? '';
  assert.match(foot, /Nơi nhận:/);
  assert.match(foot, /<p class="paper-sign-prefix">TM\. ỦY BAN NHÂN DÂN<\/p>/);
  assert.match(foot, /<p class="paper-sign-title">CHỦ TỊCH<\/p>/);
  assert.match(foot, /<p class="paper-sign-name">[^<]+<\/p>/);
  assert.match(html, /<button type="button" class="button print-button" data-print="true" hidden>In biểu tiến độ<\/button>/);
  assert.match(html, /<script src="\/static\/schedule.js" defer><\/script>/);
  assert.doesNotMatch(html, /onclick=/);
  const js = await office.get('/static/schedule.js');
  assert.equal(js.status, 200);
  assert.match(js.text, /window\.print\(\)/);
  const party = await printView(`year=2018&all=1&org=${org['Đảng ủy']}`);
  assert.match(party, /<p class="paper-sign-prefix">T\/M BAN CHẤP HÀNH<\/p>|<p class="paper-sign-prefix">T\/M ĐẢNG ỦY<\/p>/);
  const ws = await sheet(`year=2018&org=${org['UBND']}`);
  const texts: string[] = [];
  ws.eachRow((r) => r.eachCell((c) => texts.push(String(c.value ?? ''))));
  assert.ok(texts.includes('Nơi nhận:'));
  assert.ok(texts.includes('TM. ỦY BAN NHÂN DÂN'));
  // The current year's page has each month's column anchored and a link to this month.
  const today = todayInVietnam();
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const p = await head.api('POST', '/api/v1/programmes', { org_id: org['Hội LHPN'], year, title: `Chương trình công tác năm ${year}`, source_ids: [] });
  assert.equal(p.status, 201, p.text);
  const tc = await head.api('POST', `/api/v1/programmes/${p.json<{ id: string }>().id}/tasks`, { title: 'Ra quân vệ sinh môi trường', description: 'Mỗi tháng một lần', owner_person_id: mai, lead_org_id: org['Hội LHPN'], start_on: `01/01/${year}`, due_on: `31/12/${year}`, result_kind: 'deliverable', deliverable: 'Báo cáo', milestones: [] });
  assert.equal(tc.status, 201, tc.text);
  const cur = await printView(`year=${year}`);
  for (let m = 1; m <= 12; m++) assert.match(cur, new RegExp(`<th scope="col" id="thang-${String(m).padStart(2, '0')}"`));
  const mm = String(month).padStart(2, '0');
  assert.match(cur, new RegExp(`<th scope="col" id="thang-${mm}" class="now">`));
  assert.match(cur, new RegExp(`<a href="#thang-${mm}">Đến tháng này \\(tháng ${month}\\)</a>`));
  assert.match(cur, new RegExp(`<div class="sched-wrap"[^>]* data-month="${month}">`));
  // Another year opens at January: no link, no month to scroll to.
  assert.doesNotMatch(await printView('year=2018'), /Đến tháng này|class="now"/);
});

test('a deadline past the programme\'s year is refused with its message; a start before it is kept', async () => {
  assert.deepEqual(outsideYear({ start_on: '2017-11-01', due_on: '2018-06-30' }, 2018), {});
  assert.deepEqual(outsideYear({ start_on: '2018-02-01', due_on: '2019-01-31' }, 2018), { due_on: 'task.err.dueOutsideYear' });
  assert.deepEqual(outsideYear({ start_on: '2019-02-01', due_on: null }, 2018), { start_on: 'task.err.outsideYear' });
  const before = await head.api('GET', `/api/v1/tasks/${carried}`);
  const v = before.json<{ version: number; due_on: string }>();
  const moved = await head.api('PATCH', `/api/v1/tasks/${carried}`, { due_on: '31/01/2019', version: v.version });
  assert.equal(moved.status, 400, moved.text);
  assert.match(JSON.stringify(moved.json()), /Thời hạn hoàn thành phải trong năm của chương trình/);
  const after = (await head.api('GET', `/api/v1/tasks/${carried}`)).json<{ version: number; due_on: string }>();
  assert.deepEqual([after.version, after.due_on], [v.version, v.due_on]);
  // The same rule on the task form: the page names the field, nothing is written.
  const pid = (await t.db.selectFrom('task').select('programme_id').where('id', '=', carried).executeTakeFirstOrThrow()).programme_id;
  const count = async () => Number((await t.db.selectFrom('task').select((e) => e.fn.countAll().as('n')).where('programme_id', '=', pid).executeTakeFirstOrThrow()).n);
  const n = await count();
  const form = await head.post(`/app/programmes/${pid}/tasks`, { title: 'Tổng kết mô hình', description: 'Hội nghị tổng kết', owner_person_id: mai, lead_org_id: org['Hội LHPN'], start_on: '01/12/2018', due_on: '15/01/2019', result_kind: 'deliverable', deliverable: 'Báo cáo tổng kết' });
  assert.equal(form.status, 400);
  assert.match(form.text, /Thời hạn hoàn thành phải trong năm của chương trình/);
  assert.equal(await count(), n);
});
