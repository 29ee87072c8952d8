import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { openDb } from '../../db/index.ts';
import { forgetOldVisitors } from './counter.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

/** What a browser without JavaScript does: the page, then its images, the counter among them. Returns the count shown. */
async function shownViews(base: string, slug: string, ua: string): Promise<number> {
  const res = await fetch(`${base}/bai-viet/${slug}`, { headers: { 'user-agent': ua } });
  assert.equal(res.status, 200);
  const html = await res.text();
  const m = /Lượt xem: <span class="pm-views">([\d.]+)<\/span>/.exec(html);
  assert.ok(m, 'the count is in the article header');
  const pixel = /<img class="pm-pixel" src="([^"]+)"/.exec(html)?.[1];
  assert.equal(pixel, `/bai-viet/${slug}/xem.gif`);
  const img = await fetch(`${base}${pixel}`, { headers: { 'user-agent': ua } });
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/gif');
  assert.equal(img.headers.get('cache-control'), 'no-store');
  await img.arrayBuffer();
  return Number((m[1] as string).replace(/\./g, ''));
}

async function articleOf(views: number) {
  return t.db.selectFrom('article').select(['id', 'slug', 'view_count']).where('ward_id', '=', t.wardA).where('status', '=', 'published').where('view_count', '=', views).executeTakeFirstOrThrow();
}

test('a visitor is counted once per article per hour, on any instance; link previews are not readers', async () => {
  const a = await t.db.selectFrom('article').select(['id', 'slug', 'view_count']).where('ward_id', '=', t.wardA).where('status', '=', 'published').where('view_count', '!=', 602).orderBy('published_at').limit(1).offset(3).executeTakeFirstOrThrow();
  const second = await t.another();
  const base0 = a.view_count;
  for (const base of [t.base, second.base, t.base]) await shownViews(base, a.slug, 'Mozilla/5.0 (Linux; Android 10) reader-one');
  await shownViews(t.base, a.slug, 'Mozilla/5.0 (Linux; Android 10) reader-two');
  await shownViews(t.base, a.slug, 'Zalo link preview');
  await Promise.all([t.app.portalViews.flush(), second.app.portalViews.flush()]);
  const rows = await t.db.selectFrom('article_view').selectAll().where('article_id', '=', a.id).execute();
  // Two readers, each counted once per hour: two rows, or three when reader-one's visits straddle an
  // hour boundary (UTC); the count follows the distinct (visitor, hour) pairs either way.
  assert.equal(new Set(rows.map((r) => r.visitor_hash)).size, 2, 'two readers, the preview not counted');
  assert.equal(new Set(rows.map((r) => `${r.visitor_hash} ${r.hour_bucket}`)).size, rows.length);
  assert.ok(new Set(rows.map((r) => r.hour_bucket)).size <= 2 && rows.length <= 3, `${rows.length} rows`);
  assert.ok(rows.every((r) => /^[0-9a-f]{64}$/.test(r.visitor_hash)), 'only a hash is stored');
  // The shown count is article.view_count: the flushed (visitor, hour) rows, whatever the hour.
  assert.equal(await shownViews(t.base, a.slug, 'Mozilla/5.0 (Linux; Android 10) reader-one'), base0 + rows.length);
});

test('views are counted by the page\'s image, not by the (cacheable) page; prefetches, HEAD requests and unknown articles are not counted', async () => {
  const a = await t.db.selectFrom('article').select(['id', 'slug', 'view_count']).where('ward_id', '=', t.wardA).where('status', '=', 'published').where('view_count', '!=', 602).orderBy('published_at').limit(1).offset(5).executeTakeFirstOrThrow();
  const ua = { 'user-agent': 'Mozilla/5.0 (X11) page-only-reader' };
  // The page alone (a proxy's copy, or a reader whose browser loads no images) counts nothing here.
  assert.equal((await fetch(`${t.base}/bai-viet/${a.slug}`, { headers: ua })).status, 200);
  const prefetch = await fetch(`${t.base}/bai-viet/${a.slug}/xem.gif`, { headers: { ...ua, 'sec-purpose': 'prefetch' } });
  assert.equal(prefetch.status, 200);
  // A HEAD (a link checker) is answered, not counted.
  assert.equal((await fetch(`${t.base}/bai-viet/${a.slug}/xem.gif`, { method: 'HEAD', headers: ua })).status, 200);
  assert.equal((await fetch(`${t.base}/bai-viet/khong-co-bai-nay/xem.gif`, { headers: ua })).status, 404);
  await t.app.portalViews.flush();
  assert.equal((await t.db.selectFrom('article_view').select('visitor_hash').where('article_id', '=', a.id).execute()).length, 0);
  assert.equal((await fetch(`${t.base}/bai-viet/${a.slug}/xem.gif`, { headers: ua })).status, 200);
  await t.app.portalViews.flush();
  const after = await t.db.selectFrom('article').select('view_count').where('id', '=', a.id).executeTakeFirstOrThrow();
  assert.equal(after.view_count, a.view_count + 1);
  assert.equal(await shownViews(t.base, a.slug, ua['user-agent']), a.view_count + 1, 'the cached page shows the new count at once');
});

test('4,000 views from 100 concurrent clients on two instances: the count is exactly the distinct visitors', { timeout: 300_000 }, async () => {
  const article = await articleOf(602);
  const second = await t.another();
  const bases = [t.base, second.base];
  const VISITORS = 1500;
  const VIEWS = 4_000; // 1,500 visitors, most seen two or three times, 100 clients at once
  const CLIENTS = 100;
  let next = 0;
  let ok = 0;
  const client = async (c: number) => {
    for (let i = next++; i < VIEWS; i = next++) {
      const res = await fetch(`${bases[(i + c) % 2]}/bai-viet/${article.slug}/xem.gif`, { headers: { 'user-agent': `Mozilla/5.0 load-visitor-${i % VISITORS}` } });
      await res.arrayBuffer();
      if (res.status === 200) ok++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  assert.equal(ok, VIEWS);
  await Promise.all([t.app.portalViews.flush(), second.app.portalViews.flush()]);
  // A visitor counts once per hour: when the run crosses an hour boundary (UTC), a visitor seen on
  // both sides counts twice. The exact expectation is therefore the distinct (visitor, hour) pairs,
  // which must cover exactly the 1,500 visitors in at most two hours.
  const seen = await t.db.selectFrom('article_view').select(['visitor_hash', 'hour_bucket']).where('article_id', '=', article.id).execute();
  const hours = new Set(seen.map((r) => r.hour_bucket));
  assert.equal(new Set(seen.map((r) => r.visitor_hash)).size, VISITORS, 'every distinct visitor, no more');
  assert.ok(hours.size <= 2, 'one hour, or two across a boundary');
  if (hours.size === 1) assert.equal(seen.length, VISITORS);
  const expected = 602 + seen.length;
  assert.equal(await shownViews(t.base, article.slug, 'Mozilla/5.0 load-visitor-7'), expected);

  const counted = await t.db.selectFrom('article').select('view_count').where('id', '=', article.id).executeTakeFirstOrThrow();
  assert.equal(counted.view_count, expected, 'the count is in article.view_count already');

  // Three hours later, two instances forget the old visitors at the same moment: the count stays.
  const other = openDb(t.url, { poolSize: 2 });
  try {
    const later = new Date(Date.now() + 3 * 3600_000);
    const deleted = await Promise.all([forgetOldVisitors(t.db, later), forgetOldVisitors(other.db, later), forgetOldVisitors(t.db, later)]);
    assert.ok(deleted.reduce((x, y) => x + y, 0) >= VISITORS);
  } finally {
    await other.destroy();
  }
  const after = await t.db.selectFrom('article').select('view_count').where('id', '=', article.id).executeTakeFirstOrThrow();
  assert.equal(after.view_count, expected);
  const left = await t.db.selectFrom('article_view').select((eb) => eb.fn.countAll().as('n')).where('article_id', '=', article.id).executeTakeFirstOrThrow();
  assert.equal(Number(left.n), 0);
  // Views go on counting on top of the total.
  assert.equal(await shownViews(second.base, article.slug, 'Mozilla/5.0 a-new-reader'), 602 + VISITORS);
  await second.app.portalViews.flush();
  assert.equal(await shownViews(t.base, article.slug, 'Mozilla/5.0 another-new-reader'), 602 + VISITORS + 1);
});

// Every error page is sent once (D77): the public side's page used to be followed by the app's
// ("Reply was already sent" in the log). test/support/app.ts fails any file where that happens.
test('a portal 404 and an anonymous POST to an article are each answered once, in the portal layout', async () => {
  const c = t.client();
  const missing = await c.get('/khong-co-trang-nay');
  assert.equal(missing.status, 404);
  assert.match(missing.text, /<body class="portal">/);
  const slug = /href="(\/bai-viet\/[^"]+)"/.exec((await c.get('/')).text)?.[1] ?? '';
  assert.ok(slug);
  const post = await c.request('POST', slug, { body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.ok(post.status >= 400 && post.status < 500, String(post.status));
  assert.match(post.text, /<body class="portal">/);
});
