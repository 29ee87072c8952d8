// Browser journey (issue 10, "What must be shown"): the office requests the 2025 annual reviews of
// three organizations through the form. The head of Hội LHPN opens hers pre-filled, types a wrong
// figure (refused on its field), fixes it and sends it on time; the office returns it with a comment
// and she sends it again; the office enters Đoàn TN's paper report on time; the due date passes (the
// test moves the request's due date to yesterday: the clock cannot move under a browser) and the
// office enters Hội CCB's, marked late. The office accepts all three; the board shows the states and
// the rates (100 % received, 66,7 % on time); the roll-up sums their indicators; the office numbers the
// roll-up and the Word file, converted by LibreOffice, carries the Party header and the number.
// Screenshots: test-output/screenshots/reports-*.png and test-output/report-journey-rollup-1.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { clickAndLoad, launchBrowser, signIn, overflowing, screenshotPath, seriousAxe, type LaunchedBrowser } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { runMaintenance } from '../../src/platform/command.ts';
import { addDays, formatDate, todayInVietnam } from '../../src/lib/vi/index.ts';
import { docxToPdf } from '../../src/export/pdf.ts';
import { PDF_AVAILABLE, leaveOutWithout } from '../support/tools.ts';

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

const OUTPUT = path.resolve(import.meta.dirname, '..', '..', 'test-output');
const ORGS = { lhpn: 'Hội Liên hiệp Phụ nữ phường', doan: 'Đoàn Thanh niên Cộng sản Hồ Chí Minh phường', ccb: 'Hội Cựu chiến binh phường' };

const login = (username: string, width = 1366): Promise<Page> => signIn(browser, t.base, username, DEMO_PASSWORD, width);

const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

/** Fills a report's results section and the propaganda indicator, then presses `button`. */
async function writeReport(page: Page, results: string, sessions: string, button: RegExp): Promise<void> {
  await page.getByLabel('Kết quả đạt được', { exact: true }).fill(results);
  await page.getByLabel(/Số buổi tuyên truyền/).fill(sessions);
  await clickAndLoad(page, page.getByRole('button', { name: button }));
}

/** The report of `org` in the request at `requestUrl`, opened from the board. */
async function openFromBoard(page: Page, requestUrl: string, org: string): Promise<void> {
  await page.goto(requestUrl);
  await page.getByRole('row').filter({ hasText: org }).getByRole('link').first().click();
  await page.waitForURL(/\/app\/reports\/submissions\//);
}

test('reports: requested from three organizations, on time, returned and resent, late; board, roll-up sums, numbered Word file', async () => {
  const due = formatDate(addDays(todayInVietnam(), 10));
  // 1. The office requests the 2025 annual reviews.
  const office = await login('vanphong');
  await office.goto('/app/reports');
  await office.getByRole('link', { name: 'Yêu cầu báo cáo' }).first().click();
  await office.locator('#pick-form').selectOption({ label: 'Báo cáo tổng kết năm' });
  await office.locator('#pick-year').fill('2025');
  await office.getByRole('button', { name: 'Xem các kỳ' }).click();
  await office.getByLabel(/^Kỳ báo cáo/).selectOption('2025');
  await office.getByRole('textbox', { name: /^Hạn nộp/ }).fill(due);
  for (const org of Object.values(ORGS)) await office.getByRole('checkbox', { name: org, exact: true }).check();
  await office.getByRole('button', { name: 'Yêu cầu báo cáo' }).click();
  await office.waitForURL(/\/app\/reports\/[0-9a-f-]{36}$/);
  const requestUrl = office.url();
  assert.match(await mainText(office), /Báo cáo tổng kết năm 2025/);
  assert.match(await mainText(office), /0\/3 đã nộp|Chưa nộp/);

  // 2. The head of Hội LHPN: pre-filled, a wrong figure refused on its field, then sent on time.
  const head = await login('phunu');
  await head.goto('/app/reports');
  await head.getByRole('row').filter({ hasText: 'Báo cáo tổng kết năm 2025' }).getByRole('link', { name: 'Soạn báo cáo' }).click();
  await head.waitForURL(/\/app\/reports\/submissions\//);
  const headUrl = head.url();
  assert.match(await mainText(head), /Số liệu từ hệ thống trong kỳ/);
  await writeReport(head, 'Tổ chức 12 buổi tuyên truyền nghị quyết; 6 chi hội ra quân vệ sinh môi trường.', 'mười hai', /^Lưu nháp$/);
  assert.match(await mainText(head), /Cần một số nguyên/);
  assert.equal(await head.getByLabel(/Số buổi tuyên truyền/).getAttribute('aria-invalid'), 'true');
  await writeReport(head, 'Tổ chức 12 buổi tuyên truyền nghị quyết; 6 chi hội ra quân vệ sinh môi trường.', '12', /^Gửi báo cáo$/);
  assert.match(await mainText(head), /Đã nộp/);
  await head.screenshot({ path: screenshotPath('reports-journey-1-head-sent'), fullPage: true });

  // 3. The office returns it with a comment; she adds what was asked and sends it again.
  await office.goto(headUrl);
  await office.getByLabel(/Ý kiến khi trả lại/).fill('Bổ sung tỷ lệ hộ gia đình văn hóa.');
  await clickAndLoad(office, office.getByRole('button', { name: 'Trả lại để bổ sung' }));
  await head.goto(headUrl);
  assert.match(await mainText(head), /Bổ sung tỷ lệ hộ gia đình văn hóa\./);
  await head.getByLabel(/Tỷ lệ hộ đạt danh hiệu/).fill('92,5');
  await writeReport(head, 'Tổ chức 12 buổi tuyên truyền nghị quyết; 6 chi hội ra quân; 92,5 % hộ đạt gia đình văn hóa.', '12', /^Gửi lại báo cáo$/);
  assert.match(await mainText(head), /Đã nộp/);

  // 4. The office enters Đoàn TN's paper report, on time.
  await openFromBoard(office, requestUrl, ORGS.doan);
  await writeReport(office, 'Ra quân tình nguyện hè; 5 buổi tuyên truyền cho đoàn viên.', '5', /^Gửi báo cáo$/);

  // 5. The due date passes; Hội CCB's report comes in late and is accepted all the same.
  const rq = /([0-9a-f-]{36})$/.exec(requestUrl)?.[1] as string;
  await runMaintenance(t.db, 'test.clock', (m) => m.updateTable('report_request').set({ due_on: addDays(todayInVietnam(), -1) }).where('id', '=', rq).execute());
  await openFromBoard(office, requestUrl, ORGS.ccb);
  await writeReport(office, 'Tuyên truyền truyền thống cho hội viên; 3 buổi nói chuyện chuyên đề.', '3', /^Gửi báo cáo$/);
  assert.match(await mainText(office), /trễ hạn/i);

  // 6. The office accepts the three.
  for (const org of Object.values(ORGS)) {
    await openFromBoard(office, requestUrl, org);
    await clickAndLoad(office, office.getByRole('button', { name: 'Duyệt báo cáo' }));
    assert.match(await mainText(office), /Đã duyệt/);
  }

  // 7. The board: three accepted, one late; 3 of 3 received, 2 on time.
  await office.goto(requestUrl);
  const board = await mainText(office);
  assert.match(board, /3\/3 đã nộp|Đã nhận:? ?3/);
  assert.match(board, /Tỷ lệ nộp 100%/);
  assert.match(board, /Tỷ lệ đúng hạn 66,7%/);
  assert.equal(await office.getByRole('row').filter({ hasText: ORGS.ccb }).filter({ hasText: /trễ hạn/i }).count(), 1);
  assert.equal(await office.getByRole('row').filter({ hasText: ORGS.lhpn }).filter({ hasText: /trễ hạn/i }).count(), 0);
  await office.screenshot({ path: screenshotPath('reports-journey-2-board'), fullPage: true });

  // 8. The roll-up sums the indicators: 12 + 5 + 3 propaganda sessions.
  await office.goto(`${requestUrl}/rollup`);
  const row = office.getByRole('row').filter({ hasText: /Số buổi tuyên truyền/ }).first();
  const cells = (await row.locator('td').allInnerTexts()).map((x) => x.trim());
  assert.equal(cells[cells.length - 1], '20', cells.join(' | '));
  await office.getByRole('button', { name: 'Cấp số báo cáo tổng hợp' }).click();
  await office.waitForURL(/\/rollup/);
  const numbered = (await mainText(office)).match(/Báo cáo tổng hợp số (\S+),/)?.[1];
  assert.ok(numbered && /^\d+-BC\/ĐU$/.test(numbered), `number: ${numbered}`);
  await office.screenshot({ path: screenshotPath('reports-journey-3-rollup'), fullPage: true });

  // 9. Axe and a phone's width on the board and the head's report.
  const problems: string[] = [];
  for (const [page, url] of [[office, requestUrl], [head, headUrl]] as const) {
    await page.goto(url);
    for (const v of await seriousAxe(page)) problems.push(`${url}: ${v}`);
    await page.setViewportSize({ width: 360, height: 800 });
    for (const o of await overflowing(page)) problems.push(`${url} at 360: overflows: ${o}`);
  }
  assert.deepEqual(problems, []);

  // 10. The Word file of the roll-up, opened by a real reader: header, number, date line, sections, the total.
  const docx = await office.request.get(`${requestUrl}/rollup.docx`);
  assert.equal(docx.status(), 200);
  assert.match(docx.headers()['content-type'] ?? '', /officedocument\.wordprocessingml/);
  if (leaveOutWithout(PDF_AVAILABLE, 'LibreOffice (soffice) is not installed: the PDF of the roll-up is not read')) return;
  const pdf = await docxToPdf(Buffer.from(await docx.body()));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roviec-journey-'));
  const file = path.join(dir, 'rollup.pdf');
  fs.writeFileSync(file, pdf);
  fs.mkdirSync(OUTPUT, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', file, path.join(OUTPUT, 'report-journey-rollup')]);
  const text = execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8').replace(/\s+/g, ' ');
  fs.rmSync(dir, { recursive: true, force: true });
  assert.match(text, /ĐẢNG ỦY PHƯỜNG ĐỒNG TÂM/);
  assert.match(text, new RegExp(`Số ${numbered.replace(/[/]/g, '\\/')}`));
  assert.match(text, /Đồng Tâm, ngày \d{1,2} tháng \d{1,2} năm \d{4}/);
  assert.match(text, /BÁO CÁO/);
  assert.match(text, /Báo cáo tổng kết năm 2025/i);
  assert.match(text, /KẾT QUẢ ĐẠT ĐƯỢC/);
  assert.match(text, /\b20\b/);
});

// Every page the journeys above loaded, checked by axe as it loaded (test/support/browser.ts).
test('axe: no serious or critical violation on any page this file visited', async () => {
  assert.deepEqual(await browser.axeProblems(), []);
});
