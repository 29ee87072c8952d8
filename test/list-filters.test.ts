// A list filtered by what is not of the ward (D81): every office list whose query takes `org` (page,
// print view, Excel), the schedule, and the API lists answer 404 for another ward's organization and
// for an unknown id, and 200 for one of the ward. Before, the people list answered 200 with "Tất cả"
// and its print view said "Toàn bộ danh sách (không lọc)". Then every id filter of every list (found
// by what its query schema takes: an id, not a word) answers 404 for an unknown id, and the
// schedule's and the task list's programme and owner filters for another ward's. The walks are over
// every registered list, so a new list or filter is held to the rule too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { startTestApp, type TestApp, type Client } from './support/app.ts';
import { registeredOfficeLists } from '../src/platform/office-list/spec.ts';
import { SchedulePageQuery } from '../src/features/programmes/schedule.ts';

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

/** The keys of a query schema that take an id (an id parses, a word does not). */
const idKeys = (schema: unknown): string[] =>
  schema instanceof z.ZodObject ? Object.entries(schema.shape as Record<string, z.ZodType>).filter(([, f]) => f.safeParse(UNKNOWN).success && !f.safeParse('zz').success).map(([k]) => k) : [];

test('every id filter of every list answers 404 for an unknown id; the programme and owner filters for another ward\'s too', async () => {
  const walked: string[] = [];
  const lists = [...registeredOfficeLists().map((l) => ({ path: l.path, keys: idKeys(l.query), pre: '' })), { path: '/app/schedule', keys: idKeys(SchedulePageQuery), pre: 'year=2017&' }];
  // The audit log's filters name history: a record deleted since, an account of another ward that
  // acted here (a province administrator). An empty answer is right for them, not a 404.
  const HISTORY = new Set(['/app/audit?actor', '/app/audit?entity']);
  for (const l of lists)
    for (const k of l.keys) {
      if (HISTORY.has(`${l.path}?${k}`)) continue;
      for (const p of l.path === '/app/schedule' ? [l.path, '/app/schedule.xlsx'] : [l.path, `${l.path}/print`, `${l.path}.xlsx`]) {
        const r = await c.get(`${p}?${l.pre}${k}=${UNKNOWN}`);
        assert.equal(r.status, 404, `${p}?${k}=<unknown>: ${r.status}`);
        walked.push(`${p}?${k}`);
      }
    }
  for (const must of ['/app/schedule?org', '/app/schedule?source', '/app/schedule?owner', '/app/schedule?programme', '/app/tasks?programme', '/app/people?org']) assert.ok(walked.includes(must), `walked ${must}`);
  const programmeOf = async (ward: string) => (await t.db.selectFrom('programme').select('id').where('ward_id', '=', ward).executeTakeFirst())?.id;
  const personOf = async (ward: string) => (await t.db.selectFrom('person').select('id').where('ward_id', '=', ward).executeTakeFirstOrThrow()).id;
  const [ourProgramme, ourPerson, theirPerson] = [await programmeOf(t.wardA), await personOf(t.wardA), await personOf(t.wardB)];
  assert.ok(ourProgramme);
  for (const [p, ok] of [
    [`/app/schedule?year=2017&owner=${theirPerson}`, `/app/schedule?year=2017&owner=${ourPerson}`],
    [`/app/tasks?year=2017&programme=${UNKNOWN}`, `/app/tasks?year=2017&programme=${ourProgramme}`],
    [`/app/schedule?year=2017&programme=${UNKNOWN}`, `/app/schedule?year=2017&programme=${ourProgramme}`],
  ] as const) {
    assert.equal((await c.get(p)).status, 404, p);
    assert.equal((await c.get(ok)).status, 200, ok);
  }
});
