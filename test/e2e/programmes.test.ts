// Browser journey (issue 3): the head of Hội LHPN adds a task without a deadline and submits it;
// approval is refused naming "rõ thời gian"; she adds the deadline; a Standing Committee member
// approves; the owner posts progress with a photo; the schedule cell changes; the XLSX export
// contains the task and LibreOffice converts it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, signIn, screenshotPath, type LaunchedBrowser } from '../support/browser.ts';
import { SOFFICE, leaveOutWithout } from '../support/tools.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

let t: TestApp;
let browser: LaunchedBrowser;
before(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await t?.close();
});

// The smallest valid PNG (1×1).
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const TITLE = 'Tổ chức tọa đàm "Phụ nữ với văn minh đô thị" tại các chi hội';

const login = (username: string, width = 1366): Promise<Page> => signIn(browser, t.base, username, DEMO_PASSWORD, width);

/** The text of this task's cell for a month in the schedule. */
async function cell(page: Page, month: number): Promise<{ text: string; cls: string }> {
  const row = page.locator('table.sched tr', { has: page.getByRole('link', { name: TITLE }) });
  const td = row.locator(`td[data-month="${month}"]`);
  return { text: (await td.innerText()).trim(), cls: (await td.getAttribute('class')) ?? '' };
}

test('six-clear task: refused naming "rõ thời gian", fixed, approved, progress with a photo, schedule and XLSX', async () => {
  // 1. The head of Hội LHPN adds a task to the association's 2017 programme, without a deadline.
  const head = await login('phunu');
  await head.getByRole('navigation', { name: 'Danh mục' }).getByRole('link', { name: 'Chương trình công tác' }).first().click();
  await head.goto('/app/programmes?year=2017');
  await head.getByRole('link', { name: 'Chương trình công tác năm 2017 của Hội Liên hiệp Phụ nữ phường' }).click();
  await head.getByRole('link', { name: 'Thêm nhiệm vụ' }).click();
  await head.getByLabel('Nội dung nhiệm vụ').fill(TITLE);
  await head.getByLabel('Mô tả, cách làm').fill('Mỗi chi hội tổ chức một buổi tọa đàm, có ảnh và biên bản.');
  await head.getByLabel('Người phụ trách', { exact: true }).selectOption({ label: 'Lê Thị Mai' });
  await head.getByLabel('Ngày bắt đầu').fill('01/03/2017');
  await head.getByLabel('Thời hạn hoàn thành').fill('');
  await head.getByLabel('Tháng 3/2017').fill('20');
  await head.getByLabel('Tháng 6/2017').fill('50');
  await head.getByLabel('Tháng 9/2017').fill('100');
  await head.getByLabel('Kết quả cần đạt').selectOption('indicator');
  await head.getByLabel('Chỉ tiêu', { exact: true }).fill('6');
  await head.getByLabel('Đơn vị tính').fill('chi hội');
  await head.getByRole('button', { name: 'Lưu', exact: true }).click();
  await head.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  const taskUrl = head.url().split('?', 1)[0] ?? '';
  await head.getByText('Còn thiếu: rõ thời gian').first().waitFor();

  // 2. She submits: refused, naming what is missing.
  await head.getByRole('button', { name: 'Trình duyệt' }).click();
  const alert = head.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Chưa thể trình hoặc phê duyệt: nhiệm vụ còn thiếu Thời hạn hoàn thành\./);
  await head.screenshot({ path: screenshotPath('programmes-1-refused-ro-thoi-gian'), fullPage: true });

  // 3. She adds the deadline and submits again.
  await head.getByRole('link', { name: 'Sửa nhiệm vụ' }).click();
  await head.getByLabel('Thời hạn hoàn thành').fill('30/09/2017');
  await head.getByRole('button', { name: 'Lưu', exact: true }).click();
  await head.getByText('Đủ sáu rõ').waitFor();
  await head.getByRole('button', { name: 'Trình duyệt' }).click();
  await head.getByText('Đã trình duyệt').first().waitFor();

  // 4. A Standing Committee member approves.
  const btv = await login('thuongvu');
  await btv.goto(taskUrl);
  await btv.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
  await btv.getByText('Đã phê duyệt', { exact: true }).first().waitFor();
  await btv.screenshot({ path: screenshotPath('programmes-2-approved'), fullPage: true });

  // The schedule before any progress: June is behind plan.
  const pnId = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  await btv.goto(`/app/schedule?year=2017&org=${pnId}`);
  const juneBefore = await cell(btv, 6);
  assert.equal(juneBefore.text, 'KH 50% · chậm');
  assert.match(juneBefore.cls, /c-behind/);

  // 5. The owner posts progress as of 30/06/2017 with a photo.
  const owner = await login('hoivien', 390);
  await owner.goto(taskUrl);
  await owner.getByLabel('Tiến độ đạt (%)').fill('60');
  await owner.getByLabel('Tính đến ngày').fill('30/06/2017');
  await owner.getByLabel('Ghi chú').fill('Đã tọa đàm ở 4/6 chi hội');
  const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-e2e-')), 'toa-dam.png');
  fs.writeFileSync(photo, PNG);
  await owner.getByLabel(/Minh chứng/).setInputFiles(photo);
  await owner.getByRole('button', { name: 'Lưu', exact: true }).click();
  await owner.getByText('Đã tọa đàm ở 4/6 chi hội').waitFor();
  assert.equal(await owner.locator('.history img.thumb').count(), 1);
  await owner.screenshot({ path: screenshotPath('programmes-3-progress-photo-mobile'), fullPage: true });

  // 6. The schedule cell changed: June now planned 50 %, reported 60 %.
  await btv.reload();
  const juneAfter = await cell(btv, 6);
  assert.equal(juneAfter.text, 'KH 50% · TH 60%');
  assert.match(juneAfter.cls, /c-ok/);
  await btv.screenshot({ path: screenshotPath('programmes-4-schedule'), fullPage: false });
  await btv.goto('/app/schedule?year=2017');
  await btv.screenshot({ path: screenshotPath('programmes-5-schedule-ward-wide'), fullPage: false });
  await btv.emulateMedia({ media: 'print' });
  await btv.setViewportSize({ width: 1123, height: 794 }); // A4 landscape at 96 dpi
  await btv.screenshot({ path: screenshotPath('programmes-6-schedule-print'), fullPage: false });
  await btv.emulateMedia({ media: 'screen' });
  await btv.goto('/app/programmes/dashboard?year=2017');
  await btv.screenshot({ path: screenshotPath('programmes-7-dashboard'), fullPage: true });

  // 7. The XLSX export contains the task; LibreOffice converts it without complaint.
  await btv.goto(`/app/schedule?year=2017&org=${pnId}`);
  const [download] = await Promise.all([btv.waitForEvent('download'), btv.getByRole('link', { name: 'Tải Excel (XLSX)' }).click()]);
  const file = path.join(path.dirname(photo), 'bieu-tien-do.xlsx');
  await download.saveAs(file);
  assert.ok(fs.statSync(file).size > 1000);
  // Left out on a developer's machine without LibreOffice only: in CI (or with ROVIEC_REQUIRE_TOOLS=1) it fails.
  const soffice = SOFFICE;
  if (leaveOutWithout(Boolean(soffice), 'soffice (LibreOffice) is not installed (apt-get install libreoffice-calc-nogui)')) return;
  const dir = path.dirname(file);
  execFileSync(soffice, [`-env:UserInstallation=file://${dir}/lo-profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, file], { timeout: 120_000, stdio: 'pipe' });
  const csv = fs.readFileSync(path.join(dir, 'bieu-tien-do.csv'), 'utf8');
  assert.ok(csv.includes(TITLE.replace(/"/g, '""')), 'the task is in the converted sheet');
  assert.match(csv, /KH 50% · TH 60%/);
  execFileSync(soffice, [`-env:UserInstallation=file://${dir}/lo-profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 120_000, stdio: 'pipe' });
  fs.copyFileSync(path.join(dir, 'bieu-tien-do.pdf'), screenshotPath('programmes-8-xlsx').replace(/\.png$/, '.pdf'));
});

// Every page the journeys above loaded, checked by axe as it loaded (test/support/browser.ts).
test('axe: no serious or critical violation on any page this file visited', async () => {
  assert.deepEqual(await browser.axeProblems(), []);
});
