// Browser journey (issue 9, "What must be shown"): the office records a working session through the
// form, adds ten attendees from the register and marks two excused with reasons, records three
// conclusions to be carried out (one led by Hội LHPN), confirms the meeting held, turns the
// conclusions into tasks and issues the conclusion notice's number. The head of Hội LHPN finds the
// draft task from the meeting page, completes its plan and submits it; the Standing Committee
// approves; she reports 100 %. The meeting page then shows 1/3 conclusions done, passes axe and fits
// a phone. Screenshots: test-output/meeting-page-1366.png, meeting-page-360.png (and more in
// test-output/screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { clickAndLoad, launchBrowser, signIn, overflowing, screenshotPath, seriousAxe, type LaunchedBrowser } from '../support/browser.ts';
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

const TITLE = 'Ban Thường vụ Đảng ủy làm việc với các đoàn thể về văn minh đô thị năm 2025';
const CONCLUSIONS = [
  { lead: 'Hội Liên hiệp Phụ nữ phường', due: '30/06/2025', content: 'Hội LHPN phường tổ chức tọa đàm "Phụ nữ với văn minh đô thị" tại 6 chi hội. Có ảnh và biên bản từng buổi.' },
  { lead: 'Đoàn Thanh niên Cộng sản Hồ Chí Minh phường', due: '30/09/2025', content: 'Đoàn Thanh niên ra quân làm sạch 10 tuyến phố, mỗi quý một lần.' },
  { lead: 'Ủy ban Mặt trận Tổ quốc Việt Nam phường', due: '31/12/2025', content: 'Ủy ban MTTQ phường tổng hợp ý kiến cử tri về trật tự đô thị, báo cáo Ban Thường vụ.' },
];
const OUTPUT = path.resolve(import.meta.dirname, '..', '..', 'test-output');

const login = (username: string, width = 1366): Promise<Page> => signIn(browser, t.base, username, DEMO_PASSWORD, width);

/** The text of the page's main region, spaces folded. */
async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

test('meeting: recorded, attended, concluded, held, turned into tasks, notice numbered; one task done by Hội LHPN shows 1/3', async () => {
  // 1. The office records the meeting through the form.
  const office = await login('vanphong');
  await office.goto('/app/meetings');
  await office.getByRole('link', { name: 'Ghi nhận cuộc họp' }).click();
  await office.getByLabel('Loại cuộc họp').selectOption({ label: 'Buổi làm việc' });
  await office.getByLabel('Tên cuộc họp').fill(TITLE);
  await office.getByRole('textbox', { name: /^Ngày họp/ }).fill('05/03/2025');
  await office.getByLabel('Giờ bắt đầu').fill('14:00');
  await office.getByLabel('Giờ kết thúc').fill('16:30');
  await office.getByLabel('Địa điểm').fill('Hội trường Đảng ủy phường');
  await office.getByLabel('Cơ quan chủ trì').selectOption({ label: 'Ban Thường vụ Đảng ủy' });
  await office.getByLabel('Chủ trì', { exact: true }).selectOption({ label: 'Dương Ngọc Dũng' });
  for (const org of ['Hội Liên hiệp Phụ nữ phường', 'Đoàn Thanh niên Cộng sản Hồ Chí Minh phường', 'Ủy ban Mặt trận Tổ quốc Việt Nam phường']) {
    await office.getByRole('checkbox', { name: org, exact: true }).check();
  }
  await office.getByRole('button', { name: 'Lưu' }).click();
  await office.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  const meetingUrl = office.url().split(/[?#]/, 1)[0] ?? '';
  assert.match(meetingUrl, /\/app\/meetings\/[0-9a-f-]{36}$/);
  assert.match(await mainText(office), /Hội Liên hiệp Phụ nữ phường/);
  // The host's previous meeting (the demo's of 10/02/2017) left conclusions undone: carried onto the
  // agenda, each title cut between words; their move and remove buttons sit side by side.
  const carried = await office.locator('ol.agenda > li').allInnerTexts();
  assert.ok(carried.length > 0 && carried.every((x) => /^Kiểm điểm kết luận số \d+ /.test(x)), carried.join('\n'));
  for (const x of carried) assert.match(x.replace(/\s+/g, ' '), /(…|\.|\)) Chuyển từ cuộc họp trước/);
  const buttons = office.locator('ol.agenda > li').last().locator('.row-actions button');
  const tops = await buttons.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  assert.ok(tops.length >= 2 && tops.every((y) => y === tops[0]), `buttons in a row: ${tops.join(', ')}`);

  // Ten attendees from the register, present.
  const attendeeForm = office.locator('form[action$="/attendees"]');
  const people = (await attendeeForm.getByLabel('Người trong danh sách cán bộ').locator('option').allTextContents()).filter((n) => n && !n.startsWith('—'));
  assert.ok(people.length >= 10, `at least ten people in the register (${people.length})`);
  const ten = people.slice(0, 10);
  for (const name of ten) {
    const summary = office.getByText('Thêm: thành phần tham dự');
    if (!(await attendeeForm.isVisible())) await summary.click();
    await attendeeForm.getByLabel('Người trong danh sách cán bộ').selectOption({ label: name });
    await attendeeForm.getByLabel('Trạng thái').selectOption({ label: 'Có mặt' });
    await attendeeForm.getByRole('button', { name: 'Thêm' }).click();
    await office.getByRole('cell', { name: name, exact: true }).first().waitFor();
  }
  // Two of them excused, with reasons (the per-row status form).
  const excused = [
    { name: ten[3] as string, reason: 'Đi công tác' },
    { name: ten[7] as string, reason: 'Ốm' },
  ];
  for (const x of excused) {
    const form = office.locator('form', { has: office.getByLabel(`Trạng thái — ${x.name}`) });
    await form.getByLabel(`Trạng thái — ${x.name}`).selectOption({ label: 'Vắng có lý do' });
    await form.getByLabel(`Lý do — ${x.name}`).fill(x.reason);
    await clickAndLoad(office, form.getByRole('button', { name: 'Cập nhật' }));
    assert.equal(await office.getByLabel(`Trạng thái — ${x.name}`).inputValue(), 'excused');
  }
  assert.match(await mainText(office), /Có mặt 8\/10 đồng chí; vắng 2 đồng chí/);
  assert.match(await mainText(office), new RegExp(`${excused[0]?.name}: Đi công tác`));

  // Three conclusions to be carried out, each with a lead body and a deadline.
  const conclusionForm = office.locator('form[action$="/conclusions"]');
  for (const [i, c] of CONCLUSIONS.entries()) {
    if (!(await conclusionForm.isVisible())) await office.getByText('Thêm: kết luận').click();
    await conclusionForm.getByLabel('Loại kết luận').selectOption({ label: 'Nhiệm vụ' });
    await conclusionForm.getByLabel('Nội dung kết luận').fill(c.content);
    await conclusionForm.getByLabel('Cơ quan chủ trì').selectOption({ label: c.lead });
    await conclusionForm.getByLabel('Thời hạn').fill(c.due);
    await conclusionForm.getByRole('button', { name: 'Thêm' }).click();
    await office.locator('ol.conclusions > li').nth(i).waitFor();
  }
  assert.equal(await office.locator('ol.conclusions > li').count(), 3);
  assert.match(await mainText(office), /0\/3 kết luận giao nhiệm vụ đã hoàn thành/);

  // Held, then turned into tasks.
  await office.getByRole('button', { name: 'Xác nhận đã họp' }).click();
  // (the actual end time left blank: the planned end stands)
  await office.getByRole('button', { name: 'Giao thành nhiệm vụ' }).click();
  await office.locator('ul.tasks a').first().waitFor();
  assert.equal(await office.locator('ol.conclusions ul.tasks a').count(), 3);
  assert.equal(await office.getByRole('button', { name: 'Giao thành nhiệm vụ' }).count(), 0);

  // The conclusion notice gets its number.
  const noticeRow = office.getByRole('row', { name: /Thông báo kết luận/ });
  assert.match(await noticeRow.innerText(), /Chưa cấp số/);
  await noticeRow.getByRole('button', { name: 'Cấp số' }).click();
  await office.waitForURL(/#doc-h$/);
  const noticeText = await office.getByRole('row', { name: /Thông báo kết luận/ }).innerText();
  assert.match(noticeText, /Số \d+-TB\/\S+/, noticeText);
  const number = /Số (\d+-TB\/\S+)/.exec(noticeText)?.[1] ?? '';
  assert.match(await mainText(office), /Có mặt 8\/10 đồng chí; vắng 2 đồng chí/);
  await office.screenshot({ path: screenshotPath('meetings-1-office-recorded'), fullPage: true });

  // 2. The head of Hội LHPN finds the draft task from the meeting (her organization was invited).
  const head = await login('phunu');
  await head.goto('/app/meetings');
  await head.getByRole('link', { name: TITLE }).click();
  await head.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  assert.equal(await head.locator('form[action$="/conclusions"]').count(), 0, 'no office forms for her');
  await head.locator('ol.conclusions > li').first().getByRole('link', { name: 'Hội LHPN' }).click();
  await head.getByRole('heading', { level: 1, name: /Hội LHPN phường tổ chức tọa đàm/ }).waitFor();
  const taskUrl = head.url().split(/[?#]/, 1)[0] ?? '';
  assert.match(await mainText(head), /Dự thảo/);
  assert.match(await mainText(head), /Kết luận số 1/);
  // The task sits in the association's 2025 programme.
  await head.getByRole('link', { name: 'Chương trình công tác năm 2025' }).click();
  await head.getByRole('link', { name: /Hội LHPN phường tổ chức tọa đàm/ }).first().click();
  await head.waitForURL(taskUrl);

  // She completes the plan (owner, milestones, result) and submits.
  await head.getByRole('link', { name: 'Sửa nhiệm vụ' }).click();
  await head.getByLabel('Người phụ trách', { exact: true }).selectOption({ label: 'Lê Thị Mai' });
  await head.getByLabel('Tháng 4/2025').fill('50');
  await head.getByLabel('Tháng 6/2025').fill('100');
  await head.getByLabel('Kết quả cần đạt').selectOption('deliverable');
  await head.getByLabel('Sản phẩm').fill('Biên bản và ảnh 6 buổi tọa đàm');
  await head.getByRole('button', { name: 'Lưu', exact: true }).click();
  await head.getByText('Đủ sáu rõ').waitFor();
  assert.match(await mainText(head), /Kết luận số 1/, 'the task still says which conclusion it carries out');
  await head.getByRole('button', { name: 'Trình duyệt' }).click();
  await head.getByText('Đã trình duyệt').first().waitFor();

  // The Standing Committee approves.
  const btv = await login('thuongvu');
  await btv.goto(taskUrl);
  await btv.getByRole('button', { name: 'Phê duyệt', exact: true }).click();
  await btv.getByText('Đã phê duyệt', { exact: true }).first().waitFor();

  // She reports it done.
  await head.reload();
  await head.getByLabel('Tiến độ đạt (%)').fill('100');
  await head.getByLabel('Tính đến ngày').fill('25/06/2025');
  await head.getByLabel('Ghi chú').fill('Đã tọa đàm ở cả 6 chi hội');
  await head.getByRole('button', { name: 'Lưu' }).click();
  await head.getByText('Đã tọa đàm ở cả 6 chi hội').waitFor();
  assert.match(await head.locator('.status-line').innerText(), /Hoàn thành/);
  await head.screenshot({ path: screenshotPath('meetings-2-task-done'), fullPage: true });

  // 3. Back on the meeting page: one of three done, its badge, the number still there.
  await head.goto(meetingUrl);
  assert.match(await mainText(head), /1\/3 kết luận giao nhiệm vụ đã hoàn thành/);
  const first = head.locator('ol.conclusions > li').first();
  assert.match(await first.locator('.badge').innerText(), /Đã hoàn thành/);
  assert.match(await first.innerText(), /Hội LHPN: Hoàn thành/);
  assert.doesNotMatch(await head.locator('ol.conclusions > li').nth(1).locator('.badge').innerText(), /Đã hoàn thành/);
  assert.match(await mainText(head), new RegExp(`Số ${number.replace(/[/.]/g, '\\$&')}`));

  // 4. The office's view of the page: axe and layout at 1366 px and 360 px.
  fs.mkdirSync(OUTPUT, { recursive: true });
  const problems: string[] = [];
  for (const width of [1366, 360]) {
    const page = width === 1366 ? office : await login('vanphong', width);
    await page.goto(meetingUrl);
    assert.match(await mainText(page), /1\/3 kết luận giao nhiệm vụ đã hoàn thành/);
    await page.screenshot({ path: path.join(OUTPUT, `meeting-page-${width}.png`), fullPage: true });
    for (const v of await seriousAxe(page)) problems.push(`${width}: ${v}`);
    if (width === 360) for (const o of await overflowing(page)) problems.push(`${width}: overflows: ${o}`);
  }
  await head.setViewportSize({ width: 360, height: 800 });
  await head.screenshot({ path: screenshotPath('meetings-3-head-360'), fullPage: true });
  for (const v of await seriousAxe(head)) problems.push(`head 360: ${v}`);
  for (const o of await overflowing(head)) problems.push(`head 360: overflows: ${o}`);
  assert.deepEqual(problems, []);
});

// Every page the journeys above loaded, checked by axe as it loaded (test/support/browser.ts).
test('axe: no serious or critical violation on any page this file visited', async () => {
  assert.deepEqual(await browser.axeProblems(), []);
});
