// The roll-up across wards: the city's viewer (a standing grant above both demo wards) sees each
// ward's roll-up and the indicators summed over the wards; a ward's office sees only its own ward.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import { createRequest } from './requests.ts';
import { acceptReport, saveDraft, submitReport } from './submissions.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

/** Ward `wardId` asks its first two mass organizations for the 2025 annual review; both report `sessions`. */
async function wardReports(wardId: string, sessions: [number, number]): Promise<void> {
  const a: Actor = systemActor(wardId, 'Kiểm thử');
  const orgs = await t.db.selectFrom('organization').select(['id', 'kind']).where('ward_id', '=', wardId).orderBy('sort_order').execute();
  const issuer = orgs.find((o) => o.kind === 'party_committee') ?? assert.fail('party committee');
  const asked = orgs.filter((o) => o.kind === 'mass_organization').slice(0, 2);
  assert.equal(asked.length, 2);
  const { id } = await createRequest(t.db, a, { form_id: 'rf-annual', period_id: '2025', due_on: '2026-01-15', title: null, note: null, issuer_org_id: issuer.id, meeting_id: null, org_ids: asked.map((o) => o.id) });
  const subs = await t.db.selectFrom('report_submission').selectAll().where('request_id', '=', id).execute();
  for (const [i, s] of subs.entries()) {
    await saveDraft(t.db, a, s.id, { sections: { results: `Kết quả ${i + 1}` }, indicators: { propaganda_sessions: String(sessions[i]) }, version: s.version });
    await submitReport(t.db, a, s.id, s.version + 1);
    await acceptReport(t.db, a, s.id, { comment: null, version: s.version + 2 });
  }
}

test('the city sees both wards’ roll-ups and the indicators summed across them; a ward office sees its ward only', async () => {
  await wardReports(t.wardA, [3, 4]);
  await wardReports(t.wardB, [10, 20]);
  const city = t.client();
  assert.equal((await city.login('thanhpho')).status, 302);
  const page = await city.get('/app/reports/across?form=annual&period=2025');
  assert.equal(page.status, 200, page.text.slice(0, 300));
  assert.match(page.text, /2\/2 phường, xã có báo cáo tổng hợp/u);
  const row = /<th scope="row">Số buổi tuyên truyền[^<]*<\/th>([\s\S]*?)<\/tr>/u.exec(page.text)?.[1] ?? assert.fail('indicator row');
  const cells = [...row.matchAll(/<td class="num">(?:<strong>)?([^<]*)/gu)].map((m) => m[1]);
  assert.deepEqual([...cells.slice(0, 2)].sort(), ['30', '7']);
  assert.equal(cells[2], '37');
  const office = t.client();
  assert.equal((await office.login('vanphong')).status, 302);
  const own = await office.get('/app/reports/across?form=annual&period=2025');
  assert.equal(own.status, 200);
  assert.match(own.text, /1\/1 phường, xã/u);
  // Bad query: a 400 with a message, not a 5xx.
  assert.equal((await office.get('/app/reports/across?form=%27%3B--&period=2025')).status, 400);
  // A head does not read across wards.
  const head = t.client();
  assert.equal((await head.login('phunu')).status, 302);
  assert.equal((await head.get('/app/reports/across?form=annual&period=2025')).status, 403);

  // The office asks every ward it reaches (here its own) at once; asking again names the reason per ward.
  const asked = await office.post('/app/reports/across/request', { form: 'annual', period: '2024', due_on: '15/01/2025', note: '' });
  assert.equal(asked.status, 200, asked.text.slice(0, 300));
  assert.match(asked.text, /đã gửi yêu cầu đến các tổ chức của phường/u);
  const created = await t.db.selectFrom('report_request').select('id').where('ward_id', '=', t.wardA).where('period_id', '=', '2024').execute();
  assert.equal(created.length, 1);
  const again = await office.post('/app/reports/across/request', { form: 'annual', period: '2024', due_on: '15/01/2025', note: '' });
  assert.equal(again.status, 409);
  assert.match(again.text, /đã được yêu cầu cho kỳ này/u);
  assert.equal((await office.post('/app/reports/across/request', { form: 'annual', period: '2027Q9', due_on: '15/01/2025', note: '' })).status, 400);
  assert.equal((await office.get('/app/reports/across?form=annual&period=2016Q5')).status, 400);
  assert.equal((await office.post('/app/reports/across/request', { form: 'annual', period: '2024', due_on: '31/02/2025' })).status, 400);
  assert.equal((await head.post('/app/reports/across/request', { form: 'annual', period: '2024', due_on: '15/01/2025' })).status, 403);
});

test('the meeting of 10/02/2017 lists the 2016 reviews presented at it, and the request names the meeting', async () => {
  const r = await t.db.selectFrom('report_request').select(['id', 'meeting_id']).where('ward_id', '=', t.wardA).where('period_id', '=', '2016').executeTakeFirstOrThrow();
  assert.ok(r.meeting_id);
  const office = t.client();
  assert.equal((await office.login('vanphong')).status, 302);
  const meeting = await office.get(`/app/meetings/${r.meeting_id}`);
  assert.match(meeting.text, /Báo cáo định kỳ trình bày tại cuộc họp/u);
  assert.match(meeting.text, new RegExp(`<a href="/app/reports/${r.id}">Báo cáo tổng kết năm 2016</a>`, 'u'));
  const request = await office.get(`/app/reports/${r.id}`);
  assert.match(request.text, /10\/02\/2017 · /u);
});
