// The route × role walk: every route, as every role and as a visitor, allowed or refused exactly
// as its access rule says; and docs/ROUTES.md is the table those rules generate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startTestApp, type TestApp, type Client } from './support/app.ts';
import { ROLES, type Role } from '../src/platform/auth/roles.ts';
import { allows, routeTableMarkdown, sortedRules } from '../src/platform/http/route-table.ts';
import type { RouteRule } from '../src/platform/http/security.ts';

const ACCOUNT: Record<Role, string> = { admin: 'quantri', standing: 'thuongvu', office: 'vanphong', org_head: 'phunu', member: 'hoivien', editor: 'bientap' };
const ZERO_ID = '00000000-0000-7000-8000-000000000000';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

test('docs/ROUTES.md is the table generated from the routes', () => {
  const expected = routeTableMarkdown(t.app.routeRules);
  const actual = fs.readFileSync(new URL('../docs/ROUTES.md', import.meta.url), 'utf8');
  assert.equal(actual, expected, 'docs/ROUTES.md is out of date: run `npm run docs:routes`');
});

test('every route has a rule, and routes exist for every area', () => {
  assert.ok(t.app.routeRules.length >= 20);
  for (const r of t.app.routeRules) assert.ok(r.access === 'public' || r.access === 'auth' || r.access === 'province-admin' || (Array.isArray(r.access) && r.access.length > 0), `${r.method} ${r.url}`);
});

function concreteUrl(url: string): string {
  return url.replace(/:lang/g, 'vi').replace(/:[A-Za-z_]+/g, ZERO_ID).replace(/\*$/, 'x');
}

/** Session-ending routes go last so the walk keeps its login. */
function walkOrder(rules: RouteRule[]): RouteRule[] {
  const last = (r: RouteRule) => (r.method === 'POST' && (r.url === '/logout' || r.url === '/login') ? 1 : 0);
  return sortedRules(rules).sort((a, b) => last(a) - last(b));
}

async function call(c: Client, r: RouteRule): Promise<{ status: number; location: string | null }> {
  const url = concreteUrl(r.url);
  if (r.method === 'GET') return c.get(url, r.url.startsWith('/api/') ? { accept: 'application/json' } : {});
  if (r.url.startsWith('/api/')) return c.api(r.method, url, {});
  const body = new URLSearchParams({ _csrf: await c.csrf() });
  return c.request(r.method, url, { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

function refused(res: { status: number; location: string | null }, signedIn: boolean): boolean {
  if (res.status === 403) return true;
  if (!signedIn) return res.status === 401 || (res.status === 302 && (res.location ?? '').startsWith('/login?next='));
  return false;
}

for (const role of [null, ...ROLES] as (Role | null)[]) {
  test(`every route as ${role ?? 'a visitor'}`, async () => {
    const c = t.client();
    if (role) assert.equal((await c.login(ACCOUNT[role])).status, 302, `login ${ACCOUNT[role]}`);
    else await c.get('/login');
    const wrong: string[] = [];
    for (const r of walkOrder(t.app.routeRules)) {
      const res = await call(c, r);
      const allowed = allows(r, role);
      if (res.status >= 500) wrong.push(`${r.method} ${r.url}: ${res.status}`);
      else if (allowed && refused(res, role !== null)) wrong.push(`${r.method} ${r.url}: refused (${res.status}) but the rule allows ${role ?? 'visitors'}`);
      else if (!allowed && !refused(res, role !== null)) wrong.push(`${r.method} ${r.url}: got ${res.status} but the rule refuses ${role ?? 'visitors'}`);
    }
    assert.deepEqual(wrong, []);
  });
}
