// Browser journey (issue 2): the office clerk logs in, adds a person holding two posts at once,
// finds her again without typing diacritics, and sees the audit row of that change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, screenshotPath, type LaunchedBrowser } from '../support/browser.ts';
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

test('office: add a person with two concurrent posts, find her without diacritics, see the audit row', async () => {
  const page = await browser.newPage({ baseURL: t.base });
  await page.goto('/app');
  assert.match(page.url(), /\/login\?next=/);
  await page.getByLabel('Tên đăng nhập').fill('vanphong');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/app$/);
  await page.getByRole('navigation').getByRole('link', { name: 'Cán bộ, hội viên' }).click();
  await page.getByRole('link', { name: 'Thêm người' }).click();

  // An empty submit keeps us on the form with a Vietnamese message.
  await page.getByLabel('Họ và tên').fill('   ');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Thông tin chưa hợp lệ').first().waitFor();

  await page.getByLabel('Họ và tên').fill('Nguyễn Thị Thuỷ Tiên');
  await page.getByLabel('Giới tính').selectOption('nu');
  await page.getByLabel('Ngày sinh').fill('08/03/1985');
  await page.getByLabel('Điện thoại').fill('0912 345 678');
  // A double click sends the form once: the page's script drops a second submit of a form already
  // on its way (seen by a listener after it; the listener keeps the page from leaving).
  const sent = await page.evaluate(() => {
    const seen: boolean[] = [];
    const spying = new AbortController();
    document.addEventListener(
      'submit',
      (e) => {
        seen.push(e.defaultPrevented);
        e.preventDefault();
      },
      { signal: spying.signal },
    );
    const form = document.querySelector('main form[method="post"]') as HTMLFormElement;
    form.requestSubmit();
    form.requestSubmit();
    spying.abort();
    delete form.dataset.sentAt;
    return seen;
  });
  assert.deepEqual(sent, [false, true], 'the first submit goes, the second is dropped');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nguyễn Thị Thuỷ Tiên' }).waitFor();

  for (const [org, title, start] of [
    ['Hội Liên hiệp Phụ nữ phường', 'Phó Chủ tịch Hội LHPN phường', '01/01/2017'],
    ['Ủy ban Mặt trận Tổ quốc Việt Nam phường', 'Ủy viên Ủy ban MTTQ phường', '15/01/2017'],
  ] as const) {
    await page.getByRole('link', { name: 'Thêm chức vụ' }).click();
    await page.getByLabel('Tổ chức').selectOption({ label: org });
    await page.getByLabel('Chức danh').fill(title);
    await page.getByLabel('Từ ngày').fill(start);
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nguyễn Thị Thuỷ Tiên' }).waitFor();
  }

  // Diacritic-free, tone-placement-free search.
  await page.goto('/app/people');
  await page.getByLabel('Tìm kiếm').fill('nguyen thi thuy tien');
  await page.getByRole('button', { name: 'Lọc' }).click();
  const row = page.getByRole('row', { name: /Nguyễn Thị Thuỷ Tiên/ });
  await row.waitFor();
  const rowText = await row.innerText();
  assert.match(rowText, /Phó Chủ tịch Hội LHPN phường, Ủy viên Ủy ban MTTQ phường/);
  await page.screenshot({ path: screenshotPath('foundation-1-search'), fullPage: true });

  // Her history in the audit log.
  await row.getByRole('link', { name: 'Nguyễn Thị Thuỷ Tiên' }).click();
  await page.locator('main').getByRole('link', { name: 'Nhật ký thay đổi' }).click();
  await page.waitForURL(/\/app\/audit\?entity=/);
  const audit = await page.locator('main').innerText();
  assert.match(audit, /Nguyễn Thu Trang/); // the actor: the office clerk
  assert.match(audit, /Nguyễn Thị Thuỷ Tiên/);
  // Her two posts belong to her history too.
  assert.equal((audit.match(/Phó Chủ tịch Hội LHPN phường|Ủy viên Ủy ban MTTQ phường/g) ?? []).length, 2);
  await page.screenshot({ path: screenshotPath('foundation-2-audit'), fullPage: true });

  // At 360 px the list still reads without sideways scrolling.
  const phone = await browser.newPage({ baseURL: t.base, width: 360, height: 740 });
  await phone.context().addCookies((await page.context().cookies()).map((c) => ({ ...c })));
  await phone.goto('/app/people?q=thuy+tien');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `page overflows by ${overflow}px at 360px`);
  await phone.screenshot({ path: screenshotPath('foundation-3-phone'), fullPage: true });
});

// Every page the journeys above loaded, checked by axe as it loaded (test/support/browser.ts).
test('axe: no serious or critical violation on any page this file visited', async () => {
  assert.deepEqual(await browser.axeProblems(), []);
});
