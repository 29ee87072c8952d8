// Office lists (docs/DESIGN.md D52): the audit log, the articles, the disclosures and the
// organizations: sort and filter in the URL change the rows; the print view and the Excel file of
// a filter hold exactly its rows; the cap's message; the roles of the page.
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

const printRows = (html: string) => [...html.matchAll(/<tr><td class="stt">(\d+)<\/td><td[^>]*>([^<]*)<\/td>/g)].map((m) => ({ stt: Number(m[1]), first: m[2] }));

async function sheetRows(p: string): Promise<unknown[][]> {
  const res = await c.getBuffer(p);
  assert.equal(res.status, 200, p);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  const out: unknown[][] = [];
  for (let r = 7; r <= ws.rowCount; r++) out.push((ws.getRow(r).values as unknown[]).slice(1));
  return out;
}

/** The print view and the Excel file of `path?query` hold the same rows, numbered 1…n; returns them. */
async function sameRows(path: string, query: string) {
  const printed = await c.get(`${path}/print${query}`);
  assert.equal(printed.status, 200, `${path}/print${query}`);
  const rows = printRows(printed.text);
  const sheet = await sheetRows(`${path}.xlsx${query}`);
  assert.equal(sheet.length, rows.length);
  assert.deepEqual(
    sheet.map((r) => r[0]),
    rows.map((_, i) => i + 1),
  );
  return { rows, sheet, html: printed.text };
}

test('the audit log: a filter in the URL; print and Excel of the filter (newest first); the whole log on the worker pool', async () => {
  const all = await sameRows('/app/audit', '');
  const total = await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  assert.ok(all.rows.length >= Number(total.n) - 2 && all.rows.length > 300, `${all.rows.length} of ${total.n}`);
  const people = await sameRows('/app/audit', '?type=person');
  assert.ok(people.rows.length > 0 && people.rows.length < all.rows.length);
  assert.match(people.html, /Lọc theo: Đối tượng: /);
  const times = people.sheet.map((r) => (r[1] as Date).getTime());
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
  assert.ok(people.sheet.every((r) => r[1] instanceof Date));
  const page = await c.get('/app/audit?type=person');
  assert.match(page.text, /href="\/app\/audit\.xlsx\?type=person"/);
});

test('articles: sort and filters in the URL change the rows; print and Excel hold the filter', async () => {
  const titles = (html: string) => [...html.matchAll(/<a href="\/app\/portal\/articles\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);
  const byTitle = titles((await c.get('/app/portal?sort=title&dir=asc')).text);
  const byViews = titles((await c.get('/app/portal?sort=views&dir=desc')).text);
  assert.ok(byTitle.length > 3);
  assert.notDeepEqual(byTitle, byViews);
  const published = await sameRows('/app/portal', '?status=published&sort=title&dir=asc');
  assert.ok(published.sheet.every((r) => r[3] === 'Đã đăng' || r[3] === 'Hẹn giờ đăng' || typeof r[3] === 'string'));
  const n = await t.db.selectFrom('article').select((eb) => eb.fn.countAll<number>().as('n')).where('ward_id', '=', t.wardA).where('status', '=', 'published').executeTakeFirstOrThrow();
  assert.equal(published.rows.length, Number(n.n));
  assert.deepEqual(
    published.rows.slice(0, byTitle.length).map((r) => r.first),
    titles((await c.get('/app/portal?status=published&sort=title&dir=asc')).text),
  );
});

test('disclosures and organizations: filter and sort in the URL; print and Excel hold the filter', async () => {
  const names = (html: string) => [...html.matchAll(/<a href="\/app\/portal\/disclosures\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);
  const all = names((await c.get('/app/portal/disclosures')).text);
  const byName = names((await c.get('/app/portal/disclosures?sort=name&dir=desc')).text);
  assert.ok(all.length > 1);
  assert.deepEqual(byName, [...all].sort((a, b) => (b ?? '').localeCompare(a ?? '', 'vi')));
  const kind = await t.db.selectFrom('disclosure').select('kind').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  const one = await sameRows('/app/portal/disclosures', `?kind=${kind.kind}`);
  const n = await t.db.selectFrom('disclosure').select((eb) => eb.fn.countAll<number>().as('n')).where('ward_id', '=', t.wardA).where('kind', '=', kind.kind).executeTakeFirstOrThrow();
  assert.equal(one.rows.length, Number(n.n));
  assert.ok(one.rows.length < all.length || all.length === Number(n.n));
  const orgs = await sameRows('/app/orgs', '');
  const party = await sameRows('/app/orgs', '?kind=party_committee');
  assert.ok(party.rows.length >= 1 && party.rows.length < orgs.rows.length);
  assert.match(party.html, /Lọc theo: Loại: Đảng ủy/);
});

test('who may not read the page may not print or export it; odd query words answer as the page does', async () => {
  const member = t.client();
  assert.equal((await member.login('hoivien')).status, 302);
  assert.equal((await member.get('/app/audit/print')).status, 403);
  assert.equal((await member.getBuffer('/app/audit.xlsx')).status, 403);
  assert.equal((await member.get('/app/portal/disclosures/print')).status, 403);
  const anon = t.client();
  assert.equal((await anon.get('/app/people/print')).status, 302);
  // An unknown sort is dropped (an old bookmark opens); a bad date is a Vietnamese 400, never a 500.
  assert.equal((await c.get('/app/tasks/print?sort=nope')).status, 200);
  const bad = await c.get('/app/audit/print?from=99/99/2024');
  assert.equal(bad.status, 400);
  assert.match(bad.text, /ngày/i);
});
