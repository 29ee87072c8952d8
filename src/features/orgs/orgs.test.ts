import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

async function orgRow(short: string, ward = t.wardA) {
  return t.db.selectFrom('organization').selectAll().where('ward_id', '=', ward).where('short_name', '=', short).executeTakeFirstOrThrow();
}
const orgId = async (short: string, ward = t.wardA) => (await orgRow(short, ward)).id;

async function signedIn(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}

/** The form of an organization as the edit page would post it back. */
async function editForm(short: string, ward = t.wardA) {
  const o = await orgRow(short, ward);
  return {
    id: o.id,
    form: { kind: o.kind, name: o.name, short_name: o.short_name ?? '', unit_id: o.unit_id, parent_id: o.parent_id ?? '', higher_body: o.higher_body ?? '', sort_order: o.sort_order, valid_from: o.valid_from, version: o.version },
  };
}

test('the list shows the ward as a tree: Hội LHPN followed by its Chi hội Phụ nữ, with kind, unit and status', async () => {
  const c = await signedIn('vanphong');
  const res = await c.get('/app/orgs');
  assert.equal(res.status, 200);
  const pos = (s: string) => res.text.indexOf(s);
  assert.ok(pos('Hội Liên hiệp Phụ nữ phường') > 0);
  for (let i = 1; i <= 6; i++) assert.ok(pos(`Chi hội Phụ nữ Tổ dân phố số ${i}<`) > pos('Hội Liên hiệp Phụ nữ phường'));
  // Branches sit right under their association, before the next association.
  assert.ok(pos('Chi hội Phụ nữ Tổ dân phố số 6<') < pos('Hội Cựu chiến binh phường'));
  assert.match(res.text, /<tr data-depth="1"><td data-label="[^"]+"><span class="tree-indent" aria-hidden="true">└\u00a0<\/span><a href="\/app\/orgs\/[0-9a-f-]{36}">Chi hội Phụ nữ Tổ dân phố số 1</);
  assert.match(res.text, /Hội Liên hiệp Phụ nữ phường<\/a><\/td><td[^>]*>Hội LHPN<\/td><td[^>]*>Đoàn thể chính trị - xã hội<\/td><td[^>]*>Phường Đồng Tâm<\/td><td[^>]*><span class="badge badge-ok">Đang hoạt động/);
  assert.doesNotMatch(res.text, /Vĩnh Tuy<\/td>/);
  // Vietnamese order inside equal sort order: "Tổ dân phố số 2" before "số 10" among the chi bộ.
  assert.ok(pos('Chi bộ Tổ dân phố số 2<') < pos('Chi bộ Tổ dân phố số 10<'));

  const branches = await c.get('/app/orgs?kind=branch');
  assert.equal(branches.status, 200);
  assert.match(branches.text, /Chi đoàn Tổ dân phố số 1/);
  assert.doesNotMatch(branches.text, />Đảng ủy phường</);
  assert.doesNotMatch(branches.text, />Hội Liên hiệp Phụ nữ phường</);
  assert.match(branches.text, /<option value="branch" selected>/);

  assert.equal((await c.get('/app/orgs?kind=nonsense')).status, 400);
});

test('detail: Hội LHPN with its branches, relations and post holders; Dương Ngọc Dũng under Đảng ủy on 10/02/2017', async () => {
  const c = await signedIn('thuongvu');
  const pn = await c.get(`/app/orgs/${await orgId('Hội LHPN')}`);
  assert.equal(pn.status, 200);
  for (let i = 1; i <= 6; i++) assert.match(pn.text, new RegExp(`Chi hội Phụ nữ Tổ dân phố số ${i}<`));
  assert.match(pn.text, /Hội LHPN quận Hai Bà Trưng/); // higher body
  assert.match(pn.text, /Thuộc khối \/ chịu sự chủ trì của<\/td><td[^>]*><a href="[^"]+">Ủy ban Mặt trận Tổ quốc Việt Nam phường<\/a><\/td><td[^>]*>01\/07\/2025 – …/);
  assert.match(pn.text, /Trần Thị Thu Hà<\/a><\/td><td[^>]*>Chủ tịch Hội LHPN phường/);
  assert.doesNotMatch(pn.text, /Kết thúc quan hệ/); // a standing member reads, does not write
  assert.doesNotMatch(pn.text, /Sửa tổ chức/);

  const du = await orgId('Đảng ủy');
  const on2017 = await c.get(`/app/orgs/${du}?on=10/02/2017`);
  assert.equal(on2017.status, 200);
  assert.match(on2017.text, /Người giữ chức vụ tại ngày 10\/02\/2017/);
  assert.match(on2017.text, /Dương Ngọc Dũng<\/a><\/td><td[^>]*>Bí thư Đảng ủy<\/td>/);
  assert.match(on2017.text, /Phạm Thị Kim Bình<\/a><\/td><td[^>]*>Phó Bí thư Thường trực Đảng ủy/);
  assert.match(on2017.text, /Chu Thị Huế<\/a><\/td><td[^>]*>Phó Bí thư Đảng ủy/);
  // Same print rank: Vietnamese name order (Bình, Dũng, Huế); his Chủ tịch HĐND post belongs to another body.
  const holders = on2017.text.slice(on2017.text.indexOf('id="posts-on"'));
  assert.ok(holders.indexOf('Phạm Thị Kim Bình') < holders.indexOf('Dương Ngọc Dũng'));
  assert.ok(holders.indexOf('Dương Ngọc Dũng') < holders.indexOf('Chu Thị Huế'));
  assert.doesNotMatch(on2017.text, /Chủ tịch HĐND phường/);
  // Before his term began he is not there.
  const on2015 = await c.get(`/app/orgs/${du}?on=01/03/2015`);
  assert.match(on2015.text, /Người giữ chức vụ tại ngày 01\/03\/2015/);
  assert.doesNotMatch(on2015.text, /Dương Ngọc Dũng<\/a><\/td>/);
  // The Đảng ủy's own branches (chi bộ, standing committee) are listed under it.
  assert.match(on2017.text, /Ban Thường vụ Đảng ủy<\/a>/);
  assert.match(on2017.text, /Chi bộ Tổ dân phố số 10<\/a>/);

  const bad = await c.get(`/app/orgs/${du}?on=31/02/2017`);
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Ngày xem: ngày không hợp lệ/);
  assert.equal((await c.get('/app/orgs/not-an-id')).status, 404);
});

test('office creates, edits and ends an organization; each write leaves its audit row; the end reaches its branches', async () => {
  const c = await signedIn('vanphong');
  const created = await c.post('/app/orgs', { kind: 'association', name: '  Hội Khuyến học   phường ', short_name: 'Hội KH', unit_id: t.wardA, sort_order: '', valid_from: '01/01/2018' });
  assert.equal(created.status, 303);
  const id = /\/app\/orgs\/([0-9a-f-]{36})/.exec(created.location ?? '')?.[1] as string;
  const row = await t.db.selectFrom('organization').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.name, 'Hội Khuyến học phường');
  assert.equal(row.valid_from, '2018-01-01');
  assert.equal(row.ward_id, t.wardA);
  assert.equal(row.search_text, 'hoi khuyen hoc phuong hoi kh');

  const branch = await c.post('/app/orgs', { kind: 'branch', name: 'Chi hội Khuyến học Tổ dân phố số 1', unit_id: t.wardA, parent_id: id, valid_from: '01/06/2018' });
  assert.equal(branch.status, 303);
  const branchId = /\/app\/orgs\/([0-9a-f-]{36})/.exec(branch.location ?? '')?.[1] as string;

  const edited = await c.post(`/app/orgs/${id}`, { kind: 'association', name: 'Hội Khuyến học phường Đồng Tâm', short_name: 'Hội KH', unit_id: t.wardA, parent_id: '', higher_body: 'Hội Khuyến học quận', sort_order: 300, valid_from: '01/01/2018', version: 1 });
  assert.equal(edited.status, 303);
  const page = await c.get(`/app/orgs/${id}`);
  assert.match(page.text, /<h1>Hội Khuyến học phường Đồng Tâm<\/h1>/);
  assert.match(page.text, /Chi hội Khuyến học Tổ dân phố số 1/);

  const early = await c.post(`/app/orgs/${id}/end`, { valid_to: '31/12/2017', version: 2 });
  assert.equal(early.status, 400);
  assert.match(early.text, /Ngày kết thúc không được trước ngày bắt đầu/);
  const ended = await c.post(`/app/orgs/${id}/end`, { valid_to: '31/12/2020', version: 2 });
  assert.equal(ended.status, 303);
  const after = await t.db.selectFrom('organization').select(['id', 'valid_to', 'version']).where('id', 'in', [id, branchId]).execute();
  assert.deepEqual(after.map((r) => r.valid_to), ['2020-12-31', '2020-12-31']);
  assert.equal((await c.post(`/app/orgs/${id}/end`, { valid_to: '31/12/2021', version: 3 })).status, 409); // already ended

  const list = await c.get('/app/orgs');
  assert.doesNotMatch(list.text, /Hội Khuyến học phường Đồng Tâm/);
  const withEnded = await c.get('/app/orgs?ended=1');
  assert.match(withEnded.text, /Hội Khuyến học phường Đồng Tâm<\/a>.*?Đã kết thúc \(31\/12\/2020\)/s);

  const audit = await t.db.selectFrom('audit_event').select(['action', 'entity_id', 'actor_label']).where('entity_id', 'in', [id, branchId]).orderBy('at').orderBy('id').execute();
  assert.deepEqual(
    audit.filter((a) => a.entity_id === id).map((a) => a.action),
    ['org.create', 'org.update', 'org.end'],
  );
  assert.deepEqual(
    audit.filter((a) => a.entity_id === branchId).map((a) => a.action),
    ['org.create', 'org.end'],
  );
  assert.ok(audit.every((a) => a.actor_label === 'Nguyễn Thu Trang'));
});

test('org_head phunu: adds a branch under Hội LHPN, 403 on Đoàn TN, 404 on every organization of Vĩnh Tuy', async () => {
  const c = await signedIn('phunu');
  const pn = await orgId('Hội LHPN');
  assert.equal((await c.get(`/app/orgs/new?parent=${pn}`)).status, 200);
  const added = await c.post('/app/orgs', { kind: 'branch', name: 'Chi hội Phụ nữ Tổ dân phố số 7', unit_id: t.wardA, parent_id: pn, valid_from: '01/03/2024' });
  assert.equal(added.status, 303);
  const newId = /\/app\/orgs\/([0-9a-f-]{36})/.exec(added.location ?? '')?.[1] as string;
  // A branch of a branch is still in its subtree.
  assert.equal((await c.post('/app/orgs', { kind: 'branch', name: 'Tổ phụ nữ khu A', unit_id: t.wardA, parent_id: newId, valid_from: '01/03/2024' })).status, 303);
  // Not another kind, not at the top, not under someone else's organization.
  const before = await t.db.selectFrom('organization').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  assert.equal((await c.post('/app/orgs', { kind: 'mass_organization', name: 'Hội mới', unit_id: t.wardA, parent_id: pn, valid_from: '01/03/2024' })).status, 403);
  const top = await c.post('/app/orgs', { kind: 'branch', name: 'Chi hội lạc', unit_id: t.wardA, valid_from: '01/03/2024' });
  assert.equal(top.status, 400);
  assert.match(top.text, /Bắt buộc nhập/);
  const doan = await orgId('Đoàn TN');
  assert.equal((await c.post('/app/orgs', { kind: 'branch', name: 'Chi đoàn mới', unit_id: t.wardA, parent_id: doan, valid_from: '01/03/2024' })).status, 403);
  const after = await t.db.selectFrom('organization').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));

  // Editing: its own association yes, Đoàn TN no.
  const own = await editForm('Hội LHPN');
  assert.equal((await c.post(`/app/orgs/${own.id}`, { ...own.form, higher_body: 'Hội LHPN quận Hai Bà Trưng (cũ)' })).status, 303);
  assert.equal((await c.get(`/app/orgs/${doan}/edit`)).status, 403);
  const theirs = await editForm('Đoàn TN');
  assert.equal((await c.post(`/app/orgs/${doan}`, { ...theirs.form, name: 'Đoàn (sửa trộm)' })).status, 403);
  assert.equal((await orgRow('Đoàn TN')).name, 'Đoàn Thanh niên Cộng sản Hồ Chí Minh phường');
  // It does not move its association, nor end it; it may end a branch below it.
  assert.equal((await c.post(`/app/orgs/${own.id}`, { ...(await editForm('Hội LHPN')).form, parent_id: await orgId('UBMTTQ') })).status, 403);
  assert.equal((await c.post(`/app/orgs/${pn}/end`, { valid_to: '31/12/2024', version: (await orgRow('Hội LHPN')).version })).status, 403);
  assert.equal((await c.post(`/app/orgs/${newId}/end`, { valid_to: '31/12/2024', version: 1 })).status, 303);
  // No relation writing for a head.
  assert.equal((await c.post(`/app/orgs/${pn}/relations`, { related_org_id: doan, relation: 'coordinates', valid_from: '01/01/2024' })).status, 403);

  // Another ward's organizations do not exist for this user.
  const b = await editForm('Đoàn TN', t.wardB);
  assert.equal((await c.get(`/app/orgs/${b.id}`)).status, 404);
  assert.equal((await c.get(`/app/orgs/${b.id}/edit`)).status, 404);
  assert.equal((await c.get(`/app/orgs/new?parent=${b.id}`)).status, 404);
  assert.equal((await c.post(`/app/orgs/${b.id}`, b.form)).status, 404);
  assert.equal((await c.post(`/app/orgs/${b.id}/end`, { valid_to: '31/12/2024', version: b.form.version })).status, 404);
  const under = await c.post('/app/orgs', { kind: 'branch', name: 'Chi hội lạc phường', unit_id: t.wardA, parent_id: (await orgRow('Hội LHPN', t.wardB)).id, valid_from: '01/03/2024' });
  assert.equal(under.status, 400);
  assert.match(under.text, /Không tìm thấy tổ chức đã chọn/);
  const list = await c.get('/app/orgs');
  assert.doesNotMatch(list.text, new RegExp(b.id));
});

test('a parent that would make a cycle is refused with 400; a unit outside the ward too', async () => {
  const c = await signedIn('vanphong');
  const du = await editForm('Đảng ủy');
  const cell = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('name', '=', 'Chi bộ Tổ dân phố số 1').executeTakeFirstOrThrow()).id;
  const cycle = await c.post(`/app/orgs/${du.id}`, { ...du.form, parent_id: cell });
  assert.equal(cycle.status, 400);
  assert.match(cycle.text, /Tổ chức cấp trên không được là chính nó hoặc tổ chức cấp dưới của nó/);
  const self = await c.post(`/app/orgs/${du.id}`, { ...du.form, parent_id: du.id });
  assert.equal(self.status, 400);
  const unit = await c.post(`/app/orgs/${du.id}`, { ...du.form, unit_id: t.wardB });
  assert.equal(unit.status, 400);
  assert.match(unit.text, /Không tìm thấy địa bàn đã chọn/);
  const now = await orgRow('Đảng ủy');
  assert.equal(now.parent_id, null);
  assert.equal(now.version, du.form.version);
});

test('a stale version gets 409 and nothing is overwritten', async () => {
  const a = await signedIn('vanphong');
  const b = await signedIn('quantri');
  const o = await editForm('Hội CCB');
  assert.equal((await a.post(`/app/orgs/${o.id}`, { ...o.form, higher_body: 'Hội CCB quận (A)' })).status, 303);
  const second = await b.post(`/app/orgs/${o.id}`, { ...o.form, higher_body: 'Hội CCB quận (B)' });
  assert.equal(second.status, 409);
  assert.match(second.text, /vừa được người khác sửa/);
  const end = await b.post(`/app/orgs/${o.id}/end`, { valid_to: '31/12/2030', version: o.form.version });
  assert.equal(end.status, 409);
  const now = await orgRow('Hội CCB');
  assert.equal(now.higher_body, 'Hội CCB quận (A)');
  assert.equal(now.valid_to, null);
});

test('bad dates are refused with 400 in Vietnamese, what was typed is kept, nothing written', async () => {
  const c = await signedIn('vanphong');
  const count = async () => Number((await t.db.selectFrom('organization').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const n = await count();
  const bad = await c.post('/app/orgs', { kind: 'association', name: 'Hội Sinh vật cảnh', unit_id: t.wardA, valid_from: '31/02/2017' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Ngày không hợp lệ \(nhập theo dạng ngày\/tháng\/năm/);
  assert.match(bad.text, /value="Hội Sinh vật cảnh"/);
  const reversed = await c.post('/app/orgs', { kind: 'association', name: 'Hội Sinh vật cảnh', unit_id: t.wardA, valid_from: '10/02/2017', valid_to: '09/02/2017' });
  assert.equal(reversed.status, 400);
  assert.match(reversed.text, /Ngày kết thúc không được trước ngày bắt đầu/);
  const blank = await c.post('/app/orgs', { kind: '', name: '', unit_id: '', valid_from: '' });
  assert.equal(blank.status, 400);
  assert.match(blank.text, /Bắt buộc nhập/);
  assert.equal(await count(), n);
  const o = await editForm('Hội NCT');
  const edit = await c.post(`/app/orgs/${o.id}`, { ...o.form, valid_from: '29/02/2019' });
  assert.equal(edit.status, 400);
  assert.match(edit.text, /Ngày không hợp lệ/);
  // ISO-shaped but not a date: still a 400 with the form, never a 500 while re-rendering it.
  const iso = await c.post(`/app/orgs/${o.id}`, { ...o.form, valid_from: '2017-13-01' });
  assert.equal(iso.status, 400);
  assert.match(iso.text, /Ngày không hợp lệ/);
  assert.equal((await orgRow('Hội NCT')).version, o.form.version);
});

test('relations: office adds and ends one, with dates; a bad one is refused', async () => {
  const c = await signedIn('vanphong');
  const doan = await orgId('Đoàn TN');
  const pn = await orgId('Hội LHPN');
  const added = await c.post(`/app/orgs/${doan}/relations`, { related_org_id: pn, relation: 'coordinates', valid_from: '01/01/2024' });
  assert.equal(added.status, 303);
  const rel = await t.db.selectFrom('org_relation').selectAll().where('org_id', '=', doan).where('related_org_id', '=', pn).executeTakeFirstOrThrow();
  assert.equal(rel.valid_from, '2024-01-01');
  const pnPage = await c.get(`/app/orgs/${pn}`);
  assert.match(pnPage.text, /Phối hợp với<\/td><td[^>]*><a href="\/app\/orgs\/[^"]+">Đoàn Thanh niên Cộng sản Hồ Chí Minh phường<\/a><\/td><td[^>]*>01\/01\/2024 – …/);
  const dup = await c.post(`/app/orgs/${doan}/relations`, { related_org_id: pn, relation: 'coordinates', valid_from: '01/02/2024' });
  assert.equal(dup.status, 400);
  assert.match(dup.text, /Quan hệ này đang có hiệu lực/);
  assert.equal((await c.post(`/app/orgs/${doan}/relations`, { related_org_id: doan, relation: 'coordinates', valid_from: '01/02/2024' })).status, 400);
  assert.equal((await c.post(`/app/org-relations/${rel.id}/end?back=${pn}`, { valid_to: '31/12/2023' })).status, 400);
  const ended = await c.post(`/app/org-relations/${rel.id}/end?back=${pn}`, { valid_to: '31/12/2024' });
  assert.equal(ended.status, 303);
  assert.match(ended.location ?? '', new RegExp(`/app/orgs/${pn}`));
  const now = await t.db.selectFrom('org_relation').select('valid_to').where('id', '=', rel.id).executeTakeFirstOrThrow();
  assert.equal(now.valid_to, '2024-12-31');
  const audit = await t.db.selectFrom('audit_event').select('action').where('entity_id', '=', doan).where('after_json', 'like', `%${rel.id}%`).execute();
  assert.deepEqual(audit.map((a) => a.action), ['org.relate']);
  const endAudit = await t.db.selectFrom('audit_event').select(['before_json', 'after_json']).where('action', '=', 'org.relate_end').where('entity_id', '=', doan).executeTakeFirstOrThrow();
  assert.match(endAudit.before_json ?? '', new RegExp(rel.id));
  assert.match(endAudit.after_json ?? '', /2024-12-31/);
});

test('every role: who reads, who writes', async () => {
  const du = await orgId('Đảng ủy');
  const expect: Record<string, { newForm: number; edit: number; relate: number }> = {
    quantri: { newForm: 200, edit: 200, relate: 303 },
    vanphong: { newForm: 200, edit: 200, relate: 303 },
    phunu: { newForm: 200, edit: 403, relate: 403 },
    thuongvu: { newForm: 403, edit: 403, relate: 403 },
    hoivien: { newForm: 403, edit: 403, relate: 403 },
    bientap: { newForm: 403, edit: 403, relate: 403 },
  };
  const other = await orgId('Hội NCT');
  for (const [username, want] of Object.entries(expect)) {
    const c = await signedIn(username);
    assert.equal((await c.get('/app/orgs')).status, 200, username);
    assert.equal((await c.get(`/app/orgs/${du}`)).status, 200, username);
    assert.equal((await c.get('/app/orgs/new')).status, want.newForm, username);
    assert.equal((await c.get(`/app/orgs/${du}/edit`)).status, want.edit, username);
    const rel = await c.post(`/app/orgs/${du}/relations`, { related_org_id: other, relation: 'guided_by', valid_from: '01/01/2024', valid_to: '02/01/2024' });
    assert.equal(rel.status, want.relate, username);
  }
  const anon = t.client();
  const res = await anon.get('/app/orgs');
  assert.equal(res.status, 302);
  assert.match(res.location ?? '', /^\/login/);
});
