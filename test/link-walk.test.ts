// Never a link to a refusal (issue 11 item 7, D54): for every demo role, walk the app and the
// portal over real HTTP, breadth-first from the home pages, and follow every GET link a page
// offers (<a href>, <form method="get" action>); none may answer 403, 404 or 5xx, and a signed-in
// walk is never sent back to the log-in page. Bounded: URLs are grouped by pattern (ids and
// numbers stand for themselves as :id, query values dropped) and a few of each pattern are
// followed, so a role's walk stays well under a minute on SQLite and PostgreSQL alike.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, DEMO_PASSWORD, type TestApp, type Client } from './support/app.ts';
import { DEMO_ACCOUNTS } from '../src/demo/seed.ts';
import { addAccount } from '../src/features/users/service.ts';
import { systemActor } from '../src/platform/actor.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
  // A province administrator (an admin grant at the city): the province unit pages (D35).
  const city = await t.db.selectFrom('unit').select('id').where('code', '=', '01').executeTakeFirstOrThrow();
  await addAccount(t.db, systemActor('', 'Kiểm thử'), { username: 'tinh.quantri', display_name: 'Quản trị thành phố', password: DEMO_PASSWORD, home_ward_id: null, person_id: null }, [{ role: 'admin', unit_id: city.id, org_id: null }]);
});
after(async () => t.close());

/** How many URLs of one pattern are followed (one for documents and downloads). */
const PER_PATTERN = 3;
const MAX_REQUESTS = 600;
/** Links that change the session or are not pages to read. */
const SKIP = [/^\/logout/, /^\/lang\//, /^\/static\//, /^\/api\//, /^\/healthz/, /\/xem\.gif$/, /^\/setup/, /^\/activate\//];
const DOWNLOAD = /\.(xlsx|docx|pdf|odt|ods|ics|zip|csv)(\?|$)|\/files\/|^\/tep\/|^\/media\/|\/feed$/;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** '/app/tasks/<uuid>?sort=due&page=2' → '/app/tasks/:id?page&sort'. */
function patternOf(url: string): string {
  const u = new URL(url, 'http://x');
  const p = u.pathname.replace(UUID, ':id').replace(/\/\d+(?=\/|$|\.)/g, '/:n');
  const keys = [...new Set(u.searchParams.keys())].sort().join('&');
  return keys ? `${p}?${keys}` : p;
}

const decode = (s: string) => s.replaceAll('&amp;', '&').replaceAll('&#39;', "'").replaceAll('&quot;', '"');

/** Every GET target a page offers: link hrefs and the actions of GET forms, resolved against the page. */
export function linksOf(html: string, from: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)) out.push(decode(m[1] as string));
  for (const m of html.matchAll(/<form\b([^>]*)>/g)) {
    const attrs = m[1] as string;
    const method = /\smethod="([^"]*)"/i.exec(attrs)?.[1]?.toLowerCase() ?? 'get';
    const action = /\saction="([^"]*)"/.exec(attrs)?.[1];
    if (method === 'get') out.push(decode(action ?? from));
  }
  const base = new URL(from, 'http://x');
  return out
    .filter((h) => h && !h.startsWith('#') && !/^(mailto|tel|javascript|data):/i.test(h))
    .map((h) => {
      const u = new URL(h, base);
      return u.origin === 'http://x' ? u.pathname + u.search : null;
    })
    .filter((h): h is string => h !== null);
}

interface Walk {
  visited: number;
  bad: string[];
}

async function walk(c: Client, starts: string[], signedIn: boolean): Promise<Walk> {
  const queue = starts.map((url) => ({ url, from: '(start)' }));
  const seen = new Set<string>();
  const perPattern = new Map<string, number>();
  const bad: string[] = [];
  let visited = 0;
  while (queue.length && visited < MAX_REQUESTS) {
    const { url, from } = queue.shift() as { url: string; from: string };
    if (seen.has(url) || SKIP.some((r) => r.test(url))) continue;
    seen.add(url);
    const pattern = patternOf(url);
    const n = perPattern.get(pattern) ?? 0;
    if (n >= (DOWNLOAD.test(url) ? 1 : PER_PATTERN)) continue;
    perPattern.set(pattern, n + 1);
    visited++;
    if (DOWNLOAD.test(url)) {
      const res = await c.getBuffer(url);
      if (res.status >= 400) bad.push(`${res.status} ${url} ← ${from}`);
      continue;
    }
    const res = await c.get(url);
    if (res.status >= 300 && res.status < 400) {
      const to = res.location ?? '';
      if (signedIn && /^\/login/.test(new URL(to, 'http://x').pathname)) bad.push(`${res.status} → login: ${url} ← ${from}`);
      const target = new URL(to, 'http://x');
      if (target.origin === 'http://x') queue.push({ url: target.pathname + target.search, from: url });
      continue;
    }
    if (res.status >= 400) {
      // A GET form's action with no query may ask for a field (a search box): that is a filled form, not a link.
      bad.push(`${res.status} ${url} ← ${from}`);
      continue;
    }
    if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
    for (const link of linksOf(res.text, url)) if (!seen.has(link)) queue.push({ url: link, from: url });
  }
  return { visited, bad };
}

const ROLES = [...DEMO_ACCOUNTS.map((a) => a.username), 'tinh.quantri'];

for (const username of ROLES) {
  test(`link walk as ${username}: no link answers 403, 404 or 5xx`, async () => {
    const c = t.client();
    assert.equal((await c.login(username)).status, 302, username);
    const r = await walk(c, ['/app', '/app/account', '/'], true);
    assert.ok(r.visited > 10, `visited ${r.visited}`);
    assert.deepEqual(r.bad, [], `${username}: ${r.visited} pages`);
  });
}

test('link walk as a visitor (not signed in): the portal and the log-in page', async () => {
  const r = await walk(t.client(), ['/', '/login'], false);
  assert.ok(r.visited > 5, `visited ${r.visited}`);
  assert.deepEqual(r.bad, []);
});

test('linksOf: hrefs and GET form actions, same-site only, entities decoded', () => {
  const html = '<a href="/app/x?a=1&amp;b=2">x</a><a href="https://other.example/">o</a><a href="#top">t</a><form method="post" action="/app/y"></form><form action="/app/z" method="get"></form><form role="search"></form>';
  assert.deepEqual(linksOf(html, '/app/p'), ['/app/x?a=1&b=2', '/app/z', '/app/p']);
  assert.equal(patternOf('/app/tasks/0b7c5a9e-1111-4222-8333-944455556666?sort=due&page=2'), '/app/tasks/:id?page&sort');
});
