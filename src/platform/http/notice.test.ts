// The confirmation after a POST-redirect-GET (D61), over real HTTP as curl does it: a listening
// server, a cookie jar, the CSRF token from the page, the redirect followed by hand. Before the
// GET of the page it names, the client sends a HEAD of that page and opens another page (what a
// `curl -I`, a link checker or a second tab does): the confirmation must still be on its page,
// once, without JavaScript. Programme submit, task approval (the approval box), article publish
// and a bulk action (several tasks approved at once).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';

let t: TestApp;
let pn: string;
let mai: string;
before(async () => {
  t = await startTestApp();
  pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  mai = (await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow()).id;
});
after(async () => t?.close());

const idIn = (loc: string | null) => /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(loc ?? '')?.[1] as string;
const noticeOf = (html: string) => /<p class="notice" role="status">([^<]*)<\/p>/.exec(html)?.[1];
async function login(u: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(u)).status, 302, u);
  return c;
}
const versionIn = (html: string, action: string) => new RegExp(`action="${action}"[^>]*>(?:(?!</form>)[^])*?name="version" value="(\\d+)"`).exec(html)?.[1];
const task = (title: string, y: number) => ({ title, description: 'Cách làm rõ ràng', owner_person_id: mai, lead_org_id: pn, start_on: `01/03/${y}`, due_on: `30/06/${y}`, m06: '100', result_kind: 'deliverable', deliverable: 'Báo cáo' });

/**
 * Follows a 303 as curl would, after a HEAD of the target and a GET of another page; returns the
 * notice of the target page, and asserts that a reload no longer shows it.
 */
async function follow(c: Client, res: { status: number; location: string | null }, elsewhere = '/app'): Promise<string | undefined> {
  assert.equal(res.status, 303);
  const to = res.location as string;
  assert.ok(to.startsWith('/'), to);
  const head = await c.request('HEAD', to);
  assert.equal(head.status, 200);
  const other = await c.get(elsewhere);
  assert.equal(other.status, 200);
  assert.equal(noticeOf(other.text), undefined, `another page (${elsewhere}) shows no confirmation that is not its own`);
  const page = await c.get(to);
  assert.equal(page.status, 200);
  const notice = noticeOf(page.text);
  if (!to.includes('ok=')) assert.equal(noticeOf((await c.get(to)).text), undefined, 'shown once');
  return notice;
}

test('a programme submit, a task approval, an article publish and a bulk approval each show their confirmation to a cookie-keeping client', async () => {
  // A head makes a programme with two tasks and submits the programme and the tasks.
  const head = await login('phunu');
  const made = await head.post('/app/programmes', { org_id: pn, year: 2014, title: 'Chương trình 2014' });
  const pid = idIn(made.location);
  const tasks: string[] = [];
  for (const title of ['Việc một', 'Việc hai', 'Việc ba']) {
    const r = await head.post(`/app/programmes/${pid}/tasks`, task(title, 2014));
    assert.equal(r.status, 303, /error-summary">(.*?)<\/ul>/.exec(r.text)?.[1]);
    tasks.push(idIn(r.location));
    assert.equal((await head.post(`/app/tasks/${idIn(r.location)}/submit`, { version: 1 })).status, 303);
  }
  const page = await head.get(`/app/programmes/${pid}`);
  const version = versionIn(page.text, `/app/programmes/${pid}/submit`);
  assert.ok(version, 'the submit form carries the version');
  const submitted = await head.post(`/app/programmes/${pid}/submit`, { version });
  assert.equal(await follow(head, submitted), 'Đã trình Ban Thường vụ duyệt.');

  // The Standing Committee approves one task through the approval box.
  const sc = await login('thuongvu');
  const tp = await sc.get(`/app/tasks/${tasks[0]}`);
  const tv = versionIn(tp.text, `/app/tasks/${tasks[0]}/decide`);
  assert.ok(tv, 'the approval box carries the version');
  const approved = await sc.post(`/app/tasks/${tasks[0]}/decide`, { decision: 'approve', comment: '', version: tv });
  assert.match((await follow(sc, approved, '/app/tasks/approvals')) ?? '', /^Đã phê duyệt; đã báo cho .+\.$/);

  // …and the two others at once (a bulk action).
  const bulk = await sc.post('/app/tasks/approvals', { ids: tasks.slice(1), action: 'approve', confirm: '1' });
  assert.equal(await follow(sc, bulk), 'Đã phê duyệt 2 nhiệm vụ.');

  // The office publishes an article the editor wrote.
  const editor = await login('bientap');
  const category = (await t.db.selectFrom('portal_category').select('id').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow()).id;
  const art = idIn((await editor.post('/app/portal/articles', { title: 'Bài xác nhận', summary: 'Tóm tắt', body_md: 'Nội dung.', category_id: category })).location);
  const office = await login('vanphong');
  const ap = await office.get(`/app/portal/articles/${art}`);
  const av = versionIn(ap.text, `/app/portal/articles/${art}/publish`);
  assert.ok(av, 'the publish form carries the version');
  const published = await office.post(`/app/portal/articles/${art}/publish`, { version: av, publish_at: '' });
  assert.equal(await follow(office, published), 'Đã đăng bài viết.');
  assert.equal((await t.db.selectFrom('article').select('status').where('id', '=', art).executeTakeFirstOrThrow()).status, 'published');
});

test('a confirmation waits for its own page: a HEAD, another page and another path do not take it', async () => {
  const sc = await login('thuongvu');
  // Marking every notification read redirects to the notifications page with a confirmation.
  const r = await sc.post('/app/notifications/read');
  assert.equal(r.status, 303);
  assert.equal((await sc.request('HEAD', '/app/notifications')).status, 200);
  assert.equal(noticeOf((await sc.get('/app/account')).text), undefined);
  assert.equal(noticeOf((await sc.get('/app/notifications?page=1')).text), 'Đã đánh dấu đã đọc tất cả thông báo.');
  assert.equal(noticeOf((await sc.get('/app/notifications')).text), undefined);
});
