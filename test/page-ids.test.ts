// Every page of the demo, as every role and as a visitor, has unique element ids (axe's
// "duplicate-id" rules; issue 8 kind 16, docs/DESIGN.md D29). The pages are found by following the
// links of the pages themselves from /app (and / for the public site), one page per route shape
// (ids and numbers in the path, the query string ignored), so a new page or a new form on a
// page is checked without being listed here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from './support/app.ts';
import { ROLES, type Role } from '../src/platform/auth/roles.ts';

const ACCOUNT: Record<Role, string> = { admin: 'quantri', standing: 'thuongvu', office: 'vanphong', org_head: 'phunu', member: 'hoivien', editor: 'bientap' };
const MAX_PAGES = 250;

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

/** The ids of an HTML page that appear more than once (a cheap parse: every ` id="…"` attribute). */
export function duplicateIds(html: string): string[] {
  const seen = new Map<string, number>();
  for (const m of html.matchAll(/<[a-zA-Z][^>]*?\sid="([^"]*)"/g)) seen.set(m[1] as string, (seen.get(m[1] as string) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}

/** The shape of a path: ids and numbers replaced, so each route is visited once. */
const shape = (p: string) => p.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id').replace(/\/\d+(?=\/|$)/g, '/:n');
const SKIP = /^\/(logout|lang\/|static\/|media\/|tep\/|api\/)|\.(xml|xlsx|docx|pdf|ics|txt|csv|json)$|\/files\/|\/documents\//;

async function walk(c: Client, starts: string[]): Promise<{ pages: number; wrong: string[] }> {
  const queue = [...starts];
  const seenShapes = new Set<string>();
  const wrong: string[] = [];
  let pages = 0;
  while (queue.length && pages < MAX_PAGES) {
    const url = queue.shift() as string;
    const path = url.split('?')[0] as string;
    if (seenShapes.has(shape(path)) || SKIP.test(path)) continue;
    seenShapes.add(shape(path));
    const res = await c.get(url);
    if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
    pages++;
    const dup = duplicateIds(res.text);
    if (dup.length) wrong.push(`${url}: ${dup.join(', ')}`);
    for (const m of res.text.matchAll(/\shref="(\/[^"#]*)"/g)) {
      const href = (m[1] as string).replace(/&amp;/g, '&');
      if (!seenShapes.has(shape(href.split('?')[0] as string))) queue.push(href);
    }
  }
  return { pages, wrong };
}

test('the duplicate-id finder finds a duplicate and nothing else', () => {
  assert.deepEqual(duplicateIds('<input id="f-valid_to"><p data-id="f-valid_to"></p><input id="f-valid_to-2"><input id="f-valid_to">'), ['f-valid_to']);
});

test('the public site as a visitor: no duplicate ids', async () => {
  const r = await walk(t.client(), ['/']);
  assert.ok(r.pages >= 5, `visited ${r.pages} pages`);
  assert.deepEqual(r.wrong, []);
});

for (const role of ROLES) {
  test(`every page as ${role}: no duplicate ids`, async (tc) => {
    const c = t.client();
    assert.equal((await c.login(ACCOUNT[role])).status, 302);
    const r = await walk(c, ['/app']);
    tc.diagnostic(`${r.pages} pages`);
    assert.ok(r.pages >= 5, `visited ${r.pages} pages`);
    assert.deepEqual(r.wrong, []);
  });
}
