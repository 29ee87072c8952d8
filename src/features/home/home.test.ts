// The home page "Việc của tôi" (issue 11 item 1, D49) for every demo role, on the demo ward, over
// real HTTP: the right sections with real data (the demo's overdue tasks of Hội LHPN, a programme
// submitted by the head reaching the Standing Committee's queue and not a member's, the demo's
// submitted article in the approvers' queue), every link of the page answering 200 for that user,
// and the header's unread count falling when the notifications are read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../../../test/support/app.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { notify } from '../../platform/notify.ts';
import { runMaintenance } from '../../platform/command.ts';
import { addDays, todayInVietnam } from '../../lib/vi/index.ts';
import { taskPlan } from '../programmes/schema.ts';
import { createProgramme, createTask, submitProgramme } from '../programmes/service.ts';

let t: TestApp;
let pn = '';
let mai = '';
let progId = '';
let weekTask = '';
let lateTask = '';
const today = todayInVietnam();
const year = Number(today.slice(0, 4));
/** `days` after today, but never past the programme's year (a deadline must fall in it, D56). */
const inYear = (days: number) => (addDays(today, days) < `${year}-12-31` ? addDays(today, days) : `${year}-12-31`);

async function actorOf(username: string, role: Role, o: Partial<Actor> = {}): Promise<Actor> {
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, label: u.display_name, wardId: t.wardA, roles: new Set([role]), headOf: [], memberOf: [], ip: '127.0.0.1', ...o };
}

async function as(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}

before(async () => {
  t = await startTestApp();
  pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  mai = (await t.db.selectFrom('app_user').select('person_id').where('username', '=', 'hoivien').executeTakeFirstOrThrow()).person_id as string;
  const head = await actorOf('phunu', 'org_head', { headOf: [pn] });
  // This year's programme of Hội LHPN, with two six-clear tasks owned by the member Lê Thị Mai:
  // one behind its plan (a milestone passed with no progress), one due this week.
  progId = await createProgramme(t.db, head, { org_id: pn, year, title: `Chương trình công tác năm ${year} của Hội LHPN (thử)`, source_ids: [] });
  const plan = (title: string, o: Record<string, unknown>) =>
    taskPlan({ title, description: 'Mỗi chi hội một buổi.', owner_person_id: mai, lead_org_id: pn, start_on: addDays(today, -60), due_on: inYear(40), result_kind: 'deliverable', deliverable: 'Báo cáo', milestones: [], ...o });
  lateTask = await createTask(t.db, head, progId, plan('Tuyên truyền phòng chống bạo lực gia đình (thử)', { milestones: [{ month: addDays(today, -35).slice(0, 7), planned_percent: 50, title: null }] }));
  weekTask = await createTask(t.db, head, progId, plan('Tổng kết phong trào phụ nữ (thử)', { due_on: inYear(2), milestones: [{ month: today.slice(0, 7), planned_percent: 50, title: null }] }));
  const version = (await t.db.selectFrom('programme').select('version').where('id', '=', progId).executeTakeFirstOrThrow()).version;
  await submitProgramme(t.db, head, progId, { version, comment: null });
});
after(async () => t.close());

/** Every href of the page's main part (the header and nav are the layout's, walked elsewhere). */
function mainLinks(html: string): string[] {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return [...new Set([...main.matchAll(/href="([^"#]+)(#[^"]*)?"/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&')))];
}

test('each demo role: the right sections, nothing ward-wide it cannot act on, and every link answers 200', async () => {
  const want: Record<string, { has: RegExp[]; not: RegExp[] }> = {
    quantri: { has: [/Chờ tôi duyệt/], not: [/Người đang hoạt động/, /Thay đổi gần đây/] },
    thuongvu: { has: [/Bảng điều hành tiến độ/, /href="\/app\/programmes\/dashboard"/, /Chờ tôi duyệt/, /Chương trình công tác/], not: [/Người đang hoạt động/, /Đăng nhập<\/li>/] },
    vanphong: { has: [/Chờ tôi duyệt/, /Bài viết trên cổng thông tin/, /Hội LHPN phường sơ kết 6 tháng đầu năm/], not: [/Bảng điều hành tiến độ/, /Người đang hoạt động/] },
    // The head of Hội LHPN approves its branches' work (D50): her queue is shown, empty or not.
    phunu: { has: [/Nhiệm vụ của tôi/, /Quá hạn/, /Chậm tiến độ: cần báo cáo tiến độ/, /Báo cáo cần nộp/, /Tôi đã trình/, /Đã trình duyệt/, /Tổ chức của tôi/, /Chờ tôi duyệt/], not: [/Người đang hoạt động/, /Bảng điều hành tiến độ/] },
    hoivien: { has: [/Nhiệm vụ của tôi/, /Đến hạn trong tuần này/], not: [/Chờ tôi duyệt/, /Tôi đã trình/, /Báo cáo cần nộp/] },
    bientap: { has: [/Việc của tôi/, /Tôi đã trình/], not: [/Chờ tôi duyệt/, /Nhiệm vụ của tôi/, /Người đang hoạt động/] },
  };
  for (const [user, w] of Object.entries(want)) {
    const c = await as(user);
    const home = await c.get('/app');
    assert.equal(home.status, 200, user);
    for (const re of w.has) assert.match(home.text, re, `${user} shows ${re}`);
    for (const re of w.not) assert.doesNotMatch(home.text, re, `${user} does not show ${re}`);
    const links = mainLinks(home.text);
    assert.ok(links.length > 0, user);
    for (const href of links) assert.equal((await c.get(href)).status, 200, `${user}: ${href}`);
  }
});

test('a programme submitted by the head is in the Standing Committee’s queue with its count, not in a member’s; the head sees it as sent', async () => {
  const standing = await (await as('thuongvu')).get('/app');
  assert.match(standing.text, new RegExp(`href="/app/programmes/${progId}"`));
  assert.match(standing.text, /Chương trình công tác <span class="home-count">\(1\)<\/span>/);
  const member = await (await as('hoivien')).get('/app');
  assert.doesNotMatch(member.text, /id="home-approvals"/);
  const head = await (await as('phunu')).get('/app');
  assert.match(head.text, /id="home-sent"[\s\S]*Chương trình công tác năm \d{4} của Hội LHPN \(thử\)[\s\S]*Đã trình duyệt/);
  // The office records, the Standing Committee approves: the office's queue has no programme.
  const office = await (await as('vanphong')).get('/app');
  assert.doesNotMatch(office.text, /id="approve-programmes"/);
});

test('tasks: the demo’s overdue tasks of Hội LHPN for its head, the late one and the one due this week for its owner, each one click from the progress form', async () => {
  const overdue = await t.db
    .selectFrom('task')
    .innerJoin('task_state', 'task_state.task_id', 'task.id')
    .leftJoin('programme', 'programme.id', 'task.programme_id')
    .select('task.id')
    .where('task.ward_id', '=', t.wardA)
    .where((e) => e.or([e('task.lead_org_id', '=', pn), e('programme.org_id', '=', pn)]))
    .where('task_state.status', '=', 'overdue')
    .execute();
  assert.ok(overdue.length > 0, 'the demo has overdue tasks of Hội LHPN');
  const head = await (await as('phunu')).get('/app');
  const block = head.text.slice(head.text.indexOf('id="tasks-overdue"'), head.text.indexOf('id="tasks-late"'));
  assert.match(block, new RegExp(`Quá hạn <span class="home-count">\\(${overdue.length}\\)</span>`));
  assert.match(block, /href="\/app\/tasks\/[0-9a-f-]{36}(#progress)?"/);
  if (overdue.length > 5) assert.match(block, /href="\/app\/home\/overdue">Xem tất cả/);
  const member = await (await as('hoivien')).get('/app');
  const late = member.text.slice(member.text.indexOf('id="tasks-late"'), member.text.indexOf('id="tasks-week"'));
  assert.match(late, new RegExp(`href="/app/tasks/${lateTask}#progress"`));
  const week = member.text.slice(member.text.indexOf('id="tasks-week"'), member.text.indexOf('id="tasks-soon"'));
  assert.match(week, new RegExp(`href="/app/tasks/${weekTask}#progress"`));
  // The link leads to the progress form, which the owner may use.
  const page = await (await as('hoivien')).get(`/app/tasks/${lateTask}`);
  assert.match(page.text, /id="progress"/);
  // The whole list behind "xem tất cả": numbered, paged, a bad list name is a 404.
  const all = await (await as('phunu')).get('/app/home/overdue');
  assert.equal(all.status, 200);
  const linked = [...all.text.matchAll(/href="\/app\/tasks\/([0-9a-f-]{36})(#progress)?"/g)];
  assert.equal(linked.length, Math.min(overdue.length, 50));
  // A task rolled up from its sub-tasks takes no report of its own: its link opens its page, not a form it lacks.
  const parents = new Set((await t.db.selectFrom('task').select('parent_id').where('ward_id', '=', t.wardA).where('parent_id', 'is not', null).execute()).map((r) => r.parent_id));
  for (const m of linked) assert.equal(!!m[2], !parents.has(m[1] as string), `task ${m[1]}`);
  assert.ok(linked.some((m) => parents.has(m[1] as string)), 'the demo has an overdue rolled-up task');
  assert.equal((await (await as('phunu')).get('/app/home/nothing')).status, 404);
  assert.equal((await (await as('phunu')).get('/app/home/overdue?page=0')).status, 400);
});

test('an empty section says so in Vietnamese', async () => {
  const office = await (await as('vanphong')).get('/app');
  // The office owns no task: no task section at all; the editor sees its own articles only.
  assert.doesNotMatch(office.text, /Nhiệm vụ của tôi/);
  const member = await (await as('hoivien')).get('/app');
  assert.match(member.text, /Không có việc đến hạn trong 14 ngày tới\.|Sắp đến hạn/);
});

test('the header counts unread notifications on every page, for screen readers too, and the count falls when they are read', async () => {
  const c = await as('hoivien');
  const userId = (await t.db.selectFrom('app_user').select('id').where('username', '=', 'hoivien').executeTakeFirstOrThrow()).id;
  await runMaintenance(t.db, 'test.notify', (m) => notify(m, { wardId: t.wardA, userIds: [userId], kind: 'test', message: 'Việc mới được giao', link: `/app/tasks/${lateTask}`, dedupeKey: `home-test:${lateTask}` }));
  const unread = await t.db.selectFrom('notification').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).where('ward_id', '=', t.wardA).where('read_at', 'is', null).executeTakeFirstOrThrow();
  const n = Number(unread.n);
  assert.ok(n >= 1);
  for (const path of ['/app', '/app/people', `/app/tasks/${lateTask}`]) {
    const page = await c.get(path);
    assert.match(page.text, new RegExp(`<a href="/app/notifications" class="notif-link">Thông báo <span class="notif-count" aria-hidden="true">${n}</span><span class="sr-only"> \\(${n} thông báo chưa đọc\\)</span></a>`), path);
  }
  const list = await c.get('/app/notifications');
  assert.match(list.text, /Việc mới được giao/);
  assert.equal((await c.post('/app/notifications/read', {})).status, 303);
  const after = await c.get('/app');
  assert.match(after.text, /<a href="\/app\/notifications" class="notif-link">Thông báo<\/a>/);
  assert.doesNotMatch(after.text, /thông báo chưa đọc/);
  // Nobody signed in: no count, no query for it.
  assert.doesNotMatch((await t.client().get('/login')).text, /notif-link/);
});

test('a body above the ward reads it but is offered nothing to approve: no queue, no approval box, no publish or return', async () => {
  const c = await as('thanhpho'); // the city's Standing Committee: reads the ward, writes nothing there (D26)
  const home = await c.get('/app');
  assert.equal(home.status, 200);
  // Greeted as a person reads it: the body's name, and that the account only reads (D65).
  assert.match(home.text, /Xin chào, Ban Dân vận Thành ủy\. Hôm nay là [^<]*\. Tài khoản này chỉ xem số liệu của Phường Đồng Tâm, không thay đổi được\./);
  assert.match(home.text, /<a href="\/app\/account">Ban Dân vận Thành ủy<\/a>\s*<span class="muted">\(chỉ xem\)<\/span>/);
  assert.doesNotMatch(home.text, /\(xem\)/);
  assert.doesNotMatch(home.text, /Chờ tôi duyệt/);
  const prog = await c.get(`/app/programmes/${progId}`);
  assert.equal(prog.status, 200);
  assert.doesNotMatch(prog.text, /\/decide"/);
  const art = await t.db.selectFrom('article').select('id').where('ward_id', '=', t.wardA).where('status', '=', 'submitted').executeTakeFirst();
  assert.ok(art, 'the demo has an article waiting for approval');
  const page = await c.get(`/app/portal/articles/${art.id}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /\/(publish|return)"/);
  // The ward's own Standing Committee is offered both.
  const own = await as('thuongvu');
  assert.match((await own.get(`/app/programmes/${progId}`)).text, /\/decide"/);
  const ownHome = (await own.get('/app')).text;
  assert.match(ownHome, /Chờ tôi duyệt/);
  assert.doesNotMatch(ownHome, /chỉ xem/);
});
