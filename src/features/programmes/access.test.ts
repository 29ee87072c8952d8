// Who may do what with programmes, tasks, progress, evidence and source documents — tried over
// real HTTP as each demo account: another ward's records are a 404 (or the route's own 403), the
// filters never reach into another ward, and inside the ward an organization head changes only its
// organization's programme, a member reports only on its organization's or its own tasks, and the
// Standing Committee decides only on what was submitted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { insertSource } from '../sources/service.ts';
import { APPROVERS, PROG_READERS, PROG_WRITERS, PROGRESS_WRITERS } from './access.ts';
import { SOURCE_WRITERS } from '../sources/access.ts';
import { insertProgramme, insertTask } from './service.ts';
import { taskPlan, type TaskPlan } from './schema.ts';

let t: TestApp;
const B = { programme: '', task: '', source: '', file: '', org: '' };
const ACCOUNTS: [string, Role][] = [
  ['quantri', 'admin'],
  ['thuongvu', 'standing'],
  ['vanphong', 'office'],
  ['phunu', 'org_head'],
  ['hoivien', 'member'],
  ['bientap', 'editor'],
];
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const plan = (orgId: string, o: Partial<TaskPlan> = {}) =>
  taskPlan({
    title: 'Nhiệm vụ của phường Vĩnh Tuy',
    description: 'Chỉ phường Vĩnh Tuy được thấy',
    lead_org_id: orgId,
    start_on: '2017-01-01',
    due_on: '2017-12-31',
    result_kind: 'deliverable',
    deliverable: 'Báo cáo',
    milestones: [{ month: '2017-06', planned_percent: 50, title: null }],
    ...o,
  });

before(async () => {
  t = await startTestApp();
  // Ward B (Vĩnh Tuy): a document, a submitted programme of its Đoàn TN with a submitted task, a progress report with a photo on disk.
  B.org = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardB).where('short_name', '=', 'Đoàn TN').executeTakeFirstOrThrow()).id;
  await t.db.transaction().execute((tx) => runMaintenance(tx, 'test.fixture', async (trx) => {
    const sys = systemActor(t.wardB);
    B.source = await insertSource(trx, sys, { kind: 'chi_thi', number: '99-CT/TW', issued_on: '2017-01-01', issuer: 'Quận ủy', title: 'Văn bản của phường Vĩnh Tuy', theme_year: null });
    B.programme = await insertProgramme(trx, sys, { org_id: B.org, year: 2017, title: 'Chương trình công tác năm 2017 của Đoàn TN phường Vĩnh Tuy', source_ids: [B.source] });
    B.task = await insertTask(trx, sys, { programmeId: B.programme, parentId: null }, plan(B.org, { source_ids: [B.source] }));
    await trx.updateTable('programme').set({ status: 'submitted' }).where('id', '=', B.programme).execute();
    await trx.updateTable('task').set({ approval: 'submitted' }).where('id', '=', B.task).execute();
    const progress = newId();
    await trx.insertInto('progress_update').values({ id: progress, ward_id: t.wardB, task_id: B.task, reported_on: '2017-03-01', percent: 10, value: null, note: null, user_id: null, actor_label: 'Vĩnh Tuy', created_at: nowIso() }).execute();
    B.file = newId();
    const key = `${t.wardB}/anh-vinh-tuy.png`;
    fs.mkdirSync(path.join(t.config.filesDir, t.wardB), { recursive: true });
    fs.writeFileSync(path.join(t.config.filesDir, key), PNG);
    await trx.insertInto('work_file').values({ id: B.file, ward_id: t.wardB, storage_key: key, original_name: 'anh.png', content_type: 'image/png', size_bytes: PNG.length, sha256: 'x', uploaded_by: null, created_at: nowIso() }).execute();
    await trx.insertInto('progress_file').values({ progress_id: progress, file_id: B.file, ward_id: t.wardB }).execute();
  }));
});
after(async () => t.close());

async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}

/** What ward B holds: nothing another ward's user does may change it. */
const wardBState = async () => ({
  programme: await t.db.selectFrom('programme').select(['version', 'status', 'title']).where('id', '=', B.programme).executeTakeFirstOrThrow(),
  task: await t.db.selectFrom('task').select(['version', 'approval', 'title', 'progress_percent']).where('id', '=', B.task).executeTakeFirstOrThrow(),
  source: await t.db.selectFrom('source_document').select(['version', 'title']).where('id', '=', B.source).executeTakeFirstOrThrow(),
  tasks: Number((await t.db.selectFrom('task').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardB).executeTakeFirstOrThrow()).n),
  progress: Number((await t.db.selectFrom('progress_update').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardB).executeTakeFirstOrThrow()).n),
  audit: Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardB).executeTakeFirstOrThrow()).n),
});

test("another ward's programme, task, document and evidence: 404 for every account whose role may use the route, 403 for the others, nothing changed", async () => {
  const stateBefore = await wardBState();
  const task = { title: 'Sửa từ phường khác', description: 'x', lead_org_id: B.org, start_on: '01/01/2017', due_on: '31/12/2017', result_kind: 'deliverable', deliverable: 'x' };
  // Each body is valid, so that only the ward check stands between the request and a write.
  const routes: { access: readonly Role[]; method: 'GET' | 'POST' | 'API GET' | 'API POST' | 'API PATCH'; url: string; body?: Record<string, unknown> }[] = [
    { access: PROG_READERS, method: 'GET', url: `/app/programmes/${B.programme}` },
    { access: PROG_READERS, method: 'GET', url: `/app/programmes/${B.programme}/versions/1` },
    { access: PROG_READERS, method: 'GET', url: `/app/tasks/${B.task}` },
    { access: PROG_READERS, method: 'GET', url: `/app/files/${B.file}` },
    { access: PROG_WRITERS, method: 'GET', url: `/app/programmes/${B.programme}/edit` },
    { access: PROG_WRITERS, method: 'POST', url: `/app/programmes/${B.programme}`, body: { title: 'Đổi tên', version: 1 } },
    { access: PROG_WRITERS, method: 'POST', url: `/app/programmes/${B.programme}/submit`, body: { version: 1 } },
    { access: PROG_WRITERS, method: 'GET', url: `/app/programmes/${B.programme}/tasks/new` },
    { access: PROG_WRITERS, method: 'POST', url: `/app/programmes/${B.programme}/tasks`, body: task },
    { access: PROG_WRITERS, method: 'GET', url: `/app/tasks/${B.task}/edit` },
    { access: PROG_WRITERS, method: 'POST', url: `/app/tasks/${B.task}`, body: { ...task, version: 1 } },
    { access: PROG_WRITERS, method: 'POST', url: `/app/tasks/${B.task}/submit`, body: { version: 1 } },
    { access: PROG_WRITERS, method: 'GET', url: `/app/tasks/${B.task}/subtasks/new` },
    { access: PROG_WRITERS, method: 'POST', url: `/app/tasks/${B.task}/subtasks`, body: task },
    { access: APPROVERS, method: 'POST', url: `/app/programmes/${B.programme}/approve`, body: { version: 1 } },
    { access: APPROVERS, method: 'POST', url: `/app/programmes/${B.programme}/return`, body: { version: 1, comment: 'Không' } },
    { access: APPROVERS, method: 'POST', url: `/app/tasks/${B.task}/approve`, body: { version: 1 } },
    { access: APPROVERS, method: 'POST', url: `/app/tasks/${B.task}/return`, body: { version: 1, comment: 'Không' } },
    { access: PROGRESS_WRITERS, method: 'POST', url: `/app/tasks/${B.task}/progress`, body: { percent: '90', version: 1 } },
    { access: SOURCE_WRITERS, method: 'GET', url: `/app/sources/${B.source}/edit` },
    { access: SOURCE_WRITERS, method: 'POST', url: `/app/sources/${B.source}`, body: { kind: 'chi_thi', issued_on: '01/01/2017', title: 'Đổi tên', version: 1 } },
    { access: PROG_READERS, method: 'API GET', url: `/api/v1/programmes/${B.programme}` },
    { access: PROG_READERS, method: 'API GET', url: `/api/v1/tasks/${B.task}` },
    { access: PROG_READERS, method: 'API GET', url: `/api/v1/tasks/${B.task}/progress` },
    { access: PROG_WRITERS, method: 'API POST', url: `/api/v1/programmes/${B.programme}/submit`, body: { version: 1 } },
    { access: PROG_WRITERS, method: 'API POST', url: `/api/v1/programmes/${B.programme}/tasks`, body: { title: 'x' } },
    { access: PROG_WRITERS, method: 'API PATCH', url: `/api/v1/tasks/${B.task}`, body: { title: 'x', version: 1 } },
    { access: PROG_WRITERS, method: 'API POST', url: `/api/v1/tasks/${B.task}/submit`, body: { version: 1 } },
    { access: APPROVERS, method: 'API POST', url: `/api/v1/programmes/${B.programme}/approve`, body: { version: 1 } },
    { access: APPROVERS, method: 'API POST', url: `/api/v1/tasks/${B.task}/approve`, body: { version: 1 } },
    { access: APPROVERS, method: 'API POST', url: `/api/v1/tasks/${B.task}/return`, body: { version: 1, comment: 'Không' } },
    { access: PROGRESS_WRITERS, method: 'API POST', url: `/api/v1/tasks/${B.task}/progress`, body: { percent: 90, version: 1 } },
  ];
  const wrong: string[] = [];
  for (const [username, role] of ACCOUNTS) {
    const c = await login(username);
    for (const r of routes) {
      const res =
        r.method === 'GET'
          ? await c.get(r.url)
          : r.method === 'POST'
            ? await c.post(r.url, r.body as Record<string, string | number>)
            : await c.api(r.method.slice(4), r.url, r.body);
      const want = r.access.includes(role) ? 404 : 403;
      if (res.status !== want) wrong.push(`${username} ${r.method} ${r.url}: ${res.status}, expected ${want}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(await wardBState(), stateBefore);
});

test("filters naming another ward's organization, document or programme are a 404, nothing of it shown", async () => {
  for (const username of ['quantri', 'thuongvu', 'phunu', 'hoivien']) {
    const c = await login(username);
    for (const q of [`org=${B.org}`, `source=${B.source}`, `programme=${B.programme}`]) {
      const page = await c.get(`/app/schedule?year=2017&${q}`);
      // Another ward's organization, document or programme is none here: 404 (D77, D81), nothing of it shown.
      assert.equal(page.status, 404, `${username} ${q}`);
      assert.doesNotMatch(page.text, /Nhiệm vụ của phường Vĩnh Tuy/, `${username} ${q}`);
      const api = await c.api('GET', `/api/v1/tasks?year=2017&${q}`);
      assert.equal(api.status, 404, `${username} ${q}`);
      assert.doesNotMatch(api.text, /Vĩnh Tuy/, `${username} ${q}`);
    }
  }
});

test("the other ward's organization head cannot reach this ward's programmes either", async () => {
  const c = await login('vinhtuy.doan');
  const a = await t.db.selectFrom('task').select(['id', 'version', 'programme_id']).where('ward_id', '=', t.wardA).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  assert.equal((await c.get(`/app/programmes/${a.programme_id}`)).status, 404);
  assert.equal((await c.get(`/app/tasks/${a.id}`)).status, 404);
  assert.equal((await c.post(`/app/tasks/${a.id}/progress`, { percent: '99', version: a.version })).status, 404);
  assert.equal((await c.api('PATCH', `/api/v1/tasks/${a.id}`, { title: 'x', version: a.version })).status, 404);
  // Its own ward's programme is its own.
  assert.equal((await c.get(`/app/programmes/${B.programme}`)).status, 200);
});

test("inside the ward: a head changes only its organization's programme; the lead organization and members report progress", async () => {
  const orgs = await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).execute();
  const pn = orgs.find((o) => o.short_name === 'Hội LHPN')?.id as string;
  const doan = orgs.find((o) => o.short_name === 'Đoàn TN')?.id as string;
  const doanProg = await t.db.selectFrom('programme').select(['id', 'version']).where('org_id', '=', doan).where('year', '=', 2017).executeTakeFirstOrThrow();
  const doanTask = await t.db.selectFrom('task').select(['id', 'version']).where('programme_id', '=', doanProg.id).where('lead_org_id', '=', doan).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  // The office puts into Đoàn TN's programme a task that Hội LHPN leads.
  const office = await login('vanphong');
  const made = await office.post(`/app/programmes/${doanProg.id}/tasks`, { title: 'Phối hợp tổ chức ngày hội gia đình', description: 'Hội LHPN chủ trì', lead_org_id: pn, start_on: '01/01/2017', due_on: '31/12/2017', m06: '50', result_kind: 'deliverable', deliverable: 'Ngày hội' });
  assert.equal(made.status, 303, made.text.slice(0, 300));
  const ledByPn = /tasks\/([0-9a-f-]{36})/.exec(made.location ?? '')?.[1] as string;
  const row = (id: string) => t.db.selectFrom('task').select(['version', 'title', 'progress_percent']).where('id', '=', id).executeTakeFirstOrThrow();

  const head = await login('phunu');
  // Forms of another organization's programme are refused, not just their submission.
  for (const url of [`/app/programmes/${doanProg.id}/edit`, `/app/programmes/${doanProg.id}/tasks/new`, `/app/tasks/${doanTask.id}/edit`, `/app/tasks/${doanTask.id}/subtasks/new`, `/app/tasks/${ledByPn}/edit`, `/app/tasks/${ledByPn}/subtasks/new`]) {
    assert.equal((await head.get(url)).status, 403, url);
  }
  // Leading a task of Đoàn TN's programme does not let Hội LHPN rewrite that programme…
  const v0 = (await row(ledByPn)).version;
  assert.equal((await head.post(`/app/tasks/${ledByPn}`, { title: 'Đổi nội dung', description: 'x', lead_org_id: pn, version: v0 })).status, 403);
  assert.equal((await head.post(`/app/tasks/${ledByPn}/submit`, { version: v0 })).status, 403);
  assert.equal((await head.api('PATCH', `/api/v1/tasks/${ledByPn}`, { title: 'Đổi nội dung', version: v0 })).status, 403);
  assert.equal((await row(ledByPn)).title, 'Phối hợp tổ chức ngày hội gia đình');
  // …but its head reports progress on it, and so does a member of Hội LHPN.
  assert.equal((await head.post(`/app/tasks/${ledByPn}/progress`, { percent: '30', reported_on: '30/06/2017', version: v0 })).status, 303);
  const member = await login('hoivien');
  assert.equal((await member.post(`/app/tasks/${ledByPn}/progress`, { percent: '40', reported_on: '30/06/2017', version: (await row(ledByPn)).version })).status, 303);
  assert.equal((await row(ledByPn)).progress_percent, 40);
  // A member of Hội LHPN does not report on Đoàn TN's own task; the Standing Committee and the editor do not report at all.
  assert.equal((await member.post(`/app/tasks/${doanTask.id}/progress`, { percent: '10', version: doanTask.version })).status, 403);
  for (const u of ['thuongvu', 'bientap']) assert.equal((await (await login(u)).post(`/app/tasks/${doanTask.id}/progress`, { percent: '10', version: doanTask.version })).status, 403, u);
  assert.equal((await row(doanTask.id)).version, doanTask.version);
});

test('the Standing Committee decides on what was submitted: approving a draft is refused, and so is an approval of a programme changed since it was read', async () => {
  const office = await login('vanphong');
  const btv = await login('thuongvu');
  const ccb = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội CCB').executeTakeFirstOrThrow()).id;
  const created = await office.post('/app/programmes', { org_id: ccb, year: 2019, title: 'Chương trình công tác năm 2019 của Hội CCB' });
  assert.equal(created.status, 303);
  const pid = /programmes\/([0-9a-f-]{36})/.exec(created.location ?? '')?.[1] as string;
  const full = { description: 'Tuần tra cùng Công an phường', lead_org_id: ccb, start_on: '01/02/2019', due_on: '30/11/2019', m06: '50', m11: '100', result_kind: 'indicator', target_value: '24', target_unit: 'buổi' };
  const tid = /tasks\/([0-9a-f-]{36})/.exec((await office.post(`/app/programmes/${pid}/tasks`, { title: 'Tuần tra an ninh trật tự', owner_person_id: await anyPerson(), ...full })).location ?? '')?.[1] as string;
  const task = () => t.db.selectFrom('task').select(['version', 'approval']).where('id', '=', tid).executeTakeFirstOrThrow();
  const prog = () => t.db.selectFrom('programme').select(['version', 'status']).where('id', '=', pid).executeTakeFirstOrThrow();

  // A draft task: the approve button is not offered and the request is refused.
  assert.doesNotMatch((await btv.get(`/app/tasks/${tid}`)).text, /name="decision" value="approve"/);
  const draft = await btv.post(`/app/tasks/${tid}/approve`, { version: (await task()).version });
  assert.equal(draft.status, 409);
  assert.match(draft.text, /Nhiệm vụ chưa được trình duyệt/);
  assert.equal((await task()).approval, 'draft');

  // The programme is submitted; the approver reads it; the office renames it meanwhile.
  assert.equal((await office.post(`/app/programmes/${pid}/submit`, { version: (await prog()).version })).status, 303);
  const seen = (await prog()).version;
  assert.equal((await office.post(`/app/programmes/${pid}`, { title: 'Chương trình công tác năm 2019 của Hội Cựu chiến binh', version: seen })).status, 303);
  const stale = await btv.post(`/app/programmes/${pid}/approve`, { version: seen });
  assert.equal(stale.status, 409);
  assert.equal((await prog()).status, 'submitted');
  assert.equal(Number((await t.db.selectFrom('programme_version').select((eb) => eb.fn.countAll().as('n')).where('programme_id', '=', pid).executeTakeFirstOrThrow()).n), 0);
  // Read again, it is approved.
  assert.equal((await btv.post(`/app/programmes/${pid}/approve`, { version: (await prog()).version })).status, 303);
  assert.equal((await prog()).status, 'approved');
  assert.equal((await task()).approval, 'approved');
});

test('a programme waiting for approval takes no new or changed task (D65): no button, a 409 with what to do, nothing written; an approved one is amended', async () => {
  const office = await login('vanphong');
  const btv = await login('thuongvu');
  const nct = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội NCT').executeTakeFirstOrThrow()).id;
  const created = await office.post('/app/programmes', { org_id: nct, year: 2019, title: 'Chương trình công tác năm 2019 của Hội NCT' });
  assert.equal(created.status, 303, created.text.slice(0, 300));
  const pid = /programmes\/([0-9a-f-]{36})/.exec(created.location ?? '')?.[1] as string;
  const full = { description: 'Thăm hỏi hội viên ốm đau', lead_org_id: nct, start_on: '01/02/2019', due_on: '30/11/2019', m06: '50', m11: '100', result_kind: 'deliverable', deliverable: 'Báo cáo', owner_person_id: await anyPerson() };
  const tid = /tasks\/([0-9a-f-]{36})/.exec((await office.post(`/app/programmes/${pid}/tasks`, { title: 'Thăm hỏi hội viên', ...full })).location ?? '')?.[1] as string;
  const prog = () => t.db.selectFrom('programme').select(['version', 'status']).where('id', '=', pid).executeTakeFirstOrThrow();
  const taskRow = () => t.db.selectFrom('task').select(['version', 'title', 'approval']).where('id', '=', tid).executeTakeFirstOrThrow();
  const counts = async () => ({
    tasks: Number((await t.db.selectFrom('task').select((eb) => eb.fn.countAll().as('n')).where('programme_id', '=', pid).executeTakeFirstOrThrow()).n),
    audit: Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).n),
  });
  assert.match((await office.get(`/app/programmes/${pid}`)).text, new RegExp(`href="/app/programmes/${pid}/tasks/new"`));
  assert.equal((await office.post(`/app/programmes/${pid}/submit`, { version: (await prog()).version })).status, 303);
  assert.equal((await prog()).status, 'submitted');

  // No button to add, edit or add a sub-task; a note says why and what to do.
  const page = await office.get(`/app/programmes/${pid}`);
  assert.doesNotMatch(page.text, /\/tasks\/new"/);
  assert.match(page.text, /Chương trình đang chờ duyệt: chưa thể thêm hoặc sửa nhiệm vụ/);
  const taskPage = await office.get(`/app/tasks/${tid}`);
  assert.doesNotMatch(taskPage.text, new RegExp(`href="/app/tasks/${tid}/(edit|subtasks/new)"`));
  // Every way in is refused with the message, before anything is written.
  const before = await counts();
  const v = (await taskRow()).version;
  for (const url of [`/app/programmes/${pid}/tasks/new`, `/app/tasks/${tid}/edit`, `/app/tasks/${tid}/subtasks/new`]) {
    const r = await office.get(url);
    assert.equal(r.status, 409, url);
    assert.match(r.text, /đang chờ duyệt nên không thể thêm hoặc sửa nhiệm vụ/, url);
  }
  const add = await office.post(`/app/programmes/${pid}/tasks`, { title: 'Việc thêm sau khi trình', ...full });
  assert.equal(add.status, 409);
  assert.match(add.text, /Chương trình «Chương trình công tác năm 2019 của Hội NCT» đang chờ duyệt/);
  assert.equal((await office.post(`/app/tasks/${tid}`, { title: 'Đổi sau khi trình', ...full, version: v })).status, 409);
  assert.equal((await office.post(`/app/tasks/${tid}/subtasks`, { title: 'Việc con', ...full })).status, 409);
  const { m06: _m06, m11: _m11, ...apiFull } = full; // the API takes milestones, not the form's month cells
  assert.equal((await office.api('POST', `/api/v1/programmes/${pid}/tasks`, { title: 'Qua API', ...apiFull, milestones: [] })).status, 409);
  assert.equal((await office.api('PATCH', `/api/v1/tasks/${tid}`, { title: 'Qua API', version: v })).status, 409);
  assert.deepEqual(await counts(), before);
  assert.equal((await taskRow()).title, 'Thăm hỏi hội viên');
  // The approver is therefore never refused for a task added after the submission.
  assert.equal((await btv.post(`/app/programmes/${pid}/approve`, { version: (await prog()).version })).status, 303);
  assert.equal((await prog()).status, 'approved');
  // An approved programme takes a new task again: it becomes amended, to be approved again.
  assert.equal((await office.post(`/app/programmes/${pid}/tasks`, { title: 'Việc bổ sung', ...full })).status, 303);
  assert.equal((await prog()).status, 'amended');
});

async function anyPerson(): Promise<string> {
  return (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('ended_on', 'is', null).orderBy('sort_key').executeTakeFirstOrThrow()).id;
}
