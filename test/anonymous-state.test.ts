import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support/app.ts';
import { runMaintenance } from '../src/platform/command.ts';
import { hourlyPass } from '../src/main.ts';
import { WINDOW_MS } from '../src/platform/auth/throttle.ts';

// Issue 8 kind 11, "State for anonymous visitors": reading anonymously writes nothing and sets no
// cookie; the hourly pass purges expired sessions and spent throttle rows (docs/DESIGN.md D27).

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const sessions = async () => Number((await t.db.selectFrom('session').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Every anonymous GET worth trying: the sitemap's kinds of URL, every public route (params filled with a value that exists or not), pages that send to login, a 404. */
async function anonymousUrls(): Promise<string[]> {
  const sitemap = await (await fetch(t.base + '/sitemap.xml')).text();
  // A few of each kind (the whole sitemap is opened by test/long-urls.test.ts).
  const fromSitemap = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '/').pathname).filter((p, i, all) => all.findIndex((q) => q.split('/')[1] === p.split('/')[1]) >= i - 2);
  const routes = t.app.routeRules.filter((r) => r.method === 'GET' && !r.url.startsWith('/login') && !r.url.startsWith('/lang/'));
  const filled = routes.map((r) => r.url.replace(/:[a-zA-Z_]+/g, 'khong-co').replace(/\*$/, 'khong-co'));
  return [...new Set([...fromSitemap, ...filled, '/khong-co-trang-nay', '/bai-viet/khong-co', '/tim-kiem?q=ph%C6%B0%E1%BB%9Dng', '/app', '/app/people'])];
}

test('anonymous pages, 404s and refusals write no session row and set no cookie', async () => {
  assert.equal(await sessions(), 0);
  const urls = await anonymousUrls();
  assert.ok(urls.length > 50, `only ${urls.length} URLs`);
  const cookied: string[] = [];
  for (const u of urls) {
    const res = await fetch(t.base + u, { redirect: 'manual' });
    await res.arrayBuffer();
    if (res.headers.getSetCookie().length > 0) cookied.push(`${u} → ${res.headers.getSetCookie().join('; ')}`);
  }
  assert.deepEqual(cookied, []);
  assert.equal(await sessions(), 0);
  // The language switch sets only the language the visitor chose.
  const lang = await fetch(t.base + '/lang/en?next=/', { redirect: 'manual' });
  assert.deepEqual(lang.headers.getSetCookie().map((c) => c.split('=')[0]), ['rv_lang']);
  assert.equal(await sessions(), 0);
});

test('the login page (a form) gets its CSRF token and session, and signing in works', async () => {
  const c = t.client();
  const page = await c.get('/login');
  assert.ok(c.cookies.has('rv_sid'));
  assert.match(page.text, /name="_csrf" value="[^"]+"/);
  assert.doesNotMatch(page.text, /<meta name="csrf-token"/);
  assert.equal((await c.login('vanphong')).status, 302);
  assert.match((await c.get('/app')).text, /<meta name="csrf-token" content="[^"]+"/);
});

test('the hourly pass removes expired sessions and spent throttle rows, and keeps live ones', async () => {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  await runMaintenance(t.db, 'test.purge', async (q) => {
    await q.deleteFrom('login_throttle').execute();
    await q
      .insertInto('session')
      .values([
        { sid: 'old-1', user_id: null, data: '{}', expires_at: iso(now - 1000), updated_at: iso(now - 13 * 3_600_000) },
        { sid: 'live-1', user_id: null, data: '{}', expires_at: iso(now + 3_600_000), updated_at: iso(now) },
      ])
      .execute();
    await q
      .insertInto('login_throttle')
      .values([
        { key: 'ip:spent', failures: 3, window_start: iso(now - WINDOW_MS - 60_000), locked_until: null },
        { key: 'ip:lock-over', failures: 30, window_start: iso(now - 2 * WINDOW_MS), locked_until: iso(now - 1000) },
        { key: 'ip:locked', failures: 30, window_start: iso(now - WINDOW_MS - 60_000), locked_until: iso(now + 60_000) },
        { key: 'ip:counting', failures: 2, window_start: iso(now - 60_000), locked_until: null },
      ])
      .execute();
  });
  await hourlyPass(t.db, { smtpUrl: undefined });
  const sids = (await t.db.selectFrom('session').select('sid').where('sid', 'in', ['old-1', 'live-1']).execute()).map((r) => r.sid);
  assert.deepEqual(sids, ['live-1']);
  const keys = (await t.db.selectFrom('login_throttle').select('key').orderBy('key').execute()).map((r) => r.key);
  assert.deepEqual(keys, ['ip:counting', 'ip:locked']);
});
