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

interface Node {
  id: string;
  name: string;
  kind: string;
  is_ward: boolean;
  parent_id: string | null;
  depth: number;
}

const tokenFor = async (username: string) => {
  const u = await t.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return (await runMaintenance(t.db, 'test.token', async (q) => createToken(q, u.id, 'test', null))).token;
};
const outline = (items: Node[]) => items.filter((n) => n.kind !== 'to_dan_pho').map((n) => `${'  '.repeat(n.depth)}${n.name}${n.is_ward ? ' *' : ''}`);

test('GET /api/v1/units?on=: the tree around the ward as it stood on that day (2017 and 2025 shapes)', async () => {
  const token = await tokenFor('vanphong');
  const c = t.client();
  const in2017 = await c.api('GET', '/api/v1/units?on=10/02/2017', undefined, token);
  assert.equal(in2017.status, 200);
  const body = in2017.json<{ on: string; items: Node[] }>();
  assert.equal(body.on, '2017-02-10');
  assert.deepEqual(outline(body.items), ['Thành phố Hà Nội', '  Quận Hai Bà Trưng', '    Phường Đồng Tâm *']);
  const groups = body.items.filter((n) => n.kind === 'to_dan_pho');
  assert.equal(groups.length, 10);
  const ward = body.items.find((n) => n.is_ward);
  assert.ok(groups.every((g) => g.parent_id === ward?.id && g.depth === 3));
  // Ward B is not in ward A's tree.
  assert.ok(!body.items.some((n) => n.name === 'Phường Vĩnh Tuy'));

  const in2025 = (await c.api('GET', '/api/v1/units?on=2025-08-01', undefined, token)).json<{ items: Node[] }>();
  assert.deepEqual(outline(in2025.items), ['Thành phố Hà Nội', '  Phường Đồng Tâm *']);
  assert.equal((await c.api('GET', '/api/v1/units?on=2025-02-30', undefined, token)).status, 400);
});

test('GET /api/v1/units follows the chosen ward and needs a signed-in caller', async () => {
  const token = await tokenFor('vinhtuy.doan');
  const items = (await t.client().api('GET', '/api/v1/units?on=2025-08-01', undefined, token)).json<{ items: Node[] }>().items;
  assert.deepEqual(outline(items), ['Thành phố Hà Nội', '  Phường Vĩnh Tuy *']);
  assert.equal((await t.client().api('GET', '/api/v1/units')).status, 401);
});
