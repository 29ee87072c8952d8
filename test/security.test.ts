import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from './support/app.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { SESSION_COOKIE } from '../src/platform/http/security.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const count = async (table: 'person' | 'position') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

test('a state-changing request without its CSRF token gets 403 and writes nothing', async () => {
  const c = t.client();
  await c.login('vanphong');
  const before = await count('person');
  const missing = await c.post('/app/people', { full_name: 'Không Có Mã' }, { csrf: false });
  assert.equal(missing.status, 403);
  assert.match(missing.text, /Phiên làm việc của biểu mẫu đã hết hạn/);
  const forged = await c.request('POST', '/app/people', { body: '_csrf=forged-token&full_name=Gi%E1%BA%A3', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(forged.status, 403);
  // Another session's token does not work either.
  const other = t.client();
  await other.login('quantri');
  const stolen = await c.request('POST', '/app/people', { body: `_csrf=${encodeURIComponent(await other.csrf())}&full_name=X`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(stolen.status, 403);
  assert.equal(await count('person'), before);
  // The login form is protected too.
  const anon = t.client();
  await anon.get('/login');
  assert.equal((await anon.post('/login', { username: 'vanphong', password: 'roviec-demo-2017' }, { csrf: false })).status, 403);
});

test('repeated wrong passwords are throttled per account, across instances and restarts', async () => {
  const c = t.client();
  for (let i = 0; i < 5; i++) {
    const res = await c.login('bientap', 'sai-mat-khau-' + i);
    assert.equal(res.status, 401);
    assert.match(res.text, /Tên đăng nhập hoặc mật khẩu không đúng/);
  }
  const locked = await c.login('bientap'); // right password, but locked now
  assert.equal(locked.status, 429);
  assert.match(locked.text, /Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau 15 phút/);
  // A second instance on the same database (as after a restart) keeps the lock.
  const second = await t.another();
  const c2 = second.client();
  assert.equal((await c2.login('bientap')).status, 429);
  // Other accounts are unaffected.
  assert.equal((await second.client().login('hoivien')).status, 302);
});

test('repeated wrong passwords from one IP are throttled across usernames', async () => {
  const c = t.client();
  let status = 0;
  for (let i = 0; i < 31 && status !== 429; i++) status = (await c.login(`khongco${i}`, 'sai-mat-khau')).status;
  assert.equal(status, 429);
  await runMaintenance(t.db, 'test.throttle', (q) => q.deleteFrom('login_throttle').execute()); // let later tests log in from 127.0.0.1
});

test('two instances on one database share a login session', async () => {
  const second = await t.another();
  const c = t.client();
  await c.login('thuongvu');
  const onSecond = c.withBase(second.base);
  const res = await onSecond.get('/app');
  assert.equal(res.status, 200);
  assert.match(res.text, /Xin chào, Dương Ngọc Dũng/);
  assert.equal((await c.get('/app')).status, 200, 'signed in on the first instance too');
  // Logging out on the second instance ends the session on the first: the same session cookie,
  // replayed on either instance after the logout, opens nothing.
  const sid = c.cookies.get(SESSION_COOKIE);
  assert.ok(sid, 'the session cookie');
  const out = await onSecond.post('/logout');
  assert.equal(out.status, 302);
  assert.match(out.headers.getSetCookie().join('\n'), new RegExp(`^${SESSION_COOKIE}=;.*Expires=Thu, 01 Jan 1970`, 'm'), 'the browser is told to forget the session id');
  for (const base of [t.base, second.base]) {
    const replay = t.client().withBase(base);
    replay.cookies.set(SESSION_COOKIE, sid);
    const res = await replay.get('/app');
    assert.equal(res.status, 302, base);
    assert.match(res.location ?? '', /^\/login/);
  }
});

test('the head of an organization in ward A sees and changes nothing of ward B', async () => {
  const bPerson = await t.db.selectFrom('person').select(['id', 'full_name', 'version']).where('ward_id', '=', t.wardB).limit(1).executeTakeFirstOrThrow();
  const c = t.client();
  await c.login('phunu');
  assert.equal((await c.get(`/app/people/${bPerson.id}`)).status, 404);
  assert.equal((await c.get(`/app/people/${bPerson.id}/edit`)).status, 404);
  assert.equal((await c.post(`/app/people/${bPerson.id}`, { full_name: 'Đổi Tên', version: bPerson.version })).status, 404);
  assert.equal((await c.post('/app/ward', { wardId: t.wardB })).status, 403);
  const list = await c.get('/app/people?q=' + encodeURIComponent(bPerson.full_name));
  assert.doesNotMatch(list.text, new RegExp(`/app/people/${bPerson.id}`));
  const after = await t.db.selectFrom('person').select(['full_name', 'version']).where('id', '=', bPerson.id).executeTakeFirstOrThrow();
  assert.deepEqual(after, { full_name: bPerson.full_name, version: bPerson.version });
  // And the other way round: ward B's head does not find Dương Ngọc Dũng.
  const b = t.client();
  await b.login('vinhtuy.doan');
  const search = await b.get('/app/people?q=duong+ngoc+dung');
  assert.doesNotMatch(search.text, /Dương Ngọc Dũng/);
});

test('an organization head writes only inside its organization', async () => {
  const c = t.client();
  await c.login('phunu');
  const orgs = await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).execute();
  const doan = orgs.find((o) => o.short_name === 'Đoàn TN')?.id as string;
  const pn = orgs.find((o) => o.short_name === 'Hội LHPN')?.id as string;
  const dung = await t.db.selectFrom('person').select(['id', 'version']).where('full_name', '=', 'Dương Ngọc Dũng').executeTakeFirstOrThrow();
  assert.equal((await c.post(`/app/people/${dung.id}`, { full_name: 'Dương Ngọc Dũng', version: dung.version })).status, 403);
  assert.equal((await c.post('/app/people', { full_name: 'Người Mới', membership_org_id: doan, membership_start_on: '01/01/2020' })).status, 403);
  const ok = await c.post('/app/people', { full_name: 'Hội Viên Mới', membership_org_id: pn, membership_start_on: '01/01/2020' });
  assert.equal(ok.status, 303);
  const noOrg = await c.post('/app/people', { full_name: 'Không Tổ Chức' });
  assert.equal(noOrg.status, 400);
});

test('text is escaped: a name with markup never runs as script', async () => {
  const c = t.client();
  await c.login('vanphong');
  const res = await c.post('/app/people', { full_name: '<script>alert(1)</script> Nguyễn' });
  assert.equal(res.status, 303);
  const page = await c.get(res.location as string);
  assert.doesNotMatch(page.text, /<script>alert\(1\)<\/script>/);
  assert.match(page.text, /<h1>&lt;script>alert\(1\)&lt;\/script> Nguyễn<\/h1>/);
});

test('strict security headers and no inline script', async () => {
  const res = await t.client().get('/login');
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
  assert.doesNotMatch(res.text, /<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/);
  assert.doesNotMatch(res.text, /\sstyle="/);
  assert.match(res.headers.get('set-cookie') ?? '', /HttpOnly/i);
});

test('oversized bodies are refused with a Vietnamese message', async () => {
  const c = t.client();
  await c.login('vanphong');
  const big = 'full_name=' + 'a'.repeat(1_100_000) + '&_csrf=' + encodeURIComponent(await c.csrf());
  const res = await c.request('POST', '/app/people', { body: big, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 413);
  assert.match(res.text, /Dữ liệu gửi lên quá lớn/);
});

test('unknown pages get the Vietnamese 404, and English when chosen', async () => {
  const c = t.client();
  const res = await c.get('/khong-co-trang-nay');
  assert.equal(res.status, 404);
  assert.match(res.text, /Không tìm thấy trang/);
  await c.get('/lang/en?next=/');
  const en = await c.get('/khong-co-trang-nay');
  assert.match(en.text, /<html lang="en"/);
  assert.doesNotMatch(en.text, /Không tìm thấy trang/);
});

test('a server fault shows the Vietnamese 500 page without details, and JSON on the API', async () => {
  const c = t.client();
  await c.login('vanphong');
  await sql`alter table membership rename to membership_moved`.execute(t.db);
  try {
    const page = await c.get('/app/people?org=' + (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).id);
    assert.equal(page.status, 500);
    assert.match(page.text, /Đã xảy ra lỗi/);
    assert.match(page.text, /Dữ liệu của bạn chưa bị thay đổi/);
    assert.doesNotMatch(page.text, /membership|SqliteError|error:|at \//i);
    const api = await c.get('/api/v1/people?org=' + (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).id, { accept: 'application/json' });
    assert.equal(api.status, 500);
    assert.equal(api.json<{ error: string }>().error, 'internal');
  } finally {
    await sql`alter table membership_moved rename to membership`.execute(t.db);
  }
});

test('a refused form shows back what was typed without control characters, whichever field held them', async () => {
  const c = t.client();
  await c.login('vanphong');
  const res = await c.post('/app/people', { full_name: 'Thử\u0000 Nghiệm', phone: '0912\u0000345678x', email: 'a\u0001@@', birth_date: '31/02/\u00072017' });
  assert.equal(res.status, 400);
  // eslint-disable-next-line no-control-regex -- the test looks for the characters themselves
  const ctl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.exec(res.text);
  assert.equal(ctl, null, ctl ? JSON.stringify(res.text.slice(ctl.index - 80, ctl.index + 20)) : '');
  assert.equal(res.text.includes('value="0912 345678x"'), true, 'the phone as typed, its control character a space');
});

// D77: a POST to a page that takes none is a 404, not "your form has expired"; a second sign-out
// lands quietly on the log-in page; signed-in answers are not stored by the browser.
test('POST to a read-only or unknown address is a 404; a second sign-out is a redirect; signed-in pages are no-store', async () => {
  const anon = t.client();
  for (const p of ['/', '/tim-kiem', '/khong-co-trang-nay']) assert.equal((await anon.request('POST', p, { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 404, p);
  const c = t.client();
  await c.login('vanphong');
  const page = await c.get('/app/people');
  assert.equal(page.headers.get('cache-control'), 'private, no-store');
  const token = await c.csrf();
  assert.equal((await c.post('/logout')).status, 302);
  const again = await c.request('POST', '/logout', { body: `_csrf=${encodeURIComponent(token)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(again.status, 302);
  assert.match(again.location ?? '', /^\/login/);
});
