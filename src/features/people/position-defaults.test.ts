// The post (chức vụ) form's defaults (issue 11 item 5, D53/D59): from today; the organization the
// head leads; a print order one after that organization's last post still held, also when the
// order is left blank on the form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { formatDate } from '../../lib/vi/dates.ts';
import { todayInVietnam } from '../../lib/vi/calendar.ts';

let t: TestApp;
let pn: string;
let mai: string;
before(async () => {
  t = await startTestApp();
  pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
});
after(async () => t.close());

/** The highest print order of Hội LHPN's posts still held today (0 when none). */
async function lastRank(): Promise<number> {
  const today = todayInVietnam();
  const rows = await t.db.selectFrom('position').select(['rank', 'end_on']).where('ward_id', '=', t.wardA).where('org_id', '=', pn).execute();
  return Math.max(0, ...rows.filter((r) => r.end_on === null || r.end_on >= today).map((r) => Number(r.rank)));
}
const valueOf = (html: string, name: string) => new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html)?.[1];

test("the post form starts today, in the head's organization, printed after its last post; a blank order takes the next one", async () => {
  const c = t.client();
  assert.equal((await c.login('phunu')).status, 302);
  const last = await lastRank();
  const form = await c.get(`/app/people/${mai}/positions/new`);
  assert.equal(form.status, 200);
  assert.equal(valueOf(form.text, 'start_on'), formatDate(todayInVietnam()));
  // The print order is blank, as its hint says ("Để trống: xếp sau…"): no number worked out before the organization is chosen (D65).
  assert.equal(valueOf(form.text, 'rank') ?? '', '');
  assert.match(form.text, /Để trống: xếp sau chức vụ cuối cùng của tổ chức đã chọn/);
  assert.match(form.text, new RegExp(`<option[^>]*value="${pn}"[^>]*selected`));
  // Saved with the order left blank: one after the last, and the next blank one after that.
  for (const [i, title] of ['Ủy viên Ban Thường vụ', 'Trưởng ban Tuyên giáo'].entries()) {
    const saved = await c.post(`/app/people/${mai}/positions`, { org_id: pn, title, rank: '', start_on: formatDate(todayInVietnam()) });
    assert.equal(saved.status, 303, title);
    const row = await t.db.selectFrom('position').select('rank').where('person_id', '=', mai).where('title', '=', title).executeTakeFirstOrThrow();
    assert.equal(Number(row.rank), last + 1 + i, title);
  }
  // A post edited with its order emptied goes after the organization's last post too (not 100).
  const pos = await t.db.selectFrom('position').select(['id', 'version', 'title']).where('person_id', '=', mai).where('title', '=', 'Trưởng ban Tuyên giáo').executeTakeFirstOrThrow();
  const edited = await c.post(`/app/positions/${pos.id}`, { org_id: pn, title: pos.title, rank: '', start_on: formatDate(todayInVietnam()), version: pos.version });
  assert.equal(edited.status, 303, edited.text.slice(0, 300));
  assert.equal(Number((await t.db.selectFrom('position').select('rank').where('id', '=', pos.id).executeTakeFirstOrThrow()).rank), last + 3);
});
