// Merging wards (issue 13, D36) on the demo: Phường Đồng Tâm (every kind of record) merged into
// Phường Vĩnh Tuy on 01/07/2025, after Vĩnh Tuy got a task, an article and a category with the same
// slugs as Đồng Tâm's and a report request for the same form and period. Refusals first (nothing
// written), then the merge, its counts, the tree by date, and the app serving the moved records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { newId } from '../../db/dialect.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import { markSystem, runCommand } from '../../platform/command.ts';
import { AppError } from '../../platform/errors.ts';
import { addAccount } from '../users/service.ts';
import { insertUnit, unitTreeOn } from './service.ts';
import { mergeWard, wardRowCounts } from './merge.ts';

let t: TestApp;
let city: string;
let otherWard: string;
const actors: Record<string, Actor> = {};
const userActor = (userId: string, wardId: string): Actor => ({ userId, label: 'test', wardId, roles: new Set(['admin']), headOf: [], memberOf: [], ip: null });

before(async () => {
  t = await startTestApp();
  const sys = systemActor(t.wardB, 'Kiểm thử');
  city = (await t.db.selectFrom('unit').select('id').where('name', '=', 'Thành phố Hà Nội').executeTakeFirstOrThrow()).id;
  // Another province with a ward, and an administrator for each province.
  otherWard = await runCommand(t.db, sys, 'test.fixture', async (c) => {
    markSystem(c.actor);
    const bn = await insertUnit(c.trx, sys, { kind: 'tinh', name: 'Tỉnh Bắc Ninh', code: '27', valid_from: '1997-01-01', valid_to: null, parent_id: null, ward_id: null });
    return insertUnit(c.trx, sys, { kind: 'phuong', name: 'Phường Kinh Bắc', code: '09187', valid_from: '2025-07-01', valid_to: null, parent_id: bn, ward_id: null });
  });
  const bn = (await t.db.selectFrom('unit').select('id').where('code', '=', '27').executeTakeFirstOrThrow()).id;
  const hn = await addAccount(t.db, sys, { username: 'tinh.hanoi', display_name: 'Quản trị Hà Nội', password: 'mat-khau-dai-1', home_ward_id: t.wardB, person_id: null }, [{ role: 'admin', unit_id: city, org_id: null }]);
  const bnAdmin = await addAccount(t.db, sys, { username: 'tinh.bacninh', display_name: 'Quản trị Bắc Ninh', password: 'mat-khau-dai-2', home_ward_id: otherWard, person_id: null }, [{ role: 'admin', unit_id: bn, org_id: null }]);
  const wardAdmin = (await t.db.selectFrom('app_user').select('id').where('username', '=', 'quantri').executeTakeFirstOrThrow()).id;
  actors.hanoi = userActor(hn, t.wardB);
  actors.bacninh = userActor(bnAdmin, otherWard);
  actors.ward = userActor(wardAdmin, t.wardA);

  // Vĩnh Tuy's own records that meet Đồng Tâm's: same slugs, same report form and period.
  await runCommand(t.db, sys, 'test.fixture', async (c) => {
    markSystem(c.actor);
    const q = c.trx;
    const bOrg = (await q.selectFrom('organization').select('id').where('ward_id', '=', t.wardB).executeTakeFirstOrThrow()).id;
    const task = await q.selectFrom('task').selectAll().where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
    await q.insertInto('task').values({ ...task, id: newId(), ward_id: t.wardB, programme_id: null, parent_id: null, owner_person_id: null, lead_org_id: null }).execute();
    const art = await q.selectFrom('article').selectAll().where('ward_id', '=', t.wardA).where('cover_image_id', 'is', null).executeTakeFirstOrThrow();
    delete (art as Record<string, unknown>).search_tsv; // PostgreSQL's generated search column
    const cat = await q.selectFrom('portal_category').selectAll().where('id', '=', art.category_id).where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
    const catB = newId();
    await q.insertInto('portal_category').values({ ...cat, id: catB, ward_id: t.wardB }).execute();
    await q.insertInto('article').values({ ...art, id: newId(), ward_id: t.wardB, category_id: catB, author_user_id: null }).execute();
    const req = await q.selectFrom('report_request').selectAll().where('ward_id', '=', t.wardA).executeTakeFirstOrThrow();
    await q.insertInto('report_request').values({ ...req, id: newId(), ward_id: t.wardB, issuer_org_id: bOrg, meeting_id: null, title: 'Báo cáo của Vĩnh Tuy' }).execute();
    await c.audit({ action: 'test.fixture', entityType: 'unit', entityId: t.wardB, wardId: t.wardB });
  });
});
after(async () => t.close());

const unit = (id: string) => t.db.selectFrom('unit').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditCount = async () => Number((await t.db.selectFrom('audit_event').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

async function refused(p: Promise<unknown>, status: number, re?: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.status, status);
    if (re) assert.match(e.key + JSON.stringify(e.fields ?? {}), re);
    return true;
  });
}

test('refusals: itself, a non-ward, a date before the start, no grant above both wards; nothing written', async () => {
  const before = { audits: await auditCount(), a: await unit(t.wardA), b: await wardRowCounts(t.db, t.wardB) };
  const on = '2025-07-01';
  await refused(mergeWard(t.db, actors.hanoi as Actor, { fromWardId: t.wardA, intoWardId: t.wardA, on }), 400, /err\.merge\.self/);
  await refused(mergeWard(t.db, actors.hanoi as Actor, { fromWardId: t.wardA, intoWardId: city, on }), 400, /err\.merge\.notWard/);
  await refused(mergeWard(t.db, actors.hanoi as Actor, { fromWardId: city, intoWardId: t.wardB, on }), 400, /err\.merge\.notWard/);
  await refused(mergeWard(t.db, actors.hanoi as Actor, { fromWardId: t.wardA, intoWardId: t.wardB, on: '1982-01-01' }), 400, /err\.merge\.beforeStart/);
  await refused(mergeWard(t.db, actors.hanoi as Actor, { fromWardId: t.wardA, intoWardId: otherWard, on }), 403); // into another province
  await refused(mergeWard(t.db, actors.bacninh as Actor, { fromWardId: t.wardA, intoWardId: otherWard, on }), 403); // no grant in Hà Nội
  await refused(mergeWard(t.db, actors.bacninh as Actor, { fromWardId: t.wardA, intoWardId: t.wardB, on }), 403);
  await refused(mergeWard(t.db, actors.ward as Actor, { fromWardId: t.wardA, intoWardId: t.wardB, on }), 403); // a ward's admin is not above both
  assert.equal(await auditCount(), before.audits);
  assert.deepEqual(await unit(t.wardA), before.a);
  assert.deepEqual(await wardRowCounts(t.db, t.wardB), before.b);
});

test('the merge page: a province administrator previews the counts; refusals are 4xx with the Vietnamese message', async () => {
  const ward = t.client();
  assert.equal((await ward.login('quantri')).status, 302);
  // A ward's administrator (or any ward role) is not above two wards: 403 on GET and POST, the province pages' gate.
  const notAbove = await ward.get('/app/units/merge');
  assert.equal(notAbove.status, 403);
  assert.doesNotMatch(notAbove.text, /name="from"/);
  for (const body of [{ from: t.wardA, into: t.wardB, on: '01/07/2025' }, { from: 'x', into: '', on: '' }]) {
    const post = await ward.post('/app/units/merge', body);
    assert.equal(post.status, 403);
    assert.doesNotMatch(post.text, /Thông tin chưa hợp lệ/);
  }

  const c = t.client();
  assert.equal((await c.login('tinh.hanoi', 'mat-khau-dai-1')).status, 302);
  const page = await c.get('/app/units/merge');
  assert.equal(page.status, 200);
  for (const name of ['from', 'into', 'on']) assert.match(page.text, new RegExp(`name="${name}"`));
  assert.match(page.text, /Phường Đồng Tâm/);
  assert.doesNotMatch(page.text, /Phường Kinh Bắc/); // another province's ward is not offered

  const preview = await c.get(`/app/units/merge?from=${t.wardA}&into=${t.wardB}&on=01/07/2025`);
  assert.equal(preview.status, 200);
  assert.match(preview.text, /Phường Đồng Tâm → Phường Vĩnh Tuy \(01\/07\/2025\)/);
  // Vietnamese labels, never a table name; the accounts and grants that move; the duplicate names.
  assert.match(preview.text, /<td>Người<\/td>/);
  assert.match(preview.text, /<td>Nhật ký thao tác<\/td>/);
  for (const table of ['person', 'org_relation', 'audit_event', 'unit']) assert.doesNotMatch(preview.text, new RegExp(`<td>${table}</td>`));
  assert.match(preview.text, /Tài khoản và vai trò sẽ chuyển sang Phường Vĩnh Tuy:/);
  assert.match(preview.text, /<li>quantri \(Quản trị\) — /);
  assert.ok(preview.text.indexOf('sẽ có các tên trùng nhau') < preview.text.indexOf('Xác nhận sáp nhập'), 'the warning comes before the confirm button');
  assert.match(preview.text, /<li>Tổ chức &quot;Ủy ban nhân dân phường&quot; \(2 tổ chức\)<\/li>/);
  assert.match(preview.text, /Xác nhận sáp nhập/);

  const self = await c.get(`/app/units/merge?from=${t.wardA}&into=${t.wardA}&on=01/07/2025`);
  assert.equal(self.status, 400);
  assert.match(self.text, /Không thể sáp nhập một phường, xã vào chính nó/);
  const before = await auditCount();
  const cross = await c.post('/app/units/merge', { from: t.wardA, into: otherWard, on: '01/07/2025' });
  assert.equal(cross.status, 403);
  const early = await c.post('/app/units/merge', { from: t.wardA, into: t.wardB, on: '01/01/1982' });
  assert.equal(early.status, 400);
  assert.match(early.text, /Ngày sáp nhập phải sau ngày bắt đầu/);
  const bad = await c.post('/app/units/merge', { from: t.wardA, into: t.wardB, on: '31/02/2025' });
  assert.equal(bad.status, 400);
  assert.equal(await auditCount(), before);
  assert.equal((await unit(t.wardA)).valid_to, null);
});

test('merge on 01/07/2025: every record moves, nothing is lost, the tree keeps both names before that date', async () => {
  const beforeA = await wardRowCounts(t.db, t.wardA);
  const beforeB = await wardRowCounts(t.db, t.wardB);
  assert.ok((beforeA.person ?? 0) > 50 && (beforeA.task ?? 0) > 5 && (beforeA.article ?? 0) > 0 && (beforeA.meeting ?? 0) > 0, JSON.stringify(beforeA));
  const slugOfA = (await t.db.selectFrom('article').select(['id', 'slug']).where('ward_id', '=', t.wardA).where('cover_image_id', 'is', null).executeTakeFirstOrThrow());

  const r = await mergeWard(t.db, actors.hanoi as Actor, { fromWardId: t.wardA, intoWardId: t.wardB, on: '2025-07-01' });

  // Counts: the merged ward holds nothing; the receiving ward holds both, per table.
  assert.deepEqual(await wardRowCounts(t.db, t.wardA), {});
  const afterB = await wardRowCounts(t.db, t.wardB);
  assert.equal(r.folded.length, 1);
  const foldedRollups = 0; // the demo's requests have no roll-up yet unless one was saved
  for (const table of new Set([...Object.keys(beforeA), ...Object.keys(beforeB)]) as Set<keyof typeof beforeA>) {
    const sum = (beforeA[table] ?? 0) + (beforeB[table] ?? 0);
    if (table === 'audit_event') assert.equal(afterB[table], sum + 1 + r.folded.length, table);
    else if (table === 'report_request') assert.equal(afterB[table], sum - r.folded.length, table);
    else if (table === 'report_rollup') assert.ok((afterB[table] ?? 0) >= sum - r.folded.length - foldedRollups, table);
    else assert.equal(afterB[table], sum, table);
    if (table !== 'audit_event' && table !== 'report_request' && table !== 'report_rollup') assert.equal(r.moved[table], beforeA[table], `moved ${table}`);
  }

  // Collisions: the moving article and category got a suffix; the receiving ward's kept theirs.
  const moved = await t.db.selectFrom('article').select(['slug', 'ward_id']).where('id', '=', slugOfA.id).executeTakeFirstOrThrow();
  assert.deepEqual(moved, { slug: `${slugOfA.slug}-2`, ward_id: t.wardB });
  assert.ok(r.renamed.some((x) => x.table === 'article' && x.from === slugOfA.slug && x.to === `${slugOfA.slug}-2`));
  assert.ok(r.renamed.some((x) => x.table === 'portal_category'));

  // The merged ward ended the day before; a record of the merge and its audit are kept.
  assert.equal((await unit(t.wardA)).valid_to, '2025-06-30');
  const rec = await t.db.selectFrom('unit_merge').selectAll().where('from_unit_id', '=', t.wardA).executeTakeFirstOrThrow();
  assert.deepEqual([rec.into_unit_id, rec.on_date], [t.wardB, '2025-07-01']);
  const audit = await t.db.selectFrom('audit_event').selectAll().where('action', '=', 'unit.merge').where('ward_id', '=', t.wardB).executeTakeFirstOrThrow();
  assert.equal(JSON.parse(audit.after_json ?? '{}').moved.person, beforeA.person);

  // The tree: both names on 30/06/2025, each ward with its own groups; only Vĩnh Tuy from 01/07/2025.
  const old = await unitTreeOn(t.db, t.wardB, '2025-06-30');
  const names = old.map((u) => u.name);
  assert.ok(names.includes('Phường Đồng Tâm') && names.includes('Phường Vĩnh Tuy'), names.join(', '));
  const dongTam = old.find((u) => u.name === 'Phường Đồng Tâm');
  assert.equal(old.find((u) => u.name === 'Tổ dân phố số 1')?.parentId, dongTam?.id);
  const now = await unitTreeOn(t.db, t.wardB, '2025-07-01');
  assert.ok(!now.some((u) => u.name === 'Phường Đồng Tâm'));
  assert.equal(now.find((u) => u.name === 'Tổ dân phố số 1')?.parentId, t.wardB);

  // A second merge of the same ward is refused (it has ended).
  await refused(mergeWard(t.db, actors.hanoi as Actor, { fromWardId: t.wardA, intoWardId: t.wardB, on: '2025-07-01' }), 400, /err\.merge\.ended/);
});

test('after the merge the app serves the moved records in the receiving ward', async () => {
  // quantri was Đồng Tâm's administrator: the account now works in Vĩnh Tuy.
  const c = t.client();
  assert.equal((await c.login('quantri')).status, 302);
  const people = await c.get('/app/people?q=' + encodeURIComponent('Lê Thị Mai'));
  assert.equal(people.status, 200);
  assert.match(people.text, /Lê Thị Mai/);
  assert.equal((await c.get('/app/units')).status, 200);
  assert.equal((await c.get('/app/programmes')).status, 200);
});
