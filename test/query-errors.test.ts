// A wrong query word is refused by name (issue 12 leftovers, docs/DESIGN.md D63): walk every GET
// route that declares a query schema, send each paging/year/sort word with a value that cannot
// fit, and check that every 400 names the word — the page's message carries its label ("Số
// trang …"), the API's `fields` has the word as key and `message` carries the label too. Also:
// every query word of every route has a label, so the next list cannot forget one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from './support/app.ts';
import { paramLabel } from '../src/platform/http/query-params.ts';

let t: TestApp;
let admin: Client;
before(async () => {
  t = await startTestApp();
  admin = t.client();
  await admin.login('quantri');
});
after(async () => t.close());

const ZERO = '00000000-0000-4000-8000-000000000000';
/** Values no schema can take for these words. */
const BAD: Record<string, string[]> = {
  page: ['abc', '0', '-1'],
  trang: ['abc'],
  page_size: ['abc', '0'],
  limit: ['abc', '0'],
  offset: ['-5'],
  cursor: ['@@'],
  year: ['abc', '1800'],
  month: ['13', 'abc'],
  sort: ['khong-co-cot-nay'],
  dir: ['ngang'],
};

interface QueryRoute {
  url: string;
  keys: string[];
}

function queryRoutes(): QueryRoute[] {
  const out: QueryRoute[] = [];
  for (const r of t.app.routeRules) {
    if (r.method !== 'GET') continue;
    const q = r.schema?.querystring as { shape?: Record<string, unknown> } | undefined;
    if (!q?.shape) continue;
    out.push({ url: r.url, keys: Object.keys(q.shape) });
  }
  return out;
}

const pathOf = (url: string) => url.replace(':list', 'overdue').replace(':slug', 'tin-tuc').replace(/:\w+/g, ZERO);

/** The text of an error page (title and message), tags removed. */
const errorText = (html: string) => (/<section class="error-page">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '').replace(/<[^<>]*>/g, ' ').replace(/\s+/g, ' ');

test('every query word of every route has a label in both languages', () => {
  const missing = new Set<string>();
  for (const r of queryRoutes()) for (const k of r.keys) if (!paramLabel('vi', k) || !paramLabel('en', k)) missing.add(`${k} (${r.url})`);
  assert.deepEqual([...missing], []);
});

test('every 400 for a bad paging, year or sort word names the word, on pages and the API', async () => {
  const routes = queryRoutes();
  assert.ok(routes.length > 30, 'the routes with a query schema are found');
  const unnamed: string[] = [];
  const refused = new Set<string>();
  for (const r of routes) {
    for (const key of r.keys.filter((k) => k in BAD)) {
      for (const value of BAD[key] as string[]) {
        const url = `${pathOf(r.url)}?${key}=${encodeURIComponent(value)}`;
        const api = url.startsWith('/api/');
        const res = api ? await admin.api('GET', url) : await admin.get(url);
        if (res.status >= 500) unnamed.push(`${url}: ${res.status}`);
        if (res.status !== 400) continue;
        refused.add(key);
        const label = paramLabel('vi', key) as string;
        if (api) {
          const body = res.json<{ error: string; message: string; fields?: Record<string, string> }>();
          if (body.error !== 'err.queryInvalid' || !body.fields?.[key]?.startsWith(label) || !body.message.includes(label)) unnamed.push(`${url}: ${res.text}`);
        } else if (!errorText(res.text).includes(label)) unnamed.push(`${url}: ${errorText(res.text)}`);
      }
    }
  }
  assert.deepEqual(unnamed, []);
  // The walk reached refusals of each kind (a page drops an unknown sort, the API refuses it).
  for (const key of ['page', 'page_size', 'limit', 'year', 'month', 'sort', 'dir']) assert.ok(refused.has(key), `a bad ${key} was refused somewhere`);
});

test('the messages read as sentences, in Vietnamese on pages and in the caller\'s language on the API', async () => {
  const page = await admin.get('/app/people?page=abc');
  assert.equal(page.status, 400);
  assert.match(errorText(page.text), /Số trang phải là số nguyên từ 1 đến 100\.000\./);
  const api = await admin.api('GET', '/api/v1/people?page=abc&sort=tuoi');
  assert.equal(api.status, 400);
  assert.deepEqual(api.json<{ fields: Record<string, string> }>().fields, {
    page: 'Số trang phải là số nguyên từ 1 đến 100.000.',
    sort: 'Cột sắp xếp phải là một trong các giá trị: name, birth_date.',
  });
  const en = await admin.request('GET', '/api/v1/tasks?year=abc', { headers: { accept: 'application/json', 'accept-language': 'en' } });
  assert.equal(en.json<{ fields: Record<string, string> }>().fields.year, 'Year must be a whole number from 2000 to 2100.');
  // A person on a page is not shown internal codes; a program is (above); `all=0` means "not all".
  const status = await admin.get('/app/schedule?status=xyz');
  assert.equal(status.status, 400);
  assert.match(errorText(status.text), /Trạng thái: giá trị này không có trong danh sách; hãy chọn trong ô lọc của trang\./);
  assert.doesNotMatch(status.text, /not_started|in_progress/);
  assert.equal((await admin.get('/app/schedule?year=2017&all=0')).status, 200);
  assert.match(errorText((await admin.get('/app/schedule?year=2017&all=2')).text), /phải là một trong các giá trị: 0, 1\./);
  assert.equal((await admin.get('/app/programmes/dashboard?all=0')).status, 200);
  // A word a handler refuses itself (not its schema) is named too.
  const across = await admin.get('/app/reports/across?period=zz');
  assert.equal(across.status, 400);
  assert.match(errorText(across.text), /Kỳ báo cáo/);
});
