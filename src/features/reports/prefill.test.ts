import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDb, PG_URL, type TestDb } from '../../../test/support/app.ts';
import { loadDemo } from '../../demo/seed.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import { markSystem, runCommand, runMaintenance } from '../../platform/command.ts';
import { insertArticle } from '../portal/service.ts';
import { insertProgramme, insertTask, taskPlan } from '../programmes/service.ts';
import { mentions, orgNames, prefillFigures, prefillFor, prefillNarrative, sortTasks, PREFILL_SOURCES, type Prefill } from './prefill.ts';

// The pre-fill of a report from the record, on the demo ward (Phường Đồng Tâm, 2017) and its
// neighbour (Phường Vĩnh Tuy), on the database under test.
let t: TestDb;
let wardA = '';
let wardB = '';
let A: Actor;
let B: Actor;
const YEAR_2017 = { start: '2017-01-01', end: '2017-12-31' };
const FOUNDING = 'Ban thường vụ Đảng ủy làm việc với MTTQ và các đoàn thể về nhiệm vụ trọng tâm năm 2017';

const orgOf = async (ward: string, short: string) => (await t.db.selectFrom('organization').select('id').where('ward_id', '=', ward).where('short_name', '=', short).executeTakeFirstOrThrow()).id;
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id).sort();

before(async () => {
  t = await createTestDb({ demo: true });
  if (!PG_URL) await loadDemo(t.db);
  const wards = await t.db.selectFrom('unit').select(['id', 'code']).where('code', 'in', ['DEMO-DONGTAM', 'DEMO-VINHTUY']).execute();
  wardA = wards.find((w) => w.code === 'DEMO-DONGTAM')?.id as string;
  wardB = wards.find((w) => w.code === 'DEMO-VINHTUY')?.id as string;
  A = systemActor(wardA);
  B = systemActor(wardB);
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
});

/**
 * The top-level tasks of the organization's 2017 programme done in 2017 (all, and late), and those
 * overdue at its end, read straight from the tables by organization short name (no code of the
 * feature involved).
 */
async function expected2017(short: string) {
  const base = sql<{ id: string; done_on: string | null; due_on: string | null; start_on: string | null }>`
    select t.id, t.done_on, t.due_on, t.start_on from task t
    join programme p on p.id = t.programme_id and p.ward_id = t.ward_id
    join organization o on o.id = p.org_id and o.ward_id = p.ward_id
    where o.ward_id = ${wardA} and o.short_name = ${short} and p.year = 2017 and t.parent_id is null`;
  const rows = (await base.execute(t.db)).rows;
  const done = rows.filter((r) => r.done_on !== null && r.done_on >= '2017-01-01' && r.done_on <= '2017-12-31');
  return {
    done: ids(done),
    late: ids(done.filter((r) => r.due_on !== null && (r.done_on as string) > r.due_on)),
    overdue: ids(rows.filter((r) => r.due_on !== null && r.due_on <= '2017-12-31' && (r.start_on === null || r.start_on <= '2017-12-31') && (r.done_on === null || r.done_on > '2017-12-31'))),
  };
}

test('the pre-fill of the Hội LHPN 2017 review lists exactly the tasks of its demo programme that were done and late in 2017', async () => {
  const lhpn = await orgOf(wardA, 'Hội LHPN');
  const want = await expected2017('Hội LHPN');
  assert.ok(want.done.length >= 1, 'the demo has tasks of Hội LHPN done in 2017');
  assert.ok(want.late.length >= 1, 'the demo has tasks of Hội LHPN done late in 2017');
  const p = await prefillFor(t.db, A, lhpn, YEAR_2017);
  assert.deepEqual(ids(p.tasks.done), want.done);
  assert.deepEqual(ids(p.tasks.doneLate), want.late);
  assert.deepEqual(ids(p.tasks.overdue), want.overdue);
  assert.ok(want.overdue.length >= 1, 'the demo has an overdue task of Hội LHPN at the end of 2017');
  for (const x of p.tasks.done) assert.ok(x.done_on && x.done_on >= '2017-01-01' && x.done_on <= '2017-12-31');
  for (const x of p.tasks.doneLate) assert.ok(x.due_on && x.done_on && x.done_on > x.due_on);
  const f = prefillFigures(p);
  assert.deepEqual([f.tasks_done, f.tasks_done_late, f.tasks_overdue], [want.done.length, want.late.length, want.overdue.length]);
  assert.deepEqual(Object.keys(f).sort(), [...PREFILL_SOURCES].sort());
});

test('a branch reports its share of its association’s task; the association reports the parent, not the branches’ shares', async () => {
  const lhpn = await orgOf(wardA, 'Hội LHPN');
  const sub = await t.db
    .selectFrom('task')
    .innerJoin('task as parent', 'parent.id', 'task.parent_id')
    .innerJoin('programme', 'programme.id', 'parent.programme_id')
    .select(['task.id', 'task.lead_org_id', 'parent.id as parent_id'])
    .where('task.ward_id', '=', wardA)
    .where('programme.org_id', '=', lhpn)
    .where('task.done_on', '>=', '2017-01-01')
    .where('task.done_on', '<=', '2017-12-31')
    .orderBy('task.done_on')
    .executeTakeFirstOrThrow();
  const branch = await prefillFor(t.db, A, sub.lead_org_id as string, YEAR_2017);
  assert.deepEqual(ids(branch.tasks.done), [sub.id]);
  const assoc = await prefillFor(t.db, A, lhpn, YEAR_2017);
  assert.ok(!ids(assoc.tasks.done).includes(sub.id) && !ids(assoc.tasks.overdue).includes(sub.id));
  assert.ok(assoc.indicators.some((i) => i.task_id === sub.parent_id), 'the parent is an indicator of the association');
  // The parent's value is its branches' latest values by the end of 2017, summed.
  const parent = assoc.indicators.find((i) => i.task_id === sub.parent_id);
  const kids = await t.db.selectFrom('task').select('id').where('ward_id', '=', wardA).where('parent_id', '=', sub.parent_id).execute();
  let sum = 0;
  for (const k of kids) {
    const last = await t.db.selectFrom('progress_update').select('value').where('task_id', '=', k.id).where('reported_on', '<=', '2017-12-31').where('value', 'is not', null).orderBy('reported_on', 'desc').orderBy('created_at', 'desc').executeTakeFirst();
    sum += Number(last?.value ?? 0);
  }
  assert.equal(parent?.actual_value, sum);
});

test('the conclusions of the founding meeting addressed to Hội LHPN, its meetings and the articles about it in 2017', async () => {
  const lhpn = await orgOf(wardA, 'Hội LHPN');
  const p = await prefillFor(t.db, A, lhpn, YEAR_2017);
  const founding = await t.db.selectFrom('meeting').select(['id', 'article_id']).where('ward_id', '=', wardA).where('title', '=', FOUNDING).executeTakeFirstOrThrow();
  const want = await t.db
    .selectFrom('meeting_conclusion_org')
    .innerJoin('meeting_conclusion', 'meeting_conclusion.id', 'meeting_conclusion_org.conclusion_id')
    .select(['meeting_conclusion.id', 'meeting_conclusion.number'])
    .where('meeting_conclusion.meeting_id', '=', founding.id)
    .where('meeting_conclusion_org.org_id', '=', lhpn)
    .orderBy('meeting_conclusion.number')
    .execute();
  assert.equal(want.length, 5);
  assert.deepEqual(
    p.conclusions.map((c) => [c.id, c.number, c.meeting_id, c.meeting_title, c.role]),
    want.map((w) => [w.id, w.number, founding.id, FOUNDING, 'addressed']),
  );
  for (const c of p.conclusions) assert.ok(['not_task', 'no_tasks', 'not_started', 'in_progress', 'late', 'done'].includes(c.state), c.state);
  assert.equal(prefillFigures(p).conclusions_done, p.conclusions.filter((c) => c.state === 'done').length);
  // Hội LHPN hosted no meeting; the Standing Committee hosted the founding one.
  assert.deepEqual(p.meetings, []);
  const btv = await prefillFor(t.db, A, await orgOf(wardA, 'BTV Đảng ủy'), YEAR_2017);
  assert.deepEqual(btv.meetings.map((m) => m.id), [founding.id]);
  // The article drafted from the meeting it was invited to, at its public address; not the one still awaiting approval.
  const article = await t.db.selectFrom('article').select(['id', 'slug']).where('id', '=', founding.article_id as string).executeTakeFirstOrThrow();
  assert.deepEqual(p.articles.map((a) => [a.id, a.url]), [[article.id, `/bai-viet/${article.slug}`]]);
  // Nothing of 2018 and later: the founding meeting's conclusions are not in the 2018 pre-fill.
  const y2018 = await prefillFor(t.db, A, lhpn, { start: '2018-01-01', end: '2018-12-31' });
  assert.deepEqual(y2018.conclusions, []);
});

test('a conclusion’s state is as it stood at the period’s end: done only when its tasks were done by then', async () => {
  const lhpn = await orgOf(wardA, 'Hội LHPN');
  const q1 = await prefillFor(t.db, A, lhpn, { start: '2017-01-01', end: '2017-03-31' });
  const year = await prefillFor(t.db, A, lhpn, YEAR_2017);
  assert.equal(q1.conclusions.length, 5);
  const tasks = await t.db.selectFrom('task').select(['origin_ref', 'done_on']).where('ward_id', '=', wardA).where('origin_kind', '=', 'conclusion').where('parent_id', 'is', null).execute();
  const doneBy = (id: string, day: string) => {
    const mine = tasks.filter((x) => x.origin_ref === id);
    return mine.length > 0 && mine.every((x) => x.done_on !== null && x.done_on <= day);
  };
  for (const c of q1.conclusions) assert.equal(c.state === 'done', doneBy(c.id, '2017-03-31'), `${c.number}: ${c.state}`);
  for (const c of year.conclusions) assert.equal(c.state === 'done', doneBy(c.id, '2017-12-31'), `${c.number}: ${c.state}`);
  assert.ok(
    year.conclusions.some((c) => c.state === 'done' && q1.conclusions.find((x) => x.id === c.id)?.state !== 'done'),
    'a conclusion done by the end of 2017 was not done at the end of March',
  );
});

test('a period with nothing gives empty lists and zero figures', async () => {
  const p = await prefillFor(t.db, A, await orgOf(wardA, 'Hội LHPN'), { start: '2015-01-01', end: '2015-12-31' });
  assert.deepEqual(p, { tasks: { done: [], doneLate: [], overdue: [] }, meetings: [], conclusions: [], indicators: [], articles: [] });
  for (const v of Object.values(prefillFigures(p))) assert.equal(v, 0);
  assert.equal(prefillNarrative(p), 'Trong kỳ chưa có nhiệm vụ nào hoàn thành.');
});

test('another ward’s data never appears', async () => {
  const lhpnA = await orgOf(wardA, 'Hội LHPN');
  const lhpnB = await orgOf(wardB, 'Hội LHPN');
  // Ward B's Hội LHPN gets an approved 2017 programme with a task done late, and an article naming it.
  const taskB = await runMaintenance(t.db, 'test.prefill', async (q) => {
    const pid = await insertProgramme(q, B, { org_id: lhpnB, year: 2017, title: 'Chương trình công tác năm 2017 (Vĩnh Tuy)', source_ids: [] });
    await q.updateTable('programme').set({ status: 'approved', approved_version: 1 }).where('id', '=', pid).execute();
    const id = await insertTask(q, B, { programmeId: pid, parentId: null }, taskPlan({ title: 'Nhiệm vụ của phường Vĩnh Tuy', lead_org_id: lhpnB, start_on: '2017-02-01', due_on: '2017-05-31' }));
    await q.updateTable('task').set({ done_on: '2017-06-15', progress_percent: 100 }).where('id', '=', id).execute();
    return id;
  });
  const category = (await t.db.selectFrom('portal_category').select('id').where('ward_id', '=', wardB).executeTakeFirstOrThrow()).id;
  const articleB = await runCommand(t.db, B, 'test.article', async (c) => {
    markSystem(B);
    return insertArticle(c.trx, B, { category_id: category, title: 'Hội Liên hiệp Phụ nữ phường Vĩnh Tuy ra quân vệ sinh môi trường', summary: null, body_md: 'Tin của phường Vĩnh Tuy.', status: 'published', published_at: '2017-05-20T02:00:00.000Z' });
  });
  const b = await prefillFor(t.db, B, lhpnB, YEAR_2017);
  assert.deepEqual(ids(b.tasks.done), [taskB]);
  assert.deepEqual(ids(b.tasks.doneLate), [taskB]);
  assert.deepEqual(ids(b.articles), [articleB]);
  assert.deepEqual(b.conclusions, []);
  const a = await prefillFor(t.db, A, lhpnA, YEAR_2017);
  const seen = JSON.stringify(a);
  assert.ok(!seen.includes(taskB) && !seen.includes(articleB), 'ward A sees nothing of ward B');
  assert.ok(!JSON.stringify(b).includes(ids(a.tasks.done)[0] as string), 'ward B sees nothing of ward A');
  // An organization of another ward is not found.
  await assert.rejects(prefillFor(t.db, B, lhpnA, YEAR_2017), (e: { status?: number }) => e.status === 404);
  await assert.rejects(prefillFor(t.db, A, lhpnA, { start: '2017-12-31', end: '2017-01-01' }), (e: { status?: number }) => e.status === 400);
  await assert.rejects(prefillFor(t.db, A, lhpnA, { start: '2017-02-30', end: '2017-03-01' }), (e: { status?: number }) => e.status === 400);
});

test('prefillNarrative mentions the done task titles and the late count', async () => {
  const p = await prefillFor(t.db, A, await orgOf(wardA, 'Hội LHPN'), YEAR_2017);
  const text = prefillNarrative(p);
  const lines = text.split('\n');
  assert.match(lines[0] as string, new RegExp(`^Hoàn thành ${p.tasks.done.length} nhiệm vụ \\(${p.tasks.doneLate.length} nhiệm vụ hoàn thành trễ hạn\\): `));
  for (const x of p.tasks.done) assert.ok((lines[0] as string).includes(x.title), x.title);
  for (const x of p.tasks.overdue) assert.ok(text.includes(x.title), x.title);
  assert.ok(text.includes(`Được giao thực hiện ${p.conclusions.length} kết luận`));
  assert.ok(text.includes(`“${p.articles[0]?.title}”`));
  const en = prefillNarrative(p, 'en');
  assert.match(en, new RegExp(`^Completed ${p.tasks.done.length} task\\(s\\) \\(${p.tasks.doneLate.length} completed late\\)`));
});

test('the rules of done, late and overdue at the period’s edges', () => {
  const task = (id: string, start_on: string | null, due_on: string | null, done_on: string | null) => ({ id, title: id, programme_id: null, parent_id: null, lead_org_id: null, start_on, due_on, done_on, result_kind: null, target_value: null, target_unit: null, percent_at_end: null, value_at_end: null, value_on: null });
  const r = { start: '2017-01-01', end: '2017-06-30' };
  const s = sortTasks(
    [
      task('done-first-day', '2016-10-01', '2017-01-31', '2017-01-01'),
      task('done-last-day-late', '2017-01-01', '2017-06-29', '2017-06-30'),
      task('done-after-end', '2017-01-01', '2017-06-30', '2017-07-01'),
      task('due-before-never-done', '2016-01-01', '2016-12-31', null),
      task('due-after-end', '2017-01-01', '2017-07-01', null),
      task('not-started', '2017-07-01', '2017-06-30', null),
      task('no-deadline', null, null, null),
    ],
    r,
  );
  assert.deepEqual(ids(s.done), ['done-first-day', 'done-last-day-late']);
  assert.deepEqual(ids(s.doneLate), ['done-last-day-late']);
  assert.deepEqual(ids(s.overdue), ['done-after-end', 'due-before-never-done']);
});

test('an article names an organization by its name, its short name or its name without the ward', () => {
  const names = orgNames({ name: 'Hội Liên hiệp Phụ nữ phường', short_name: 'Hội LHPN' });
  assert.ok(mentions('Hội Liên hiệp Phụ nữ phường ra mắt mô hình "Phụ nữ tự quản"', names));
  assert.ok(mentions('HỘI LHPN sơ kết 6 tháng', names));
  assert.ok(mentions('Hoi Lien hiep Phu nu tổ chức hội thi', names));
  assert.ok(!mentions('Phụ nữ tự quản bảo vệ môi trường', names));
  assert.ok(!mentions('Hội LHPNX', names));
  const empty: Prefill = { tasks: { done: [], doneLate: [], overdue: [] }, meetings: [], conclusions: [], indicators: [], articles: [] };
  assert.equal(prefillNarrative(empty, 'en'), 'No task was completed in the period.');
});

test('a programme never approved is left out; a task outside any programme that the organization leads counts', async () => {
  const ccb = await orgOf(wardA, 'Hội CCB');
  const y2018 = { start: '2018-01-01', end: '2018-12-31' };
  const before = await prefillFor(t.db, A, ccb, y2018);
  const [draftTask, freeTask] = await runMaintenance(t.db, 'test.prefill', async (q) => {
    const pid = await insertProgramme(q, A, { org_id: ccb, year: 2018, title: 'Chương trình công tác năm 2018, chưa duyệt', source_ids: [] });
    const d = await insertTask(q, A, { programmeId: pid, parentId: null }, taskPlan({ title: 'Nhiệm vụ trong chương trình chưa duyệt', lead_org_id: ccb, start_on: '2018-02-01', due_on: '2018-03-31' }));
    const f = await insertTask(q, A, { programmeId: null, parentId: null }, taskPlan({ title: 'Nhiệm vụ từ kết luận, ngoài chương trình', lead_org_id: ccb, start_on: '2018-02-01', due_on: '2018-03-31' }));
    await q.updateTable('task').set({ done_on: '2018-04-05', progress_percent: 100 }).where('id', 'in', [d, f]).execute();
    return [d, f];
  });
  const after = await prefillFor(t.db, A, ccb, y2018);
  assert.deepEqual(ids(after.tasks.done), [...ids(before.tasks.done), freeTask].sort());
  assert.deepEqual(ids(after.tasks.doneLate), [...ids(before.tasks.doneLate), freeTask].sort());
  assert.ok(!JSON.stringify(after).includes(draftTask as string));
});

test('an indicator value reported before the period is not this period’s result', async () => {
  const lhpn = await orgOf(wardA, 'Hội LHPN');
  const y2017 = await prefillFor(t.db, A, lhpn, YEAR_2017);
  const reported = y2017.indicators.filter((i) => i.actual_value !== null);
  assert.ok(reported.length > 0, 'Hội LHPN reported indicator values in 2017');
  const y2025 = await prefillFor(t.db, A, lhpn, { start: '2025-01-01', end: '2025-12-31' });
  for (const i of reported) assert.ok(!y2025.indicators.some((x) => x.task_id === i.task_id), `${i.title}: its 2017 value is not repeated in 2025`);
  assert.doesNotMatch(prefillNarrative(y2025, 'vi'), /237\/300/u);
});
