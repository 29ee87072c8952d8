import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

test('a diacritic-free search finds Dương Ngọc Dũng with his posts as of 10/02/2017', async () => {
  const c = t.client();
  assert.equal((await c.login('vanphong')).status, 302);
  const res = await c.get('/app/people?q=duong+ngoc+dung&on=10/02/2017');
  assert.equal(res.status, 200);
  assert.match(res.text, /Dương Ngọc Dũng/);
  assert.match(res.text, /Bí thư Đảng ủy, Chủ tịch HĐND phường/);
  // Upper case and tone-placement variants find the same person.
  const res2 = await c.get('/app/people?q=' + encodeURIComponent('DƯƠNG NGỌC DŨNG'));
  assert.match(res2.text, /Dương Ngọc Dũng/);
});

test('posts held on a date: Chu Thị Huế was Phó Chủ tịch UBND in 2015, Chủ tịch on 10/02/2017', async () => {
  const c = t.client();
  await c.login('vanphong');
  const list = await c.get('/app/people?q=chu+thi+hue');
  const id = /\/app\/people\/([0-9a-f-]{36})/.exec(list.text)?.[1];
  assert.ok(id);
  const on2017 = await c.get(`/app/people/${id}?on=10/02/2017`);
  assert.match(on2017.text, /<ul class="posts-on"><li>Phó Bí thư Đảng ủy.*Chủ tịch UBND phường/);
  const on2015 = await c.get(`/app/people/${id}?on=01/03/2015`);
  assert.match(on2015.text, /<ul class="posts-on"><li>Phó Chủ tịch UBND phường/);
});

test('office adds a person with two concurrent posts; the audit rows are written', async () => {
  const c = t.client();
  await c.login('vanphong');
  const orgs = await t.db.selectFrom('organization').select(['id', 'short_name']).where('ward_id', '=', t.wardA).execute();
  const org = (s: string) => orgs.find((o) => o.short_name === s)?.id as string;
  const created = await c.post('/app/people', { full_name: '  Nguyễn   Thị Hoà  ', gender: 'nu', birth_date: '05/06/1980' });
  assert.equal(created.status, 303);
  const id = /\/app\/people\/([0-9a-f-]{36})/.exec(created.location ?? '')?.[1] as string;
  const p = await t.db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(p.full_name, 'Nguyễn Thị Hoà'.normalize('NFC'));
  assert.equal(p.search_text, 'nguyen thi hoa');
  assert.equal((await c.post(`/app/people/${id}/positions`, { org_id: org('Hội LHPN'), title: 'Phó Chủ tịch Hội LHPN', start_on: '01/01/2020' })).status, 303);
  assert.equal((await c.post(`/app/people/${id}/positions`, { org_id: org('UBMTTQ'), title: 'Ủy viên Ủy ban MTTQ', start_on: '01/01/2021' })).status, 303);
  const found = await c.get('/app/people?q=nguyen+thi+hoa');
  assert.match(found.text, /Phó Chủ tịch Hội LHPN, Ủy viên Ủy ban MTTQ/);
  const audit = await t.db.selectFrom('audit_event').select(['action', 'actor_label']).where('entity_id', '=', id).execute();
  assert.deepEqual(audit.map((a) => a.action), ['person.create']);
  const posAudit = await t.db.selectFrom('audit_event').select('action').where('action', '=', 'position.create').where('actor_label', '=', 'Nguyễn Thu Trang').execute();
  assert.equal(posAudit.length, 2);
});

test('bad input: end before start is refused in Vietnamese with 400 and nothing written', async () => {
  const c = t.client();
  await c.login('vanphong');
  const person = await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).limit(1).executeTakeFirstOrThrow();
  const org = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).limit(1).executeTakeFirstOrThrow();
  const before = await t.db.selectFrom('position').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const res = await c.post(`/app/people/${person.id}/positions`, { org_id: org.id, title: 'Thử', start_on: '10/02/2017', end_on: '09/02/2017' });
  assert.equal(res.status, 400);
  assert.match(res.text, /Ngày kết thúc không được trước ngày bắt đầu/);
  assert.match(res.text, /value="Thử"/); // what was typed is kept
  const bad = await c.post(`/app/people/${person.id}/positions`, { org_id: org.id, title: 'Thử', start_on: '31/02/2017' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Ngày không hợp lệ/);
  const after = await t.db.selectFrom('position').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));
});

test('concurrent edits: the second writer with a stale version is told, nothing lost', async () => {
  const a = t.client();
  const b = t.client();
  await a.login('vanphong');
  await b.login('quantri');
  const p = await t.db.selectFrom('person').select(['id', 'full_name', 'version']).where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow();
  const first = await a.post(`/app/people/${p.id}`, { full_name: 'Lê Thị Mai', phone: '0912345678', version: p.version });
  assert.equal(first.status, 303);
  const second = await b.post(`/app/people/${p.id}`, { full_name: 'Lê Thị Mai', phone: '0987654321', version: p.version });
  assert.equal(second.status, 409);
  assert.match(second.text, /vừa được người khác sửa/);
  assert.match(second.text, /value="0987654321"/); // what the second writer typed is still on screen
  const now = await t.db.selectFrom('person').select(['phone', 'version']).where('id', '=', p.id).executeTakeFirstOrThrow();
  assert.equal(now.phone, '0912345678');
  assert.equal(now.version, p.version + 1);
});

test('a membership is edited with a version check and ended, never deleted', async () => {
  const c = t.client();
  await c.login('vanphong');
  const m = await t.db.selectFrom('membership').innerJoin('person', 'person.id', 'membership.person_id').select(['membership.id', 'membership.org_id', 'membership.version', 'membership.person_id']).where('person.full_name', '=', 'Lê Thị Mai').where('membership.member_no', '=', '02-101').executeTakeFirstOrThrow();
  const form = await c.get(`/app/memberships/${m.id}/edit`);
  assert.equal(form.status, 200);
  assert.match(form.text, /value="02-101"/);
  const saved = await c.post(`/app/memberships/${m.id}`, { org_id: m.org_id, member_no: '02-102', start_on: '08/03/2012', version: m.version });
  assert.equal(saved.status, 303);
  const stale = await c.post(`/app/memberships/${m.id}`, { org_id: m.org_id, member_no: '02-999', start_on: '08/03/2012', version: m.version });
  assert.equal(stale.status, 409);
  const ended = await c.post(`/app/memberships/${m.id}/end`, { end_on: '31/12/2025', version: m.version + 1 });
  assert.equal(ended.status, 303);
  const row = await t.db.selectFrom('membership').select(['member_no', 'end_on']).where('id', '=', m.id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { member_no: '02-102', end_on: '2025-12-31' });
  const history = await t.db.selectFrom('audit_event').select('action').where('subject_id', '=', m.person_id).where('entity_id', '=', m.id).orderBy('at').execute();
  assert.deepEqual(history.map((h) => h.action).slice(-2), ['membership.update', 'membership.end']);
  // The head of Đoàn TN's ward B cannot touch it.
  const b = t.client();
  await b.login('vinhtuy.doan');
  assert.equal((await b.get(`/app/memberships/${m.id}/edit`)).status, 404);
});

test('the people list sorts in SQL by a whitelisted column, the sort in the URL; unknown sorts fall back to the name order', async () => {
  const c = t.client();
  await c.login('vanphong');
  const list = async (qs: string) => {
    const r = await c.api('GET', `/api/v1/people?page_size=200&${qs}`);
    assert.equal(r.status, 200);
    return r.json<{ items: { full_name: string; birth_date: string | null }[] }>().items;
  };
  const byName = await list('');
  assert.ok(byName.length > 5);
  const desc = await list('sort=birth_date&dir=desc');
  assert.equal(desc.length, byName.length);
  const dates = desc.map((p) => p.birth_date);
  const firstNull = dates.indexOf(null);
  const known = firstNull === -1 ? dates : dates.slice(0, firstNull);
  assert.ok(firstNull === -1 || dates.slice(firstNull).every((d) => d === null), 'people without a birth date come last');
  assert.deepEqual(known, [...known].sort().reverse());
  const asc = await list('sort=birth_date&dir=asc');
  assert.deepEqual(asc.map((p) => p.birth_date).filter(Boolean), [...known].reverse());
  // A column outside the whitelist never reaches SQL: the API refuses it (400 naming the field), the page drops it.
  const refused = await c.api('GET', '/api/v1/people?sort=full_name%3B%20drop%20table%20person&dir=desc');
  assert.equal(refused.status, 400);
  assert.match(refused.text, /sort/);
  assert.equal((await c.get('/app/people?sort=full_name%3B%20drop%20table%20person&dir=desc')).status, 200);
  assert.deepEqual((await list('sort=name&dir=desc')).map((p) => p.full_name), byName.map((p) => p.full_name).reverse());
  // The page: aria-sort on the sorted column, header links keep the filters and drop the page.
  const page = await c.get('/app/people?q=nguyen&sort=birth_date&dir=desc&page=1');
  assert.equal(page.status, 200);
  assert.match(page.text, /<th scope="col" aria-sort="descending"><a class="sort" href="\/app\/people\?q=nguyen&amp;sort=birth_date&amp;dir=asc">/);
  assert.match(page.text, /<a class="sort" href="\/app\/people\?q=nguyen&amp;sort=name&amp;dir=asc">/);
  const plain = await c.get('/app/people');
  assert.match(plain.text, /<th scope="col" aria-sort="ascending"><a class="sort" href="\/app\/people\?sort=name&amp;dir=desc">/);
});

test('a birth date after today (Vietnam day) is refused on create and edit, nothing written', async () => {
  const c = t.client();
  await c.login('vanphong');
  const count = async () => Number((await t.db.selectFrom('person').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const n = await count();
  const res = await c.post('/app/people', { full_name: 'Người Tương Lai', birth_date: '01/01/2030' });
  assert.equal(res.status, 400);
  assert.match(res.text, /Ngày sinh không được sau ngày hôm nay/);
  assert.equal(await count(), n);
  const p = await t.db.selectFrom('person').select(['id', 'full_name', 'birth_date', 'version']).where('ward_id', '=', t.wardA).where('full_name', '=', 'Lê Thị Mai').executeTakeFirstOrThrow();
  const edit = await c.post(`/app/people/${p.id}`, { full_name: p.full_name, birth_date: '01/01/2030', version: p.version });
  assert.equal(edit.status, 400);
  const after = await t.db.selectFrom('person').select(['birth_date', 'version']).where('id', '=', p.id).executeTakeFirstOrThrow();
  assert.deepEqual(after, { birth_date: p.birth_date, version: p.version });
});
