// "Chờ tôi duyệt" follows the branch rule (issue 11 leftovers, D50, D60): a branch's programme and
// tasks wait for its parent association's head — on the home page and on /app/tasks/approvals,
// with the same count — and not for the Standing Committee. Over real HTTP, on the demo ward.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../../../test/support/app.ts';
import type { Actor } from '../../platform/actor.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { taskPlan } from '../programmes/schema.ts';
import { createProgramme, createTask, submitProgramme } from '../programmes/service.ts';

let t: TestApp;
let progId = '';
const taskIds: string[] = [];
const year = Number(todayInVietnam().slice(0, 4)) + 1;

async function as(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}

before(async () => {
  t = await startTestApp();
  const pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  const branch = (await t.db.selectFrom('organization').select(['id', 'name']).where('parent_id', '=', pn).where('kind', '=', 'branch').orderBy('sort_order').limit(1).executeTakeFirstOrThrow()).id;
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'phunu').executeTakeFirstOrThrow();
  const mai = (await t.db.selectFrom('app_user').select('person_id').where('username', '=', 'hoivien').executeTakeFirstOrThrow()).person_id;
  const head: Actor = { userId: u.id, label: u.display_name, wardId: t.wardA, roles: new Set(['org_head']), headOf: [pn], memberOf: [], ip: '127.0.0.1' };
  progId = await createProgramme(t.db, head, { org_id: branch, year, title: `Chương trình năm ${year} của chi hội (thử duyệt)`, source_ids: [] });
  for (const title of ['Thăm hỏi hội viên khó khăn (thử duyệt)', 'Ra quân vệ sinh môi trường (thử duyệt)']) {
    const plan = taskPlan({ title, description: 'Mỗi tổ một buổi.', owner_person_id: mai, lead_org_id: branch, start_on: `${year}-01-01`, due_on: `${year}-12-31`, result_kind: 'deliverable', deliverable: 'Báo cáo', milestones: [{ month: `${year}-06`, planned_percent: 50, title: null }] });
    taskIds.push(await createTask(t.db, head, progId, plan));
  }
  const version = (await t.db.selectFrom('programme').select('version').where('id', '=', progId).executeTakeFirstOrThrow()).version;
  await submitProgramme(t.db, head, progId, { version, comment: null });
});
after(async () => t.close());

/** The count printed beside a home block's title, and the ids its lines link to. */
function block(html: string, id: string): { count: number | null; ids: string[] } {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) return { count: null, ids: [] };
  const ends = [html.indexOf('class="home-block"', at + 1), html.indexOf('</section>', at)].filter((i) => i > 0);
  const part = html.slice(at, ends.length ? Math.min(...ends) : undefined);
  const count = /class="home-count">\((\d+)\)/.exec(part);
  return { count: count ? Number(count[1]) : null, ids: [...part.matchAll(/href="\/app\/(?:programmes|tasks)\/([0-9a-f-]{36})"/g)].map((m) => m[1] as string) };
}
/** The task ids listed on /app/tasks/approvals (one checkbox a task). */
const approvalsPage = (html: string) => [...html.matchAll(/name="ids" value="([0-9a-f-]{36})"/g)].map((m) => m[1] as string);

test("the association's head finds its branch's submitted programme and tasks on the home page, as many as on the approvals page", async () => {
  const c = await as('phunu');
  const home = await c.get('/app');
  assert.equal(home.status, 200);
  assert.match(home.text, /Chờ tôi duyệt/);
  const progs = block(home.text, 'approve-programmes');
  assert.ok(progs.ids.includes(progId), 'the branch programme is in the head’s queue');
  const tasks = block(home.text, 'approve-tasks');
  const page = await c.get('/app/tasks/approvals');
  assert.equal(page.status, 200);
  const listed = approvalsPage(page.text);
  for (const id of taskIds) assert.ok(listed.includes(id), `approvals page lists ${id}`);
  assert.equal(tasks.count, listed.length, 'the home count is the approvals page’s');
  for (const id of tasks.ids) assert.ok(listed.includes(id), `home task ${id} is on the approvals page`);
  // The whole list behind "xem tất cả" says the same.
  const all = await c.get('/app/home/tasks');
  assert.equal(all.status, 200);
  assert.deepEqual([...new Set([...all.text.matchAll(/href="\/app\/tasks\/([0-9a-f-]{36})"/g)].map((m) => m[1]))].sort(), [...listed].sort());
});

test('the Standing Committee does not find the branch’s work in its queue; its home count matches its approvals page', async () => {
  const c = await as('thuongvu');
  const home = await c.get('/app');
  assert.doesNotMatch(home.text, new RegExp(`/app/programmes/${progId}"`));
  for (const id of taskIds) assert.doesNotMatch(home.text, new RegExp(`/app/tasks/${id}"`));
  const listed = approvalsPage((await c.get('/app/tasks/approvals')).text);
  for (const id of taskIds) assert.ok(!listed.includes(id), `not on the Standing Committee's approvals page: ${id}`);
  assert.equal(block(home.text, 'approve-tasks').count ?? 0, listed.length);
  // The admin approves both.
  const admin = await (await as('quantri')).get('/app');
  assert.ok(block(admin.text, 'approve-programmes').ids.includes(progId));
});
