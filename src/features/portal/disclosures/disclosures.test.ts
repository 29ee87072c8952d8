import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp, type Client } from '../../../../test/support/app.ts';
import { endsOn, statusOn, daysLeft } from './service.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

async function as(username: string): Promise<Client> {
  const c = t.client();
  assert.equal((await c.login(username)).status, 302);
  return c;
}

test('duration and status: a 30-day posting from 01/03 runs to 30/03 inclusive', () => {
  assert.equal(endsOn('2024-03-01', 30), '2024-03-30');
  const row = { posted_on: '2024-03-01', ends_on: '2024-03-30', withdrawn_on: null };
  assert.equal(statusOn(row, '2024-02-29'), 'upcoming');
  assert.equal(statusOn(row, '2024-03-30'), 'current');
  assert.equal(daysLeft('2024-03-30', '2024-03-30'), 1);
  assert.equal(statusOn(row, '2024-03-31'), 'expired');
  assert.equal(statusOn({ ...row, withdrawn_on: '2024-03-10' }, '2024-03-15'), 'withdrawn');
});

test('the public index shows kind, posting date, forms, duration and what is current or expired', async () => {
  const c = t.client();
  const all = await c.get('/cong-khai');
  assert.equal(all.status, 200);
  assert.match(all.text, /Dự toán ngân sách phường năm 2017/);
  assert.match(all.text, /Niêm yết tại trụ sở UBND; Cổng thông tin điện tử/);
  assert.match(all.text, /class="pm-status expired">Đã hết thời hạn/);
  assert.match(all.text, /class="pm-status current">Đang công khai \(còn \d+ ngày\)/);
  assert.doesNotMatch(all.text, /Thủ tục đăng ký tạm trú/, 'not yet posted');
  const current = await c.get('/cong-khai?tinh_trang=dang-cong-khai');
  assert.match(current.text, /Kế hoạch sử dụng đất giai đoạn 2021–2030/);
  assert.doesNotMatch(current.text, /Dự toán ngân sách phường năm 2017/);
  const expired = await c.get('/cong-khai?tinh_trang=het-han&loai=budget');
  assert.match(expired.text, /Dự toán ngân sách phường năm 2017/);
  assert.doesNotMatch(expired.text, /Quyết toán ngân sách/);
  // The "Công khai" category lives here too; its old address redirects.
  assert.match(all.text, /Công khai dự toán ngân sách phường năm/);
  const old = await c.get('/chuyen-muc/cong-khai');
  assert.equal(old.status, 301);
  assert.equal(old.location, '/cong-khai');
  assert.equal((await c.get('/cong-khai/khong-co')).status, 404);
});

test('office records a disclosure with its forms and duration; editors and members may not; audit written', async () => {
  for (const user of ['bientap', 'hoivien', 'phunu']) assert.equal((await (await as(user)).get('/app/portal/disclosures')).status, 403, user);
  const office = await as('vanphong');
  const bad = await office.post('/app/portal/disclosures', { kind: 'budget', title: 'Dự toán 2025', posted_on: '31/02/2025', duration_days: '30' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Ngày không hợp lệ/);
  assert.match(bad.text, /Chọn ít nhất một hình thức công khai/);
  const body = new URLSearchParams({ _csrf: await office.csrf(), kind: 'land_recovery', title: 'Thu hồi đất mở rộng ngõ 20', posted_on: '01/03/2024', duration_days: '30' });
  body.append('forms', 'notice_board');
  body.append('forms', 'meeting');
  const created = await office.request('POST', '/app/portal/disclosures', { body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(created.status, 303);
  const id = /disclosures\/([0-9a-f-]{36})/.exec(created.location ?? '')?.[1] as string;
  const row = await t.db.selectFrom('disclosure').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.ends_on, '2024-03-30');
  assert.deepEqual(JSON.parse(row.forms), ['notice_board', 'meeting']);
  const pub = await t.client().get(`/cong-khai/${row.slug}`);
  assert.equal(pub.status, 200);
  assert.match(pub.text, /Thu hồi đất, bồi thường, hỗ trợ, tái định cư/);
  assert.match(pub.text, /Niêm yết tại trụ sở UBND; Tại hội nghị, cuộc họp/);
  assert.equal((await office.post(`/app/portal/disclosures/${id}/withdraw`, { version: row.version })).status, 303);
  assert.equal((await t.client().get(`/cong-khai/${row.slug}`)).status, 404);
  const audit = await t.db.selectFrom('audit_event').select('action').where('entity_id', '=', id).orderBy('at').execute();
  assert.deepEqual(audit.map((a) => a.action), ['disclosure.create', 'disclosure.withdraw']);
});
