// notify(): one notification per user and event (unique user_id + dedupe_key), on SQLite and
// PostgreSQL; usersOfOrgs / usersOfPeople find the heads of organizations and linked accounts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../test/support/app.ts';
import { loadDemo } from '../demo/seed.ts';
import { runMaintenance } from './command.ts';
import { emailsOfUsers, notify, usersOfOrgs, usersOfPeople } from './notify.ts';

let t: TestDb;
let ward: string;
let lhpn: string;
let phunu: string;
let hoivien: string;
let mai: string;

before(async () => {
  t = await createTestDb();
  ward = await loadDemo(t.db);
  lhpn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', ward).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  const users = await t.db.selectFrom('app_user').select(['id', 'username', 'person_id']).where('username', 'in', ['phunu', 'hoivien']).execute();
  phunu = users.find((u) => u.username === 'phunu')?.id ?? '';
  const hv = users.find((u) => u.username === 'hoivien');
  hoivien = hv?.id ?? '';
  mai = hv?.person_id ?? '';
});
after(async () => {
  await t?.handle.destroy();
  await t?.drop();
});

test('notify de-duplicates by (user, dedupe key): the second call with the same key writes nothing', async () => {
  const n = { wardId: ward, userIds: [phunu, hoivien, phunu], kind: 'meeting.convened', message: 'Giấy mời họp: Hội nghị sơ kết', link: '/app/meetings/x', dedupeKey: 'meeting:x:convened:0' };
  const first = await runMaintenance(t.db, 'test.notify', (q) => notify(q, n));
  assert.deepEqual([...first].sort(), [phunu, hoivien].sort());
  const second = await runMaintenance(t.db, 'test.notify', (q) => notify(q, { ...n, message: 'lần hai' }));
  assert.deepEqual(second, []);
  const rows = await t.db.selectFrom('notification').select(['user_id', 'message', 'link', 'kind']).where('dedupe_key', '=', n.dedupeKey).execute();
  assert.equal(rows.length, 2);
  assert.ok(rows.every((r) => r.message === n.message && r.link === n.link && r.kind === 'meeting.convened'));
  // A new event (the meeting moved: sequence 1) reaches the same users again.
  const moved = await runMaintenance(t.db, 'test.notify', (q) => notify(q, { ...n, kind: 'meeting.moved', dedupeKey: 'meeting:x:moved:1', userIds: [phunu] }));
  assert.deepEqual(moved, [phunu]);
  assert.deepEqual(await runMaintenance(t.db, 'test.notify', (q) => notify(q, { ...n, userIds: [] })), []);
});

test('usersOfOrgs finds the org_head accounts; usersOfPeople the accounts linked to people', async () => {
  assert.deepEqual(await usersOfOrgs(t.db, ward, [lhpn]), [phunu]);
  assert.deepEqual(await usersOfOrgs(t.db, 'another-ward', [lhpn]), []);
  assert.deepEqual(await usersOfOrgs(t.db, ward, []), []);
  assert.deepEqual(await usersOfPeople(t.db, ward, [mai]), [hoivien]);
  assert.deepEqual(await usersOfPeople(t.db, 'another-ward', [mai]), []);
  // A disabled account is not notified.
  await runMaintenance(t.db, 'test.disable', (q) => q.updateTable('app_user').set({ disabled: 1 }).where('id', '=', phunu).execute());
  assert.deepEqual(await usersOfOrgs(t.db, ward, [lhpn]), []);
  await runMaintenance(t.db, 'test.disable', (q) => q.updateTable('app_user').set({ disabled: 0 }).where('id', '=', phunu).execute());
  // E-mail addresses come from the linked person; accounts without one are left out.
  await runMaintenance(t.db, 'test.email', (q) => q.updateTable('person').set({ email: 'mai@example.vn' }).where('id', '=', mai).execute());
  assert.deepEqual(await emailsOfUsers(t.db, [hoivien, phunu]), [{ userId: hoivien, email: 'mai@example.vn' }]);
});
