// Issue 8: "grants wider than their name" — a grant at a unit above the ward reads that ward and
// writes nothing there (the city-level reader created a portal category in another ward), and
// writes follow ownership (an organization head edited every source document of the ward); and
// "credentials that outlive their owner's intent" — a password change or an administrator's reset
// revokes the account's API tokens and other sessions, audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from './support/app.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { createToken } from '../src/platform/auth/tokens.ts';
import { resolveRequestAuth } from '../src/platform/auth/identity.ts';
import { hasAccess, PERMISSIONS, type Permission } from '../src/platform/access.ts';
import type { Actor } from '../src/platform/actor.ts';
import { systemActor } from '../src/platform/actor.ts';
import { resetPassword } from '../src/features/users/service.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const userId = async (username: string) => (await t.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
async function signedIn(username: string, password?: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username, password)).status, 302, username);
  return c;
}
async function tokenOf(username: string): Promise<string> {
  const id = await userId(username);
  return (await runMaintenance(t.db, 'test.token', (q) => createToken(q, id, 'grants', null))).token;
}
const auditCount = async () => Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('action', 'not like', 'auth.login%').executeTakeFirstOrThrow()).n);

/** The actor a request of `intent` gets for this user in this ward (as security.ts builds it). */
async function actorFor(username: string, wardId: string, intent: 'read' | 'write'): Promise<Actor> {
  const auth = await resolveRequestAuth(t.db, await userId(username), wardId, new Date(), intent);
  const access = auth?.access;
  assert.ok(access && access.wardId === wardId, `${username} works in the ward`);
  return { userId: auth.identity.userId, label: username, wardId, roles: access.roles, headOf: access.headOf, memberOf: access.memberOf, ip: null };
}

test('a grant at the city reads every ward below it and holds no writing permission there; a grant at the ward does', async () => {
  const orgsB = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardB).execute()).map((o) => o.id);
  const permissions = Object.keys(PERMISSIONS) as Permission[];
  for (const ward of [t.wardA, t.wardB]) {
    const reader = await actorFor('thanhpho', ward, 'read');
    assert.ok(reader.roles.has('standing'), 'reads as the Standing Committee');
    const writer = await actorFor('thanhpho', ward, 'write');
    const ids = ward === t.wardB ? orgsB : undefined;
    const held = [];
    for (const p of permissions) if (await hasAccess(t.db, writer, p, ids)) held.push(p);
    assert.deepEqual(held, [], `thanhpho writes nothing in ${ward === t.wardA ? 'ward A' : 'ward B'}`);
  }
  // The same role granted at the ward writes: the rule is where the grant is, not the role.
  const standing = await actorFor('thuongvu', t.wardA, 'write');
  assert.equal(await hasAccess(t.db, standing, 'approve'), true);
  assert.equal(await hasAccess(t.db, standing, 'portal.publish'), true);
});

test('every writing route the Standing Committee may use refuses the city-level reader (403, nothing written); its pages still open', async () => {
  const c = await signedIn('thanhpho');
  const token = await tokenOf('thanhpho');
  const csrf = await c.csrf();
  const zero = '00000000-0000-7000-8000-000000000000';
  const writes = t.app.routeRules.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && Array.isArray(r.access) && r.access.includes('standing'));
  assert.ok(writes.length >= 10, `found ${writes.length} writing routes open to standing`);
  const before = await auditCount();
  const wrong: string[] = [];
  for (const ward of [t.wardA, t.wardB]) {
    for (const r of writes) {
      const url = r.url.replace(/:[A-Za-z_]+/g, zero);
      const res = r.url.startsWith('/api/')
        ? await c.request(r.method, url, { body: '{}', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-roviec-ward': ward } })
        : await c.request(r.method, url, { body: new URLSearchParams({ _csrf: csrf, name: 'Chuyên mục lạ', title: 'Lạ' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-roviec-ward': ward } });
      if (res.status !== 403) wrong.push(`${r.method} ${r.url} in ${ward === t.wardA ? 'A' : 'B'}: ${res.status}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.equal(await auditCount(), before, 'nothing written');
  // The example of the issue: a portal category in another ward.
  const cats = async () => Number((await t.db.selectFrom('portal_category').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const n = await cats();
  const made = await c.request('POST', '/app/portal/categories', { body: new URLSearchParams({ _csrf: csrf, name: 'Chuyên mục của thành phố', sort_order: '1' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-roviec-ward': t.wardB } });
  assert.equal(made.status, 403);
  assert.equal(await cats(), n);
  // Reading stays: the directory, the audit log and the portal staff pages of both wards.
  for (const ward of [t.wardA, t.wardB]) {
    for (const path of ['/app/people', '/app/audit', '/app/portal/categories']) assert.equal((await c.get(path, { 'x-roviec-ward': ward })).status, 200, path);
  }
  // Its own account is not a ward record: it still changes its own settings (a token of its own).
  assert.equal((await c.post('/app/account/tokens', { name: 'Đọc số liệu' })).status, 200);
});

test('an organization head edits the source documents it added, not the ward’s others; the office edits all', async () => {
  const phunu = await signedIn('phunu');
  const office = await signedIn('vanphong');
  const demo = await t.db.selectFrom('source_document').select(['id', 'version', 'title']).where('ward_id', '=', t.wardA).orderBy('id').executeTakeFirstOrThrow();
  const edit = (c: Client, id: string, version: number, title: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ kind: 'ke_hoach', issued_on: '01/02/2017', title, version: String(version) })) form.set(k, v);
    return c.request('POST', `/app/sources/${id}`, { body: form, headers: { 'x-csrf-token': c.csrfToken ?? '' } });
  };
  const create = (c: Client, title: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ kind: 'ke_hoach', issued_on: '01/02/2017', title })) form.set(k, v);
    return c.request('POST', '/app/sources', { body: form, headers: { 'x-csrf-token': c.csrfToken ?? '' } });
  };
  await phunu.csrf();
  await office.csrf();
  const before = await auditCount();
  assert.equal((await phunu.get(`/app/sources/${demo.id}/edit`)).status, 403);
  const refused = await edit(phunu, demo.id, demo.version, 'Sửa văn bản của phường');
  assert.equal(refused.status, 403);
  assert.doesNotMatch(refused.text, /Phiên làm việc của biểu mẫu/u, 'refused for access, not for the form token');
  assert.equal(await auditCount(), before, 'nothing written');
  assert.equal((await t.db.selectFrom('source_document').select('title').where('id', '=', demo.id).executeTakeFirstOrThrow()).title, demo.title);
  // Her own: added, then edited.
  assert.equal((await create(phunu, 'Kế hoạch của Hội LHPN')).status, 303);
  const own = await t.db.selectFrom('source_document').select(['id', 'version', 'created_by']).where('title', '=', 'Kế hoạch của Hội LHPN').executeTakeFirstOrThrow();
  assert.equal(own.created_by, await userId('phunu'));
  assert.equal((await edit(phunu, own.id, own.version, 'Kế hoạch của Hội LHPN (sửa)')).status, 303);
  const list = await phunu.get('/app/sources');
  assert.match(list.text, new RegExp(`/app/sources/${own.id}/edit`));
  assert.doesNotMatch(list.text, new RegExp(`/app/sources/${demo.id}/edit`));
  // The office keeps every document of the ward, hers included.
  assert.equal((await edit(office, own.id, own.version + 1, 'Kế hoạch của Hội LHPN (văn phòng sửa)')).status, 303);
  assert.equal((await edit(office, demo.id, demo.version, demo.title)).status, 303);
});

test('a password change revokes the account’s API tokens and other sessions, audited', async () => {
  const token = await tokenOf('hoivien');
  const elsewhere = await signedIn('hoivien');
  const c = await signedIn('hoivien');
  assert.equal((await c.api('GET', '/api/v1/me', undefined, token)).status, 200);
  const res = await c.post('/app/account/password', { current: 'roviec-demo-2017', next: 'mat-khau-moi-2026', repeat: 'mat-khau-moi-2026' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  assert.equal((await c.api('GET', '/api/v1/me', undefined, token)).status, 401, 'the token made before is revoked');
  assert.equal((await c.get('/app/account')).status, 200, 'this session goes on');
  assert.equal((await elsewhere.get('/app/account')).status, 302, 'the other session ended');
  const ev = await t.db.selectFrom('audit_event').select('after_json').where('action', '=', 'auth.password_change').where('entity_id', '=', await userId('hoivien')).executeTakeFirstOrThrow();
  assert.equal((JSON.parse(ev.after_json ?? '{}') as { tokens_revoked?: number }).tokens_revoked, 1);
});

test('an administrator’s reset (page and command line) revokes the account’s API tokens and sessions, audited', async () => {
  const id = await userId('bientap');
  const token = await tokenOf('bientap');
  const session = await signedIn('bientap');
  const admin = await signedIn('quantri');
  // The page's reset is a new activation link (D39): the old password, sessions and tokens stop at once.
  const reset = await admin.post(`/app/users/${id}/invite`, {});
  assert.ok(reset.status === 200 || reset.status === 303, reset.text.slice(0, 300));
  assert.notEqual((await t.client().login('bientap')).status, 302, 'the old password no longer signs in');
  assert.equal((await session.api('GET', '/api/v1/me', undefined, token)).status, 401);
  assert.equal((await session.get('/app/account')).status, 302);
  // The command line (roviec user reset-password) goes through the same command.
  const second = await tokenOf('bientap');
  await resetPassword(t.db, systemActor(t.wardA, 'CLI'), id, 'mat-khau-dat-lai-2');
  assert.equal((await t.client().api('GET', '/api/v1/me', undefined, second)).status, 401);
  const events = await t.db.selectFrom('audit_event').select('after_json').where('action', '=', 'user.reset_password').where('entity_id', '=', id).orderBy('at').orderBy('id').execute();
  assert.deepEqual(
    events.map((e) => (JSON.parse(e.after_json ?? '{}') as { tokens_revoked?: number }).tokens_revoked),
    [1, 1],
  );
  assert.equal((await signedIn('bientap', 'mat-khau-dat-lai-2')).cookies.size > 0, true);
});
