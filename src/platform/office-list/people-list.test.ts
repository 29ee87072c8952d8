// Office lists (docs/DESIGN.md D52), the people list: sort and filter in the URL change the rows;
// the print view of the demo's people has every row numbered (STT 1…n) and the title block; the
// Excel file of a filter holds exactly its rows (read back with exceljs); the cap refuses with a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
let c: Client;
before(async () => {
  t = await startTestApp();
  c = t.client();
  assert.equal((await c.login('vanphong')).status, 302);
});
after(async () => t.close());

const names = (html: string) => [...html.matchAll(/<a href="\/app\/people\/[0-9a-f-]{36}[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]);
const printRows = (html: string) => [...html.matchAll(/<tr><td class="stt">(\d+)<\/td><td>([^<]*)<\/td>/g)].map((m) => ({ stt: Number(m[1]), name: m[2] }));

async function sheetOf(path: string) {
  const res = await c.getBuffer(path);
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  assert.ok(ws);
  return ws;
}

test('the sort and a filter are in the URL and change the rows; the page links its export and print with the same filter', async () => {
  const byName = names((await c.get('/app/people')).text);
  const byBirthDesc = names((await c.get('/app/people?sort=birth_date&dir=desc')).text);
  assert.equal(byName.length, 50);
  assert.notDeepEqual(byBirthDesc, byName);
  const page = await c.get('/app/people?q=nguyen&sort=birth_date&dir=desc&page=1');
  const filtered = names(page.text);
  assert.ok(filtered.length > 0 && filtered.length < 50);
  assert.ok(filtered.every((n) => /Nguyễn/.test(n ?? '')), filtered.join(', '));
  assert.match(page.text, /href="\/app\/people\.xlsx\?q=nguyen&amp;sort=birth_date&amp;dir=desc"/);
  assert.match(page.text, /href="\/app\/people\/print\?q=nguyen&amp;sort=birth_date&amp;dir=desc"/);
});

test('the print view of the whole list: every person numbered 1…n, the title block, not page 1', async () => {
  const total = await t.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).where('ward_id', '=', t.wardA).where('ended_on', 'is', null).executeTakeFirstOrThrow();
  const res = await c.get('/app/people/print');
  assert.equal(res.status, 200);
  const rows = printRows(res.text);
  assert.equal(rows.length, Number(total.n));
  assert.ok(rows.length >= 110, `${rows.length} people`);
  assert.deepEqual(
    rows.map((r) => r.stt),
    rows.map((_, i) => i + 1),
  );
  assert.match(res.text, /<div class="issuer">PHƯỜNG ĐỒNG TÂM<\/div>/);
  assert.match(res.text, /<h1>DANH SÁCH CÁN BỘ, HỘI VIÊN<\/h1>/);
  assert.match(res.text, /Đồng Tâm, ngày \d{2} tháng \d{2} năm \d{4}/);
  assert.match(res.text, /Toàn bộ danh sách \(không lọc\)/);
  assert.match(res.text, new RegExp(`Tổng số: ${rows.length} dòng`));
  // The same order as the page's.
  assert.deepEqual(rows.slice(0, 50).map((r) => r.name), names((await c.get('/app/people')).text));
  // Printing personal details is recorded (Nghị định 13/2023/NĐ-CP).
  const ev = await t.db.selectFrom('audit_event').select(['after_json']).where('action', '=', 'person.export').where('ward_id', '=', t.wardA).orderBy('at', 'desc').executeTakeFirstOrThrow();
  assert.match(ev.after_json ?? '', /GET \/app\/people\/print/);
});

test('the filter in words, and the Excel file of the filter holds exactly its rows, dates as dates', async () => {
  const org = await t.db.selectFrom('organization').select(['id', 'name']).where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow();
  const q = `org=${org.id}&sort=birth_date&dir=asc`;
  const printed = await c.get(`/app/people/print?${q}`);
  const rows = printRows(printed.text);
  assert.ok(rows.length > 0);
  assert.match(printed.text, new RegExp(`Lọc theo: Tổ chức: ${org.name}`));
  assert.match(printed.text, /Sắp xếp theo Ngày sinh, tăng dần/);
  const ws = await sheetOf(`/app/people.xlsx?${q}`);
  assert.equal(ws.name, 'Danh sách cán bộ, hội viên');
  const head = ws.getRow(6).values as unknown[];
  assert.deepEqual(head.slice(1, 3), ['STT', 'Họ và tên']);
  assert.equal(head[4], 'Ngày sinh');
  const data: { stt: unknown; name: unknown; birth: unknown }[] = [];
  for (let r = 7; r <= ws.rowCount; r++) data.push({ stt: ws.getCell(r, 1).value, name: ws.getCell(r, 2).value, birth: ws.getCell(r, 4).value });
  assert.deepEqual(
    data.map((d) => d.name),
    rows.map((r) => r.name),
  );
  assert.deepEqual(
    data.map((d) => d.stt),
    rows.map((_, i) => i + 1),
  );
  const dated = data.filter((d) => d.birth !== null);
  assert.ok(dated.length > 0 && dated.every((d) => d.birth instanceof Date));
  assert.equal(ws.getCell(7, 4).numFmt, 'dd/mm/yyyy');
  assert.match(String(ws.getCell(4, 1).value), /Tổ chức: /);
});
