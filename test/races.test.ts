// Unique-key races (issue 8, kind 6): users who save the same thing at the same moment get the
// answer they would get one after the other — the next slug, or "already exists" — never a 500.
// The command runner (src/platform/command.ts) reruns a command that lost a race on a unique key.
// Meaningful on PostgreSQL (concurrent transactions); SQLite serializes writers and must agree.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from './support/app.ts';
import { newId } from '../src/db/dialect.ts';

let t: TestApp;
const N = 6;

before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

/** One signed-in session sending the same request N times at once (as N tabs would). */
async function signedIn(username: string): Promise<Client[]> {
  const c = t.client();
  await c.login(username);
  await c.csrf();
  return Array.from({ length: N }, () => c);
}

const statuses = (rs: { status: number }[]) => rs.map((r) => r.status).sort();

test(`${N} concurrent articles with one title: all saved, each with its own slug (article_slug_uq)`, async () => {
  const title = 'Thông báo lịch tiếp công dân ' + newId().slice(-6);
  const cat = await t.db.selectFrom('portal_category').select('id').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  const clients = await signedIn('bientap');
  const rs = await Promise.all(clients.map((c) => c.post('/app/portal/articles', { category_id: cat.id, title, summary: '', body_md: 'Nội dung.' })));
  assert.deepEqual(statuses(rs), Array(N).fill(303), rs.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n'));
  const rows = await t.db.selectFrom('article').select('slug').where('ward_id', '=', t.wardA).where('title', '=', title).execute();
  assert.equal(rows.length, N);
  assert.equal(new Set(rows.map((r) => r.slug)).size, N);
  const audits = await t.db.selectFrom('audit_event').select('id').where('action', '=', 'article.create').where('summary', '=', title).execute();
  assert.equal(audits.length, N, 'one audit row per saved article, none for attempts rolled back');
});

test(`${N} concurrent categories with one name: all saved with distinct slugs (portal_category_slug_uq)`, async () => {
  const name = 'Chuyên mục ' + newId().slice(-6);
  const clients = await signedIn('vanphong');
  const rs = await Promise.all(clients.map((c) => c.post('/app/portal/categories', { name, slug: '', description: '', sort_order: 5 })));
  assert.ok(rs.every((r) => r.status < 500 && r.status !== 409), statuses(rs).join(','));
  const rows = await t.db.selectFrom('portal_category').select('slug').where('ward_id', '=', t.wardA).where('name', '=', name).execute();
  assert.equal(rows.length, N);
  assert.equal(new Set(rows.map((r) => r.slug)).size, N);
});

test(`${N} concurrent accounts with one username: one created, the others told it is taken (app_user.username)`, async () => {
  const username = 'dua.' + newId().slice(-8).toLowerCase();
  const clients = await signedIn('quantri');
  const rs = await Promise.all(clients.map((c) => c.post('/app/users', { username, display_name: 'Người thử', password: 'mat-khau-du-dai-42', role: 'office' })));
  assert.ok(rs.every((r) => r.status < 500), statuses(rs).join(','));
  assert.equal(rs.filter((r) => r.status === 303 || r.status === 302).length, 1, rs.map((r) => `${r.status} ${/class="error">([^<]*)/.exec(r.text)?.[1] ?? ''}`).join('\n'));
  for (const r of rs.filter((x) => x.status >= 400)) assert.match(r.text, /Tên đăng nhập đã được dùng/);
  const rows = await t.db.selectFrom('app_user').select('id').where('username', '=', username).execute();
  assert.equal(rows.length, 1);
});

test(`${N} concurrent programmes for one organization and year: one created, the others refused (programme_org_year_uq)`, async () => {
  const org = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
  const year = 2099;
  const clients = await signedIn('vanphong');
  const rs = await Promise.all(clients.map((c) => c.api('POST', '/api/v1/programmes', { org_id: org.id, year, title: 'Chương trình công tác năm 2099', source_ids: [] })));
  assert.ok(rs.every((r) => r.status < 500), rs.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n'));
  assert.equal(rs.filter((r) => r.status === 201).length, 1, statuses(rs).join(','));
  assert.ok(rs.filter((r) => r.status !== 201).every((r) => r.status === 400 || r.status === 409), statuses(rs).join(','));
  const rows = await t.db.selectFrom('programme').select('id').where('org_id', '=', org.id).where('year', '=', year).execute();
  assert.equal(rows.length, 1);
});

test('concurrent progress on sibling sub-tasks: the parent rolls up every post, 10 rounds (task.rollup under a row lock)', async () => {
  // A parent task of the demo with at least three sub-tasks.
  const parents = await t.db
    .selectFrom('task')
    .select(['parent_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('ward_id', '=', t.wardA)
    .where('parent_id', 'is not', null)
    .groupBy('parent_id')
    .execute();
  const parentId = parents.find((p) => Number(p.n) >= 3)?.parent_id;
  assert.ok(parentId, 'the demo has a task with three sub-tasks');
  const office = t.client();
  await office.login('vanphong');
  await office.csrf();
  for (let round = 1; round <= 10; round++) {
    const kids = await t.db.selectFrom('task').select(['id', 'version']).where('parent_id', '=', parentId).execute();
    const rs = await Promise.all(kids.map((k, i) => office.api('POST', `/api/v1/tasks/${k.id}/progress`, { percent: (round * 7 + i * 13) % 100, version: k.version })));
    assert.ok(
      rs.every((r) => r.status === 201),
      rs.map((r) => `${r.status} ${r.text.slice(0, 200)}`).join('\n'),
    );
    const posted: { progress_percent: number | null }[] = await t.db.selectFrom('task').select(['progress_percent', 'progress_on', 'done_on']).where('parent_id', '=', parentId).execute();
    const parent = await t.db.selectFrom('task').select(['progress_percent']).where('id', '=', parentId).executeTakeFirstOrThrow();
    const mean: number = Math.round((posted.reduce((s, k) => s + (k.progress_percent ?? 0), 0) / posted.length) * 10) / 10;
    assert.equal(Number(parent.progress_percent), mean, `round ${round}: the parent shows the mean of its sub-tasks as last posted`);
    const rollups = await t.db.selectFrom('audit_event').select('id').where('action', '=', 'task.rollup').where('entity_id', '=', parentId).execute();
    assert.ok(rollups.length >= round * kids.length, 'every roll-up wrote its audit row');
  }
});
