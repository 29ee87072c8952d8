// A list filtered by an organization that is not of the ward (D81): every office list whose query
// takes `org` (page, print view, Excel), the schedule, and the API lists answer 404 for another
// ward's organization and for an unknown id, and 200 for one of the ward. Before, the people list
// answered 200 with "Tất cả" and its print view said "Toàn bộ danh sách (không lọc)". The walk is
// over every registered list, so a new list with an `org` filter is held to the rule too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { registeredOfficeLists } from './spec.ts';

let t: TestApp;
let c: Client;
let ours = '';
let theirs = '';
const UNKNOWN = '01a232a6-0000-7000-8000-000000000000';

before(async () => {
  t = await startTestApp();
  c = t.client();
  assert.equal((await c.login('vanphong')).status, 302);
  const orgOf = async (ward: string) => (await t.db.selectFrom('organization').select('id').where('ward_id', '=', ward).where('kind', '=', 'party_committee').executeTakeFirstOrThrow()).id;
  ours = await orgOf(t.wardA);
  theirs = await orgOf(t.wardB);
});
after(async () => t.close());

const takesOrg = (schema: unknown) => schema instanceof z.ZodObject && 'org' in schema.shape;

test('every list filtered by an organization of another ward, or unknown, is a 404; one of the ward is a 200', async () => {
  const lists = registeredOfficeLists().filter((l) => takesOrg(l.query));
  assert.ok(lists.length >= 3, `lists with an org filter: ${lists.map((l) => l.name).join(', ')}`);
  const paths = [...lists.flatMap((l) => [l.path, `${l.path}/print`, `${l.path}.xlsx`]), '/app/meetings', '/app/schedule', '/app/schedule.xlsx', '/api/v1/people', '/api/v1/meetings'];
  for (const p of paths) {
    const sep = p.startsWith('/app/schedule') ? '?year=2017&' : '?';
    for (const id of [theirs, UNKNOWN]) {
      const r = p.startsWith('/api/') ? await c.api('GET', `${p}${sep}org=${id}`) : await c.get(`${p}${sep}org=${id}`);
      assert.equal(r.status, 404, `${p} with ${id === theirs ? "another ward's" : 'an unknown'} organization: ${r.status}`);
    }
    const ok = p.startsWith('/api/') ? await c.api('GET', `${p}${sep}org=${ours}`) : await c.get(`${p}${sep}org=${ours}`);
    assert.equal(ok.status, 200, `${p} with the ward's own organization`);
  }
});
