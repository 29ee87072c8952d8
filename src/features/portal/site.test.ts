// The portal looks like a ward's portal (issue 11 item 11, D55): the ward in every <title>, the
// footer from portal_site (an edit shows at once on cached pages: trigger of 0018), the favicon.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runMaintenance } from '../../platform/command.ts';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

test('every public page names the ward in its <title>; a footer edit bumps content_version and shows on the cached home page', async () => {
  const reader = t.client();
  const home = await reader.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /<title>Cổng thông tin điện tử phường /);
  const cat = /href="(\/chuyen-muc\/[^"]+)"/.exec(home.text)?.[1] ?? '';
  const catPage = await reader.get(cat);
  assert.match(catPage.text, /<title>[^<]+ — Cổng thông tin điện tử phường [^<]+<\/title>/);
  assert.doesNotMatch(home.text, /Cơ quan chủ quản/);
  const site = await t.db.selectFrom('portal_site').select(['id', 'content_version']).where('ward_id', '=', t.wardA).where('is_default', '=', 1).executeTakeFirstOrThrow();
  await runMaintenance(t.db, 'test.footer', (q) =>
    q.updateTable('portal_site').set({ footer_body: 'Ủy ban nhân dân phường', footer_address: 'Số 1 phố "Hoa Sữa"', footer_phone: '024 3869 0000', footer_email: 'ubnd@phuong.vn' }).where('id', '=', site.id).execute(),
  );
  const bumped = await t.db.selectFrom('portal_site').select('content_version').where('id', '=', site.id).executeTakeFirstOrThrow();
  assert.ok(bumped.content_version > site.content_version, 'the trigger bumped content_version');
  const again = await reader.get('/');
  assert.match(again.text, /Cơ quan chủ quản: Ủy ban nhân dân phường/);
  assert.match(again.text, /Số 1 phố &quot;Hoa Sữa&quot;|Số 1 phố "Hoa Sữa"/);
  assert.match(again.text, /href="tel:02438690000"/);
  assert.match(again.text, /href="mailto:ubnd@phuong.vn"/);
  const fav = await reader.getBuffer('/static/favicon.svg');
  assert.equal(fav.status, 200);
  assert.match(fav.headers.get('cache-control') ?? '', /max-age=\d+/);
  assert.equal((await reader.getBuffer('/static/favicon.png')).status, 200);
});

async function as(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}
const siteRow = () => t.db.selectFrom('portal_site').selectAll().where('ward_id', '=', t.wardA).where('is_default', '=', 1).executeTakeFirstOrThrow();
const auditCount = async (action: string) => Number((await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardA).where('action', '=', action).executeTakeFirstOrThrow()).n);

test('the footer settings page (D57): an editor saves it and the public page shows it at once; bad phone or e-mail is a 400 with the message and nothing saved; others get 403', async () => {
  const editor = await as('bientap');
  const list = await editor.get('/app/portal');
  assert.match(list.text, /href="\/app\/portal\/site"/, 'linked from /app/portal for editors');
  const page = await editor.get('/app/portal/site');
  assert.equal(page.status, 200);
  assert.match(page.text, /Chân trang cổng thông tin/);
  const before = await siteRow();
  const audits = await auditCount('portal_site.footer');

  const bad = await editor.post('/app/portal/site', { footer_body: 'UBND phường Thử', footer_address: 'Số 2', footer_phone: 'gọi 0243', footer_email: 'ubnd@@phuong', version: before.version });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Số điện thoại chỉ gồm chữ số/);
  assert.match(bad.text, /Địa chỉ thư điện tử không đúng dạng/);
  assert.match(bad.text, /value="UBND phường Thử"/, 'what was typed comes back');
  const tooLong = await editor.post('/app/portal/site', { footer_body: 'x'.repeat(201), footer_phone: '', footer_email: '', version: before.version });
  assert.equal(tooLong.status, 400);
  const unchanged = await siteRow();
  assert.equal(unchanged.version, before.version);
  assert.equal(unchanged.footer_body, before.footer_body);
  assert.equal(await auditCount('portal_site.footer'), audits, 'nothing written');

  const ok = await editor.post('/app/portal/site', { footer_body: 'Ủy ban nhân dân phường <Thử>', footer_address: 'Số 9 phố Huế', footer_phone: '(024) 3825.1234', footer_email: 'vanphong@phuong.gov.vn', version: before.version });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/app/portal/site?ok=saved');
  const after = await siteRow();
  assert.equal(after.version, before.version + 1);
  assert.equal(await auditCount('portal_site.footer'), audits + 1);
  const home = await t.client().get('/');
  assert.match(home.text, /Ủy ban nhân dân phường &lt;Thử(&gt;|>)/);
  assert.match(home.text, /Số 9 phố Huế/);
  assert.match(home.text, /href="mailto:vanphong@phuong.gov.vn"/);
  // A stale form (the version before the save) is a conflict, and nothing changes.
  const stale = await editor.post('/app/portal/site', { footer_body: 'Cũ', footer_phone: '', footer_email: '', version: before.version });
  assert.equal(stale.status, 409);
  assert.equal((await siteRow()).footer_body, 'Ủy ban nhân dân phường <Thử>');

  for (const user of ['phunu', 'hoivien']) {
    const c = await as(user);
    assert.equal((await c.get('/app/portal/site')).status, 403, user);
    assert.equal((await c.post('/app/portal/site', { footer_body: 'Lạ', footer_phone: '', footer_email: '', version: after.version })).status, 403, user);
  }
  assert.equal((await siteRow()).version, after.version);
  const anon = await t.client().get('/app/portal/site');
  assert.equal(anon.status, 302);
});

test('the editor (D57): toolbar shown by a script from self; "Xem trước" renders the body through the public sanitizer and saves nothing', async () => {
  const editor = await as('bientap');
  const form = await editor.get('/app/portal/articles/new');
  assert.match(form.text, /<script src="\/static\/editor.js" defer><\/script>/);
  assert.match(form.text, /class="md-toolbar"[^>]*hidden/);
  assert.match(form.text, /formaction="\/app\/portal\/articles\/preview#preview"/);
  assert.equal((await editor.getBuffer('/static/editor.js')).status, 200);
  const category = await t.db.selectFrom('portal_category').select('id').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  const count = async () => Number((await t.db.selectFrom('article').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).n);
  const n = await count();
  const body = '## Lịch tiếp dân\n\n**Thứ Hai** hằng tuần.\n\n<script>alert(1)</script>\n\n[xấu](javascript:alert(2)) <img src=x onerror=alert(3)>';
  const prev = await editor.post('/app/portal/articles/preview', { category_id: category.id, title: 'Bài xem trước', summary: '', body_md: body });
  assert.equal(prev.status, 200);
  const shown = /<div class="article-preview">([\s\S]*?)<\/div>\s*<\/section>/.exec(prev.text)?.[1] ?? '';
  assert.match(shown, /<h2>Lịch tiếp dân<\/h2>/);
  assert.match(shown, /<strong>Thứ Hai<\/strong>/);
  assert.doesNotMatch(shown, /<script/i);
  assert.doesNotMatch(shown, /<img/i);
  assert.doesNotMatch(shown, /href="javascript:/i);
  assert.match(shown, /&lt;script&gt;/, 'raw HTML is shown as text, as on the public page');
  assert.match(prev.text, /<textarea[^>]*name="body_md"[^>]*>## Lịch tiếp dân/, 'the form keeps what was typed');
  assert.match(prev.text, /action="\/app\/portal\/articles"/, 'the form still saves to the same place');
  // Without a title or category (a half-written article) the preview still answers.
  assert.equal((await editor.post('/app/portal/articles/preview', { body_md: 'Chỉ có nội dung.' })).status, 200);
  // Without the CSRF token: refused.
  assert.equal((await editor.post('/app/portal/articles/preview', { body_md: 'x' }, { csrf: false })).status, 403);
  assert.equal(await count(), n, 'a preview saves nothing');

  // Editing: the preview of an existing article leaves it unchanged.
  const created = await editor.post('/app/portal/articles', { category_id: category.id, title: 'Bài có sẵn', summary: '', body_md: 'Bản đã lưu.' });
  const id = /\/app\/portal\/articles\/([0-9a-f-]{36})/.exec(created.location ?? '')?.[1] ?? '';
  const row = await t.db.selectFrom('article').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const edit = await editor.post(`/app/portal/articles/${id}/preview`, { category_id: category.id, title: 'Bài có sẵn', summary: '', body_md: 'Bản *đang sửa*.', version: row.version });
  assert.equal(edit.status, 200);
  assert.match(edit.text, /<em>đang sửa<\/em>/);
  assert.match(edit.text, new RegExp(`action="/app/portal/articles/${id}"`));
  const again = await t.db.selectFrom('article').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(again.version, row.version);
  assert.equal(again.body_md, 'Bản đã lưu.');
  assert.equal((await (await as('phunu')).post('/app/portal/articles/preview', { body_md: 'x' })).status, 403);
});

test('/favicon.ico answers with the PNG, cacheable', async () => {
  const res = await t.client().get('/favicon.ico');
  assert.equal(res.status, 301);
  assert.equal(res.location, '/static/favicon.png');
  assert.match(res.headers.get('cache-control') ?? '', /max-age=\d+/);
});
