import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { higherBodyOn } from './service.ts';
import { letterheadOf } from '../documents/service.ts';
import { paperDateOf } from '../programmes/schedule-paper.ts';

// D64 (issue 11, fresh-eyes): a paper names the superior body valid on its date. The demo ward
// Đồng Tâm was under Quận Hai Bà Trưng until 30/06/2025 and is under Thành phố Hà Nội since
// 01/07/2025 (districts abolished): a 2017 paper names the district, a 2026 paper the city.

let t: TestApp;
let office: Client;
before(async () => {
  t = await startTestApp();
  office = t.client();
  await office.login('vanphong');
});
after(async () => t.close());

test('higherBodyOn: the unit a stored higher body names is replaced by the one above the ward on the date', async () => {
  const on2017 = '2017-06-30';
  const on2026 = '2026-11-30';
  for (const text of ['Hội LHPN Quận Hai Bà Trưng', 'Đảng bộ quận Hai Bà Trưng', 'Quận ủy Hai Bà Trưng', 'Hội LHPN thành phố Hà Nội', 'Liên đoàn Lao động Việt Nam']) {
    assert.equal(await higherBodyOn(t.db, t.wardA, text, on2017), text, `2017: ${text}`);
  }
  assert.equal(await higherBodyOn(t.db, t.wardA, 'Hội LHPN Quận Hai Bà Trưng', on2026), 'Hội LHPN Thành phố Hà Nội');
  assert.equal(await higherBodyOn(t.db, t.wardA, 'Ủy ban MTTQ Việt Nam quận Hai Bà Trưng', on2026), 'Ủy ban MTTQ Việt Nam Thành phố Hà Nội');
  assert.equal(await higherBodyOn(t.db, t.wardA, 'Quận ủy Hai Bà Trưng', on2026), 'Thành ủy Hà Nội');
  assert.equal(await higherBodyOn(t.db, t.wardA, 'Quận đoàn Hai Bà Trưng', on2017), 'Quận đoàn Hai Bà Trưng');
  assert.equal(await higherBodyOn(t.db, t.wardA, 'Quận đoàn Hai Bà Trưng', on2026), 'Thành đoàn Hà Nội');
  // Every higher body the demo ward's organizations store names the city in 2026, none the abolished district.
  const stored = await t.db.selectFrom('organization').select(['short_name', 'higher_body']).where('ward_id', '=', t.wardA).where('higher_body', 'is not', null).execute();
  assert.ok(stored.length >= 5);
  for (const o of stored) {
    const now = await higherBodyOn(t.db, t.wardA, o.higher_body as string, on2026);
    assert.doesNotMatch(now, /Hai Bà Trưng/i, `${o.short_name}: ${o.higher_body} → ${now}`);
    assert.match(now, /Hà Nội/, `${o.short_name}: ${now}`);
  }
  // The city was above the ward in 2017 too (through the district): kept.
  assert.equal(await higherBodyOn(t.db, t.wardA, 'Hội LHPN thành phố Hà Nội', on2026), 'Hội LHPN thành phố Hà Nội');
  // The last day of the district, and the first of the city.
  assert.equal(await higherBodyOn(t.db, t.wardA, 'Hội LHPN Quận Hai Bà Trưng', '2025-06-30'), 'Hội LHPN Quận Hai Bà Trưng');
  assert.equal(await higherBodyOn(t.db, t.wardA, 'Hội LHPN Quận Hai Bà Trưng', '2025-07-01'), 'Hội LHPN Thành phố Hà Nội');
});

test('letterheadOf by date: the Party Committee under the district in 2017, under the city in 2026', async () => {
  const org = await t.db.selectFrom('organization').selectAll().where('ward_id', '=', t.wardA).where('kind', '=', 'party_committee').orderBy('valid_from').executeTakeFirstOrThrow();
  assert.equal((await letterheadOf(t.db, t.wardA, org, '2017-06-30')).left[0], 'ĐẢNG BỘ QUẬN HAI BÀ TRƯNG');
  assert.equal((await letterheadOf(t.db, t.wardA, org, '2026-11-30')).left[0], 'ĐẢNG BỘ THÀNH PHỐ HÀ NỘI');
  assert.equal(paperDateOf(2017, '2026-11-30'), '2017-12-31');
  assert.equal(paperDateOf(2026, '2026-11-30'), '2026-11-30');
  assert.equal(paperDateOf(2027, '2026-11-30'), '2026-11-30');
});

const DISTRICT = /QUẬN HAI BÀ TRƯNG/;
const DISTRICT_BODIES = ['ĐẢNG BỘ QUẬN HAI BÀ TRƯNG', 'HỘI LHPN QUẬN HAI BÀ TRƯNG'];

async function printView(q: string): Promise<string> {
  const res = await office.get(`/app/schedule?${q}`);
  assert.equal(res.status, 200, q);
  return res.text;
}
async function sheetText(q: string): Promise<string> {
  const res = await office.getBuffer(`/app/schedule.xlsx?${q}`);
  assert.equal(res.status, 200, q);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.worksheets[0]?.eachRow((row) => row.eachCell((cell) => out.push(String(cell.value ?? ''))));
  return out.join('\n');
}

test('the schedule print view and XLSX: the district on a 2017 schedule, the city on this year\'s', async () => {
  const year = Number(todayInVietnam().slice(0, 4));
  assert.ok(todayInVietnam() >= '2025-07-01', 'the demo ward is under the city from 01/07/2025');
  const orgs = await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).where('valid_to', 'is', null).execute();
  const pn = orgs.find((o) => o.short_name === 'Hội LHPN')?.id ?? assert.fail('Hội LHPN');
  const old = await printView('year=2017&all=1');
  assert.match(old, /<p class="paper-higher">ĐẢNG BỘ QUẬN HAI BÀ TRƯNG<\/p>/);
  assert.match(await printView(`year=2017&all=1&org=${pn}`), /<p class="paper-higher">HỘI LHPN QUẬN HAI BÀ TRƯNG<\/p>/);
  assert.match(await sheetText('year=2017'), /ĐẢNG BỘ QUẬN HAI BÀ TRƯNG/);
  const now = await printView(`year=${year}&all=1`);
  assert.match(now, /<p class="paper-higher">ĐẢNG BỘ THÀNH PHỐ HÀ NỘI<\/p>/);
  assert.doesNotMatch(now, DISTRICT);
  const nowPn = await printView(`year=${year}&all=1&org=${pn}`);
  assert.match(nowPn, /<p class="paper-higher">HỘI LHPN THÀNH PHỐ HÀ NỘI<\/p>/);
  assert.doesNotMatch(nowPn, DISTRICT);
  for (const q of [`year=${year}`, `year=${year}&org=${pn}`]) {
    const text = await sheetText(q);
    for (const body of DISTRICT_BODIES) assert.ok(!text.includes(body), `${q}: ${body}`);
    assert.match(text, /THÀNH PHỐ HÀ NỘI/, q);
  }
});
