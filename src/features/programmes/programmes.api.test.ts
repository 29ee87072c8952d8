import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
let head: Client;
let btv: Client;
let pn = '';
let mai = '';
before(async () => {
  t = await startTestApp();
  head = t.client();
  await head.login('phunu');
  btv = t.client();
  await btv.login('thuongvu');
  pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
});
after(async () => t.close());

test('the API: programme, six-clear task refused then approved, progress; described in OpenAPI', async () => {
  const created = await head.api('POST', '/api/v1/programmes', { org_id: pn, year: 2019, title: 'Chương trình công tác năm 2019', source_ids: [] });
  assert.equal(created.status, 201, created.text);
  const pid = created.json<{ id: string }>().id;
  const task = { title: 'Tập huấn kỹ năng tuyên truyền cho chi hội trưởng', description: 'Một lớp tập huấn', owner_person_id: mai, lead_org_id: pn, start_on: '01/04/2019', due_on: null, result_kind: 'indicator', target_value: 30, target_unit: 'người', milestones: [{ month: '2019-04', planned_percent: 50 }] };
  const tc = await head.api('POST', `/api/v1/programmes/${pid}/tasks`, task);
  assert.equal(tc.status, 201, tc.text);
  const id = tc.json<{ id: string }>().id;
  const got = await head.api('GET', `/api/v1/tasks/${id}`);
  assert.deepEqual(got.json<{ missing: string[] }>().missing, ['time']);
  const refused = await head.api('POST', `/api/v1/tasks/${id}/submit`, { version: 1 });
  assert.equal(refused.status, 422);
  assert.match(refused.json<{ message: string }>().message, /thiếu Thời hạn hoàn thành/); // the missing field by name (D53)
  const bad = await head.api('PATCH', `/api/v1/tasks/${id}`, { ...task, due_on: '2019-03-01', version: 1 });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.json()), /Thời hạn hoàn thành không được trước ngày bắt đầu/);
  const fixed = await head.api('PATCH', `/api/v1/tasks/${id}`, { ...task, due_on: '2019-05-31', version: 1 });
  assert.equal(fixed.status, 200, fixed.text);
  const v = fixed.json<{ version: number }>().version;
  assert.equal((await head.api('POST', `/api/v1/tasks/${id}/submit`, { version: v })).status, 200);
  assert.equal((await head.api('POST', `/api/v1/tasks/${id}/approve`, { version: v + 1 })).status, 403);
  const ok = await btv.api('POST', `/api/v1/tasks/${id}/approve`, { version: v + 1 });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json<{ approval: string }>().approval, 'approved');
  const member = t.client();
  await member.login('hoivien');
  const over = await member.api('POST', `/api/v1/tasks/${id}/progress`, { percent: 101, version: v + 2 });
  assert.equal(over.status, 400);
  assert.match(JSON.stringify(over.json()), /Phải là một số từ 0 đến 100\./);
  const rep = await member.api('POST', `/api/v1/tasks/${id}/progress`, { value: 15, note: 'Lớp 1', version: v + 2 });
  assert.equal(rep.status, 201, rep.text);
  assert.equal(rep.json<{ progress_percent: number }>().progress_percent, 50);
  const stale = await member.api('POST', `/api/v1/tasks/${id}/progress`, { value: 20, version: v + 2 });
  assert.equal(stale.status, 409);
  const list = await head.api('GET', '/api/v1/tasks?year=2017&status=overdue');
  const items = list.json<{ items: { status: string }[] }>().items;
  assert.ok(items.length > 0 && items.every((i) => i.status === 'overdue'));
  const doc = (await head.api('GET', '/api/v1/openapi.json')).json<{ paths: Record<string, unknown> }>();
  for (const p of ['/api/v1/programmes', '/api/v1/programmes/{id}/tasks', '/api/v1/tasks/{id}/progress', '/api/v1/tasks/{id}/approve']) assert.ok(doc.paths[p], p);
});

test('PATCH of a task changes only the fields sent: the plan, its milestones and its approval stay', async () => {
  const created = await head.api('POST', '/api/v1/programmes', { org_id: pn, year: 2021, title: 'Chương trình công tác năm 2021', source_ids: [] });
  assert.equal(created.status, 201, created.text);
  const pid = created.json<{ id: string }>().id;
  const task = { title: 'Vận động hội viên tham gia bảo hiểm y tế', description: 'Tuyên truyền tại các chi hội', owner_person_id: mai, lead_org_id: pn, start_on: '01/03/2021', due_on: '30/06/2021', result_kind: 'indicator', target_value: 40, target_unit: 'người', milestones: [{ month: '2021-04', planned_percent: 50 }, { month: '2021-06', planned_percent: 100 }] };
  const id = (await head.api('POST', `/api/v1/programmes/${pid}/tasks`, task)).json<{ id: string }>().id;
  type Out = { title: string; description: string | null; owner_person_id: string | null; due_on: string | null; target_value: number | null; missing: string[]; version: number };
  const renamed = await head.api('PATCH', `/api/v1/tasks/${id}`, { title: 'Vận động hội viên, người dân tham gia bảo hiểm y tế', version: 1 });
  assert.equal(renamed.status, 200, renamed.text);
  const r = renamed.json<Out>();
  assert.equal(r.title, 'Vận động hội viên, người dân tham gia bảo hiểm y tế');
  assert.deepEqual([r.description, r.owner_person_id, r.due_on, r.target_value, r.missing], ['Tuyên truyền tại các chi hội', mai, '2021-06-30', 40, []]);
  assert.equal((await t.db.selectFrom('milestone').select('id').where('task_id', '=', id).execute()).length, 2, 'milestones kept');
  const cleared = await head.api('PATCH', `/api/v1/tasks/${id}`, { description: null, version: r.version });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.json<Out>().description, null, 'null clears an optional field');
  // The merged plan is checked whole: a deadline sent alone before the stored start is refused.
  const early = await head.api('PATCH', `/api/v1/tasks/${id}`, { due_on: '2021-02-01', version: cleared.json<Out>().version });
  assert.equal(early.status, 400);
  assert.match(JSON.stringify(early.json()), /Thời hạn hoàn thành không được trước ngày bắt đầu/);
});

test('a back-dated report does not override the figure of a later one: percent and value follow the same latest report', async () => {
  const created = await head.api('POST', '/api/v1/programmes', { org_id: pn, year: 2022, title: 'Chương trình công tác năm 2022', source_ids: [] });
  const pid = created.json<{ id: string }>().id;
  const task = { title: 'Vận động hội viên tham gia quỹ vì người nghèo', description: 'Tại các chi hội', owner_person_id: mai, lead_org_id: pn, start_on: '01/03/2022', due_on: '30/11/2022', result_kind: 'indicator', target_value: 50, target_unit: 'hộ', milestones: [{ month: '2022-11', planned_percent: 100 }] };
  const id = (await head.api('POST', `/api/v1/programmes/${pid}/tasks`, task)).json<{ id: string }>().id;
  type Out = { progress_percent: number | null; progress_on: string | null; actual_value: number | null; version: number };
  const later = await head.api('POST', `/api/v1/tasks/${id}/progress`, { value: 41, reported_on: '2022-10-01', version: 1 });
  assert.equal(later.status, 201, later.text);
  const v1 = later.json<Out>();
  assert.deepEqual([v1.progress_percent, v1.progress_on, v1.actual_value], [82, '2022-10-01', 41]);
  const earlier = await head.api('POST', `/api/v1/tasks/${id}/progress`, { value: 5, reported_on: '2022-04-01', version: v1.version });
  assert.equal(earlier.status, 201, earlier.text);
  const v2 = earlier.json<Out>();
  assert.deepEqual([v2.progress_percent, v2.progress_on, v2.actual_value], [82, '2022-10-01', 41], 'the October figure stands');
  const newest = await head.api('POST', `/api/v1/tasks/${id}/progress`, { value: 45, reported_on: '2022-11-01', version: v2.version });
  assert.deepEqual([newest.json<Out>().progress_percent, newest.json<Out>().actual_value], [90, 45]);
});
