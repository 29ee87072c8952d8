import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

async function signedIn(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}

/** The tree part of the page, tags kept: nesting is what it shows. */
function tree(html: string): string {
  const m = /<ul class="unit-tree">[\s\S]*<\/ul>/.exec(html);
  assert.ok(m, 'the page shows a unit tree');
  return m[0];
}

const unitRow = (name: string) => t.db.selectFrom('unit').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

test('the tree as of 10/02/2017 has the district; today the ward sits directly under the city', async () => {
  const c = await signedIn('vanphong');
  const old = await c.get('/app/units?on=10/02/2017');
  assert.equal(old.status, 200);
  assert.match(old.text, /Cây đơn vị hành chính tại ngày 10\/02\/2017/);
  const t2017 = tree(old.text);
  assert.match(
    t2017,
    /^<ul class="unit-tree"><li data-kind="thanh_pho"><span class="unit-name">Thành phố Hà Nội<\/span> <span class="badge badge-info">Thành phố trực thuộc trung ương<\/span>.*?<ul><li data-kind="quan"><span class="unit-name">Quận Hai Bà Trưng<\/span>.*?01\/01\/1981 – 30\/06\/2025.*?<ul><li data-kind="phuong"><span class="unit-name">Phường Đồng Tâm<\/span>.*?<ul><li data-kind="to_dan_pho"><span class="unit-name">Tổ dân phố số 1<\/span>/s,
  );
  assert.ok(t2017.indexOf('Tổ dân phố số 2<') < t2017.indexOf('Tổ dân phố số 10<')); // numeric-aware Vietnamese order
  assert.doesNotMatch(t2017, /Vĩnh Tuy/); // another ward's tree is not ours to show

  const today = tree((await c.get('/app/units')).text);
  assert.doesNotMatch(today, /Quận Hai Bà Trưng/);
  assert.match(today, /Thành phố Hà Nội<\/span>.*?<ul><li data-kind="phuong"><span class="unit-name">Phường Đồng Tâm<\/span> <span class="badge badge-info">Phường<\/span>.*?<ul><li data-kind="to_dan_pho"><span class="unit-name">Tổ dân phố số 1<\/span>/s);
  // Read-only for the office: no edit links, upper levels marked.
  assert.doesNotMatch(today, /\/edit"/);
  assert.match(today, /cấp trên, chỉ xem/);

  const bad = await c.get('/app/units?on=32/01/2017');
  assert.equal(bad.status, 400);
  // The refusal names the field (D63).
  assert.match(bad.text, /Ngày xem: ngày không hợp lệ/);
});

test('admin adds a residential group, renames it (version), cannot put a group under another group, ends it; audit rows', async () => {
  const c = await signedIn('quantri');
  const page = await c.get('/app/units');
  assert.match(tree(page.text), /Phường Đồng Tâm<\/span>.*?<a class="no-print" href="\/app\/units\/[0-9a-f-]{36}\/edit">Sửa<\/a>/s);
  const cityLine = tree(page.text).split('<ul>')[0] ?? '';
  assert.match(cityLine, /Thành phố Hà Nội.*cấp trên, chỉ xem/);
  assert.doesNotMatch(cityLine, /Sửa/);
  assert.equal((await c.get('/app/units/new')).status, 200);

  const made = await c.post('/app/units', { kind: 'to_dan_pho', name: ' Tổ dân phố  số 11 ', code: 'TDP11', parent_id: t.wardA, valid_from: '01/01/2024' });
  assert.equal(made.status, 303);
  assert.equal(made.location, '/app/units?ok=saved');
  const tdp11 = await unitRow('Tổ dân phố số 11');
  assert.equal(tdp11.ward_id, t.wardA);
  assert.equal(tdp11.is_ward, 0);
  assert.equal(tdp11.valid_from, '2024-01-01');
  assert.equal((await c.post('/app/units', { kind: 'to_dan_pho', name: 'Tổ dân phố số 12', parent_id: t.wardA, valid_from: '01/01/2024' })).status, 303);
  const tdp12 = await unitRow('Tổ dân phố số 12');

  assert.equal((await c.get(`/app/units/${tdp11.id}/edit`)).status, 200);
  assert.equal((await c.post(`/app/units/${tdp11.id}`, { name: 'Tổ dân phố số 11 (mới)', code: 'TDP11', version: 1 })).status, 303);
  const stale = await c.post(`/app/units/${tdp11.id}`, { name: 'Tổ dân phố số 11 (cũ)', code: '', version: 1 });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /vừa được người khác sửa/);
  assert.equal((await unitRow('Tổ dân phố số 11 (mới)')).version, 2);

  // A residential group sits directly under its ward: 12 cannot move under 11 (one rule with the
  // province pages and the command line, parentFits), nothing is written, and 11 is not offered.
  const before12 = await t.db.selectFrom('unit_parent').selectAll().where('unit_id', '=', tdp12.id).execute();
  const underGroup = await c.post(`/app/units/${tdp12.id}/move`, { parent_id: tdp11.id, from: '01/06/2024', version: 1 });
  assert.equal(underGroup.status, 400);
  assert.match(underGroup.text, /Đơn vị loại này không thể trực thuộc đơn vị đã chọn/);
  assert.deepEqual(await t.db.selectFrom('unit_parent').selectAll().where('unit_id', '=', tdp12.id).execute(), before12);
  assert.doesNotMatch((await c.get(`/app/units/${tdp12.id}/edit`)).text, new RegExp(`<option value="${tdp11.id}"`));
  const addUnder = await c.post('/app/units', { kind: 'thon', name: 'Thôn lạc', parent_id: tdp11.id, valid_from: '01/06/2024' });
  assert.equal(addUnder.status, 400);
  assert.match(addUnder.text, /Đơn vị loại này không thể trực thuộc đơn vị đã chọn/);

  const bad = await c.post(`/app/units/${tdp12.id}/end`, { valid_to: '31/12/2023', version: 1 });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Ngày kết thúc không được trước ngày bắt đầu/);
  assert.equal((await c.post(`/app/units/${tdp12.id}/end`, { valid_to: '31/12/2024', version: 1 })).status, 303);
  assert.equal((await c.post(`/app/units/${tdp11.id}/end`, { valid_to: '31/12/2024', version: 2 })).status, 303);
  assert.doesNotMatch(tree((await c.get('/app/units?on=01/01/2025')).text), /Tổ dân phố số 1[12]/);
  assert.match(tree((await c.get('/app/units?on=31/12/2024')).text), /Tổ dân phố số 12/);

  const audit = await t.db.selectFrom('audit_event').select(['action', 'entity_id']).where('entity_id', 'in', [tdp11.id, tdp12.id]).orderBy('at').orderBy('id').execute();
  assert.deepEqual(
    audit.filter((a) => a.entity_id === tdp11.id).map((a) => a.action),
    ['unit.create', 'unit.update', 'unit.end'],
  );
  assert.deepEqual(
    audit.filter((a) => a.entity_id === tdp12.id).map((a) => a.action),
    ['unit.create', 'unit.end'],
  );
});

test('bad input: dates, kinds and parents outside the ward are refused with 400; nothing written', async () => {
  const c = await signedIn('quantri');
  const count = async () => Number((await t.db.selectFrom('unit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const n = await count();
  const bad = await c.post('/app/units', { kind: 'to_dan_pho', name: 'Tổ dân phố số 20', parent_id: t.wardA, valid_from: '30/02/2024' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Ngày không hợp lệ \(nhập theo dạng ngày\/tháng\/năm/);
  assert.match(bad.text, /value="Tổ dân phố số 20"/);
  const reversed = await c.post('/app/units', { kind: 'to_dan_pho', name: 'Tổ dân phố số 20', parent_id: t.wardA, valid_from: '10/02/2024', valid_to: '09/02/2024' });
  assert.equal(reversed.status, 400);
  assert.match(reversed.text, /Ngày kết thúc không được trước ngày bắt đầu/);
  const ward = await c.post('/app/units', { kind: 'phuong', name: 'Phường mới', parent_id: t.wardA, valid_from: '10/02/2024' });
  assert.equal(ward.status, 400);
  assert.match(ward.text, /Giá trị không hợp lệ/);
  const elsewhere = await c.post('/app/units', { kind: 'to_dan_pho', name: 'Tổ lạc', parent_id: t.wardB, valid_from: '10/02/2024' });
  assert.equal(elsewhere.status, 400);
  assert.match(elsewhere.text, /Không tìm thấy địa bàn đã chọn/);
  const city = await unitRow('Thành phố Hà Nội');
  assert.equal((await c.post('/app/units', { kind: 'to_dan_pho', name: 'Tổ lạc', parent_id: city.id, valid_from: '10/02/2024' })).status, 400);
  assert.equal(await count(), n);
});

test('units outside the ward are read-only; the ward itself may be renamed but not ended or moved', async () => {
  const c = await signedIn('quantri');
  const city = await unitRow('Thành phố Hà Nội');
  const district = await unitRow('Quận Hai Bà Trưng');
  const vinhTuy = await unitRow('Phường Vĩnh Tuy');
  const tdpB = await unitRow('Tổ dân phố số 3');
  for (const u of [city, district, vinhTuy]) {
    assert.equal((await c.get(`/app/units/${u.id}/edit`)).status, 404);
    assert.equal((await c.post(`/app/units/${u.id}`, { name: 'Sửa trộm', version: u.version })).status, 404);
    assert.equal((await c.post(`/app/units/${u.id}/end`, { valid_to: '31/12/2030', version: u.version })).status, 404);
    assert.equal((await c.post(`/app/units/${u.id}/move`, { parent_id: tdpB.id, from: '01/01/2030', version: u.version })).status, 404);
  }
  assert.equal((await unitRow('Thành phố Hà Nội')).version, city.version);

  const ward = await unitRow('Phường Đồng Tâm');
  const edit = await c.get(`/app/units/${ward.id}/edit`);
  assert.equal(edit.status, 200);
  assert.doesNotMatch(edit.text, /\/end"/);
  assert.doesNotMatch(edit.text, /\/move"/);
  assert.equal((await c.post(`/app/units/${ward.id}/end`, { valid_to: '31/12/2030', version: ward.version })).status, 403);
  assert.equal((await c.post(`/app/units/${ward.id}/move`, { parent_id: tdpB.id, from: '01/01/2030', version: ward.version })).status, 403);
  assert.equal((await c.post(`/app/units/${ward.id}`, { name: 'Phường Đồng Tâm', code: ward.code ?? '', version: ward.version })).status, 303);
  assert.equal((await unitRow('Phường Đồng Tâm')).version, ward.version + 1);
});

test('every role reads the tree; only the administrator writes', async () => {
  const tdp = await unitRow('Tổ dân phố số 5');
  for (const username of ['thuongvu', 'vanphong', 'phunu', 'hoivien', 'bientap', 'quantri']) {
    const c = await signedIn(username);
    assert.equal((await c.get('/app/units')).status, 200, username);
    const want = username === 'quantri' ? 200 : 403;
    assert.equal((await c.get('/app/units/new')).status, want, username);
    assert.equal((await c.get(`/app/units/${tdp.id}/edit`)).status, want, username);
    if (username !== 'quantri') {
      assert.equal((await c.post(`/app/units/${tdp.id}`, { name: 'Sửa trộm', version: tdp.version })).status, 403, username);
      assert.equal((await c.post('/app/units', { kind: 'to_dan_pho', name: 'Tổ trộm', parent_id: t.wardA, valid_from: '01/01/2024' })).status, 403, username);
    }
  }
  assert.equal((await unitRow('Tổ dân phố số 5')).name, 'Tổ dân phố số 5');
  const anon = await t.client().get('/app/units');
  assert.equal(anon.status, 302);
});
