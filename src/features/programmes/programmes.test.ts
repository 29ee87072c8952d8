import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { addDays } from './status.ts';

let t: TestApp;
let pn: string; // Hội LHPN
let doan: string; // Đoàn TN
let mai: string; // Lê Thị Mai (the member account's person)
before(async () => {
  t = await startTestApp();
  const orgs = await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).execute();
  pn = orgs.find((o) => o.short_name === 'Hội LHPN')?.id as string;
  doan = orgs.find((o) => o.short_name === 'Đoàn TN')?.id as string;
  mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
});
after(async () => t.close());

const idIn = (loc: string | null) => /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(loc ?? '')?.[1] as string;
const count = async (table: 'task' | 'progress_update' | 'milestone' | 'programme' | 'work_file') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const task = (id: string) => t.db.selectFrom('task').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}

/** A programme of Hội LHPN for a year, made by its head. */
async function programme(c: Client, year: number): Promise<string> {
  const res = await c.post('/app/programmes', { org_id: pn, year, title: `Chương trình công tác năm ${year} của Hội LHPN phường` });
  assert.equal(res.status, 303, res.text.slice(0, 400));
  return idIn(res.location);
}

const fullTask = (o: Record<string, string | number | undefined> = {}) => ({
  title: 'Tuyên truyền Chỉ thị 05-CT/TW đến 100% chi hội',
  description: 'Tổ chức sinh hoạt chuyên đề tại các chi hội phụ nữ',
  owner_person_id: mai,
  lead_org_id: pn,
  start_on: '01/03/2018',
  due_on: '30/06/2018',
  m03: '20',
  m04: '50',
  m06: '100',
  result_kind: 'indicator',
  target_value: '6',
  target_unit: 'chi hội',
  ...o,
});

test('source documents: numbers as printed, themed years, searchable without diacritics', async () => {
  const c = await login('vanphong');
  const r1 = await c.post('/app/sources', { kind: 'chi_thi', number: '05-CT/TW', issued_on: '15/05/2016', issuer: 'Bộ Chính trị', title: 'Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh' });
  assert.equal(r1.status, 303, r1.text.slice(0, 300));
  assert.equal((await c.post('/app/sources', { kind: 'chu_de_nam', theme_year: '2017', title: 'Năm CCHC – Năm trật tự và văn minh đô thị' })).status, 303);
  const noYear = await c.post('/app/sources', { kind: 'chu_de_nam', title: 'Năm không rõ' });
  assert.equal(noYear.status, 400);
  for (const q of ['hoc tap va lam theo', 'HỌC TẬP', '05-ct/tw', '05ct', 'bo chinh tri']) {
    const res = await c.get('/app/sources?q=' + encodeURIComponent(q));
    assert.match(res.text, /data-label="Số, ký hiệu">05-CT\/TW/, q);
  }
  const theme = await c.get('/app/sources?q=van+minh+do+thi');
  assert.match(theme.text, /Năm CCHC – Năm trật tự và văn minh đô thị/);
  assert.doesNotMatch(theme.text, /data-label="Số, ký hiệu">05-CT\/TW/);
  // A member reads but may not write.
  const m = await login('hoivien');
  assert.equal((await m.get('/app/sources')).status, 200);
  assert.equal((await m.post('/app/sources', { kind: 'chi_thi', number: 'x', issued_on: '01/01/2017', title: 'x' })).status, 403);
});

test('approval is refused naming the missing "rõ …"; added, it is submitted and approved by the Standing Committee', async () => {
  const head = await login('phunu');
  const pid = await programme(head, 2018);
  const created = await head.post(`/app/programmes/${pid}/tasks`, fullTask({ due_on: '', m06: '' }));
  assert.equal(created.status, 303, created.text.slice(0, 500));
  const id = idIn(created.location);
  const page = await head.get(`/app/tasks/${id}`);
  assert.match(page.text, /Còn thiếu: rõ thời gian/);
  const before = await task(id);
  const refused = await head.post(`/app/tasks/${id}/submit`, { version: before.version });
  assert.equal(refused.status, 422);
  const alert = /<div class="form-errors" role="alert">(.*?)<\/div>/.exec(refused.text)?.[1] ?? '';
  assert.match(alert, /còn thiếu Thời hạn hoàn thành\./);
  assert.doesNotMatch(alert, /rõ |Người phụ trách|Chỉ tiêu/);
  assert.equal((await task(id)).approval, 'draft');
  assert.equal((await task(id)).version, before.version);

  // Several missing: each is named.
  const bare = await head.post(`/app/programmes/${pid}/tasks`, { title: 'Việc chưa rõ' });
  const bareId = idIn(bare.location);
  const r2 = await head.post(`/app/tasks/${bareId}/submit`, { version: 1 });
  assert.match(r2.text, /còn thiếu Mô tả, cách làm; Người phụ trách; Cơ quan chủ trì; Ngày bắt đầu; Thời hạn hoàn thành; Tiến độ kế hoạch lũy kế theo tháng \(%\); Kết quả cần đạt\./);

  const edit = await head.post(`/app/tasks/${id}`, fullTask({ version: before.version }));
  assert.equal(edit.status, 303, edit.text.slice(0, 500));
  const v = (await task(id)).version;
  assert.equal((await head.post(`/app/tasks/${id}/submit`, { version: v })).status, 303);
  assert.equal((await task(id)).approval, 'submitted');
  // Heads and members may not approve; the Standing Committee does.
  assert.equal((await head.post(`/app/tasks/${id}/approve`, { version: v + 1 })).status, 403);
  const btv = await login('thuongvu');
  assert.equal((await btv.post(`/app/tasks/${id}/approve`, { version: v + 1 })).status, 303);
  const done = await task(id);
  assert.equal(done.approval, 'approved');
  assert.equal(done.approved_by, 'Dương Ngọc Dũng');
  const audit = await t.db.selectFrom('audit_event').select('action').where('entity_id', '=', id).orderBy('at').execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['task.create', 'task.update', 'task.submit', 'task.approve'],
  );
});

test('a refused programme submit names, for each task, its number and the exact missing field, each a link to its form; the API says the same', async () => {
  const office = await login('vanphong');
  const cd = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Công đoàn').executeTakeFirstOrThrow()).id;
  const res = await office.post('/app/programmes', { org_id: cd, year: 2018, title: 'Chương trình công tác năm 2018 của Công đoàn' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const pid = idIn(res.location);
  const ids: string[] = [];
  for (const o of [{ title: 'Ra quân tình nguyện hè' }, { title: 'Hiến máu nhân đạo' }, { title: 'Tuyên truyền an toàn giao thông', description: '' }, { title: 'Sinh hoạt chi đoàn', owner_person_id: '', target_unit: '' }]) {
    const r = await office.post(`/app/programmes/${pid}/tasks`, fullTask({ lead_org_id: cd, ...o }));
    assert.equal(r.status, 303, r.text.slice(0, 300));
    ids.push(idIn(r.location));
  }
  const prog = () => t.db.selectFrom('programme').selectAll().where('id', '=', pid).executeTakeFirstOrThrow();
  const before = await prog();
  const refused = await office.post(`/app/programmes/${pid}/submit`, { version: before.version });
  assert.equal(refused.status, 422);
  const alert = /<div class="form-errors" role="alert">([\s\S]*?)<\/div>/.exec(refused.text)?.[1] ?? '';
  assert.match(alert, new RegExp(`<a href="/app/tasks/${ids[2]}/edit">Nhiệm vụ 3 «Tuyên truyền an toàn giao thông»: thiếu Mô tả, cách làm\\.</a>`));
  assert.match(alert, new RegExp(`<a href="/app/tasks/${ids[3]}/edit">Nhiệm vụ 4 «Sinh hoạt chi đoàn»: thiếu Người phụ trách; Đơn vị tính\\.</a>`));
  assert.doesNotMatch(alert, /Nhiệm vụ [12] |rõ (người|việc|kết quả)/);
  assert.equal((await prog()).status, 'draft');
  assert.equal((await prog()).version, before.version);
  // Each link opens the task's form.
  assert.equal((await office.get(`/app/tasks/${ids[2]}/edit`)).status, 200);
  // The API refuses with the same words.
  const api = await office.api('POST', `/api/v1/programmes/${pid}/submit`, { version: before.version });
  assert.equal(api.status, 422, api.text.slice(0, 300));
  assert.match(api.text, /Nhiệm vụ 3 «Tuyên truyền an toàn giao thông»: thiếu Mô tả, cách làm\. Nhiệm vụ 4 «Sinh hoạt chi đoàn»: thiếu Người phụ trách; Đơn vị tính\./);
});

test('bad input gets a clear Vietnamese message, a 4xx, nothing written', async () => {
  const head = await login('phunu');
  const pid = (await t.db.selectFrom('programme').select('id').where('org_id', '=', pn).where('year', '=', 2018).executeTakeFirstOrThrow()).id;
  const [tasks, milestones] = [await count('task'), await count('milestone')];
  const r1 = await head.post(`/app/programmes/${pid}/tasks`, fullTask({ start_on: '01/06/2018', due_on: '01/05/2018' }));
  assert.equal(r1.status, 400);
  assert.match(r1.text, /Thời hạn hoàn thành không được trước ngày bắt đầu/);
  assert.match(r1.text, /value="Tuyên truyền Chỉ thị 05-CT\/TW/); // what was typed is kept
  const r2 = await head.post(`/app/programmes/${pid}/tasks`, fullTask({ m09: '100' }));
  assert.equal(r2.status, 400);
  assert.match(r2.text, /Mốc tiến độ nằm ngoài thời gian thực hiện nhiệm vụ/);
  const r3 = await head.post(`/app/programmes/${pid}/tasks`, fullTask({ m04: '150' }));
  assert.equal(r3.status, 400);
  assert.match(r3.text, /Phải là một số từ 0 đến 100\./);
  const r4 = await head.post(`/app/programmes/${pid}/tasks`, fullTask({ m04: '10' }));
  assert.match(r4.text, /Tiến độ lũy kế không được giảm/);
  // A role that may not: a member adding a task; the head of another organization.
  const member = await login('hoivien');
  assert.equal((await member.post(`/app/programmes/${pid}/tasks`, fullTask())).status, 403);
  const office = await login('vanphong');
  const doanProg = await office.post('/app/programmes', { org_id: doan, year: 2018, title: 'Chương trình công tác năm 2018 của Đoàn TN' });
  assert.equal(doanProg.status, 303);
  assert.equal((await head.post(`/app/programmes/${idIn(doanProg.location)}/tasks`, fullTask({ lead_org_id: doan }))).status, 403);
  // An org head cannot make a programme for another organization either.
  assert.equal((await head.post('/app/programmes', { org_id: doan, year: 2019, title: 'x' })).status, 403);
  // Same organization and year twice.
  const dup = await office.post('/app/programmes', { org_id: pn, year: 2018, title: 'Trùng' });
  assert.equal(dup.status, 400);
  assert.match(dup.text, /đã có chương trình công tác của năm đó/);
  assert.equal(await count('task'), tasks);
  assert.equal(await count('milestone'), milestones);
});

test('progress: owner posts, status derived, history kept; over 100 % refused; a stale second writer is told and keeps the text', async () => {
  const head = await login('phunu');
  const today = todayInVietnam();
  // A deadline 30 days ahead lies in this year's programme (a programme's tasks end in its year, D56).
  const due = addDays(today, 30);
  const made = await (await login('vanphong')).post('/app/programmes', { org_id: pn, year: Number(due.slice(0, 4)), title: 'Chương trình công tác' });
  assert.ok(made.status === 303 || made.status === 400, made.text.slice(0, 200));
  const pid = (await t.db.selectFrom('programme').select('id').where('org_id', '=', pn).where('year', '=', Number(due.slice(0, 4))).executeTakeFirstOrThrow()).id;
  const created = await head.post(`/app/programmes/${pid}/tasks`, fullTask({ title: 'Vận động hội viên tham gia bảo vệ môi trường', start_on: '01/01/2017', due_on: addDays(today, 30).split('-').reverse().join('/'), m03: '', m04: '', m06: '' }));
  assert.equal(created.status, 303, created.text.slice(0, 400));
  const id = idIn(created.location);
  const owner = await login('hoivien');
  const p0 = await task(id);
  const over = await owner.post(`/app/tasks/${id}/progress`, { percent: '120', version: p0.version });
  assert.equal(over.status, 400);
  assert.match(over.text, /Phải là một số từ 0 đến 100\./);
  const ok = await owner.post(`/app/tasks/${id}/progress`, { percent: '40', note: 'Đã tổ chức 2 buổi', version: p0.version });
  assert.equal(ok.status, 303, ok.text.slice(0, 500));
  const p1 = await task(id);
  assert.equal(p1.progress_percent, 40);
  assert.equal(p1.progress_on, today);
  // Value of the indicator: 6 of 6 chi hội = 100 %, done today.
  const stale = await head.post(`/app/tasks/${id}/progress`, { percent: '60', note: 'Ghi chú của chủ tịch hội', version: p0.version });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /vừa được người khác sửa/);
  assert.match(stale.text, /Ghi chú của chủ tịch hội/);
  const full = await owner.post(`/app/tasks/${id}/progress`, { value: '6', version: p1.version });
  assert.equal(full.status, 303);
  const p2 = await task(id);
  assert.equal(p2.progress_percent, 100);
  assert.equal(p2.done_on, today);
  const page = await owner.get(`/app/tasks/${id}`);
  assert.match(page.text, /Hoàn thành/);
  assert.match(page.text, /Đã tổ chức 2 buổi/);
  assert.equal(Number((await t.db.selectFrom('progress_update').select((eb) => eb.fn.countAll().as('n')).where('task_id', '=', id).executeTakeFirstOrThrow()).n), 2);
  // Someone outside: the head of Đoàn in the other ward cannot even see it.
  const other = await login('vinhtuy.doan');
  assert.equal((await other.post(`/app/tasks/${id}/progress`, { percent: '10', version: p2.version })).status, 404);
});

test('derived status at the boundaries, as the pages show it on this database', async () => {
  const office = await login('vanphong');
  const today = todayInVietnam();
  const prog = await office.post('/app/programmes', { org_id: doan, year: Number(today.slice(0, 4)), title: 'Chương trình năm nay của Đoàn TN' });
  assert.equal(prog.status, 303);
  const pid = idIn(prog.location);
  const vn = (iso: string) => iso.split('-').reverse().join('/');
  const mk = async (title: string, due: string) => {
    const r = await office.post(`/app/programmes/${pid}/tasks`, { title, description: 'x', lead_org_id: doan, start_on: vn(addDays(today, -60)), due_on: vn(due), result_kind: 'deliverable', deliverable: 'Báo cáo' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    return idIn(r.location);
  };
  const dueToday = await mk('Hạn hôm nay', today);
  const dueYesterday = await mk('Hạn hôm qua', addDays(today, -1));
  const doneLate = await mk('Xong sau hạn', addDays(today, -2));
  const doneOnTime = await mk('Xong đúng hạn', today);
  await office.post(`/app/tasks/${doneLate}/progress`, { percent: '100', reported_on: vn(addDays(today, -1)), version: (await task(doneLate)).version });
  await office.post(`/app/tasks/${doneOnTime}/progress`, { percent: '100', version: (await task(doneOnTime)).version });
  const status = async (id: string) => /<span class="st st-([a-z_]+)">/.exec((await office.get(`/app/tasks/${id}`)).text)?.[1];
  assert.equal(await status(dueToday), 'not_started');
  assert.equal(await status(dueYesterday), 'overdue');
  assert.equal(await status(doneLate), 'done_late');
  assert.equal(await status(doneOnTime), 'done');
});

test('programme lifecycle: approved versions are kept; a change makes it "amended"; returned with comments', async () => {
  const office = await login('vanphong');
  const btv = await login('thuongvu');
  const ccb = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội CCB').executeTakeFirstOrThrow()).id;
  const res = await office.post('/app/programmes', { org_id: ccb, year: 2018, title: 'Chương trình công tác năm 2018 của Hội CCB' });
  const pid = idIn(res.location);
  const prog = () => t.db.selectFrom('programme').selectAll().where('id', '=', pid).executeTakeFirstOrThrow();
  // Nothing to submit yet.
  const empty = await office.post(`/app/programmes/${pid}/submit`, { version: (await prog()).version });
  assert.equal(empty.status, 422);
  assert.match(empty.text, /chưa có nhiệm vụ nào để trình duyệt/);
  await office.post(`/app/programmes/${pid}/tasks`, fullTask({ title: 'Tuần tra an ninh trật tự', lead_org_id: ccb }));
  assert.equal((await office.post(`/app/programmes/${pid}/submit`, { version: (await prog()).version })).status, 303);
  assert.equal((await btv.post(`/app/programmes/${pid}/approve`, { version: (await prog()).version, comment: 'Đồng ý' })).status, 303);
  assert.equal((await prog()).status, 'approved');
  // A new task amends it; a member of the Standing Committee returns it, then approves version 2.
  const t2 = await office.post(`/app/programmes/${pid}/tasks`, fullTask({ title: 'Giáo dục truyền thống cho thanh niên', lead_org_id: ccb }));
  assert.equal(t2.status, 303);
  assert.equal((await prog()).status, 'amended');
  assert.equal((await office.post(`/app/programmes/${pid}/submit`, { version: (await prog()).version })).status, 303);
  const noComment = await btv.post(`/app/programmes/${pid}/return`, { version: (await prog()).version, comment: '' });
  assert.equal(noComment.status, 400);
  assert.equal((await btv.post(`/app/programmes/${pid}/return`, { version: (await prog()).version, comment: 'Bổ sung chỉ tiêu cụ thể' })).status, 303);
  assert.equal((await prog()).status, 'returned');
  assert.match((await office.get(`/app/programmes/${pid}`)).text, /Bổ sung chỉ tiêu cụ thể/);
  assert.equal((await office.post(`/app/programmes/${pid}/submit`, { version: (await prog()).version })).status, 303);
  assert.equal((await btv.post(`/app/programmes/${pid}/approve`, { version: (await prog()).version })).status, 303);
  const p = await prog();
  assert.equal(p.status, 'approved');
  assert.equal(p.approved_version, 2);
  const v1 = await office.get(`/app/programmes/${pid}/versions/1`);
  assert.match(v1.text, /Tuần tra an ninh trật tự/);
  assert.doesNotMatch(v1.text, /Giáo dục truyền thống cho thanh niên/);
  assert.match((await office.get(`/app/programmes/${pid}/versions/2`)).text, /Giáo dục truyền thống cho thanh niên/);
  assert.equal((await office.get(`/app/programmes/${pid}/versions/3`)).status, 404);
  // Its history names each action in words, never the code's name for it.
  const history = await office.get(`/app/audit?entity=${pid}`);
  assert.equal(history.status, 200);
  for (const label of ['Lập chương trình công tác', 'Trình duyệt chương trình công tác', 'Phê duyệt chương trình công tác', 'Trả lại chương trình công tác']) assert.match(history.text, new RegExp(label));
  // (the filter's option values are codes; what people read is not)
  assert.doesNotMatch(history.text.replace(/ value="[^"]*"/g, ''), /programme\.(create|submit|approve|return)/);
});

test('branch sub-tasks: led by a branch, progress rolls up to the ward task, which takes no direct report', async () => {
  const head = await login('phunu');
  const pid = (await t.db.selectFrom('programme').select('id').where('org_id', '=', pn).where('year', '=', 2018).executeTakeFirstOrThrow()).id;
  const parent = idIn((await head.post(`/app/programmes/${pid}/tasks`, fullTask({ title: 'Ra quân vệ sinh môi trường' }))).location);
  const branches = await t.db.selectFrom('organization').select(['id', 'name']).where('parent_id', '=', pn).orderBy('sort_order').limit(2).execute();
  const wrong = await head.post(`/app/tasks/${parent}/subtasks`, fullTask({ title: 'Sai đơn vị', lead_org_id: doan }));
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /chi hội, chi đoàn trực thuộc cơ quan chủ trì/);
  const kids: string[] = [];
  for (const b of branches) {
    const r = await head.post(`/app/tasks/${parent}/subtasks`, fullTask({ title: `Ra quân — ${b.name}`, lead_org_id: b.id }));
    assert.equal(r.status, 303, r.text.slice(0, 300));
    kids.push(idIn(r.location));
  }
  await head.post(`/app/tasks/${kids[0]}/progress`, { percent: '100', reported_on: '30/06/2018', version: (await task(kids[0] as string)).version });
  await head.post(`/app/tasks/${kids[1]}/progress`, { percent: '50', reported_on: '30/06/2018', version: (await task(kids[1] as string)).version });
  const p = await task(parent);
  assert.equal(p.progress_percent, 75);
  assert.equal(p.done_on, null);
  const direct = await head.post(`/app/tasks/${parent}/progress`, { percent: '90', version: p.version });
  assert.equal(direct.status, 422);
  assert.match(direct.text, /tổng hợp từ nhiệm vụ của các chi hội/);
  await head.post(`/app/tasks/${kids[1]}/progress`, { percent: '100', reported_on: '10/07/2018', version: (await task(kids[1] as string)).version });
  const done = await task(parent);
  assert.equal(done.progress_percent, 100);
  assert.equal(done.done_on, '2018-07-10');
});
