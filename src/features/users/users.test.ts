import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { systemActor } from '../../platform/actor.ts';
import { grantRole } from './service.ts';

let t: TestApp;
let orgs: { id: string; short_name: string | null; ward_id: string }[];
const org = (short: string, ward = t.wardA) => orgs.find((o) => o.short_name === short && o.ward_id === ward)?.id as string;
const userId = async (username: string) => (await t.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const JSON_ACCEPT = { accept: 'application/json' };

before(async () => {
  t = await startTestApp();
  orgs = await t.db.selectFrom('organization').select(['id', 'short_name', 'ward_id']).execute();
});
after(async () => t.close());

async function admin(): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login('quantri')).status, 302);
  return c;
}

async function createUser(c: Client, form: Record<string, string>): Promise<string> {
  const res = await c.post('/app/users', form);
  assert.equal(res.status, 303, res.text.slice(0, 2000));
  const id = /^\/app\/users\/([0-9a-f-]{36})\?ok=saved$/.exec(res.location ?? '')?.[1];
  assert.ok(id, String(res.location));
  return id;
}

test('admin creates an org_head of Hội LHPN; the new user signs in and can do only what that role allows', async () => {
  const c = await admin();
  const id = await createUser(c, { username: ' Hoa.PN ', display_name: 'Phạm  Thị Hoa', password: 'mat-khau-dai-10', role: 'org_head', org_id: org('Hội LHPN') });
  const user = await t.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(user.username, 'hoa.pn');
  assert.equal(user.display_name, 'Phạm Thị Hoa');
  assert.equal(user.home_ward_id, t.wardA);
  const grants = await t.db.selectFrom('role_grant').select(['role', 'unit_id', 'org_id']).where('user_id', '=', id).execute();
  assert.deepEqual(grants, [{ role: 'org_head', unit_id: t.wardA, org_id: org('Hội LHPN') }]);
  const audit = await t.db.selectFrom('audit_event').select(['action', 'ward_id', 'before_json', 'after_json']).where('entity_id', '=', id).orderBy('at').execute();
  assert.deepEqual(
    audit.map((a) => [a.action, a.ward_id]),
    [
      ['user.create', t.wardA],
      ['user.grant', t.wardA],
    ],
  );
  for (const a of audit) assert.doesNotMatch(`${a.before_json} ${a.after_json}`, /argon2|password/);

  // The list shows the account with its role and organization; search without diacritics, filter by role.
  const found = await c.get('/app/users?q=pham+thi+hoa');
  assert.equal(found.status, 200);
  assert.match(found.text, /hoa\.pn/);
  assert.match(found.text, /Người đứng đầu tổ chức \(Hội Liên hiệp Phụ nữ phường\)/);
  assert.doesNotMatch(found.text, />quantri</);
  const heads = await c.get('/app/users?role=org_head');
  assert.match(heads.text, />phunu</);
  assert.match(heads.text, />hoa\.pn</);
  assert.doesNotMatch(heads.text, />vanphong</);
  assert.doesNotMatch(heads.text, />vinhtuy\.doan</); // another ward's account

  const u = t.client();
  assert.equal((await u.login('hoa.pn', 'mat-khau-dai-10')).status, 302);
  assert.equal((await u.get('/app/people')).status, 200);
  assert.equal((await u.get('/app/users')).status, 403);
  assert.equal((await u.get('/app/audit')).status, 403);
  assert.equal((await u.post('/app/users', { username: 'x.y.z', display_name: 'X', password: 'mat-khau-dai-10', role: 'admin' })).status, 403);
  // It writes in its own organization only.
  const other = await u.post('/app/people', { full_name: 'Ngô Văn Thử', membership_org_id: org('Đoàn TN'), membership_start_on: '01/01/2024' });
  assert.equal(other.status, 403);
  const own = await u.post('/app/people', { full_name: 'Ngô Thị Thử', membership_org_id: org('Hội LHPN'), membership_start_on: '01/01/2024' });
  assert.equal(own.status, 303);
});

test('bad input is refused in Vietnamese, 400, nothing written; no grant outside the ward', async () => {
  const c = await admin();
  const count = async () => Number((await t.db.selectFrom('app_user').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const n0 = await count();
  const cases: [Record<string, string>, RegExp][] = [
    [{ username: 'Ab', display_name: 'A', password: 'mat-khau-dai-10', role: 'editor' }, /Từ 3 đến 50 ký tự/],
    [{ username: 'co dau', display_name: 'A', password: 'mat-khau-dai-10', role: 'editor' }, /Từ 3 đến 50 ký tự/],
    [{ username: 'ngan.qua', display_name: 'A', password: 'ngan', role: 'editor' }, /Mật khẩu cần ít nhất 10 ký tự/],
    [{ username: 'khong.to.chuc', display_name: 'A', password: 'mat-khau-dai-10', role: 'member' }, /Vai trò này cần chọn tổ chức/],
    [{ username: 'to.chuc.khac', display_name: 'A', password: 'mat-khau-dai-10', role: 'org_head', org_id: org('Đoàn TN', t.wardB) }, /Không tìm thấy tổ chức đã chọn trong đơn vị này/],
    [{ username: 'vanphong', display_name: 'A', password: 'mat-khau-dai-10', role: 'editor' }, /Tên đăng nhập đã được dùng/],
    [{ username: 'vai.tro.la', display_name: 'A', password: 'mat-khau-dai-10', role: 'superuser' }, /Giá trị không hợp lệ/],
  ];
  for (const [form, message] of cases) {
    const res = await c.post('/app/users', form);
    assert.equal(res.status, 400, JSON.stringify(form));
    assert.match(res.text, message, JSON.stringify(form));
    assert.doesNotMatch(res.text, /mat-khau-dai-10/); // a typed password is never echoed back
  }
  assert.equal(await count(), n0);

  // Adding a role: the organization must be one of this ward's.
  const id = await userId('bientap');
  const before = await t.db.selectFrom('role_grant').select('id').where('user_id', '=', id).execute();
  const foreign = await c.post(`/app/users/${id}/grants`, { role: 'org_head', org_id: org('Đoàn TN', t.wardB) });
  assert.equal(foreign.status, 400);
  assert.match(foreign.text, /Không tìm thấy tổ chức đã chọn trong đơn vị này/);
  const again = await c.post(`/app/users/${id}/grants`, { role: 'editor' });
  assert.equal(again.status, 400);
  assert.match(again.text, /Tài khoản đã có vai trò này/);
  assert.equal((await t.db.selectFrom('role_grant').select('id').where('user_id', '=', id).execute()).length, before.length);
});

test('roles are added and removed at this ward only, audited; an admin keeps its own admin role', async () => {
  const c = await admin();
  const id = await userId('hoivien');
  assert.equal((await c.post(`/app/users/${id}/grants`, { role: 'org_head', org_id: org('Hội LHPN'), unit_id: t.wardB })).status, 303);
  const grants = await t.db.selectFrom('role_grant').select(['id', 'role', 'unit_id', 'org_id']).where('user_id', '=', id).execute();
  const added = grants.find((g) => g.role === 'org_head');
  assert.ok(added);
  assert.deepEqual([added.unit_id, added.org_id], [t.wardA, org('Hội LHPN')]); // at this ward, whatever unit_id was sent
  const page = await c.get(`/app/users/${id}`);
  assert.match(page.text, /Người đứng đầu tổ chức \(Hội Liên hiệp Phụ nữ phường\)/);

  assert.equal((await c.post(`/app/users/${id}/grants/${added.id}/remove`)).status, 303);
  assert.equal((await t.db.selectFrom('role_grant').select('id').where('id', '=', added.id).execute()).length, 0);
  const revoked = await t.db.selectFrom('audit_event').select(['before_json']).where('action', '=', 'user.revoke_grant').where('entity_id', '=', id).executeTakeFirstOrThrow();
  assert.match(revoked.before_json ?? '', /"role":"org_head"/);

  // A grant of an account in another ward is out of reach (404), as is the account itself.
  const other = await userId('vinhtuy.doan');
  const otherGrant = await t.db.selectFrom('role_grant').select('id').where('user_id', '=', other).executeTakeFirstOrThrow();
  assert.equal((await c.get(`/app/users/${other}`)).status, 404);
  assert.equal((await c.post(`/app/users/${other}/grants`, { role: 'editor' })).status, 404);
  assert.equal((await c.post(`/app/users/${id}/grants/${otherGrant.id}/remove`)).status, 404);
  assert.equal((await t.db.selectFrom('role_grant').select('id').where('id', '=', otherGrant.id).execute()).length, 1);

  const self = await userId('quantri');
  const own = await t.db.selectFrom('role_grant').select('id').where('user_id', '=', self).where('role', '=', 'admin').executeTakeFirstOrThrow();
  const refused = await c.post(`/app/users/${self}/grants/${own.id}/remove`);
  assert.equal(refused.status, 400);
  assert.match(refused.text, /không thể tự bỏ vai trò quản trị/);
  assert.equal((await t.db.selectFrom('role_grant').select('id').where('id', '=', own.id).execute()).length, 1);
});

test('display name: edited with its version; a stale version is a 409', async () => {
  const c = await admin();
  const id = await userId('bientap');
  const { version } = await t.db.selectFrom('app_user').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal((await c.post(`/app/users/${id}`, { display_name: 'Vũ Minh Đức (Biên tập)', version })).status, 303);
  const stale = await c.post(`/app/users/${id}`, { display_name: 'Ai đó', version });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /vừa được người khác sửa/);
  const row = await t.db.selectFrom('app_user').select(['display_name', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { display_name: 'Vũ Minh Đức (Biên tập)', version: version + 1 });
});

test('reset password: a new activation link, the old session is signed out, the old password stops working; no password typed by the administrator', async () => {
  const c = await admin();
  const id = await createUser(c, { username: 'reset.me', display_name: 'Đặt Lại', password: 'mat-khau-cu-123', role: 'office' });
  const u = t.client();
  assert.equal((await u.login('reset.me', 'mat-khau-cu-123')).status, 302);
  assert.equal((await u.get('/app/people')).status, 200);
  const page = await c.get(`/app/users/${id}`);
  assert.doesNotMatch(page.text, /type="password"/);
  assert.match(page.text, new RegExp(`action="/app/users/${id}/invite"`));
  assert.equal((await c.post(`/app/users/${id}/password`, { password: 'mat-khau-moi-456' })).status, 404); // the old form is gone
  const reset = await c.post(`/app/users/${id}/invite`);
  assert.equal(reset.status, 200);
  const token = /\/activate\/([A-Za-z0-9_-]+)/.exec(reset.text)?.[1] as string;
  assert.ok(token);
  const old = await u.get('/app/people');
  assert.equal(old.status, 302);
  assert.match(old.location ?? '', /^\/login/);
  assert.equal((await t.client().login('reset.me', 'mat-khau-cu-123')).status, 401);
  assert.equal((await t.client().post(`/activate/${token}`, { password: 'mat-khau-moi-456', password_confirm: 'mat-khau-moi-456' }, { csrf: false })).status, 303);
  assert.equal((await t.client().login('reset.me', 'mat-khau-moi-456')).status, 302);
  const audit = await t.db.selectFrom('audit_event').select(['before_json', 'after_json']).where('action', '=', 'user.reset_password').where('entity_id', '=', id).execute();
  assert.equal(audit.length, 1);
  assert.doesNotMatch(JSON.stringify(audit), new RegExp(`mat-khau|argon2|${token}`));
});

test('disable: no sign-in, sessions and API tokens stop at once; never oneself; enable lets in again', async () => {
  const c = await admin();
  const id = await createUser(c, { username: 'khoa.toi', display_name: 'Sẽ Bị Khóa', password: 'mat-khau-dai-10', role: 'editor' });
  const u = t.client();
  assert.equal((await u.login('khoa.toi', 'mat-khau-dai-10')).status, 302);
  const tokenPage = await u.post('/app/account/tokens', { name: 'Máy in báo cáo', days: '30' });
  assert.equal(tokenPage.status, 200);
  const token = /value="(rv_[A-Za-z0-9_-]+)"/.exec(tokenPage.text)?.[1] as string;
  assert.ok(token);
  const api = () => t.client().get('/app/people', { ...JSON_ACCEPT, authorization: `Bearer ${token}` });
  assert.equal((await api()).status, 200);

  assert.equal((await c.post(`/app/users/${id}/disable`)).status, 303);
  assert.equal((await api()).status, 401);
  assert.equal((await u.get('/app/people')).status, 302);
  const login = await t.client().login('khoa.toi', 'mat-khau-dai-10');
  assert.equal(login.status, 403);
  assert.match(login.text, /Tài khoản đã bị khóa/);
  const again = await c.post(`/app/users/${id}/disable`);
  assert.equal(again.status, 409);
  const list = await c.get('/app/users?q=khoa+toi');
  assert.match(list.text, /Đã khóa/);

  const self = await userId('quantri');
  const refused = await c.post(`/app/users/${self}/disable`);
  assert.equal(refused.status, 400);
  assert.match(refused.text, /không thể tự khóa/);
  assert.equal((await t.db.selectFrom('app_user').select('disabled').where('id', '=', self).executeTakeFirstOrThrow()).disabled, 0);

  assert.equal((await c.post(`/app/users/${id}/enable`)).status, 303);
  assert.equal((await t.client().login('khoa.toi', 'mat-khau-dai-10')).status, 302);
  assert.equal((await api()).status, 401); // tokens revoked by the lock stay revoked
  const actions = await t.db.selectFrom('audit_event').select('action').where('entity_id', '=', id).orderBy('at').orderBy('id').execute();
  assert.deepEqual(
    actions.map((a) => a.action).filter((a) => a.startsWith('user.disable') || a.startsWith('user.enable')),
    ['user.disable', 'user.enable'],
  );
});

test('an account that also holds roles outside the ward: roles here yes, account-wide changes no', async () => {
  const c = await admin();
  // The city-level reader (grant at the city) is not one of this ward's accounts at all.
  const city = await userId('thanhpho');
  assert.equal((await c.get(`/app/users/${city}`)).status, 404);
  assert.equal((await c.post(`/app/users/${city}/disable`)).status, 404);
  // Once it also has a role in this ward it is listed, but it cannot be taken over from here.
  await grantRole(t.db, systemActor(t.wardA), city, { role: 'editor', unit_id: t.wardA, org_id: null });
  const page = await c.get(`/app/users/${city}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /còn có vai trò ở đơn vị khác/);
  assert.doesNotMatch(page.text, new RegExp(`/app/users/${city}/invite`));
  for (const [path, form] of [
    ['invite', {}],
    ['disable', {}],
    ['', { display_name: 'Chiếm quyền', version: '1' }],
  ] as const) {
    const res = await c.post(`/app/users/${city}${path ? '/' + path : ''}`, form);
    assert.equal(res.status, 403, path);
  }
  assert.equal((await t.client().login('thanhpho')).status, 302);
});

test('only administrators reach /app/users', async () => {
  for (const username of ['thuongvu', 'vanphong', 'phunu', 'hoivien', 'bientap']) {
    const c = t.client();
    assert.equal((await c.login(username)).status, 302);
    assert.equal((await c.get('/app/users')).status, 403, username);
    assert.equal((await c.get(`/app/users/${await userId('bientap')}`)).status, 403, username);
    assert.equal((await c.post(`/app/users/${await userId('bientap')}/disable`)).status, 403, username);
  }
  assert.equal((await t.client().get('/app/users')).status, 302); // visitors are sent to sign in
});

test('own API tokens: shown once, listed without the secret, revoked by their owner only', async () => {
  const u = t.client();
  await u.login('vanphong');
  const made = await u.post('/app/account/tokens', { name: 'Đồng bộ Excel' });
  assert.equal(made.status, 200);
  assert.equal(made.headers.get('cache-control'), 'no-store');
  const token = /value="(rv_[A-Za-z0-9_-]+)"/.exec(made.text)?.[1] as string;
  assert.ok(token);
  const list = await u.get('/app/account/tokens');
  assert.match(list.text, /Đồng bộ Excel/);
  assert.ok(!list.text.includes(token));
  const row = await t.db.selectFrom('api_token').select(['id', 'token_hash']).where('name', '=', 'Đồng bộ Excel').executeTakeFirstOrThrow();
  assert.notEqual(row.token_hash, token);
  const bad = await u.post('/app/account/tokens', { name: '', days: '0' });
  assert.equal(bad.status, 400);

  const other = t.client();
  await other.login('bientap');
  assert.equal((await other.post(`/app/account/tokens/${row.id}/revoke`)).status, 404);
  const call = () => t.client().get('/app/people', { ...JSON_ACCEPT, authorization: `Bearer ${token}` });
  assert.equal((await call()).status, 200);
  assert.equal((await u.post(`/app/account/tokens/${row.id}/revoke`)).status, 303);
  assert.equal((await call()).status, 401);
  assert.equal((await u.post(`/app/account/tokens/${row.id}/revoke`)).status, 409);
  const audit = await t.db.selectFrom('audit_event').select(['action', 'after_json']).where('entity_id', '=', row.id).orderBy('at').execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['token.create', 'token.revoke'],
  );
  assert.ok(!JSON.stringify(audit).includes(token));
  assert.ok(!JSON.stringify(audit).includes(row.token_hash));
});
