// The portal looks like a ward's portal (issue 11 item 11, D55): the ward in every <title>, the
// footer from portal_site (an edit shows at once on cached pages: trigger of 0018), the favicon.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runMaintenance } from '../../platform/command.ts';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

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
