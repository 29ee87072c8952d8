// The API honours its query words (issue 12 leftovers, docs/DESIGN.md D63): every GET route's
// OpenAPI parameters are exactly its schema's words, a word it does not document is refused by
// name (400, `fields.<word>`), and each documented paging word and filter of the list routes
// changes the answer as it says — the task list's month gives the schedule's month, in SQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from './support/app.ts';
import { scheduleSlots } from '../src/features/programmes/schedule-query.ts';
import { todayInVietnam } from '../src/lib/vi/index.ts';

let t: TestApp;
let c: Client;
before(async () => {
  t = await startTestApp();
  c = t.client();
  await c.login('vanphong');
});
after(async () => t.close());

interface ApiErr {
  error: string;
  message: string;
  fields?: Record<string, string>;
}
interface Doc {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
}
type List = { items: { id: string }[]; total: number };

const ZERO = '00000000-0000-4000-8000-000000000000';
const get = async <T,>(url: string): Promise<{ status: number; body: T }> => {
  const r = await c.api('GET', url);
  return { status: r.status, body: r.json<T>() };
};
const ids = (l: List) => l.items.map((i) => i.id);

test('each GET route documents exactly the query words it reads, and refuses any other by name', async () => {
  const doc = (await c.get('/api/v1/openapi.json')).json<Doc>();
  let checked = 0;
  for (const spec of t.app.apiSpecList) {
    if (spec.method !== 'GET' || spec.url.endsWith('openapi.json')) continue;
    const openapiPath = spec.url.replace(/:(\w+)/g, '{$1}');
    const documented = (doc.paths[openapiPath]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name).sort();
    const read = Object.keys((spec.query as { shape?: object } | undefined)?.shape ?? {}).sort();
    assert.deepEqual(documented, read, `${spec.url}: the document lists the words the route reads`);
    const res = await c.api('GET', `${spec.url.replace(/:\w+/g, ZERO)}?khong_co_tu_nay=1`);
    assert.equal(res.status, 400, `${spec.url} refuses an undocumented word`);
    const body = res.json<ApiErr>();
    assert.equal(body.error, 'err.queryInvalid');
    assert.match(body.fields?.khong_co_tu_nay ?? '', /«khong_co_tu_nay» không có trong danh sách tham số/);
    checked++;
  }
  assert.ok(checked >= 15);
  // The word a caller most often tries on the people list: refused by name, not ignored.
  const limit = await c.api('GET', '/api/v1/people?limit=2');
  assert.equal(limit.status, 400);
  assert.ok(limit.json<ApiErr>().fields?.limit);
});

test('people: page and page_size cut the list; sort and filters change it', async () => {
  const all = (await get<List>('/api/v1/people?page_size=200')).body;
  assert.ok(all.total > 6);
  const p1 = (await get<List>('/api/v1/people?page_size=3')).body;
  const p2 = (await get<List>('/api/v1/people?page_size=3&page=2')).body;
  assert.deepEqual(ids(p1), ids(all).slice(0, 3));
  assert.deepEqual(ids(p2), ids(all).slice(3, 6));
  assert.equal(p1.total, all.total);
  const desc = (await get<List>('/api/v1/people?page_size=200&sort=name&dir=desc')).body;
  assert.deepEqual(ids(desc), [...ids(all)].reverse());
  const org = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow();
  const inOrg = (await get<List>(`/api/v1/people?page_size=200&org=${org.id}`)).body;
  assert.ok(inOrg.total > 0 && inOrg.total < all.total);
});

test('tasks: limit/offset and page/page_size cut the list; year, status and month filter it in SQL', async () => {
  const year = 2017;
  const all = (await get<List>(`/api/v1/tasks?year=${year}&limit=1000`)).body;
  assert.ok(all.total > 5, 'the demo year has tasks');
  assert.equal(all.items.length, all.total);
  assert.deepEqual(ids((await get<List>(`/api/v1/tasks?year=${year}&limit=2&offset=2`)).body), ids(all).slice(2, 4));
  assert.deepEqual(ids((await get<List>(`/api/v1/tasks?year=${year}&page_size=2&page=2`)).body), ids(all).slice(2, 4));
  // The month filter gives the schedule's month: the same tasks as the schedule page's filter.
  let differs = 0;
  for (const month of [1, 6, 12]) {
    const api = (await get<List>(`/api/v1/tasks?year=${year}&month=${month}&limit=1000`)).body;
    const slots = await scheduleSlots(t.db, t.wardA, { year, month, orgIds: null }, todayInVietnam());
    assert.deepEqual(new Set(ids(api)), new Set(slots.map((s) => s.task.id)), `month ${month}`);
    assert.equal(api.total, api.items.length);
    if (api.total !== all.total) differs++;
  }
  assert.ok(differs > 0, 'the month filter drops some task of the year');
  const noYear = await c.api('GET', '/api/v1/tasks?month=3');
  assert.equal(noYear.status, 400);
  assert.match(noYear.json<ApiErr>().fields?.month ?? '', /^Tháng phải đi kèm năm/);
  const done = (await get<{ items: { id: string; status: string }[]; total: number }>(`/api/v1/tasks?year=${year}&status=done&limit=1000`)).body;
  assert.ok(done.items.every((i) => i.status === 'done'));
  assert.ok(done.total < all.total);
});

test('meetings, reports, programmes, orgs, units: their documented words change the answer', async () => {
  const meetings = (await get<List>('/api/v1/meetings?page_size=200')).body;
  assert.ok(meetings.total > 1);
  assert.deepEqual(ids((await get<List>('/api/v1/meetings?page_size=1&page=2')).body), ids(meetings).slice(1, 2));
  assert.equal((await get<List>('/api/v1/meetings?year=2001')).body.total, 0);
  const programmes = (await get<{ items: { year: number }[] }>('/api/v1/programmes?year=2017')).body;
  assert.ok(programmes.items.length > 0 && programmes.items.every((p) => p.year === 2017));
  assert.equal((await get<{ items: unknown[] }>('/api/v1/programmes?year=2001')).body.items.length, 0);
  const requests = (await get<List>('/api/v1/reports/requests')).body;
  assert.equal((await get<List>('/api/v1/reports/requests?year=2001')).body.total, 0);
  assert.ok(requests.total >= 0);
  const orgs = (await get<{ items: { kind: string }[] }>('/api/v1/orgs')).body;
  const kind = orgs.items[0]?.kind as string;
  const ofKind = (await get<{ items: { kind: string }[] }>(`/api/v1/orgs?kind=${kind}`)).body;
  assert.ok(ofKind.items.length > 0 && ofKind.items.every((o) => o.kind === kind));
  assert.equal((await c.api('GET', '/api/v1/units?on=31/02/2020')).status, 400);
});
