// `roviec unit add|rename|move|list` against a real database: the same service calls as the
// province pages, as 'Dòng lệnh', with Vietnamese refusals (the commands' own `run`, in this process).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDb, type TestDb } from '../../test/support/app.ts';
import { loadConfig, type Config } from '../config.ts';
import { systemActor } from '../platform/actor.ts';
import { markSystem, runCommand } from '../platform/command.ts';
import { insertUnit } from '../features/units/service.ts';
import { FEATURE_COMMANDS } from './registry.ts';
import { UsageError } from './args.ts';
import { AppError } from '../platform/errors.ts';

let tdb: TestDb;
let config: Config;
before(async () => {
  tdb = await createTestDb({ demo: false });
  config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: tdb.url });
  // An empty database with a province and a district (what `roviec setup` makes first).
  const sys = systemActor('', 'Kiểm thử');
  await runCommand(tdb.db, sys, 'test.fixture', async ({ trx }) => {
    markSystem(sys);
    const city = await insertUnit(trx, sys, { kind: 'thanh_pho', name: 'Thành phố Hà Nội', code: '01', valid_from: '1945-09-02', valid_to: null, parent_id: null, ward_id: null });
    await insertUnit(trx, sys, { kind: 'quan', name: 'Quận Ba Đình', code: '001', valid_from: '1961-01-01', valid_to: '2025-06-30', parent_id: city, ward_id: null });
    await insertUnit(trx, sys, { kind: 'tinh', name: 'Tỉnh Bắc Ninh', code: '27', valid_from: '1997-01-01', valid_to: null, parent_id: null, ward_id: null });
  });
});
after(async () => {
  await tdb.handle.destroy();
  await tdb.drop();
});

/** Runs one feature command in this process; what it printed, or the error it threw. */
async function unit(...args: string[]): Promise<{ out: string; err?: Error }> {
  const [sub, ...rest] = args;
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    await FEATURE_COMMANDS[`unit ${sub}`]!.run(rest, config);
    return { out: lines.join('\n') };
  } catch (e) {
    return { out: lines.join('\n'), err: e as Error };
  } finally {
    console.log = log;
  }
}

const auditCount = async () => Number((await tdb.db.selectFrom('audit_event').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

test('unit add, rename, move and list from the command line; refusals in Vietnamese, nothing written', async () => {
  let r = await unit('add', '--parent', '001', '--kind', 'phuong', '--name', 'Phường Trúc Bạch', '--code', '00004', '--from', '01/01/2000');
  assert.equal(r.err, undefined);
  assert.match(r.out, /^Đã thêm Phường Trúc Bạch \(mã 00004\) trực thuộc Quận Ba Đình từ ngày 01\/01\/2000/);
  assert.equal((await unit('add', '--parent', '00004', '--kind', 'to_dan_pho', '--name', 'Tổ dân phố số 1', '--from', '01/01/2000')).err, undefined);
  // The district ends on 30/06/2025: from 01/07/2025 the ward sits under the city, renamed.
  r = await unit('move', '--code', '00004', '--parent', '01', '--from', '01/07/2025');
  assert.equal(r.err, undefined);
  assert.match(r.out, /Đã chuyển Phường Trúc Bạch sang trực thuộc Thành phố Hà Nội từ ngày 01\/07\/2025/);
  assert.equal((await unit('rename', '--code', '00004', '--name', 'Phường Ba Đình', '--new-code', '00008', '--from', '01/07/2025')).err, undefined);

  const old = await unit('list', '--code', '01', '--on', '30/06/2025');
  assert.equal(old.out, ['Thành phố Hà Nội [01] (thanh_pho, 02/09/1945 – …)', '  Quận Ba Đình [001] (quan, 01/01/1961 – 30/06/2025)', '    Phường Trúc Bạch [00004] (phuong, 01/01/2000 – …)', '      Tổ dân phố số 1 (to_dan_pho, 01/01/2000 – …)'].join('\n'));
  const now = await unit('list', '--code', '01', '--on', '01/07/2025');
  assert.equal(now.out, ['Thành phố Hà Nội [01] (thanh_pho, 02/09/1945 – …)', '  Phường Ba Đình [00008] (phuong, 01/01/2000 – …)', '    Tổ dân phố số 1 (to_dan_pho, 01/01/2000 – …)'].join('\n'));
  assert.match((await unit('list')).out, /Thành phố Hà Nội \[01\][\s\S]*Tỉnh Bắc Ninh \[27\]/);

  const n = await auditCount();
  const refusals: [string[], RegExp][] = [
    [['add', '--parent', '01', '--kind', 'xa', '--name', 'Xã Trùng', '--code', '00008'], /--code: Mã này đã được dùng cho một đơn vị khác/],
    [['add', '--parent', '01', '--kind', 'xa', '--name', 'Xã Không Mã'], /--code: Phường, xã phải có mã đơn vị hành chính/],
    [['add', '--parent', '99', '--kind', 'xa', '--name', 'Xã Lạc', '--code', '00100'], /Không tìm thấy đơn vị có mã 99 \(--parent\)/],
    [['add', '--parent', '01', '--kind', 'tinh', '--name', 'Tỉnh Lạ', '--code', '00101'], /loại phải là một trong/],
    [['add', '--parent', '001', '--kind', 'xa', '--name', 'Xã Muộn', '--code', '00102', '--from', '01/08/2025'], /--parent: Đơn vị cấp trên không có hiệu lực vào ngày này/],
    [['rename', '--code', '00008', '--name', 'Phường Cũ', '--from', '01/01/2000'], /--from: Ngày đổi tên phải sau ngày đơn vị bắt đầu có hiệu lực/],
    [['rename', '--code', '00008', '--name', 'Phường Cũ', '--from', '01/07/2025'], /--from: Ngày đổi tên phải sau ngày bắt đầu của tên hiện tại/],
    [['rename', '--code', '00008', '--name', 'Phường Cũ', '--from', '31/13/2025'], /--from: Ngày không hợp lệ/],
    [['move', '--code', '01', '--parent', '00008', '--from', '01/08/2025'], /--parent: Đơn vị cấp trên không được là chính nó hoặc đơn vị cấp dưới của nó/],
    [['move', '--code', '00008', '--parent', '001', '--from', '01/08/2025'], /--parent: Đơn vị cấp trên không có hiệu lực vào ngày này/],
    [['move', '--code', '00008', '--parent', '27', '--from', '01/08/2025'], /^$/], // the command line is the system: any province (no grant to check)
    [['move', '--code', '00008', '--from', '01/08/2025'], /Thiếu --parent/],
    [['list', '--code', '00008'], /không phải là tỉnh, thành phố/],
  ];
  for (const [args, message] of refusals) {
    const res = await unit(...args);
    if (message.source === '^$') {
      assert.equal(res.err, undefined, args.join(' '));
      continue;
    }
    assert.ok(res.err instanceof UsageError, `${args.join(' ')}: ${String(res.err)}`);
    assert.match(res.err.message, message, args.join(' '));
  }
  assert.equal(await auditCount(), n + 1); // only the move to Bắc Ninh
  const actions = await tdb.db.selectFrom('audit_event').select(['action', 'actor_label']).where('action', 'like', 'unit.%').orderBy('at').execute();
  assert.deepEqual(actions.map((a) => a.action), ['unit.create', 'unit.create', 'unit.create', 'unit.create', 'unit.create', 'unit.reparent', 'unit.rename', 'unit.reparent']);
  assert.ok(actions.slice(3).every((a) => a.actor_label === 'Dòng lệnh'));
});

test('a province from the command line: roviec unit add --kind tinh without --parent; its code is required and unique', async () => {
  const r = await unit('add', '--kind', 'tinh', '--name', 'Tỉnh Tuyên Quang', '--code', '08', '--from', '01/07/2025');
  assert.equal(r.err, undefined, String(r.err));
  assert.match(r.out, /^Đã thêm Tỉnh Tuyên Quang \(mã 08\) từ ngày 01\/07\/2025/);
  assert.match((await unit('list', '--code', '08')).out, /^Tỉnh Tuyên Quang \[08\] \(tinh, 01\/07\/2025 – …\)/);
  for (const [args, message] of [
    [['add', '--kind', 'tinh', '--name', 'Tỉnh Trùng', '--code', '08'], /--code: Mã này đã được dùng cho một đơn vị khác/],
    [['add', '--kind', 'thanh_pho', '--name', 'Thành phố Không Mã'], /--code: /],
    [['add', '--kind', 'xa', '--name', 'Xã Không Cha', '--code', '00999'], /Thiếu --parent/],
  ] as [string[], RegExp][]) {
    const res = await unit(...args);
    assert.ok(res.err instanceof UsageError, `${args.join(' ')}: ${String(res.err)}`);
    assert.match(res.err.message, message, args.join(' '));
  }
});

test('roviec unit end: a district whose wards moved ends on 30/06/2025 and leaves the tree; a ward, a district with wards below and a second end are refused', async () => {
  // Quận Tây Hồ with one ward: the ward must move to the city before the district can end.
  const sys = systemActor('', 'Kiểm thử');
  await runCommand(tdb.db, sys, 'test.fixture', async ({ trx }) => {
    markSystem(sys);
    const city = await trx.selectFrom('unit').select('id').where('code', '=', '01').executeTakeFirstOrThrow();
    await insertUnit(trx, sys, { kind: 'quan', name: 'Quận Tây Hồ', code: '003', valid_from: '1995-10-28', valid_to: null, parent_id: city.id, ward_id: null });
  });
  assert.equal((await unit('add', '--parent', '003', '--kind', 'phuong', '--name', 'Phường Xuân La', '--code', '00106', '--from', '01/01/2000')).err, undefined);
  const refusals: [string[], RegExp][] = [
    [['end', '--code', '00106', '--to', '30/06/2025'], /--to: Phường, xã không kết thúc riêng/],
    [['end', '--code', '003', '--to', '31/02/2025'], /--to: Ngày không hợp lệ/],
    [['end', '--code', '003', '--to', '01/01/1990'], /--to: /],
    [['end', '--code', '003', '--to', '30/06/2025'], /--to: Còn đơn vị trực thuộc/],
  ];
  for (const [args, message] of refusals) {
    const res = await unit(...args);
    assert.ok(res.err instanceof UsageError, `${args.join(' ')}: ${String(res.err)}`);
    assert.match(res.err.message, message, args.join(' '));
  }
  assert.equal((await unit('move', '--code', '00106', '--parent', '01', '--from', '01/07/2025')).err, undefined);
  const r = await unit('end', '--code', '003', '--to', '30/06/2025');
  assert.equal(r.err, undefined, String(r.err));
  assert.match(r.out, /có hiệu lực đến hết ngày 30\/06\/2025/);
  assert.doesNotMatch((await unit('list', '--code', '01', '--on', '01/07/2025')).out, /\[003\]/);
  assert.match((await unit('list', '--code', '01', '--on', '30/06/2025')).out, /\[003\]/);
  const again = await unit('end', '--code', '003', '--to', '30/06/2025');
  // An AppError: main.ts prints its Vietnamese message ("Bản ghi này đã kết thúc.") and exits 2.
  assert.ok(again.err instanceof AppError && again.err.status === 409 && again.err.key === 'err.alreadyEnded', String(again.err));
});
