import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DB_KIND, startTestApp, type TestApp } from '../../../test/support/app.ts';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.ts';
import { openDb } from '../../db/index.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import { inTx } from '../../platform/tx.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import { insertProgramme, insertTask } from './service.ts';
import { isoWeek, runReminders } from './reminders.ts';
import { addDays } from './status.ts';
import { taskPlan } from './schema.ts';

let t: TestApp;
let smtp: TestSmtp;
let smtpUrl = '';
let taskId = '';
const now = new Date();
const today = todayInVietnam(now);

before(async () => {
  t = await startTestApp();
  smtp = await startSmtp();
  smtpUrl = smtp.url;
  // Lê Thị Mai (the member account) owns a task due in two days, with a milestone tomorrow.
  const a = systemActor(t.wardA, 'Kiểm thử');
  const pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  const mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
  await runMaintenance(t.db, 'test.fixture', (m) => m.updateTable('person').set({ email: 'mai@example.test' }).where('id', '=', mai).execute());
  taskId = await inTx(t.db, (tx) => runMaintenance(tx, 'test.fixture', async (trx) => {
    const pid = await insertProgramme(trx, a, { org_id: pn, year: Number(today.slice(0, 4)) + 1, title: 'Chương trình thử nhắc việc', source_ids: [] });
    return insertTask(
      trx,
      a,
      { programmeId: pid, parentId: null },
      taskPlan({
        title: 'Nộp báo cáo sơ kết',
        description: 'x',
        owner_person_id: mai,
        lead_org_id: pn,
        start_on: addDays(today, -20),
        due_on: addDays(today, 2),
        result_kind: 'deliverable',
        deliverable: 'Báo cáo',
        milestones: [{ month: addDays(today, 1).slice(0, 7), planned_percent: 50, title: null }],
      }),
      { approval: 'approved' },
    );
  }));
  // The milestone's date is the end of its month, or the deadline when sooner.
  await runMaintenance(t.db, 'test.fixture', (m) => m.updateTable('milestone').set({ due_on: addDays(today, 1) }).where('task_id', '=', taskId).execute());
});
after(async () => {
  await smtp.close();
  await t.close();
});

const mineFor = async (userId: string) => t.db.selectFrom('notification').select(['kind', 'message', 'task_id']).where('user_id', '=', userId).execute();

test('reminders before a milestone and a deadline, and the weekly digest: in the app and by email, once', async () => {
  const user = (await t.db.selectFrom('app_user').select('id').where('username', '=', 'hoivien').executeTakeFirstOrThrow()).id;
  const first = await runReminders(t.db, { smtpUrl }, now);
  assert.ok(first.sent >= 3, JSON.stringify(first));
  assert.equal(first.emailErrors, 0);
  const mine = await mineFor(user);
  const kinds = mine.map((n) => n.kind).sort();
  assert.deepEqual(kinds, ['deadline_soon', 'digest', 'milestone_soon']);
  assert.match(mine.find((n) => n.kind === 'deadline_soon')?.message ?? '', /Nhiệm vụ «Nộp báo cáo sơ kết» đến hạn ngày/);
  const toMai = smtp.mails.filter((m) => m.to === 'mai@example.test');
  assert.equal(toMai.length, 3);
  assert.ok(toMai.some((m) => /Subject: =\?UTF-8\?/i.test(m.raw)));
  // The page shows them.
  const c = t.client();
  await c.login('hoivien');
  const page = await c.get('/app/notifications');
  assert.match(page.text, /Nộp báo cáo sơ kết/);

  // Again, and from a second instance (at the same time on PostgreSQL; SQLite serves one
  // instance, whose synchronous driver would block one process's two handles on each other).
  const other = openDb(t.url, { poolSize: 2 });
  try {
    const again = () => runReminders(t.db, { smtpUrl }, now);
    const fromOther = () => runReminders(other.db, { smtpUrl }, now);
    const [a, b] = DB_KIND === 'postgres' ? await Promise.all([again(), fromOther()]) : [await again(), await fromOther()];
    assert.equal(a.sent + b.sent, 0);
  } finally {
    await other.destroy();
  }
  assert.equal((await mineFor(user)).length, 3);
  assert.equal(smtp.mails.filter((m) => m.to === 'mai@example.test').length, 3);
  const keys = await t.db.selectFrom('reminder_sent').select(['kind', 'bucket']).where('user_id', '=', user).execute();
  assert.ok(keys.some((k) => k.kind === 'digest' && k.bucket === isoWeek(today)));
});

test('becoming overdue is told once; without SMTP_URL only in the app', async () => {
  const user = (await t.db.selectFrom('app_user').select('id').where('username', '=', 'hoivien').executeTakeFirstOrThrow()).id;
  const later = new Date(now.getTime() + 3 * 86400000);
  const before = smtp.mails.length;
  const r = await runReminders(t.db, { smtpUrl: undefined }, later);
  assert.ok(r.sent >= 1);
  assert.equal(r.emailed, 0);
  assert.equal(smtp.mails.length, before);
  const overdue = (await mineFor(user)).filter((n) => n.kind === 'overdue');
  assert.equal(overdue.length, 1);
  assert.match(overdue[0]?.message ?? '', /đã quá hạn/);
  await runReminders(t.db, { smtpUrl: undefined }, new Date(later.getTime() + 3600_000));
  assert.equal((await mineFor(user)).filter((n) => n.kind === 'overdue').length, 1);
  assert.equal(isoWeek('2017-02-13'), '2017-W07');
  assert.equal(isoWeek('2021-01-03'), '2020-W53');
});
