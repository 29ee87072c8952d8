// Office lists (docs/DESIGN.md D52), the programme list and the task list across programmes:
// sort and filters in the URL change the rows; the Excel file of a filtered task list holds
// exactly its rows and columns (exceljs) and is opened by LibreOffice (PDF → PNG into /tmp/shots-lists/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { SOFFICE, skipWithout } from '../../../test/support/tools.ts';

let t: TestApp;
let c: Client;
before(async () => {
  t = await startTestApp();
  c = t.client();
  assert.equal((await c.login('vanphong')).status, 302);
});
after(async () => t.close());

const taskTitles = (html: string) => [...html.matchAll(/<td data-label="Nội dung nhiệm vụ"><a href="\/app\/tasks\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);
const printRows = (html: string) => [...html.matchAll(/<tr><td class="stt">(\d+)<\/td><td>([^<]*)<\/td>/g)].map((m) => ({ stt: Number(m[1]), first: m[2] }));

async function workbook(p: string) {
  const res = await c.getBuffer(p);
  assert.equal(res.status, 200, p);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  return { ws: wb.worksheets[0] as ExcelJS.Worksheet, body: res.body };
}
const dataRows = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  for (let r = 7; r <= ws.rowCount; r++) out.push((ws.getRow(r).values as unknown[]).slice(1));
  return out;
};

test('the task list: sort and filters in the URL change the rows', async () => {
  const all = await c.get('/app/tasks');
  assert.equal(all.status, 200);
  const first = taskTitles(all.text);
  assert.ok(first.length > 5, `${first.length} tasks`);
  const byTitle = taskTitles((await c.get('/app/tasks?sort=title&dir=asc')).text);
  const byTitleDesc = taskTitles((await c.get('/app/tasks?sort=title&dir=desc')).text);
  assert.notDeepEqual(byTitle, first);
  assert.equal(byTitle[0], [...byTitle].sort((a, b) => (a ?? '').localeCompare(b ?? '', 'vi'))[0]);
  assert.notDeepEqual(byTitleDesc, byTitle);
  const org = await t.db.selectFrom('organization').select(['id', 'name']).where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow();
  const filtered = await c.get(`/app/tasks?org=${org.id}&sort=due&dir=asc`);
  const rows = taskTitles(filtered.text);
  assert.ok(rows.length > 0 && rows.length < first.length, `${rows.length} of ${first.length}`);
  assert.match(filtered.text, new RegExp(`href="/app/tasks\\.xlsx\\?org=${org.id}&amp;sort=due&amp;dir=asc"`));
  const late = await c.get('/app/tasks?status=not_started');
  assert.ok(taskTitles(late.text).length < first.length);
});

test('the Excel file of a filtered task list holds exactly the filter rows and columns; LibreOffice opens it', { skip: skipWithout(!!SOFFICE, 'LibreOffice is not installed') }, async () => {
  const org = await t.db.selectFrom('organization').select(['id', 'name']).where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow();
  const q = `org=${org.id}&sort=due&dir=desc`;
  const printed = await c.get(`/app/tasks/print?${q}`);
  assert.equal(printed.status, 200);
  const rows = printRows(printed.text);
  assert.ok(rows.length > 0);
  assert.match(printed.text, new RegExp(`Cơ quan chủ trì: ${org.name}`));
  assert.match(printed.text, /Sắp xếp theo Thời hạn hoàn thành, giảm dần/);
  const { ws, body } = await workbook(`/app/tasks.xlsx?${q}`);
  assert.equal(ws.name, 'Danh sách nhiệm vụ');
  assert.deepEqual((ws.getRow(6).values as unknown[]).slice(1), ['STT', 'Nội dung nhiệm vụ', 'Chương trình', 'Cơ quan chủ trì', 'Người phụ trách', 'Thời hạn hoàn thành', 'Tiến độ', 'Tình trạng']);
  const data = dataRows(ws);
  assert.deepEqual(
    data.map((r) => r[1]),
    rows.map((r) => r.first),
  );
  assert.deepEqual(
    data.map((r) => r[0]),
    rows.map((_, i) => i + 1),
  );
  // Dates are dates, in the asked order (latest first).
  const dues = data.map((r) => r[5]).filter((d): d is Date => d instanceof Date);
  assert.ok(dues.length > 0);
  assert.deepEqual(
    dues.map((d) => d.getTime()),
    [...dues].map((d) => d.getTime()).sort((a, b) => b - a),
  );
  // The page shows the same rows (page 1 of the same filter).
  assert.deepEqual(taskTitles((await c.get(`/app/tasks?${q}`)).text), data.slice(0, 50).map((r) => r[1]));
  // LibreOffice opens it: PDF, then a PNG of page 1 to look at.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-list-'));
  try {
    fs.writeFileSync(path.join(dir, 'nhiem-vu.xlsx'), body);
    execFileSync(SOFFICE, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'nhiem-vu.xlsx')], { timeout: 120_000 });
    const pdf = fs.readFileSync(path.join(dir, 'nhiem-vu.pdf'));
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const shots = '/tmp/shots-lists';
    fs.mkdirSync(shots, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', path.join(dir, 'nhiem-vu.pdf'), path.join(shots, `tasks-xlsx-${process.env.ROVIEC_TEST_DATABASE_URL ? 'pg' : 'sqlite'}`)]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the programme list: sort and a filter in the URL change the rows; its export has exactly the filter rows', async () => {
  const names = (html: string) => [...html.matchAll(/<a href="\/app\/programmes\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);
  const all = names((await c.get('/app/programmes')).text);
  assert.ok(all.length >= 2, `${all.length} programmes`);
  const desc = names((await c.get('/app/programmes?sort=name&dir=desc')).text);
  assert.deepEqual(desc, [...all].sort((a, b) => (b ?? '').localeCompare(a ?? '', 'vi')));
  const org = await t.db.selectFrom('organization').select(['id', 'name']).where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow();
  const mine = names((await c.get(`/app/programmes?org=${org.id}`)).text);
  assert.ok(mine.length >= 1 && mine.length < all.length);
  assert.match((await c.get('/app/programmes?status=draft')).text, /<p class="empty">/);
  const { ws } = await workbook(`/app/programmes.xlsx?org=${org.id}&sort=name&dir=desc`);
  assert.deepEqual(
    dataRows(ws).map((r) => r[2]),
    [...mine].sort((a, b) => (b ?? '').localeCompare(a ?? '', 'vi')),
  );
  assert.equal(ws.getCell(6, 4).value, 'Trạng thái');
  assert.ok(dataRows(ws).every((r) => r[1] === org.name && typeof r[4] === 'number'));
});
