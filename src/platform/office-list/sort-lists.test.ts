// Sorting where issue 11 item 4 asks for it (docs/DESIGN.md D65): the organizations and the audit
// log sort by their columns, the sort in the URL; the page, the print view and the Excel file
// follow the same sort, and the print's title block names it. Organizations without a sort stay
// the tree; sorted, a flat list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { compareVi } from '../../lib/vi/index.ts';

let t: TestApp;
let c: Client;
before(async () => {
  t = await startTestApp();
  c = t.client();
  assert.equal((await c.login('vanphong')).status, 302);
});
after(async () => t.close());

const cells = (html: string, col: number) => [...html.matchAll(/<tr><td class="stt">\d+<\/td>((?:<td[^>]*>[^<]*<\/td>)+)/g)].map((m) => [...(m[1] ?? '').matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((x) => x[1] ?? '')[col] ?? '');

async function sheetColumn(p: string, col: number): Promise<string[]> {
  const res = await c.getBuffer(p);
  assert.equal(res.status, 200, p);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  const out: string[] = [];
  for (let r = 7; r <= ws.rowCount; r++) {
    const v = ws.getRow(r).getCell(col + 2).value;
    out.push(v instanceof Date ? v.toISOString() : String(v ?? ''));
  }
  return out;
}

const sortedVi = (xs: string[], dir: 1 | -1 = 1) => [...xs].sort((a, b) => dir * compareVi(a, b));

test('organizations: the tree by default; sorted by a column a flat list, the same on the page, on paper and in Excel', async () => {
  const tree = await c.get('/app/orgs/print');
  assert.match(tree.text, /Toàn bộ danh sách \(không lọc\)/);
  assert.ok(cells(tree.text, 0).some((n) => /^\s+– /.test(n)), 'the tree is indented');
  const page = await c.get('/app/orgs');
  assert.match(page.text, /href="\/app\/orgs\?sort=name&amp;dir=asc"/);

  const printed = await c.get('/app/orgs/print?sort=name&dir=desc');
  assert.equal(printed.status, 200);
  assert.match(printed.text, /Sắp xếp theo Tên tổ chức, giảm dần/i);
  const names = cells(printed.text, 0);
  assert.ok(names.length > 10);
  assert.ok(names.every((n) => !/^\s|– /.test(n)), 'flat: no indentation');
  assert.deepEqual(names, sortedVi(names, -1));
  assert.deepEqual(await sheetColumn('/app/orgs.xlsx?sort=name&dir=desc', 0), names);
  const onPage = [...(await c.get('/app/orgs?sort=name&dir=desc')).text.matchAll(/<a href="\/app\/orgs\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);
  assert.deepEqual(onPage, names);
  // By kind: grouped by the kind's words, in tree order within a kind; a filter and the sort together.
  const kinds = cells((await c.get('/app/orgs/print?sort=kind')).text, 2);
  assert.deepEqual(kinds, sortedVi(kinds));
  const party = await c.get('/app/orgs/print?kind=party_cell&sort=name&dir=asc');
  assert.match(party.text, /Lọc theo: Loại: [^.]+\. Sắp xếp theo Tên tổ chức, tăng dần/i);
});

test('the audit log: sorted by time, who, action or kind of object in SQL, newest first within a tie; paper and Excel follow', async () => {
  const page = await c.get('/app/audit?type=person&sort=actor&dir=asc');
  assert.equal(page.status, 200);
  assert.match(page.text, /aria-sort="ascending"/);
  const printed = await c.get('/app/audit/print?type=person&sort=actor&dir=asc');
  assert.match(printed.text, /Sắp xếp theo Người thực hiện, tăng dần/i);
  const who = cells(printed.text, 1);
  assert.ok(who.length > 3);
  assert.deepEqual(who, sortedVi(who));
  assert.deepEqual(await sheetColumn('/app/audit.xlsx?type=person&sort=actor&dir=asc', 1), who);
  // Within one actor, newest first.
  const times = await sheetColumn('/app/audit.xlsx?type=person&sort=actor&dir=asc', 0);
  for (let i = 1; i < who.length; i++) if (who[i] === who[i - 1]) assert.ok((times[i] as string) <= (times[i - 1] as string), `row ${i + 1}`);
  // By action, in the words shown; oldest first by time.
  const actions = cells((await c.get('/app/audit/print?sort=action&dir=desc&from=01/01/2017')).text, 2);
  assert.deepEqual(actions, sortedVi(actions, -1));
  const oldest = await sheetColumn('/app/audit.xlsx?type=person&sort=at&dir=asc', 0);
  assert.deepEqual(oldest, [...oldest].sort());
  // Page 2 of a sort follows page 1 (offset pages, no keyset cursor).
  const p1 = await c.get('/app/audit?sort=entity&page_size=10');
  const p2 = await c.get('/app/audit?sort=entity&page_size=10&page=2');
  assert.equal(p2.status, 200);
  assert.doesNotMatch(p1.text, /after=/);
  const entities = cells((await c.get('/app/audit/print?sort=entity')).text, 3);
  assert.deepEqual(entities, sortedVi(entities));
});
