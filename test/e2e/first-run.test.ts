// Browser journey (issue 13, "What must be shown"): a real ward from an empty database. The setup
// page (guarded by the code the server logs) makes Thành phố Hà Nội, Phường Hòa Bình in the 2025
// shape, three residential groups and the first administrator; the administrator signs in, creates
// the ward's organizations from template 2025, imports 300 people from an XLSX whose two bad rows
// the preview names, fixes them and imports again, then invites one of the people as head of Hội
// LHPN; she activates her account from the link, signs in and sees her organization.
// Screenshots: test-output/screenshots/first-run-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, overflowing, screenshotPath, type LaunchedBrowser } from '../support/browser.ts';
import { ensureSetupCode } from '../../src/features/setup/service.ts';
import { COLUMNS } from '../../src/features/people/import-parse.ts';

let t: TestApp;
let browser: LaunchedBrowser;
let dir: string;
before(async () => {
  t = await startTestApp({ demo: false });
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-first-run-'));
});
after(async () => {
  await browser?.close();
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const ADMIN = { username: 'quantri.hoabinh', password: 'Hoa-Binh-2025-quan-tri' };
const HEAD = { username: 'tran.thi.thu.ha', password: 'Thu-Ha-Hoi-LHPN-2025' };
const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
const shot = async (page: Page, name: string) => {
  await page.screenshot({ path: screenshotPath(`first-run-${name}`), fullPage: true });
  assert.deepEqual(await overflowing(page), [], `${name}: nothing wider than the screen`);
};

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quang'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hà', 'Khánh', 'Lan', 'Mạnh', 'Ngọc'];

/**
 * 300 people of Phường Hòa Bình: the first is Trần Thị Thu Hà, Chủ tịch Hội LHPN; the next eleven
 * hold a post in Hội LHPN too; every other person is a member of Hội LHPN or Đoàn TN. With `bad`,
 * row 7 has 31/02/1980 as its birth date and row 42 names an organization the ward does not have.
 */
function peopleRows(bad: boolean): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < 300; i++) {
    const name = i === 0 ? 'Trần Thị Thu Hà' : `${FAMILY[i % 10]} ${MIDDLE[Math.floor(i / 10) % 6]} ${GIVEN[Math.floor(i / 30) % 10]}`;
    const day = new Date(Date.UTC(1960, 0, 1) + i * 41 * 86_400_000);
    const birth = `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;
    const post = i === 0 ? 'Chủ tịch' : i < 12 ? 'Ủy viên Ban Chấp hành' : '';
    const member = i % 2 === 0 ? (i % 4 ? 'Đoàn TN' : 'Hội LHPN') : '';
    rows.push([String(i + 1), name, i === 0 || i % 3 === 0 ? 'Nữ' : 'Nam', birth, `09${String(10_000_000 + i)}`, i === 0 ? 'thuha.hoabinh@example.vn' : '', `Tổ dân phố số ${(i % 3) + 1}`, post, post ? 'Hội LHPN' : '', post ? '01/07/2025' : '', member, member ? '15/03/2020' : '', '']);
  }
  if (bad) {
    (rows[5] as string[])[3] = '31/02/1980';
    (rows[40] as string[])[10] = 'Hội Không Có';
  }
  return rows;
}

async function writeXlsx(name: string, rows: string[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(COLUMNS.map((c) => c.header));
  for (const r of rows) ws.addRow(r);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${t.base}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').first().click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function upload(page: Page, file: string): Promise<void> {
  await page.locator('input[name=file]').setInputFiles(file);
  await page.getByRole('button', { name: /Tải lên và xem trước|Tải tệp đã sửa|Tải tệp khác/ }).click();
  await page.waitForURL(/\/app\/people\/import\/[0-9a-f-]{36}/);
}

test('a real ward from an empty database: setup, organizations from the template, 300 people from Excel, an invited account signs in', async () => {
  // 1. The empty database points to the setup page; the code comes from the server log (the same service).
  const page = await browser.newPage({ width: 1366, height: 900 });
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${t.base}/login`);
  assert.match(await mainText(page), /chưa được thiết lập/);
  const code = await ensureSetupCode(t.db);
  assert.ok(code, 'a setup code is made for an empty database');
  await page.goto(`${t.base}/setup`);
  await page.locator('input[name=setup_code]').fill(code);
  await page.locator('input[name=shape][value="2025"]').check();
  await page.locator('select[name=province_kind]').selectOption('thanh_pho');
  await page.locator('input[name=province_name]').fill('Thành phố Hà Nội');
  await page.locator('input[name=province_code]').fill('01');
  await page.locator('select[name=ward_kind]').selectOption('phuong');
  await page.locator('input[name=ward_name]').fill('Phường Hòa Bình');
  await page.locator('input[name=ward_code]').fill('00091');
  await page.locator('select[name=groups_kind]').selectOption('to_dan_pho');
  await page.locator('textarea[name=groups]').fill('Tổ dân phố số 1\nTổ dân phố số 2\nTổ dân phố số 3\n');
  await page.locator('input[name=admin_username]').fill(ADMIN.username);
  await page.locator('input[name=admin_name]').fill('Quản trị Phường Hòa Bình');
  await page.locator('input[name=admin_password]').fill(ADMIN.password);
  await page.locator('input[name=admin_password_confirm]').fill(ADMIN.password);
  await shot(page, 'setup');
  await page.getByRole('button', { name: 'Thiết lập', exact: true }).click();
  await page.waitForURL(/\/login/);
  assert.match(await mainText(page), /Đã thiết lập Phường Hòa Bình/);
  await page.goto(`${t.base}/setup`);
  assert.match(await mainText(page), /đã được thiết lập/);

  // 2. The administrator signs in and makes the organizations from template 2025.
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto(`${t.base}/app/orgs`);
  await page.getByRole('link', { name: 'Tạo tổ chức theo mẫu' }).click();
  await page.locator('select[name=template]').selectOption('2025');
  await page.locator('input[name=valid_from]').fill('01/07/2025');
  assert.match(await mainText(page), /Chi hội PN TDP 3|Chi hội Phụ nữ Tổ dân phố số 3/);
  await shot(page, 'template-preview');
  await page.getByRole('button', { name: 'Tạo các tổ chức' }).click();
  await page.waitForURL(/\/app\/orgs\?/);
  assert.match(await mainText(page), /Đã tạo \d+ tổ chức theo mẫu 2025/);
  assert.match(await mainText(page), /Hội Liên hiệp Phụ nữ phường Hòa Bình/);

  // 3. 300 people from Excel: the preview names the two bad rows and writes nothing; fixed, all are written.
  await page.goto(`${t.base}/app/people/import`);
  await upload(page, await writeXlsx('nhan-su-loi.xlsx', peopleRows(true)));
  const preview = await mainText(page);
  assert.match(preview, /Dòng 7, Ngày sinh[^:]*: 31\/02\/1980/);
  assert.match(preview, /Dòng 42/);
  assert.match(preview, /Hội Không Có/);
  assert.equal(await page.getByRole('button', { name: 'Ghi vào hệ thống' }).count(), 0, 'no commit while rows are bad');
  await shot(page, 'import-errors');
  const mobile = await browser.newPage({ width: 360, height: 800 });
  await mobile.context().addCookies(await page.context().cookies());
  await mobile.goto(page.url());
  await mobile.screenshot({ path: screenshotPath('first-run-import-errors-360'), fullPage: false });
  assert.deepEqual(await overflowing(mobile), [], 'the preview fits a phone');
  await upload(page, await writeXlsx('nhan-su.xlsx', peopleRows(false)));
  await page.getByRole('button', { name: 'Ghi vào hệ thống' }).click();
  await page.waitForURL(/\/app\/people\?/);
  assert.match(await mainText(page), /Đã nhập 300 người, 12 chức vụ, 150 hội viên/);
  await shot(page, 'people');

  // 4. Trần Thị Thu Hà is invited as head of Hội LHPN; she activates the link and signs in.
  await page.goto(`${t.base}/app/people?q=${encodeURIComponent('Trần Thị Thu Hà')}`);
  await page.getByRole('link', { name: 'Trần Thị Thu Hà' }).first().click();
  await page.getByRole('link', { name: 'Tạo tài khoản' }).click();
  await page.locator('input[name=username]').fill(HEAD.username);
  await page.locator('select[name=role]').selectOption('org_head');
  const lhpn = await page.locator('select[name=org_id] option', { hasText: /^Hội LHPN|^Hội Liên hiệp Phụ nữ phường/ }).first().getAttribute('value');
  await page.locator('select[name=org_id]').selectOption(lhpn ?? '');
  await page.getByRole('button', { name: 'Tạo tài khoản và liên kết kích hoạt' }).click();
  const link = (await page.locator('#invite-url').inputValue()).trim();
  assert.match(link, /\/activate\/\S+$/);
  assert.ok(link, 'the activation link is shown once');
  await shot(page, 'invite-link');

  const her = await browser.newPage({ width: 360, height: 800 });
  await her.goto(link.replace(/^https?:\/\/[^/]+/, t.base));
  assert.match(await mainText(her), /Trần Thị Thu Hà/);
  await her.locator('input[name=password]').fill(HEAD.password);
  await her.locator('input[name=password_confirm]').fill(HEAD.password);
  await her.screenshot({ path: screenshotPath('first-run-activate-360'), fullPage: true });
  await her.locator('form button[type=submit]').first().click();
  await her.waitForURL(/\/login/);
  assert.match(await mainText(her), /kích hoạt/);
  await signIn(her, HEAD.username, HEAD.password);
  await her.goto(`${t.base}/app/orgs`);
  assert.match(await mainText(her), /Hội Liên hiệp Phụ nữ phường Hòa Bình/);
  await shot(her, 'head-home');
  // The link is spent.
  const again = await browser.newPage({ width: 1366 });
  const res = await again.goto(link.replace(/^https?:\/\/[^/]+/, t.base));
  assert.equal(res?.status(), 410);

  assert.deepEqual(await browser.axeProblems(), []);
});
