// A province administrator's unit pages (D35): add a ward and its groups, rename from a date with
// history, move from a date, and every refusal (nothing written, 4xx); the ward admin's rename.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, DEMO_PASSWORD, type Client, type TestApp } from '../../../test/support/app.ts';
import { systemActor } from '../../platform/actor.ts';
import { markSystem, runCommand } from '../../platform/command.ts';
import { addAccount } from '../users/service.ts';
import { insertUnit } from './service.ts';

let t: TestApp;
let city: string;
let district: string; // Huyện Thử, under the city, still valid
let otherProvince: string;

before(async () => {
  t = await startTestApp();
  city = (await unitByCode('01')).id;
  const sys = systemActor('', 'Kiểm thử');
  [district, otherProvince] = await runCommand(t.db, sys, 'test.fixture', async ({ trx }) => {
    markSystem(sys);
    const d = await insertUnit(trx, sys, { kind: 'huyen', name: 'Huyện Thử', code: 'H01', valid_from: '2000-01-01', valid_to: null, parent_id: city, ward_id: null });
    const p = await insertUnit(trx, sys, { kind: 'tinh', name: 'Tỉnh Bắc Ninh', code: '27', valid_from: '1997-01-01', valid_to: null, parent_id: null, ward_id: null });
    return [d, p];
  });
  const account = (username: string, role: 'admin' | 'editor', unit: string) =>
    addAccount(t.db, sys, { username, display_name: username, password: DEMO_PASSWORD, home_ward_id: null, person_id: null }, [{ role, unit_id: unit, org_id: null }]);
  await account('tinh.admin', 'admin', city);
  await account('tinh.bientap', 'editor', city);
  await account('bacninh.admin', 'admin', otherProvince);
});
after(async () => t.close());

function unitByCode(code: string) {
  return t.db.selectFrom('unit').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}

async function signedIn(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}

/** Rows that a refusal must leave as they were. */
async function counts() {
  const n = async (table: 'unit' | 'unit_parent' | 'unit_name' | 'audit_event') => Number((await t.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { unit: await n('unit'), links: await n('unit_parent'), names: await n('unit_name'), audit: await n('audit_event') };
}

/** The tree part of a page. */
function tree(html: string): string {
  const m = /<ul class="unit-tree">[\s\S]*<\/ul>/.exec(html);
  assert.ok(m, 'the page shows a unit tree');
  return m[0];
}

test('a province admin adds a ward and a group, renames the ward from a date (history by date), moves it; refusals write nothing', async () => {
  const c = await signedIn('tinh.admin');
  const page = await c.get('/app/units/province');
  assert.equal(page.status, 200);
  assert.match(tree(page.text), /Thành phố Hà Nội<\/a>.*Phường Đồng Tâm<\/a>.*Huyện Thử/s);
  assert.doesNotMatch(tree(page.text), /Quận Hai Bà Trưng/); // ended 30/06/2025
  assert.match(tree((await c.get('/app/units/province?on=01/01/2020')).text), /Quận Hai Bà Trưng<\/a>.*?<ul>.*Phường Đồng Tâm/s);
  assert.equal((await c.get('/app/units/province/new')).status, 200);
  assert.match((await c.get('/app/units')).text, /<a class="button" href="\/app\/units\/province">Đơn vị hành chính cấp tỉnh<\/a>/);
  assert.doesNotMatch((await (await signedIn('quantri')).get('/app/units')).text, /href="\/app\/units\/province"/);

  // Add: a ward under the city, then a residential group in it.
  const made = await c.post('/app/units/province', { kind: 'phuong', parent_id: city, name: ' Phường  Hòa Bình ', code: '00001', valid_from: '01/07/2025' });
  assert.equal(made.status, 303, made.text);
  const ward = await unitByCode('00001');
  assert.equal(made.location, `/app/units/province/${ward.id}?ok=saved`);
  assert.deepEqual([ward.name, ward.kind, ward.is_ward, ward.ward_id, ward.valid_from], ['Phường Hòa Bình', 'phuong', 1, ward.id, '2025-07-01']);
  assert.equal((await c.post('/app/units/province', { kind: 'to_dan_pho', parent_id: ward.id, name: 'Tổ dân phố số 1', code: 'TDP1', valid_from: '01/07/2025' })).status, 303);
  const group = await t.db.selectFrom('unit').selectAll().where('ward_id', '=', ward.id).where('is_ward', '=', 0).executeTakeFirstOrThrow();
  assert.equal(group.name, 'Tổ dân phố số 1');
  const audit = await t.db.selectFrom('audit_event').select(['action', 'ward_id', 'actor_label']).where('entity_id', '=', ward.id).execute();
  assert.deepEqual(audit, [{ action: 'unit.create', ward_id: ward.id, actor_label: 'tinh.admin' }]);

  // Refused adds: existing code, no code for a ward, a parent that has ended, a group under the city.
  let before = await counts();
  const taken = await c.post('/app/units/province', { kind: 'xa', parent_id: city, name: 'Xã Trùng', code: 'DEMO-DONGTAM', valid_from: '01/07/2025' });
  assert.equal(taken.status, 400);
  assert.match(taken.text, /Mã này đã được dùng cho một đơn vị khác/);
  assert.match(taken.text, /value="Xã Trùng"/); // what was typed comes back
  assert.match((await c.post('/app/units/province', { kind: 'xa', parent_id: city, name: 'Xã Không Mã', valid_from: '01/07/2025' })).text, /phải có mã đơn vị hành chính/);
  const ended = await c.post('/app/units/province', { kind: 'phuong', parent_id: (await unitByCode('007')).id, name: 'Phường Muộn', code: '00009', valid_from: '01/08/2025' });
  assert.equal(ended.status, 400);
  assert.match(ended.text, /không có hiệu lực vào ngày này/);
  assert.match((await c.post('/app/units/province', { kind: 'to_dan_pho', parent_id: city, name: 'Tổ lạc', valid_from: '01/08/2025' })).text, /không thể trực thuộc đơn vị đã chọn/);
  assert.equal((await c.post('/app/units/province', { kind: 'phuong', parent_id: otherProvince, name: 'Phường Khác', code: '00010', valid_from: '01/08/2025' })).status, 403);
  assert.equal((await c.post('/app/units/province', { kind: 'phuong', parent_id: city, name: 'Phường Sai Ngày', code: '00011', valid_from: '31/02/2025' })).status, 400);
  assert.deepEqual(await counts(), before);

  // Rename from 01/01/2026: the tree and the unit page show the name of the day asked for.
  const renamed = await c.post(`/app/units/province/${ward.id}/rename`, { name: 'Phường Hòa Bình Mới', code: '00002', from: '01/01/2026', version: 1 });
  assert.equal(renamed.status, 303, renamed.text);
  assert.match(tree((await c.get('/app/units/province?on=31/12/2025')).text), /Phường Hòa Bình<\/a>.*?Mã: 00001/s);
  assert.match(tree((await c.get('/app/units/province?on=01/01/2026')).text), /Phường Hòa Bình Mới<\/a>.*?Mã: 00002/s);
  const unitPage = await c.get(`/app/units/province/${ward.id}?on=31/12/2025`);
  assert.match(unitPage.text, /<h1>Phường Hòa Bình<\/h1>/);
  assert.match(unitPage.text, /<td data-label="Tên">Phường Hòa Bình<\/td><td data-label="Mã">00001<\/td><td data-label="Từ ngày">01\/07\/2025<\/td><td data-label="Đến ngày">31\/12\/2025<\/td>/);
  assert.match(unitPage.text, /<td data-label="Tên">Phường Hòa Bình Mới<\/td><td data-label="Mã">00002<\/td><td data-label="Từ ngày">01\/01\/2026<\/td><td data-label="Đến ngày">…<\/td>/);
  assert.match((await c.get(`/app/units/province/${ward.id}`)).text, /<h1>Phường Hòa Bình Mới<\/h1>/);
  assert.equal((await t.db.selectFrom('audit_event').select('action').where('entity_id', '=', ward.id).where('action', '=', 'unit.rename').execute()).length, 1);

  // Refused renames: before the start, on or before the latest rename, a taken code, a stale version.
  before = await counts();
  for (const [from, message] of [
    ['01/07/2025', /Ngày đổi tên phải sau ngày đơn vị bắt đầu có hiệu lực/],
    ['01/01/2026', /Ngày đổi tên phải sau ngày bắt đầu của tên hiện tại/],
    ['15/12/2025', /Ngày đổi tên phải sau ngày bắt đầu của tên hiện tại/],
  ] as const) {
    const r = await c.post(`/app/units/province/${ward.id}/rename`, { name: 'Phường X', code: '00003', from, version: 2 });
    assert.equal(r.status, 400, from);
    assert.match(r.text, message);
  }
  assert.match((await c.post(`/app/units/province/${ward.id}/rename`, { name: 'Phường X', code: 'DEMO-VINHTUY', from: '01/03/2026', version: 2 })).text, /Mã này đã được dùng/);
  assert.equal((await c.post(`/app/units/province/${ward.id}/rename`, { name: 'Phường X', code: '00003', from: '01/03/2026', version: 1 })).status, 409);
  assert.deepEqual(await counts(), before);

  // Move under the district from 01/02/2026, and back under the city from 01/03/2026.
  assert.equal((await c.post(`/app/units/province/${ward.id}/move`, { parent_id: district, from: '01/02/2026', version: 2 })).status, 303);
  assert.match(tree((await c.get('/app/units/province?on=15/02/2026')).text), /Huyện Thử<\/a>.*?<ul><li data-kind="phuong"><a class="unit-name" href="[^"]+">Phường Hòa Bình Mới/s);
  assert.equal((await c.post(`/app/units/province/${ward.id}/move`, { parent_id: city, from: '01/03/2026', version: 3 })).status, 303);
  const links = await t.db.selectFrom('unit_parent').select(['parent_id', 'valid_from', 'valid_to']).where('unit_id', '=', ward.id).orderBy('valid_from').execute();
  assert.deepEqual(links, [
    { parent_id: city, valid_from: '2025-07-01', valid_to: '2026-01-31' },
    { parent_id: district, valid_from: '2026-02-01', valid_to: '2026-02-28' },
    { parent_id: city, valid_from: '2026-03-01', valid_to: null },
  ]);

  // Refused moves: under its own child, under the district while the ward sat in it, under an
  // ended unit, into another province (403), the same parent, before the current link.
  before = await counts();
  const cycle = await c.post(`/app/units/province/${ward.id}/move`, { parent_id: group.id, from: '01/04/2026', version: 4 });
  assert.equal(cycle.status, 400);
  assert.match(cycle.text, /không được là chính nó hoặc đơn vị cấp dưới của nó/);
  assert.match((await c.post(`/app/units/province/${district}/move`, { parent_id: ward.id, from: '15/02/2026', version: 1 })).text, /không được là chính nó hoặc đơn vị cấp dưới/);
  assert.match((await c.post(`/app/units/province/${ward.id}/move`, { parent_id: (await unitByCode('007')).id, from: '01/04/2026', version: 4 })).text, /Đơn vị cấp trên không có hiệu lực vào ngày này/);
  assert.equal((await c.post(`/app/units/province/${ward.id}/move`, { parent_id: otherProvince, from: '01/04/2026', version: 4 })).status, 403);
  assert.match((await c.post(`/app/units/province/${ward.id}/move`, { parent_id: city, from: '01/04/2026', version: 4 })).text, /Đơn vị đang trực thuộc đơn vị này/);
  assert.match((await c.post(`/app/units/province/${ward.id}/move`, { parent_id: district, from: '01/03/2026', version: 4 })).text, /Ngày chuyển phải sau ngày bắt đầu trực thuộc hiện tại/);
  assert.equal((await c.get(`/app/units/province/${otherProvince}`)).status, 404); // not one of its provinces
  assert.deepEqual(await counts(), before);
});

test('only an admin granted above the ward reaches the province pages: ward admin, province editor and standing get 403', async () => {
  const wardUnit = t.wardA;
  for (const username of ['quantri', 'tinh.bientap', 'thanhpho']) {
    const c = await signedIn(username);
    assert.equal((await c.get('/app/units/province')).status, 403, username);
    assert.equal((await c.get('/app/units/province/new')).status, 403, username);
    const before = await counts();
    assert.equal((await c.post('/app/units/province', { kind: 'phuong', parent_id: city, name: 'Phường Lén', code: '09999', valid_from: '01/07/2025' })).status, 403, username);
    assert.equal((await c.post(`/app/units/province/${wardUnit}/rename`, { name: 'Phường Lén', from: '01/07/2026', version: 1 })).status, 403, username);
    assert.equal((await c.post(`/app/units/province/${wardUnit}/move`, { parent_id: district, from: '01/07/2026', version: 1 })).status, 403, username);
    assert.deepEqual(await counts(), before, username);
  }
  // The other province's admin does not see Hà Nội's units.
  const bn = await signedIn('bacninh.admin');
  const page = await bn.get('/app/units/province');
  assert.equal(page.status, 200);
  assert.match(page.text, /Tỉnh Bắc Ninh/);
  assert.doesNotMatch(page.text, /Phường Đồng Tâm/);
  assert.equal((await bn.get(`/app/units/province/${wardUnit}`)).status, 404);
});

test('a ward admin renames a residential group from a date on its edit page; the ward tree shows the name of each day', async () => {
  const c = await signedIn('quantri');
  const tdp = await t.db.selectFrom('unit').selectAll().where('ward_id', '=', t.wardA).where('name', '=', 'Tổ dân phố số 3').executeTakeFirstOrThrow();
  const r = await c.post(`/app/units/${tdp.id}/rename`, { name: 'Tổ dân phố Hòa Bình 3', code: '', from: '01/07/2025', version: tdp.version });
  assert.equal(r.status, 303, r.text);
  assert.match(tree((await c.get('/app/units?on=30/06/2025')).text), /Tổ dân phố số 3</);
  assert.doesNotMatch(tree((await c.get('/app/units?on=01/07/2025')).text), /Tổ dân phố số 3</);
  assert.match(tree((await c.get('/app/units?on=01/07/2025')).text), /Tổ dân phố Hòa Bình 3</);
  const edit = await c.get(`/app/units/${tdp.id}/edit`);
  assert.match(edit.text, /Tên theo thời gian/);
  const early = await c.post(`/app/units/${tdp.id}/rename`, { name: 'Tổ Y', code: '', from: '01/01/1999', version: tdp.version + 1 });
  assert.equal(early.status, 400);
  assert.match(early.text, /Ngày đổi tên phải sau ngày đơn vị bắt đầu có hiệu lực/);
  // A correction without a date keeps the history in step.
  assert.equal((await c.post(`/app/units/${tdp.id}`, { name: 'Tổ dân phố Hòa Bình số 3', code: '', version: tdp.version + 1 })).status, 303);
  assert.match(tree((await c.get('/app/units?on=01/07/2025')).text), /Tổ dân phố Hòa Bình số 3</);
  assert.match(tree((await c.get('/app/units?on=30/06/2025')).text), /Tổ dân phố số 3</);
});

test('an empty code keeps the unit code: province rename, ward rename, undated correction; the rename forms pre-fill the code', async () => {
  const p = await signedIn('tinh.admin');
  const ward = await unitByCode('00002'); // Phường Hòa Bình Mới, from the first test
  assert.match((await p.get(`/app/units/province/${ward.id}`)).text, /id="f-rename-code" name="code" type="text" value="00002"/);
  const r = await p.post(`/app/units/province/${ward.id}/rename`, { name: 'Phường Hòa Bình Xanh', code: '', from: '01/01/2027', version: ward.version });
  assert.equal(r.status, 303, r.text);
  const after1 = await t.db.selectFrom('unit').select(['name', 'code']).where('id', '=', ward.id).executeTakeFirstOrThrow();
  assert.deepEqual(after1, { name: 'Phường Hòa Bình Xanh', code: '00002' });
  const names = await t.db.selectFrom('unit_name').select(['code']).where('unit_id', '=', ward.id).execute();
  assert.ok(names.every((n) => n.code !== null), 'no name period loses its code');

  // The ward's own admin: rename from a date and the undated correction, both with the code left empty.
  const q = await signedIn('quantri');
  const own = await t.db.selectFrom('unit').selectAll().where('id', '=', t.wardA).executeTakeFirstOrThrow();
  assert.ok(own.code);
  assert.match((await q.get(`/app/units/${own.id}/edit`)).text, new RegExp(`id="f-rename-code" name="code" type="text" value="${own.code}"`));
  assert.equal((await q.post(`/app/units/${own.id}/rename`, { name: 'Phường Thử Đổi Tên', code: '', from: '01/01/2030', version: own.version })).status, 303);
  assert.equal((await q.post(`/app/units/${own.id}`, { name: 'Phường Thử Sửa Tên', code: '', version: own.version + 1 })).status, 303);
  const after2 = await t.db.selectFrom('unit').select(['name', 'code']).where('id', '=', own.id).executeTakeFirstOrThrow();
  assert.deepEqual(after2, { name: 'Phường Thử Sửa Tên', code: own.code });
  const ownNames = await t.db.selectFrom('unit_name').select(['code']).where('unit_id', '=', own.id).execute();
  assert.ok(ownNames.length > 0 && ownNames.every((n) => n.code === own.code));
});

test('a residential group cannot go under another residential group on the province pages (add or move): 400, nothing written', async () => {
  const p = await signedIn('tinh.admin');
  const ward = await unitByCode('00002');
  assert.equal((await p.post('/app/units/province', { kind: 'to_dan_pho', parent_id: ward.id, name: 'Tổ dân phố số 2', code: 'TDP2', valid_from: '01/07/2025' })).status, 303);
  const groups = await t.db.selectFrom('unit').selectAll().where('ward_id', '=', ward.id).where('is_ward', '=', 0).orderBy('name').execute();
  const [g1, g2] = groups;
  assert.ok(g1 && g2);
  assert.doesNotMatch((await p.get(`/app/units/province/${g2.id}`)).text, new RegExp(`<option value="${g1.id}"`));
  const before = await counts();
  const moved = await p.post(`/app/units/province/${g2.id}/move`, { parent_id: g1.id, from: '01/08/2025', version: g2.version });
  assert.equal(moved.status, 400);
  assert.match(moved.text, /Đơn vị loại này không thể trực thuộc đơn vị đã chọn/);
  const added = await p.post('/app/units/province', { kind: 'thon', parent_id: g1.id, name: 'Thôn lạc', valid_from: '01/08/2025' });
  assert.equal(added.status, 400);
  assert.match(added.text, /Đơn vị loại này không thể trực thuộc đơn vị đã chọn/);
  assert.deepEqual(await counts(), before);
});
