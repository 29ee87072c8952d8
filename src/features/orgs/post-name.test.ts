// Printed post names say where (issue 11 item 6, docs/DESIGN.md D51): the rule of `postName`, and
// the printed name as readers meet it over HTTP — a person page, an organization page, a meeting's
// attendee list and its Word minutes — on the demo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { startTestApp, type TestApp, type Client } from '../../../test/support/app.ts';
import { postName, printedPost } from './post-name.ts';

let t: TestApp;
let office: Client;
before(async () => {
  t = await startTestApp();
  office = t.client();
  assert.equal((await office.login('vanphong')).status, 302);
});
after(async () => t.close());

const text = (html: string) =>
  html
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

test('the rule: a ward body prints its title; a residential group’s body says which group', () => {
  const org = (name: string, short_name: string | null, kind: string) => ({ name, short_name, kind });
  // The title names the organization, or the ward has one body of that kind.
  assert.equal(postName('Bí thư Đảng ủy', org('Đảng ủy phường', 'Đảng ủy', 'party_committee')), 'Bí thư Đảng ủy');
  assert.equal(postName('Chủ tịch HĐND phường', org('Hội đồng nhân dân phường', 'HĐND', 'people_council')), 'Chủ tịch HĐND phường');
  assert.equal(postName('Ủy viên Ban Thường vụ', org('Ban Thường vụ Đảng ủy phường', 'BTV Đảng ủy', 'standing_committee')), 'Ủy viên Ban Thường vụ');
  assert.equal(postName('Phó Bí thư Đoàn phường', org('Đoàn Thanh niên Cộng sản Hồ Chí Minh phường', 'Đoàn TN', 'mass_organization')), 'Phó Bí thư Đoàn phường');
  // A bare title at a ward body: the body's short name.
  assert.equal(postName('Chủ tịch', org('Hội Liên hiệp Phụ nữ phường', 'Hội LHPN', 'mass_organization')), 'Chủ tịch Hội LHPN');
  // A residential group's body: joined where the title ends as the name begins.
  assert.equal(postName('Chi hội trưởng Chi hội Phụ nữ', org('Chi hội Phụ nữ Tổ dân phố số 3', 'Chi hội Phụ nữ TDP 3', 'branch')), 'Chi hội trưởng Chi hội Phụ nữ TDP 3');
  assert.equal(postName('Bí thư Chi bộ', org('Chi bộ Khu phố 2', 'Chi bộ KP 2', 'party_cell')), 'Bí thư Chi bộ KP 2');
  assert.equal(postName('Trưởng ban công tác Mặt trận', org('Ban công tác Mặt trận Tổ dân phố số 1', 'BCTMT TDP 1', 'front_work_group')), 'Trưởng ban công tác Mặt trận Tổ dân phố số 1');
  assert.equal(postName('Chi hội trưởng Chi hội Phụ nữ', org('Chi hội Phụ nữ Tổ dân phố số 3', 'Chi hội PN TDP 3', 'branch')), 'Chi hội trưởng Chi hội Phụ nữ Tổ dân phố số 3');
  assert.equal(postName('Tổ trưởng', org('Chi hội Phụ nữ Tổ dân phố số 3', 'Chi hội PN TDP 3', 'branch')), 'Tổ trưởng Chi hội PN TDP 3');
  // Already naming the group: as typed. No organization: as typed.
  assert.equal(postName('Bí thư Chi bộ TDP 2', org('Chi bộ Tổ dân phố số 2', 'Chi bộ TDP 2', 'party_cell')), 'Bí thư Chi bộ TDP 2');
  assert.equal(postName('Bí thư Chi bộ', null), 'Bí thư Chi bộ');
  // An abbreviation follows its title: alone when the title is, else with the same place.
  const du = { org_name: 'Đảng ủy phường', org_short: 'Đảng ủy', org_kind: 'party_committee' };
  assert.equal(printedPost({ title: 'Phó Bí thư Thường trực Đảng ủy', abbreviation: 'Phó Bí thư TTĐU', ...du }, true), 'Phó Bí thư TTĐU');
  assert.equal(printedPost({ title: 'Bí thư Chi bộ', abbreviation: 'BT Chi bộ', org_name: 'Chi bộ Tổ dân phố số 2', org_short: 'Chi bộ TDP 2', org_kind: 'party_cell' }, true), 'BT Chi bộ TDP 2');
  // An abbreviation (or a title) that names its body in other words gets only the place (D65).
  const pn = { org_name: 'Chi hội Phụ nữ Tổ dân phố số 3', org_short: 'Chi hội Phụ nữ TDP 3', org_kind: 'branch' };
  assert.equal(printedPost({ title: 'Chi hội trưởng Chi hội Phụ nữ', abbreviation: 'CHT Chi hội PN', ...pn }, true), 'CHT Chi hội PN TDP 3');
  assert.equal(printedPost({ title: 'Chi hội trưởng Chi hội Phụ nữ', abbreviation: 'CHT Chi hội PN', ...pn }), 'Chi hội trưởng Chi hội Phụ nữ TDP 3');
  assert.equal(postName('Chi hội trưởng Chi hội PN', org(pn.org_name, pn.org_short, 'branch')), 'Chi hội trưởng Chi hội PN TDP 3');
  assert.equal(postName('CHT Chi hội PN TDP 3', org(pn.org_name, pn.org_short, 'branch')), 'CHT Chi hội PN TDP 3');
  assert.equal(postName('Chi hội trưởng', org(pn.org_name, pn.org_short, 'branch')), 'Chi hội trưởng Chi hội Phụ nữ TDP 3');
  assert.equal(postName('Tổ trưởng', org(pn.org_name, null, 'branch')), 'Tổ trưởng Chi hội Phụ nữ Tổ dân phố số 3');
});

test('a person page never names the organization twice beside the short name', async () => {
  const row = await t.db
    .selectFrom('position')
    .innerJoin('organization', 'organization.id', 'position.org_id')
    .select(['position.person_id', 'organization.short_name'])
    .where('position.ward_id', '=', t.wardA)
    .where('position.abbreviation', '=', 'CHT Chi hội PN')
    .executeTakeFirstOrThrow();
  const page = text((await office.get(`/app/people/${row.person_id}`)).text);
  const place = (row.short_name ?? '').replace(/^Chi hội Phụ nữ /, '');
  assert.match(page, new RegExp(`Chi hội trưởng Chi hội Phụ nữ ${place} \\( ?CHT Chi hội PN ${place} ?\\)`));
  assert.doesNotMatch(page, /CHT Chi hội PN Chi hội/);
});

/** The demo's leader of the party cell of residential group 2, and the cell. */
async function cellLeader() {
  const row = await t.db
    .selectFrom('position')
    .innerJoin('organization', 'organization.id', 'position.org_id')
    .innerJoin('person', 'person.id', 'position.person_id')
    .select(['person.id as person_id', 'person.full_name', 'organization.id as org_id'])
    .where('position.ward_id', '=', t.wardA)
    .where('organization.name', '=', 'Chi bộ Tổ dân phố số 2')
    .where('position.title', '=', 'Bí thư Chi bộ')
    .executeTakeFirstOrThrow();
  return row;
}

test('a person page, the people list and an organization page print where the post is held', async () => {
  const leader = await cellLeader();
  const person = await office.get(`/app/people/${leader.person_id}`);
  assert.equal(person.status, 200);
  assert.match(text(person.text), /Bí thư Chi bộ TDP 2 /);
  const list = await office.get(`/app/people?q=${encodeURIComponent(leader.full_name)}`);
  assert.match(text(list.text), /Bí thư Chi bộ TDP 2/);
  const org = await office.get(`/app/orgs/${leader.org_id}`);
  assert.equal(org.status, 200);
  assert.match(text(org.text), new RegExp(`${leader.full_name} Bí thư Chi bộ TDP 2`));
  // A ward body's post is printed as it is, not doubled.
  const dung = await t.db.selectFrom('person').select('id').where('ward_id', '=', t.wardA).where('full_name', '=', 'Dương Ngọc Dũng').executeTakeFirstOrThrow();
  const page = text((await office.get(`/app/people/${dung.id}`)).text);
  assert.match(page, /Bí thư Đảng ủy /);
  assert.doesNotMatch(page, /Bí thư Đảng ủy Đảng ủy/);
  // The branch leaders of the Women's Union name their group.
  const pn = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('name', '=', 'Chi hội Phụ nữ Tổ dân phố số 3').executeTakeFirstOrThrow();
  assert.match(text((await office.get(`/app/orgs/${pn.id}`)).text), /Chi hội trưởng Chi hội Phụ nữ TDP 3/);
});

test('a meeting’s attendee list and its Word minutes print where the post is held', async () => {
  const leader = await cellLeader();
  const meeting = await t.db.selectFrom('meeting').select('id').where('ward_id', '=', t.wardA).where('status', '=', 'convened').executeTakeFirstOrThrow();
  const added = await office.post(`/app/meetings/${meeting.id}/attendees`, { person_id: leader.person_id, role: 'member', status: 'confirmed' });
  assert.equal(added.status, 303, text(added.text).slice(0, 400));
  const page = text((await office.get(`/app/meetings/${meeting.id}`)).text);
  assert.match(page, new RegExp(`${leader.full_name} Bí thư Chi bộ TDP 2`));
  const docx = await office.getBuffer(`/app/meetings/${meeting.id}/documents/minutes.docx`);
  assert.equal(docx.status, 200);
  const xml = await (await JSZip.loadAsync(docx.body)).file('word/document.xml')?.async('string');
  assert.ok(xml, 'word/document.xml');
  const words = xml.replace(/<w:tab\/>/g, ' ').replace(/<\/w:p>/g, '\n').replace(/<[^<>]*>/g, '');
  assert.match(words, /Bí thư Chi bộ TDP 2/);
  assert.match(words, new RegExp(leader.full_name));
});
