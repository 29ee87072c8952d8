// Look and feel (DESIGN §7–8): the working app's pages at office width (1280 px) and phone width
// (360 px): no serious or critical axe violations, nothing wider than the phone, tables turned into
// labelled cards, 44 px touch targets, a print stylesheet without navigation or forms, and the two
// enhancements of app.js working under the strict CSP. Screenshots land in test-output/screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser, overflowing, screenshotPath, seriousAxe, type LaunchedBrowser } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';

// script-src 'self' refuses injected <script> tags; evaluate() runs axe's source all the same.

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

async function login(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/app$/);
}


/**
 * The pages of the brief (login, dashboard, list, detail, form with errors, 404) at the page's width:
 * a screenshot of each, and the problems found by axe, by the overflow check and by `more`.
 */
async function visit(page: Page, width: number, more: (name: string) => Promise<string[]>): Promise<string[]> {
  const problems: string[] = [];
  const each = async (name: string) => {
    await page.screenshot({ path: screenshotPath(`screens-${name}-${width}`), fullPage: true });
    for (const v of await seriousAxe(page)) problems.push(`${name}: ${v}`);
    for (const o of await overflowing(page)) problems.push(`${name}: overflows: ${o}`);
    for (const m of await more(name)) problems.push(`${name}: ${m}`);
  };
  await page.goto('/login');
  await each('login');
  await login(page, 'vanphong');
  await each('app');
  await page.goto('/app/people');
  await each('people');
  await page.goto('/app/people?q=duong+ngoc+dung');
  await page.locator('table.grid tbody a').first().click();
  await page.getByRole('heading', { level: 1, name: 'Dương Ngọc Dũng' }).waitFor();
  await each('person');
  await page.goto('/app/people/new');
  await page.locator('form.form').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Thông tin chưa hợp lệ').first().waitFor();
  await each('person-new-errors');
  const res = await page.goto('/app/khong-co');
  assert.equal(res?.status(), 404);
  await each('404');
  return problems;
}

test('office width: no serious axe violations, dense table with a sticky header row', async () => {
  const page = await browser.newPage({ baseURL: t.base, width: 1280, height: 800 });
  const problems = await visit(page, 1280, async (name) => {
    if (name === 'people') {
      const th = await page.locator('table.grid thead th').first().evaluate((el) => ({ position: getComputedStyle(el).position, display: getComputedStyle(el.closest('table')!).display }));
      assert.deepEqual(th, { position: 'sticky', display: 'table' });
      const masthead = await page.locator('.masthead').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(masthead, 'rgb(165, 29, 29)');
    }
    return [];
  });
  assert.deepEqual(problems, []);
});

test('phone width: no sideways overflow, tables become labelled cards, 44 px touch targets', async () => {
  const page = await browser.newPage({ baseURL: t.base, width: 360, height: 740 });
  // Touch targets under 44 px high.
  const problems = await visit(page, 360, () =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll('main button, main .button, main input:not([type=hidden]):not([type=checkbox]), main select, .mainnav a, .mainnav summary, .masthead-tools a'))
        .filter((el) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().height < 43.5)
        .map((el) => `small target ${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim()}" ${Math.round(el.getBoundingClientRect().height)}px`),
    ),
  );
  assert.deepEqual(problems, []);

  await page.goto('/app/people');
  const cell = await page.locator('table.grid tbody td[data-label]').first().evaluate((td) => ({
    label: td.getAttribute('data-label'),
    before: getComputedStyle(td, '::before').content,
    row: getComputedStyle(td.parentElement!).display,
    head: td.closest('table')!.querySelector('thead')!.getBoundingClientRect().height,
  }));
  assert.equal(cell.before, `"${cell.label}"`);
  assert.equal(cell.row, 'block');
  assert.ok(cell.head <= 1, 'the header row is visually hidden on a phone');
  // The menu bar folds into a <details> that names the current page; the "sắp có" entries stay off it.
  const nav = page.getByRole('navigation', { name: 'Danh mục' });
  assert.equal(await nav.locator('.nav-bar').isVisible(), false);
  assert.match(await nav.locator('.nav-menu summary').innerText(), /^Danh mục\s*Cán bộ, hội viên$/);
  await nav.locator('.nav-menu summary').click();
  const link = nav.getByRole('link', { name: 'Tổ chức' });
  assert.ok(await link.isVisible());
  assert.ok((await link.boundingBox())!.height >= 44);
  assert.equal(await nav.locator('.nav-menu .soon').count(), 0);
});

test('print: no navigation, filters or buttons; the list table at full width', async () => {
  const page = await browser.newPage({ baseURL: t.base, width: 794, height: 1123 });
  await login(page, 'vanphong');
  await page.goto('/app/people');
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: screenshotPath('screens-people-print'), fullPage: true });
  for (const sel of ['.mainnav', 'form.filters', '.page-head .button', '.masthead-tools', '.pager a']) {
    assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} is hidden in print`);
  }
  const widths = await page.evaluate(() => ({ table: document.querySelector('table.grid')!.getBoundingClientRect().width, body: document.body.getBoundingClientRect().width }));
  assert.ok(widths.table >= widths.body - 1, `table ${widths.table}px spans the page ${widths.body}px`);
  assert.ok(await page.getByRole('heading', { level: 1, name: 'Cán bộ, hội viên' }).isVisible());
});

test('app.js under the CSP: the ward switch submits itself; data-confirm asks first', async () => {
  const page = await browser.newPage({ baseURL: t.base });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(m.text());
  });
  await login(page, 'thanhpho'); // a viewer of two wards
  assert.equal(await page.locator('.ward-name').innerText(), 'Phường Đồng Tâm');
  await Promise.all([page.waitForURL(/\/app$/), page.waitForEvent('load'), page.locator('#ward-select').selectOption({ label: 'Phường Vĩnh Tuy' })]);
  assert.equal(await page.locator('.ward-name').innerText(), 'Phường Vĩnh Tuy');

  await page.goto('/app/people');
  await page.locator('form.filters').evaluate((f) => f.setAttribute('data-confirm', 'Lọc danh sách?'));
  await page.getByLabel('Tìm kiếm').fill('an');
  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  // A listener after app.js's: it hears the submit only if app.js let it through.
  await page.evaluate(() => {
    const w = window as unknown as { marker: string; reached: boolean };
    w.marker = 'same page';
    w.reached = false;
    window.addEventListener('submit', () => (w.reached = true));
  });
  await page.getByRole('button', { name: 'Lọc' }).click();
  const state = await page.evaluate(() => {
    const w = window as unknown as { marker?: string; reached?: boolean };
    return { marker: w.marker, reached: w.reached };
  });
  assert.deepEqual(state, { marker: 'same page', reached: false }, 'a dismissed confirm does not submit');
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.accept();
  });
  await Promise.all([page.waitForURL(/q=an/), page.getByRole('button', { name: 'Lọc' }).click()]);
  assert.deepEqual(asked, ['Lọc danh sách?', 'Lọc danh sách?']);
  assert.deepEqual(errors, []);
});

// Every page the journeys above loaded, checked by axe as it loaded (test/support/browser.ts).
test('axe: no serious or critical violation on any page this file visited', async () => {
  assert.deepEqual(await browser.axeProblems(), []);
});
