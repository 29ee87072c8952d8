// Report reminders: the heads of an organization whose report is not sent are told before the due
// date and, once a week, after it; never twice for one reminder, also with two instances running at
// once; e-mail to the heads with an address. Real SMTP server, SQLite and PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.ts';
import { openDb } from '../../db/index.ts';
import type { Actor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import { addDays, todayInVietnam } from '../../lib/vi/index.ts';
import { createRequest } from './requests.ts';
import { saveDraft, submitReport } from './submissions.ts';
import { runReportReminders } from './reminders.ts';

let t: TestApp;
let smtp: TestSmtp;
let smtpUrl = '';
let office: Actor;
let orgs: Map<string, string>;

before(async () => {
  t = await startTestApp();
  smtp = await startSmtp();
  smtpUrl = smtp.url;
  orgs = new Map((await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).execute()).map((o) => [o.short_name ?? '', o.id]));
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'vanphong').executeTakeFirstOrThrow();
  office = { userId: u.id, label: u.display_name, wardId: t.wardA, roles: new Set(['office']), headOf: [], memberOf: [], ip: null };
  // The head of Hội LHPN (phunu) gets an address through a person of the register.
  const ha = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Trần Thị Thu Hà').executeTakeFirst())?.id;
  await runMaintenance(t.db, 'test.fixture', async (m) => {
    if (ha) await m.updateTable('person').set({ email: 'ha@example.test' }).where('id', '=', ha).execute();
    await m.updateTable('app_user').set({ person_id: ha ?? null }).where('username', '=', 'phunu').execute();
  });
  assert.ok(ha, 'the demo has Trần Thị Thu Hà');
});
after(async () => {
  await t.close();
  await smtp.close();
});

const O = (s: string) => orgs.get(s) ?? assert.fail(s);

test('due soon once, overdue once a week, nobody twice even with two instances; a sent report stops the reminders', async () => {
  const today = todayInVietnam();
  const monthly = (await t.db.selectFrom('report_form').select('id').where('code', '=', 'monthly').where('ward_id', 'is', null).executeTakeFirstOrThrow()).id;
  const month = `${today.slice(0, 4)}${today.slice(5, 7)}`;
  const { id } = await createRequest(t.db, office, { form_id: monthly, period_id: month, due_on: addDays(today, 2), title: 'Báo cáo tháng về công tác dân vận, vận động quần chúng và xây dựng nếp sống văn minh đô thị ở khu dân cư', note: null, issuer_org_id: O('Đảng ủy'), meeting_id: null, org_ids: [O('Hội LHPN'), O('Đoàn TN')] });
  const first = await runReportReminders(t.db, { smtpUrl });
  assert.ok(first.notified >= 1, JSON.stringify(first));
  assert.equal(first.emailed, 1);
  const mail = smtp.mails.find((m) => m.to === 'ha@example.test') ?? assert.fail('no mail to the head');
  assert.match(mail.raw, /\/app\/reports\/submissions\/|h=E1=BA=A1n|hạn/u);
  // Two instances at once, again: nothing new.
  const other = openDb(t.url, { poolSize: 2 });
  try {
    const [a, b] = await Promise.all([runReportReminders(t.db, { smtpUrl }), runReportReminders(other.db, { smtpUrl })]);
    assert.equal(a.notified + b.notified, 0);
  } finally {
    await other.destroy();
  }
  const soon = await t.db.selectFrom('notification').select(['user_id', 'dedupe_key']).where('dedupe_key', 'like', `report:%:due_soon`).where('link', 'like', '/app/reports/submissions/%').execute();
  assert.equal(new Set(soon.map((n) => `${n.user_id} ${n.dedupe_key}`)).size, soon.length);

  // Ten days later, overdue: one reminder for the week, then none the same week.
  const later = new Date(Date.now() + 10 * 86_400_000);
  const overdue = await runReportReminders(t.db, { smtpUrl: undefined }, later);
  assert.ok(overdue.notified >= 1);
  assert.equal((await runReportReminders(t.db, { smtpUrl: undefined }, later)).notified, 0);

  // The next week, still not sent: reminded again (a new week's key).
  const week2 = new Date(later.getTime() + 7 * 86_400_000);
  assert.ok((await runReportReminders(t.db, { smtpUrl: undefined }, week2)).notified >= 1);
  // Hội LHPN sends its report: no reminder for it the week after.
  const s = await t.db.selectFrom('report_submission').selectAll().where('request_id', '=', id).where('org_id', '=', O('Hội LHPN')).executeTakeFirstOrThrow();
  const count = async () => (await t.db.selectFrom('notification').select('id').where('link', '=', `/app/reports/submissions/${s.id}`).where('kind', '=', 'report_overdue').execute()).length;
  assert.equal(await count(), 2);
  await saveDraft(t.db, office, s.id, { sections: { results: 'Đã làm.' }, indicators: {}, version: s.version });
  await submitReport(t.db, office, s.id, s.version + 1);
  await runReportReminders(t.db, { smtpUrl: undefined }, new Date(week2.getTime() + 7 * 86_400_000));
  assert.equal(await count(), 2);
});
