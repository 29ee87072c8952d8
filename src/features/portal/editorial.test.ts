import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { pngHeader } from '../../../test/support/png.ts';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
let categoryId: string;
before(async () => {
  t = await startTestApp();
  const c = await t.db.selectFrom('portal_category').select('id').where('ward_id', '=', t.wardA).where('slug', '=', 'cong-tac-dang').executeTakeFirstOrThrow();
  categoryId = c.id;
});
after(async () => t.close());

async function as(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}

const articleRow = (id: string) => t.db.selectFrom('article').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const idFrom = (location: string | null) => /\/app\/portal\/articles\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] as string;

test('every role: who may open the editorial pages and who may approve', async () => {
  const expect: Record<string, { list: number; newCategory: number }> = {
    quantri: { list: 200, newCategory: 200 },
    thuongvu: { list: 200, newCategory: 200 },
    vanphong: { list: 200, newCategory: 200 },
    bientap: { list: 200, newCategory: 403 },
    phunu: { list: 403, newCategory: 403 },
    hoivien: { list: 403, newCategory: 403 },
  };
  for (const [user, want] of Object.entries(expect)) {
    const c = await as(user);
    assert.equal((await c.get('/app/portal')).status, want.list, `${user} list`);
    assert.equal((await c.get('/app/portal/categories/new')).status, want.newCategory, `${user} new category`);
  }
  const anon = await t.client().get('/app/portal');
  assert.equal(anon.status, 302);
  assert.match(anon.location ?? '', /^\/login/);
  // The nav entry is live (no "sắp có") for portal staff.
  const page = await (await as('bientap')).get('/app');
  assert.match(page.text, /<a href="\/app\/portal"[^>]*>Cổng thông tin<\/a>/);
});

test('draft → revision with a diff → submitted → returned with comments → resubmitted → scheduled → published; audit at every step', async () => {
  const editor = await as('bientap');
  const office = await as('vanphong');
  const standing = await as('thuongvu');
  const created = await editor.post('/app/portal/articles', { category_id: categoryId, title: 'Hội nghị sơ kết công tác dân vận', summary: '', body_md: 'Đoạn một.\n\nĐoạn hai.' });
  assert.equal(created.status, 303);
  const id = idFrom(created.location);
  let a = await articleRow(id);
  assert.equal(a.status, 'draft');
  assert.equal(a.slug, 'hoi-nghi-so-ket-cong-tac-dan-van');

  assert.equal((await editor.post(`/app/portal/articles/${id}`, { category_id: categoryId, title: a.title, summary: '', body_md: 'Đoạn một.\n\nĐoạn hai đã sửa.', version: a.version })).status, 303);
  a = await articleRow(id);
  assert.equal(a.rev_no, 2);
  const diff = await editor.get(`/app/portal/articles/${id}/revisions/2`);
  assert.match(diff.text, /<del>- Đoạn hai\.\n<\/del>/);
  assert.match(diff.text, /<ins>\+ Đoạn hai đã sửa\.\n<\/ins>/);

  // An editor cannot publish, only submit.
  assert.equal((await editor.post(`/app/portal/articles/${id}/publish`, { version: a.version })).status, 403);
  assert.equal((await editor.post(`/app/portal/articles/${id}/submit`, { version: a.version })).status, 303);
  a = await articleRow(id);
  assert.equal(a.status, 'submitted');
  // Returning needs comments.
  assert.equal((await office.post(`/app/portal/articles/${id}/return`, { version: a.version, note: ' ' })).status, 400);
  assert.equal((await office.post(`/app/portal/articles/${id}/return`, { version: a.version, note: 'Bổ sung thành phần dự họp.' })).status, 303);
  a = await articleRow(id);
  assert.equal(a.status, 'returned');
  assert.match((await editor.get(`/app/portal/articles/${id}`)).text, /Bổ sung thành phần dự họp\./);
  assert.equal((await editor.post(`/app/portal/articles/${id}/submit`, { version: a.version })).status, 303);
  a = await articleRow(id);

  // A scheduled time in the past is refused; a future one schedules; the article is not public yet.
  const past = await standing.post(`/app/portal/articles/${id}/publish`, { version: a.version, publish_at: '13/02/2017 16:16' });
  assert.equal(past.status, 400);
  assert.match(past.text, /Thời điểm hẹn đăng đã qua/);
  assert.equal((await standing.post(`/app/portal/articles/${id}/publish`, { version: a.version, publish_at: '31/02/2030 08:00' })).status, 400);
  assert.equal((await standing.post(`/app/portal/articles/${id}/publish`, { version: a.version, publish_at: '01/01/2099 08:00' })).status, 303);
  a = await articleRow(id);
  assert.equal(a.status, 'published');
  assert.equal(a.published_at, '2099-01-01T01:00:00.000Z');
  assert.equal((await t.client().get(`/bai-viet/${a.slug}`)).status, 404);
  assert.match((await standing.get(`/app/portal/articles/${id}`)).text, /Hẹn giờ đăng/);

  const found = async () => (await t.client().get('/tim-kiem?q=so+ket+cong+tac+dan+van')).text.includes(`/bai-viet/${a.slug}"`);
  assert.equal(await found(), false, 'a scheduled article is not found before its time');
  // Unpublish, then publish now: public, and found by search.
  assert.equal((await standing.post(`/app/portal/articles/${id}/unpublish`, { version: a.version })).status, 303);
  a = await articleRow(id);
  assert.equal(await found(), false);
  assert.equal((await office.post(`/app/portal/articles/${id}/publish`, { version: a.version, publish_at: '' })).status, 303);
  const pub = await t.client().get(`/bai-viet/${a.slug}`);
  assert.equal(pub.status, 200);
  assert.match(pub.text, /Đoạn hai đã sửa\./);
  assert.equal(await found(), true);
  // Once out, an editor can no longer change it.
  a = await articleRow(id);
  assert.equal((await editor.post(`/app/portal/articles/${id}`, { category_id: categoryId, title: 'x', body_md: 'y', version: a.version })).status, 403);

  const audit = await t.db.selectFrom('audit_event').select('action').where('entity_id', '=', id).orderBy('at').orderBy('id').execute();
  assert.deepEqual(
    audit.map((r) => r.action),
    ['article.create', 'article.update', 'article.submit', 'article.return', 'article.submit', 'article.schedule', 'article.unpublish', 'article.publish'],
  );
});

test('a stale version is refused with 409 and nothing is lost', async () => {
  const office = await as('vanphong');
  const other = await as('quantri');
  const id = idFrom((await office.post('/app/portal/articles', { category_id: categoryId, title: 'Bài thử sửa đồng thời', body_md: 'A' })).location);
  const a = await articleRow(id);
  assert.equal((await office.post(`/app/portal/articles/${id}`, { category_id: categoryId, title: a.title, body_md: 'B', version: a.version })).status, 303);
  const second = await other.post(`/app/portal/articles/${id}`, { category_id: categoryId, title: a.title, body_md: 'C', version: a.version });
  assert.equal(second.status, 409);
  assert.equal((await articleRow(id)).body_md, 'B');
});

test('script in a title or body never runs in a reader\u2019s browser', async () => {
  const office = await as('vanphong');
  const body = ['<script>alert(2)</script>', '[bấm vào đây](javascript:alert(3))', '<img src=x onerror=alert(4)>', '![ảnh](https://evil.example/x.png)', '**đậm** và [liên kết](https://example.org)'].join('\n\n');
  const id = idFrom((await office.post('/app/portal/articles', { category_id: categoryId, title: '<script>alert(1)</script> Tin thử', summary: '"><script>alert(5)</script>', body_md: body })).location);
  const a = await articleRow(id);
  assert.equal((await office.post(`/app/portal/articles/${id}/publish`, { version: a.version })).status, 303);
  const search = (await t.client().get('/tim-kiem?q=tin+thu')).text;
  assert.match(search, /&lt;script>alert\(1\)&lt;\/script> <mark>Tin<\/mark> <mark>thử<\/mark>/);
  for (const html of [(await t.client().get(`/bai-viet/${a.slug}`)).text, (await office.get(`/app/portal/articles/${id}`)).text, search]) {
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /href="javascript:/i);
    assert.doesNotMatch(html, /<img[^>]+onerror/);
    assert.doesNotMatch(html, /evil\.example/);
  }
  assert.match((await t.client().get(`/bai-viet/${a.slug}`)).text, /<h1>&lt;script>alert\(1\)&lt;\/script> Tin thử<\/h1>/);
  const page = (await t.client().get(`/bai-viet/${a.slug}`)).text;
  assert.match(page, /<strong>đậm<\/strong>/);
  assert.match(page, /<a href="https:\/\/example\.org" rel="noopener nofollow">liên kết<\/a>/);
});

function multipart(csrf: string, fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }): FormData {
  const fd = new FormData();
  fd.set('_csrf', csrf);
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  if (file) fd.set('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  return fd;
}

test('images: resized, alt text required; non-images and oversized files refused with a clear message; attachments checked', async () => {
  const editor = await as('bientap');
  const id = idFrom((await editor.post('/app/portal/articles', { category_id: categoryId, title: 'Bài có ảnh', body_md: 'Nội dung.' })).location);
  await editor.get(`/app/portal/articles/${id}`);
  const csrf = await editor.csrf();
  const png = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: '#a51d1d' } }).png().toBuffer();
  // Multipart forms carry the CSRF token in the query string: it is checked before the body is read.
  const send = (path: string, fd: FormData) => editor.request('POST', `/app/portal/articles/${id}/${path}?_csrf=${encodeURIComponent(csrf)}`, { body: fd });

  const noAlt = await send('images', multipart(csrf, { alt: '' }, { name: 'hop.png', type: 'image/png', data: png }));
  assert.equal(noAlt.status, 400);
  assert.match(noAlt.text, /Bắt buộc nhập/);
  const notImage = await send('images', multipart(csrf, { alt: 'Ảnh hội nghị' }, { name: 'hop.jpg', type: 'image/jpeg', data: Buffer.from('không phải ảnh') }));
  assert.equal(notImage.status, 400);
  assert.match(notImage.text, /Tệp này không phải là ảnh/);
  const huge = await send('images', multipart(csrf, { alt: 'Ảnh quá lớn' }, { name: 'lon.png', type: 'image/png', data: Buffer.concat([png, Buffer.alloc(11 * 1024 * 1024)]) }));
  assert.equal(huge.status, 400);
  assert.match(huge.text, /Ảnh quá lớn: tối đa 10 MB/);
  // A few hundred bytes that claim 50,000 × 50,000 pixels: the pixel rule of every image upload, not "not an image".
  const bomb = await send('images', multipart(csrf, { alt: 'Ảnh bom' }, { name: 'bom.png', type: 'image/png', data: pngHeader(50_000, 50_000) }));
  assert.equal(bomb.status, 400);
  assert.match(bomb.text, /Ảnh quá lớn: tối đa 100 triệu điểm ảnh/);
  const noCsrf = await editor.request('POST', `/app/portal/articles/${id}/images`, { body: multipart('sai', { alt: 'x' }, { name: 'a.png', type: 'image/png', data: png }) });
  assert.equal(noCsrf.status, 403);
  assert.equal((await t.db.selectFrom('portal_file').select('id').where('owner_id', '=', id).execute()).length, 0, 'nothing written');

  const ok = await send('images', multipart(csrf, { alt: 'Toàn cảnh hội nghị', caption: 'Hội nghị chiều 10/02/2017' }, { name: 'hop.png', type: 'image/png', data: png }));
  assert.equal(ok.status, 303);
  const img = await t.db.selectFrom('portal_file').selectAll().where('owner_id', '=', id).executeTakeFirstOrThrow();
  assert.equal(img.width, 1024);
  assert.equal(img.height, 683);
  assert.equal(img.alt, 'Toàn cảnh hội nghị');

  const exe = await send('attachments', multipart(csrf, { title: 'Tệp lạ' }, { name: 'virus.pdf', type: 'application/pdf', data: Buffer.from('MZ\x90\x00') }));
  assert.equal(exe.status, 400);
  assert.match(exe.text, /Chỉ nhận tệp PDF/);
  const pdf = await send('attachments', multipart(csrf, { title: 'Kế hoạch năm 2017' }, { name: 'ke-hoach.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') }));
  assert.equal(pdf.status, 303);

  // Hidden from the public while the article is a draft; public once it is out.
  const media = `/media/${img.id}/480.jpg`;
  assert.equal((await t.client().get(media)).status, 404);
  const office = await as('vanphong');
  const a = await articleRow(id);
  await office.post(`/app/portal/articles/${id}/publish`, { version: a.version });
  const res = await fetch(t.base + media);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/jpeg');
  assert.equal((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width, 480);
  const page = (await t.client().get(`/bai-viet/${a.slug}`)).text;
  assert.match(page, /<figure class="pm-figure"><img src="\/media\/[^"]+\/1024\.jpg"[^>]*alt="Toàn cảnh hội nghị"/);
  assert.match(page, /<figcaption>Hội nghị chiều 10\/02\/2017<\/figcaption>/);
  assert.match(page, /<a href="\/tep\/[^"]+\/ke-hoach\.pdf">Kế hoạch năm 2017<\/a>/);
  assert.match(page, /<meta property="og:image" content="http:\/\/localhost:3000\/media\//);
});
