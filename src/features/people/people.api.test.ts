import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { runMaintenance } from '../../platform/command.ts';
import { createToken } from '../../platform/auth/tokens.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

interface Post {
  id: string;
  org_id: string;
  title: string;
  start_on: string;
  end_on: string | null;
  version: number;
}
interface Person {
  id: string;
  full_name: string;
  phone: string | null;
  birth_date: string | null;
  note: string | null;
  gender: string | null;
  version: number;
}
interface Detail {
  person: Person;
  printed_name: string;
  posts_on: Post[];
  posts: Post[];
  memberships: { org_id: string; start_on: string }[];
}
interface ApiErr {
  error: string;
  message: string;
  fields?: Record<string, string>;
}

async function tokenFor(username: string): Promise<string> {
  const u = await t.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return (await runMaintenance(t.db, 'test.token', async (q) => createToken(q, u.id, 'test', null))).token;
}
const orgId = async (wardId: string, shortName: string) =>
  (await t.db.selectFrom('organization').select('id').where('ward_id', '=', wardId).where('short_name', '=', shortName).executeTakeFirstOrThrow()).id;
const peopleIn = async (wardId: string) => Number((await t.db.selectFrom('person').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', wardId).executeTakeFirstOrThrow()).n);

test('a diacritic-free search finds Dương Ngọc Dũng printed with his posts on 10/02/2017', async () => {
  const token = await tokenFor('vanphong');
  const res = await t.client().api('GET', '/api/v1/people?q=duong+ngoc+dung&on=2017-02-10', undefined, token);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = res.json<{ items: (Person & { printed_name: string; posts: Post[] })[]; total: number; on: string; page: number }>();
  assert.equal(body.on, '2017-02-10');
  assert.equal(body.total, 1);
  assert.equal(body.items[0]?.full_name, 'Dương Ngọc Dũng');
  assert.equal(body.items[0]?.printed_name, 'Dương Ngọc Dũng - Bí thư Đảng ủy, Chủ tịch HĐND phường, Ủy viên Ban Thường vụ');
  // Today he no longer chairs the People's Council (his term ended 30/06/2021).
  const today = (await t.client().api('GET', '/api/v1/people?q=DUONG%20NGOC%20DUNG', undefined, token)).json<{ items: { printed_name: string }[] }>();
  assert.equal(today.items[0]?.printed_name, 'Dương Ngọc Dũng - Bí thư Đảng ủy, Ủy viên Ban Thường vụ');
  // Internal columns stay inside.
  assert.equal('ward_id' in (body.items[0] ?? {}), false);
  assert.equal('search_text' in (body.items[0] ?? {}), false);
});

test('one person: posts on a date, all posts, memberships; another ward\'s id is a 404', async () => {
  const token = await tokenFor('vanphong');
  const c = t.client();
  const hue = await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Chu Thị Huế').executeTakeFirstOrThrow();
  const d = (await c.api('GET', `/api/v1/people/${hue.id}?on=01/03/2015`, undefined, token)).json<Detail>();
  assert.deepEqual(
    d.posts_on.map((p) => p.title),
    ['Phó Chủ tịch UBND phường'],
  );
  assert.equal(d.posts.length, 4);
  const bPerson = await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardB).limit(1).executeTakeFirstOrThrow();
  const other = await c.api('GET', `/api/v1/people/${bPerson.id}`, undefined, token);
  assert.equal(other.status, 404);
  assert.equal(other.json<ApiErr>().message, 'Trang hoặc bản ghi bạn tìm không tồn tại hoặc đã được chuyển đi.');
  assert.equal((await c.api('GET', '/api/v1/people/not-an-id', undefined, token)).status, 404);
});

test('create with a bearer token (no CSRF), add a post, change, end the post; audit rows are written', async () => {
  const token = await tokenFor('vanphong');
  const c = t.client();
  const created = await c.api('POST', '/api/v1/people', { full_name: '  Nguyễn   Văn  Thử ', gender: 'nam', birth_date: '1990-05-06', phone: null }, token);
  assert.equal(created.status, 201);
  const d = created.json<Detail>();
  assert.equal(d.person.full_name, 'Nguyễn Văn Thử');
  assert.equal(d.person.birth_date, '1990-05-06');
  assert.equal(created.location, `/api/v1/people/${d.person.id}`);
  const id = d.person.id;

  const pn = await orgId(t.wardA, 'Hội LHPN');
  const post = await c.api('POST', `/api/v1/people/${id}/positions`, { org_id: pn, title: 'Ủy viên Ban Chấp hành', start_on: '01/01/2024' }, token);
  assert.equal(post.status, 201);
  const p = post.json<Post & { org_name: string; rank: number }>();
  assert.equal(p.org_name, 'Hội Liên hiệp Phụ nữ phường');
  assert.equal(p.rank, 100);
  assert.equal(p.start_on, '2024-01-01');

  // PATCH changes only what is sent; null clears an optional field.
  const patched = await c.api('PATCH', `/api/v1/people/${id}`, { phone: '0912 345 678', birth_date: null, version: d.person.version }, token);
  assert.equal(patched.status, 200);
  const pd = patched.json<Detail>();
  assert.equal(pd.person.phone, '0912 345 678');
  assert.equal(pd.person.birth_date, null);
  assert.equal(pd.person.full_name, 'Nguyễn Văn Thử');
  assert.equal(pd.person.gender, 'nam');
  assert.equal(pd.person.version, d.person.version + 1);

  const ended = await c.api('POST', `/api/v1/positions/${p.id}/end`, { end_on: '2024-12-31', version: p.version }, token);
  assert.equal(ended.status, 200);
  assert.equal(ended.json<Post>().end_on, '2024-12-31');
  // Ending it again is a conflict.
  assert.equal((await c.api('POST', `/api/v1/positions/${p.id}/end`, { end_on: '2024-12-31', version: p.version + 1 }, token)).status, 409);

  const audit = await t.db.selectFrom('audit_event').select(['action', 'actor_label']).where('entity_id', 'in', [id, p.id]).orderBy('at').orderBy('id').execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['person.create', 'position.create', 'person.update', 'position.end'],
  );
  assert.ok(audit.every((a) => a.actor_label === 'Nguyễn Thu Trang'));
});

test('PATCH needs the version; a stale version is a 409 and nothing is lost', async () => {
  const token = await tokenFor('quantri');
  const c = t.client();
  const p = await t.db.selectFrom('person').select(['id', 'version', 'phone']).where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow();
  const noVersion = await c.api('PATCH', `/api/v1/people/${p.id}`, { phone: '0900000001' }, token);
  assert.equal(noVersion.status, 400);
  assert.equal(noVersion.json<ApiErr>().fields?.version, 'Bắt buộc nhập.');
  assert.equal((await c.api('PATCH', `/api/v1/people/${p.id}`, { phone: '0900000002', version: p.version }, token)).status, 200);
  const stale = await c.api('PATCH', `/api/v1/people/${p.id}`, { phone: '0900000003', version: p.version }, token);
  assert.equal(stale.status, 409);
  assert.equal(stale.json<ApiErr>().error, 'err.conflict');
  assert.match(stale.json<ApiErr>().message, /vừa được người khác sửa/);
  const now = await t.db.selectFrom('person').select(['phone', 'version']).where('id', '=', p.id).executeTakeFirstOrThrow();
  assert.deepEqual(now, { phone: '0900000002', version: p.version + 1 });
});

test('validation errors: 400 with one Vietnamese message per field (English on request), nothing written', async () => {
  const token = await tokenFor('vanphong');
  const c = t.client();
  const before = await peopleIn(t.wardA);
  const bad = await c.api('POST', '/api/v1/people', { full_name: '   ', birth_date: '31/02/2017', email: 'khong-phai-email', gender: 'khac' }, token);
  assert.equal(bad.status, 400);
  const e = bad.json<ApiErr>();
  assert.equal(e.error, 'err.formInvalid');
  assert.equal(e.message, 'Thông tin chưa hợp lệ, vui lòng kiểm tra các ô được đánh dấu.');
  assert.deepEqual(e.fields, {
    full_name: 'Bắt buộc nhập.',
    birth_date: 'Ngày không hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2025).',
    email: 'Địa chỉ thư điện tử không hợp lệ.',
    gender: 'Giá trị không hợp lệ.',
  });
  const en = await c.request('POST', '/api/v1/people', {
    body: JSON.stringify({ full_name: '' }),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en-US,en;q=0.9' },
  });
  assert.equal(en.status, 400);
  assert.equal(en.json<ApiErr>().fields?.full_name, 'This field is required.');
  const person = await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).limit(1).executeTakeFirstOrThrow();
  const post = await c.api('POST', `/api/v1/people/${person.id}/positions`, { org_id: await orgId(t.wardA, 'UBND'), title: 'Thử', start_on: '2017-02-10', end_on: '2017-02-09' }, token);
  assert.equal(post.status, 400);
  assert.equal(post.json<ApiErr>().fields?.end_on, 'Ngày kết thúc không được trước ngày bắt đầu.');
  const query = await c.api('GET', '/api/v1/people?page=0&on=hôm-qua', undefined, token);
  assert.equal(query.status, 400);
  assert.deepEqual(Object.keys(query.json<ApiErr>().fields ?? {}).sort(), ['on', 'page']);
  // An unknown sort or direction is told to the program that sent it (a page drops it instead).
  const badSort = await c.api('GET', '/api/v1/people?sort=foo&dir=up', undefined, token);
  assert.equal(badSort.status, 400);
  assert.deepEqual(Object.keys(badSort.json<ApiErr>().fields ?? {}).sort(), ['dir', 'sort']);
  assert.equal((await c.api('GET', '/api/v1/people?sort=birth_date&dir=desc', undefined, token)).status, 200);
  const office = t.client();
  await office.login('vanphong');
  assert.equal((await office.get('/app/people?sort=foo')).status, 200, 'a page keeps opening an old bookmark');
  const notJson = await c.request('POST', '/api/v1/people', { body: '{"full_name": ', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.json<ApiErr>().message, 'Yêu cầu không hợp lệ.');
  assert.equal(await peopleIn(t.wardA), before);
});

test('a body over 1 MiB is refused with 413 JSON', async () => {
  const token = await tokenFor('vanphong');
  const res = await t.client().api('POST', '/api/v1/people', { full_name: 'Quá Lớn', note: 'x'.repeat(1024 * 1024 + 10) }, token);
  assert.equal(res.status, 413);
  assert.equal(res.json<ApiErr>().message, 'Dữ liệu gửi lên quá lớn.');
});

test('a cookie session writes only with x-csrf-token; the token comes from /api/v1/me', async () => {
  const c = t.client();
  await c.login('vanphong');
  const before = await peopleIn(t.wardA);
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const body = JSON.stringify({ full_name: 'Không Có Mã' });
  const missing = await c.request('POST', '/api/v1/people', { body, headers });
  assert.equal(missing.status, 403);
  assert.match(missing.json<ApiErr>().message, /phải gửi tiêu đề x-csrf-token/);
  const forged = await c.request('POST', '/api/v1/people', { body, headers: { ...headers, 'x-csrf-token': 'forged' } });
  assert.equal(forged.status, 403);
  assert.equal(await peopleIn(t.wardA), before);
  const me = (await c.api('GET', '/api/v1/me')).json<{ csrf_token: string }>();
  const ok = await c.request('POST', '/api/v1/people', { body, headers: { ...headers, 'x-csrf-token': me.csrf_token } });
  assert.equal(ok.status, 201);
  assert.equal(await peopleIn(t.wardA), before + 1);
});

test('the head of an organization in ward B: 404 for a ward-A person, and x-roviec-ward cannot reach ward A', async () => {
  const token = await tokenFor('vinhtuy.doan');
  const c = t.client();
  const aPerson = await t.db.selectFrom('person').select(['id', 'version']).where('ward_id', '=', t.wardA).limit(1).executeTakeFirstOrThrow();
  assert.equal((await c.api('GET', `/api/v1/people/${aPerson.id}`, undefined, token)).status, 404);
  assert.equal((await c.api('PATCH', `/api/v1/people/${aPerson.id}`, { note: 'x', version: aPerson.version }, token)).status, 404);
  const [beforeA, beforeB] = [await peopleIn(t.wardA), await peopleIn(t.wardB)];
  const doanA = await orgId(t.wardA, 'Đoàn TN');
  const viaHeader = await c.request('POST', '/api/v1/people', {
    body: JSON.stringify({ full_name: 'Người Phường Khác', membership_org_id: doanA, membership_start_on: '2024-01-01' }),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-roviec-ward': t.wardA },
  });
  assert.equal(viaHeader.status, 403);
  assert.equal(viaHeader.json<ApiErr>().error, 'api.wardForbidden');
  const search = await c.request('GET', '/api/v1/people?q=dung', { headers: { authorization: `Bearer ${token}`, 'x-roviec-ward': t.wardA } });
  assert.equal(search.status, 403);
  // Without the header, an organization of ward A is unknown in ward B.
  const direct = await c.api('POST', '/api/v1/people', { full_name: 'Người Phường Khác', membership_org_id: doanA, membership_start_on: '2024-01-01' }, token);
  assert.equal(direct.status, 400);
  assert.equal(direct.json<ApiErr>().fields?.membership_org_id, 'Không tìm thấy tổ chức đã chọn trong đơn vị này.');
  assert.deepEqual([await peopleIn(t.wardA), await peopleIn(t.wardB)], [beforeA, beforeB]);
  // In its own ward and organization it may add a member.
  const own = await c.api('POST', '/api/v1/people', { full_name: 'Đoàn Viên Mới', membership_org_id: await orgId(t.wardB, 'Đoàn TN'), membership_start_on: '2024-03-26' }, token);
  assert.equal(own.status, 201);
  assert.equal(await peopleIn(t.wardB), beforeB + 1);
  // An organization head must say where the new person takes part, as on the form.
  const noOrg = await c.api('POST', '/api/v1/people', { full_name: 'Không Rõ Nơi' }, token);
  assert.equal(noOrg.status, 400);
  assert.equal(noOrg.json<ApiErr>().fields?.membership_org_id, 'Bắt buộc nhập.');
});

test('roles: a member reads but cannot write; a visitor is 401', async () => {
  const token = await tokenFor('hoivien');
  const c = t.client();
  assert.equal((await c.api('GET', '/api/v1/people?q=mai', undefined, token)).status, 200);
  const write = await c.api('POST', '/api/v1/people', { full_name: 'Không Được' }, token);
  assert.equal(write.status, 403);
  assert.equal(write.json<ApiErr>().message, 'Tài khoản của bạn không có quyền thực hiện thao tác này.');
  const anon = await t.client().api('GET', '/api/v1/people');
  assert.equal(anon.status, 401);
  assert.deepEqual(anon.json<ApiErr>(), { error: 'err.401', message: 'Bạn cần đăng nhập.' });
  // A write without any credentials is a 401 too (not a CSRF refusal).
  const anonWrite = await t.client().api('POST', '/api/v1/people', { full_name: 'Ai Đó' });
  assert.equal(anonWrite.status, 401);
});
