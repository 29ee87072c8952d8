// Portal caching (issue 12, docs/DESIGN.md D42) on the real database of the run (SQLite, or
// PostgreSQL with ROVIEC_TEST_DATABASE_URL): the cached article page equals the reference rendering
// byte for byte, every write shows at once (publish, edit, unpublish, a category renamed by any
// writer), HTTP validators answer 304, a scheduled article stays hidden until its time (page and
// search cache), and every writer of article bodies fills the plain text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, DB_KIND, type TestApp, type Client } from '../../../test/support/app.ts';
import { runMaintenance } from '../../platform/command.ts';
import { translator } from '../../platform/i18n/index.ts';
import { generateArticles } from '../../../bench/portal.ts';
import { listCategories, publicArticle, siteFor } from './service.ts';
import { siteOrigin } from './routes-public.tsx';
import { articlePageHtml } from './routes-article.tsx';
import { articleSearchText, plainText } from './text.ts';
import { fold } from '../../lib/vi/index.ts';

let t: TestApp;
let categoryId: string;
before(async () => {
  t = await startTestApp();
  categoryId = (await t.db.selectFrom('portal_category').select('id').where('ward_id', '=', t.wardA).where('slug', '=', 'cong-tac-dang').executeTakeFirstOrThrow()).id;
});
after(async () => t.close());

async function as(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}
const articleRow = (id: string) => t.db.selectFrom('article').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const idFrom = (location: string | null) => /\/app\/portal\/articles\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] as string;
const published = () => t.db.selectFrom('article').select(['id', 'slug']).where('ward_id', '=', t.wardA).where('status', '=', 'published').where('view_count', '=', 602).executeTakeFirstOrThrow();

/** The page as rendered without any cache, from the same data. */
async function reference(slug: string): Promise<string> {
  const site = await siteFor(t.db, 'localhost');
  assert.ok(site);
  const data = await publicArticle(t.db, site.ward_id, slug);
  assert.ok(data);
  const ctx = { t: translator('vi'), locale: 'vi' as const, path: `/bai-viet/${slug}`, origin: siteOrigin(site, t.config.publicUrl), site, categories: await listCategories(t.db, site.ward_id) };
  return articlePageHtml(ctx, data);
}

test(`the cached article page is byte for byte the uncached rendering (${DB_KIND})`, async () => {
  const a = await published();
  const c = t.client();
  const first = await c.get(`/bai-viet/${a.slug}`);
  const second = await c.get(`/bai-viet/${a.slug}`);
  assert.equal(first.status, 200);
  assert.equal(second.text, first.text);
  assert.equal(second.text, await reference(a.slug));
  assert.match(second.text, /Lượt xem: <span class="pm-views">602<\/span>/);
});

test(`ETag, Last-Modified and Cache-Control; 304 to If-None-Match and If-Modified-Since (${DB_KIND})`, async () => {
  const a = await published();
  const c = t.client();
  const r = await c.get(`/bai-viet/${a.slug}`);
  const etag = r.headers.get('etag') ?? '';
  const lastModified = r.headers.get('last-modified') ?? '';
  assert.match(etag, /^W\/"[\w-]{22}"$/);
  assert.ok(Number.isFinite(Date.parse(lastModified)));
  assert.equal(r.headers.get('cache-control'), 'public, max-age=60, stale-while-revalidate=600');
  // One Vary for every answer of the URL (plain, compressed, 304): Cookie (session, language) and
  // accept-encoding (compression, D43), so a proxy keeps the copies apart the same way.
  const vary = (res: { headers: Headers }) =>
    (res.headers.get('vary') ?? '')
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .sort();
  assert.deepEqual(vary(r), ['accept-encoding', 'cookie']);
  const plain = await c.get(`/bai-viet/${a.slug}`, { 'accept-encoding': 'identity' });
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.deepEqual(vary(plain), ['accept-encoding', 'cookie']);
  assert.deepEqual(vary(await c.get(`/bai-viet/${a.slug}`, { 'if-none-match': etag })), ['accept-encoding', 'cookie']);
  const byTag = await c.get(`/bai-viet/${a.slug}`, { 'if-none-match': etag });
  assert.equal(byTag.status, 304);
  assert.equal(byTag.text, '');
  assert.equal((await c.get(`/bai-viet/${a.slug}`, { 'if-none-match': `"other", ${etag.slice(2)}` })).status, 304, 'weak comparison, any tag of the list');
  assert.equal((await c.get(`/bai-viet/${a.slug}`, { 'if-none-match': 'W/"stale"' })).status, 200);
  assert.equal((await c.get(`/bai-viet/${a.slug}`, { 'if-modified-since': lastModified })).status, 304);
  assert.equal((await c.get(`/bai-viet/${a.slug}`, { 'if-modified-since': new Date(Date.parse(lastModified) - 1000).toUTCString() })).status, 200);
  // A tag wins over a date (RFC 9110): a stale tag is answered in full even with a fresh date.
  assert.equal((await c.get(`/bai-viet/${a.slug}`, { 'if-none-match': 'W/"stale"', 'if-modified-since': lastModified })).status, 200);
  // Signed in, the page depends on the session (its language): private, never stored.
  const staff = await as('bientap');
  assert.equal((await staff.get(`/bai-viet/${a.slug}`)).headers.get('cache-control'), 'private, no-store');
  // The portal's 404 is not cached by anyone for long (a scheduled article will appear there).
  const missing = await c.get('/bai-viet/khong-co-bai-nay');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('cache-control'), 'no-cache');
  assert.equal(missing.headers.get('etag'), null);
});

test(`publish, edit, unpublish and a category renamed by any writer show at once (${DB_KIND})`, async () => {
  const office = await as('vanphong');
  const anon = t.client();
  const created = await office.post('/app/portal/articles', { category_id: categoryId, title: 'Ra quân dọn vệ sinh đường làng', summary: '', body_md: 'Bản đầu tiên.' });
  const id = idFrom(created.location);
  let a = await articleRow(id);
  assert.equal((await anon.get(`/bai-viet/${a.slug}`)).status, 404);
  const searchFinds = async (text: string) => (await anon.get(`/tim-kiem?q=${encodeURIComponent(text)}`)).text.includes(`/bai-viet/${a.slug}"`);
  assert.equal(await searchFinds('ra quan don ve sinh'), false);
  assert.equal((await office.post(`/app/portal/articles/${id}/publish`, { version: a.version, publish_at: '' })).status, 303);
  const v1 = await anon.get(`/bai-viet/${a.slug}`);
  assert.equal(v1.status, 200);
  assert.match(v1.text, /Bản đầu tiên\./);
  assert.equal(await searchFinds('ra quan don ve sinh'), true, 'the cached search result gave way to the new article');
  a = await articleRow(id);
  assert.equal((await office.post(`/app/portal/articles/${id}`, { category_id: categoryId, title: a.title, summary: '', body_md: 'Bản đã sửa.', version: a.version })).status, 303);
  const v2 = await anon.get(`/bai-viet/${a.slug}`, { 'if-none-match': v1.headers.get('etag') ?? '' });
  assert.equal(v2.status, 200, 'the old tag no longer matches');
  assert.match(v2.text, /Bản đã sửa\./);
  assert.equal(v2.text, await reference(a.slug));
  // A category renamed by a bare write (no service, no cache call): the trigger moves the version.
  await runMaintenance(t.db, 'test.rename-category', (q) => q.updateTable('portal_category').set((eb) => ({ name: 'Công tác Đảng (mới)', version: eb('version', '+', 1) })).where('id', '=', categoryId).execute());
  const v3 = await anon.get(`/bai-viet/${a.slug}`);
  assert.match(v3.text, /Công tác Đảng \(mới\)/);
  assert.equal(v3.text, await reference(a.slug));
  a = await articleRow(id);
  assert.equal((await office.post(`/app/portal/articles/${id}/unpublish`, { version: a.version })).status, 303);
  assert.equal((await anon.get(`/bai-viet/${a.slug}`)).status, 404);
  assert.equal(await searchFinds('ra quan don ve sinh'), false);
  // The view counter writes article rows too, but never moves the version: pages stay cached.
  const before = (await t.db.selectFrom('portal_site').select('content_version').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).content_version;
  const p = await published();
  await fetch(`${t.base}/bai-viet/${p.slug}/xem.gif`, { headers: { 'user-agent': 'Mozilla/5.0 cache-test' } });
  await t.app.portalViews.flush();
  const after = (await t.db.selectFrom('portal_site').select('content_version').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).content_version;
  assert.equal(after, before);
});

test(`a scheduled article stays hidden, page and search, until its time, with no write at that time (${DB_KIND})`, async () => {
  const office = await as('vanphong');
  const anon = t.client();
  const created = await office.post('/app/portal/articles', { category_id: categoryId, title: 'Thông báo lịch tiếp công dân hẹn giờ', summary: '', body_md: 'Nội dung hẹn giờ.' });
  const id = idFrom(created.location);
  let a = await articleRow(id);
  assert.equal((await office.post(`/app/portal/articles/${id}/publish`, { version: a.version, publish_at: '01/01/2099 08:00' })).status, 303);
  // Bring the time near (maintenance: a test cannot wait for a minute-resolution schedule).
  const at = new Date(Date.now() + 1500).toISOString();
  await runMaintenance(t.db, 'test.schedule-soon', (q) => q.updateTable('article').set((eb) => ({ published_at: at, version: eb('version', '+', 1) })).where('id', '=', id).execute());
  a = await articleRow(id);
  const found = async () => (await anon.get('/tim-kiem?q=lich+tiep+cong+dan+hen+gio')).text.includes(`/bai-viet/${a.slug}"`);
  assert.equal((await anon.get(`/bai-viet/${a.slug}`)).status, 404);
  assert.equal(await found(), false, 'not found before its time (and that answer is now cached)');
  while (Date.now() <= Date.parse(at) + 50) await new Promise((r) => setTimeout(r, 100));
  assert.equal((await anon.get(`/bai-viet/${a.slug}`)).status, 200);
  assert.equal(await found(), true, 'the cached answer expired at the scheduled time');
});

test(`every writer of article bodies fills the plain text and the search text (${DB_KIND})`, async () => {
  const office = await as('vanphong');
  const created = await office.post('/app/portal/articles', { category_id: categoryId, title: 'Bài có **đậm** và [liên kết](https://example.vn)', summary: '', body_md: '## Mục một\n\nĐường **làng** được [sửa](https://example.vn).' });
  const id = idFrom(created.location);
  let a = await articleRow(id);
  assert.equal(a.body_text, 'Mục một\nĐường làng được sửa.');
  assert.equal(a.search_text, articleSearchText(a.title, a.summary, a.body_text));
  assert.match(a.search_text, /\b0dduwowngf\b/);
  assert.equal((await office.post(`/app/portal/articles/${id}`, { category_id: categoryId, title: a.title, summary: '', body_md: 'Chỉ *một* dòng.', version: a.version })).status, 303);
  a = await articleRow(id);
  assert.equal(a.body_text, 'Chỉ một dòng.');
  assert.equal(a.title_text, 'bai co dam va lien ket https example vn');
  // The demo's articles (insertArticle) and the bench's bulk insert.
  const gen = await generateArticles(t.db, t.wardA, 3);
  assert.equal(gen.articles, 3);
  const rows = await t.db.selectFrom('article').select(['title', 'summary', 'body_md', 'body_text', 'search_text', 'title_text']).where('ward_id', '=', t.wardA).execute();
  for (const r of rows) {
    assert.equal(r.body_text, plainText(r.body_md), r.title);
    assert.equal(r.search_text, articleSearchText(r.title, r.summary, r.body_text), r.title);
    assert.equal(r.title_text, fold(r.title), r.title);
  }
});

test(`kept answers (D68): every encoding decodes to the reference page, the cookie path agrees, a write shows at once (${DB_KIND})`, async () => {
  const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
  const http = await import('node:http');
  const a = await t.db.selectFrom('article').select(['id', 'slug', 'view_count']).where('ward_id', '=', t.wardA).where('status', '=', 'published').orderBy('published_at').executeTakeFirstOrThrow();
  // The bytes as sent (fetch would decode them).
  const raw = (headers: Record<string, string>) =>
    new Promise<{ enc: string | null; etag: string | null; body: Buffer }>((resolve, reject) => {
      http
        .get(`${t.base}/bai-viet/${a.slug}`, { headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ enc: (res.headers['content-encoding'] as string | undefined) ?? null, etag: (res.headers.etag as string | undefined) ?? null, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
  const ref = await reference(a.slug);
  for (let i = 0; i < 2; i++) {
    // The first round probes and keeps the answer, the second is served from it.
    const plain = await raw({ 'accept-encoding': 'identity' });
    const br = await raw({ 'accept-encoding': 'gzip, deflate, br' });
    const gz = await raw({ 'accept-encoding': 'gzip' });
    assert.equal(plain.enc, null);
    assert.equal(plain.body.toString('utf8'), ref);
    assert.equal(br.enc, 'br');
    assert.equal(brotliDecompressSync(br.body).toString('utf8'), ref);
    assert.equal(gz.enc, 'gzip');
    assert.equal(gunzipSync(gz.body).toString('utf8'), ref);
    assert.equal(br.etag, plain.etag);
  }
  // A reader with a cookie is never served a kept answer: the same page, probed for them.
  const withCookie = await t.client().get(`/bai-viet/${a.slug}`, { cookie: 'rv_lang=vi' });
  assert.equal(withCookie.text, ref);
  // A view counted (maintenance write) shows on the very next cookie-less request.
  await runMaintenance(t.db, 'test.views', (q) => q.updateTable('article').set({ view_count: a.view_count + 1 }).where('id', '=', a.id).execute());
  const after = (await raw({ 'accept-encoding': 'identity' })).body.toString('utf8');
  assert.match(after, new RegExp(`Lượt xem: <span class="pm-views">${a.view_count + 1}</span>`));
  assert.equal(after, await reference(a.slug));
  await runMaintenance(t.db, 'test.views', (q) => q.updateTable('article').set({ view_count: a.view_count }).where('id', '=', a.id).execute());
});

test(`kept search pages (D68): the same page a reader with a cookie gets, and a write shows at once (${DB_KIND})`, async () => {
  const anon = t.client();
  const url = '/tim-kiem?q=dang+uy&trang=1';
  const first = await anon.get(url);
  const kept = await anon.get(url);
  const fresh = await t.client().get(url, { cookie: 'rv_lang=vi' });
  assert.equal(first.status, 200);
  assert.equal(kept.text, first.text);
  assert.equal(fresh.text, first.text);
  assert.equal(kept.headers.get('cache-control'), 'no-cache');
  // The first hit retitled by a bare write: the very next request of the same address shows it.
  const slug = /<h2><a href="\/bai-viet\/([^"]+)"/.exec(kept.text)?.[1] ?? '';
  const a = await t.db.selectFrom('article').select(['id', 'title']).where('ward_id', '=', t.wardA).where('slug', '=', slug).executeTakeFirstOrThrow();
  await runMaintenance(t.db, 'test.retitle', (q) => q.updateTable('article').set((eb) => ({ title: 'Đảng ủy phường kiểm tra tiêu đề giữ lại', version: eb('version', '+', 1) })).where('id', '=', a.id).execute());
  const after = await anon.get(url);
  assert.match(after.text, /kiểm tra tiêu đề giữ lại/);
  await runMaintenance(t.db, 'test.retitle', (q) => q.updateTable('article').set((eb) => ({ title: a.title, version: eb('version', '+', 1) })).where('id', '=', a.id).execute());
});
