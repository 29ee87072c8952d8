import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { FOUNDING_FIXTURE, readFoundingDocument } from './demo.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ config: { publicUrl: 'https://dongtam.example.vn' } });
});
after(async () => t.close());

const founding = readFoundingDocument();
const foundingSlug = 'ban-thuong-vu-dang-uy-lam-viec-voi-mttq-va-cac-doan-the-ve-nhiem-vu-trong-tam-nam-2017';

test('the founding document is kept byte for byte as the fixture', () => {
  const bytes = fs.readFileSync(FOUNDING_FIXTURE);
  assert.equal(crypto.createHash('sha256').update(bytes).digest('hex'), '8fa818fb0c97a0398a0e1aa26c5f9d8341858e1528d85e0eb72e283176daeac6');
  const shared = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/seed/ward-news-2017-02-13.txt');
  if (fs.existsSync(shared)) assert.ok(fs.readFileSync(shared).equals(bytes));
  assert.equal(founding.section, 'CÔNG TÁC ĐẢNG');
  assert.equal(founding.publishedAt, '2017-02-13T09:16:00.000Z');
  assert.equal(founding.views, 602);
});

test('the founding document is a published article in Công tác Đảng with its date, time and 602 views', async () => {
  const c = t.client();
  const res = await c.get(`/bai-viet/${foundingSlug}`);
  assert.equal(res.status, 200);
  assert.match(res.text, /<p class="pm-section"><a href="\/chuyen-muc\/cong-tac-dang">Công tác Đảng<\/a><\/p>/);
  assert.match(res.text, /<h1>Ban thường vụ Đảng ủy làm việc với MTTQ và các đoàn thể về nhiệm vụ trọng tâm năm 2017<\/h1>/);
  assert.match(res.text, /Ngày đăng <time datetime="2017-02-13T09:16:00.000Z">13\/02\/2017<\/time> \| 16:16 \| Lượt xem: <span class="pm-views">602<\/span>/);
  assert.match(res.text, /Chiều ngày 10\/02\/2017, tại phòng họp số 1 UBND/);
  assert.match(res.text, /<p>1\.\s+Tập trung xây dựng triển khai kế hoạch/);
  assert.match(res.text, /<link rel="canonical" href="https:\/\/dongtam\.example\.vn\/bai-viet\/ban-thuong-vu/);
  assert.match(res.text, /<meta property="og:type" content="article"\/>/);
  assert.match(res.text, /<meta property="og:title" content="Ban thường vụ Đảng ủy/);
  assert.equal(res.headers.get('set-cookie'), null, 'reading sets no cookie');
  assert.match(res.text, /Tin cùng chuyên mục/);
});

test('home shows the latest and a block per category; category pages paginate', async () => {
  const c = t.client();
  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Phường Đồng Tâm/);
  for (const name of ['Công tác Đảng', 'Chính quyền', 'Mặt trận – Đoàn thể', 'Công khai']) assert.ok(home.text.includes(`>${name}</a></h2>`), name);
  const p1 = await c.get('/chuyen-muc/cong-tac-dang');
  assert.equal(p1.status, 200);
  assert.match(p1.text, /<h1 class="pm-section">Công tác Đảng<\/h1>/);
  assert.match(p1.text, /rel="next"/);
  const p2 = await c.get('/chuyen-muc/cong-tac-dang?trang=2');
  assert.equal(p2.status, 200);
  assert.match(p2.text, /rel="prev"/);
  const titles = (s: string) => [...s.matchAll(/<li><a href="\/bai-viet\/([^"]+)"/g)].map((m) => m[1]);
  assert.equal(titles(p1.text).filter((x) => titles(p2.text).includes(x)).length, 0, 'pages do not overlap');
});

test('unknown slugs get the Vietnamese 404 of the portal', async () => {
  const c = t.client();
  for (const p of ['/bai-viet/khong-co-bai-nay', '/chuyen-muc/khong-co', '/chuyen-muc/cong-tac-dang?trang=999']) {
    const res = await c.get(p);
    assert.equal(res.status, 404, p);
    assert.match(res.text, /Không tìm thấy trang/);
    assert.match(res.text, /class="pm-head"/);
  }
});

test('every public error page carries the ward in its title (D65); the working app keeps its own', async () => {
  const c = t.client();
  const ward = 'Đồng Tâm';
  for (const p of ['/khong-co-trang-nay', '/bai-viet/khong-co-bai-nay', '/tep/khong-phai-ma', '/chuyen-muc/cong-tac-dang/them']) {
    const res = await c.get(p);
    assert.equal(res.status, 404, p);
    const title = /<title>([^<]*)<\/title>/.exec(res.text)?.[1] ?? '';
    assert.match(title, /^Không tìm thấy trang — /, p);
    assert.ok(title.includes(ward), `${p}: ${title}`);
    assert.match(res.text, /class="pm-head"/, p);
  }
  // The working app's errors keep the app's page.
  const signed = t.client();
  assert.equal((await signed.login('vanphong')).status, 302);
  const inApp = await signed.get('/app/khong-co');
  assert.equal(inApp.status, 404);
  assert.doesNotMatch(inApp.text, /class="pm-head"/);
});

test('drafts and articles scheduled for later are not public', async () => {
  const draft = await t.db.selectFrom('article').select('slug').where('status', '=', 'draft').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  assert.equal((await t.client().get(`/bai-viet/${draft.slug}`)).status, 404);
});

test('the other ward has its own portal on its own host name, and does not see ours', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/', headers: { host: 'vinhtuy.localhost' } });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Phường Vĩnh Tuy/);
  assert.doesNotMatch(res.body, /Ban thường vụ Đảng ủy làm việc/);
  const cross = await t.app.inject({ method: 'GET', url: `/bai-viet/${foundingSlug}`, headers: { host: 'vinhtuy.localhost' } });
  assert.equal(cross.statusCode, 404);
});

test('Atom per category and for the portal, sitemap.xml and robots.txt', async () => {
  const c = t.client();
  const feed = await c.get('/chuyen-muc/cong-tac-dang/atom.xml');
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type') ?? '', /application\/atom\+xml/);
  assert.match(feed.text, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
  assert.match(feed.text, /<title>Công tác Đảng – Cổng thông tin điện tử<\/title>/);
  assert.equal([...feed.text.matchAll(/<entry>/g)].length, 10);
  assert.doesNotMatch(feed.text, /Dự thảo/, 'drafts are not in feeds');
  const all = await c.get('/atom.xml');
  assert.equal(all.status, 200);
  assert.equal((await c.get('/chuyen-muc/khong-co/atom.xml')).status, 404);

  const sitemap = await c.get('/sitemap.xml');
  assert.equal(sitemap.status, 200);
  assert.match(sitemap.text, /<urlset xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
  assert.ok(sitemap.text.includes(`/bai-viet/${foundingSlug}</loc><lastmod>2017-02-13</lastmod>`));
  assert.match(sitemap.text, /\/chuyen-muc\/chinh-quyen<\/loc>/);
  assert.match(sitemap.text, /\/cong-khai\/du-toan-ngan-sach-phuong-nam-2017<\/loc>/);
  assert.doesNotMatch(sitemap.text, /du-thao/);

  const robots = await c.get('/robots.txt');
  assert.equal(robots.status, 200);
  assert.match(robots.text, /Disallow: \/app\n/);
  assert.match(robots.text, /Sitemap: https:\/\/dongtam\.example\.vn\/sitemap\.xml/);
});

test('Open Graph: a shared link previews with title, description, canonical URL and type', async () => {
  const res = await t.client().get('/chuyen-muc/chinh-quyen');
  assert.match(res.text, /<meta property="og:title" content="Chính quyền"\/>/);
  assert.match(res.text, /<meta property="og:description" content="Hoạt động của HĐND và UBND phường\."\/>/);
  assert.match(res.text, /<meta property="og:url" content="https:\/\/dongtam\.example\.vn\/chuyen-muc\/chinh-quyen"\/>/);
  assert.match(res.text, /<meta property="og:site_name" content="Cổng thông tin điện tử"\/>/);
  const art = await t.client().get(`/bai-viet/${foundingSlug}`);
  assert.match(art.text, /<meta property="og:description" content="Chiều ngày 10\/02\/2017, tại phòng họp số 1 UBND/);
  assert.match(art.text, /<meta property="article:published_time" content="2017-02-13T09:16:00.000Z"\/>/);
});
