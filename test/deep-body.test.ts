// A request body nested too deep is refused with a 400, not a 500 (the fresh tester of round 23:
// 10 KB of `[[[…]]]` overflowed the stack of the one walk every body passes, withoutControls).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support/app.ts';
import { createToken } from '../src/platform/auth/tokens.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { MAX_BODY_DEPTH, withoutControls } from '../src/platform/http/schemas.ts';

let t: TestApp;
let token: string;
before(async () => {
  t = await startTestApp();
  const u = await t.db.selectFrom('app_user').select('id').where('username', '=', 'vanphong').executeTakeFirstOrThrow();
  ({ token } = await runMaintenance(t.db, 'test.token', (q) => createToken(q, u.id, 'deep', null)));
});
after(async () => {
  await t?.close();
});

const nested = (depth: number): unknown => {
  let v: unknown = 'x\u0000';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

test('withoutControls cleans a body up to MAX_BODY_DEPTH and refuses a deeper one with 400', () => {
  assert.equal(JSON.stringify(withoutControls(nested(MAX_BODY_DEPTH))).includes('\\u0000'), false);
  assert.throws(() => withoutControls(nested(MAX_BODY_DEPTH + 1)), (e: { status?: number }) => e.status === 400);
  assert.throws(() => withoutControls(nested(20_000)), (e: { status?: number }) => e.status === 400);
});

test('an API write with a body 5,000 levels deep: 400 in Vietnamese, nothing written', async () => {
  const before = await t.db.selectFrom('person').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const body = '{"full_name":"Nguyễn Văn Sâu","x":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
  const res = await fetch(t.base + '/api/v1/people', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /Yêu cầu không hợp lệ/);
  const now = await t.db.selectFrom('person').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(now.n), Number(before.n));
});
