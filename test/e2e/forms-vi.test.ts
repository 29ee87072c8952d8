// Browser journey (issue 11 item 8, D58): the file picker reads in Vietnamese and shows the chosen
// name; a form with an empty required field is sent (novalidate: no English bubble from the browser)
// and refused by the server in Vietnamese. At 1366 and 360 px; screenshots in /tmp/shots-vi2/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startTestApp, type TestApp } from '../support/app.ts';
import { clickAndLoad, launchBrowser, overflowing, seriousAxe, signIn, type LaunchedBrowser } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

const SHOTS = '/tmp/shots-vi2';
let t: TestApp;
let browser: LaunchedBrowser;

before(async () => {
  t = await startTestApp();
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await t?.close();
});

for (const width of [1366, 360]) {
  test(`${width} px: the people import's file picker in Vietnamese, a chosen file named, a refused file explained`, async () => {
    const page = await signIn(browser, t.base, 'quantri', DEMO_PASSWORD, width);
    await page.goto('/app/people/import');
    const names = page.locator('#f-file-names');
    assert.equal((await names.textContent())?.trim(), 'Chưa chọn tệp');
    assert.ok(await page.getByText('Chọn tệp', { exact: true }).isVisible());
    await page.screenshot({ path: `${SHOTS}/picker-empty-${width}.png`, fullPage: true });
    await page.setInputFiles('#f-file', { name: 'danh-sach-sai.csv', mimeType: 'text/csv', buffer: Buffer.from('Tên,Tuổi\r\nAn,30\r\n') });
    assert.equal((await names.textContent())?.trim(), 'danh-sach-sai.csv');
    await page.screenshot({ path: `${SHOTS}/picker-chosen-${width}.png`, fullPage: true });
    // The upload form sends by XHR and swaps the refusal page in place (no navigation): wait for it.
    await page.locator('form[enctype="multipart/form-data"] button[type="submit"]').first().click();
    await page.getByText(/thiếu cột bắt buộc/).first().waitFor();
    assert.match(await page.content(), /thiếu cột bắt buộc/);
    await page.screenshot({ path: `${SHOTS}/picker-refused-${width}.png`, fullPage: true });
    assert.deepEqual(await overflowing(page), []);
    assert.deepEqual(await seriousAxe(page), []);
    await page.context().close();
  });

  test(`${width} px: an empty required field is sent and refused by the server in Vietnamese`, async () => {
    const page = await signIn(browser, t.base, 'quantri', DEMO_PASSWORD, width);
    await page.goto('/app/people/new');
    await clickAndLoad(page, page.locator('form[method="post"] button[type="submit"]').last());
    const html = await page.content();
    assert.match(html, /Thiếu Họ và tên\./);
    await page.screenshot({ path: `${SHOTS}/refused-person-${width}.png`, fullPage: true });
    assert.deepEqual(await overflowing(page), []);
    await page.context().close();
  });
}
