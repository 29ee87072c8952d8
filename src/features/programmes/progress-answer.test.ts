// A progress post answers with the task as its command left it (D80), built from the one statement
// that read the task with its milestones, coordinating organizations, documents and history. That
// answer must be exactly what reading the task after the commit gives (`getTaskView`, as the API
// did before): for every task of the demo ward that takes a post (sub-tasks whose parent rolls up,
// tasks outside a programme, indicators, tasks with and without owners, documents and coordinating
// organizations), with a percent, an indicator's value, a back-dated figure and 100 %; on the
// database under test. The stored state (task_state, task_month) equals the state computed afresh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import { getTaskView, insertTask, postProgress } from './service.ts';
import { taskPlan } from './schema.ts';
import { computeTaskState } from './state.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
  // Outside any programme, without an owner or a lead, with coordinating organizations and an indicator.
  const orgs = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).orderBy('sort_order', 'desc').limit(3).execute();
  const plan = taskPlan({ title: 'Ngoài chương trình, chưa có người phụ trách', start_on: '2026-01-01', due_on: '2026-12-31', result_kind: 'indicator', target_value: 7, target_unit: 'buổi', coordinating_org_ids: orgs.map((o) => o.id), milestones: [{ month: '2026-06', planned_percent: 50, title: null }, { month: '2026-12', planned_percent: 100, title: null }] });
  await t.db.transaction().execute((tx) => runMaintenance(tx, 'test.fixture', (trx) => insertTask(trx, systemActor(t.wardA), { programmeId: null, parentId: null, sortOrder: 1 }, plan)));
});
after(async () => t.close());

const input = (o: { percent?: number | null; value?: number | null; reported_on?: string | null; version: number }) => ({ percent: o.percent ?? null, value: o.value ?? null, reported_on: o.reported_on ?? null, note: 'Kiểm tra câu trả lời', actual_result: null, version: o.version });

test('a progress post answers with the task exactly as a read after its commit gives it', async () => {
  const ward = t.wardA;
  const sys = systemActor(ward);
  const tasks = await t.db
    .selectFrom('task')
    .select(['id', 'result_kind', 'target_value', 'programme_id', 'parent_id', 'owner_person_id'])
    .where('ward_id', '=', ward)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('task as kid').select('kid.id').whereRef('kid.parent_id', '=', 'task.id'))))
    .orderBy('id')
    .execute();
  assert.ok(tasks.length >= 5, 'the demo ward has tasks to post on');
  const seen = { kid: 0, loose: 0, indicator: 0, coordinated: 0, sourced: 0, ownerless: 0 };
  const today = todayInVietnam();
  for (const task of tasks) {
    const posts = [
      { percent: 35 },
      { percent: 20, reported_on: '2017-01-15' }, // back-dated: goes before the later figures
      ...(task.result_kind === 'indicator' && task.target_value ? [{ value: task.target_value / 3 }] : []),
      { percent: 100 },
    ];
    for (const p of posts) {
      const before = await getTaskView(t.db, sys, task.id);
      const posted = await postProgress(t.db, sys, task.id, input({ ...p, version: before.version }));
      const after = await getTaskView(t.db, sys, task.id);
      assert.deepEqual(posted.task, after, `${task.id} ${JSON.stringify(p)}`);
      const [fresh] = await computeTaskState(t.db, ward, [task.id], today);
      const stored = await t.db.selectFrom('task_state').select(['status', 'year']).where('task_id', '=', task.id).executeTakeFirstOrThrow();
      assert.deepEqual({ status: stored.status, year: stored.year === null ? null : Number(stored.year) }, { status: fresh?.status, year: fresh?.year }, 'the stored state is the state computed afresh');
      if (fresh?.cells) {
        const months = await t.db.selectFrom('task_month').select(['month', 'planned', 'planned_cum', 'actual', 'tone']).where('task_id', '=', task.id).orderBy('month').execute();
        assert.deepEqual(
          months.map((m) => ({ month: Number(m.month), planned: m.planned, plannedCum: m.planned_cum, actual: m.actual, tone: m.tone })),
          fresh.cells.map((c) => ({ month: c.month, planned: c.planned, plannedCum: c.plannedCum, actual: c.actual, tone: c.tone })),
          'the stored months are the months computed afresh',
        );
      }
    }
    const v = await getTaskView(t.db, sys, task.id);
    if (task.parent_id) seen.kid++;
    if (!task.programme_id) seen.loose++;
    if (task.result_kind === 'indicator') seen.indicator++;
    if (v.coordinating.length) seen.coordinated++;
    if (v.source_ids.length) seen.sourced++;
    if (!task.owner_person_id) seen.ownerless++;
  }
  for (const [k, n] of Object.entries(seen)) assert.ok(n > 0, `a task of kind ${k} was posted on`);
});
