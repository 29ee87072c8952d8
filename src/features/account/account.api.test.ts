import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { runMaintenance } from '../../platform/command.ts';
import { createToken, revokeToken } from '../../platform/auth/tokens.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

interface Me {
  user: { username: string; display_name: string; person_id: string | null };
  ward: { id: string; name: string } | null;
  wards: { id: string; name: string }[];
  roles: string[];
  head_of: string[];
  locale: string;
  via_token: boolean;
  csrf_token: string | null;
}
interface ApiErr {
  error: string;
  message: string;
}

const userId = async (username: string) => (await t.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

test('GET /api/v1/me with a bearer token: user, ward, roles; no CSRF token handed out', async () => {
  const { token } = await runMaintenance(t.db, 'test.token', async (q) => createToken(q, await userId('vinhtuy.doan'), 'test', null));
  const res = await t.client().api('GET', '/api/v1/me', undefined, token);
  assert.equal(res.status, 200);
  const me = res.json<Me>();
  assert.equal(me.user.username, 'vinhtuy.doan');
  assert.equal(me.user.display_name, 'Bùi Quang Huy');
  assert.deepEqual(me.ward, { id: t.wardB, name: 'Phường Vĩnh Tuy' });
  assert.deepEqual(me.wards, [{ id: t.wardB, name: 'Phường Vĩnh Tuy' }]);
  assert.deepEqual(me.roles, ['org_head']);
  const doan = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardB).where('short_name', '=', 'Đoàn TN').executeTakeFirstOrThrow();
  assert.deepEqual(me.head_of, [doan.id]);
  assert.equal(me.via_token, true);
  assert.equal(me.csrf_token, null);
  assert.equal(res.headers.get('set-cookie'), null); // a token call starts no session
});

test('GET /api/v1/me with a session: the session\'s ward and a CSRF token for writes', async () => {
  const c = t.client();
  await c.login('vanphong');
  const me = (await c.api('GET', '/api/v1/me')).json<Me>();
  assert.equal(me.ward?.id, t.wardA);
  assert.deepEqual(me.roles, ['office']);
  assert.equal(me.via_token, false);
  assert.equal(typeof me.csrf_token, 'string');
  assert.equal(me.locale, 'vi');
});

test('x-roviec-ward picks one of the user\'s wards; a ward out of reach is refused, not replaced', async () => {
  const { token } = await runMaintenance(t.db, 'test.token', async (q) => createToken(q, await userId('thanhpho'), 'test', null));
  const c = t.client();
  const home = (await c.api('GET', '/api/v1/me', undefined, token)).json<Me>();
  assert.deepEqual(home.wards.map((w) => w.id).sort(), [t.wardA, t.wardB].sort());
  assert.equal(home.ward?.id, t.wardA);
  const inB = await c.request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${token}`, 'x-roviec-ward': t.wardB } });
  assert.equal(inB.json<Me>().ward?.id, t.wardB);
  assert.deepEqual(inB.json<Me>().roles, ['standing']);
  // The people list follows the chosen ward.
  const people = await c.request('GET', '/api/v1/people?q=bui+quang+huy', { headers: { authorization: `Bearer ${token}`, 'x-roviec-ward': t.wardB } });
  assert.equal(people.json<{ total: number }>().total, 1);

  const { token: bToken } = await runMaintenance(t.db, 'test.token', async (q) => createToken(q, await userId('vinhtuy.doan'), 'test', null));
  for (const ward of [t.wardA, 'not-a-ward']) {
    const res = await c.request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${bToken}`, 'x-roviec-ward': ward } });
    assert.equal(res.status, 403, ward);
    assert.deepEqual(res.json<ApiErr>(), { error: 'api.wardForbidden', message: 'Tài khoản của bạn không được làm việc tại phường, xã đã chọn.' });
  }
  // A session cannot be steered into another ward by the header either.
  const s = t.client();
  await s.login('vinhtuy.doan');
  assert.equal((await s.request('GET', '/api/v1/orgs', { headers: { accept: 'application/json', 'x-roviec-ward': t.wardA } })).status, 403);
});

test('a revoked or expired token is 401, in English when asked', async () => {
  const uid = await userId('vanphong');
  const live = await runMaintenance(t.db, 'test.token', async (q) => createToken(q, uid, 'live', null));
  const c = t.client();
  assert.equal((await c.api('GET', '/api/v1/me', undefined, live.token)).status, 200);
  assert.equal(await runMaintenance(t.db, 'test.token', async (q) => revokeToken(q, live.id)), true);
  const revoked = await c.api('GET', '/api/v1/me', undefined, live.token);
  assert.equal(revoked.status, 401);
  assert.deepEqual(revoked.json<ApiErr>(), { error: 'err.401', message: 'Bạn cần đăng nhập.' });
  const expired = await runMaintenance(t.db, 'test.token', async (q) => createToken(q, uid, 'old', '2020-01-01T00:00:00.000Z'));
  const en = await c.request('GET', '/api/v1/me', { headers: { authorization: `Bearer ${expired.token}`, 'accept-language': 'en' } });
  assert.equal(en.status, 401);
  assert.equal(en.json<ApiErr>().message, 'You need to log in.');
  assert.equal((await c.api('GET', '/api/v1/me', undefined, 'rv_not-a-token')).status, 401);
  // A revoked token cannot write either, and needs no CSRF token to be told so.
  assert.equal((await c.api('POST', '/api/v1/people', { full_name: 'Không Được' }, live.token)).status, 401);
});

test('the rv_lang cookie or Accept-Language: en switch API messages to English; pages ignore the header', async () => {
  const c = t.client();
  const anon = await c.request('GET', '/api/v1/me', { headers: { 'accept-language': 'en-GB,en;q=0.8' } });
  assert.equal(anon.json<ApiErr>().message, 'You need to log in.');
  c.cookies.set('rv_lang', 'en');
  assert.equal((await c.api('GET', '/api/v1/me')).json<ApiErr>().message, 'You need to log in.');
  const page = await t.client().request('GET', '/login', { headers: { 'accept-language': 'en-US' } });
  assert.match(page.text, /<html lang="vi"/);
});
