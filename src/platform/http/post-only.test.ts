import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { safeAddressOf } from './post-only.ts';
import type { RouteRule } from './security.ts';

// D64: the address a refused form leaves in the address bar (its action) is safe to open again:
// every form action (each non-GET route outside the API) opened by GET either is a page itself or
// answers 303 to the page it belongs to; never a 404 or a 5xx.

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const ID = '01890000-0000-7000-8000-000000000000';
/** A concrete path for a route pattern: a UUID for every parameter, `x` for a wildcard. */
const fill = (url: string) => url.replace(/:[A-Za-z_]+/g, ID).replace(/\*$/, 'x');
const asRegex = (url: string) => new RegExp('^' + url.replace(/:[A-Za-z_]+/g, '[^/]+').replace(/\*$/, '.*') + '$');

test('safeAddressOf: a POST-only path goes to the nearest GET page above it; GET pages, API paths and unknown paths do not', () => {
  const rules: RouteRule[] = [
    { method: 'GET', url: '/app/tasks/:id', access: 'auth' },
    { method: 'POST', url: '/app/tasks/:id/submit', access: 'auth' },
    { method: 'POST', url: '/app/programmes/:id/tasks', access: 'auth' },
    { method: 'GET', url: '/app/programmes/:id', access: 'auth' },
    { method: 'POST', url: '/api/v1/tasks/:id/submit', access: 'auth' },
    { method: 'GET', url: '/api/v1/tasks/:id', access: 'auth' },
  ];
  assert.equal(safeAddressOf(rules, `/app/tasks/${ID}/submit`), `/app/tasks/${ID}`);
  assert.equal(safeAddressOf(rules, `/app/tasks/${ID}/submit/`), `/app/tasks/${ID}`);
  assert.equal(safeAddressOf(rules, `/app/programmes/${ID}/tasks`), `/app/programmes/${ID}`);
  assert.equal(safeAddressOf(rules, `/app/tasks/${ID}/nothing`), null);
  assert.equal(safeAddressOf(rules, `/api/v1/tasks/${ID}/submit`), null);
  // A POST-only path with no page above it at all stays a 404.
  assert.equal(safeAddressOf([{ method: 'POST', url: '/x/y', access: 'auth' }], '/x/y'), null);
});

test('every form action of the route table opened by GET is a page or a 303 to one (never 404/5xx)', async () => {
  const rules = t.app.routeRules;
  const gets = rules.filter((r) => r.method === 'GET').map((r) => asRegex(r.url));
  const actions = [...new Set(rules.filter((r) => r.method !== 'GET' && !r.url.startsWith('/api/')).map((r) => r.url))];
  assert.ok(actions.length > 100, `only ${actions.length} form actions`);
  const c = t.client();
  await c.login('vanphong');
  let redirected = 0;
  for (const url of actions) {
    const path = fill(url);
    if (gets.some((re) => re.test(path))) continue; // a page of its own: its GET route answers
    const res = await c.get(path);
    assert.equal(res.status, 303, `GET ${path} (from ${url}) → ${res.status}`);
    const to = new URL(res.location ?? '', t.base).pathname;
    assert.ok(gets.some((re) => re.test(to)), `GET ${path} → ${to}, not a page`);
    assert.ok(path.startsWith(to), `GET ${path} → ${to}, not above it`);
    redirected++;
  }
  assert.ok(redirected > 50, `only ${redirected} form actions redirected`);
  // Signed out, too: the 303 comes before the sign-in redirect of the page it leads to.
  const anon = await t.client().get(`/app/tasks/${ID}/submit`);
  assert.equal(anon.status, 303);
  assert.equal(anon.location, `/app/tasks/${ID}`);
  // An API client is not redirected: it is told which methods the address takes (405).
  const api = await c.get(`/api/v1/tasks/${ID}/submit`, { accept: 'application/json' });
  assert.equal(api.status, 405);
});

test('every API address asked with a method it does not take answers 405 with the ones it takes; an unknown one 404', async () => {
  const rules = t.app.routeRules.filter((r) => r.url.startsWith('/api/'));
  const byUrl = new Map<string, Set<string>>();
  for (const r of rules) byUrl.set(r.url, (byUrl.get(r.url) ?? new Set()).add(r.method));
  assert.ok(byUrl.size > 30, `only ${byUrl.size} API addresses`);
  const c = t.client();
  await c.login('vanphong');
  let checked = 0;
  for (const [url, methods] of byUrl) {
    const path = fill(url);
    // The methods routed at this concrete path (another pattern may match it too: /x/:id and /x/new).
    const routed = new Set(rules.filter((r) => asRegex(r.url).test(path)).map((r) => r.method));
    if (routed.has('GET')) routed.add('HEAD');
    const wrong = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].find((m) => !routed.has(m));
    if (!wrong) continue;
    const res = await c.api(wrong, path, wrong === 'GET' ? undefined : {});
    assert.equal(res.status, 405, `${wrong} ${path} → ${res.status} ${res.text.slice(0, 200)}`);
    assert.deepEqual(new Set(String(res.headers.get('allow') ?? '').split(', ')), routed, `${wrong} ${path}: Allow`);
    assert.equal(res.json<{ error: string }>().error, 'err.405');
    assert.ok(methods.size > 0);
    checked++;
  }
  assert.ok(checked > 30, `only ${checked} addresses checked`);
  const en = await c.request('DELETE', `/api/v1/tasks/${ID}/progress`, { headers: { accept: 'application/json', 'accept-language': 'en', 'x-csrf-token': await c.csrf() } });
  assert.equal(en.status, 405);
  assert.match(en.json<{ message: string }>().message, /^This address does not take DELETE; it takes: GET, HEAD, POST\.$/);
  const unknown = await c.get(`/api/v1/nothing-here/${ID}`, { accept: 'application/json' });
  assert.equal(unknown.status, 404);
  // An empty body sent with a JSON content type (as many clients do on DELETE) changes nothing of it.
  const json = { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': await c.csrf() };
  const empty = await c.request('DELETE', '/api/v1/meetings', { headers: json });
  assert.equal(empty.status, 405, empty.text);
  assert.equal(empty.headers.get('allow'), 'GET, HEAD, POST');
  assert.equal((await c.request('DELETE', `/api/v1/nothing-here/${ID}`, { headers: json })).status, 404);
  // On a route that takes a body, the refusal says what is wrong with it.
  const noBody = await c.request('POST', `/api/v1/tasks/${ID}/progress`, { headers: json });
  assert.equal(noBody.status, 400);
  assert.equal(noBody.json<{ error: string }>().error, 'err.emptyJson');
});

test('a refused form is rendered in answer to its POST (4xx) and marked so a reload asks by GET', async () => {
  const c = t.client();
  await c.login('vanphong');
  await c.get('/app/programmes');
  const res = await c.post('/app/programmes', { title: '' });
  assert.equal(res.status, 400);
  assert.match(res.text, /<meta name="rv-posted" content="1"/);
  const page = await c.get('/app/programmes');
  assert.doesNotMatch(page.text, /rv-posted/);
});
