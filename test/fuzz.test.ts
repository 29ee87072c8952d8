// "No request any user can send produces a 5xx": every writing route, as the most powerful
// role of the ward, fed random and hostile form fields and ids, must answer below 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const FIELDS = [
  'full_name', 'name', 'title', 'short_name', 'kind', 'unit_id', 'org_id', 'parent_id', 'person_id', 'version', 'start_on', 'end_on', 'ended_on',
  'valid_from', 'valid_to', 'birth_date', 'gender', 'phone', 'email', 'note', 'rank', 'abbreviation', 'member_no', 'membership_org_id',
  'membership_start_on', 'reason', 'username', 'display_name', 'password', 'role', 'wardId', 'q', 'page', 'on', 'year', 'status', 'due_on',
  'percent', 'value', 'body', 'slug', 'category_id', 'publish_at', 'comment', 'relation', 'related_org_id', 'sort_order', 'code',
];

const hostile = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', '31/02/2017', '2017-13-01', '99/99/9999', '01/01/0001', '<script>alert(1)</script>', "' or 1=1 --", '\u0000', '%00', 'ĐẢNG ỦY', 'x'.repeat(5000)),
  fc.uuid(),
  fc.integer().map(String),
);

test('no writing route answers 5xx to random or hostile input', async () => {
  const c = t.client();
  await c.login('quantri');
  const ids = await Promise.all([
    t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).limit(1).executeTakeFirstOrThrow(),
    t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).limit(1).executeTakeFirstOrThrow(),
    t.db.selectFrom('unit').select('id').where('ward_id', '=', t.wardA).where('is_ward', '=', 0).limit(1).executeTakeFirstOrThrow(),
    t.db.selectFrom('position').select('id').where('ward_id', '=', t.wardA).limit(1).executeTakeFirstOrThrow(),
  ]);
  const idChoices = [...ids.map((r) => r.id), '00000000-0000-7000-8000-000000000000', 'khong-phai-id'];
  const writes = t.app.routeRules.filter((r) => r.method !== 'GET' && r.url !== '/logout' && r.url !== '/login' && !r.url.startsWith('/api/'));
  assert.ok(writes.length > 10);
  const failures: string[] = [];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...writes),
      fc.constantFrom(...idChoices),
      fc.dictionary(fc.constantFrom(...FIELDS), hostile, { maxKeys: 8 }),
      async (rule, id, form) => {
        const url = rule.url.replace(/:[A-Za-z_]+/g, id);
        const res = await c.post(url, form);
        if (res.status >= 500) failures.push(`${rule.method} ${url} ${JSON.stringify(form).slice(0, 200)} -> ${res.status}`);
        return res.status < 500;
      },
    ),
    { numRuns: 300, seed: 20170210 },
  );
  assert.deepEqual(failures, []);
});

test('no API route answers 5xx to random JSON', async () => {
  const c = t.client();
  await c.login('quantri');
  const person = await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).limit(1).executeTakeFirstOrThrow();
  const api = t.app.routeRules.filter((r) => r.url.startsWith('/api/') && r.method !== 'GET');
  if (api.length === 0) return;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...api), fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(hostile, fc.integer(), fc.boolean(), fc.constant(null)))), async (rule, body) => {
      const res = await c.api(rule.method, rule.url.replace(/:[A-Za-z_]+/g, person.id), body);
      return res.status < 500;
    }),
    { numRuns: 150, seed: 10022017 },
  );
});
