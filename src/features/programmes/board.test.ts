// The Standing Committee's dashboard as a reader sees it (docs/DESIGN.md D51), over HTTP on the
// demo: every organization listed (those without a programme flagged), a ward total equal to the
// sum of the rows and to a count of its own, a year selector in the URL, and charts that are valid
// SVG whose figures are the table's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SaxesParser } from 'saxes';
import { sql } from 'kysely';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { formatDate, todayInVietnam } from '../../lib/vi/index.ts';

let t: TestApp;
let c: Client;
before(async () => {
  t = await startTestApp();
  c = t.client();
  assert.equal((await c.login('thuongvu')).status, 302);
});
after(async () => t.close());

const strip = (html: string) =>
  html
    .replace(/<[^<>]*>/g, '')
    .replace(/&amp;/g, '&')
    .trim();
const num = (s: string) => Number(strip(s).replace(/\./g, '').replace(',', '.'));
const section = (html: string, re: RegExp) => re.exec(html)?.[1] ?? '';
const cells = (row: string) => [...row.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/gs)].map((m) => m[1] as string);
const numCells = (row: string) => [...row.matchAll(/<td class="num[^"]*"[^>]*>(.*?)<\/td>/gs)].map((m) => m[1] as string);
const rowOf = (html: string, orgId: string) => new RegExp(`<tr[^>]*data-org="${orgId}"[^>]*>(.*?)</tr>`, 's').exec(html)?.[1];

/** Parses `xml` with a conforming XML 1.0 parser; returns the first error, or null. */
function xmlError(xml: string): string | null {
  const p = new SaxesParser({ xmlns: true });
  let err: string | null = null;
  p.on('error', (e) => {
    err ??= e.message;
  });
  p.write(xml).close();
  return err;
}

test('every organization of the year appears; those without a programme are flagged', async () => {
  // Every ward-level body of the demo has a programme for 2017: the office adds one that has none.
  const office = t.client();
  await office.login('vanphong');
  const made = await office.post('/app/orgs', { kind: 'association', name: 'Hội Khuyến học phường', short_name: 'Hội Khuyến học', unit_id: t.wardA, sort_order: 900, valid_from: '01/01/2010' });
  assert.equal(made.status, 303, made.text.slice(0, 300));
  const res = await c.get('/app/programmes/dashboard?year=2017');
  assert.equal(res.status, 200);
  const orgs = await t.db
    .selectFrom('organization')
    .select(['id', 'name', 'kind'])
    .where('ward_id', '=', t.wardA)
    .where('kind', 'not in', ['party_cell', 'front_work_group', 'branch'])
    .execute();
  const withProgramme = new Set((await t.db.selectFrom('programme').select('org_id').where('ward_id', '=', t.wardA).where('year', '=', 2017).execute()).map((p) => p.org_id));
  const without = orgs.filter((o) => !withProgramme.has(o.id));
  assert.ok(without.length > 0 && withProgramme.size > 0, 'the demo has organizations with and without a programme for 2017');
  for (const o of orgs) {
    const row = rowOf(res.text, o.id);
    assert.ok(row, `${o.name} is listed`);
    assert.equal(/Chưa có chương trình/.test(row), !withProgramme.has(o.id), `${o.name}: flagged only without a programme`);
  }
  assert.match(res.text, new RegExp(`${without.length} tổ chức chưa có chương trình năm 2017`));
  // Branches of the residential groups: only with work, unless asked for.
  const branches = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('kind', '=', 'branch').execute();
  const all = await c.get('/app/programmes/dashboard?year=2017&all=1');
  for (const b of branches) assert.ok(rowOf(all.text, b.id), 'every branch with all=1');
  assert.match(all.text, /<input type="checkbox" id="b-all" name="all" value="1" checked/);
  // Definitions of the two rates, each beside its column.
  assert.match(res.text, /id="hint-completion"[^>]*>\s*\* Tỷ lệ hoàn thành = số nhiệm vụ đã hoàn thành/);
  assert.match(res.text, /id="hint-average"[^>]*>\s*\*\* Tiến độ bình quân = trung bình cộng/);
});

test('the ward total is the sum of the rows and the count of the year’s tasks', async () => {
  const res = await c.get('/app/programmes/dashboard?year=2017');
  const table = section(res.text, /<table class="grid board-table"[^>]*>(.*?)<\/table>/s);
  const body = section(table, /<tbody>(.*?)<\/tbody>/s);
  const foot = section(table, /<tfoot>(.*?)<\/tfoot>/s);
  const rows = [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((m) => numCells(m[1] as string));
  const total = numCells(foot);
  assert.ok(rows.length >= 10, `${rows.length} rows`);
  // Columns: total, due, done of due, completion, average, then six statuses.
  for (const col of [0, 1, 2, 5, 6, 7, 8, 9, 10]) {
    const sum = rows.reduce((s, r) => s + num(r[col] ?? '0'), 0);
    assert.equal(num(total[col] ?? ''), sum, `column ${col}`);
  }
  const statuses = [5, 6, 7, 8, 9, 10].reduce((s, i) => s + num(total[i] ?? '0'), 0);
  assert.equal(statuses, num(total[0] ?? ''), 'every task has one status');
  const counted = await sql<{ n: number }>`select count(*) as n from task left join programme on programme.id = task.programme_id
    where task.ward_id = ${t.wardA} and task.parent_id is null
      and (programme.year = 2017 or (task.programme_id is null and task.due_on >= '2017-01-01' and task.due_on <= '2017-12-31'))`.execute(t.db);
  assert.equal(num(total[0] ?? ''), Number(counted.rows[0]?.n), 'the total counts the year’s tasks');
  const due = num(total[1] ?? '');
  const doneDue = num(total[2] ?? '');
  assert.ok(due > 0);
  assert.equal(strip(total[3] ?? ''), `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format((doneDue / due) * 100)}%`, 'the completion rate of the sums');
  assert.match(foot, /Toàn phường/);
});

test('the year selector: in the URL, offered years, a year without tasks, a bad year refused', async () => {
  const y2017 = await c.get('/app/programmes/dashboard?year=2017');
  assert.match(y2017.text, /<option value="2017" selected/);
  const thisYear = Number(todayInVietnam().slice(0, 4));
  assert.match(y2017.text, new RegExp(`<option value="${thisYear}"`));
  assert.match(y2017.text, /Số liệu tính đến ngày 31\/12\/2017/);
  const empty = await c.get('/app/programmes/dashboard?year=2031');
  assert.equal(empty.status, 200);
  assert.match(empty.text, /Bảng điều hành tiến độ năm 2031/);
  assert.match(empty.text, /<option value="2031" selected/);
  assert.match(empty.text, /Năm 2031 chưa có nhiệm vụ nào/);
  assert.doesNotMatch(empty.text, /<svg/);
  assert.match(empty.text, new RegExp(`Số liệu tính đến ngày ${formatDate(todayInVietnam())}`));
  const bad = await c.get('/app/programmes/dashboard?year=abc');
  assert.equal(bad.status, 400);
  const member = t.client();
  await member.login('hoivien');
  assert.equal((await member.get('/app/programmes/dashboard?year=2017')).status, 403);
});

test('charts: valid SVG with a title, their figures those of the tables', async () => {
  const res = await c.get('/app/programmes/dashboard?year=2017');
  const svgs = [...res.text.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
  assert.equal(svgs.length, 2);
  for (const svg of svgs) {
    assert.equal(xmlError(svg), null, svg.slice(0, 300));
    assert.match(svg, /^<svg[^>]*role="img"[^>]*aria-labelledby="([^" ]+) ([^"]+)"/);
    assert.match(svg, /^<svg[^>]*><title id="[^"]+">[^<]+<\/title><desc id="[^"]+">[^<]+<\/desc>/);
  }
  const [progress, months] = svgs as [string, string];
  // Progress bars: one per organization with tasks, labelled with the table's average.
  const bars = [...progress.matchAll(/<g class="bar" data-org="([^"]*)">(.*?)<\/g>/gs)];
  assert.ok(bars.length >= 3);
  for (const [, org, g] of bars) {
    const row = rowOf(res.text, org as string);
    assert.ok(row, `row of ${org}`);
    const avg = strip(numCells(row)[4] ?? '');
    const label = strip(/<text class="v"[^>]*>(.*?)<\/text>/s.exec(g as string)?.[1] ?? '');
    assert.equal(label, avg, `bar of ${org}`);
  }
  // Months: the figure above each column is the month table's total.
  const table = section(res.text, /<table class="month-table"[^>]*>(.*?)<\/table>/s);
  const totalRow = cells(/<tr class="total" data-status="total">(.*?)<\/tr>/s.exec(table)?.[1] ?? '');
  assert.equal(totalRow.length, 14, 'label, twelve months, year');
  for (const [, m, g] of months.matchAll(/<g class="month" data-month="(\d+)">(.*?)<\/g>/gs)) {
    const label = /<text class="v"[^>]*>(.*?)<\/text>/s.exec(g as string)?.[1];
    assert.equal(label === undefined ? 0 : num(label), num(totalRow[Number(m)] ?? ''), `month ${m}`);
  }
  // Each status row adds up across the months; the months add up to the year.
  for (const [, row] of table.matchAll(/<tr data-status="[a-z_]+">(.*?)<\/tr>/gs)) {
    const v = cells(row as string).slice(1).map(num);
    assert.equal(v.slice(0, 12).reduce((s, x) => s + x, 0), v[12]);
  }
  assert.equal(totalRow.slice(1, 13).reduce((s, x) => s + num(x), 0), num(totalRow[13] ?? ''));
  assert.ok(num(totalRow[13] ?? '') > 0);
  // Black and white: the alarming statuses are hatched, not colour alone.
  assert.match(months, /<pattern id="pat-overdue"/);
  const css = await c.get('/static/board.css');
  assert.equal(css.status, 200);
  assert.match(css.text, /@media print/);
});

test('a body ended in 2017 shows in the dashboard of 2017, not in 2018', async () => {
  const office = t.client();
  await office.login('vanphong');
  const vp = await t.db.selectFrom('organization').select(['id', 'version']).where('ward_id', '=', t.wardA).where('name', '=', 'Văn phòng Đảng ủy').executeTakeFirstOrThrow();
  const ended = await office.post(`/app/orgs/${vp.id}/end`, { valid_to: '30/06/2017', version: vp.version });
  assert.equal(ended.status, 303, ended.text.slice(0, 500));
  assert.ok(rowOf((await c.get('/app/programmes/dashboard?year=2017')).text, vp.id), 'in force for half of 2017');
  assert.equal(rowOf((await c.get('/app/programmes/dashboard?year=2018')).text, vp.id), undefined, 'gone in 2018');
});
