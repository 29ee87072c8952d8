// Who signs a schedule's paper and for whom (docs/DESIGN.md D56, D81): the post as signed (an acting
// head "Q." before the head's title, NĐ 30/2020/NĐ-CP Phụ lục I), the Standing Committee signing for
// itself under the Party Committee's letterhead, a Party cell's own "Nơi nhận", the Youth Union's
// higher body after the districts' end. SQLite, and PostgreSQL with ROVIEC_TEST_DATABASE_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import { schedulePaper, signedPost } from './schedule-paper.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const TODAY = '2026-11-30';
const orgOf = async (kind: string) => (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('kind', '=', kind).orderBy('sort_order').executeTakeFirstOrThrow()).id;
const paper = (org: string | null) => schedulePaper(t.db, systemActor(t.wardA), org, 'Phường Đồng Tâm', TODAY, 2026);

test('the post as signed: head, acting head, deputy, other posts', () => {
  assert.equal(signedPost('Bí thư Đảng ủy'), 'BÍ THƯ');
  assert.equal(signedPost('Phó Bí thư Thường trực Đảng ủy'), 'PHÓ BÍ THƯ THƯỜNG TRỰC');
  assert.equal(signedPost('Quyền Bí thư Đảng ủy'), 'Q. BÍ THƯ');
  assert.equal(signedPost('Q. Chủ tịch UBND phường'), 'Q. CHỦ TỊCH');
  assert.equal(signedPost('quyền chủ tịch Hội LHPN'), 'Q. CHỦ TỊCH');
  assert.equal(signedPost('Ủy viên Ban Chấp hành'), 'ỦY VIÊN BAN CHẤP HÀNH');
  assert.equal(signedPost('Chánh Văn phòng Đảng ủy'), 'CHÁNH VĂN PHÒNG');
  assert.equal(signedPost('Trưởng Khối dân vận'), 'TRƯỞNG KHỐI');
});

test('a body with no collective is signed by its head in their own post; a Front work group for its own board', async () => {
  const office = await paper(await orgOf('party_office'));
  assert.deepEqual([office.sign.prefix, office.sign.title, office.sign.name], ['', 'CHÁNH VĂN PHÒNG', 'Nguyễn Thu Trang'], 'the head before a clerk of the same print order');
  assert.equal((await paper(await orgOf('mass_mobilization_bloc'))).sign.prefix, '');
  assert.equal((await paper(await orgOf('front_work_group'))).sign.prefix, 'T/M BAN CÔNG TÁC MẶT TRẬN');
});

test('the Standing Committee signs for itself under the Party Committee; a Party cell has its own recipients; the Youth Union is under the city', async () => {
  const standing = await paper(await orgOf('standing_committee'));
  assert.equal(standing.sign.prefix, 'T/M BAN THƯỜNG VỤ');
  assert.ok(standing.left.some((l) => l.includes('ĐẢNG ỦY')), standing.left.join(' | '));
  assert.equal((await paper(await orgOf('party_committee'))).sign.prefix, 'T/M ĐẢNG ỦY');
  const cell = await paper(await orgOf('party_cell'));
  assert.equal(cell.recipients[0], '- Đảng ủy phường (để báo cáo),');
  assert.equal((await paper(null)).recipients[0], '- Các chi bộ, cơ quan, đoàn thể phường,');
  const youth = await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Đoàn TN').executeTakeFirstOrThrow();
  assert.equal((await paper(youth.id)).left[0], 'THÀNH ĐOÀN HÀ NỘI');
  assert.equal((await schedulePaper(t.db, systemActor(t.wardA), youth.id, 'Phường Đồng Tâm', TODAY, 2017)).left[0], 'QUẬN ĐOÀN HAI BÀ TRƯNG');
});

test('an acting head signs before a deputy, "Q." before the title', async () => {
  const before = await paper(null);
  assert.equal(before.sign.title, 'BÍ THƯ');
  const party = await orgOf('party_committee');
  const held = await t.db.selectFrom('position').innerJoin('person', 'person.id', 'position.person_id').select(['position.id', 'position.title', 'person.full_name']).where('position.org_id', '=', party).where('person.full_name', '=', before.sign.name).executeTakeFirstOrThrow();
  const retitle = (title: string) => t.db.transaction().execute((tx) => runMaintenance(tx, 'test.raw', async (m) => void (await m.updateTable('position').set({ title }).where('id', '=', held.id).execute())));
  await retitle('Quyền Bí thư Đảng ủy');
  try {
    const acting = await paper(null);
    assert.deepEqual([acting.sign.title, acting.sign.name], ['Q. BÍ THƯ', before.sign.name]);
  } finally {
    await retitle(held.title);
  }
});
