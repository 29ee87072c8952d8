// Organizations from a template (/app/orgs/template, `roviec orgs template`): a fresh ward with
// three residential groups, preview, create in one command, idempotent rerun, refusals, the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, DEMO_PASSWORD, type Client, type TestApp } from '../../../test/support/app.ts';
import { systemActor, type Actor } from '../../platform/actor.ts';
import { markSystem, runCommand, type CommandContext } from '../../platform/command.ts';
import { writeAudit } from '../../platform/audit.ts';
import { insertUnit } from '../units/service.ts';
import { insertUser } from '../users/service.ts';
import { ValidationError } from '../../platform/errors.ts';
// The registry first: it loads src/cli/orgs.ts, which reads withDb back from it.
import { FEATURE_COMMANDS, type CliCommand } from '../../cli/registry.ts';
import { UsageError } from '../../cli/args.ts';

let t: TestApp;
let ward: string; // Phường Hòa Bình, 2025 shape, under Thành phố Hà Nội, with three groups
let commune: string; // Xã Thử, for the CLI
const groups: string[] = [];

before(async () => {
  t = await startTestApp();
  const city = (await t.db.selectFrom('unit').select('id').where('code', '=', '01').executeTakeFirstOrThrow()).id;
  await runCommand(t.db, systemActor('', 'test'), 'test.fixture', async (c) => {
    markSystem(c.actor);
    const sys = systemActor('', 'test');
    ward = await insertUnit(c.trx, sys, { kind: 'phuong', name: 'Phường Hòa Bình', code: 'TEST-HOABINH', valid_from: '2025-07-01', valid_to: null, parent_id: city, ward_id: null });
    const a: Actor = systemActor(ward, 'test');
    for (let i = 1; i <= 3; i++) groups.push(await insertUnit(c.trx, a, { kind: 'to_dan_pho', name: `Tổ dân phố số ${i}`, code: null, valid_from: '2025-07-01', valid_to: null, parent_id: ward, ward_id: ward }));
    const inWard: CommandContext = { ...c, actor: a, audit: (e) => writeAudit(c.trx, a, e) };
    await insertUser(inWard, { username: 'hoabinh.admin', display_name: 'Quản trị Hòa Bình', password: DEMO_PASSWORD, home_ward_id: ward, person_id: null }, [{ role: 'admin', unit_id: ward, org_id: null }]);
    commune = await insertUnit(c.trx, sys, { kind: 'xa', name: 'Xã Thử', code: 'TEST-XATHU', valid_from: '2025-07-01', valid_to: null, parent_id: city, ward_id: null });
    const x = systemActor(commune, 'test');
    for (const n of ['Thôn Đông', 'Thôn Tây']) await insertUnit(c.trx, x, { kind: 'thon', name: n, code: null, valid_from: '2025-07-01', valid_to: null, parent_id: commune, ward_id: commune });
  });
});
after(async () => t.close());

async function signedIn(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}
const orgsOf = (w: string) => t.db.selectFrom('organization').selectAll().where('ward_id', '=', w).execute();
const count = async (w: string) => (await orgsOf(w)).length;
/** 14 organizations of the ward (13 without the Hội Nông dân) and 6 branches per group. */
const N_2025 = 13 + 6 * 3;
/** 5 under the Front's umbrella, HĐND/UBND/MTTQ guided by the Đảng ủy, UBND coordinating with MTTQ, each Ban công tác Mặt trận guided by its chi bộ. */
const N_REL = 5 + 3 + 1 + 3;

test('preview: the tree for Phường Hòa Bình and its three groups, named after them; the empty list leads there; nothing written', async () => {
  const c = await signedIn('hoabinh.admin');
  const list = await c.get('/app/orgs');
  assert.equal(list.status, 200);
  assert.equal(list.text.match(/href="\/app\/orgs\/template"/g)?.length, 1);
  assert.match(list.text, /<a class="button primary" href="\/app\/orgs\/template">Tạo tổ chức theo mẫu<\/a>/);

  const res = await c.get('/app/orgs/template?template=2025');
  assert.equal(res.status, 200);
  assert.equal(res.text.match(/badge-ok">Sẽ tạo</g)?.length, N_2025 + N_REL);
  assert.match(res.text, new RegExp(`Sẽ tạo ${N_2025} tổ chức và ${N_REL} quan hệ cho Phường Hòa Bình`));
  for (let i = 1; i <= 3; i++) {
    assert.match(res.text, new RegExp(`Chi hội Phụ nữ Tổ dân phố số ${i}</span> <small class="muted">Chi hội PN TDP ${i}</small>`));
    assert.match(res.text, new RegExp(`Chi bộ Tổ dân phố số ${i}<`));
  }
  assert.match(res.text, /<span>Đảng ủy phường Hòa Bình<\/span> <small class="muted">Đảng ủy<\/small><\/td><td[^>]*>Đảng ủy<\/td><td[^>]*>Thành ủy Hà Nội</);
  assert.match(res.text, /Hội LHPN thành phố Hà Nội/);
  assert.doesNotMatch(res.text, /Hội Nông dân phường/);
  assert.match(res.text, /<select id="f-template" name="template" required/);
  assert.match(res.text, /name="valid_from" type="text" value="\d\d\/\d\d\/\d{4}"/);
  assert.match(res.text, /name="with_farmers" type="checkbox" value="1"/);
  assert.match(res.text, /<button type="submit" class="primary">Tạo các tổ chức<\/button>/);

  const farmers = await c.get('/app/orgs/template?template=2025&with_farmers=1');
  assert.match(farmers.text, new RegExp(`Sẽ tạo ${N_2025 + 1 + 3} tổ chức`));
  assert.match(farmers.text, /Chi hội Nông dân Tổ dân phố số 2/);
  // "Xem lại theo lựa chọn": the same page for the posted choices, nothing written.
  const again = await c.post('/app/orgs/template', { template: '2017', valid_from: '01/08/2025', preview: '1' });
  assert.equal(again.status, 200);
  assert.match(again.text, /Khối dân vận/);
  assert.match(again.text, /<option value="2017" selected>/);
  assert.equal(await count(ward), 0);
});

test('create: every organization in one command with parents, units and relations; the second run creates nothing', async () => {
  const c = await signedIn('hoabinh.admin');
  const res = await c.post('/app/orgs/template', { template: '2025', valid_from: '01/08/2025' });
  assert.equal(res.status, 303);
  assert.equal(res.location, `/app/orgs?tpl=2025&made=${N_2025}`);
  const notice = await c.get(res.location as string);
  assert.match(notice.text, new RegExp(`role="status">Đã tạo ${N_2025} tổ chức theo mẫu 2025.<`));

  const rows = await orgsOf(ward);
  assert.equal(rows.length, N_2025);
  const by = (name: string) => rows.find((r) => r.name === name) ?? assert.fail(`missing ${name}`);
  const du = by('Đảng ủy phường Hòa Bình');
  const mttq = by('Ủy ban Mặt trận Tổ quốc Việt Nam phường Hòa Bình');
  assert.equal(du.parent_id, null);
  assert.equal(du.higher_body, 'Thành ủy Hà Nội');
  assert.equal(du.valid_from, '2025-08-01');
  assert.equal(by('Ban Thường vụ Đảng ủy phường Hòa Bình').parent_id, du.id);
  assert.equal(by('Ban Xây dựng Đảng Đảng ủy phường Hòa Bình').parent_id, du.id);
  const cell3 = by('Chi bộ Tổ dân phố số 3');
  assert.deepEqual([cell3.parent_id, cell3.unit_id, cell3.kind, cell3.short_name], [du.id, groups[2], 'party_cell', 'Chi bộ TDP 3']);
  const pn = by('Hội Liên hiệp Phụ nữ phường Hòa Bình');
  assert.equal(by('Chi hội Phụ nữ Tổ dân phố số 1').parent_id, pn.id);
  assert.equal(by('Ban công tác Mặt trận Tổ dân phố số 2').parent_id, mttq.id);

  const rel = await t.db.selectFrom('org_relation').selectAll().where('ward_id', '=', ward).execute();
  const name = new Map(rows.map((r) => [r.id, r.name]));
  const under = rel.filter((r) => r.relation === 'umbrella' && r.related_org_id === mttq.id).map((r) => name.get(r.org_id)).sort();
  assert.deepEqual(under, ['Công đoàn cơ sở phường Hòa Bình', 'Đoàn Thanh niên Cộng sản Hồ Chí Minh phường Hòa Bình', 'Hội Cựu chiến binh phường Hòa Bình', 'Hội Liên hiệp Phụ nữ phường Hòa Bình', 'Hội Người cao tuổi phường Hòa Bình'].sort());
  assert.equal(rel.length, N_REL);
  assert.ok(rel.some((r) => r.relation === 'guided_by' && name.get(r.org_id) === 'Ban công tác Mặt trận Tổ dân phố số 3' && name.get(r.related_org_id) === 'Chi bộ Tổ dân phố số 3'));
  assert.ok(rel.some((r) => r.relation === 'coordinates' && name.get(r.org_id) === 'Ủy ban nhân dân phường Hòa Bình' && r.related_org_id === mttq.id));

  const audit = await t.db.selectFrom('audit_event').select(['action', 'after_json', 'actor_label']).where('ward_id', '=', ward).where('action', 'like', 'org.%').execute();
  const summary = audit.filter((a) => a.action === 'org.template');
  assert.equal(summary.length, 1);
  assert.deepEqual(JSON.parse(summary[0]?.after_json ?? '{}'), { template: '2025', valid_from: '2025-08-01', with_farmers: false, groups: 3, created: N_2025, relations: N_REL, skipped: 0 });
  assert.equal(audit.filter((a) => a.action === 'org.create').length, N_2025);
  assert.ok(audit.every((a) => a.actor_label === 'Quản trị Hòa Bình'));

  // Twice: nothing new, and it says so.
  const second = await c.post('/app/orgs/template', { template: '2025', valid_from: '01/08/2025' });
  assert.equal(second.location, '/app/orgs?tpl=2025&made=0');
  assert.match((await c.get(second.location as string)).text, /Không tạo thêm tổ chức nào: các tổ chức theo mẫu 2025 đã có đủ./);
  assert.equal(await count(ward), N_2025);
  assert.equal((await t.db.selectFrom('org_relation').select('id').where('ward_id', '=', ward).execute()).length, N_REL);
  const preview = await c.get('/app/orgs/template?template=2025');
  assert.equal(preview.text.match(/Đã có — bỏ qua/g)?.length, N_2025 + N_REL);
  assert.match(preview.text, /Mọi tổ chức của mẫu này đã có/);
  // The list, no longer empty, keeps a plain link to the template.
  assert.match((await c.get('/app/orgs')).text, /<a class="button no-print" href="\/app\/orgs\/template">Tạo tổ chức theo mẫu<\/a>/);
});

test('refusals: unknown template, a date before the ward, roles that may not create (403 on GET and POST); nothing written', async () => {
  const admin = await signedIn('hoabinh.admin');
  const before = await count(ward);
  const unknownGet = await admin.get('/app/orgs/template?template=2030');
  assert.equal(unknownGet.status, 400);
  assert.match(unknownGet.text, /Mẫu phải là một trong các giá trị: 2017, 2025\./);
  const unknownPost = await admin.post('/app/orgs/template', { template: '2030', valid_from: '01/08/2025' });
  assert.equal(unknownPost.status, 400);
  assert.match(unknownPost.text, /Không có mẫu này|Mẫu phải là một trong các giá trị/);
  const early = await admin.post('/app/orgs/template', { template: '2017', valid_from: '01/01/2020', with_farmers: '1' });
  assert.equal(early.status, 400);
  assert.match(early.text, /Ngày hiệu lực không được trước ngày thành lập phường, xã/);
  assert.match(early.text, /name="valid_from" type="text" value="01\/01\/2020"/); // what was typed comes back
  assert.equal((await admin.get('/app/orgs/template?valid_from=30/06/2025')).status, 400);
  assert.equal(await count(ward), before);

  for (const u of ['bientap', 'hoivien', 'phunu']) {
    const c = await signedIn(u);
    assert.equal((await c.get('/app/orgs/template?template=2025')).status, 403, u);
    assert.equal((await c.post('/app/orgs/template', { template: '2025', valid_from: '01/08/2025' })).status, 403, u);
    assert.doesNotMatch((await c.get('/app/orgs')).text, /\/app\/orgs\/template/, u);
  }
  // The office of the demo ward may (and sees the link).
  assert.match((await (await signedIn('vanphong')).get('/app/orgs')).text, /href="\/app\/orgs\/template"/);
  assert.equal(await count(t.wardA), (await orgsOf(t.wardA)).length);
});

/**
 * Runs the `roviec orgs template` command in this process against the test database (its own
 * connection, as the CLI opens one) and returns what it printed; a UsageError or AppError is
 * returned, not thrown. (Starting `roviec` as a process costs seconds each; test/cli.test.ts
 * covers the dispatch of src/main.ts.)
 */
async function roviec(args: string[]): Promise<{ out: string; error: Error | null }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.map(String).join(' '));
  try {
    await (FEATURE_COMMANDS['orgs template'] as CliCommand).run(args, t.config);
    return { out: lines.join('\n'), error: null };
  } catch (e) {
    return { out: lines.join('\n'), error: e as Error };
  } finally {
    console.log = log;
  }
}

test('CLI: --dry-run prints the tree and writes nothing; a commune gets its Hội Nông dân; the rerun creates nothing', async () => {
  const demoBefore = await count(t.wardA);
  const dry = await roviec(['--ward', 'DEMO-DONGTAM', '--template', '2017', '--dry-run']);
  assert.equal(dry.error, null);
  // 2017: higher bodies at the district the ward had until 30/06/2025; the demo's own BTV is found.
  assert.match(dry.out, /^ {2}Đảng ủy phường Đồng Tâm \[Đảng ủy\] — cấp trên: Quận ủy Hai Bà Trưng$/m);
  assert.match(dry.out, /^ {4}Ban Thường vụ Đảng ủy \[BTV Đảng ủy\] \(đã có, bỏ qua\)$/m);
  assert.match(dry.out, /^ {4}Chi hội Phụ nữ Tổ dân phố số 10 \[Chi hội PN TDP 10\]$/m);
  assert.match(dry.out, /Hội Liên hiệp Phụ nữ phường Đồng Tâm — chịu sự lãnh đạo của — Khối dân vận \(đã có, bỏ qua\)|Hội Liên hiệp Phụ nữ phường Đồng Tâm — chịu sự lãnh đạo của — Khối dân vận$/m);
  assert.equal(await count(t.wardA), demoBefore);

  const made = await roviec(['--ward', 'TEST-XATHU', '--template', '2025', '--from', '01/07/2025']);
  assert.equal(made.error, null);
  const n = 14 + 7 * 2; // a xã: with the Hội Nông dân and a farmers' branch in each village
  assert.match(made.out, new RegExp(`Đã tạo ${n} tổ chức và \\d+ quan hệ theo mẫu 2025`));
  const rows = await orgsOf(commune);
  assert.equal(rows.length, n);
  assert.ok(rows.some((r) => r.name === 'Hội Nông dân xã Thử' && r.higher_body === 'Hội Nông dân thành phố Hà Nội'));
  assert.ok(rows.some((r) => r.name === 'Chi hội Nông dân Thôn Tây' && r.short_name === 'Chi hội ND Thôn Tây'));
  const audit = await t.db.selectFrom('audit_event').select(['action', 'actor_label']).where('ward_id', '=', commune).where('action', '=', 'org.template').execute();
  assert.deepEqual(audit, [{ action: 'org.template', actor_label: 'Dòng lệnh' }]);

  const bad = await roviec(['--ward', 'TEST-XATHU', '--template', '2016']);
  assert.ok(bad.error instanceof UsageError);
  assert.match(bad.error.message, /Không có mẫu 2016/);
  const early = await roviec(['--ward', 'TEST-XATHU', '--template', '2025', '--from', '30/06/2025']);
  assert.ok(early.error instanceof ValidationError);
  assert.deepEqual(early.error.fields, { valid_from: 'err.templateBeforeWard' });
  const notWard = await roviec(['--ward', '01', '--template', '2025']);
  assert.match(notWard.error?.message ?? '', /không phải phường, xã/);

  const rerun = await roviec(['--ward', 'TEST-XATHU', '--template', '2025', '--from', '01/07/2025']);
  assert.equal(rerun.error, null);
  assert.match(rerun.out, new RegExp(`Không tạo thêm tổ chức nào: các tổ chức theo mẫu 2025 đã có đủ \\(${n}\\)`));
  assert.equal(await count(commune), n);
});
