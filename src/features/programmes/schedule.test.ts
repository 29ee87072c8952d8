import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { cellsOf, cellText, type ScheduleCell } from './schedule.ts';
import { placeOfWard } from './schedule-routes.tsx';
import { SOFFICE, skipWithout } from '../../../test/support/tools.ts';

let t: TestApp;
let c: Client;
before(async () => {
  t = await startTestApp();
  c = t.client();
  await c.login('vanphong');
});
after(async () => t.close());

test('cells: planned against actual, in words and tone', () => {
  const task = { start_on: '2017-03-01', due_on: '2017-06-30', done_on: null, milestones: [{ id: '', task_id: '', month: '2017-03', due_on: '2017-03-31', planned_percent: 20, title: null }, { id: '', task_id: '', month: '2017-05', due_on: '2017-05-31', planned_percent: 60, title: null }] };
  const history = [{ reported_on: '2017-03-25', percent: 25 }, { reported_on: '2017-05-20', percent: 40 }];
  const asOf = (day: string) => history.filter((h) => h.reported_on <= day).at(-1)?.percent ?? null;
  const cells = cellsOf(task, asOf, 2017, '2017-06-15');
  assert.equal(cells[0]?.tone, 'none'); // January: outside the span
  assert.deepEqual([cells[2]?.tone, cells[2]?.planned, cells[2]?.actual], ['ok', 20, 25]); // March: ahead
  assert.deepEqual([cells[4]?.tone, cells[4]?.plannedCum, cells[4]?.actual], ['behind', 60, 40]); // May: behind
  assert.equal(cells[6]?.tone, 'none'); // July: after the span, in the future
  const future = cellsOf(task, asOf, 2017, '2017-02-01');
  assert.equal(future[2]?.tone, 'plan');
});

test('a month inside the dates with nothing planned, due or reported says so with a mark, not with a shade alone', () => {
  const task = { start_on: '2017-03-01', due_on: '2017-06-30', done_on: null, milestones: [{ id: '', task_id: '', month: '2017-06', due_on: '2017-06-30', planned_percent: 100, title: null }] };
  const cells = cellsOf(task, () => null, 2017, '2017-04-15');
  const words = { plan: 'KH', actual: 'TH', done: 'xong', behind: 'chậm', inSpan: '•' };
  assert.deepEqual([cells[2]?.tone, cells[2]?.inSpan, cellText(cells[2] as ScheduleCell, words)], ['none', true, '•']); // March: nothing due yet, nothing reported
  assert.deepEqual([cells[4]?.tone, cellText(cells[4] as ScheduleCell, words)], ['plan', '•']); // May: ahead, no milestone
  assert.equal(cellText(cells[5] as ScheduleCell, words), 'KH 100%'); // June: the milestone
  assert.equal(cellText(cells[0] as ScheduleCell, words), ''); // January: outside the dates, unshaded
});

test('the place on the dated line is the ward or commune itself; a numbered ward keeps its word', () => {
  assert.equal(placeOfWard('Phường Đồng Tâm'), 'Đồng Tâm');
  assert.equal(placeOfWard('Xã Kim Nỗ'), 'Kim Nỗ');
  assert.equal(placeOfWard('Thị trấn Đông Anh'), 'Đông Anh');
  assert.equal(placeOfWard('Phường 12'), 'Phường 12');
});

test('the ward-wide schedule shows every organization, with filters that stay in the URL', async () => {
  const all = await c.get('/app/schedule?year=2017');
  assert.equal(all.status, 200);
  assert.match(all.text, /Biểu tiến độ theo tháng năm 2017 — Toàn phường/);
  // One row group per organization, headed by its name (a header cell with scope="rowgroup").
  assert.match(all.text, /<tbody><tr class="org"><th scope="rowgroup" colSpan="16">Hội Liên hiệp Phụ nữ phường/i);
  assert.match(all.text, /class="c c-done"/);
  assert.match(all.text, /KH 100% · TH 100% · xong/);
  assert.match(all.text, /href="\/app\/schedule.xlsx\?year=2017"/);
  const overdue = await c.get('/app/schedule?year=2017&status=overdue');
  const statuses = [...overdue.text.matchAll(/<span class="st st-([a-z_]+)">/g)].map((m) => m[1]);
  assert.ok(statuses.length > 0);
  assert.deepEqual([...new Set(statuses)], ['overdue']);
  assert.match(overdue.text, /<option value="overdue" selected>/);
  const pn = (await t.db.selectFrom('organization').select('id').where('short_name', '=', 'Hội LHPN').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).id;
  const one = await c.get(`/app/schedule?year=2017&org=${pn}`);
  assert.match(one.text, /— Hội Liên hiệp Phụ nữ phường<\/h1>/);
  const table = /<table class="sched">.*<\/table>/s.exec(one.text)?.[0] ?? '';
  assert.doesNotMatch(table, /Ra quân "Ngày Chủ nhật xanh"/);
  assert.match(table, /phân loại rác tại nguồn/);
  assert.match(one.text, /Chi hội Phụ nữ Tổ dân phố số 1/); // branch sub-tasks roll up under the ward task
  const bad = await c.get('/app/schedule?year=abc&status=nope');
  assert.equal(bad.status, 400);
});

async function exportXlsx(): Promise<Buffer> {
  const res = await fetch(`${t.base}/app/schedule.xlsx?year=2017`, { headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);
  return Buffer.from(await res.arrayBuffer());
}

test('XLSX: title block, merged month header, colours, frozen panes, A4 landscape', async () => {
  const buf = await exportXlsx();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  assert.ok(ws);
  assert.equal(ws.getCell('A4').value, 'BIỂU TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ NĂM 2017');
  // Ward-wide, the schedule is the Party Committee's paper (D56): its body on the left, the Party's heading on the right.
  assert.match(String(ws.getCell('A2').value), /ĐẢNG ỦY PHƯỜNG ĐỒNG TÂM/);
  assert.equal(ws.getCell('M1').value, 'ĐẢNG CỘNG SẢN VIỆT NAM');
  assert.match(String(ws.getCell('M3').value), /^Đồng Tâm, ngày \d{2} tháng \d{1,2} năm \d{4}$/); // the ward's own name as the place (NĐ 30/2020)
  assert.equal(ws.getCell('G6').value, 'Tiến độ 2017');
  assert.ok(ws.getCell('G6').isMerged && ws.getCell('R6').isMerged);
  assert.equal(ws.getCell('G7').value, 'T1');
  assert.equal(ws.getCell('R7').value, 'T12');
  assert.equal(ws.views[0]?.state, 'frozen');
  assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 7);
  assert.equal(ws.pageSetup.orientation, 'landscape');
  assert.equal(ws.pageSetup.paperSize, 9);
  let done = 0;
  let behind = 0;
  ws.eachRow((row) => {
    row.eachCell((cell, col) => {
      if (col < 7 || col > 18) return;
      const v = String(cell.value ?? '');
      const fg = (cell.fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb;
      if (v.endsWith('xong')) {
        assert.equal(fg, 'FFCFE8CF');
        done++;
      }
      if (v.endsWith('chậm')) {
        assert.equal(fg, 'FFF7D4CF');
        behind++;
      }
    });
  });
  assert.ok(done > 0 && behind > 0, `done ${done}, behind ${behind}`);
  const text = JSON.stringify(ws.getColumn(2).values);
  assert.match(text, /Vận động hội viên phụ nữ thực hiện phân loại rác tại nguồn/);
});

// CI installs LibreOffice (.ci/run), so there the conversion always runs; elsewhere it needs soffice.
const soffice = SOFFICE;
const noOffice = skipWithout(Boolean(soffice), 'soffice (LibreOffice) is not installed: apt-get install libreoffice-calc-nogui');

test('XLSX: LibreOffice opens it and reads the title and the cells', { skip: noOffice }, async () => {
  assert.ok(soffice, 'soffice (LibreOffice) is missing: .ci/run should install libreoffice-calc-nogui');
  const buf = await exportXlsx();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-lo-'));
  try {
    fs.writeFileSync(path.join(dir, 'bieu.xlsx'), buf);
    execFileSync(soffice, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, path.join(dir, 'bieu.xlsx')], { timeout: 120_000, stdio: 'pipe' });
    const csv = fs.readFileSync(path.join(dir, 'bieu.csv'), 'utf8');
    assert.match(csv, /BIỂU TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ NĂM 2017/);
    assert.match(csv, /Vận động hội viên phụ nữ thực hiện phân loại rác tại nguồn/);
    assert.match(csv, /KH 100% · TH 100% · xong/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('dashboard: completion and lateness by organization, overdue list drilling down to tasks', async () => {
  const res = await c.get('/app/programmes/dashboard?year=2017');
  assert.equal(res.status, 200);
  assert.match(res.text, /Bảng điều hành tiến độ năm 2017/);
  assert.match(res.text, /Hội Liên hiệp Phụ nữ phường/);
  assert.match(res.text, /href="\/app\/schedule\?year=2017&amp;org=[0-9a-f-]{36}&amp;status=overdue"/);
  assert.match(res.text, /Nhiệm vụ quá hạn \(\d+\)/);
  assert.match(res.text, /<a href="\/app\/tasks\/[0-9a-f-]{36}">/);
  const member = t.client();
  await member.login('hoivien');
  assert.equal((await member.get('/app/programmes/dashboard')).status, 403);
});
