import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestApp, type TestApp } from './support/app.ts';
import { markSystem, runCommand } from '../src/platform/command.ts';
import { systemActor } from '../src/platform/actor.ts';
import { insertArticle } from '../src/features/portal/service.ts';
import { MAX_PARAM_LENGTH } from '../src/app.ts';

// Issue 8 kind 12, "URLs the product makes that do not open": every URL the portal makes opens;
// a request too long to serve gets a Vietnamese answer, never framework JSON (docs/DESIGN.md D27).

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const open = async (p: string) => {
  const res = await fetch(t.base + p, { redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};
const sitemapPaths = async () => [...(await open('/sitemap.xml')).text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] ?? '/').pathname);

test('every URL in the sitemap opens, and so does every link on those pages (demo)', async () => {
  const pages = await sitemapPaths();
  assert.ok(pages.length > 50, `sitemap has ${pages.length} URLs`);
  const links = new Set<string>();
  const broken: string[] = [];
  for (const p of pages) {
    const res = await open(p);
    if (res.status !== 200) broken.push(`${res.status} ${p}`);
    for (const m of res.text.matchAll(/href="(\/[^"#]*)"/g)) {
      const href = (m[1] ?? '').replaceAll('&amp;', '&');
      if (!href.startsWith('/static/') && !href.startsWith('/lang/') && !pages.includes(href)) links.add(href);
    }
  }
  for (const href of links) {
    const res = await open(href);
    if (res.status >= 400) broken.push(`${res.status} ${href}`);
  }
  assert.deepEqual(broken, []);
});

test('an article with a 250-character official title opens from its link, the sitemap and its category page', async () => {
  const actor = systemActor(t.wardA, 'Văn phòng Đảng ủy');
  const category = await t.db.selectFrom('portal_category').select(['id', 'slug']).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  const base = 'Nghị quyết của Ban Chấp hành Đảng bộ phường về việc lãnh đạo thực hiện nhiệm vụ phát triển kinh tế, văn hóa, xã hội, bảo đảm quốc phòng, an ninh và xây dựng hệ thống chính trị trong sạch, vững mạnh giai đoạn 2025–2030 và các năm tiếp theo của nhiệm kỳ';
  const title = (base + ' ' + base).slice(0, 250);
  assert.equal(title.length, 250);
  await runCommand(t.db, actor, 'test.article', async (c) => {
    markSystem(actor);
    return insertArticle(c.trx, actor, { category_id: category.id, title, summary: null, body_md: 'Toàn văn nghị quyết.', status: 'published', published_at: new Date(Date.now() - 60_000).toISOString() });
  });
  const row = await t.db.selectFrom('article').select('slug').where('title', '=', title).executeTakeFirstOrThrow();
  assert.ok(row.slug.length > 100, `slug of ${row.slug.length} characters`);
  const href = `/bai-viet/${row.slug}`;
  assert.ok((await sitemapPaths()).includes(href));
  assert.ok((await open(`/chuyen-muc/${category.slug}`)).text.includes(`href="${href}"`));
  const page = await open(href);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(title.slice(0, 60)));
});

test('a path parameter over the limit: a Vietnamese 414 page, Vietnamese JSON under /api', async () => {
  const long = 'a'.repeat(MAX_PARAM_LENGTH + 1);
  const pageRes = await open(`/bai-viet/${long}`);
  assert.equal(pageRes.status, 414);
  assert.match(pageRes.type, /text\/html/);
  assert.match(pageRes.text, /Địa chỉ trang quá dài/);
  const apiRes = await open(`/api/v1/people/${long}`);
  assert.equal(apiRes.status, 414);
  assert.deepEqual(JSON.parse(apiRes.text), { error: 'url_too_long', message: 'Địa chỉ trang quá dài. Vui lòng kiểm tra lại đường dẫn.' });
  // Just under the limit is an ordinary (Vietnamese) 404.
  assert.equal((await open(`/bai-viet/${'a'.repeat(MAX_PARAM_LENGTH)}`)).status, 404);
});

/** A raw GET (fetch refuses nothing, but keep full control of the request line). */
function rawGet(p: string): Promise<{ status: number; type: string; text: string }> {
  const { hostname, port } = new URL(t.base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: p, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a 1 MB query string: a Vietnamese 431 page, Vietnamese JSON under /api', async () => {
  const q = '?q=' + 'a'.repeat(1_000_000);
  const pageRes = await rawGet('/tim-kiem' + q);
  assert.equal(pageRes.status, 431);
  assert.match(pageRes.type, /text\/html/);
  assert.match(pageRes.text, /Yêu cầu quá lớn/);
  const apiRes = await rawGet('/api/v1/people' + q);
  assert.equal(apiRes.status, 431);
  assert.equal((JSON.parse(apiRes.text) as { error: string }).error, 'headers_too_large');
  assert.match(apiRes.text, /Yêu cầu quá lớn/);
  // The server still serves.
  assert.equal((await open('/')).status, 200);
});
