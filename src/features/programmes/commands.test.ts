// Every write of programmes and sources under the write guard (platform/command.ts), on the
// database under test: the whole lifecycle — a programme, tasks and branch sub-tasks, submission,
// bulk approval, progress with evidence and its roll-up into the parent, amendment, return — runs
// on a handle with WriteGuardPlugin installed, so a write outside a command, before its access
// check or without an audit row fails here. Each formerly unaudited change has its audit row; the
// demo, the bench generator and the reminder runner write as named maintenance.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateTasks } from '../../../bench/programmes.ts';
import { createTestDb, type TestDb } from '../../../test/support/app.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { CommandViolation, WriteGuardPlugin } from '../../platform/command.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { loadDemo } from '../../demo/seed.ts';
import { createSource, updateSource } from '../sources/service.ts';
import { loadProgrammesDemo } from './demo.ts';
import { runReminders } from './reminders.ts';
import { markNotificationsRead } from '../notifications/service.ts';
import { taskPlan, type TaskPlan } from './schema.ts';
import * as svc from './service.ts';

let t: TestDb;
let db: Db; // the guarded handle
let wardA = '';
let wardB = '';
let pn = '';
let branches: string[] = [];
let mai = '';
const actors: Record<'office' | 'standing' | 'member', Actor> = {} as never;
const year = Number(todayInVietnam().slice(0, 4));

async function actorOf(username: string, role: Role, o: Partial<Actor> = {}): Promise<Actor> {
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, label: u.display_name, wardId: wardA, roles: new Set([role]), headOf: [], memberOf: [], ip: '127.0.0.1', ...o };
}

const plan = (title: string, lead: string, o: Partial<TaskPlan> = {}) =>
  taskPlan({
    title,
    description: 'Mỗi chi hội một buổi ra quân.',
    owner_person_id: mai,
    lead_org_id: lead,
    start_on: `${year}-01-01`,
    due_on: `${year}-12-31`,
    result_kind: 'deliverable',
    deliverable: 'Báo cáo',
    milestones: [{ month: `${year}-06`, planned_percent: 50, title: null }],
    ...o,
  });

async function audits(entityId: string, action: string) {
  const rows = await t.db.selectFrom('audit_event').select(['action', 'after_json', 'actor_label']).where('entity_id', '=', entityId).where('action', '=', action).orderBy('at').execute();
  return rows.map((r) => ({ ...r, after: JSON.parse(r.after_json ?? 'null') as Record<string, unknown> }));
}

const version = async (table: 'task' | 'programme', id: string) => (await t.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

before(async () => {
  t = await createTestDb();
  await loadDemo(t.db); // the fixture itself, unguarded
  db = t.db.withPlugin(new WriteGuardPlugin());
  wardA = (await t.db.selectFrom('unit').select('id').where('code', '=', 'DEMO-DONGTAM').executeTakeFirstOrThrow()).id;
  wardB = (await t.db.selectFrom('unit').select('id').where('code', '=', 'DEMO-VINHTUY').executeTakeFirstOrThrow()).id;
  pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  branches = (await t.db.selectFrom('organization').select('id').where('parent_id', '=', pn).orderBy('sort_order').limit(2).execute()).map((b) => b.id);
  mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
  actors.office = await actorOf('vanphong', 'office');
  actors.standing = await actorOf('thuongvu', 'standing');
  actors.member = await actorOf('hoivien', 'member', { memberOf: [pn] });
});
after(async () => {
  await t.handle.destroy();
  await t.drop();
});

test('the guard is on: a direct write to a programme table is refused', async () => {
  await assert.rejects(db.updateTable('task').set({ title: 'x' }).where('id', '=', 'nobody').execute(), CommandViolation);
});

test('the programme lifecycle runs under the write guard, each derived change with its own audit row', async () => {
  const { office, standing, member } = actors;
  // Sources: create and update are commands.
  const src = await createSource(db, office, { kind: 'ke_hoach', number: '12-KH/ĐU', issued_on: `${year}-01-05`, issuer: 'Đảng ủy phường', title: 'Kế hoạch thử dưới cơ chế bảo vệ ghi', theme_year: null });
  await updateSource(db, office, src, { kind: 'ke_hoach', number: '12-KH/ĐU', issued_on: `${year}-01-05`, issuer: 'Đảng ủy phường', title: 'Kế hoạch thử (sửa)', theme_year: null, version: 1 });
  assert.equal((await audits(src, 'source.update')).length, 1);
  await assert.rejects(createSource(db, member, { kind: 'ke_hoach', number: null, issued_on: `${year}-01-05`, issuer: null, title: 'Không được', theme_year: null }), { status: 403 });

  // A programme, two tasks, two branch sub-tasks under the first.
  const pid = await svc.createProgramme(db, office, { org_id: pn, year, title: `Chương trình thử năm ${year}`, source_ids: [src] });
  const parent = await svc.createTask(db, office, pid, plan('Ra quân vệ sinh môi trường', pn, { source_ids: [src] }));
  const other = await svc.createTask(db, office, pid, plan('Phát triển hội viên', pn));
  const kids = [];
  for (const [i, b] of branches.entries()) kids.push(await svc.createSubtask(db, office, parent, plan(`Ra quân tại chi hội ${i + 1}`, b)));
  assert.equal(kids.length, 2);
  // Creating a sub-task rolls up into the parent: a derived change, audited on the parent.
  const created = await audits(parent, 'task.rollup');
  assert.equal(created.length, 2);
  assert.equal(created[0]?.after.cause, 'task.create');
  assert.equal(created[0]?.after.task_id, kids[0]);

  // Submission and bulk approval: one audit row per task moved, naming the programme decision.
  await svc.submitProgramme(db, office, pid, { version: await version('programme', pid), comment: null });
  const tasks = [parent, other, ...kids];
  for (const id of tasks) assert.equal((await audits(id, 'task.submit'))[0]?.after.by, 'programme.submit', id);
  const v = await svc.approveProgramme(db, standing, pid, { version: await version('programme', pid), comment: 'Đồng ý' });
  assert.equal(v, 1);
  for (const id of tasks) {
    const rows = await audits(id, 'task.approve');
    assert.equal(rows.length, 1, id);
    assert.equal(rows[0]?.after.by, 'programme.approve');
    assert.equal(rows[0]?.after.approval, 'approved');
    assert.equal(rows[0]?.actor_label, standing.label);
  }
  assert.equal((await t.db.selectFrom('task').select('approval').where('id', 'in', tasks).where('approval', '!=', 'approved').execute()).length, 0);

  // Progress with evidence on a sub-task, by a member of the organization: rolled up into the parent.
  // Evidence as the upload routes hand it over: bytes already staged, the work_file row written in the command.
  const fileId = newId();
  const stored = {
    insert: async (q: Queryable) => {
      await q.insertInto('work_file').values({ id: fileId, ward_id: wardA, storage_key: `${wardA}/anh.png`, original_name: 'anh.png', content_type: 'image/png', size_bytes: 70, sha256: 'x', uploaded_by: member.userId, created_at: nowIso() }).execute();
      return [fileId];
    },
  };
  await svc.postProgress(db, member, kids[0] as string, { percent: 100, value: null, reported_on: null, note: 'Xong', actual_result: null, version: await version('task', kids[0] as string) }, stored);
  const files = await t.db.selectFrom('progress_file').innerJoin('progress_update', 'progress_update.id', 'progress_file.progress_id').select('progress_file.file_id').where('progress_update.task_id', '=', kids[0] as string).execute();
  assert.deepEqual(files.map((f) => f.file_id), [fileId]);
  const rolled = (await audits(parent, 'task.rollup')).at(-1);
  assert.equal(rolled?.after.cause, 'task.progress');
  assert.equal(rolled?.after.task_id, kids[0]);
  assert.equal(rolled?.after.progress_percent, 50);
  assert.equal((await t.db.selectFrom('task').select('progress_percent').where('id', '=', parent).executeTakeFirstOrThrow()).progress_percent, 50);

  // A task change moves the approved programme to amended: its own audit row, naming the cause.
  const p0 = await version('programme', pid);
  await svc.updateTask(db, office, other, { ...plan('Phát triển hội viên mới', pn), version: await version('task', other) });
  const amended = await audits(pid, 'programme.amend');
  assert.equal(amended.length, 1);
  assert.deepEqual({ status: amended[0]?.after.status, cause: amended[0]?.after.cause, task: amended[0]?.after.task_id }, { status: 'amended', cause: 'task.update', task: other });
  const p1 = await t.db.selectFrom('programme').select(['status', 'version']).where('id', '=', pid).executeTakeFirstOrThrow();
  assert.deepEqual(p1, { status: 'amended', version: p0 + 1 });
  // Another change to the amended programme bumps its version, with no second amend row.
  await svc.createTask(db, office, pid, plan('Việc bổ sung', pn));
  assert.equal((await audits(pid, 'programme.amend')).length, 1);

  // One task's own way: submit, return, submit, approve.
  await svc.submitTask(db, office, other, await version('task', other));
  await svc.returnTask(db, standing, other, { comment: 'Bổ sung chỉ tiêu', version: await version('task', other) });
  await svc.submitTask(db, office, other, await version('task', other));
  await svc.approveTask(db, standing, other, await version('task', other));
  assert.deepEqual(
    (await t.db.selectFrom('audit_event').select('action').where('entity_id', '=', other).where('action', 'in', ['task.submit', 'task.return', 'task.approve']).orderBy('at').execute()).map((a) => a.action),
    ['task.submit', 'task.approve', 'task.submit', 'task.return', 'task.submit', 'task.approve'],
  );

  // Programme update, submit and return: the return moves the submitted tasks back, one row each.
  await svc.updateProgramme(db, office, pid, { title: `Chương trình thử năm ${year} (sửa)`, source_ids: [], version: await version('programme', pid) });
  await svc.submitProgramme(db, office, pid, { version: await version('programme', pid), comment: null });
  await svc.returnProgramme(db, standing, pid, { comment: 'Làm rõ kết quả', version: await version('programme', pid) });
  const returned = await t.db.selectFrom('task').select('id').where('programme_id', '=', pid).where('approval', '=', 'returned').execute();
  assert.ok(returned.length > 0);
  for (const r of returned) assert.equal((await audits(r.id, 'task.return')).at(-1)?.after.by, 'programme.return');

  // A refused command writes nothing.
  const before = await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await assert.rejects(svc.createTask(db, member, pid, plan('Không được', pn)), { status: 403 });
  await assert.rejects(svc.approveProgramme(db, office, pid, { version: await version('programme', pid), comment: null }), { status: 403 });
  const afterRefusal = await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(afterRefusal.n), Number(before.n));
});

test('reminders, notifications, the demo and the bench generator write as named maintenance, under the guard', async () => {
  const audited = async () => Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const n0 = await audited();
  const run = await runReminders(db, { smtpUrl: undefined }, new Date(`${year}-06-28T02:00:00Z`));
  assert.ok(run.considered >= 0);
  await markNotificationsRead(db, actors.member, null);
  assert.equal(await audited(), n0, 'delivery records are not audited');
  const ids = await generateTasks(db, wardB, 2031, 5);
  assert.equal(ids.length, 5);
  await loadProgrammesDemo(db, wardB);
  assert.ok((await t.db.selectFrom('programme').select('id').where('ward_id', '=', wardB).where('year', '=', 2017).execute()).length > 0);
});
