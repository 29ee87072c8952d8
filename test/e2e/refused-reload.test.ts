// Browser journey (issue 11 item 5, D64): a refused form leaves its action address in the bar;
// a reload asks by GET (never re-sends the form) and lands on the page the form belongs to, and
// opening that address again is never a 404. The refused answer keeps what was typed and says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, Request } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { clickAndLoad, launchBrowser, signIn, type LaunchedBrowser } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import type { Actor } from '../../src/platform/actor.ts';
import * as prog from '../../src/features/programmes/service.ts';
import { taskPlan } from '../../src/features/programmes/schema.ts';

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

/** The methods of the page's main-frame navigations from now on. */
function navigations(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r: Request) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) seen.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  return seen;
}

test('a refused task submit and a refused new task: the typed values and the reason shown (4xx), a reload asks by GET and lands on the item', async () => {
  const u = await t.db.selectFrom('app_user').select(['id', 'display_name']).where('username', '=', 'phunu').executeTakeFirstOrThrow();
  const pn = (await t.db.selectFrom('organization').select('id').where('ward_id', '=', t.wardA).where('short_name', '=', 'Hội LHPN').executeTakeFirstOrThrow()).id;
  const head: Actor = { userId: u.id, label: u.display_name, wardId: t.wardA, roles: new Set(['org_head']), headOf: [pn], memberOf: [], ip: '127.0.0.1' };
  const pid = await prog.createProgramme(t.db, head, { org_id: pn, year: 2018, title: 'Chương trình thử trình duyệt', source_ids: [] });
  // A task with only its title: not six-clear, so its submit is refused.
  const tid = await prog.createTask(t.db, head, pid, taskPlan({ title: 'Nhiệm vụ còn thiếu', lead_org_id: pn }));

  const page = await signIn(browser, t.base, 'phunu', DEMO_PASSWORD);
  await page.goto(`/app/tasks/${tid}`);
  const nav = navigations(page);
  const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), clickAndLoad(page, page.getByRole('button', { name: 'Trình duyệt nhiệm vụ' }))]);
  assert.ok(answer.status() >= 400 && answer.status() < 500, `refused submit answered ${answer.status()}`);
  assert.equal(new URL(page.url()).pathname, `/app/tasks/${tid}/submit`);
  await page.getByRole('alert').first().waitFor();

  // A reload asks by GET and lands on the task's page (no resubmission, no 404).
  const reloaded = await page.reload();
  assert.equal(new URL(page.url()).pathname, `/app/tasks/${tid}`);
  assert.equal(reloaded?.status(), 200);
  assert.deepEqual(nav.slice(-2), [`GET /app/tasks/${tid}/submit`, `GET /app/tasks/${tid}`]);
  await page.getByRole('heading', { name: 'Nhiệm vụ còn thiếu' }).first().waitFor();

  // Opening the address again (a copied link) is the task's page too.
  const opened = await page.goto(`/app/tasks/${tid}/submit`);
  assert.equal(opened?.status(), 200);
  assert.equal(new URL(page.url()).pathname, `/app/tasks/${tid}`);

  // "Lưu" on a new task with no title: 400, the description typed is kept, the summary says why.
  await page.goto(`/app/programmes/${pid}/tasks/new`);
  await page.locator('[name="description"]').fill('Mô tả đã gõ');
  const [saved] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), clickAndLoad(page, page.getByRole('button', { name: 'Lưu', exact: true }))]);
  assert.equal(saved.status(), 400);
  assert.equal(new URL(page.url()).pathname, `/app/programmes/${pid}/tasks`);
  assert.equal(await page.locator('[name="description"]').inputValue(), 'Mô tả đã gõ');
  assert.ok((await page.locator('.error-summary li').count()) > 0);
  const again = await page.reload();
  assert.equal(again?.status(), 200);
  assert.equal(new URL(page.url()).pathname, `/app/programmes/${pid}`);
  assert.equal(nav.filter((n) => n.startsWith('POST')).length, 2, nav.join(', '));
  assert.deepEqual(await browser.axeProblems(), []);
});
