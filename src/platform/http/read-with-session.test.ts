// What the session's query reads for the home ward (issue 12, docs/DESIGN.md D79): a GET page of
// the home ward takes the header's unread count from it (no query of its own) and shows exactly what
// the notification table holds, up to "99+"; a page of another ward and a write request's page read
// it afresh, each for its own ward. The people list's kept parts take the directory stamp from it:
// a kept page costs the session's query alone and still shows a write made by any path. Over real
// HTTP, on the database the run is given.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryTracer, type TracedQuery } from '../../../bench/lib/tracer.ts';
import { startTestApp, type Client, type TestApp } from '../../../test/support/app.ts';
import { runMaintenance } from '../command.ts';
import { notify } from '../notify.ts';

const tracer = new QueryTracer();
let t: TestApp;

before(async () => {
  t = await startTestApp({ plugin: tracer });
});
after(() => t?.close());

async function userOf(username: string): Promise<{ id: string; home: string }> {
  const u = await t.db.selectFrom('app_user').select(['id', 'home_ward_id']).where('username', '=', username).executeTakeFirstOrThrow();
  return { id: u.id, home: u.home_ward_id as string };
}

async function signedIn(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}

let seq = 0;
/** `n` new unread notifications of user `userId` in ward `wardId`. */
async function notifyN(userId: string, wardId: string, n: number): Promise<void> {
  await runMaintenance(t.db, 'test.notify', async (m) => {
    for (let i = 0; i < n; i++) await notify(m, { wardId, userIds: [userId], kind: 'test', message: `Thông báo thử ${++seq}`, link: null, dedupeKey: `unread-test:${seq}` });
  });
}

/** Unread notifications of the user in the ward, counted in the table. */
async function unreadInTable(userId: string, wardId: string): Promise<number> {
  const r = await t.db.selectFrom('notification').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).where('ward_id', '=', wardId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The count the header shows: 0 without a badge, the number, or 100 for "99+". */
function headerCount(html: string): number {
  const m = /<a href="\/app\/notifications" class="notif-link"[^>]*>Thông báo(?: <span class="notif-count" aria-hidden="true">(\d+|99\+)<\/span>)?/.exec(html);
  assert.ok(m, 'the header has the notifications link');
  return m[1] === undefined ? 0 : m[1] === '99+' ? 100 : Number(m[1]);
}

/** The standalone count (unread.ts `countUnread`): the only select of a page that names no table (its FROM is a raw subquery). */
const standaloneCounts = (qs: TracedQuery[]) => qs.filter((q) => q.kind === 'select' && q.tables.length === 0).length;

async function traced<T>(fn: () => Promise<T>): Promise<[T, TracedQuery[]]> {
  tracer.start();
  try {
    const r = await fn();
    return [r, tracer.stop()];
  } catch (e) {
    tracer.stop();
    throw e;
  }
}

test('a GET page of the home ward shows the count read with its session, with no query of its own, and follows every change', async () => {
  const u = await userOf('hoivien');
  const c = await signedIn('hoivien');
  for (const add of [0, 2, 5]) {
    await notifyN(u.id, u.home, add);
    const expected = Math.min(await unreadInTable(u.id, u.home), 100);
    for (const p of ['/app/account', '/app/people', '/app']) {
      const [page, qs] = await traced(() => c.get(p));
      assert.equal(page.status, 200, p);
      assert.equal(headerCount(page.text), expected, `${p} after ${add} more`);
      assert.equal(standaloneCounts(qs), 0, `${p}: the count came with the session`);
    }
  }
  // Read them all: the next page shows none.
  assert.equal((await c.post('/app/notifications/read', {})).status, 303);
  assert.equal(headerCount((await c.get('/app/account')).text), 0);
  // Past the cap: "99+", and the count still comes with the session.
  await notifyN(u.id, u.home, 101);
  const [page, qs] = await traced(() => c.get('/app/account'));
  assert.equal(headerCount(page.text), 100);
  assert.match(page.text, /<span class="notif-count" aria-hidden="true">99\+<\/span>/);
  assert.equal(standaloneCounts(qs), 0);
});

test("a page of another ward counts that ward's notifications, read afresh", async () => {
  const u = await userOf('thanhpho'); // the city's Standing Committee reads both demo wards
  const c = await signedIn('thanhpho');
  const wards = await t.db.selectFrom('unit').select('id').where('code', 'in', ['DEMO-DONGTAM', 'DEMO-VINHTUY']).execute();
  const other = wards.map((w) => w.id).find((id) => id !== u.home) as string;
  await notifyN(u.id, u.home, 3);
  await notifyN(u.id, other, 1);
  const home = await c.get('/app/account');
  assert.equal(headerCount(home.text), await unreadInTable(u.id, u.home));
  assert.equal((await c.post('/app/ward', { wardId: other })).status, 302);
  const [page, qs] = await traced(() => c.get('/app/account'));
  assert.equal(headerCount(page.text), await unreadInTable(u.id, other));
  assert.notEqual(headerCount(page.text), headerCount(home.text));
  assert.equal(standaloneCounts(qs), 1, 'the session read the home ward\'s count: this ward\'s is its own query');
});

test("a write request's page reads the count afresh: its command may have changed it", async () => {
  const u = await userOf('phunu');
  const c = await signedIn('phunu');
  await notifyN(u.id, u.home, 2);
  const [page, qs] = await traced(() => c.post('/app/account/password', { current: 'sai mật khẩu', next: 'mat-khau-moi-du-dai-1', repeat: 'mat-khau-moi-du-dai-1' }));
  assert.equal(page.status, 400);
  assert.equal(headerCount(page.text), await unreadInTable(u.id, u.home));
  assert.equal(standaloneCounts(qs), 1);
});

test("the kept people list costs the session's query alone, and the next GET after any write shows it", async () => {
  const c = await signedIn('vanphong');
  assert.equal((await c.get('/app/people')).status, 200);
  const [kept, qs] = await traced(() => c.get('/app/people'));
  assert.equal(kept.status, 200);
  assert.deepEqual(
    qs.map((q) => q.tables[0]),
    ['session'],
    'one query: the session with its account, unread count and directory stamp',
  );
  // A raw write (no command, no cache told): the stamp's trigger bumps it, the session's query reads it.
  const p = await t.db.selectFrom('person').select(['id', 'full_name']).where('ward_id', '=', t.wardA).where('ended_on', 'is', null).orderBy('sort_key').executeTakeFirstOrThrow();
  await t.db.transaction().execute((tx) => runMaintenance(tx, 'test.raw', (m) => m.updateTable('person').set({ full_name: `${p.full_name} Thị` }).where('id', '=', p.id).execute()));
  const after = await c.get('/app/people');
  assert.ok(after.text.includes(`${p.full_name} Thị`), 'the renamed person is on the page');
  const [again, qs2] = await traced(() => c.get('/app/people'));
  assert.equal(again.text.replace(/name="(?:_csrf|csrf-token)" (?:value|content)="[^"]*"/g, ''), after.text.replace(/name="(?:_csrf|csrf-token)" (?:value|content)="[^"]*"/g, ''));
  assert.equal(qs2.length, 1);
});
