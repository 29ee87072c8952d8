// Hand-off notifications (issue 11 items 2 and 5, D50), on the database under test: each hand-off
// tells exactly the right users once (a retried command does not double, the actor is never told),
// the submitter gets the return with its comment, e-mail arrives at a real SMTP server with an
// unbroken Vietnamese subject and an absolute link, the digest goes once a day per user across two
// handles on one database, and a branch's programme goes to its parent association's head.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, PG_URL, type TestDb } from '../../../test/support/app.ts';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.ts';
import { openDb, type DbHandle } from '../../db/index.ts';
import { newId, nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Role } from '../../platform/auth/roles.ts';
import { runMaintenance } from '../../platform/command.ts';
import { loadDemo } from '../../demo/seed.ts';
import { taskPlan } from '../programmes/schema.ts';
import * as prog from '../programmes/service.ts';
import { approverOf } from '../programmes/access.ts';
import { deliverPendingMail, runMailDigest, setMailMode, shortenAtWord } from './service.ts';

let t: TestDb;
let other: DbHandle;
let smtp: TestSmtp;
let wardA = '';
let pn = '';
let branch = '';
let mai = '';
const year = 2031;
const users: Record<string, string> = {};
const actors: Record<string, Actor> = {};

async function actorOf(username: string, role: Role, o: Partial<Actor> = {}): Promise<Actor> {
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', username).executeTakeFirstOrThrow();
  users[username] = u.id;
  return { userId: u.id, label: u.display_name, wardId: wardA, roles: new Set([role]), headOf: [], memberOf: [], ip: '127.0.0.1', ...o };
}

const plan = (title: string, lead: string) =>
  taskPlan({ title, description: 'Mỗi chi hội một buổi ra quân.', owner_person_id: mai, lead_org_id: lead, start_on: `${year}-01-01`, due_on: `${year}-12-31`, result_kind: 'deliverable', deliverable: 'Báo cáo', milestones: [{ month: `${year}-06`, planned_percent: 50, title: null }] });

const notes = (userId: string, kind?: string) => {
  let q = t.db.selectFrom('notification').select(['kind', 'message', 'link', 'dedupe_key']).where('user_id', '=', userId);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('created_at').execute();
};

/** RFC 2047 words and quoted-printable, enough to read what nodemailer sent. */
function decodeMail(raw: string): { subject: string; body: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subject = (/^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
  const bodyRaw = rest.join('\n\n');
  const body = /quoted-printable/i.test(head)
    ? Buffer.from(bodyRaw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
    : /base64/i.test(head)
      ? Buffer.from(bodyRaw.replace(/\s+/g, ''), 'base64').toString('utf8')
      : bodyRaw;
  return { subject, body };
}

before(async () => {
  t = await createTestDb({ demo: true });
  if (!PG_URL) await loadDemo(t.db);
  other = openDb(t.url, { poolSize: 3 }); // a second instance on the same database
  smtp = await startSmtp();
  wardA = (await t.db.selectFrom('unit').select('id').where('code', '=', 'DEMO-DONGTAM').executeTakeFirstOrThrow()).id;
  pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  branch = (await t.db.selectFrom('organization').select('id').where('parent_id', '=', pn).where('kind', '=', 'branch').orderBy('sort_order').limit(1).executeTakeFirstOrThrow()).id;
  mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
  actors.head = await actorOf('phunu', 'org_head', { headOf: [pn] });
  actors.standing = await actorOf('thuongvu', 'standing');
  actors.member = await actorOf('hoivien', 'member', { memberOf: [pn] });
  // A branch head (Chi hội trưởng) with an account, and e-mail addresses for everyone.
  const branchUser = newId();
  const linked = (await t.db.selectFrom('app_user').select('person_id').where('person_id', 'is not', null).execute()).map((u) => u.person_id as string);
  const people = await t.db.selectFrom('person').select('id').where('ward_id', '=', wardA).where('id', 'not in', linked).orderBy('id').limit(2).execute();
  await runMaintenance(t.db, 'test.fixture', async (q) => {
    await q.insertInto('app_user').values({ id: branchUser, username: 'chihoi3', display_name: 'Chi hội trưởng', password_hash: 'x', home_ward_id: wardA, person_id: people[1]?.id ?? null, created_at: nowIso(), updated_at: nowIso() }).execute();
    await q.insertInto('role_grant').values({ id: newId(), user_id: branchUser, role: 'org_head', unit_id: wardA, org_id: branch, created_at: nowIso() }).execute();
    await q.updateTable('app_user').set({ person_id: people[0]?.id ?? null }).where('id', '=', users.phunu as string).execute();
    await q.updateTable('person').set({ email: 'phunu@example.vn' }).where('id', '=', people[0]?.id as string).execute();
    await q.updateTable('person').set({ email: 'chihoi3@example.vn' }).where('id', '=', people[1]?.id as string).execute();
    const dung = await q.selectFrom('app_user').select('person_id').where('username', '=', 'thuongvu').executeTakeFirstOrThrow();
    await q.updateTable('person').set({ email: 'thuongvu@example.vn' }).where('id', '=', dung.person_id as string).execute();
  });
  actors.branch = await actorOf('chihoi3', 'org_head', { headOf: [branch] });
});
after(async () => {
  await smtp.close();
  await other.destroy();
  await t.handle.destroy();
  await t.drop();
});

test('a subject is shortened at a word boundary with "…", never inside a Vietnamese word', () => {
  const long = 'Hội Liên hiệp Phụ nữ phường Đồng Tâm trình duyệt chương trình «Tổ chức các hoạt động kỷ niệm ngày Quốc tế Phụ nữ mùng tám tháng ba và tuyên truyền phòng chống bạo lực gia đình trên địa bàn các tổ dân phố»';
  for (const max of [20, 37, 60, 80, 110]) {
    const s = shortenAtWord(long, max);
    assert.ok(s.length <= max, `${max}: ${s}`);
    assert.ok(s.endsWith('…'));
    const head = s.slice(0, -1);
    assert.ok(long.startsWith(head), s);
    assert.match(long.slice(head.length), /^[\s,;:.«]/u, `cut inside a word at ${max}: ${s}`);
  }
  assert.equal(shortenAtWord('Chương trình ngắn', 80), 'Chương trình ngắn');
});

test('submit tells the Standing Committee once; the owner hears of the assignment; the actor hears nothing', async () => {
  const pid = await prog.createProgramme(t.db, actors.head as Actor, { org_id: pn, year, title: 'Chương trình công tác năm 2031 của Hội LHPN phường', source_ids: [] });
  const tid = await prog.createTask(t.db, actors.head as Actor, pid, plan('Ra quân vệ sinh môi trường khu dân cư', pn));
  const assigned = await notes(users.hoivien as string, 'task_assigned');
  assert.equal(assigned.length, 1);
  assert.equal(assigned[0]?.link, `/app/tasks/${tid}`);
  const v = (await t.db.selectFrom('programme').select('version').where('id', '=', pid).executeTakeFirstOrThrow()).version;
  const r = await prog.submitProgramme(t.db, actors.head as Actor, pid, { comment: null, version: v });
  assert.equal(r.to, 'Ban Thường vụ');
  // The retried command is refused and notifies nobody again.
  await assert.rejects(prog.submitProgramme(t.db, actors.head as Actor, pid, { comment: null, version: v }));
  const sc = await notes(users.thuongvu as string, 'programme_submitted');
  assert.equal(sc.length, 1);
  assert.match(sc[0]?.message ?? '', /trình duyệt chương trình «Chương trình công tác năm 2031/);
  assert.equal(sc[0]?.link, `/app/programmes/${pid}`);
  assert.equal((await notes(users.phunu as string)).filter((n) => n.dedupe_key?.includes(pid)).length, 0, 'the actor is not told of its own action');
  assert.equal((await notes(users.chihoi3 as string)).length, 0);

  // Return with the comment: the submitter (and the organization's heads) hear it, with the comment; the Standing Committee does not.
  const v2 = (await t.db.selectFrom('programme').select('version').where('id', '=', pid).executeTakeFirstOrThrow()).version;
  const back = await prog.returnProgramme(t.db, actors.standing as Actor, pid, { comment: 'Bổ sung kinh phí cho từng hoạt động', version: v2 });
  assert.match(back.to, /Hội Liên hiệp Phụ nữ|Hội LHPN/);
  const told = await notes(users.phunu as string, 'programme_returned');
  assert.equal(told.length, 1);
  assert.match(told[0]?.message ?? '', /bị trả lại\. Ý kiến: Bổ sung kinh phí cho từng hoạt động/);
  assert.equal((await notes(users.thuongvu as string, 'programme_returned')).length, 0);
  assert.equal((await notes(users.hoivien as string)).filter((n) => n.dedupe_key?.includes(pid) || n.dedupe_key?.includes(tid)).length, 1, 'a member hears only of the task given to her');
});

test('e-mail: immediate mail once across two instances, unbroken Vietnamese subject, absolute link', async () => {
  const config = { smtpUrl: smtp.url, publicUrl: 'https://dongtam.example.vn' };
  const [a, b] = await Promise.all([deliverPendingMail(t.db, config), deliverPendingMail(other.db, config)]);
  assert.equal(a.sent + b.sent, smtp.mails.length);
  const toHead = smtp.mails.filter((m) => m.to === 'phunu@example.vn').map((m) => decodeMail(m.raw));
  assert.equal(toHead.length, 1, 'the return, once');
  const mail = toHead[0] as { subject: string; body: string };
  assert.match(mail.subject, /^\[RõViệc\] Chương trình «Chương trình công tác năm 2031/);
  const text = mail.subject.replace(/^\[RõViệc\] /, '').replace(/…$/, '');
  assert.ok(told().startsWith(text), `subject cut inside a word: ${mail.subject}`);
  assert.match(mail.body, /Bổ sung kinh phí cho từng hoạt động/);
  assert.match(mail.body, /https:\/\/dongtam\.example\.vn\/app\/programmes\/[0-9a-f-]{36}/);
  const n = smtp.mails.length;
  await deliverPendingMail(other.db, config);
  await deliverPendingMail(t.db, config);
  assert.equal(smtp.mails.length, n, 'nothing mailed twice');
  function told() {
    return 'Chương trình «Chương trình công tác năm 2031 của Hội LHPN phường» bị trả lại. Ý kiến: Bổ sung kinh phí cho từng hoạt động';
  }
});

test('the daily digest: once per user and day across two instances, only after the digest hour', async () => {
  await setMailMode(t.db, actors.standing as Actor, 'digest');
  await assert.rejects(setMailMode(t.db, actors.standing as Actor, 'weekly'), /Validation|400|notifs/i);
  const config = { smtpUrl: smtp.url, publicUrl: 'https://dongtam.example.vn', digestHour: 7 };
  const n0 = smtp.mails.length;
  const early = new Date(Date.now());
  early.setUTCHours(23, 30, 0, 0); // 06:30 in Vietnam, the next day
  const none = await runMailDigest(t.db, config, early);
  assert.equal(none.users, 0);
  const at8 = new Date(early.getTime() + 90 * 60_000); // 08:00 in Vietnam
  const [a, b] = await Promise.all([runMailDigest(t.db, config, at8), runMailDigest(other.db, config, at8)]);
  assert.equal(a.users + b.users, 1);
  const digests = smtp.mails.slice(n0).filter((m) => m.to === 'thuongvu@example.vn').map((m) => decodeMail(m.raw));
  assert.equal(digests.length, 1);
  assert.match(digests[0]?.subject ?? '', /^\[RõViệc\] Tóm tắt thông báo ngày \d{2}\/\d{2}\/\d{4}: 1 thông báo chưa đọc$/);
  assert.match(digests[0]?.body ?? '', /trình duyệt chương trình/);
  const again = await runMailDigest(other.db, config, new Date(at8.getTime() + 3 * 3600_000));
  assert.equal(again.users, 0, 'once a day');
});

test("a branch's programme goes to its parent association's head, not to the Standing Committee", async () => {
  assert.deepEqual((await approverOf(t.db, wardA, pn)).kind, 'standing');
  assert.equal((await approverOf(t.db, wardA, branch)).kind, 'association');
  const pid = await prog.createProgramme(t.db, actors.branch as Actor, { org_id: branch, year, title: 'Chương trình của chi hội', source_ids: [] });
  await prog.createTask(t.db, actors.branch as Actor, pid, plan('Thăm hỏi hội viên khó khăn', branch));
  const version = async () => (await t.db.selectFrom('programme').select('version').where('id', '=', pid).executeTakeFirstOrThrow()).version;
  const r = await prog.submitProgramme(t.db, actors.branch as Actor, pid, { comment: null, version: await version() });
  assert.match(r.to, /Phụ nữ|LHPN/);
  assert.equal((await notes(users.phunu as string, 'programme_submitted')).length, 1, 'the association head is told');
  assert.equal((await notes(users.thuongvu as string, 'programme_submitted')).length, 1, 'the Standing Committee is not told again (only the first programme)');
  await assert.rejects(prog.approveProgramme(t.db, actors.standing as Actor, pid, { comment: null, version: await version() }), (e: { status?: number }) => e.status === 403);
  await prog.approveProgramme(t.db, actors.head as Actor, pid, { comment: 'Đồng ý', version: await version() });
  const ok = await notes(users.chihoi3 as string, 'programme_approved');
  assert.equal(ok.length, 1);
  assert.match(ok[0]?.message ?? '', /đã được phê duyệt \(bản 1\)\. Ý kiến: Đồng ý/);
  // The other way: the association's own programme is the Standing Committee's to approve, not its head's.
  const own = (await t.db.selectFrom('programme').select(['id', 'version']).where('org_id', '=', pn).where('year', '=', year).executeTakeFirstOrThrow());
  await assert.rejects(prog.approveProgramme(t.db, actors.head as Actor, own.id, { comment: null, version: own.version }), (e: { status?: number }) => e.status === 403);
});
