import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { runMaintenance } from '../../platform/command.ts';
import { createToken } from '../../platform/auth/tokens.ts';

let t: TestApp;
let token: string;
before(async () => {
  t = await startTestApp();
  const u = await t.db.selectFrom('app_user').select('id').where('username', '=', 'hoivien').executeTakeFirstOrThrow();
  token = (await runMaintenance(t.db, 'test.token', async (q) => createToken(q, u.id, 'test', null))).token;
});
after(async () => t.close());

interface Org {
  id: string;
  kind: string;
  name: string;
  short_name: string | null;
  parent_id: string | null;
  valid_from: string;
  valid_to: string | null;
}
interface Ref {
  id: string;
  name: string;
  kind: string;
}

test('GET /api/v1/orgs: the organizations of the caller\'s ward only, filtered by kind', async () => {
  const c = t.client();
  const all = await c.api('GET', '/api/v1/orgs', undefined, token);
  assert.equal(all.status, 200);
  const items = all.json<{ items: Org[] }>().items;
  const inA = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).execute();
  assert.deepEqual(items.map((o) => o.id).sort(), inA.map((o) => o.id).sort());
  assert.equal('ward_id' in (items[0] ?? {}), false);
  const mass = (await c.api('GET', '/api/v1/orgs?kind=mass_organization', undefined, token)).json<{ items: Org[] }>().items;
  assert.deepEqual(mass.map((o) => o.short_name).sort(), ['Công đoàn', 'Hội CCB', 'Hội LHPN', 'Đoàn TN'].sort());
  const bad = await c.api('GET', '/api/v1/orgs?kind=club&on=32/01/2020', undefined, token);
  assert.equal(bad.status, 400);
  // Each word named (D63).
  const fields = bad.json<{ fields: Record<string, string> }>().fields;
  assert.equal(fields.kind, 'Loại: giá trị không hợp lệ.');
  assert.equal(fields.on, 'Ngày xem: ngày không hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2025).');
});

test('GET /api/v1/orgs?on= leaves out organizations that did not exist on that day', async () => {
  const c = t.client();
  const before2015 = (await c.api('GET', '/api/v1/orgs?on=2014-12-31', undefined, token)).json<{ items: Org[] }>().items;
  assert.deepEqual(before2015, []);
  const in2017 = (await c.api('GET', '/api/v1/orgs?on=10/02/2017', undefined, token)).json<{ items: Org[] }>().items;
  assert.ok(in2017.length > 10);
});

test('GET /api/v1/orgs/:id: the organization, the one above it, those under it; other wards are 404', async () => {
  const c = t.client();
  const pn = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow();
  const res = await c.api('GET', `/api/v1/orgs/${pn.id}`, undefined, token);
  assert.equal(res.status, 200);
  const d = res.json<{ org: Org; parent: Ref | null; children: Ref[] }>();
  assert.equal(d.org.name, 'Hội Liên hiệp Phụ nữ phường');
  assert.equal(d.parent, null);
  assert.equal(d.children.length, 6);
  assert.ok(d.children.every((ch) => ch.kind === 'branch' && ch.name.startsWith('Chi hội Phụ nữ')));
  const branch = (await c.api('GET', `/api/v1/orgs/${d.children[0]?.id}`, undefined, token)).json<{ parent: Ref | null }>();
  assert.deepEqual(branch.parent, { id: pn.id, name: 'Hội Liên hiệp Phụ nữ phường', kind: 'mass_organization' });
  const inB = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardB).limit(1).executeTakeFirstOrThrow();
  assert.equal((await c.api('GET', `/api/v1/orgs/${inB.id}`, undefined, token)).status, 404);
  assert.equal((await c.api('GET', '/api/v1/orgs/123', undefined, token)).status, 404);
  assert.equal((await t.client().api('GET', `/api/v1/orgs/${pn.id}`)).status, 401);
});
