// One progress figure (D60): a progress report on a task whose plan is not approved yet counts as
// reported — the same figure on the schedule, the dashboard's average, the programme page and the
// API — and a done task is 100 everywhere. On the database under test, over real HTTP.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../../../test/support/app.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { averageOf, buildBoard } from './board.ts';

let t: TestApp;
let office: Client;
let org = '';
let pid = '';
let id = '';
const today = todayInVietnam();
const year = Number(today.slice(0, 4));
const month = Number(today.slice(5, 7));

before(async () => {
  t = await startTestApp();
  office = t.client();
  assert.equal((await office.login('vanphong')).status, 302);
  // A body with no work of its own this year in the demo, so the dashboard's row is this task alone.
  org = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Đoàn TN').executeTakeFirstOrThrow()).id;
  const mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
  const p = await office.post('/app/programmes', { org_id: org, year, title: `Chương trình năm ${year} (thử tiến độ)` });
  assert.equal(p.status, 303, p.text.slice(0, 300));
  pid = /programmes\/([0-9a-f-]{36})/.exec(p.location ?? '')?.[1] as string;
  const r = await office.post(`/app/programmes/${pid}/tasks`, { title: 'Thử tiến độ chưa duyệt', description: 'x', owner_person_id: mai, lead_org_id: org, start_on: `01/01/${year}`, due_on: `31/12/${year}`, m12: '100', result_kind: 'deliverable', deliverable: 'Báo cáo' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  id = /tasks\/([0-9a-f-]{36})/.exec(r.location ?? '')?.[1] as string;
});
after(async () => t.close());

const version = async () => (await t.db.selectFrom('task').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

/** The figure each reader shows for the task: schedule cell of this month, dashboard average of its body, programme page, API. */
async function figures(): Promise<{ schedule: string; board: number | null; programme: string; api: number | null }> {
  const sched = await office.get(`/app/schedule?year=${year}&org=${org}`);
  assert.equal(sched.status, 200);
  const row = sched.text.slice(sched.text.indexOf(`id="r-${id}"`));
  const cell = new RegExp(`data-month="${month}">([^<]*)<`).exec(row)?.[1] ?? '';
  const board = await buildBoard(t.db, { wardId: t.wardA }, year, today);
  const orgRow = board.rows.find((r) => r.orgId === org);
  assert.equal(orgRow?.total, 1, 'the body’s row holds this task alone');
  const page = await office.get(`/app/programmes/${pid}`);
  const line = page.text.slice(page.text.indexOf(`href="/app/tasks/${id}"`));
  const pct = /<td[^>]*data-label="Tiến độ"[^>]*>([^<]*)</.exec(line)?.[1] ?? '';
  const api = await office.api('GET', `/api/v1/tasks?year=${year}&org=${org}`);
  assert.equal(api.status, 200, api.text.slice(0, 300));
  const item = api.json<{ items: { id: string; progress_percent: number | null }[] }>().items.find((x) => x.id === id);
  return { schedule: cell, board: orgRow ? averageOf(orgRow) : null, programme: pct, api: item?.progress_percent ?? null };
}

test('progress on a task not yet approved: the same figure on the schedule, the dashboard, the programme page and the API', async () => {
  assert.equal((await t.db.selectFrom('task').select('approval').where('id', '=', id).executeTakeFirstOrThrow()).approval, 'draft');
  const none = await figures();
  assert.equal(none.board, 0, 'nothing reported counts 0 in the average');
  assert.equal(none.api, null);
  assert.equal((await office.post(`/app/tasks/${id}/progress`, { percent: '40', version: await version() })).status, 303);
  const f = await figures();
  assert.match(f.schedule, /TH 40%/);
  assert.equal(f.board, 40);
  assert.equal(f.programme, '40%');
  assert.equal(f.api, 40);
  // Done: 100 everywhere.
  assert.equal((await office.post(`/app/tasks/${id}/progress`, { percent: '100', version: await version() })).status, 303);
  const done = await figures();
  assert.match(done.schedule, /TH 100%/);
  assert.equal(done.board, 100);
  assert.equal(done.programme, '100%');
  assert.equal(done.api, 100);
});

test('a figure dated before a later report is recorded, and the notice says the later one stays current', async () => {
  const later = await office.post(`/app/tasks/${id}/progress`, { percent: '45', reported_on: today.split('-').reverse().join('/'), version: await version() });
  assert.equal(later.status, 303);
  const earlier = await office.post(`/app/tasks/${id}/progress`, { percent: '10', reported_on: `01/01/${year}`, version: await version() });
  assert.equal(earlier.status, 303, earlier.text.slice(0, 300));
  const page = await office.get(earlier.location ?? '');
  const shown = today.split('-').reverse().join('/');
  assert.ok(page.text.includes(`Đã ghi nhận tiến độ ngày 01/01/${year}. Tiến độ hiện tại vẫn là 45% theo báo cáo mới hơn ngày ${shown}.`), page.text.slice(page.text.indexOf('notice'), page.text.indexOf('notice') + 400));
  const same = await office.post(`/app/tasks/${id}/progress`, { percent: '50', version: await version() });
  assert.ok((await office.get(same.location ?? '')).text.includes('Đã ghi nhận tiến độ.'), 'a figure of today: the plain notice');
});

test('a task with a target takes the value achieved, not both a percent and a value (400, nothing stored)', async () => {
  const mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
  const r = await office.post(`/app/programmes/${pid}/tasks`, { title: 'Thử chỉ tiêu', description: 'x', owner_person_id: mai, lead_org_id: org, start_on: `01/01/${year}`, due_on: `31/12/${year}`, m12: '100', result_kind: 'indicator', target_value: '50', target_unit: 'hộ' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const task = /tasks\/([0-9a-f-]{36})/.exec(r.location ?? '')?.[1] as string;
  const v = async () => (await t.db.selectFrom('task').select('version').where('id', '=', task).executeTakeFirstOrThrow()).version;
  const both = await office.post(`/app/tasks/${task}/progress`, { percent: '50', value: '3', version: await v() });
  assert.equal(both.status, 400);
  assert.ok(both.text.includes('Nhiệm vụ có chỉ tiêu: chỉ nhập số lượng đạt được'), both.text.slice(0, 300));
  const api = await office.api('POST', `/api/v1/tasks/${task}/progress`, { percent: 50, value: 3, version: await v() });
  assert.equal(api.status, 400, api.text);
  assert.equal((await t.db.selectFrom('progress_update').select('id').where('task_id', '=', task).execute()).length, 0, 'nothing stored');
  const value = await office.api('POST', `/api/v1/tasks/${task}/progress`, { value: 20, version: await v() });
  assert.equal(value.status, 201, value.text);
  assert.equal(value.json<{ progress_percent: number }>().progress_percent, 40, 'the percent from the target');
  const dot = await office.post(`/app/tasks/${task}/progress`, { value: '12.5', version: await v() });
  assert.equal(dot.status, 400);
  assert.ok(dot.text.includes('Số thập phân viết bằng dấu phẩy, ví dụ 12,5'), 'a decimal point is answered with how to write it');
});

test('the API refuses a field its body does not have, by name, and writes nothing (a misspelt date is not "today")', async () => {
  const before = await version();
  const r = await office.api('POST', `/api/v1/tasks/${id}/progress`, { percent: 60, reportedOn: `${year}-01-02`, version: before });
  assert.equal(r.status, 400, r.text);
  const body = r.json<{ fields: Record<string, string>; message: string }>();
  assert.match(body.fields.reportedOn ?? '', /Không có trường này trong yêu cầu/);
  assert.equal(await version(), before, 'nothing written');
});
