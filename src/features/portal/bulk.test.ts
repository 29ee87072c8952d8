// Publish or unpublish several articles at once (issue 11 item 4, D59): the list offers the
// checkboxes to the portal's approvers only; the confirm page names the articles and changes
// nothing; each article goes through its own command, a refused one is reported; CSRF; roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}
const statusOf = async (id: string) => (await t.db.selectFrom('article').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

test('several articles published, then unpublished, at once; one in the wrong state is reported; CSRF and roles hold', async () => {
  const editor = await login('bientap');
  const category = (await t.db.selectFrom('portal_category').select('id').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).id;
  const ids: string[] = [];
  for (const title of ['Bài thử A', 'Bài thử B']) {
    const made = await editor.post('/app/portal/articles', { title, summary: 'Tóm tắt', body_md: 'Nội dung **bài** thử.', category_id: category });
    assert.equal(made.status, 303, made.text.slice(0, 300));
    ids.push(/([0-9a-f-]{36})/.exec(made.location ?? '')?.[1] as string);
  }
  const published = (await t.db.selectFrom('article').select('id').where('ward_id', '=', t.wardA).where('status', '=', 'published').executeTakeFirstOrThrow()).id;
  // The editor is not an approver: no checkboxes, and the step is refused.
  assert.doesNotMatch((await editor.get('/app/portal')).text, /form="bulk-articles"/);
  assert.equal((await editor.post('/app/portal/articles/bulk', { ids, action: 'publish', confirm: '1' })).status, 403);
  const office = await login('vanphong');
  assert.match((await office.get('/app/portal')).text, /form="bulk-articles"/);
  // Nothing chosen: 400. The confirm page names them and changes nothing.
  assert.equal((await office.post('/app/portal/articles/bulk', { action: 'publish' })).status, 400);
  const confirm = await office.post('/app/portal/articles/bulk', { ids: [...ids, published], action: 'publish' });
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /Duyệt và đăng 3 bài viết sau/);
  assert.match(confirm.text, /Bài thử A[^]*Bài thử B/);
  assert.equal(await statusOf(ids[0] as string), 'draft');
  // Without CSRF: refused, nothing changed.
  assert.equal((await office.post('/app/portal/articles/bulk', { ids, action: 'publish', confirm: '1' }, { csrf: false })).status, 403);
  assert.equal(await statusOf(ids[0] as string), 'draft');
  // Done: two published; the one already published is refused and named.
  const done = await office.post('/app/portal/articles/bulk', { ids: [...ids, published], action: 'publish', confirm: '1' });
  assert.equal(done.status, 303);
  assert.deepEqual([await statusOf(ids[0] as string), await statusOf(ids[1] as string)], ['published', 'published']);
  const flash = (await office.get('/app/portal')).text;
  assert.match(flash, /Đã đăng 2 bài viết; 1 bài viết không thể đăng: «/);
  // Each went through its own command: one audit row per article.
  const audits = await t.db.selectFrom('audit_event').select('entity_id').where('action', '=', 'article.publish').where('entity_id', 'in', ids).execute();
  assert.equal(audits.length, 2);
  // And back off the portal.
  assert.equal((await office.post('/app/portal/articles/bulk', { ids, action: 'unpublish', confirm: '1' })).status, 303);
  assert.deepEqual([await statusOf(ids[0] as string), await statusOf(ids[1] as string)], ['unpublished', 'unpublished']);
  assert.match((await office.get('/app/portal')).text, /Đã gỡ 2 bài viết\./);
  // A bad action is a 400, not a 5xx.
  assert.equal((await office.post('/app/portal/articles/bulk', { ids, action: 'delete', confirm: '1' })).status, 400);
});
