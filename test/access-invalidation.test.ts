// The per-user access cache (platform/auth/identity.ts, D43) never outlives what it was made from:
// a disabled account, an ended session (password change) and a moved unit take effect on the very
// next request, on both of two app instances sharing one database, sessions and API tokens alike.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './support/app.ts';
import { todayInVietnam } from '../src/lib/vi/index.ts';
import { createToken } from '../src/platform/auth/tokens.ts';
import { markSystem, runCommand, runMaintenance } from '../src/platform/command.ts';
import { systemActor } from '../src/platform/actor.ts';
import { insertUnit, reparentUnit } from '../src/features/units/service.ts';
import { addAccount, setDisabled } from '../src/features/users/service.ts';
import { changePassword } from '../src/features/account/service.ts';
import { DEMO_PASSWORD } from '../src/demo/seed.ts';

let t: TestApp;
let other: Awaited<ReturnType<TestApp['another']>>;
before(async () => {
  t = await startTestApp();
  other = await t.another();
});
after(async () => {
  await t.close();
});

const userId = async (username: string) => (await t.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const tokenFor = async (uid: string) => (await runMaintenance(t.db, 'test.token', (q) => createToken(q, uid, 'test', null))).token;

async function me(base: string, token: string): Promise<{ status: number; wards: string[]; roles: string[] }> {
  const res = await fetch(base + '/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return { status: res.status, wards: [], roles: [] };
  const body = (await res.json()) as { wards: { id: string }[]; roles: string[] };
  return { status: 200, wards: body.wards.map((w) => w.id).sort(), roles: body.roles };
}

test('a disabled account is refused on its next request, on both instances (session and token)', async () => {
  const uid = await userId('bientap');
  const token = await tokenFor(uid);
  const c = t.client();
  assert.equal((await c.login('bientap')).status, 302);
  const onOther = c.withBase(other.base);
  // Warm both instances' caches.
  for (const base of [t.base, other.base]) assert.equal((await me(base, token)).status, 200);
  assert.equal((await c.get('/app')).status, 200);
  assert.equal((await onOther.get('/app')).status, 200);
  await setDisabled(t.db, systemActor(t.wardA, 'test'), uid, true);
  for (const base of [t.base, other.base]) assert.equal((await me(base, token)).status, 401, base);
  assert.equal((await c.get('/app')).status, 302, 'the session opens nothing (sent to the login page)');
  assert.equal((await onOther.get('/app')).status, 302);
  await setDisabled(t.db, systemActor(t.wardA, 'test'), uid, false);
});

test('a password change ends the other sessions and the tokens at once, on both instances', async () => {
  const uid = await userId('thuongvu');
  const token = await tokenFor(uid);
  const first = t.client();
  const second = other.client();
  assert.equal((await first.login('thuongvu')).status, 302);
  assert.equal((await second.login('thuongvu')).status, 302);
  for (const c of [first, second, first.withBase(other.base), second.withBase(t.base)]) assert.equal((await c.get('/app')).status, 200);
  for (const base of [t.base, other.base]) assert.equal((await me(base, token)).status, 200);
  await changePassword(t.db, uid, { current: DEMO_PASSWORD, next: 'mat-khau-moi-rat-dai', repeat: 'mat-khau-moi-rat-dai' }, 'no-session-kept', '127.0.0.1');
  for (const c of [first, second, first.withBase(other.base), second.withBase(t.base)]) assert.equal((await c.get('/app')).status, 302);
  for (const base of [t.base, other.base]) assert.equal((await me(base, token)).status, 401);
});

test('a ward moved to another district leaves the district grant on the next request, on both instances', async () => {
  const sys = systemActor('', 'test');
  const today = todayInVietnam();
  const parent = (await t.db.selectFrom('unit_parent').select('parent_id').where('unit_id', '=', t.wardA).where('valid_to', 'is', null).executeTakeFirstOrThrow()).parent_id;
  const { district, elsewhere } = await runCommand(t.db, sys, 'test.fixture', async ({ trx }) => {
    markSystem(sys);
    // A district holding ward A (from 2000), and another one to move it to.
    const district = await insertUnit(trx, sys, { kind: 'quan', name: 'Quận Giám Sát', code: 'Q-GS', valid_from: '2000-01-01', valid_to: null, parent_id: parent, ward_id: null });
    const elsewhere = await insertUnit(trx, sys, { kind: 'quan', name: 'Quận Khác', code: 'Q-K', valid_from: '2000-01-01', valid_to: null, parent_id: parent, ward_id: null });
    await reparentUnit(trx, sys, t.wardA, district, '2000-01-01');
    return { district, elsewhere };
  });
  const uid = await addAccount(t.db, sys, { username: 'quan.giamsat', display_name: 'Quận giám sát', password: 'mat-khau-du-dai-1', home_ward_id: null, person_id: null }, [{ role: 'standing', unit_id: district, org_id: null }]);
  const token = await tokenFor(uid);
  for (const base of [t.base, other.base, t.base]) {
    const seen = await me(base, token);
    assert.deepEqual(seen.wards, [t.wardA], base);
    assert.deepEqual(seen.roles, ['standing']);
  }
  await runCommand(t.db, sys, 'test.move', async ({ trx }) => {
    markSystem(sys);
    await reparentUnit(trx, sys, t.wardA, elsewhere, today);
  });
  for (const base of [t.base, other.base]) assert.deepEqual((await me(base, token)).wards, [], base);
  // And back: the grant reaches the ward again at once.
  await runCommand(t.db, sys, 'test.move', async ({ trx }) => {
    markSystem(sys);
    await reparentUnit(trx, sys, t.wardA, district, today);
  });
  for (const base of [other.base, t.base]) assert.deepEqual((await me(base, token)).wards, [t.wardA], base);
});
