// The schedule's paper and the ward's organizations kept per process (docs/DESIGN.md D81): the kept
// paper is the paper read afresh, for every body of the ward and the ward-wide schedule, and stays
// so after a write to the directory (a raw rename of the signer, seen by migration 0025's triggers)
// and after a command on the unit tree (a province administrator renames the city, bumping the
// unit-tree version); the print view over real HTTP shows the new signer at once. SQLite, and
// PostgreSQL with ROVIEC_TEST_DATABASE_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, DEMO_PASSWORD, type Client, type TestApp } from '../../../test/support/app.ts';
import { systemActor } from '../../platform/actor.ts';
import { runMaintenance } from '../../platform/command.ts';
import { forgetKept, readStamp, type StampReader } from '../../platform/kept.ts';
import { UNIT_TREE_VERSION_KEY } from '../../platform/auth/identity.ts';
import { todayInVietnam } from '../../lib/vi/index.ts';
import type { Queryable } from '../../db/index.ts';
import { addAccount } from '../users/service.ts';
import { keptOrgs, listOrgs } from '../orgs/service.ts';
import { keptSchedulePaper, schedulePaper } from './schedule-paper.ts';

let t: TestApp;
let office: Client;
let city: string;
const WARD_NAME = 'Phường Đồng Tâm';
const today = todayInVietnam();
const year = Number(today.slice(0, 4));

before(async () => {
  t = await startTestApp();
  office = t.client();
  await office.login('vanphong');
  city = (await t.db.selectFrom('unit').select('id').where('code', '=', '01').executeTakeFirstOrThrow()).id;
  const sys = systemActor('', 'Kiểm thử');
  await addAccount(t.db, sys, { username: 'tinh.admin', display_name: 'Quản trị tỉnh', password: DEMO_PASSWORD, home_ward_id: null, person_id: null }, [{ role: 'admin', unit_id: city, org_id: null }]);
});
after(async () => t.close());

const stamps: StampReader = (scopes) => readStamp(t.db, scopes);
const treeVersion = async () => (await t.db.selectFrom('app_setting').select('value').where('key', '=', UNIT_TREE_VERSION_KEY).executeTakeFirst())?.value ?? '';
const raw = (fn: (q: Queryable) => Promise<unknown>) => t.db.transaction().execute((tx) => runMaintenance(tx, 'test.raw', async (m) => void (await fn(m))));

/** For the ward-wide schedule and every body: the kept paper (made, then hit) is the paper read afresh; the ward-wide one is returned. */
async function sameAsFresh(what: string) {
  const actor = { ...systemActor(t.wardA), wardId: t.wardA };
  const orgs = await listOrgs(t.db, actor);
  const kept = await keptOrgs(t.db, actor, stamps);
  assert.deepEqual(kept, orgs, `${what}: organizations`);
  assert.equal(await keptOrgs(t.db, actor, stamps), kept, `${what}: the second read is the kept list`);
  const version = await treeVersion();
  let wardWide = null;
  for (const org of [null, ...orgs.map((o) => o.id)]) {
    const fresh = await schedulePaper(t.db, actor, org, WARD_NAME, today, year);
    const first = await keptSchedulePaper(t.db, actor, org, WARD_NAME, today, year, () => Promise.resolve(kept), stamps, version);
    const again = await keptSchedulePaper(t.db, actor, org, WARD_NAME, today, year, () => Promise.resolve(kept), stamps, version);
    assert.deepEqual(first, fresh, `${what}: paper of ${org ?? 'the ward'}`);
    assert.equal(again, first, `${what}: the second read of ${org ?? 'the ward'} is the kept paper`);
    wardWide ??= fresh;
  }
  return wardWide as Awaited<ReturnType<typeof schedulePaper>>;
}

test('the kept paper and organizations are those read afresh, after a directory write and a unit-tree command', async () => {
  forgetKept();
  const first = await sameAsFresh('first');
  assert.ok(first.sign.name, 'the ward-wide paper has a signer');
  assert.deepEqual(await sameAsFresh('nothing written'), first);

  // The signer's name changes by a raw write: the directory stamp's trigger sees it.
  const signer = await t.db.selectFrom('person').select(['id', 'full_name']).where('ward_id', '=', t.wardA).where('full_name', '=', first.sign.name).executeTakeFirstOrThrow();
  await raw((q) => q.updateTable('person').set({ full_name: 'Trần Thị Thu Hương' }).where('id', '=', signer.id).execute());
  const renamed = await sameAsFresh('signer renamed');
  assert.equal(renamed.sign.name, 'Trần Thị Thu Hương');

  // The print view over HTTP (the stamp read with the session) shows the new name at once.
  const print = async () => (await office.get(`/app/schedule?year=${year}&all=1`)).text;
  assert.match(await print(), /Trần Thị Thu Hương/);
  await raw((q) => q.updateTable('person').set({ full_name: signer.full_name }).where('id', '=', signer.id).execute());
  const back = await print();
  assert.match(back, new RegExp(signer.full_name));
  assert.doesNotMatch(back, /Trần Thị Thu Hương/);

  // A province administrator renames the city from the first of this year: the higher body changes.
  const admin = t.client();
  assert.equal((await admin.login('tinh.admin')).status, 302);
  const version = (await t.db.selectFrom('unit').select('version').where('id', '=', city).executeTakeFirstOrThrow()).version;
  const before = await treeVersion();
  const r = await admin.post(`/app/units/province/${city}/rename`, { name: 'Thành phố Thăng Long', code: '01', from: `01/01/${year}`, version });
  assert.equal(r.status, 303, r.text);
  assert.notEqual(await treeVersion(), before, 'the command bumps the unit-tree version');
  const moved = await sameAsFresh('city renamed');
  assert.notDeepEqual(moved.left, first.left, 'the higher body is named anew');
  assert.match(moved.left.join(' '), /THĂNG LONG/);
  const html = await print();
  assert.match(html, /THĂNG LONG/);
});
