// People order and search (issues 11 item 9 and 12, docs/DESIGN.md D44), on the database the
// test run uses (SQLite, or PostgreSQL with ROVIEC_TEST_DATABASE_URL): the Vietnamese order by
// given name with its tones, word-start search, the stored key kept by an edit, and paging
// through the whole list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { markSystem, runCommand, runMaintenance } from '../../platform/command.ts';
import { systemActor } from '../../platform/actor.ts';
import { createToken } from '../../platform/auth/tokens.ts';
import { makePerson, rng } from '../../lib/demo-names.ts';
import { matchesWordStarts, personBinarySortKey, searchWords } from '../../lib/vi/index.ts';
import { insertPerson, listPeople } from './service.ts';
import { countPeopleDirectly } from './repo.ts';
import { recomputeSortKeys } from '../../db/migrations/0016_people_order.ts';
import { PeopleQuery } from './schema.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

async function addPeople(names: readonly string[]): Promise<string[]> {
  const actor = systemActor(t.wardA);
  return runCommand(t.db, actor, 'test.people', async ({ trx }) => {
    markSystem(actor);
    const ids: string[] = [];
    for (const full_name of names) ids.push(await insertPerson(trx, actor, { full_name, gender: null, birth_date: null, phone: null, email: null, unit_id: null, note: null }));
    return ids;
  });
}

async function tokenFor(username: string): Promise<string> {
  const u = await t.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return (await runMaintenance(t.db, 'test.token', async (q) => createToken(q, u.id, 'test', null))).token;
}

/** The names of the people list page in the order shown. */
function namesOnPage(html: string): string[] {
  return [...html.matchAll(/<a href="\/app\/people\/[0-9a-f-]{36}[^"]*">([^<]+)<\/a>/g)].map((m) => m[1] as string);
}

test('given name with its tones first: An Kiểm Dung, Vũ Kiểm Dung, Lê Kiểm Dũng, Nguyễn Kiểm Dũng on the page and in the API', async () => {
  await addPeople(['Nguyễn Kiểm Dũng', 'Lê Kiểm Dũng', 'Vũ Kiểm Dung', 'An Kiểm Dung']);
  const want = ['An Kiểm Dung', 'Vũ Kiểm Dung', 'Lê Kiểm Dũng', 'Nguyễn Kiểm Dũng'];
  const c = t.client();
  await c.login('vanphong');
  const page = await c.get('/app/people?q=kiem');
  assert.equal(page.status, 200);
  assert.deepEqual(namesOnPage(page.text), want);
  const token = await tokenFor('vanphong');
  const api = (await c.api('GET', '/api/v1/people?q=kiem', undefined, token)).json<{ items: { full_name: string }[]; total: number }>();
  assert.deepEqual(api.items.map((p) => p.full_name), want);
  assert.equal(api.total, 4);
  // Descending by name is the exact reverse.
  const desc = (await c.api('GET', '/api/v1/people?q=kiem&sort=name&dir=desc', undefined, token)).json<{ items: { full_name: string }[] }>();
  assert.deepEqual(desc.items.map((p) => p.full_name), [...want].reverse());
  // A page past the end goes to the last page, the search kept (as the schedule clamps).
  const past = await c.get('/app/people?q=kiem&page=99999');
  assert.equal(past.status, 302);
  assert.equal(past.headers.get('location'), '/app/people?q=kiem&page=1');
});

test('search matches from the start of words, tones folded: "huong" finds Hương, not Phương; "nguyen van" finds Nguyễn Văn …', async () => {
  await addPeople(['Trần Thị Hương', 'Lê Văn Phương', 'Nguyễn Văn Thuận', 'Văn Thị Nguyễn', 'Ngô Nguyên Vân', 'Nguyễn Thị Vấn', 'Phạm Quang Văn']);
  const c = t.client();
  await c.login('vanphong');
  const huong = namesOnPage((await c.get('/app/people?q=huong')).text);
  assert.ok(huong.includes('Trần Thị Hương'));
  assert.ok(!huong.includes('Lê Văn Phương'));
  assert.ok(huong.every((n) => matchesWordStarts(n, ['huong'])), huong.join(', '));
  const nv = namesOnPage((await c.get('/app/people?q=nguyen+van')).text);
  for (const n of ['Nguyễn Văn Thuận', 'Văn Thị Nguyễn', 'Ngô Nguyên Vân', 'Nguyễn Thị Vấn']) assert.ok(nv.includes(n), `${n} in ${nv.join(', ')}`);
  assert.ok(!nv.includes('Phạm Quang Văn'));
  // A word's inside never matches: "uong" begins no word of "Hương".
  assert.ok(!namesOnPage((await c.get('/app/people?q=uong')).text).includes('Trần Thị Hương'));
  // Prefixes of several words: "ng th" finds Nguyễn Văn Thuận.
  assert.ok(namesOnPage((await c.get('/app/people?q=ng+th')).text).includes('Nguyễn Văn Thuận'));
  // A box of symbols only ("%", "_") searches for no word: it finds nobody, not everybody.
  for (const sym of ['%25', '_', '%25%25+_']) assert.deepEqual(namesOnPage((await c.get(`/app/people?q=${sym}`)).text), [], sym);
  assert.ok(namesOnPage((await c.get('/app/people')).text).length > 0, 'an empty box lists everybody');
});

test('the database search returns exactly the people the word-start rule picks, in key order', async () => {
  const r = rng(7);
  await addPeople(Array.from({ length: 150 }, (_, i) => makePerson(r, i % 2 ? 'nam' : 'nu', 1950, 2000).full_name));
  const all = await t.db.selectFrom('person').select(['id', 'full_name', 'sort_key']).where('ward_id', '=', t.wardA).where('ended_on', 'is', null).execute();
  const byKey = (a: { sort_key: string; id: string }, b: { sort_key: string; id: string }) => (a.sort_key < b.sort_key ? -1 : a.sort_key > b.sort_key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const q of ['nguyen', 'nguyen van', 'th', 'h', 'thi a', 'tran thi', 'dung', 'anh', 'x', 'Đặng', 'ng v h']) {
    const terms = searchWords(q);
    const want = all.filter((p) => matchesWordStarts(p.full_name, terms)).sort(byKey);
    const got = await listPeople(t.db, systemActor(t.wardA), PeopleQuery.parse({ q, page_size: '200' }));
    assert.equal(got.total, want.length, q);
    assert.deepEqual(got.items.map((p) => p.id), want.slice(0, 200).map((p) => p.id), q);
  }
});

test('an edit of the name updates the sort key and the search words', async () => {
  const [id] = (await addPeople(['Đỗ Thị Ánh'])) as [string];
  const c = t.client();
  await c.login('vanphong');
  const before = await t.db.selectFrom('person').select(['sort_key', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(before.sort_key, personBinarySortKey('Đỗ Thị Ánh'));
  const res = await c.post(`/app/people/${id}`, { full_name: 'Đỗ Thị Anh Quỳnh', version: before.version });
  assert.equal(res.status, 303);
  const after = await t.db.selectFrom('person').select(['sort_key', 'search_text']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(after.sort_key, personBinarySortKey('Đỗ Thị Anh Quỳnh'));
  assert.equal(after.search_text, 'do thi anh quynh');
  assert.ok(namesOnPage((await c.get('/app/people?q=quynh+do')).text).includes('Đỗ Thị Anh Quỳnh'));
  assert.ok(!namesOnPage((await c.get('/app/people?q=do+thi+anh')).text).includes('Đỗ Thị Ánh'));
});

test('paging through the whole list gives every person exactly once, in order, equal names included', async () => {
  await addPeople(Array.from({ length: 7 }, () => 'Trần Văn Bình'));
  const actor = systemActor(t.wardA);
  const all = await t.db.selectFrom('person').select(['id', 'sort_key']).where('ward_id', '=', t.wardA).where('ended_on', 'is', null).execute();
  const want = all.sort((a, b) => (a.sort_key < b.sort_key ? -1 : a.sort_key > b.sort_key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((p) => p.id);
  for (const dir of ['asc', 'desc'] as const) {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const res = await listPeople(t.db, actor, PeopleQuery.parse({ page: String(page), page_size: '23', sort: 'name', dir }));
      assert.equal(res.total, want.length);
      seen.push(...res.items.map((p) => p.id));
      if (res.items.length < 23) break;
    }
    assert.equal(new Set(seen).size, seen.length, 'no one twice');
    assert.deepEqual(seen, dir === 'asc' ? want : [...want].reverse());
  }
});

test('the stored head counts equal a count over the ward after creating, ending, moving and deleting people', async () => {
  const totals = async (wardId: string, ended: '0' | '1') => (await listPeople(t.db, systemActor(wardId), PeopleQuery.parse({ ended }))).total;
  const check = async (when: string) => {
    for (const ward of [t.wardA, t.wardB]) {
      assert.equal(await totals(ward, '0'), await countPeopleDirectly(t.db, ward, false), `${when}: active`);
      assert.equal(await totals(ward, '1'), await countPeopleDirectly(t.db, ward, true), `${when}: with ended`);
    }
  };
  await check('at start');
  const [a, b, c] = (await addPeople(['Mai Văn Một', 'Mai Văn Hai', 'Mai Văn Ba'])) as [string, string, string];
  await check('after creating');
  const client = t.client();
  await client.login('vanphong');
  const v = (await t.db.selectFrom('person').select('version').where('id', '=', a).executeTakeFirstOrThrow()).version;
  assert.equal((await client.post(`/app/people/${a}/end`, { ended_on: '01/01/2024', reason: 'Chuyển đi', version: v })).status, 303);
  assert.ok((await t.db.selectFrom('person').select('ended_on').where('id', '=', a).executeTakeFirstOrThrow()).ended_on);
  await check('after ending one');
  await runMaintenance(t.db, 'test.people', async (q) => {
    await q.updateTable('person').set({ ward_id: t.wardB }).where('id', 'in', [a, b]).execute();
    await q.updateTable('person').set({ note: 'x' }).where('id', '=', c).execute();
  });
  await check('after moving two to the other ward');
  await runMaintenance(t.db, 'test.people', async (q) => {
    await q.deleteFrom('audit_event').where('entity_id', 'in', [a, b, c]).execute();
    await q.deleteFrom('person').where('id', 'in', [a, c]).execute();
  });
  await check('after deleting');
});

test('the upgrade recomputes a key stored the old way (all letters, then all tones)', async () => {
  const [id] = (await addPeople(['Lê Kiểm Dũng Mới'])) as [string];
  const oldKey = 'ABC\u0002DEF\u00010000'; // any stale value
  await runMaintenance(t.db, 'test.people', (q) => q.updateTable('person').set({ sort_key: oldKey }).where('id', '=', id).execute());
  const changed = await runMaintenance(t.db, 'test.people', (q) => recomputeSortKeys(q));
  assert.equal(changed, 1);
  const row = await t.db.selectFrom('person').select('sort_key').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.sort_key, personBinarySortKey('Lê Kiểm Dũng Mới'));
});
