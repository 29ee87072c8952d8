import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { startSmtp, type TestSmtp } from '../../../test/support/smtp.ts';
import { buildApp } from '../../app.ts';
import { openDb } from '../../db/index.ts';
import { FEATURE_COMMANDS } from '../../cli/registry.ts';
import { systemActor } from '../../platform/actor.ts';
import { hashToken } from '../../platform/auth/tokens.ts';
import { runMaintenance } from '../../platform/command.ts';
import { inviteUser } from './invite.ts';

let t: TestApp;
let smtp: TestSmtp;
let lhpn: string;

before(async () => {
  smtp = await startSmtp();
  t = await startTestApp({ config: { smtpUrl: smtp.url, publicUrl: 'https://roviec.example.vn' } });
  lhpn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
});
after(async () => {
  await t.close();
  await smtp.close();
});

async function as(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}

/** A person of ward A made through the people page (a membership of Hội LHPN, an e-mail). */
async function newPerson(c: Client, fullName: string, email = ''): Promise<string> {
  const res = await c.post('/app/people', { full_name: fullName, email, birth_date: '12/03/1990', membership_org_id: lhpn, membership_start_on: '01/01/2024' });
  assert.equal(res.status, 303, res.text.slice(0, 1500));
  return /\/app\/people\/([0-9a-f-]{36})/.exec(res.location ?? '')?.[1] as string;
}

const linkIn = (html: string) => /<textarea id="invite-url"[^>]*>\s*https:\/\/roviec\.example\.vn\/activate\/([A-Za-z0-9_-]+)\s*<\/textarea>/.exec(html)?.[1];
const count = async (table: 'app_user' | 'user_invite' | 'role_grant') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** RFC 2047 words and quoted-printable, enough to read what nodemailer sent. */
function decodeMail(raw: string): { subject: string; body: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectRaw = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectRaw
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

test('invite → link shown once → activate → sign in; the link works once (410 after), nothing stored in clear', async () => {
  const admin = await as('quantri');
  const personId = await newPerson(admin, 'Trần Thị Thu Hà');
  const person = await admin.get(`/app/people/${personId}`);
  assert.match(person.text, new RegExp(`href="/app/users/invite\\?person_id=${personId}"`));

  const form = await admin.get(`/app/users/invite?person_id=${personId}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /name="username"[^>]*value="tran\.thi\.thu\.ha"|value="tran\.thi\.thu\.ha"[^>]*name="username"/);
  assert.match(form.text, /Hội Liên hiệp Phụ nữ phường \(Tổ chức của người này\)/);
  for (const name of ['person_id', 'username', 'role', 'org_id', 'email']) assert.match(form.text, new RegExp(`name="${name}"`));

  // An org-scoped role without an organization: 400, nothing written.
  const before = await Promise.all([count('app_user'), count('user_invite'), count('role_grant')]);
  const bad = await admin.post('/app/users/invite', { person_id: personId, username: 'tran.thi.thu.ha', role: 'org_head', org_id: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Vai trò này cần chọn tổ chức/);
  assert.deepEqual(await Promise.all([count('app_user'), count('user_invite'), count('role_grant')]), before);

  const res = await admin.post('/app/users/invite', { person_id: personId, username: 'tran.thi.thu.ha', role: 'org_head', org_id: lhpn, email: '' });
  assert.equal(res.status, 200, res.text.slice(0, 1500));
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.match(res.text, /qua Zalo\/SMS hoặc in ra/);
  const token = linkIn(res.text);
  assert.ok(token, 'the page shows the activation link');
  const user = await t.db.selectFrom('app_user').select(['id', 'password_hash', 'person_id', 'display_name']).where('username', '=', 'tran.thi.thu.ha').executeTakeFirstOrThrow();
  assert.equal(user.person_id, personId);
  assert.equal(user.display_name, 'Trần Thị Thu Hà');
  assert.match(user.password_hash, /^!/, 'no usable password');
  const invite = await t.db.selectFrom('user_invite').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
  assert.equal(invite.token_hash, hashToken(token));
  assert.equal(invite.ward_id, t.wardA);
  const days = (Date.parse(invite.expires_at) - Date.parse(invite.created_at)) / 86_400_000;
  assert.equal(days, 7);
  const audit = await t.db.selectFrom('audit_event').select(['action', 'after_json']).where('entity_id', '=', user.id).orderBy('at').execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['user.create', 'user.grant', 'user.invite_link'],
  );
  assert.doesNotMatch(JSON.stringify(audit), new RegExp(token));
  // The account page says it waits for activation; the link is not shown there again.
  const page = await admin.get(`/app/users/${user.id}`);
  assert.match(page.text, /Chưa kích hoạt/);
  assert.doesNotMatch(page.text, new RegExp(token));

  // Before activation no password signs in.
  const u = t.client();
  assert.equal((await u.login('tran.thi.thu.ha', 'bat-ky-mat-khau')).status, 401);

  const anon = t.client();
  const open = await anon.get(`/activate/${token}`);
  assert.equal(open.status, 200);
  assert.match(open.text, /Trần Thị Thu Hà/);
  assert.match(open.text, /name="password"/);
  assert.match(open.text, /name="password_confirm"/);
  assert.equal(open.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(open.headers.getSetCookie().length, 0, 'no session before the form is posted');
  const mismatch = await anon.post(`/activate/${token}`, { password: 'mat-khau-rieng-1', password_confirm: 'mat-khau-rieng-2' }, { csrf: false });
  assert.equal(mismatch.status, 400);
  assert.doesNotMatch(mismatch.text, /mat-khau-rieng/);
  const short = await anon.post(`/activate/${token}`, { password: 'ngan', password_confirm: 'ngan' }, { csrf: false });
  assert.equal(short.status, 400);
  assert.match(short.text, /ít nhất 10 ký tự/);
  const done = await anon.post(`/activate/${token}`, { password: 'mat-khau-rieng-1', password_confirm: 'mat-khau-rieng-1' }, { csrf: false });
  assert.equal(done.status, 303);
  assert.equal(done.location, '/login?ok=activated');
  assert.match((await anon.get('/login?ok=activated')).text, /Đã kích hoạt tài khoản\. Hãy đăng nhập\./);

  assert.equal((await u.login('tran.thi.thu.ha', 'mat-khau-rieng-1')).status, 302);
  assert.equal((await u.get('/app/people')).status, 200);

  // Once only.
  const again = await t.client().get(`/activate/${token}`);
  assert.equal(again.status, 410);
  assert.match(again.text, /đã được dùng/);
  const againPost = await t.client().post(`/activate/${token}`, { password: 'mat-khau-khac-99', password_confirm: 'mat-khau-khac-99' }, { csrf: false });
  assert.equal(againPost.status, 410);
  assert.equal((await u.login('tran.thi.thu.ha', 'mat-khau-rieng-1')).status, 302);
  assert.ok((await t.db.selectFrom('audit_event').select('id').where('entity_id', '=', user.id).where('action', '=', 'user.activate').executeTakeFirst()) !== undefined);

  // The same person again: refused with a link to the account, nothing written.
  const twice = await admin.get(`/app/users/invite?person_id=${personId}`);
  assert.match(twice.text, /Người này đã có tài khoản/);
  assert.match(twice.text, new RegExp(`href="/app/users/${user.id}"`));
  const n = await count('app_user');
  const dup = await admin.post('/app/users/invite', { person_id: personId, username: 'tran.thi.thu.ha2', role: 'editor' });
  assert.equal(dup.status, 400);
  assert.match(dup.text, /Người này đã có tài khoản/);
  assert.equal(await count('app_user'), n);

  // The administrator's reset is a new link: the old password stops at once.
  const reset = await admin.post(`/app/users/${user.id}/invite`);
  assert.equal(reset.status, 200);
  const resetToken = linkIn(reset.text);
  assert.ok(resetToken);
  assert.equal((await t.client().login('tran.thi.thu.ha', 'mat-khau-rieng-1')).status, 401);
  assert.equal((await u.get('/app/people')).status, 302, 'the old session ended');
  const second = await admin.post(`/app/users/${user.id}/invite`);
  const secondToken = linkIn(second.text) as string;
  const revoked = await t.client().get(`/activate/${resetToken}`);
  assert.equal(revoked.status, 410);
  assert.match(revoked.text, /liên kết mới hơn/);
  assert.equal((await t.client().post(`/activate/${secondToken}`, { password: 'mat-khau-moi-22', password_confirm: 'mat-khau-moi-22' }, { csrf: false })).status, 303);
  assert.equal((await t.client().login('tran.thi.thu.ha', 'mat-khau-moi-22')).status, 302);
});

test('an expired link is 410; an unknown token is 404 and tells nothing about accounts; guesses are throttled per IP', async () => {
  const admin = await as('quantri');
  const personId = await newPerson(admin, 'Phan Văn Hết Hạn');
  const actor = systemActor(t.wardA, 'Kiểm thử');
  const made = await inviteUser(t.db, actor, { person_id: personId, username: 'phan.het.han', role: 'editor', org_id: null, email: null }, new Date(Date.now() - 8 * 86_400_000));
  const expired = await t.client().get(`/activate/${made.token}`);
  assert.equal(expired.status, 410);
  assert.match(expired.text, /đã hết hạn/);
  assert.match(expired.text, /quản trị viên tài khoản của Phường Đồng Tâm/);
  assert.doesNotMatch(expired.text, /phan\.het\.han|Phan Văn Hết Hạn/);
  assert.equal((await t.client().post(`/activate/${made.token}`, { password: 'mat-khau-rieng-1', password_confirm: 'mat-khau-rieng-1' }, { csrf: false })).status, 410);

  const c = t.client();
  for (const bad of ['A'.repeat(43), 'khong-co-that', made.token.slice(0, -1) + (made.token.endsWith('A') ? 'B' : 'A')]) {
    const res = await c.get(`/activate/${bad}`);
    assert.equal(res.status, 404);
    assert.match(res.text, /Liên kết kích hoạt không đúng/);
    assert.doesNotMatch(res.text, /phan\.het\.han|Phan Văn|Đồng Tâm<\/p>/);
    assert.equal(res.headers.getSetCookie().length, 0);
  }
  // 30 guesses per IP in 15 minutes (the login throttle's per-IP limit), then 429 for any token.
  let status = 0;
  for (let i = 0; i < 30 && status !== 429; i++) status = (await c.get(`/activate/${'G'.repeat(40)}${i}`)).status;
  assert.equal(status, 429);
  assert.match((await c.get(`/activate/${made.token}`)).text, /Quá nhiều lần thử/);
  await runMaintenance(t.db, 'test.throttle-reset', (q) => q.deleteFrom('login_throttle').execute());
});

test('only administrators invite: 403 on GET and POST for other roles', async () => {
  const admin = await as('quantri');
  const personId = await newPerson(admin, 'Đỗ Thị Quyền');
  for (const who of ['vanphong', 'phunu', 'bientap']) {
    const c = await as(who);
    assert.equal((await c.get(`/app/users/invite?person_id=${personId}`)).status, 403, who);
    assert.equal((await c.get('/app/users/invite')).status, 403, who);
    assert.equal((await c.post('/app/users/invite', { person_id: personId, username: 'do.thi.quyen', role: 'admin' })).status, 403, who);
    const vp = await t.db.selectFrom('app_user').select('id').where('username', '=', 'vanphong').executeTakeFirstOrThrow();
    assert.equal((await c.post(`/app/users/${vp.id}/invite`)).status, 403, who);
    assert.doesNotMatch((await c.get(`/app/people/${personId}`)).text, /\/app\/users\/invite/);
  }
  assert.equal(await t.db.selectFrom('app_user').select('id').where('username', '=', 'do.thi.quyen').executeTakeFirst(), undefined);
  // The picker finds people without diacritics and offers the form.
  const pick = await admin.get('/app/users/invite?q=do+thi+quyen');
  assert.match(pick.text, new RegExp(`/app/users/invite\\?person_id=${personId}`));
});

test('with SMTP and an e-mail the link is mailed: Vietnamese subject, the link, no password', async () => {
  const admin = await as('quantri');
  const personId = await newPerson(admin, 'Nguyễn Thị Thư Điện Tử', 'thu.dien.tu@example.vn');
  const form = await admin.get(`/app/users/invite?person_id=${personId}`);
  assert.match(form.text, /value="thu\.dien\.tu@example\.vn"/);
  const sentBefore = smtp.mails.length;
  const res = await admin.post('/app/users/invite', { person_id: personId, username: 'nguyen.thu', role: 'member', org_id: lhpn, email: 'thu.dien.tu@example.vn' });
  assert.equal(res.status, 200);
  assert.match(res.text, /Đã gửi liên kết tới thu\.dien\.tu@example\.vn/);
  const token = linkIn(res.text) as string;
  assert.equal(smtp.mails.length, sentBefore + 1);
  const mail = smtp.mails.at(-1) as { to: string; raw: string };
  assert.equal(mail.to, 'thu.dien.tu@example.vn');
  const { subject, body } = decodeMail(mail.raw);
  assert.equal(subject, 'Kích hoạt tài khoản RõViệc của Nguyễn Thị Thư Điện Tử tại Phường Đồng Tâm');
  assert.match(body, new RegExp(`https://roviec\\.example\\.vn/activate/${token}`));
  assert.match(body, /nguyen\.thu/);
  assert.doesNotMatch(body, /mật khẩu của bạn là|password:/i);
  assert.doesNotMatch(body, /\$argon2|!\w{20}/);
});

test('the activation token never reaches the request log', async () => {
  const admin = await as('quantri');
  const personId = await newPerson(admin, 'Lý Văn Nhật Ký');
  const made = await inviteUser(t.db, systemActor(t.wardA, 'Kiểm thử'), { person_id: personId, username: 'ly.nhat.ky', role: 'editor', org_id: null, email: null });
  let lines = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines += chunk.toString('utf8');
      cb();
    },
  });
  const h = openDb(t.url, { poolSize: 2 });
  const { app } = await buildApp({ ...t.config, logLevel: 'info' }, h, { logStream: stream });
  try {
    assert.equal((await app.inject({ method: 'GET', url: `/activate/${made.token}` })).statusCode, 200);
    await app.inject({ method: 'GET', url: `/lang/en?next=${encodeURIComponent(`/activate/${made.token}`)}` });
    await app.inject({ method: 'GET', url: `/activate/${made.token}x` });
    const form = new URLSearchParams({ password: 'mat-khau-nhat-ky', password_confirm: 'mat-khau-nhat-ky' }).toString();
    assert.equal((await app.inject({ method: 'POST', url: `/activate/${made.token}`, payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode, 303);
  } finally {
    await app.close();
  }
  assert.match(lines, /\/activate\/\[redacted\]/);
  assert.match(lines, /incoming request/);
  assert.ok(!lines.includes(made.token), 'the token is not in the log');
  assert.ok(!lines.includes('mat-khau-nhat-ky'));
});

test('CLI: roviec user invite prints a link that activates', async () => {
  const admin = await as('quantri');
  await newPerson(admin, 'Hoàng Văn Dòng Lệnh');
  await newPerson(admin, 'Hoàng Văn Dòng Lệnh'); // namesake: the CLI asks for --birth … both share it here
  const cmd = FEATURE_COMMANDS['user invite'];
  assert.ok(cmd);
  const out: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  const config = { ...t.config, smtpUrl: undefined };
  try {
    await assert.rejects(cmd.run(['--ward', 'DEMO-DONGTAM', '--person', 'Hoàng Văn Dòng Lệnh', '--username', 'hoang.cli', '--role', 'editor'], config), /Có 2 người tên/);
    const lone = await newPerson(admin, 'Vương Thị Dòng Lệnh');
    await assert.rejects(cmd.run(['--ward', 'DEMO-DONGTAM', '--person', 'Vương Thị Dòng Lệnh', '--username', 'vuong.cli', '--role', 'member'], config), (e: { fields?: Record<string, string> }) => e.fields?.org_id === 'user.orgRequired');
    await cmd.run(['--ward', 'DEMO-DONGTAM', '--person', 'vuong thi dong lenh', '--birth', '12/03/1990', '--username', 'vuong.cli', '--role', 'member', '--org', 'Hội LHPN'], config);
    const user = await t.db.selectFrom('app_user').select(['id', 'person_id']).where('username', '=', 'vuong.cli').executeTakeFirstOrThrow();
    assert.equal(user.person_id, lone);
    const audit = await t.db.selectFrom('audit_event').select(['actor_label', 'ward_id']).where('entity_id', '=', user.id).where('action', '=', 'user.invite_link').executeTakeFirstOrThrow();
    assert.deepEqual(audit, { actor_label: 'Dòng lệnh', ward_id: t.wardA });
  } finally {
    console.log = log;
  }
  const link = out.map((l) => /^https:\/\/roviec\.example\.vn\/activate\/([A-Za-z0-9_-]+)$/.exec(l)?.[1]).find(Boolean) as string;
  assert.ok(link, out.join('\n'));
  assert.equal((await t.client().post(`/activate/${link}`, { password: 'mat-khau-dong-lenh', password_confirm: 'mat-khau-dong-lenh' }, { csrf: false })).status, 303);
  assert.equal((await t.client().login('vuong.cli', 'mat-khau-dong-lenh')).status, 302);
});

test('one person, one account: two invitations of the same person at once make one account; the CLI refuses a second with the account', async () => {
  const admin = await as('quantri');
  const personId = await newPerson(admin, 'Đỗ Văn Hùng');
  const actor = systemActor(t.wardA, 'Kiểm thử');
  const before = await count('app_user');
  const results = await Promise.allSettled(['hung2', 'hung2b', 'hung2c'].map((username) => inviteUser(t.db, actor, { person_id: personId, username, role: 'editor', org_id: null, email: null })));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results.map((r) => r.status)));
  for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as { fields?: Record<string, string> }).fields?.person_id, 'invite.hasAccount');
  assert.equal(await count('app_user'), before + 1);
  const account = await t.db.selectFrom('app_user').select(['id', 'username']).where('person_id', '=', personId).executeTakeFirstOrThrow();
  const cmd = FEATURE_COMMANDS['user invite'];
  assert.ok(cmd);
  await assert.rejects(cmd.run(['--ward', 'DEMO-DONGTAM', '--person', 'Đỗ Văn Hùng', '--username', 'hung2d', '--role', 'editor'], { ...t.config, smtpUrl: undefined }), (e: Error) => e.message.includes(`đã có tài khoản ${account.username}`) && e.message.includes(`/app/users/${account.id}`));
  assert.equal(await count('app_user'), before + 1);
});

test('without ROVIEC_PUBLIC_URL (links to localhost) the invitation page and the CLI warn; with it, no warning', async () => {
  const admin = await as('quantri');
  const local = { ...t.config, publicUrl: 'http://localhost:3000' };
  const { app } = await buildApp(local, openDb(t.url, { poolSize: 2 }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const addr = app.server.address();
    const c = admin.withBase(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
    const personId = await newPerson(admin, 'Mai Văn Cục Bộ');
    const res = await c.post('/app/users/invite', { person_id: personId, username: 'mai.cuc.bo', role: 'editor', org_id: '', email: '' });
    assert.equal(res.status, 200, res.text.slice(0, 500));
    assert.match(res.text, /http:\/\/localhost:3000\/activate\//);
    assert.match(res.text, /ROVIEC_PUBLIC_URL chưa được đặt: liên kết dưới đây trỏ về máy này/);
  } finally {
    await app.close();
  }
  const personId = await newPerson(admin, 'Mai Văn Công Khai');
  const good = await admin.post('/app/users/invite', { person_id: personId, username: 'mai.cong.khai', role: 'editor', org_id: '', email: '' });
  assert.equal(good.status, 200);
  assert.doesNotMatch(good.text, /ROVIEC_PUBLIC_URL chưa được đặt/);

  await newPerson(admin, 'Mai Thị Dòng Lệnh');
  const warned: string[] = [];
  const warn = console.warn;
  const log = console.log;
  console.warn = (...a: unknown[]) => void warned.push(a.join(' '));
  console.log = () => undefined;
  try {
    await FEATURE_COMMANDS['user invite']?.run(['--ward', 'DEMO-DONGTAM', '--person', 'Mai Thị Dòng Lệnh', '--username', 'mai.dong.lenh', '--role', 'editor'], { ...local, smtpUrl: undefined });
  } finally {
    console.warn = warn;
    console.log = log;
  }
  assert.ok(warned.some((l) => l.includes('ROVIEC_PUBLIC_URL chưa được đặt: liên kết dưới đây trỏ về máy này')), warned.join('\n'));
});

test('the overview of an org head and of a member lists "Tổ chức của tôi", each linking to the organization and its programme; none for the administrator', async () => {
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()));
  const prog = await t.db.selectFrom('programme').select('id').where('ward_id', '=', t.wardA).where('org_id', '=', lhpn).where('year', '=', year).orderBy('created_at').executeTakeFirst();
  for (const [username, role] of [['phunu', 'người đứng đầu'], ['hoivien', 'hội viên, thành viên']] as const) {
    const page = await (await as(username)).get('/app');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h2 id="home-orgs">Tổ chức của tôi<\/h2>/, username);
    assert.match(page.text, new RegExp(`<a href="/app/orgs/${lhpn}">[^<]+</a><span class="home-meta">${role}`), username);
    if (prog) assert.match(page.text, new RegExp(`href="/app/programmes/${prog.id}"`), username);
    else assert.match(page.text, username === 'phunu' ? /href="\/app\/programmes\/new\?year=\d{4}"/ : /chưa có chương trình công tác năm/, username);
  }
  assert.doesNotMatch((await (await as('quantri')).get('/app')).text, /Tổ chức của tôi/);
});
