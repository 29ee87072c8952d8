// Kept slot lists of the schedule (D74): the kept answer is the scan's answer, for every filter,
// and after every kind of write that changes what the scan reads — a command (progress post), and
// raw writes to each table the stamp's triggers watch (task, task_state, task_month, task_source,
// programme, programme_source, organization, person) — on SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import type { Queryable } from '../../db/index.ts';
import { insertTask, loadTasks, ownerOptions, postProgress } from './service.ts';
import { taskPlan } from './schema.ts';
import { orgGroups, pageOfRows, schedulePage, type ScheduleQuery } from './schedule.ts';
import { orgsBelow } from '../../platform/access.ts';
import { loadSlots, scanSlots, scheduleSlots, type ScheduleFilter } from './schedule-query.ts';
import { scheduleStamp } from './schedule-kept.ts';
import { forgetKept } from '../../platform/kept.ts';
import { taskOwnerRows } from './repo.ts';

let t: TestApp;
let ward: string;
let org: string;
let programme: string;
let source: string;
let owner: string;
const YEAR = 2017;
const TODAY = '2017-06-15';

before(async () => {
  t = await startTestApp();
  ward = t.wardA;
  org = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', ward).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  programme = (await t.db.selectFrom('programme').select('id').where('org_id', '=', org).where('year', '=', YEAR).executeTakeFirstOrThrow()).id;
  source = (await t.db.selectFrom('programme_source').select('source_document_id').where('programme_id', '=', programme).executeTakeFirstOrThrow()).source_document_id;
  owner = (await t.db.selectFrom('task').select('owner_person_id').where('programme_id', '=', programme).where('owner_person_id', 'is not', null).executeTakeFirstOrThrow()).owner_person_id as string;
});
after(async () => t.close());

const F = (o: Partial<ScheduleFilter>): ScheduleFilter => ({ year: YEAR, orgIds: null, sourceId: null, ownerId: null, programmeId: null, status: null, month: null, ...o });
const Q = (o: Partial<ScheduleQuery>): ScheduleQuery => ({ year: YEAR, org: null, source: null, owner: null, programme: null, ...o });
const filters = () => [F({}), F({ orgIds: [org] }), F({ sourceId: source }), F({ ownerId: owner }), F({ programmeId: programme }), F({ status: 'done' }), F({ status: 'overdue' }), F({ month: 3 }), F({ month: 11 })];

/** Every filter: the kept list (filled, then hit) is the scan's list; returns the stamp. */
async function sameAsScan(what: string): Promise<string> {
  for (const f of filters()) {
    // A scan that refreshes stored states of another day bumps the stamp itself: the next read scans once more.
    await scheduleSlots(t.db, ward, f, TODAY);
    const kept1 = await scheduleSlots(t.db, ward, f, TODAY);
    const kept2 = await scheduleSlots(t.db, ward, f, TODAY);
    const fresh = await scanSlots(t.db, ward, f, TODAY);
    assert.deepEqual(kept1, fresh, `${what}: ${JSON.stringify(f)}`);
    assert.equal(kept2, kept1, 'the second read is the kept list');
  }
  // The page on screen: slots and loaded rows kept, against the scan cut and loaded afresh.
  const below = [...(await orgsBelow(t.db, ward, [org]))];
  for (const [query, f] of [[Q({}), F({})], [Q({ month: 3 }), F({ month: 3 })], [Q({ org }), F({ orgIds: below })]] as const) {
    await schedulePage(t.db, { wardId: ward }, query, 1, TODAY);
    const kept = await schedulePage(t.db, { wardId: ward }, query, 1, TODAY);
    const slots = await scanSlots(t.db, ward, f, TODAY);
    const p = pageOfRows(slots, 1);
    const want = { year: YEAR, today: TODAY, rows: await loadSlots(t.db, { wardId: ward }, p.rows, YEAR, TODAY), total: slots.length, page: p.page, pages: p.pages, groups: orgGroups(slots) };
    assert.deepEqual(kept, want, `${what}: page of ${JSON.stringify(query)}`);
  }
  const owners = await ownerOptions(t.db, { wardId: ward }, YEAR);
  assert.deepEqual(owners, (await taskOwnerRows(t.db, ward, YEAR)).map((p) => ({ value: p.id, label: p.full_name })), `${what}: owners`);
  return scheduleStamp(t.db, ward, YEAR, true);
}

/** A raw write in maintenance (the triggers must see it whatever path wrote it). */
const raw = (fn: (q: Queryable) => Promise<unknown>) => t.db.transaction().execute((tx) => runMaintenance(tx, 'test.raw', async (m) => void (await fn(m))));

test('the kept schedule is the scanned schedule for every filter, after every kind of write', async () => {
  forgetKept();
  let stamp = await sameAsScan('first');
  const changed = async (what: string) => {
    const next = await sameAsScan(what);
    assert.notEqual(next, stamp, `${what} changes the stamp`);
    stamp = next;
  };
  assert.equal(await sameAsScan('nothing written'), stamp, 'reads alone keep the stamp');

  const tasks = await t.db.selectFrom('task').select(['id', 'parent_id']).where('programme_id', '=', programme).orderBy('sort_order').execute();
  const first = tasks[0]?.id as string;
  await raw((q) => q.updateTable('task').set({ sort_order: 1000 }).where('id', '=', first).execute());
  await changed('task order');
  await raw((q) => q.updateTable('task_state').set({ status: 'overdue' }).where('task_id', '=', first).execute());
  await changed('stored status');
  await raw((q) => q.updateTable('task_month').set({ tone: 'behind', in_span: 1 }).where('task_id', '=', first).where('month', '=', 11).execute());
  await changed('stored month cell');
  await raw((q) => q.updateTable('milestone').set({ title: 'Mốc đổi tên' }).where('task_id', '=', first).execute());
  await changed('a milestone');
  const other = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', ward).where('id', '!=', org).executeTakeFirstOrThrow()).id;
  await raw((q) => q.insertInto('task_org').values({ task_id: first, org_id: other, ward_id: ward }).execute());
  await changed('a coordinating organization');
  await raw((q) => q.insertInto('task_source').values({ task_id: first, source_document_id: source, ward_id: ward }).execute());
  await changed('task source');
  await raw((q) => q.deleteFrom('programme_source').where('programme_id', '=', programme).execute());
  await changed('programme source');
  await raw((q) => q.updateTable('organization').set({ name: 'Hội Liên hiệp Phụ nữ (đổi tên)' }).where('id', '=', org).execute());
  await changed('organization name');
  await raw((q) => q.updateTable('person').set({ full_name: 'Nguyễn Thị Đổi Tên' }).where('id', '=', owner).execute());
  await changed('owner name');

  const sys = systemActor(ward);
  const plan = taskPlan({ title: 'Ngoài chương trình, giữ sẵn', description: 'Kiểm tra.', owner_person_id: owner, lead_org_id: org, start_on: '2017-03-01', due_on: '2017-03-31', result_kind: 'deliverable', deliverable: 'Báo cáo', milestones: [{ month: '2017-03', planned_percent: 100, title: null }] });
  const loose = await raw((q) => insertTask(q as Parameters<typeof insertTask>[0], sys, { programmeId: null, parentId: null, sortOrder: 3 }, plan)).then(() =>
    t.db.selectFrom('task').select('id').where('title', '=', 'Ngoài chương trình, giữ sẵn').executeTakeFirstOrThrow(),
  );
  await changed('a task outside programmes');
  const [view] = await loadTasks(t.db, sys, { taskIds: [first] });
  assert.ok(view);
  await postProgress(t.db, sys, first, { percent: 100, value: null, reported_on: null, note: null, actual_result: null, version: view.version });
  await changed('a progress post');
  await raw(async (q) => {
    for (const table of ['task_month', 'task_state', 'milestone', 'task_source', 'task_org'] as const) await q.deleteFrom(table).where('task_id', '=', loose.id).execute();
    await q.deleteFrom('task').where('id', '=', loose.id).execute();
  });
  await changed('a task deleted');
});

test('a page from kept slots is the page from scanned slots; a read in a transaction keeps nothing', async () => {
  const actor = { wardId: ward };
  forgetKept();
  const cold = await schedulePage(t.db, actor, { year: YEAR, org: null, source: null, owner: null, programme: null }, 1, TODAY);
  const warm = await schedulePage(t.db, actor, { year: YEAR, org: null, source: null, owner: null, programme: null }, 1, TODAY);
  assert.deepEqual(warm, cold);
  const inTx = await t.db.transaction().execute((tx) => scheduleSlots(tx, ward, F({}), TODAY));
  assert.deepEqual(inTx, await scanSlots(t.db, ward, F({}), TODAY));
  assert.notEqual(inTx, await scheduleSlots(t.db, ward, F({}), TODAY), 'not the kept list');
});

// The print view's rows are kept as rendered while the stamp is unchanged (D77): the kept page is
// the page rendered afresh, before and after a write, for a filter with and without grouping.
test('the print view from kept rows is the print view rendered afresh, before and after a write', async () => {
  const c = t.client();
  await c.login('vanphong');
  const stable = (html: string) => html.replace(/(name="csrf-token" content="|name="_csrf" value=")[^"]+"/g, '$1…"');
  const views = [`/app/schedule?year=${YEAR}&all=1`, `/app/schedule?year=${YEAR}&all=1&org=${org}`, `/app/schedule?year=${YEAR}&all=1&status=overdue`];
  const fresh = async (url: string) => {
    forgetKept();
    return stable((await c.get(url)).text);
  };
  for (const round of ['before', 'after'] as const) {
    for (const url of views) {
      const first = await fresh(url);
      const kept = stable((await c.get(url)).text);
      assert.match(kept, /<table class="sched">/, url);
      assert.equal(kept, first, `${round}: ${url}`);
    }
    if (round === 'before') {
      // A progress post changes a row of every view above: the next kept view must show it.
      const task = (await t.db.selectFrom('task').select(['id', 'version']).where('programme_id', '=', programme).where((e) => e.not(e.exists(e.selectFrom('task as k').select('k.id').whereRef('k.parent_id', '=', 'task.id')))).orderBy('id').executeTakeFirstOrThrow());
      const before = stable((await c.get(views[1] as string)).text);
      const res = await c.api('POST', `/api/v1/tasks/${task.id}/progress`, { percent: 77, note: 'in lại', version: task.version });
      assert.equal(res.status, 201, res.text);
      const after = stable((await c.get(views[1] as string)).text);
      assert.notEqual(after, before, 'the kept view changed with the write');
      assert.equal(after, await fresh(views[1] as string));
    }
  }
});
