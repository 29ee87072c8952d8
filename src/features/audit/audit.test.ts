import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, DEMO_PASSWORD, type TestApp, type Client } from '../../../test/support/app.ts';
import { newId } from '../../db/dialect.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import { addAccount } from '../users/service.ts';
import { auditChanges, vnDayStart } from './service.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

async function as(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302, username);
  return c;
}
const rowsOf = (html: string) => (html.match(/<time datetime=/g) ?? []).length;
const userId = async (username: string) => (await t.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

test('who may read the log: admin, standing and office; member, editor, org_head get 403', async () => {
  for (const u of ['quantri', 'thuongvu']) assert.equal((await (await as(u)).get('/app/audit')).status, 200, u);
  for (const u of ['hoivien', 'bientap', 'phunu']) assert.equal((await (await as(u)).get('/app/audit')).status, 403, u);
  // The office clerk records the ward's work and reads its history.
  assert.equal((await (await as('vanphong')).get('/app/audit')).status, 200);
  assert.equal((await t.client().get('/app/audit')).status, 302);
});

test('no route edits or deletes audit rows', () => {
  const audit = t.app.routeRules.filter((r) => r.url.includes('audit'));
  assert.ok(audit.length >= 1);
  assert.deepEqual(
    audit.map((r) => r.method),
    audit.map(() => 'GET'),
  );
});

test('newest first, 50 a page, Vietnamese labels and Vietnam time', async () => {
  const c = await as('quantri');
  const res = await c.get('/app/audit');
  assert.equal(res.status, 200);
  assert.equal(rowsOf(res.text), 50);
  assert.match(res.text, /Trang 1\/\d+/);
  const times = [...res.text.matchAll(/<time datetime="([^"]+)">(\d{2}\/\d{2}\/\d{4} \d{2}:\d{2})<\/time>/g)];
  assert.equal(times.length, 50);
  const isos = times.map((m) => m[1] as string);
  assert.deepEqual(isos, [...isos].sort().reverse());
  assert.match(res.text, /Cấp vai trò|Thêm tài khoản|Thêm người/);
  const page2 = await c.get('/app/audit?page=2');
  const next = [...page2.text.matchAll(/<time datetime="([^"]+)">/g)].map((m) => m[1] as string);
  assert.ok(next.length > 0);
  assert.ok((next[0] as string) <= (isos[49] as string)); // page 2 goes on where page 1 stopped
  // The home page shows no ward-wide feed of log-ins any more (issue 11, D49).
  const dash = await c.get('/app');
  assert.doesNotMatch(dash.text, /· Đăng nhập</);
  assert.doesNotMatch(dash.text, /· [a-z_]+\.[a-z_]+/);
});

test('entity filter: a person’s history, update shows only the changed fields, values escaped', async () => {
  const office = await as('vanphong');
  const created = await office.post('/app/people', { full_name: 'Trịnh <b>Văn</b> Nhật', phone: '0911111111' });
  assert.equal(created.status, 303);
  const id = /\/app\/people\/([0-9a-f-]{36})/.exec(created.location ?? '')?.[1] as string;
  const p = await t.db.selectFrom('person').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal((await office.post(`/app/people/${id}`, { full_name: 'Trịnh <b>Văn</b> Nhật', phone: '0922222222', note: '<script>alert(1)</script>', version: p.version })).status, 303);

  const c = await as('quantri');
  const all = await c.get(`/app/audit?entity=${id}`);
  assert.equal(all.status, 200);
  assert.equal(rowsOf(all.text), 2);
  assert.match(all.text, /Sửa thông tin người.*Thêm người/s); // newest first
  assert.doesNotMatch(all.text, /<script>alert|<b>Văn/);
  assert.match(all.text, /&lt;script>alert\(1\)&lt;\/script>/);

  const upd = await c.get(`/app/audit?entity=${id}&action=person.update`);
  assert.equal(rowsOf(upd.text), 1);
  // Each field by its form's label (D60); the version is bookkeeping, not shown.
  const details = /<details>[\s\S]*<\/details>/.exec(upd.text)?.[0] ?? '';
  const fields = [...details.matchAll(/<tr><td[^>]*>([^<]+)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(fields.sort(), ['Ghi chú', 'Điện thoại'].sort());
  assert.doesNotMatch(details, /<code>|version|phone/);
  assert.match(upd.text, /0911111111/);
  assert.match(upd.text, /0922222222/);

  // The person page links here.
  assert.match((await c.get(`/app/people/${id}`)).text, new RegExp(`href="/app/audit\\?entity=${id}"`));
});

test('actor filter: by the chosen user, or by a name typed without diacritics', async () => {
  const c = await as('quantri');
  const office = await userId('vanphong');
  const byId = await c.get(`/app/audit?actor=${office}`);
  assert.ok(rowsOf(byId.text) >= 1);
  const actors = [...byId.text.matchAll(/<td data-label="Người thực hiện">([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.ok(actors.length >= 1);
  assert.ok(actors.every((a) => a === 'Nguyễn Thu Trang'), actors.join(','));
  const byName = await c.get('/app/audit?who=nguyen+thu+trang');
  assert.equal(rowsOf(byName.text), rowsOf(byId.text));
  // A recorded label without a user (the demo loader) is found by the text as typed.
  const system = await c.get('/app/audit?who=' + encodeURIComponent('Dữ liệu mẫu') + '&type=person');
  assert.ok(rowsOf(system.text) > 0);
  const nobody = await c.get('/app/audit?who=khong+ai+ca');
  assert.equal(rowsOf(nobody.text), 0);
  // The select list offers this ward's users only.
  assert.match(byId.text, new RegExp(`<option value="${office}" selected`));
  assert.doesNotMatch(byId.text, /vinhtuy\.doan/);
});

test('date range: Vietnam days, UTC bounds on the stored instant', async () => {
  const mk = (at: string, summary: string) => ({
    id: newId(),
    ward_id: t.wardA,
    at,
    actor_user_id: null,
    actor_label: 'Kiểm thử ngày',
    action: 'test.range',
    entity_type: 'test',
    entity_id: null,
    summary,
    before_json: null,
    after_json: null,
    ip: null,
  });
  // Fixture rows at chosen instants (test data, not a ward's command).
  await runMaintenance(t.db, 'test.fixture', (q) =>
    q
      .insertInto('audit_event')
      .values([
        mk('2020-03-14T16:59:59.999Z', 'R-14-23h59'), // 14/03 23:59 in Vietnam
        mk('2020-03-14T17:00:00.000Z', 'R-15-00h00'), // 15/03 00:00
        mk('2020-03-15T16:59:59.999Z', 'R-15-23h59'), // 15/03 23:59
        mk('2020-03-15T17:00:00.000Z', 'R-16-00h00'), // 16/03 00:00
      ])
      .execute(),
  );
  assert.equal(vnDayStart('2020-03-15'), '2020-03-14T17:00:00.000Z');
  const c = await as('thuongvu');
  const day = await c.get('/app/audit?action=test.range&from=15/03/2020&to=15/03/2020');
  assert.equal(day.status, 200);
  const got = [...day.text.matchAll(/R-\d\d-\d\dh\d\d/g)].map((m) => m[0]);
  assert.deepEqual(got, ['R-15-23h59', 'R-15-00h00']);
  assert.match(day.text, /15\/03\/2020 23:59/);
  assert.match(day.text, /value="15\/03\/2020"/); // the filter stays as typed
  const from = await c.get('/app/audit?action=test.range&from=16/03/2020');
  assert.deepEqual([...from.text.matchAll(/R-\d\d-\d\dh\d\d/g)].map((m) => m[0]), ['R-16-00h00']);
  const to = await c.get('/app/audit?action=test.range&to=14/03/2020');
  assert.deepEqual([...to.text.matchAll(/R-\d\d-\d\dh\d\d/g)].map((m) => m[0]), ['R-14-23h59']);
  // An unknown action is shown by its raw name.
  assert.match(day.text, />test\.range</);
  const bad = await c.get('/app/audit?from=31/02/2020');
  assert.equal(bad.status, 400);
  // The refusal names the field it is about (D63).
  assert.match(bad.text, /Từ: ngày không hợp lệ/);
  assert.equal((await c.get('/app/audit?from=16/03/2020&to=15/03/2020')).status, 400);
  assert.equal((await c.get('/app/audit?entity=not-a-uuid')).status, 400);
});

test('an administrator of Vĩnh Tuy sees only Vĩnh Tuy rows', async () => {
  await addAccount(t.db, systemActor(t.wardB), { username: 'vinhtuy.admin', display_name: 'Quản trị Vĩnh Tuy', password: DEMO_PASSWORD, home_ward_id: t.wardB, person_id: null }, [{ role: 'admin', unit_id: t.wardB, org_id: null }]);
  const c = await as('vinhtuy.admin');
  const res = await c.get('/app/audit?type=person');
  assert.equal(res.status, 200);
  assert.match(res.text, /Bùi Quang Huy/);
  assert.doesNotMatch(res.text, /Dương Ngọc Dũng/);
  const dung = await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Dương Ngọc Dũng').executeTakeFirstOrThrow();
  const aRows = await t.db.selectFrom('audit_event').select('id').where('entity_id', '=', dung.id).execute();
  assert.ok(aRows.length > 0);
  assert.equal(rowsOf((await c.get(`/app/audit?entity=${dung.id}`)).text), 0);
  assert.equal(rowsOf((await c.get(`/app/audit?actor=${await userId('vanphong')}`)).text), 0);
  const all = await c.get('/app/audit');
  const total = Number(/Tổng số: (\d+)/.exec(all.text)?.[1] ?? rowsOf(all.text));
  const inB = await t.db.selectFrom('audit_event').select((eb) => eb.fn.countAll().as('n')).where('ward_id', '=', t.wardB).executeTakeFirstOrThrow();
  assert.equal(total, Number(inB.n));
  assert.doesNotMatch(all.text, /Nguyễn Thu Trang|quantri/);
});

test('auditChanges: changed fields only for updates; whole record for creation and removal', () => {
  assert.deepEqual(auditChanges('{"a":1,"b":"x","search_text":"q"}', '{"a":1,"b":"y","search_text":"r"}'), [{ field: 'b', before: 'x', after: 'y' }]);
  assert.deepEqual(auditChanges('{"id":"1","disabled":0}', '{"disabled":1}'), [{ field: 'disabled', before: '0', after: '1' }]);
  assert.deepEqual(auditChanges(null, '{"name":"A","n":null,"password_hash":"h"}'), [
    { field: 'name', after: 'A' },
    { field: 'n', after: '—' },
  ]);
  assert.deepEqual(auditChanges('{"role":"admin"}', null), [{ field: 'role', before: 'admin' }]);
  assert.deepEqual(auditChanges(null, 'not json'), [{ field: '', after: 'not json' }]);
  assert.deepEqual(auditChanges(null, '{"o":{"k":[1,2]}}'), [{ field: 'o', after: '{"k":[1,2]}' }]);
});

test('audit pages: the next link carries a keyset cursor and shows the same rows as the numbered page', async () => {
  const c = await as('quantri');
  const rowsOf = (html: string) => [...html.matchAll(/<tr[^>]*><td data-label="[^"]*"><time datetime="([^"]+)">/g)].map((m) => m[1]);
  const first = await c.get('/app/audit?page_size=3');
  assert.equal(first.status, 200);
  const next = /<a href="([^"]+)" rel="next">/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
  assert.ok(next && /[?&]after=[^&]+(~|%7E)[0-9a-f-]{36}/.test(next), String(next));
  let byCursor = await c.get(next);
  let byOffset = await c.get('/app/audit?page=2&page_size=3');
  assert.equal(rowsOf(byCursor.text).length, 3);
  assert.deepEqual(rowsOf(byCursor.text), rowsOf(byOffset.text));
  assert.ok(rowsOf(byCursor.text)[0]! <= rowsOf(first.text)[2]!);
  // Following the cursor once more still matches the numbered page.
  const next2 = /<a href="([^"]+)" rel="next">/.exec(byCursor.text)?.[1]?.replaceAll('&amp;', '&');
  assert.ok(next2);
  byCursor = await c.get(next2);
  byOffset = await c.get('/app/audit?page=3&page_size=3');
  assert.deepEqual(rowsOf(byCursor.text), rowsOf(byOffset.text));
  // A malformed cursor is ignored (numbered page), never passed on.
  const bad = await c.get('/app/audit?page=2&page_size=3&after=x%27%20or%201=1');
  assert.equal(bad.status, 200);
  assert.deepEqual(rowsOf(bad.text), rowsOf((await c.get('/app/audit?page=2&page_size=3')).text));
});
