// `roviec demo remove` and `roviec unit merge` (issue 13, D36) on a database holding the demo AND
// two real wards under the same "Thành phố Hà Nội": the demo goes, the real wards keep every row,
// the app still serves them; then one real ward is merged into the other by the CLI alone.
// The commands run in-process through the registry src/main.ts dispatches from.
// The registry first (as src/main.ts does): src/cli/merge.ts takes withDb from it.
import { FEATURE_COMMANDS } from './registry.ts';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { DEMO_ACCOUNTS, DEMO_WARD_CODE, demoLoaded, loadDemo, loadDemoOnStart } from '../demo/seed.ts';
import { DEMO_REMOVED_KEY } from '../features/units/remove.ts';
import { systemActor } from '../platform/actor.ts';
import { markSystem, runCommand } from '../platform/command.ts';
import { AppError } from '../platform/errors.ts';
import { translate } from '../platform/i18n/index.ts';
import { insertUnit } from '../features/units/service.ts';
import { insertOrg } from '../features/orgs/service.ts';
import { insertPerson } from '../features/people/service.ts';
import { addAccount } from '../features/users/service.ts';
import { wardRowCounts } from '../features/units/merge.ts';
import { DEMO_USERNAMES, DEMO_WARD_CODES } from './merge.ts';
import { UsageError } from './args.ts';

let t: TestApp;
let city: string;
const real: Record<string, string> = {};

/** Adds a real ward under the city with a residential group, an organization and `people` people. */
async function realWard(name: string, code: string, people: number): Promise<string> {
  const sys = systemActor('', 'Kiểm thử');
  return runCommand(t.db, sys, 'test.fixture', async (c) => {
    markSystem(c.actor);
    const ward = await insertUnit(c.trx, sys, { kind: 'phuong', name, code, valid_from: '2025-07-01', valid_to: null, parent_id: city, ward_id: null });
    const w = systemActor(ward, 'Kiểm thử');
    const group = await insertUnit(c.trx, w, { kind: 'to_dan_pho', name: 'Tổ dân phố số 1', code: null, valid_from: '2025-07-01', valid_to: null, parent_id: ward, ward_id: ward });
    await insertOrg(c.trx, w, { kind: 'people_committee', name: `Ủy ban nhân dân ${name}`, short_name: 'UBND', unit_id: ward, parent_id: null, higher_body: null, sort_order: 10, valid_from: '2025-07-01', valid_to: null });
    for (let i = 1; i <= people; i++) {
      await insertPerson(c.trx, w, { full_name: `Người ${code} số ${i}`, gender: 'nu', birth_date: '1990-01-01', phone: null, email: null, unit_id: group, note: null });
    }
    return ward;
  });
}

before(async () => {
  t = await startTestApp();
  city = (await t.db.selectFrom('unit').select('id').where('name', '=', 'Thành phố Hà Nội').executeTakeFirstOrThrow()).id;
  real.hoaBinh = await realWard('Phường Hòa Bình', '00004', 3);
  real.tayHo = await realWard('Phường Tây Hồ', '00099', 2);
  await addAccount(t.db, systemActor(real.hoaBinh, 'Kiểm thử'), { username: 'hoabinh.quantri', display_name: 'Quản trị Hòa Bình', password: 'mat-khau-dai-3', home_ward_id: real.hoaBinh, person_id: null }, [{ role: 'admin', unit_id: real.hoaBinh, org_id: null }]);
});
after(async () => t.close());

/**
 * Runs `roviec <name> args` in-process, as src/main.ts dispatches it (FEATURE_COMMANDS of the
 * registry): what it printed, and the Vietnamese error it ended with ('' when none). In-process
 * because a process costs seconds of start-up; test/cli.test.ts covers the dispatch itself.
 */
async function roviec(name: string, args: string[]): Promise<{ out: string; err: string }> {
  const printed: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void printed.push(a.join(' '));
  try {
    await (FEATURE_COMMANDS[name] as { run: (a: string[], c: typeof t.config) => Promise<void> }).run(args, t.config);
    return { out: printed.join('\n') + '\n', err: '' };
  } catch (e) {
    if (e instanceof UsageError) return { out: '', err: e.message };
    if (e instanceof AppError) return { out: '', err: translate('vi', e.key, e.params) };
    throw e;
  } finally {
    console.log = log;
  }
}

test('the demo identity repeated in src/cli/merge.ts matches src/demo/seed.ts', async () => {
  assert.deepEqual([...DEMO_USERNAMES].sort(), DEMO_ACCOUNTS.map((a) => a.username).sort());
  assert.ok(DEMO_WARD_CODES.includes(DEMO_WARD_CODE));
  const wards = await t.db.selectFrom('unit').select('code').where('is_ward', '=', 1).where('name', 'in', ['Phường Đồng Tâm', 'Phường Vĩnh Tuy']).execute();
  assert.deepEqual(wards.map((w) => w.code).sort(), [...DEMO_WARD_CODES].sort());
});

test('roviec demo remove: the demo goes, the real wards and their province stay, the app serves them', async () => {
  const before = { hoaBinh: await wardRowCounts(t.db, real.hoaBinh as string), tayHo: await wardRowCounts(t.db, real.tayHo as string) };
  assert.equal(before.hoaBinh.person, 3);
  const r = await roviec('demo remove', []);
  assert.equal(r.err, '');
  assert.match(r.out, /Đã gỡ dữ liệu mẫu: Phường (Đồng Tâm|Vĩnh Tuy), Phường (Đồng Tâm|Vĩnh Tuy) — \d+ bản ghi\./);
  assert.match(r.out, / {2}Người \(person\): \d+/);
  assert.match(r.out, /Đơn vị cấp trên đã gỡ: Quận Hai Bà Trưng\n/);
  assert.match(r.out, /Tài khoản mẫu đã gỡ: .*quantri.* — \d+ quyền/);
  assert.match(r.out, /không được nạp lại khi khởi động/);
  assert.doesNotMatch(r.out, /\/setup/); // an account remains
  assert.ok(await t.db.selectFrom('app_setting').select('value').where('key', '=', DEMO_REMOVED_KEY).executeTakeFirst(), 'the removal is remembered');

  const left = await t.db.selectFrom('unit').select(['name', 'code']).execute();
  assert.ok(!left.some((u) => u.code?.startsWith('DEMO-') || u.name === 'Quận Hai Bà Trưng'), JSON.stringify(left));
  assert.ok(left.some((u) => u.name === 'Thành phố Hà Nội'));
  const users = await t.db.selectFrom('app_user').select('username').execute();
  assert.deepEqual(users.map((u) => u.username), ['hoabinh.quantri']);
  assert.deepEqual(await wardRowCounts(t.db, real.hoaBinh as string), before.hoaBinh);
  assert.deepEqual(await wardRowCounts(t.db, real.tayHo as string), before.tayHo);
  const audit = await t.db.selectFrom('audit_event').select(['actor_label', 'ward_id']).where('action', '=', 'demo.remove').executeTakeFirstOrThrow();
  assert.deepEqual(audit, { actor_label: 'Dòng lệnh', ward_id: null });

  const c = t.client();
  assert.equal((await c.login('quantri')).status, 401); // the demo account is gone
  assert.equal((await c.login('hoabinh.quantri', 'mat-khau-dai-3')).status, 302);
  const people = await c.get('/app/people');
  assert.equal(people.status, 200);
  assert.match(people.text, /Người 00004 số 1/);
  assert.ok((await t.client().get('/')).status < 500);

  assert.match((await roviec('demo remove', [])).err, /Không có dữ liệu mẫu/);
});

test('roviec unit merge: refusals with a Vietnamese message, then Tây Hồ merged into Hòa Bình from 01/07/2025', async () => {
  assert.match((await roviec('unit merge', ['--code', '00099', '--into', '00004', '--from', '31/02/2025'])).err, /--from phải là ngày/);
  assert.match((await roviec('unit merge', ['--code', '00099', '--into', '00099', '--from', '01/07/2025'])).err, /chính nó/);
  assert.match((await roviec('unit merge', ['--code', '00099', '--into', '01', '--from', '01/07/2025'])).err, /Chỉ sáp nhập được phường, xã/);
  assert.match((await roviec('unit merge', ['--code', '00099', '--into', '00004', '--from', '01/01/2020'])).err, /sau ngày bắt đầu hiệu lực/);
  assert.match((await roviec('unit merge', ['--code', 'KHONG-CO', '--into', '00004', '--from', '01/07/2025'])).err, /Không có đơn vị hành chính mã KHONG-CO/);

  const before = { hoaBinh: await wardRowCounts(t.db, real.hoaBinh as string), tayHo: await wardRowCounts(t.db, real.tayHo as string) };
  // The day after both wards started: Tây Hồ's last day is 01/07/2025.
  const r = await roviec('unit merge', ['--code', '00099', '--into', '00004', '--from', '02/07/2025']);
  assert.equal(r.err, '');
  assert.match(r.out, /Đã sáp nhập 00099 vào 00004 từ ngày 02\/07\/2025: \d+ bản ghi đã chuyển\./);
  assert.match(r.out, / {2}Người \(person\): 2\n/);
  assert.match(r.out, /Không có tài khoản hay vai trò nào chuyển sang 00004\./);
  assert.match(r.out, /sẽ có các tên trùng nhau[^\n]*\n {2}Tổ dân phố, thôn "Tổ dân phố số 1" \(2 đơn vị\)/);
  assert.deepEqual(await wardRowCounts(t.db, real.tayHo as string), {});
  const after = await wardRowCounts(t.db, real.hoaBinh as string);
  assert.equal(after.person, (before.hoaBinh.person ?? 0) + (before.tayHo.person ?? 0));
  assert.equal(after.organization, (before.hoaBinh.organization ?? 0) + (before.tayHo.organization ?? 0));
  assert.equal(after.unit, (before.hoaBinh.unit ?? 0) + (before.tayHo.unit ?? 0));
  const tayHo = await t.db.selectFrom('unit').select('valid_to').where('id', '=', real.tayHo as string).executeTakeFirstOrThrow();
  assert.equal(tayHo.valid_to, '2025-07-01');
});

test('a database the demo was removed from is not given it again at start-up; `roviec demo remove` then points to /setup', async () => {
  // The last account goes: the database now has no account, as after removing a demo with no real ward.
  const sys = systemActor('', 'Kiểm thử');
  await runCommand(t.db, sys, 'test.fixture', async (c) => {
    markSystem(c.actor);
    const u = await c.trx.selectFrom('app_user').select('id').where('username', '=', 'hoabinh.quantri').executeTakeFirstOrThrow();
    await c.trx.deleteFrom('role_grant').where('user_id', '=', u.id).execute();
    await c.trx.deleteFrom('session').where('user_id', '=', u.id).execute();
    await c.trx.deleteFrom('app_user').where('id', '=', u.id).execute();
    await c.audit({ action: 'test.fixture', entityType: 'app_user', entityId: u.id, wardId: null });
  });
  assert.equal(await loadDemoOnStart(t.db), false); // what `roviec serve` does: nothing
  assert.equal(await demoLoaded(t.db), false);

  // Only an explicit `roviec demo` loads it again; removed again, with no account left, /setup is next.
  await loadDemo(t.db);
  assert.equal(await demoLoaded(t.db), true);
  const r = await roviec('demo remove', []);
  assert.equal(r.err, '');
  assert.match(r.out, /Không còn tài khoản nào: bước tiếp theo là thiết lập đơn vị thật tại \/setup hoặc bằng lệnh roviec setup\./);
  assert.equal(await loadDemoOnStart(t.db), false);
  assert.equal(await demoLoaded(t.db), false);
});
