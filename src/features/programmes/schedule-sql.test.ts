// The schedule as SQL over the stored task state (D41) against the reference built in JavaScript
// from every task's milestones and history (test/support/schedule-reference.ts): the same rows,
// depths, statuses and cells, the same pages and groups, for every filter and for the boundary
// cases (month ends, done late, sub-task roll-up, a task begun the year before, a task outside any
// programme), on the days around them; then the state a command writes, and the daily job.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { buildScheduleReference } from '../../../test/support/schedule-reference.ts';
import { newId } from '../../db/dialect.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import { buildSchedule, orgGroups, pageOfRows, schedulePage, type ScheduleQuery, type ScheduleRow } from './schedule.ts';
import { insertTask, listProgrammes, loadTasks, postProgress, summarize } from './service.ts';
import { taskPlan } from './schema.ts';
import { refreshStaleTaskStates, refreshTaskState, msToVietnamMidnight } from './state.ts';
import { TASK_STATUSES } from './status.ts';
import { filteredTasks, taskOwnerRows } from './repo.ts';

let t: TestApp;
let ward: string;
let ids: { org: string; programme: string; source: string; owner: string; parent: string; kid: string; early: string; loose: string };

before(async () => {
  t = await startTestApp();
  ward = t.wardA;
  const q = t.db;
  const org = (await q.selectFrom('organization').select('id').where('ward_id', '=', ward).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  const programme = (await q.selectFrom('programme').select('id').where('org_id', '=', org).where('year', '=', 2017).executeTakeFirstOrThrow()).id;
  const source = (await q.selectFrom('programme_source').select('source_document_id').where('programme_id', '=', programme).executeTakeFirstOrThrow()).source_document_id;
  const parent = (await q.selectFrom('task').select(['parent_id']).where('ward_id', '=', ward).where('parent_id', 'is not', null).executeTakeFirstOrThrow()).parent_id as string;
  const owner = (await q.selectFrom('task').select('owner_person_id').where('id', '=', parent).executeTakeFirstOrThrow()).owner_person_id as string;
  const sys = systemActor(ward);
  const plan = (o: { title: string; start: string; due: string; ms: [string, number][] }) =>
    taskPlan({ title: o.title, description: 'Ca biên.', owner_person_id: owner, lead_org_id: org, start_on: o.start, due_on: o.due, result_kind: 'deliverable', deliverable: 'Báo cáo', milestones: o.ms.map(([month, planned_percent]) => ({ month, planned_percent, title: null })) });
  const posts = async (trx: Parameters<typeof insertTask>[0], id: string, rows: [string, number][]) => {
    for (const [day, percent] of rows) await trx.insertInto('progress_update').values({ id: newId(), ward_id: ward, task_id: id, reported_on: day, percent, value: null, note: null, user_id: null, actor_label: 'test', created_at: `${day}T08:00:00.000Z` }).execute();
    await trx.updateTable('task').set(summarize(rows.map(([reported_on, percent]) => ({ reported_on, percent, created_at: `${reported_on}T08:00:00.000Z` })))).where('id', '=', id).execute();
  };
  // Bulk data in maintenance has no stored state: the first read computes it (freshen).
  const made = await t.db.transaction().execute((tx) =>
    runMaintenance(tx, 'test.fixture', async (trx) => {
      // Begun the year before, milestones on month ends, done late (after its deadline).
      const early = await insertTask(trx, sys, { programmeId: programme, parentId: null, sortOrder: 1 }, plan({ title: 'Bắt đầu từ năm trước', start: '2016-11-01', due: '2017-03-31', ms: [['2017-01', 40], ['2017-03', 100]] }));
      await posts(trx, early, [['2017-01-31', 40], ['2017-03-31', 90], ['2017-04-03', 100]]);
      // A sub-task of the demo's parent reported on a month's last day.
      const kid = await insertTask(trx, sys, { programmeId: programme, parentId: parent, sortOrder: 99 }, plan({ title: 'Chi hội mới', start: '2017-02-01', due: '2017-06-30', ms: [['2017-02', 50], ['2017-06', 100]] }));
      await posts(trx, kid, [['2017-02-28', 50]]);
      // Outside any programme: in 2017 by its deadline.
      const loose = await insertTask(trx, sys, { programmeId: null, parentId: null, sortOrder: 5 }, plan({ title: 'Ngoài chương trình', start: '2017-05-01', due: '2017-05-31', ms: [['2017-05', 100]] }));
      return { early, kid, loose };
    }),
  );
  ids = { org, programme, source, owner, parent, ...made };
});
after(async () => t.close());

const view = (rows: readonly ScheduleRow[]) => rows.map((r) => ({ id: r.task.id, depth: r.depth, status: r.task.status, title: r.task.title, cells: r.cells }));
const Q = (o: Partial<ScheduleQuery>): ScheduleQuery => ({ org: null, source: null, owner: null, programme: null, ...o });
const DAYS = ['2017-01-31', '2017-04-01', '2017-04-03', '2017-12-31', '2018-01-10'];

test('every filter, on days around month ends: the SQL schedule is the reference, row for row and cell for cell', async () => {
  const actor = { wardId: ward };
  const filters: ScheduleQuery[] = (
    [
    { year: 2017 },
    { year: 2017, org: ids.org },
    { year: 2017, source: ids.source },
    { year: 2017, owner: ids.owner },
    { year: 2017, programme: ids.programme },
    ...TASK_STATUSES.map((status) => ({ year: 2017, status })),
    ...[3, 12].map((month) => ({ year: 2017, month })),
    { year: 2017, org: ids.org, status: 'late' as const, month: 3 },
    { year: 2016 },
  ] as Partial<ScheduleQuery>[]
  ).map(Q);
  let compared = 0;
  for (const today of DAYS)
    for (const f of filters) {
      const ref = await buildScheduleReference(t.db, actor, f, today);
      const got = await buildSchedule(t.db, actor, f, today);
      assert.deepEqual(view(got.rows), view(ref.rows), `${today} ${JSON.stringify(f)}`);
      compared += ref.rows.length;
    }
  assert.ok(compared > 1000, `compared ${compared} rows`);
  // The boundary cases are there: the task begun in 2016, the new sub-task under its parent, the task outside programmes.
  const all = await buildSchedule(t.db, actor, Q({ year: 2017 }), '2017-04-03');
  const at = (id: string) => all.rows.find((r) => r.task.id === id);
  assert.equal(at(ids.early)?.task.status, 'done_late');
  assert.equal(at(ids.early)?.cells[3]?.tone, 'done');
  assert.equal(at(ids.kid)?.depth, 1);
  assert.equal(at(ids.loose)?.depth, 0);
});

test('pages: the SQL page is the reference cut by pageOfRows, with the same groups and count', async () => {
  const actor = { wardId: ward };
  const today = '2017-06-15';
  for (const f of [Q({ year: 2017 }), Q({ year: 2017, status: 'on_track' })]) {
    const ref = await buildScheduleReference(t.db, actor, f, today);
    for (const size of [1, 2]) {
      const pages = pageOfRows(ref.rows, 1, 5).pages;
      for (let p = 1; p <= Math.min(pages, 3) + size; p++) {
        const want = pageOfRows(ref.rows, p);
        const got = await schedulePage(t.db, actor, f, p, today);
        assert.deepEqual(view(got.rows), view(want.rows));
        assert.deepEqual([got.page, got.pages, got.total], [want.page, want.pages, ref.rows.length]);
        assert.deepEqual(got.groups, orgGroups(ref.rows));
      }
    }
  }
});

test('a progress post (a command) stores the new state of the task and of its parent; the daily job refreshes what is older than today', async () => {
  const actor = systemActor(ward);
  const today = (await t.db.selectFrom('task_state').select('status_on').where('task_id', '=', ids.kid).executeTakeFirst())?.status_on;
  const kid = (await loadTasks(t.db, actor, { taskIds: [ids.kid] }))[0];
  assert.ok(kid);
  await postProgress(t.db, actor, ids.kid, { percent: 100, value: null, reported_on: null, note: null, actual_result: null, version: kid.version });
  const real = (await t.db.selectFrom('task_state').select('status_on').where('task_id', '=', ids.kid).executeTakeFirstOrThrow()).status_on;
  assert.notEqual(real, today ?? ''); // written for the command's day
  // What the command stored is what the reference derives today, for the sub-task and its parent.
  const ref = await buildScheduleReference(t.db, actor, Q({ year: 2017 }), real);
  const stored = await t.db.selectFrom('task_state').select(['task_id', 'status']).where('task_id', 'in', [ids.kid, ids.parent]).execute();
  for (const s of stored) assert.equal(s.status, ref.rows.find((r) => r.task.id === s.task_id)?.task.status);
  const cells = await t.db.selectFrom('task_month').select(['month', 'actual', 'tone']).where('task_id', '=', ids.parent).orderBy('month').execute();
  assert.deepEqual(
    cells.map((c) => [Number(c.month), c.actual === null ? null : Number(c.actual), c.tone]),
    (ref.rows.find((r) => r.task.id === ids.parent)?.cells ?? []).map((c) => [c.month, c.actual, c.tone]),
  );
  // The job: rows of an older day are refreshed once; a second pass finds nothing left.
  await runMaintenance(t.db, 'test.fixture', (q) => q.updateTable('task_state').set({ status_on: '2017-01-01' }).where('ward_id', '=', ward).execute());
  assert.ok((await refreshStaleTaskStates(t.db, real)) > 0);
  assert.equal(await refreshStaleTaskStates(t.db, real), 0);
  assert.ok(msToVietnamMidnight(new Date('2026-11-30T16:59:00Z')) === 60_000); // 23:59 in Hà Nội
  // The programme list counts from the stored state what the reference derives.
  const list = await listProgrammes(t.db, actor, 2017);
  const mine = list.find((p) => p.id === ids.programme);
  const top = ref.rows.filter((r) => r.task.programme_id === ids.programme && !r.task.parent_id);
  assert.deepEqual([mine?.tasks, mine?.done, mine?.late], [top.length, top.filter((r) => r.task.status.startsWith('done')).length, top.filter((r) => r.task.status === 'late' || r.task.status === 'overdue').length]);
});

test('the state a progress post stores from what the command holds (D73) equals the state refreshTaskState computes from the database', async () => {
  const actor = systemActor(ward);
  const snapshot = async (taskIds: string[]) => ({
    state: await t.db.selectFrom('task_state').select(['task_id', 'year', 'status', 'status_on']).where('task_id', 'in', taskIds).orderBy('task_id').execute(),
    months: await t.db.selectFrom('task_month').selectAll().where('task_id', 'in', taskIds).orderBy('task_id').orderBy('month').execute(),
  });
  const posts: [string, number, string | null][] = [
    [ids.early, 60, '2017-02-15'], // a task begun the year before, a past day
    [ids.loose, 100, null], // outside any programme: its year by its deadline; done today
    [ids.kid, 30, '2017-06-30'], // a sub-task: its parent rolled up and refreshed too
    [ids.kid, 100, null],
  ];
  for (const [id, percent, day] of posts) {
    const task = (await loadTasks(t.db, actor, { taskIds: [id] }))[0];
    assert.ok(task);
    await postProgress(t.db, actor, id, { percent, value: null, reported_on: day, note: null, actual_result: null, version: task.version });
    const touched = [id, ...(task.parent_id ? [task.parent_id] : [])];
    const stored = await snapshot(touched);
    const today = stored.state[0]?.status_on as string;
    await t.db.transaction().execute((tx) => runMaintenance(tx, 'test.fixture', (m) => refreshTaskState(m, ward, touched, today)));
    assert.deepEqual(stored, await snapshot(touched), `post of ${percent} % on ${id}`);
    assert.ok(stored.months.length > 0);
  }
});

test("a year's tasks and their owners (the year found through the programme and deadline indexes, D67) are those computed from every task of the ward", async () => {
  const q = t.db;
  const tasks = await q.selectFrom('task').leftJoin('programme', 'programme.id', 'task.programme_id').select(['task.id', 'task.owner_person_id', 'task.programme_id', 'task.due_on', 'programme.year']).where('task.ward_id', '=', ward).execute();
  const people = await q.selectFrom('person').select(['id', 'full_name', 'sort_key']).where('ward_id', '=', ward).execute();
  const years = [...new Set(tasks.map((r) => (r.year === null ? Number((r.due_on ?? '0').slice(0, 4)) : Number(r.year))))];
  assert.ok(years.includes(2017) && tasks.some((r) => r.programme_id === null && r.due_on?.startsWith('2017')), 'a task outside programmes in 2017');
  for (const year of [...years, 1999]) {
    const ofYear = tasks.filter((r) => (r.programme_id !== null ? Number(r.year) === year : !!r.due_on && r.due_on >= `${year}-01-01` && r.due_on <= `${year}-12-31`));
    const got = await filteredTasks(q, ward, { year })!.select('task.id').execute();
    assert.deepEqual(got.map((r) => r.id).sort(), ofYear.map((r) => r.id).sort(), `tasks of ${year}`);
    const owners = new Set(ofYear.map((r) => r.owner_person_id));
    const want = people.filter((p) => owners.has(p.id)).sort((a, b) => (a.sort_key < b.sort_key ? -1 : a.sort_key > b.sort_key ? 1 : a.id < b.id ? -1 : 1));
    assert.deepEqual(await taskOwnerRows(q, ward, year), want, `owners of ${year}`);
  }
});
