// First-run setup over real HTTP on an empty database (demo off), both databases: the note on the
// sign-in page, the form, one submit, every refusal, 410 afterwards, two submits at once, and the
// demo banner for administrators. docs/DESIGN.md D34.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type Client, type TestApp } from '../../../test/support/app.ts';
import { markSystem, runCommand } from '../../platform/command.ts';
import { systemActor } from '../../platform/actor.ts';
import { insertUnit } from '../units/service.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { ensureSetupCode, normalizeCode } from './service.ts';

const PASSWORD = 'mat-khau-quan-tri-1';

/** The journey's form: Thành phố Hà Nội → Phường Hòa Bình (2025 shape), three groups. */
function form(code: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    setup_code: code,
    shape: '2025',
    province_kind: 'thanh_pho',
    province_name: 'Hà Nội',
    province_code: '',
    ward_kind: 'phuong',
    ward_name: 'Hòa Bình',
    ward_code: '00004',
    valid_from: '',
    groups_kind: 'to_dan_pho',
    groups: 'Tổ dân phố số 1\r\n\r\nTổ dân phố số 2\n   \nTổ dân phố số 3\n',
    admin_username: 'quantri.hoabinh',
    admin_name: 'Nguyễn Văn An',
    admin_password: PASSWORD,
    admin_password_confirm: PASSWORD,
    ...over,
  };
}

async function counts(t: TestApp) {
  const n = async (table: 'unit' | 'app_user' | 'audit_event' | 'role_grant') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { units: await n('unit'), users: await n('app_user'), audits: await n('audit_event'), grants: await n('role_grant') };
}

async function opened(t: TestApp): Promise<Client> {
  const c = t.client();
  assert.equal((await c.get('/setup')).status, 200);
  return c;
}

test('empty database: /login points to /setup; one submit makes the province, ward, groups and admin; then /setup is 410', async () => {
  const t = await startTestApp({ demo: false });
  try {
    const code = await ensureSetupCode(t.db);
    assert.ok(code && /^[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){3}$/.test(code), String(code));
    assert.equal(await ensureSetupCode(t.db), code, 'the code is stored: the same every time it is asked');
    const anon = t.client();
    const home = await anon.get('/');
    assert.equal(home.status, 302);
    assert.equal(home.location, '/login');
    const login = await anon.get('/login');
    assert.match(login.text, /RõViệc chưa được thiết lập/);
    assert.match(login.text, /href="\/setup"/);
    assert.ok(!login.text.includes(code) && !login.text.includes(normalizeCode(code)), 'the code is never on a page');

    const c = t.client();
    const page = await c.get('/setup');
    assert.equal(page.status, 200);
    for (const name of ['setup_code', 'shape', 'province_kind', 'province_name', 'province_code', 'district_kind', 'district_name', 'district_code', 'ward_kind', 'ward_name', 'ward_code', 'valid_from', 'groups_kind', 'groups', 'admin_username', 'admin_name', 'admin_password', 'admin_password_confirm']) {
      assert.match(page.text, new RegExp(`name="${name}"`), name);
    }
    assert.match(page.text, /<datalist id="provinces-2025">/);
    assert.match(page.text, /<option value="Hồ Chí Minh">/);
    const districtSelect = /<select id="f-district_kind"[\s\S]*?<\/select>/.exec(page.text)?.[0] ?? '';
    assert.match(districtSelect, /<option value="thanh_pho">Thành phố thuộc tỉnh<\/option>/, 'a district-level city is a provincial city');
    assert.ok(!page.text.includes('RõViệc chưa được thiết lập'), 'no note pointing to the page on the page itself');

    // The code as typed by a person: lower case, spaces for dashes.
    const res = await c.post('/setup', form(code.toLowerCase().replaceAll('-', ' ')));
    assert.equal(res.status, 303, res.text.slice(0, 3000));
    assert.equal(res.location, '/login');
    const after = await c.get('/login');
    assert.match(after.text, /Đã thiết lập Phường Hòa Bình\. Hãy đăng nhập bằng tài khoản quản trị vừa tạo\./);
    assert.ok(!after.text.includes('RõViệc chưa được thiết lập'));
    assert.ok(!(await c.get('/login')).text.includes('Đã thiết lập Phường Hòa Bình'), 'the confirmation is shown once');

    const units = await t.db.selectFrom('unit').select(['id', 'ward_id', 'is_ward', 'kind', 'name', 'code', 'valid_from']).execute();
    const province = units.find((u) => u.kind === 'thanh_pho');
    const ward = units.find((u) => u.is_ward === 1);
    assert.deepEqual([province?.name, province?.code, province?.ward_id], ['Thành phố Hà Nội', '01', null], 'a listed city gets its code');
    assert.deepEqual([ward?.name, ward?.code, ward?.valid_from], ['Phường Hòa Bình', '00004', '2025-07-01']);
    assert.equal(province?.valid_from, '1945-09-02', 'the province has its own start, not the ward\'s');
    const groups = units.filter((u) => u.kind === 'to_dan_pho');
    assert.deepEqual(groups.map((g) => g.name).sort(), ['Tổ dân phố số 1', 'Tổ dân phố số 2', 'Tổ dân phố số 3'], 'blank lines are ignored');
    assert.ok(groups.every((g) => g.ward_id === ward?.id));
    const links = await t.db.selectFrom('unit_parent').select(['unit_id', 'parent_id']).execute();
    assert.equal(links.find((l) => l.unit_id === ward?.id)?.parent_id, province?.id);
    assert.ok(groups.every((g) => links.find((l) => l.unit_id === g.id)?.parent_id === ward?.id));
    const admin = await t.db.selectFrom('app_user').select(['id', 'username', 'display_name', 'home_ward_id', 'password_hash']).executeTakeFirstOrThrow();
    assert.deepEqual([admin.username, admin.display_name, admin.home_ward_id], ['quantri.hoabinh', 'Nguyễn Văn An', ward?.id]);
    assert.ok(await verifyPassword(admin.password_hash, PASSWORD));
    const grants = await t.db.selectFrom('role_grant').select(['role', 'unit_id']).execute();
    assert.deepEqual(grants, [{ role: 'admin', unit_id: ward?.id }]);
    const audit = await t.db.selectFrom('audit_event').select(['action', 'actor_label', 'ward_id', 'after_json']).execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['setup.run', 'unit.create', 'unit.create', 'unit.create', 'unit.create', 'unit.create', 'user.create', 'user.grant']);
    assert.ok(audit.every((a) => a.actor_label === 'Thiết lập ban đầu'));
    assert.ok(audit.filter((a) => a.action !== 'unit.create' || a.after_json?.includes('"to_dan_pho"') || a.after_json?.includes('"phuong"')).every((a) => a.ward_id === ward?.id), 'the ward records its own events');
    assert.ok(!audit.some((a) => a.after_json?.includes(PASSWORD)), 'no password in the audit');
    assert.equal(await t.db.selectFrom('app_setting').select('value').where('key', '=', 'setup_code').executeTakeFirst(), undefined, 'the code is spent');

    const admin1 = t.client();
    assert.equal((await admin1.login('quantri.hoabinh', PASSWORD)).status, 302);
    const app = await admin1.get('/app');
    assert.equal(app.status, 200);
    assert.match(app.text, /Phường Hòa Bình/);
    assert.ok(!app.text.includes('roviec demo remove'), 'no demo banner without the demo');

    const gone = await t.client().get('/setup');
    assert.equal(gone.status, 410);
    assert.match(gone.text, /RõViệc đã được thiết lập/);
    assert.ok(!gone.text.includes('name="setup_code"'));
    const again = await c.post('/setup', form(code, { ward_code: '00005', admin_username: 'khac' }));
    assert.equal(again.status, 410);
    assert.match(again.text, /RõViệc đã được thiết lập/);
    assert.equal((await counts(t)).users, 1);
    assert.equal(await ensureSetupCode(t.db), null, 'no new code once an account exists');
  } finally {
    await t.close();
  }
});

test('refusals: wrong or missing code 403, bad fields 400 with values kept (not passwords), an existing unit code, then 429 after five wrong codes; nothing written', async () => {
  const t = await startTestApp({ demo: false });
  try {
    const code = (await ensureSetupCode(t.db)) as string;
    // A unit that already carries code 00004 (units can exist before any account).
    await runCommand(t.db, systemActor('', 'kiểm thử'), 'unit.create', async (cx) => {
      markSystem(cx.actor);
      await insertUnit(cx.trx, cx.actor, { kind: 'tinh', name: 'Tỉnh Thử', code: '00004', valid_from: '2025-07-01', valid_to: null, parent_id: null, ward_id: null });
    });
    const before = await counts(t);
    const c = await opened(t);
    const expect = async (over: Record<string, string>, status: number, message: RegExp, field?: string) => {
      const res = await c.post('/setup', form(code, over));
      assert.equal(res.status, status, `${JSON.stringify(over).slice(0, 200)}: ${res.text.slice(0, 400)}`);
      assert.match(res.text, message);
      assert.match(res.text, /value="Hòa Bình"/, 'typed values are kept');
      assert.ok(!res.text.includes(PASSWORD), 'passwords are not shown again');
      if (field) assert.match(res.text, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`), field);
      assert.deepEqual(await counts(t), before, 'nothing written');
    };
    await expect({ ward_code: '00005', admin_password: 'ngan', admin_password_confirm: 'ngan' }, 400, /Mật khẩu cần ít nhất 10 ký tự/, 'admin_password');
    await expect({ ward_code: '00005', admin_password_confirm: 'mat-khau-khac-han' }, 400, /Hai lần nhập mật khẩu không khớp/, 'admin_password_confirm');
    await expect({ ward_code: '00005', groups: 'Tổ dân phố số 1\ntổ dân phố  SỐ 1' }, 400, /có hai lần trong danh sách/);
    await expect({ ward_code: '00005', groups: Array.from({ length: 201 }, (_, i) => `Tổ dân phố số ${i + 1}`).join('\n') }, 400, /Tối đa 200 tổ dân phố/);
    await expect({ ward_code: '00005', shape: '2017', valid_from: '01/01/2020' }, 400, /Mô hình ba cấp cần quận, huyện hoặc thị xã/, 'district_name');
    await expect({ ward_code: '00005', shape: '2017', valid_from: '01/01/2020', district_kind: 'quan', district_name: 'Ba Đình' }, 400, /Hãy nhập mã đơn vị hành chính của quận, huyện, thị xã/, 'district_code');
    await expect({ ward_code: '00005', province_kind: 'tinh', province_name: 'Tuyên Quang' }, 400, /Danh sách có sẵn không có mã của tỉnh, thành phố này/, 'province_code');
    await expect({ ward_code: '00005', valid_from: '31/02/2025' }, 400, /ngày|Ngày/, 'valid_from');
    await expect({ ward_code: '' }, 400, /Bắt buộc nhập/, 'ward_code');
    await expect({ ward_code: '', admin_password: 'ngan', admin_password_confirm: 'ngan' }, 400, /Bắt buộc nhập[\s\S]*Mật khẩu cần ít nhất 10 ký tự/, 'admin_password');
    await expect({ ward_code: '00005', admin_username: 'Quản trị' }, 400, /Không đúng định dạng/, 'admin_username');
    await expect({}, 400, /Mã đơn vị này đã có trong cơ sở dữ liệu/, 'ward_code');
    await expect({ ward_code: '00005', province_code: '00005' }, 400, /trùng với mã của một đơn vị khác/);

    // Missing and wrong codes: 403, counted per IP; the sixth attempt is refused without a check.
    await expect({ setup_code: '', ward_code: '00005' }, 403, /Mã thiết lập không đúng/, 'setup_code');
    for (let i = 0; i < 4; i++) await expect({ setup_code: 'AAAA-BBBB-CCCC-DDDD', ward_code: '00005' }, 403, /Mã thiết lập không đúng/);
    await expect({ ward_code: '00005' }, 429, /Nhập sai mã thiết lập quá nhiều lần/);
    const locked = await c.post('/setup', form(code, { ward_code: '00005' }));
    assert.ok(!locked.text.includes('Mã thiết lập không đúng'), 'the lockout message only');
    assert.doesNotMatch(locked.text, /id="f-setup_code"[^>]*aria-invalid="true"/);
    assert.equal((await t.db.selectFrom('app_setting').select('value').where('key', '=', 'setup_code').executeTakeFirst())?.value, code, 'the code is not spent by refusals');

    const noCsrf = await t.client().post('/setup', form(code), { csrf: false });
    assert.equal(noCsrf.status, 403, 'CSRF like every form');
  } finally {
    await t.close();
  }
});

test('two setups submitted at once: exactly one succeeds, the other is told 410', async () => {
  const t = await startTestApp({ demo: false });
  try {
    // An app started without `serve` has made no code yet: a guess is still a wrong code (403), and the code now exists.
    assert.equal((await (await opened(t)).post('/setup', form('AAAA-BBBB-CCCC-DDDD'))).status, 403);
    const code = (await ensureSetupCode(t.db)) as string;
    const [a, b] = [await opened(t), await opened(t)];
    const results = await Promise.all([
      a.post('/setup', form(code, { ward_code: '10001', admin_username: 'quantri.a' })),
      b.post('/setup', form(code, { ward_code: '10002', admin_username: 'quantri.b', ward_name: 'Vĩnh Tuy' })),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [303, 410], results.map((r) => r.text.slice(0, 300)).join('\n'));
    const c = await counts(t);
    assert.equal(c.users, 1);
    assert.equal(c.units, 5, 'one province, one ward, three groups');
    assert.equal(c.grants, 1);
    assert.equal(await t.db.selectFrom('app_setting').select('value').where('key', '=', 'setup_code').executeTakeFirst(), undefined, 'no code is left or made anew');
  } finally {
    await t.close();
  }
});

test('a database with the demo wards: administrators see the banner naming roviec demo remove on every page; other roles do not', async () => {
  const t = await startTestApp();
  try {
    const admin = t.client();
    await admin.login('quantri');
    for (const p of ['/app', '/app/people', '/app/units']) {
      const res = await admin.get(p);
      assert.equal(res.status, 200, p);
      assert.match(res.text, /Cơ sở dữ liệu này có phường mẫu với mật khẩu công khai[^<]*roviec demo remove/, p);
    }
    const office = t.client();
    await office.login('vanphong');
    assert.ok(!(await office.get('/app')).text.includes('roviec demo remove'));
    assert.ok(!(await t.client().get('/login')).text.includes('roviec demo remove'));
    assert.ok(!(await t.client().get('/login')).text.includes('chưa được thiết lập'), 'accounts exist: no setup note');
    assert.equal((await t.client().get('/setup')).status, 410);
  } finally {
    await t.close();
  }
});
